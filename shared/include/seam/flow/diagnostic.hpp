// shared/include/seam/flow/diagnostic.hpp — one problem found in a flow file, located precisely.
#pragma once

#include <string>

namespace seam::flow {

struct Diagnostic {
    std::string id;       //!< stable: seam.flow.unknown_step, seam.flow.schema, ...
    std::string file;     //!< the flow file as named by the caller
    std::string pointer;  //!< JSON pointer (RFC 6901) into the file: "/steps/3/next"
    std::string message;  //!< what is wrong and how to fix it

    //! "file#/steps/3/next: [seam.flow.unknown_step] message"
    std::string ToString() const { return file + "#" + pointer + ": [" + id + "] " + message; }
};

}  // namespace seam::flow

// shared/include/seam/flow/parse.hpp — flow files to Flow values, with every schema problem
// reported at its JSON pointer (seam.flow.json, seam.flow.schema). Never crashes on bad input.
#pragma once

#include <string_view>
#include <vector>

#include "seam/flow/diagnostic.hpp"
#include "seam/flow/flow.hpp"

namespace seam::flow {

//! Parses one flow file into `out`. Returns false (and appends diagnostics) when the file is not
//! a usable flow; structural problems inside steps are reported and the step is still kept so
//! the checker can report more.
bool ParseFlow(std::string_view json_text, std::string_view source, Flow& out,
               std::vector<Diagnostic>& diagnostics);

}  // namespace seam::flow

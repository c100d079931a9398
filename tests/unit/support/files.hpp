// tests/unit/support/files.hpp — reading repository files from tests (natively and under node,
// where the WASM test binary has direct file access through NODERAWFS). Tests may do I/O; the
// core may not.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#ifndef SEAM_SOURCE_DIR
#error "SEAM_SOURCE_DIR must be defined by tests/CMakeLists.txt"
#endif

namespace seam::testing {

//! Absolute path of `relative` inside the source tree.
inline std::string SourcePath(const std::string& relative) {
    return std::string(SEAM_SOURCE_DIR) + "/" + relative;
}

//! The whole file, or an empty string with ok=false when it cannot be read.
inline std::string ReadFile(const std::string& path, bool* ok = nullptr) {
    std::ifstream in(path, std::ios::binary);
    if (ok) *ok = static_cast<bool>(in);
    if (!in) return {};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace seam::testing

// shared/include/seam/core/version.hpp — the version of Seam, one source of truth (CMake
// project()).
#pragma once

#include <string_view>

namespace seam {

//! Semantic version of this build, e.g. "0.1.0".
std::string_view Version();

//! "g++ 12.2.0", "em++ (clang 14)": which toolchain compiled the core (helps compare targets).
std::string_view CompilerName();

}  // namespace seam

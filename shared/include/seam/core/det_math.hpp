// shared/include/seam/core/det_math.hpp — exp and log that give the same bits in every build.
// glibc (native) and Emscripten's libc implement std::exp/std::log differently in the last ulp;
// a model trained natively and in WASM must come out identical, so training and scoring use these.
// Only + - * / and exact scaling (ldexp/frexp) are used, all exactly specified by IEEE 754.
#pragma once

namespace seam {

//! e^x, relative error below 2e-16 over the double range; 0 below -745, +inf above 709.8.
double DetExp(double x);

//! Natural logarithm for x > 0 (relative error below 2e-16); -inf at 0, NaN below 0.
double DetLog(double x);

}  // namespace seam

// shared/src/core/det_math.cpp — range reduction + polynomials; see det_math.hpp for why.
#include "seam/core/det_math.hpp"

#include <cmath>
#include <limits>

namespace seam {

namespace {

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // high bits of ln 2 (exact in 32 bits)
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 - kLn2Hi
constexpr double kInvLn2 = 1.44269504088896338700e+00;

}  // namespace

double DetExp(double x) {
    if (x != x) return x;  // NaN
    if (x > 709.78) return std::numeric_limits<double>::infinity();
    if (x < -745.2) return 0.0;
    // x = k ln2 + r, |r| <= ln2/2; e^r by its Taylor series to degree 13 (error < 1e-17).
    const double kd = x * kInvLn2;
    const int k = static_cast<int>(kd < 0 ? kd - 0.5 : kd + 0.5);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;
    double term = 1.0;
    double sum = 1.0;
    for (int n = 1; n <= 13; ++n) {
        term = term * r / n;
        sum += term;
    }
    return std::ldexp(sum, k);
}

double DetLog(double x) {
    if (x != x || x < 0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return -std::numeric_limits<double>::infinity();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // x = m * 2^e, m in [0.5, 1)
    if (m < 0.70710678118654752440) {
        m *= 2;
        --e;
    }
    // log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716: the odd series converges fast.
    const double s = (m - 1) / (m + 1);
    const double s2 = s * s;
    double term = s;
    double sum = 0;
    for (int n = 1; n <= 41; n += 2) {
        sum += term / n;
        term *= s2;
    }
    return 2 * sum + e * kLn2Hi + e * kLn2Lo;
}

}  // namespace seam

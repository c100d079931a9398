// tests/unit/core/test_det_math.cpp — deterministic exp/log agree with the C library to ~1 ulp.
#include <doctest/doctest.h>

#include <cmath>

#include "seam/core/det_math.hpp"

TEST_CASE("det_math: DetExp and DetLog match std::exp and std::log closely") {
    double worst_exp = 0;
    double worst_log = 0;
    for (int i = -7000; i <= 7000; ++i) {
        const double x = i * 0.1;
        const double e = std::exp(x);
        if (e > 0 && std::isfinite(e))
            worst_exp = std::max(worst_exp, std::fabs(seam::DetExp(x) - e) / e);
    }
    for (int i = 1; i <= 20000; ++i) {
        const double x = i * 0.37;
        const double l = std::log(x);
        if (l != 0) worst_log = std::max(worst_log, std::fabs(seam::DetLog(x) - l) / std::fabs(l));
    }
    CHECK(worst_exp < 1e-14);
    CHECK(worst_log < 1e-14);
    CHECK(seam::DetExp(0) == 1.0);
    CHECK(seam::DetLog(1) == 0.0);
    CHECK(seam::DetExp(-1000) == 0.0);
    CHECK(std::isinf(seam::DetExp(1000)));
    CHECK(std::isinf(seam::DetLog(0)));
    CHECK(std::isnan(seam::DetLog(-1)));
}

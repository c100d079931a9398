// tests/unit/support/check.hpp — assertions for property loops.
// The suite is built without exceptions, where doctest's REQUIRE cannot leave a test case; in a
// loop over thousands of generated inputs, SEAM_CHECK_OR_BREAK reports the first failure (with
// whatever CAPTURE holds) and leaves the loop instead of reporting every later one.
#pragma once

#include <doctest/doctest.h>

#define SEAM_CHECK_OR_BREAK(...) \
    if (!(__VA_ARGS__)) {        \
        CHECK(__VA_ARGS__);      \
        break;                   \
    }

// Outside loops: report the failure and leave the test case (what REQUIRE would do with
// exceptions), so later lines never touch what the failed condition guards.
#define SEAM_REQUIRE_OR_RETURN(...) \
    if (!(__VA_ARGS__)) {           \
        CHECK(__VA_ARGS__);         \
        return;                     \
    }

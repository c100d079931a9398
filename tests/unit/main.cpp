// tests/unit/main.cpp — doctest's main for the unit suite (native and WASM under node).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

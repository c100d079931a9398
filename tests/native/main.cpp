// tests/native/main.cpp — doctest's main for the backend suite (native only).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

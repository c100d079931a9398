// tests/unit/core/test_hash.cpp — hashes are stable values (they are stored in model files).
#include <doctest/doctest.h>

#include "seam/core/hash.hpp"

TEST_CASE("hash: FNV-1a 64 and CRC-32 known answers") {
    CHECK(seam::Fnv1a64("") == 0xcbf29ce484222325ull);
    CHECK(seam::Fnv1a64("a") == 0xaf63dc4c8601ec8cull);
    CHECK(seam::Fnv1a64("foobar") == 0x85944171f73967e8ull);
    CHECK(seam::Crc32("") == 0u);
    CHECK(seam::Crc32("123456789") == 0xCBF43926u);
    CHECK(seam::Crc32("56789", seam::Crc32("1234")) == 0xCBF43926u);
    CHECK(seam::Mix64(0) == 0u);
    CHECK(seam::Mix64(1) != seam::Mix64(2));
}

// shared/include/seam/core/hash.hpp — deterministic hashing, identical in every build.
// std::hash differs between libstdc++ (native) and libc++ (Emscripten); anything that is stored,
// compared across targets or decides an order must use these instead.
#pragma once

#include <cstdint>
#include <string_view>

namespace seam {

//! 64-bit FNV-1a of `bytes`, continuing from `seed` (default: the FNV offset basis).
constexpr std::uint64_t Fnv1a64(std::string_view bytes,
                                std::uint64_t seed = 0xcbf29ce484222325ull) {
    std::uint64_t h = seed;
    for (char c : bytes) {
        h ^= static_cast<std::uint8_t>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

//! A strong 64-bit mix (splitmix64 finaliser): spreads FNV's low bits for bucket selection.
constexpr std::uint64_t Mix64(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

//! CRC-32 (IEEE 802.3, reflected, as zlib/PNG) of `bytes`, continuing from `crc`.
std::uint32_t Crc32(std::string_view bytes, std::uint32_t crc = 0);

}  // namespace seam

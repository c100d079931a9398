// tests/unit/support/fuzz_bytes.hpp — deterministic pseudo-random byte strings for property tests.
// A fixed-seed generator (not <random>'s engines, whose distributions differ between standard
// libraries) so native and WASM runs see exactly the same inputs.
#pragma once

#include <cstdint>
#include <string>

namespace seam::testing {

class FuzzBytes {
  public:
    explicit FuzzBytes(std::uint64_t seed) : state_(seed ? seed : 0x9E3779B97F4A7C15ull) {}

    std::uint64_t Next() {  // xorshift64*
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 0x2545F4914F6CDD1Dull;
    }

    //! A string of `length` bytes biased towards UTF-8 lead and continuation bytes.
    std::string Bytes(std::size_t length) {
        static constexpr unsigned char kInteresting[] = {
            0x00, 0x20, 'a',  'Z',  '\'', '.',  ',',  '1',  0x7F, 0x80, 0x8F, 0x9F, 0xA0, 0xBF,
            0xC0, 0xC1, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
        std::string s;
        s.reserve(length);
        for (std::size_t i = 0; i < length; ++i) {
            const std::uint64_t r = Next();
            if (r % 3 == 0) {
                s.push_back(static_cast<char>(kInteresting[(r >> 8) % sizeof(kInteresting)]));
            } else {
                s.push_back(static_cast<char>((r >> 16) & 0xFF));
            }
        }
        return s;
    }

  private:
    std::uint64_t state_;
};

}  // namespace seam::testing

// native/identity/sha256.hpp — SHA-256 (FIPS 180-4), the hash under every signature seamd makes
// or checks. Small and dependency-free; tested against the NIST examples.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace seam::identity {

using Digest = std::array<std::uint8_t, 32>;

//! Incremental hashing: Update() any number of times, then Finish() once.
class Sha256 {
  public:
    Sha256();
    void Update(std::string_view bytes);
    Digest Finish();

  private:
    void Block(const std::uint8_t* block);
    std::array<std::uint32_t, 8> h_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;  //!< bytes hashed so far
};

Digest Sha256Of(std::string_view bytes);

//! Lower-case hex of `bytes`.
std::string Hex(std::string_view bytes);
std::string Hex(const Digest& digest);

//! Hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace seam::identity

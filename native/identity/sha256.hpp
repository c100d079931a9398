// native/identity/sha256.hpp — SHA-256 (FIPS 180-4), the hash under every signature seamd makes
// or checks: libsodium's crypto_hash_sha256 behind a small incremental interface.
#pragma once

#include <sodium.h>

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
    crypto_hash_sha256_state state_;
};

Digest Sha256Of(std::string_view bytes);

//! Lower-case hex of `bytes`.
std::string Hex(std::string_view bytes);
std::string Hex(const Digest& digest);

//! Hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace seam::identity

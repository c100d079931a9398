// native/identity/hmac.hpp — HMAC-SHA256 (RFC 2104) and a constant-time comparison, for
// identity tokens, user_hash, webhook and inbound-channel signatures.
#pragma once

#include <string>
#include <string_view>

#include "identity/sha256.hpp"

namespace seam::identity {

Digest HmacSha256(std::string_view key, std::string_view message);
std::string HmacSha256Hex(std::string_view key, std::string_view message);

//! True when `a` and `b` are equal; the time taken depends only on their lengths, never on
//! where they differ (so a forger learns nothing from timing).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace seam::identity

// native/identity/hmac.hpp — HMAC-SHA256 (RFC 2104, libsodium's crypto_auth_hmacsha256), a
// constant-time comparison, and one key per purpose derived from a configured secret, for
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

//! The key for one `purpose` ("identity-token", "user-hash", "inbound-signature", ...) derived
//! from `secret`: lower-case hex of HMAC-SHA256(key = secret, message = "seam/v1/" + purpose)
//! (an HKDF-Expand step with one block). The 64 hex characters are the key, as text: a site's
//! own server computes the same line in any language. A key leaked for one purpose (say
//! user_hash, pasted into a page) forges nothing for another.
std::string DeriveKey(std::string_view secret, std::string_view purpose);

}  // namespace seam::identity

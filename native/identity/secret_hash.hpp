// native/identity/secret_hash.hpp — stored agent secrets (PBKDF2-HMAC-SHA256 with a salt, never
// the secret itself) and random tokens from the operating system.
#pragma once

#include <string>
#include <string_view>

namespace seam::identity {

//! "pbkdf2-sha256$<iterations>$<salt>$<hex>" for `secret`.
std::string HashSecret(std::string_view secret, std::string_view salt, int iterations = 20000);

//! True when `secret` matches `stored` (a HashSecret string); constant time in the comparison.
bool VerifySecret(std::string_view secret, std::string_view stored);

//! `bytes` random bytes from the OS (RandomBytes), base64url (no padding).
std::string RandomToken(int bytes);

}  // namespace seam::identity

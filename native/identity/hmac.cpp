// native/identity/hmac.cpp — HMAC-SHA256 over libsodium (see hmac.hpp).
#include "identity/hmac.hpp"

#include "identity/random.hpp"

namespace seam::identity {

Digest HmacSha256(std::string_view key, std::string_view message) {
    EnsureSodium();
    // The _init/_update/_final form takes a key of any length (RFC 2104: longer keys hashed).
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    Digest out{};
    crypto_auth_hmacsha256_final(&state, out.data());
    sodium_memzero(&state, sizeof state);
    return out;
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
    return Hex(HmacSha256(key, message));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    EnsureSodium();
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string DeriveKey(std::string_view secret, std::string_view purpose) {
    return HmacSha256Hex(secret, "seam/v1/" + std::string(purpose));
}

}  // namespace seam::identity

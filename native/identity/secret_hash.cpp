// native/identity/secret_hash.cpp — salted secret hashes and random tokens (see secret_hash.hpp).
#include "identity/secret_hash.hpp"

#include <cstdlib>
#include <string>
#include <vector>

#include "identity/base64url.hpp"
#include "identity/hmac.hpp"
#include "identity/random.hpp"

namespace seam::identity {

namespace {

// PBKDF2 (RFC 8018) with HMAC-SHA256, one 32-byte block.
std::string Pbkdf2(std::string_view secret, std::string_view salt, int iterations) {
    std::string first(salt);
    first += std::string("\0\0\0\1", 4);
    Digest u = HmacSha256(secret, first);
    Digest t = u;
    for (int i = 1; i < iterations; ++i) {
        u = HmacSha256(secret, std::string_view(reinterpret_cast<const char*>(u.data()), u.size()));
        for (std::size_t k = 0; k < t.size(); ++k)
            t[k] ^= u[k];
    }
    return Hex(t);
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

}  // namespace

std::string HashSecret(std::string_view secret, std::string_view salt, int iterations) {
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + std::string(salt) + "$" +
           Pbkdf2(secret, salt, iterations);
}

bool VerifySecret(std::string_view secret, std::string_view stored) {
    const auto parts = Split(stored, '$');
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
    const int iterations = std::atoi(std::string(parts[1]).c_str());
    if (iterations < 1 || iterations > 10000000) return false;
    return ConstantTimeEquals(Pbkdf2(secret, parts[2], iterations), parts[3]);
}

std::string RandomToken(int bytes) {
    std::string raw(static_cast<std::size_t>(bytes), '\0');
    RandomBytes(raw.data(), raw.size());
    return Base64UrlEncode(raw);
}

}  // namespace seam::identity

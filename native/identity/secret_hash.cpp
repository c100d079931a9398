// native/identity/secret_hash.cpp — Argon2id agent secrets (see secret_hash.hpp).
#include "identity/secret_hash.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "identity/base64url.hpp"
#include "identity/hmac.hpp"
#include "identity/random.hpp"

namespace seam::identity {

namespace {

// OWASP Password Storage Cheat Sheet (2023): Argon2id, m = 19 MiB, t = 2, p = 1.
constexpr unsigned long long kOps = 2;
constexpr std::size_t kMemory = 19u * 1024u * 1024u;
constexpr std::string_view kLegacy = "pbkdf2-sha256$";
constexpr std::string_view kWrapped = "argon2id+pbkdf2-sha256$";

// PBKDF2 iterations the older stores used (the pre-Argon2 default). Every verification runs at
// least this many, whatever the stored format or an unknown login: a wrapped legacy hash costs
// PBKDF2 + Argon2id, so every other path pays the same PBKDF2 on top of its Argon2id.
constexpr int kLegacyIterations = 20000;

std::atomic<std::uint64_t> g_verifications{0};
std::atomic<std::uint64_t> g_pbkdf2_iterations{0};

std::string Argon2id(std::string_view secret) {
    EnsureSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, secret.data(), secret.size(), kOps, kMemory,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        std::abort();  // out of memory: a server that cannot hash cannot sign anyone in
    }
    return out;
}

bool Argon2idVerify(std::string_view secret, const std::string& stored) {
    EnsureSodium();
    ++g_verifications;
    return crypto_pwhash_str_verify(stored.c_str(), secret.data(), secret.size()) == 0;
}

const std::string& Dummy() {
    static const std::string dummy = Argon2id(RandomToken(16));
    return dummy;
}

std::string Pbkdf2Hex(std::string_view secret, std::string_view salt, int iterations) {
    g_pbkdf2_iterations += static_cast<std::uint64_t>(iterations);
    unsigned char out[32];
    if (PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out,
                          out) != 1) {
        std::abort();
    }
    return Hex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

//! "<iterations>$<salt>$<rest>" after a prefix: false when malformed.
bool SplitLegacy(std::string_view body, int& iterations, std::string_view& salt,
                 std::string_view& rest) {
    const auto a = body.find('$');
    if (a == std::string_view::npos) return false;
    const auto b = body.find('$', a + 1);
    if (b == std::string_view::npos) return false;
    const std::string digits(body.substr(0, a));
    if (digits.empty() || digits.size() > 8 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    iterations = std::atoi(digits.c_str());
    if (iterations < 1 || iterations > 10000000) return false;
    salt = body.substr(a + 1, b - a - 1);
    rest = body.substr(b + 1);
    return true;
}

//! PBKDF2 work thrown away, so that a path that ran `done` iterations has run kLegacyIterations.
void PadPbkdf2(std::string_view secret, int done) {
    if (done < kLegacyIterations) Pbkdf2Hex(secret, "seam-dummy-salt", kLegacyIterations - done);
}

}  // namespace

std::string HashSecret(std::string_view secret) {
    return Argon2id(secret);
}

bool VerifySecret(std::string_view secret, std::string_view stored) {
    int iterations = 0;
    std::string_view salt, rest;
    if (stored.rfind("$argon2id$", 0) == 0) {
        PadPbkdf2(secret, 0);
        return Argon2idVerify(secret, std::string(stored));
    }
    if (stored.rfind(kWrapped, 0) == 0 &&
        SplitLegacy(stored.substr(kWrapped.size()), iterations, salt, rest)) {
        const std::string inner = Pbkdf2Hex(secret, salt, iterations);
        PadPbkdf2(secret, iterations);
        return Argon2idVerify(inner, std::string(rest));
    }
    if (stored.rfind(kLegacy, 0) == 0 &&
        SplitLegacy(stored.substr(kLegacy.size()), iterations, salt, rest)) {
        // Not upgraded yet (App::Open wraps these at start): still as slow as the others.
        const bool match = ConstantTimeEquals(Pbkdf2Hex(secret, salt, iterations), rest);
        PadPbkdf2(secret, iterations);
        Argon2idVerify(secret, Dummy());
        return match;
    }
    VerifyAgainstDummy(secret);
    return false;
}

void VerifyAgainstDummy(std::string_view secret) {
    PadPbkdf2(secret, 0);
    Argon2idVerify(secret, Dummy());
}

bool NeedsRehash(std::string_view stored) {
    if (stored.rfind("$argon2id$", 0) != 0) return true;
    EnsureSodium();
    return crypto_pwhash_str_needs_rehash(std::string(stored).c_str(), kOps, kMemory) != 0;
}

std::string UpgradeLegacyHash(std::string_view stored) {
    int iterations = 0;
    std::string_view salt, rest;
    if (stored.rfind(kLegacy, 0) != 0 ||
        !SplitLegacy(stored.substr(kLegacy.size()), iterations, salt, rest)) {
        return {};
    }
    return std::string(kWrapped) + std::to_string(iterations) + "$" + std::string(salt) + "$" +
           Argon2id(rest);
}

std::string LegacyPbkdf2Hash(std::string_view secret, std::string_view salt, int iterations) {
    return std::string(kLegacy) + std::to_string(iterations) + "$" + std::string(salt) + "$" +
           Pbkdf2Hex(secret, salt, iterations);
}

std::uint64_t SecretVerifications() {
    return g_verifications.load();
}

std::uint64_t SecretPbkdf2Iterations() {
    return g_pbkdf2_iterations.load();
}

std::string RandomToken(int bytes) {
    std::string raw(static_cast<std::size_t>(bytes), '\0');
    RandomBytes(raw.data(), raw.size());
    return Base64UrlEncode(raw);
}

}  // namespace seam::identity

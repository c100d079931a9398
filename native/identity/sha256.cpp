// native/identity/sha256.cpp — SHA-256 over libsodium (see sha256.hpp).
#include "identity/sha256.hpp"

#include "identity/random.hpp"

namespace seam::identity {

Sha256::Sha256() {
    EnsureSodium();
    crypto_hash_sha256_init(&state_);
}

void Sha256::Update(std::string_view bytes) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
}

Digest Sha256::Finish() {
    Digest d{};
    crypto_hash_sha256_final(&state_, d.data());
    return d;
}

Digest Sha256Of(std::string_view bytes) {
    Sha256 h;
    h.Update(bytes);
    return h.Finish();
}

std::string Hex(std::string_view bytes) {
    static const char* const kHex = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    return out;
}

std::string Hex(const Digest& digest) {
    return Hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string Sha256Hex(std::string_view bytes) {
    return Hex(Sha256Of(bytes));
}

}  // namespace seam::identity

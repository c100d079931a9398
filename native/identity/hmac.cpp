// native/identity/hmac.cpp — HMAC-SHA256 (see hmac.hpp).
#include "identity/hmac.hpp"

namespace seam::identity {

Digest HmacSha256(std::string_view key, std::string_view message) {
    std::string block(64, '\0');
    if (key.size() > 64) {
        const Digest d = Sha256Of(key);
        block.replace(0, d.size(), reinterpret_cast<const char*>(d.data()), d.size());
    } else {
        block.replace(0, key.size(), key.data(), key.size());
    }
    std::string inner_pad = block, outer_pad = block;
    for (std::size_t i = 0; i < 64; ++i) {
        inner_pad[i] = static_cast<char>(inner_pad[i] ^ 0x36);
        outer_pad[i] = static_cast<char>(outer_pad[i] ^ 0x5c);
    }
    Sha256 inner;
    inner.Update(inner_pad);
    inner.Update(message);
    const Digest inner_digest = inner.Finish();
    Sha256 outer;
    outer.Update(outer_pad);
    outer.Update(
        std::string_view(reinterpret_cast<const char*>(inner_digest.data()), inner_digest.size()));
    return outer.Finish();
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
    return Hex(HmacSha256(key, message));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace seam::identity

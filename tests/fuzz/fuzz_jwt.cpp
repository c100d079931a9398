// tests/fuzz/fuzz_jwt.cpp — JWT verification (native/identity/jwt.hpp): the identity proofs a
// business's page sends and seamd's own session tokens, from anyone on the internet.
//
// Input: a token ("header.payload.signature"), verified as it is. Then, so the fuzzer also
// reaches what lies behind the signature check (claims, expiry, not-before), the input read as
// JSON claims, signed with the secret (SignJwt) and verified. Also base64url itself: decoding
// what was encoded gives the bytes back, and every text has one decoding.
// Only the public API of identity/ is used (jwt.hpp, base64url.hpp), so the harness does not
// care how HMAC-SHA256 is computed behind it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "identity/base64url.hpp"
#include "identity/jwt.hpp"

namespace {

constexpr std::string_view kSecret = "fuzz-site-secret";
constexpr std::int64_t kNow = 1795000000;  // 2026-11-18

void Verify(std::string_view token) {
    seam::Result<nlohmann::json> claims = seam::identity::VerifyJwt(token, kSecret, kNow);
    if (!claims) {
        SEAM_FUZZ_CHECK(claims.error().id.rfind("seam.identity.", 0) == 0,
                        "a refused token names a seam.identity error");
        return;
    }
    SEAM_FUZZ_CHECK(claims->is_object() && (*claims)["exp"].is_number(),
                    "accepted claims are an object with an expiry");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    Verify(input);

    const std::string encoded = seam::identity::Base64UrlEncode(input);
    const auto decoded = seam::identity::Base64UrlDecode(encoded);
    SEAM_FUZZ_CHECK(decoded && *decoded == input, "base64url decodes what it encodes");
    if (const auto raw = seam::identity::Base64UrlDecode(input)) {
        SEAM_FUZZ_CHECK(seam::identity::Base64UrlEncode(*raw) == input,
                        "one text per decoding (no malleable tokens)");
    }

    const nlohmann::json claims = nlohmann::json::parse(input, nullptr, false);
    if (!claims.is_discarded()) Verify(seam::identity::SignJwt(claims, kSecret));
    return 0;
}

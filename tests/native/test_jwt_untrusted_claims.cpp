// tests/native/test_jwt_untrusted_claims.cpp — issue 17: what tests/fuzz/fuzz_jwt found in JWT
// verification, kept as data. Header and claims come from anyone who can reach POST /v1/sessions;
// reading them must never throw (seamd answered 500, a host without exceptions would abort) nor
// run into undefined behaviour (UBSan: float-to-integer overflow, signed overflow).
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "identity/base64url.hpp"
#include "identity/jwt.hpp"

using namespace seam::identity;
using nlohmann::json;

namespace {

constexpr const char* kSecret = "fuzz-site-secret";
constexpr std::int64_t kNow = 1795000000;

//! The error id of verifying `token` now, or "ok".
std::string Outcome(const std::string& token, std::int64_t now = kNow) {
    auto claims = VerifyJwt(token, kSecret, now);
    return claims ? std::string("ok") : claims.error().id;
}

//! A token with this header text and any payload and signature: the header is read first.
std::string WithHeader(const std::string& header) {
    return Base64UrlEncode(header) + "." + Base64UrlEncode(R"({"exp":1})") + ".AAAA";
}

//! Claims from JSON text, signed with the secret (so verification reaches them).
std::string Signed(const std::string& claims) {
    return SignJwt(json::parse(claims), kSecret);
}

}  // namespace

TEST_CASE(
    "identity: issue 17 — a header whose alg is not the string HS256 is refused, not thrown") {
    for (const char* header : {R"({"alg":5})", R"({"alg":null})", R"({"alg":["HS256"]})",
                               R"({"alg":{"HS256":true}})", R"({"typ":"JWT"})", R"({"alg":""})"}) {
        CAPTURE(header);
        CHECK(Outcome(WithHeader(header)) == "seam.identity.algorithm");
    }
}

TEST_CASE("identity: issue 17 — exp and nbf of any size or kind are compared without overflow") {
    struct Case {
        const char* claims;
        std::int64_t now;
        const char* outcome;
    };
    const Case cases[] = {
        {R"({"exp":9223372036854775807})", kNow, "ok"},  // exp + leeway overflowed
        {R"({"exp":18446744073709551615})", kNow, "ok"},
        {R"({"exp":1e300})", kNow, "ok"},  // get<int64_t>() of these was undefined
        {R"({"exp":-1e300})", kNow, "seam.identity.expired"},
        {R"({"exp":-9223372036854775808})", kNow, "seam.identity.expired"},
        {R"({"exp":1795000000.5})", kNow + 60, "ok"},  // fractions count: 60 s of leeway
        {R"({"exp":1795000000.5})", kNow + 61, "seam.identity.expired"},
        {R"({"exp":1795003600,"nbf":1e300})", kNow, "seam.identity.not_yet_valid"},
        {R"({"exp":1795003600,"nbf":-1e300})", kNow, "ok"},
        {R"({"exp":1795003600,"nbf":9223372036854775807})", kNow, "seam.identity.not_yet_valid"},
        {R"({"exp":"1795003600"})", kNow, "seam.identity.claims"},
        {R"({"exp":null})", kNow, "seam.identity.claims"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.claims);
        CAPTURE(c.now);
        CHECK(Outcome(Signed(c.claims), c.now) == c.outcome);
    }
}

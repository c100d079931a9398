// native/identity/jwt.cpp — HS256 JWTs (see jwt.hpp).
#include "identity/jwt.hpp"

#include "identity/base64url.hpp"
#include "identity/hmac.hpp"
#include "seam/core/json_read.hpp"

namespace seam::identity {

using nlohmann::json;

namespace {

std::string Sign(std::string_view signing_input, std::string_view secret) {
    const Digest d = HmacSha256(secret, signing_input);
    return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

Result<json> DecodePart(std::string_view part, const char* what) {
    auto bytes = Base64UrlDecode(part);
    if (!bytes) {
        return Error::Make("seam.identity.malformed",
                           std::string("the token's ") + what + " is not base64url");
    }
    json v = json::parse(*bytes, nullptr, false);
    if (v.is_discarded() || !v.is_object()) {
        return Error::Make("seam.identity.malformed",
                           std::string("the token's ") + what + " is not a JSON object");
    }
    return v;
}

}  // namespace

std::string SignJwt(const json& claims, std::string_view secret) {
    const std::string header = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
    const std::string input = header + "." + Base64UrlEncode(claims.dump());
    return input + "." + Sign(input, secret);
}

Result<json> VerifyJwt(std::string_view token, std::string_view secret, std::int64_t now_s,
                       std::int64_t leeway_s) {
    if (token.size() > 8192) return Error::Make("seam.identity.malformed", "the token is too long");
    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return Error::Make("seam.identity.malformed",
                           "a token has three parts separated by dots (header.payload.signature)");
    }
    auto header = DecodePart(token.substr(0, dot1), "header");
    if (!header) return header.error();
    // Read by type: anyone can send {"alg": 5}, and value<std::string>() would throw on it
    // (issue 17, found by tests/fuzz/fuzz_jwt).
    const auto alg = header->find("alg");
    if (alg == header->end() || !alg->is_string() || alg->get<std::string>() != "HS256") {
        return Error::Make(
            "seam.identity.algorithm",
            "only HS256-signed tokens are accepted, not " +
                (alg == header->end() ? std::string("a token without alg")
                                      : alg->dump(-1, ' ', false, json::error_handler_t::replace)));
    }
    const std::string expected = Sign(token.substr(0, dot2), secret);
    if (!ConstantTimeEquals(expected, token.substr(dot2 + 1))) {
        return Error::Make("seam.identity.signature",
                           "the token's signature does not match this site's secret");
    }
    auto claims = DecodePart(token.substr(dot1 + 1, dot2 - dot1 - 1), "payload");
    if (!claims) return claims.error();
    // Times are compared as long double: exact for every 64-bit integer, and no overflow for
    // 1e300 or 9223372036854775807 (get<std::int64_t>() of those was undefined behaviour, and
    // exp + leeway overflowed; issue 17, found by tests/fuzz/fuzz_jwt).
    const auto exp = claims->find("exp");
    if (exp == claims->end() || !exp->is_number()) {
        return Error::Make("seam.identity.claims", "the token has no expiry (exp) claim");
    }
    const long double now = static_cast<long double>(now_s);
    const long double leeway = static_cast<long double>(leeway_s);
    if (now > exp->get<long double>() + leeway) {
        return Error::Make("seam.identity.expired",
                           "the token expired; the page should fetch a fresh one");
    }
    const auto nbf = claims->find("nbf");
    if (nbf != claims->end() && nbf->is_number() && nbf->get<long double>() > now + leeway) {
        return Error::Make("seam.identity.not_yet_valid", "the token is not valid yet (nbf)");
    }
    return claims;
}

}  // namespace seam::identity

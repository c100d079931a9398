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
    // Read before the signature is checked: anyone's bytes, so only total readers here.
    const std::string alg = json_read::StringOr(*header, "alg");
    if (alg != "HS256") {
        return Error::Make("seam.identity.algorithm",
                           "only HS256-signed tokens are accepted, not \"" + alg + "\"");
    }
    const std::string expected = Sign(token.substr(0, dot2), secret);
    if (!ConstantTimeEquals(expected, token.substr(dot2 + 1))) {
        return Error::Make("seam.identity.signature",
                           "the token's signature does not match this site's secret");
    }
    auto claims = DecodePart(token.substr(dot1 + 1, dot2 - dot1 - 1), "payload");
    if (!claims) return claims.error();
    const json* exp_claim = json_read::Find(*claims, "exp");
    auto exp = exp_claim ? json_read::Number(*exp_claim, "exp") : Result<double>(0.0);
    if (!exp_claim || !exp) {
        return Error::Make("seam.identity.claims", "the token has no expiry (exp) claim");
    }
    if (static_cast<double>(now_s) > *exp + static_cast<double>(leeway_s)) {
        return Error::Make("seam.identity.expired",
                           "the token expired; the page should fetch a fresh one");
    }
    const json* nbf_claim = json_read::Find(*claims, "nbf");
    auto nbf = nbf_claim ? json_read::Number(*nbf_claim, "nbf") : Result<double>(0.0);
    if (nbf_claim && nbf && *nbf > static_cast<double>(now_s + leeway_s)) {
        return Error::Make("seam.identity.not_yet_valid", "the token is not valid yet (nbf)");
    }
    return claims;
}

}  // namespace seam::identity

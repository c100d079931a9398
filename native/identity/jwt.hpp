// native/identity/jwt.hpp — JSON Web Tokens signed with HS256 (RFC 7519 / 7515), the identity
// proof a business's own server signs for the widget, and seamd's own session tokens.
//
// Only HS256 is accepted: a token naming any other algorithm ("none" included) is refused
// before its signature is looked at. The signature is checked in constant time, before the
// claims are trusted; `exp` is required, `nbf` honoured, with a small clock-skew leeway.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "seam/core/result.hpp"

namespace seam::identity {

//! header.payload.signature for `claims`, signed with `secret`.
std::string SignJwt(const nlohmann::json& claims, std::string_view secret);

//! The claims of a valid token. Errors (ids a client can act on):
//!   seam.identity.malformed  — not three base64url parts of JSON objects
//!   seam.identity.algorithm  — not HS256
//!   seam.identity.signature  — signed with another secret, or altered
//!   seam.identity.expired    — `exp` passed (more than `leeway_s` ago)
//!   seam.identity.not_yet_valid — `nbf` in the future
//!   seam.identity.claims     — `exp` missing or not a number
Result<nlohmann::json> VerifyJwt(std::string_view token, std::string_view secret,
                                 std::int64_t now_s, std::int64_t leeway_s = 60);

}  // namespace seam::identity

// native/identity/base64url.hpp — base64url without padding (RFC 4648 §5), as JWTs use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace seam::identity {

std::string Base64UrlEncode(std::string_view bytes);
//! The decoded bytes, or nothing when `text` is not unpadded base64url.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace seam::identity

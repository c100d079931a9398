// native/api/client_address.hpp — which address a request comes from, for per-address limits:
// the peer, or behind a trusted proxy (loopback, or one of --trusted-proxies) the client that
// proxy names in X-Forwarded-For. Shared by the transport's connection caps and the API's
// sign-in back-off, so both read --trusted-proxies alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace seam::api {

//! "a, b ,c" -> {"a", "b", "c"}: comma-separated, blanks trimmed, empty items dropped.
std::vector<std::string> ParseAddressList(std::string_view list);

//! 127.0.0.0/8, ::1 or an IPv4-mapped 127.x address.
bool IsLoopback(std::string_view address);

//! Loopback, or one of `trusted` (the --trusted-proxies list): a proxy of ours.
bool IsTrustedProxy(std::string_view address, const std::vector<std::string>& trusted);

//! The address to count a request against. A peer that is neither loopback nor in `trusted`
//! is the client itself (its X-Forwarded-For is not believed). From a loopback or trusted peer,
//! the rightmost entry of `forwarded_for` (the X-Forwarded-For values, joined with commas in
//! the order received) that is neither loopback nor trusted: the address the nearest proxy saw.
//! Without such an entry the leftmost entry when there is one, else the peer.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted);

}  // namespace seam::api

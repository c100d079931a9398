// native/api/client_address.cpp — the client address behind trusted proxies (see the header).
#include "api/client_address.hpp"

#include <algorithm>

namespace seam::api {

namespace {

std::string_view Trim(std::string_view s) {
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return {};
    const auto end = s.find_last_not_of(" \t");
    return s.substr(begin, end - begin + 1);
}

}  // namespace

std::vector<std::string> ParseAddressList(std::string_view list) {
    std::vector<std::string> out;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view item = Trim(list.substr(0, comma));
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return out;
}

bool IsTrustedProxy(std::string_view address, const std::vector<std::string>& trusted) {
    return IsLoopback(address) ||
           std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

bool IsLoopback(std::string_view address) {
    return address.rfind("127.", 0) == 0 || address == "::1" ||
           address.rfind("::ffff:127.", 0) == 0;
}

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted) {
    if (!IsTrustedProxy(peer, trusted)) return peer;
    const std::vector<std::string> hops = ParseAddressList(forwarded_for);
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        if (!IsTrustedProxy(*it, trusted)) return *it;
    }
    return hops.empty() ? peer : hops.front();
}

}  // namespace seam::api

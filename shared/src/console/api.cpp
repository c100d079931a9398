// shared/src/console/api.cpp — the console's client of seamd's /v1 API (see api.hpp).
#include "seam/console/api.hpp"

#include <utility>
#include <vector>

namespace seam::console {

using nlohmann::json;

std::uint64_t Api::Get(const std::string& path, Callback done, std::string if_none_match) {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    r.if_none_match = std::move(if_none_match);
    return Send(std::move(r), std::move(done));
}

std::uint64_t Api::Post(const std::string& path, const json& body, Callback done,
                        std::string if_match) {
    HttpRequest r;
    r.method = "POST";
    r.if_match = std::move(if_match);
    r.path = path;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return Send(std::move(r), std::move(done));
}

std::uint64_t Api::Put(const std::string& path, const json& body, Callback done,
                       std::string if_match) {
    HttpRequest r;
    r.method = "PUT";
    r.if_match = std::move(if_match);
    r.path = path;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return Send(std::move(r), std::move(done));
}

std::uint64_t Api::Send(HttpRequest request, Callback done) {
    request.token = token_;
    const std::uint64_t id = next_id_++;
    pending_[id] = std::move(done);
    transport_.Start(id, request);
    return id;
}

void Api::CancelAll() {
    pending_.clear();
}

int Api::Pump() {
    int ran = 0;
    for (auto& [id, response] : transport_.Poll()) {
        auto it = pending_.find(id);
        if (it == pending_.end()) continue;  // cancelled (logout): the answer is dropped
        Callback done = std::move(it->second);
        pending_.erase(it);
        const ApiResult result = Interpret(response);
        if (result.status == 401 && on_unauthorized_) on_unauthorized_();
        if (done) done(result);
        ++ran;
    }
    return ran;
}

ApiResult Api::Interpret(const HttpResponse& response) {
    ApiResult r;
    r.status = response.status;
    if (response.status == 0) {
        r.code = "seam.console.network";
        r.message = response.transport_error.empty() ? "seamd could not be reached"
                                                     : response.transport_error;
        return r;
    }
    r.etag = response.etag;
    if (response.status == 304) {  // unchanged: nothing to parse (a 304 has no body)
        r.ok = true;
        r.not_modified = true;
        return r;
    }
    r.body = json::parse(response.body, nullptr, false);
    if (r.body.is_discarded()) r.body = nullptr;
    const bool success = response.status >= 200 && response.status < 300;
    if (success) {
        if (r.body.is_null() && !response.body.empty()) {
            r.code = "seam.console.json";
            r.message = "seamd answered " + std::to_string(response.status) +
                        " with a body that "
                        "is not JSON";
            return r;
        }
        r.ok = true;
        return r;
    }
    const json* error = nullptr;
    if (r.body.is_object()) {
        auto it = r.body.find("error");
        if (it != r.body.end() && it->is_object()) error = &*it;
    }
    if (error) {
        r.code = error->value("code", "");
        r.message = error->value("message", "");
    }
    if (r.code.empty()) r.code = "seam.console.http_" + std::to_string(response.status);
    if (r.message.empty()) r.message = "seamd answered HTTP " + std::to_string(response.status);
    return r;
}

std::string UrlEncode(const std::string& text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                                c == '~';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

}  // namespace seam::console

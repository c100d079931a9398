// native/cli/live_client.cpp — see live_client.hpp.
#include "cli/live_client.hpp"

#include <httplib.h>

namespace seam::cli {

struct LiveClient::Impl {
    explicit Impl(const std::string& url) : client(url) {
        client.set_connection_timeout(5, 0);
        client.set_read_timeout(30, 0);
    }
    httplib::Client client;
};

LiveClient::LiveClient(const std::string& base_url) : impl_(std::make_unique<Impl>(base_url)) {}

LiveClient::~LiveClient() = default;

Result<nlohmann::json> LiveClient::Post(const std::string& path, const nlohmann::json& body,
                                        const std::string& token) {
    return Send("POST", path, &body, token);
}

Result<nlohmann::json> LiveClient::Get(const std::string& path, const std::string& token) {
    return Send("GET", path, nullptr, token);
}

Result<nlohmann::json> LiveClient::Send(const char* method, const std::string& path,
                                        const nlohmann::json* body, const std::string& token) {
    const std::string what = std::string(method) + " " + path;
    last_error_body_ = nullptr;
    try {
        httplib::Headers headers;
        if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
        auto res = body ? impl_->client.Post(path, headers, body->dump(), "application/json")
                        : impl_->client.Get(path, headers);
        if (!res) {
            return Error::Make("seam.cli.http", what + ": " + httplib::to_string(res.error()));
        }
        nlohmann::json answer = nlohmann::json::parse(res->body, nullptr, false);
        if (res->status < 200 || res->status >= 300) {
            std::string why = res->body.substr(0, 300);
            if (answer.is_object() && answer.contains("error") && answer["error"].is_object()) {
                why = answer["error"].value("message", why);
                last_error_body_ = answer;
            }
            return Error::Make("seam.cli.http",
                               what + ": HTTP " + std::to_string(res->status) + ": " + why);
        }
        if (answer.is_discarded()) {
            return Error::Make("seam.cli.http", what + ": the answer is not JSON");
        }
        return answer;
    } catch (const std::exception& e) {
        return Error::Make("seam.cli.http", what + ": " + e.what());
    }
}

}  // namespace seam::cli

// native/cli/live_client.hpp — the CLI's HTTP client for a running seamd (`seam test --server`).
//
// A thin JSON-over-HTTP wrapper: one POST at a time, the answer's JSON or an error that says what
// went wrong (connection, status and seamd's {"error": {"code", "message"}}). It is compiled with
// exceptions (cpp-httplib's), which stay inside; callers get values.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "seam/core/result.hpp"

namespace seam::cli {

class LiveClient {
  public:
    //! `base_url` like http://127.0.0.1:8080 (no path).
    explicit LiveClient(const std::string& base_url);
    ~LiveClient();
    LiveClient(const LiveClient&) = delete;
    LiveClient& operator=(const LiveClient&) = delete;

    //! POST `path` with `body`; `token` ("" = none) goes as Authorization: Bearer. Errors:
    //! seam.cli.http (no connection, not 2xx, not JSON).
    Result<nlohmann::json> Post(const std::string& path, const nlohmann::json& body,
                                const std::string& token);
    //! GET `path`; as Post.
    Result<nlohmann::json> Get(const std::string& path, const std::string& token);
    //! The JSON body of the last answer that was not 2xx (null when none): the details an error
    //! carries beyond its message (a publish's "problems", "tests", "current").
    const nlohmann::json& last_error_body() const { return last_error_body_; }

  private:
    Result<nlohmann::json> Send(const char* method, const std::string& path,
                                const nlohmann::json* body, const std::string& token);
    struct Impl;
    std::unique_ptr<Impl> impl_;
    nlohmann::json last_error_body_;
};

}  // namespace seam::cli

// shared/include/seam/console/api.hpp — the console's client of seamd's /v1 API.
//
// Turns calls into HttpRequests (with the agent's token), and answers into ApiResults: parsed
// JSON on 2xx, seamd's {"error": {"code", "message"}} otherwise, or a network error. Callbacks run
// inside Pump(), which the app calls once per frame; a model never sees a half-parsed answer.
// An answer of 401 also fires the unauthorised hook (the session ends: back to the login).
// Conditional GETs: a request sent with an ETag may come back 304, which is a success with no
// body (ApiResult::not_modified): what the caller already has is still current.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "seam/console/transport.hpp"

namespace seam::console {

struct ApiResult {
    bool ok = false;
    int status = 0;       //!< HTTP status; 0 when seamd could not be reached
    nlohmann::json body;  //!< the parsed answer (null when it was not JSON)
    std::string code;     //!< on failure: seamd's error code, or seam.console.network / .json
    std::string message;  //!< on failure: words for the operator
    //! 304: the representation named by the request's If-None-Match is still current (ok is
    //! true, body is null). Only a request sent with an ETag can come back so.
    bool not_modified = false;
    std::string etag;  //!< the answer's ETag ("" when seamd sent none)
};

class Api {
  public:
    using Callback = std::function<void(const ApiResult&)>;

    explicit Api(Transport& transport) : transport_(transport) {}

    void SetToken(std::string token) { token_ = std::move(token); }
    const std::string& token() const { return token_; }
    //! Called (inside Pump) when an answer is 401: the token expired or was revoked.
    void OnUnauthorized(std::function<void()> hook) { on_unauthorized_ = std::move(hook); }

    //! Each returns the request id; `done` runs exactly once, from Pump().
    //! `if_none_match` (an ETag of an earlier answer, or "") makes the GET conditional.
    std::uint64_t Get(const std::string& path, Callback done, std::string if_none_match = "");
    //! `if_match` ("" = none) is sent as If-Match (a 409 answer then carries seamd's "current").
    std::uint64_t Post(const std::string& path, const nlohmann::json& body, Callback done,
                       std::string if_match = "");
    std::uint64_t Put(const std::string& path, const nlohmann::json& body, Callback done,
                      std::string if_match = "");
    //! Forgets the callbacks of requests in flight (their answers are dropped): on logout.
    void CancelAll();

    //! Reads the transport's answers and runs their callbacks. Returns how many ran.
    int Pump();
    std::size_t in_flight() const { return pending_.size(); }

    //! The answer of one HttpResponse, as callbacks see it (exposed for tests).
    static ApiResult Interpret(const HttpResponse& response);

  private:
    std::uint64_t Send(HttpRequest request, Callback done);

    Transport& transport_;
    std::string token_;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, Callback> pending_;
    std::function<void()> on_unauthorized_;
};

//! "a b&c" -> "a%20b%26c" (RFC 3986 unreserved characters kept), for query strings.
std::string UrlEncode(const std::string& text);

}  // namespace seam::console

// native/api/routes.hpp — the /v1 HTTP API of seamd over the service layer.
//
// Every route is one row of a table (method, path pattern, OpenAPI path, handler): the server
// registers exactly the table, and tests/native/test_openapi.cpp checks the table against
// docs/openapi.json both ways, so the document cannot drift from the server.
// Every error is {"error": {"code": "<stable id>", "message": "..."}} with a fitting status.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "api/auth.hpp"
#include "api/login_throttle.hpp"
#include "api/metrics.hpp"
#include "service/service.hpp"

namespace seam::api {

struct Context {
    service::Service& service;
    const Auth& auth;
    Metrics& metrics;
    std::string openapi_path;   //!< docs/openapi.json, served at /v1/openapi.json
    bool demo_site = false;     //!< POST /demo/identity answers (see Options::demo_site)
    bool demo = false;          //!< demo mode (Options::demo): GET /healthz says so
    std::string metrics_token;  //!< see Options::metrics_token
    LoginThrottle* login_throttle = nullptr;  //!< sign-in back-off (App owns it)
    //! --trusted-proxies, parsed: from these (and loopback) X-Forwarded-For names the client.
    std::vector<std::string> trusted_proxies;
};

struct RouteInfo {
    std::string method;  //!< GET, POST, PUT
    std::string path;    //!< as in OpenAPI: /v1/cases/{id}
};

//! Every route of the API.
std::vector<RouteInfo> Routes();

//! Registers every route on `server`; `context` must outlive it.
void Register(httplib::Server& server, Context& context);

//! Writes the error body and status for `error` (status from its id).
void SendError(httplib::Response& res, const Error& error);
void SendError(httplib::Response& res, int status, const std::string& code,
               const std::string& message);

//! `text` percent-encoded for a URL's query (RFC 3986 unreserved characters kept).
std::string UrlEncode(const std::string& text);

//! The HTTP status an error id maps to.
int StatusFor(const std::string& error_id);

}  // namespace seam::api

// shared/include/seam/console/transport.hpp — how the operator console reaches seamd.
//
// The console's models never do I/O: they hand requests to a Transport and read the answers back
// once per frame. Each platform implements it: native/console/ with cpp-httplib's client on a
// worker thread, web/console/ with the browser's fetch. Tests use a scripted transport that
// records requests and answers them by hand (tests/unit/console/fake_transport.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace seam::console {

//! One HTTP request to seamd; `path` includes the query string ("/v1/kpis?from=2026-11-01").
struct HttpRequest {
    std::string method = "GET";  //!< GET | POST | PUT (every platform transport sends these)
    std::string path;
    std::string body;   //!< JSON text, or empty
    std::string token;  //!< sent as "Authorization: Bearer <token>" when not empty
    //! Sent as "If-None-Match" when not empty: an ETag from an earlier answer, so seamd may
    //! answer 304 (unchanged, no body) instead of the same representation again.
    std::string if_none_match;
    //! Sent as "If-Match" when not empty: the version the change was made on, so seamd refuses
    //! it (409) when someone else changed the thing since (content publishing).
    std::string if_match;
};

//! The answer. `status` 0 means no HTTP answer at all (connection refused, timeout); then
//! `transport_error` says why in words.
struct HttpResponse {
    int status = 0;
    std::string body;
    std::string transport_error;
    std::string etag;  //!< the answer's "ETag" header ("" when none); a 304 repeats it
};

class Transport {
  public:
    virtual ~Transport() = default;
    //! Starts `request`; never blocks. Its answer comes back from Poll() with the same `id`.
    virtual void Start(std::uint64_t id, const HttpRequest& request) = 0;
    //! The answers that arrived since the last call, in arrival order.
    virtual std::vector<std::pair<std::uint64_t, HttpResponse>> Poll() = 0;
};

}  // namespace seam::console

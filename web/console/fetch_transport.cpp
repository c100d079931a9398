// web/console/fetch_transport.cpp — the browser console's Transport over fetch().
#include "fetch_transport.hpp"

#include <emscripten.h>

#include <cstdlib>
#include <string>

namespace {
seam::web_console::FetchTransport* g_transport = nullptr;  // the page has one console
}

// Starts fetch(); the answer (or the network error) comes back through seam_console_answer with
// strings malloc'ed on the wasm heap, freed there. Ids stay below 2^53, so a JS number holds them.
// clang-format off
// A request with If-None-Match bypasses the browser's HTTP cache (Fetch: an author's conditional
// header turns cache mode "default" into "no-store"), so a 304 reaches us as a 304.
EM_JS(void, seam_console_fetch, (double id, const char* method, const char* path, const char* body,
                                 const char* token, const char* if_none_match,
                                 const char* if_match), {
    const init = {method: UTF8ToString(method), headers: {}, credentials: "same-origin"};
    const text = UTF8ToString(body);
    const bearer = UTF8ToString(token);
    const tag = UTF8ToString(if_none_match);
    if (text.length) { init.body = text; init.headers["Content-Type"] = "application/json"; }
    if (bearer.length) init.headers["Authorization"] = "Bearer " + bearer;
    if (tag.length) init.headers["If-None-Match"] = tag;
    const match = UTF8ToString(if_match);
    if (match.length) init.headers["If-Match"] = match;
    const answer = (status, bodyText, error, etag) => {
        const put = (s) => { const n = lengthBytesUTF8(s) + 1; const p = _malloc(n); stringToUTF8(s, p, n); return p; };
        _seam_console_answer(id, status, put(bodyText), put(error), put(etag));
    };
    fetch(UTF8ToString(path), init)
        .then((r) => r.text().then((t) => answer(r.status, t, "", r.headers.get("ETag") || "")))
        .catch((e) => answer(0, "", "seamd could not be reached (" + String(e && e.message || e) + ")", ""));
});
// clang-format on

extern "C" EMSCRIPTEN_KEEPALIVE void seam_console_answer(double id, int status, char* body,
                                                         char* error, char* etag) {
    seam::console::HttpResponse r;
    r.status = status;
    r.body = body;
    r.transport_error = error;
    r.etag = etag;
    std::free(body);
    std::free(error);
    std::free(etag);
    if (g_transport) g_transport->Deliver(static_cast<std::uint64_t>(id), std::move(r));
}

namespace seam::web_console {

FetchTransport::FetchTransport() {
    g_transport = this;
}

FetchTransport::~FetchTransport() {
    if (g_transport == this) g_transport = nullptr;
}

void FetchTransport::Start(std::uint64_t id, const console::HttpRequest& request) {
    seam_console_fetch(static_cast<double>(id), request.method.c_str(), request.path.c_str(),
                       request.body.c_str(), request.token.c_str(), request.if_none_match.c_str(),
                       request.if_match.c_str());
}

std::vector<std::pair<std::uint64_t, console::HttpResponse>> FetchTransport::Poll() {
    std::vector<std::pair<std::uint64_t, console::HttpResponse>> out;
    out.swap(done_);
    return out;
}

void FetchTransport::Deliver(std::uint64_t id, console::HttpResponse response) {
    done_.emplace_back(id, std::move(response));
}

}  // namespace seam::web_console

// native/server/http_server.cpp — cpp-httplib wiring for seamd (see http_server.hpp).
#include "server/http_server.hpp"

#include <brotli/encode.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "api/client_address.hpp"
#include "api/rate_limit.hpp"
#include "api/routes.hpp"
#include "seam/core/version.hpp"
#include "server/app.hpp"
#include "server/transport.hpp"

namespace seam::server {

using nlohmann::json;

namespace {

// [SECTION] Static files
// The web root is served from memory: each file is read once (again when its size or mtime
// changes); its brotli and gzip forms are made once, on first demand. cpp-httplib's
// own mount point re-reads every file and compresses every response on the fly (brotli at
// quality 11 whenever the browser offers "br", as Chromium does even on http://127.0.0.1): that
// cost 6 ms for a 4 KB page, 35 ms for widget.js and 330 ms for bundle.json per request, on
// the same cores the browser needs. Responses carry an ETag and "no-cache" (revalidate, 304).
struct StaticFile {
    std::string type, etag, identity;
    bool compressible = false;
    // Made on first demand, once per file version; empty = not worth it (saves too little).
    mutable std::once_flag gzip_once, brotli_once;
    mutable std::string gzip, brotli;
};

const char* ContentType(const std::string& path) {
    static const std::unordered_map<std::string, const char*> kTypes = {
        {"html", "text/html"},
        {"htm", "text/html"},
        {"css", "text/css"},
        {"js", "text/javascript"},
        {"mjs", "text/javascript"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"wasm", "application/wasm"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"ico", "image/x-icon"},
        {"txt", "text/plain"},
        {"xml", "application/xml"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"pdf", "application/pdf"},
        {"webmanifest", "application/manifest+json"}};
    const auto dot = path.rfind('.');
    const auto slash = path.rfind('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
        return "application/octet-stream";
    }
    const auto it = kTypes.find(path.substr(dot + 1));
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool Compressible(const std::string& type) {
    return type.rfind("text/", 0) == 0 || type == "application/json" ||
           type == "application/wasm" || type == "image/svg+xml" || type == "application/xml" ||
           type == "application/manifest+json";
}

std::string Gzip(const std::string& in) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        return {};
    }
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

std::string Brotli(const std::string& in, int quality) {
    std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
    if (size == 0) return {};
    std::string out(size, '\0');
    const bool ok = BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                                          in.size(), reinterpret_cast<const uint8_t*>(in.data()),
                                          &size, reinterpret_cast<uint8_t*>(out.data()));
    if (!ok) return {};
    out.resize(size);
    return out;
}

//! "br" / "gzip" if the request's Accept-Encoding allows it (a token without q=0).
bool Accepts(const httplib::Request& req, const std::string& coding) {
    const std::string header = req.get_header_value("Accept-Encoding");
    std::stringstream items(header);
    std::string item;
    while (std::getline(items, item, ',')) {
        const auto semi = item.find(';');
        std::string token = item.substr(0, semi);
        token.erase(0, token.find_first_not_of(" \t"));
        token.erase(token.find_last_not_of(" \t") + 1);
        if (token != coding && token != "*") continue;
        if (semi == std::string::npos) return true;
        std::string q = item.substr(semi + 1);
        q.erase(std::remove_if(q.begin(), q.end(), [](char c) { return c == ' ' || c == '\t'; }),
                q.end());
        if (q.rfind("q=", 0) == 0 && std::strtod(q.c_str() + 2, nullptr) <= 0.0) return false;
        return true;
    }
    return false;
}

class StaticFiles {
  public:
    explicit StaticFiles(std::string root) : root_(std::move(root)) {}

    //! Answers GET/HEAD of a file under the root (true), or leaves the request alone (false).
    bool Serve(const httplib::Request& req, httplib::Response& res) {
        if (req.method != "GET" && req.method != "HEAD") return false;
        std::string sub = req.path;
        if (sub.empty() || sub[0] != '/' || !SafePath(sub)) return false;
        if (sub.back() == '/') sub += "index.html";
        const std::shared_ptr<const StaticFile> file = Get(sub);
        if (!file) return false;

        res.set_header("Cache-Control", "no-cache");
        res.set_header("ETag", file->etag);
        res.set_header("Vary", "Accept-Encoding");
        if (req.get_header_value("If-None-Match") == file->etag) {
            res.status = 304;
            return true;
        }
        const std::string* body = &file->identity;
        const bool ranged = req.has_header("Range");  // ranges: of the plain bytes only
        if (file->compressible && !ranged && Accepts(req, "br")) {
            std::call_once(file->brotli_once, [&f = *file] {
                f.brotli = Worthwhile(f.identity, Brotli(f.identity, kBrotliQuality));
            });
            if (!file->brotli.empty()) {
                body = &file->brotli;
                res.set_header("Content-Encoding", "br");
            }
        }
        if (body == &file->identity && file->compressible && !ranged && Accepts(req, "gzip")) {
            std::call_once(file->gzip_once,
                           [&f = *file] { f.gzip = Worthwhile(f.identity, Gzip(f.identity)); });
            if (!file->gzip.empty()) {
                body = &file->gzip;
                res.set_header("Content-Encoding", "gzip");
            }
        }
        // A content provider of known length: cpp-httplib sends it as is (no compression of
        // its own) and takes care of HEAD and ranges. The entry outlives the response.
        res.set_content_provider(
            body->size(), file->type,
            [file, body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                return file != nullptr && sink.write(body->data() + offset, length);
            });
        return true;
    }

  private:
    static std::string Worthwhile(const std::string& identity, std::string packed) {
        return packed.size() + 32 < identity.size() ? packed : std::string();
    }

    static bool SafePath(const std::string& path) {
        if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
            return false;
        }
        std::stringstream parts(path);
        std::string part;
        while (std::getline(parts, part, '/')) {
            if (part == "..") return false;
        }
        return true;
    }

    std::shared_ptr<const StaticFile> Get(const std::string& sub) {
        const std::string full = root_ + sub;
        struct stat st {};
        if (::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
        const std::string etag = "\"" + std::to_string(st.st_size) + "-" +
                                 std::to_string(st.st_mtim.tv_sec) + "." +
                                 std::to_string(st.st_mtim.tv_nsec) + "\"";
        {
            std::lock_guard<std::mutex> guard(mutex_);
            const auto it = cache_.find(sub);
            if (it != cache_.end() && it->second->etag == etag) return it->second;
        }
        std::ifstream in(full, std::ios::binary);
        if (!in) return nullptr;
        auto file = std::make_shared<StaticFile>();
        file->identity.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad() || file->identity.size() != static_cast<std::size_t>(st.st_size)) {
            return nullptr;
        }
        file->type = ContentType(sub);
        file->etag = etag;
        file->compressible = Compressible(file->type) && file->identity.size() >= 256;
        std::lock_guard<std::mutex> guard(mutex_);
        cache_[sub] = file;
        return file;
    }

    // Quality 5: 2-7% smaller than gzip -9 and about as fast as gzip -6 (the widget's wasm:
    // ~35 ms, once); quality 11 (cpp-httplib's) is 15-50x slower for another 8%.
    static constexpr int kBrotliQuality = 5;
    std::string root_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const StaticFile>> cache_;
};

}  // namespace

//! The transport limits (transport.hpp) from seamd's options.
TransportLimits LimitsFrom(const Options& o) {
    TransportLimits l;
    l.max_body = o.max_body;
    l.max_headers = o.max_headers;
    l.max_head_bytes = o.max_header_bytes;
    l.max_json_depth = o.max_json_depth;
    l.request_timeout_ms = o.request_timeout * 1000;
    l.max_connections = static_cast<std::size_t>(o.max_connections);
    l.max_per_address = static_cast<std::size_t>(o.max_connections_per_address);
    l.min_threads = static_cast<std::size_t>(o.threads);
    l.trusted = api::ParseAddressList(o.trusted_proxies);
    return l;
}

//! The media type of a Content-Type value, lower case, without parameters.
std::string MediaType(const std::string& value) {
    std::string type = value.substr(0, value.find(';'));
    type.erase(0, type.find_first_not_of(" \t"));
    type.erase(type.find_last_not_of(" \t") + 1);
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type;
}

//! Checks a request's framing and body headers before its body is read, and tells the
//! transport how the body is framed. Sends the refusal and returns false when it is refused.
//! Every body seamd takes is JSON: other media types get 415 (also no "simple" cross-site
//! form or text/plain POST reaches a handler); compressed bodies get 415 too (the size and
//! depth limits are checked on the bytes as sent, and a small gzip body inflates to gigabytes).
bool AdmitBody(const httplib::Request& req, httplib::Response& res, const TransportLimits& limits,
               RequestGuard* guard, bool& carries_body) {
    const std::string te = req.get_header_value("Transfer-Encoding");
    // httplib reads a chunked body when the first Transfer-Encoding is exactly "chunked".
    const bool chunked =
        req.has_header("Transfer-Encoding") && ::strcasecmp(te.c_str(), "chunked") == 0;
    const bool has_length = req.has_header("Content-Length");
    const std::uint64_t length = req.get_header_value<std::uint64_t>("Content-Length");
    const bool body_method = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                             req.method == "DELETE" || req.method == "PRI";
    carries_body = chunked || length > 0 || (body_method && !has_length);
    // httplib reads a body only for these methods: another method's body would stay on the
    // connection and be read as the next request (smuggled past a proxy that reuses it).
    if (carries_body && !body_method) {
        api::SendError(res, 400, "seam.api.bad_framing",
                       req.method + " requests carry no body here");
        return false;
    }
    if (req.has_header("Transfer-Encoding") && !chunked) {
        api::SendError(res, 501, "seam.api.bad_framing",
                       "the only Transfer-Encoding accepted on requests is chunked");
        return false;
    }
    // Without a length or chunks httplib would read the body until the client closes (HTTP/1.1
    // says there is none): a length is required.
    if (body_method && !has_length && !chunked) {
        api::SendError(res, 411, "seam.api.length_required",
                       "send Content-Length (or a chunked body)");
        return false;
    }
    const std::string encoding = req.get_header_value("Content-Encoding");
    if (!encoding.empty() && ::strcasecmp(encoding.c_str(), "identity") != 0) {
        api::SendError(res, 415, "seam.api.unsupported_encoding",
                       "request bodies are not accepted compressed");
        return false;
    }
    const std::size_t limit = BodyLimitFor(req.method + " " + req.path + " ", limits);
    if (!chunked && length > limit) {
        api::SendError(res, 413, "seam.api.too_large", "the request body is too large");
        return false;
    }
    // The one exception: a mail client's RFC 8058 one-click unsubscribe posts the form body
    // "List-Unsubscribe=One-Click", as multipart/form-data (what the RFC asks for) or urlencoded
    // (the route reads nothing of it; the signed query decides).
    const std::string media = MediaType(req.get_header_value("Content-Type"));
    const bool one_click =
        req.path == "/v1/unsubscribe" &&
        (media == "application/x-www-form-urlencoded" || media == "multipart/form-data");
    if (carries_body && !one_click &&
        MediaType(req.get_header_value("Content-Type")) != "application/json") {
        api::SendError(res, 415, "seam.api.unsupported_media_type",
                       "request bodies are JSON: send Content-Type: application/json");
        return false;
    }
    if (guard) guard->SetBodyFraming(chunked);
    return true;
}

struct HttpServer::Impl {
    Options options;
    std::unique_ptr<App> app;
    std::unique_ptr<GuardedServer> http_ptr;
    std::unique_ptr<api::RateLimiter> limiter;
    std::unique_ptr<StaticFiles> files;
    std::mutex mutex;
    std::condition_variable ready_cv;
    bool ready = false, failed = false;
    int port = 0;

    void Signal(bool ok) {
        std::lock_guard<std::mutex> guard(mutex);
        (ok ? ready : failed) = true;
        ready_cv.notify_all();
    }
};

HttpServer::HttpServer(Options options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->http_ptr = std::make_unique<GuardedServer>(LimitsFrom(impl_->options));
}

HttpServer::~HttpServer() = default;

namespace {
constexpr const char* kWidgetPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors *";
// The operator console: its own scripts and WASM only, same-origin API calls, never framed.
constexpr const char* kConsolePolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'";
constexpr const char* kStrictHostPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

std::int64_t WallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

namespace {
//! Raises the soft limit on open files to the hard one: every connection is a descriptor, and
//! the caps on connections (not a default soft limit of 1024) should decide who is turned away.
void RaiseOpenFileLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}
}  // namespace

bool HttpServer::Run() {
    Impl& m = *impl_;
    GuardedServer& http = *m.http_ptr;
    RaiseOpenFileLimit();
    // cpp-httplib's default socket options set SO_REUSEPORT: a second seamd on the same port
    // would start and silently share the traffic. SO_REUSEADDR alone lets a restart bind while
    // old connections linger in TIME_WAIT, and makes a port in use an error.
    // TCP_NODELAY too: Nagle + delayed ACK otherwise add ~40 ms per response. It must be set
    // here, on the listening socket at Bind (accepted sockets inherit it on Linux): the
    // set_tcp_nodelay(true) that came after Bind applied to no socket, and every answer waited
    // ~44 ms (issue 20: /healthz and turns alike stopped at 50 connections / 44 ms with the
    // machine idle).
    http.set_tcp_nodelay(true);
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
        ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    });
    // Bound before the store is opened: a second seamd stops here, before it touches the data.
    errno = 0;
    const int bound = http.Bind(m.options.host, m.options.port);
    if (bound <= 0) {
        const int err = errno;
        std::fprintf(stderr,
                     "seamd: [seam.server.bind] cannot listen on %s:%d: %s (another seamd on "
                     "that port? choose another with --port)\n",
                     m.options.host.c_str(), m.options.port,
                     err == EADDRINUSE ? "the address is already in use"
                     : err != 0        ? std::strerror(err)
                                       : "bind failed");
        m.Signal(false);
        return false;
    }

    auto opened = App::Open(m.options);
    if (!opened) {
        std::fprintf(stderr, "seamd: %s\n", opened.error().message.c_str());
        http.Shutdown();
        m.Signal(false);
        return false;
    }
    m.app = std::move(opened.value());
    const Options& o = m.app->options;
    if (!m.app->startup_notes.empty()) std::fprintf(stderr, "%s", m.app->startup_notes.c_str());
    m.limiter = std::make_unique<api::RateLimiter>(o.rate_limit);

    // Threads: GuardedServer's ElasticPool (o.threads kept ready, one more per open connection
    // up to --max-connections); read deadlines and limits: its GuardedStream (transport.hpp).
    http.set_keep_alive_max_count(1000);
    http.set_payload_max_length(std::max(o.max_body, LimitsFrom(o).max_content_body));
    http.set_read_timeout(10, 0);
    http.set_write_timeout(10, 0);
    // On every answer, API and errors included (the static files' headers add to it).
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"}});

    struct stat root_stat {};
    if (::stat(o.web_root.c_str(), &root_stat) != 0 || !S_ISDIR(root_stat.st_mode)) {
        std::fprintf(stderr, "seamd: [seam.server.web_root] web root '%s' is not a directory\n",
                     o.web_root.c_str());
        http.Shutdown();
        m.Signal(false);
        return false;
    }
    m.files = std::make_unique<StaticFiles>(o.web_root);

    // Before any handler runs (headers read, body not yet): the body's framing and type; limits
    // (rate per client address) on the API; the web root's files (they win over routes, as a
    // mount point would). An answer given here leaves the body unread: the connection closes.
    api::RateLimiter* limiter = m.limiter.get();
    StaticFiles* files = m.files.get();
    const TransportLimits limits = LimitsFrom(o);
    const api::Auth* auth = m.app->auth.get();
    http.set_pre_routing_handler([limiter, files, limits, auth](const httplib::Request& req,
                                                                httplib::Response& res) {
        RequestGuard* guard = CurrentRequestGuard();
        bool carries_body = false;
        auto handled = [&] {
            if (carries_body && guard) guard->CloseAfterAnswer();
            return httplib::Server::HandlerResponse::Handled;
        };
        if (!AdmitBody(req, res, limits, guard, carries_body)) return handled();
        // A body past the usual limit (content publishing) is read only for a signed-in
        // operator: nobody else makes seamd hold megabytes per connection.
        if (carries_body &&
            BodyLimitFor(req.method + " " + req.path + " ", limits) > limits.max_body) {
            const std::uint64_t length = req.get_header_value<std::uint64_t>("Content-Length");
            const bool chunked = req.has_header("Transfer-Encoding");
            if (chunked || length > limits.max_body) {
                const api::Caller who =
                    auth->Check(req.get_header_value("Authorization"), WallMs() / 1000, nullptr);
                if (who.kind != api::Caller::Kind::kAgent) {
                    api::SendError(res, 401, "seam.api.unauthorized",
                                   "a body this large needs an operator's token");
                    return handled();
                }
            }
        }
        if (req.path.rfind("/v1/", 0) == 0) {
            if (limiter->Allow(req.remote_addr, WallMs())) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            res.set_header("Retry-After", std::to_string(limiter->RetryAfterSeconds()));
            api::SendError(res, 429, "seam.api.rate_limited",
                           "too many requests from this address; retry after a moment");
            return handled();
        }
        if (!files->Serve(req, res)) return httplib::Server::HandlerResponse::Unhandled;
        res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
        // The widget's frame runs under Seam's own policy (any site may embed it); the CSP
        // demo page is a host page with the strictest policy a site owner might have.
        if (req.path.rfind("/widget/", 0) == 0) {
            res.set_header("Content-Security-Policy", kWidgetPolicy);
        } else if (req.path == "/demo/csp.html") {
            res.set_header("Content-Security-Policy", kStrictHostPolicy);
        } else if (req.path.rfind("/console/", 0) == 0) {
            res.set_header("Content-Security-Policy", kConsolePolicy);
        }
        return handled();
    });
    api::Register(http, *m.app->context);

    // Every error the library produces itself (404, 413, 400...) gets the JSON error body too;
    // a request the transport stopped reading gets its reason (431, 413, 408, too deep).
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        RequestGuard* guard = CurrentRequestGuard();
        if (guard && guard->refusal() != Refusal::kNone) {
            const RefusalAnswer a = AnswerFor(guard->refusal());
            res.body.clear();
            api::SendError(res, a.status, a.code, a.message);
            res.set_header("Connection", "close");
            return;
        }
        if (!res.body.empty()) return;
        const char* code = res.status == 404   ? "seam.api.not_found"
                           : res.status == 413 ? "seam.api.too_large"
                           : res.status == 405 ? "seam.api.method"
                                               : "seam.api.bad_request";
        const char* message = res.status == 404   ? "no such resource"
                              : res.status == 413 ? "the request body is too large"
                                                  : "the request could not be handled";
        api::SendError(res, res.status, code, message);
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            api::SendError(res, 500, "seam.api.internal", "something went wrong on our side");
        });
    if (o.access_log)
        http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            const json line = {
                {"ts", WallMs()},       {"level", res.status >= 500 ? "error" : "info"},
                {"method", req.method}, {"path", req.path},
                {"status", res.status}, {"client", req.remote_addr}};
            std::fprintf(stderr, "%s\n",
                         line.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
        });

    m.port = bound;
    std::printf("seamd %s listening on http://%s:%d/ (web root %s, data %s)\n",
                std::string(seam::Version()).c_str(), o.host.c_str(), bound, o.web_root.c_str(),
                o.data.c_str());
    std::fflush(stdout);
    m.Signal(true);
    const bool ok = http.Listen();
    return ok;
}

bool HttpServer::WaitReady() {
    std::unique_lock<std::mutex> guard(impl_->mutex);
    impl_->ready_cv.wait(guard, [this] { return impl_->ready || impl_->failed; });
    return impl_->ready;
}

int HttpServer::port() const {
    return impl_->port;
}

void HttpServer::Stop() {
    if (impl_->app) impl_->app->service->Shutdown();
    impl_->http_ptr->Shutdown();
}

}  // namespace seam::server

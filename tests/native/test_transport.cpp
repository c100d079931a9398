// tests/native/test_transport.cpp — seamd's connection layer (native/server/transport.hpp) over
// real sockets, issue 17: body, header and nesting limits on what arrives (chunked too), the
// request deadline, waiting clients that must not starve the server, the connection cap, the
// media type of bodies, and a port already in use. Raw sockets where the HTTP client library
// would not send what a hostile client sends.
//
// Liveness checks ("seamd still answers /healthz") wait at most a few seconds for the answer:
// a bound on hanging, not a speed target; on this machine it answers in milliseconds.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.hpp"

using nlohmann::json;
using seam::testing::TempDir;

namespace {

//! seamd with a few worker threads kept ready and short transport timeouts.
class Seamd {
  public:
    explicit Seamd(const std::string& data, int port = 0,
                   void (*tweak)(seam::server::Options&) = nullptr) {
        seam::server::Options o;
        o.host = "127.0.0.1";
        o.port = port;
        o.data = data;
        o.assets = std::string(SEAM_SOURCE_DIR) + "/assets";
        o.web_root = std::string(SEAM_SOURCE_DIR) + "/web/static";
        o.today = "2026-11-22";
        o.rate_limit = 0;
        o.threads = 4;
        o.access_log = false;
        o.request_timeout = 2;
        if (tweak) tweak(o);
        server_ = std::make_unique<seam::server::HttpServer>(o);
        thread_ = std::thread([this] { server_->Run(); });
        ready_ = server_->WaitReady();
        if (!ready_) thread_.join();
    }
    ~Seamd() {
        if (thread_.joinable()) {
            server_->Stop();
            thread_.join();
        }
    }
    bool ready() const { return ready_; }
    int port() const { return server_->port(); }

    //! GET /healthz answered within `seconds` (the liveness check of this file).
    bool Healthy(int seconds = 5) const {
        httplib::Client client("127.0.0.1", port());
        client.set_connection_timeout(seconds, 0);
        client.set_read_timeout(seconds, 0);
        auto r = client.Get("/healthz");
        return r && r->status == 200;
    }

  private:
    std::unique_ptr<seam::server::HttpServer> server_;
    std::thread thread_;
    bool ready_ = false;
};

//! A raw TCP connection to seamd.
class Raw {
  public:
    explicit Raw(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
        timeval tv{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    }
    ~Raw() {
        if (fd_ >= 0) ::close(fd_);
    }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;
    bool connected() const { return connected_; }
    int fd() const { return fd_; }

    //! Sends all of `data`; false once the peer has closed.
    bool Send(const std::string& data) const {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    //! Reads until the peer closes (or 10 s pass without a byte): everything received.
    std::string ReadAll() const {
        std::string out;
        char buf[8192];
        for (;;) {
            const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
            if (n <= 0) break;
            out.append(buf, static_cast<std::size_t>(n));
        }
        return out;
    }

  private:
    int fd_ = -1;
    bool connected_ = false;
};

int StatusOf(const std::string& response) {
    if (response.rfind("HTTP/1.1 ", 0) != 0) return 0;
    return std::atoi(response.c_str() + 9);
}

std::string ErrorCodeOf(const std::string& response) {
    const auto at = response.find("\r\n\r\n");
    if (at == std::string::npos) return {};
    const json body = json::parse(response.substr(at + 4), nullptr, false);
    if (!body.is_object() || !body.contains("error")) return {};
    return body["error"].value("code", "");
}

//! Sends `request` while reading the answer on another thread (a client that keeps sending
//! after seamd has answered, as an abusive one does), then returns what was read.
std::string Exchange(int port, const std::string& request) {
    Raw raw(port);
    REQUIRE(raw.connected());
    std::thread writer([&] { raw.Send(request); });
    std::string answer = raw.ReadAll();
    ::shutdown(raw.fd(), SHUT_RDWR);
    writer.join();
    return answer;
}

std::string Nest(std::size_t depth) {
    return "{\"locale\": " + std::string(depth, '[') + std::string(depth, ']') + "}";
}

std::string Chunked(const std::string& body, std::size_t chunk) {
    std::string out;
    char size[32];
    for (std::size_t at = 0; at < body.size(); at += chunk) {
        const std::string part = body.substr(at, chunk);
        std::snprintf(size, sizeof(size), "%zx\r\n", part.size());
        out += size + part + "\r\n";
    }
    return out + "0\r\n\r\n";
}

std::string Post(const std::string& path, const std::string& headers, const std::string& body) {
    return "POST " + path + " HTTP/1.1\r\nHost: seam\r\nConnection: close\r\n" + headers + "\r\n" +
           body;
}

// [SECTION] The table: one hostile (or merely unusual) request each, and seamd's answer.
struct RequestCase {
    const char* name;
    std::string request;
    int status;
    const char* code;  // the JSON error code ("" = a success)
};

std::vector<RequestCase> RequestCases() {
    const std::string json_type = "Content-Type: application/json\r\n";
    const std::string one_mb = "{\"locale\": \"" + std::string(1024 * 1024, 'x') + "\"}";
    const std::string deep = Nest(10000);
    std::string many_headers = "GET /healthz HTTP/1.1\r\nHost: seam\r\n";
    for (int i = 0; i < 500000; ++i)
        many_headers += "X-A: b\r\n";
    many_headers += "\r\n";
    return {
        {"n_chunked_1_mb_body_issue_17",
         Post("/v1/sessions", json_type + "Transfer-Encoding: chunked\r\n", Chunked(one_mb, 4096)),
         413, "seam.api.too_large"},
        {"n_chunked_body_in_one_huge_chunk",
         Post("/v1/sessions", json_type + "Transfer-Encoding: chunked\r\n",
              Chunked(one_mb, one_mb.size())),
         413, "seam.api.too_large"},
        {"n_content_length_over_the_limit",
         Post("/v1/sessions",
              json_type + "Content-Length: " + std::to_string(one_mb.size()) + "\r\n", one_mb),
         413, "seam.api.too_large"},
        {"n_json_nested_10000_deep_issue_17",
         Post("/v1/sessions", json_type + "Content-Length: " + std::to_string(deep.size()) + "\r\n",
              deep),
         400, "seam.api.too_deep"},
        {"n_json_nested_10000_deep_chunked",
         Post("/v1/sessions", json_type + "Transfer-Encoding: chunked\r\n", Chunked(deep, 7)), 400,
         "seam.api.too_deep"},
        {"n_500000_headers_issue_17", many_headers, 431, "seam.api.headers_too_large"},
        {"n_request_line_over_the_head_limit",
         "GET /healthz?" + std::string(40000, 'a') + " HTTP/1.1\r\nHost: seam\r\n\r\n", 431,
         "seam.api.headers_too_large"},
        {"n_text_plain_body_issue_17",
         Post("/v1/sessions", "Content-Type: text/plain\r\nContent-Length: 2\r\n", "{}"), 415,
         "seam.api.unsupported_media_type"},
        {"n_body_without_content_type", Post("/v1/sessions", "Content-Length: 2\r\n", "{}"), 415,
         "seam.api.unsupported_media_type"},
        {"n_post_without_a_length",
         "POST /v1/sessions HTTP/1.1\r\nHost: seam\r\nConnection: close\r\n" + json_type + "\r\n",
         411, "seam.api.length_required"},
        {"n_gzip_body",
         Post("/v1/sessions", json_type + "Content-Encoding: gzip\r\nContent-Length: 2\r\n", "{}"),
         415, "seam.api.unsupported_encoding"},
        {"n_unknown_transfer_encoding",
         Post("/v1/sessions", json_type + "Transfer-Encoding: gzip, chunked\r\n", Chunked("{}", 2)),
         501, "seam.api.bad_framing"},
        {"n_get_with_a_body",
         "GET /healthz HTTP/1.1\r\nHost: seam\r\nConnection: close\r\n" + json_type +
             "Content-Length: 2\r\n\r\n{}",
         400, "seam.api.bad_framing"},
        {"n_chunked_with_a_trailer_field",
         Post("/v1/sessions", json_type + "Transfer-Encoding: chunked\r\n",
              "2\r\n{}\r\n0\r\nX-Trailer: 1\r\n\r\n"),
         400, "seam.api.bad_framing"},
        {"n_chunk_data_not_followed_by_crlf",
         Post("/v1/sessions", json_type + "Transfer-Encoding: chunked\r\n", "2\r\n{}XX0\r\n\r\n"),
         400, "seam.api.bad_framing"},
        {"y_small_chunked_json_body",
         Post("/v1/sessions", json_type + "Transfer-Encoding: chunked\r\n",
              Chunked(R"({"locale": "en"})", 3)),
         201, ""},
        {"y_json_with_a_charset",
         Post("/v1/sessions",
              "Content-Type: Application/JSON; charset=utf-8\r\n"
              "Content-Length: 2\r\n",
              "{}"),
         201, ""},
        // Read whole past the transport, then no route: the nesting was within the limit.
        {"y_nesting_within_the_limit",
         Post("/v1/nowhere",
              json_type + "Content-Length: " + std::to_string(Nest(20).size()) + "\r\n", Nest(20)),
         404, "seam.api.not_found"},
    };
}

}  // namespace

TEST_CASE("transport (#17): hostile requests are refused with a JSON reason; seamd answers on") {
    TempDir dir;
    Seamd s(dir.path.string());
    REQUIRE(s.ready());
    for (const RequestCase& c : RequestCases()) {
        const std::string case_name = c.name;
        CAPTURE(case_name);
        const std::string answer = Exchange(s.port(), c.request);
        CHECK(StatusOf(answer) == c.status);
        CHECK(ErrorCodeOf(answer) == c.code);
        CHECK(answer.find("X-Content-Type-Options: nosniff") != std::string::npos);
        CHECK(s.Healthy());
    }
}

// Bytes of a request seamd did not read must never be read as the next request on the same
// connection: behind a proxy that reuses its connections to seamd, the smuggled request's answer
// would go to another customer. Each request here hides a second one where a body or the rest
// of a refused request would be; exactly one answer may come back.
TEST_CASE("transport (#17): unread request bytes are never read as the next request") {
    TempDir dir;
    Seamd s(dir.path.string());
    REQUIRE(s.ready());
    const std::string hidden = "GET /healthz HTTP/1.1\r\nHost: seam\r\n\r\n";
    const std::string json_type = "Content-Type: application/json\r\n";
    const std::vector<std::pair<const char*, std::string>> cases = {
        {"a GET with a body", "GET /healthz HTTP/1.1\r\nHost: seam\r\n" + json_type +
                                  "Content-Length: " + std::to_string(hidden.size()) + "\r\n\r\n" +
                                  hidden},
        {"a request line httplib refuses itself (414) before the body",
         "POST /v1/sessions?" + std::string(10000, 'a') + " HTTP/1.1\r\nHost: seam\r\n" +
             json_type + "Content-Length: " + std::to_string(hidden.size()) + "\r\n\r\n" + hidden},
        {"a chunked body with a trailer",
         "POST /v1/sessions HTTP/1.1\r\nHost: seam\r\n" + json_type +
             "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n" + hidden},
    };
    for (const auto& [name, request] : cases) {
        const std::string case_name = name;
        CAPTURE(case_name);
        const std::string answer = Exchange(s.port(), request);
        std::size_t answers = 0;
        for (auto at = answer.find("HTTP/1.1 "); at != std::string::npos;
             at = answer.find("HTTP/1.1 ", at + 1))
            ++answers;
        CHECK(answers == 1);
        CHECK(StatusOf(answer) >= 400);
        CHECK(s.Healthy());
    }
}

TEST_CASE("transport (#17): a request that does not arrive in time gets 408 (slowloris)") {
    TempDir dir;
    Seamd s(dir.path.string());  // --request-timeout 2
    REQUIRE(s.ready());
    // More slow clients than threads kept ready, each sending a header line every 300 ms.
    std::vector<std::unique_ptr<Raw>> slow;
    for (int i = 0; i < 12; ++i) {
        slow.push_back(std::make_unique<Raw>(s.port()));
        REQUIRE(slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: seam\r\n"));
    }
    CHECK(s.Healthy());
    std::thread drip([&] {
        for (int round = 0; round < 30; ++round) {
            for (auto& r : slow)
                r->Send("X-Slow: 1\r\n");
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    });
    const std::string answer = slow.front()->ReadAll();
    drip.join();
    CHECK(StatusOf(answer) == 408);
    CHECK(ErrorCodeOf(answer) == "seam.api.request_timeout");
    CHECK(s.Healthy());
}

TEST_CASE("transport (#17): long polls and idle keep-alive sockets do not starve the server") {
    TempDir dir;
    auto server = std::make_unique<Seamd>(dir.path.string());  // 4 threads kept ready
    const Seamd& s = *server;
    REQUIRE(s.ready());
    // 16 widgets waiting for an agent (GET messages?wait=30), 16 idle sockets.
    std::vector<std::thread> polls;
    std::atomic<int> answered{0};
    for (int i = 0; i < 16; ++i) {
        httplib::Client client("127.0.0.1", s.port());
        auto r = client.Post("/v1/sessions", "{}", "application/json");
        REQUIRE(r);
        REQUIRE(r->status == 201);
        const json session = json::parse(r->body);
        const std::string path = "/v1/cases/" + session["case"]["id"].get<std::string>() +
                                 "/messages?after=1000000&wait=30";
        const std::string token = session["session_token"];
        polls.emplace_back([port = s.port(), &answered, path, token] {
            httplib::Client poller("127.0.0.1", port);
            poller.set_read_timeout(60, 0);
            auto got = poller.Get(path.c_str(), {{"Authorization", "Bearer " + token}});
            if (got) ++answered;
        });
    }
    std::vector<std::unique_ptr<Raw>> idle;
    for (int i = 0; i < 16; ++i) {
        idle.push_back(std::make_unique<Raw>(s.port()));
        REQUIRE(idle.back()->connected());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let them all be taken up
    CHECK(answered.load() == 0);                                  // still waiting
    CHECK(s.Healthy());
    httplib::Client client("127.0.0.1", s.port());
    client.set_read_timeout(5, 0);
    auto created = client.Post("/v1/sessions", "{}", "application/json");
    REQUIRE(created);
    CHECK(created->status == 201);
    server.reset();  // stopping releases the waiting long polls
    for (std::thread& t : polls)
        t.join();
    CHECK(answered.load() == 16);
}

TEST_CASE("transport (#17): over --max-connections a connection gets 503; seamd answers on") {
    TempDir dir;
    Seamd s(dir.path.string(), 0, [](seam::server::Options& o) { o.max_connections = 16; });
    REQUIRE(s.ready());
    std::vector<std::unique_ptr<Raw>> held;
    for (int i = 0; i < 16; ++i) {
        held.push_back(std::make_unique<Raw>(s.port()));
        REQUIRE(held.back()->Send("GET /healthz HTTP/1.1\r\nHost: seam\r\n\r\n"));
    }
    // Each has had its answer and now idles in keep-alive, holding its place.
    for (auto& h : held) {
        char buf[512];
        CHECK(::recv(h->fd(), buf, sizeof(buf), 0) > 0);
    }
    const std::string refused = Exchange(s.port(), "GET /healthz HTTP/1.1\r\nHost: seam\r\n\r\n");
    CHECK(StatusOf(refused) == 503);
    CHECK(ErrorCodeOf(refused) == "seam.api.too_many_connections");
    held.clear();
    bool healthy = false;
    for (int i = 0; i < 50 && !healthy; ++i) {  // the closed ones leave as seamd notices
        healthy = s.Healthy();
        if (!healthy) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(healthy);
}

TEST_CASE("transport (#17): a second seamd on a port in use fails to start (no SO_REUSEPORT)") {
    TempDir first_dir, second_dir;
    Seamd first(first_dir.path.string());
    REQUIRE(first.ready());
    Seamd second(second_dir.path.string(), first.port());
    CHECK_FALSE(second.ready());
    CHECK(first.Healthy());
}

// tests/native/test_connector_executor.cpp — the HTTP executor of `http` connectors
// (native/connectors/executor.hpp) against a business's service played by an httplib::Server on
// a loopback port: each fault (slow, 500, reset mid-response, malformed, duplicate delivery)
// gives the declared outcome, nothing executes twice, nothing hangs. Requests and executions
// are counted on the service's side. Issue 21.
//
// No test asserts on wall time tightly: a "never hangs" test asserts that the call returned,
// that the service saw the request, and at most a generous bound (10x the timeout).
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "connectors/config.hpp"
#include "connectors/executor.hpp"
#include "identity/hmac.hpp"
#include "server_fixture.hpp"

namespace {

using nlohmann::json;
using seam::connectors::BreakerState;
using seam::connectors::Call;
using seam::connectors::CallContext;
using seam::connectors::Connector;
using seam::connectors::ConnectorConfig;
using seam::connectors::Executor;
using seam::connectors::ExecutorOptions;

//! The business's service: an httplib::Server on 127.0.0.1, port 0, in its own thread.
struct Service {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<int> requests{0};
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::vector<std::string> keys;                // Idempotency-Key of each request, in order
    std::map<std::string, int> executions;        // per key: times the business acted
    std::map<std::string, std::string> answered;  // per key: the first answer (dedupe)

    void Start() {
        port = server.bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server.listen_after_bind(); });
        for (int i = 0; i < 500 && !server.is_running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        REQUIRE(server.is_running());
    }
    ~Service() {
        stopping = true;
        server.stop();
        if (thread.joinable()) thread.join();
    }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port); }
    //! Counts the request and records its key.
    std::string Saw(const httplib::Request& req) {
        ++requests;
        std::lock_guard<std::mutex> guard(mutex);
        keys.push_back(req.get_header_value("Idempotency-Key"));
        return keys.back();
    }
    //! Sleeps up to `ms`, waking early when the test ends (so server.stop() never waits long).
    void Nap(int ms) {
        for (int i = 0; i < ms / 10 && !stopping; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
};

const json kBase = json::parse(R"({
  "action": "lookup_order", "kind": "http", "method": "GET",
  "url": "{{config.SHOP_URL}}/orders/{{params.order_number}}",
  "headers": {"X-Seam-Customer": "{{customer.id}}", "Accept": "application/json"},
  "timeout_ms": 2000,
  "response": [
    {"status": 200, "outcome": "ok", "result": {"status": "/status", "eta": "/eta"}},
    {"status": 201, "outcome": "ok", "result": {"rma": "/rma"}},
    {"status": 404, "outcome": "not_found"},
    {"status": 422, "outcome": "refused", "reason": "/reason"},
    {"status": 401, "outcome": "not_verified"},
    {"status": "default", "outcome": "error"}],
  "on_timeout": "timed_out", "on_network_error": "unreachable", "on_malformed": "garbled"
})");

Connector Make(const json& patch = json::object()) {
    json doc = kBase;
    doc.merge_patch(patch);
    auto parsed = seam::connectors::ParseConnector(doc);
    if (!parsed) FAIL(parsed.error().message);
    return *parsed;
}

ConnectorConfig Config(const Service& service) {
    ConnectorConfig c;
    c.config["SHOP_URL"] = service.Url();
    c.secrets["SHOP_SIGNING_KEY"] = "k3y-for-the-shop";
    c.secrets["SHOP_TOKEN"] = "t0ken-for-the-shop";
    return c;
}

const json kValues = {{"params", {{"order_number", "A-1001"}}}};

CallContext Ctx(std::uint64_t sequence = 1) {
    CallContext ctx;
    ctx.case_id = "case-42";
    ctx.step_id = "lookup";
    ctx.sequence = sequence;
    ctx.customer_id = "cust-7";
    return ctx;
}

}  // namespace

TEST_CASE("connector executor: a 200 is ok with the result fields, and the call is audited") {
    Service shop;
    std::string customer;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        customer = req.get_header_value("X-Seam-Customer");
        res.set_content(R"({"status": "shipped", "eta": "2026-12-09"})", "application/json");
    });
    shop.Start();
    Executor executor(Config(shop));
    Call call = executor.Execute(Make(), kValues, Ctx());
    CHECK(call.mapped.outcome == "ok");
    CHECK(call.mapped.result["status"] == "shipped");
    CHECK(call.mapped.result["eta"] == "2026-12-09");
    CHECK(call.status == 200);
    CHECK(call.attempts == 1);
    CHECK(call.failure.empty());
    CHECK(shop.requests == 1);
    CHECK(customer == "cust-7");
    CHECK(shop.keys[0] == call.idempotency_key);
    CHECK(call.audit["url"] == shop.Url() + "/orders/A-1001");
    CHECK(call.audit["method"] == "GET");
    CHECK(call.audit["status"] == 200);
    CHECK(call.audit["outcome"] == "ok");
    CHECK(call.audit["attempts"] == 1);
    CHECK(call.audit["idempotency_key"] == call.idempotency_key);
    CHECK(call.audit["headers"]["X-Seam-Customer"] == "cust-7");
    CHECK(call.audit.contains("latency_ms"));
}

TEST_CASE("connector executor: 404 is not_found, 422 is refused with the service's reason") {
    Service shop;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        if (req.matches[1] == "missing") {
            res.status = 404;
            return;
        }
        res.status = 422;
        res.set_content(R"({"reason": "the return window closed on 2026-11-30"})",
                        "application/json");
    });
    shop.Start();
    Executor executor(Config(shop));
    Call missing = executor.Execute(Make(), {{"params", {{"order_number", "missing"}}}}, Ctx());
    CHECK(missing.mapped.outcome == "not_found");
    CHECK(missing.status == 404);
    Call refused = executor.Execute(Make(), kValues, Ctx(2));
    CHECK(refused.mapped.outcome == "refused");
    CHECK(refused.mapped.reason == "the return window closed on 2026-11-30");
    CHECK(shop.requests == 2);
}

TEST_CASE("connector executor: a 500 is retried only when the connector declares it") {
    Service shop;
    std::atomic<int> fail_first{100};
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        if (fail_first-- > 0) {
            res.status = 500;
            return;
        }
        res.set_content(R"({"status": "shipped"})", "application/json");
    });
    shop.Start();
    std::vector<std::int64_t> slept;
    ExecutorOptions options;
    options.sleep = [&](std::int64_t ms) { slept.push_back(ms); };
    Executor executor(Config(shop), options);

    SUBCASE("no retry declared: one request, the 500's outcome") {
        Call call = executor.Execute(Make(), kValues, Ctx());
        CHECK(call.mapped.outcome == "error");
        CHECK(call.status == 500);
        CHECK(call.attempts == 1);
        CHECK(shop.requests == 1);
    }
    SUBCASE("retry on 5xx: every attempt, the same key, backoff doubling") {
        Call call = executor.Execute(
            Make({{"retry", {{"max_attempts", 3}, {"backoff_ms", 5}, {"on", {"5xx"}}}}}), kValues,
            Ctx());
        CHECK(call.mapped.outcome == "error");
        CHECK(call.attempts == 3);
        CHECK(shop.requests == 3);
        CHECK(slept == std::vector<std::int64_t>{5, 10});
        for (const std::string& key : shop.keys)
            CHECK(key == call.idempotency_key);
        CHECK(call.audit["tries"].size() == 3);
    }
    SUBCASE("retry on 5xx: a later 200 is the answer") {
        fail_first = 1;
        Call call = executor.Execute(
            Make({{"retry", {{"max_attempts", 3}, {"backoff_ms", 1}, {"on", {"5xx"}}}}}), kValues,
            Ctx());
        CHECK(call.mapped.outcome == "ok");
        CHECK(call.attempts == 2);
        CHECK(shop.requests == 2);
    }
    SUBCASE("retry on timeout only: a 500 is not retried") {
        Call call = executor.Execute(
            Make({{"retry", {{"max_attempts", 3}, {"backoff_ms", 1}, {"on", {"timeout"}}}}}),
            kValues, Ctx());
        CHECK(call.attempts == 1);
        CHECK(shop.requests == 1);
    }
}

TEST_CASE("connector executor: a slow service gives on_timeout, never a hang") {
    Service shop;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        shop.Nap(3000);
        res.set_content(R"({"status": "late"})", "application/json");
    });
    shop.Start();
    Executor executor(Config(shop));
    const auto start = std::chrono::steady_clock::now();
    Call call = executor.Execute(Make({{"timeout_ms", 200}}), kValues, Ctx());
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    CHECK(call.mapped.outcome == "timed_out");
    CHECK(call.failure == "timeout");
    CHECK(shop.requests == 1);
    CHECK(ms < 2000);  // 10x the timeout: generous, only "it did not hang"
}

TEST_CASE("connector executor: a service dripping its answer byte by byte is cut at the deadline") {
    Service shop;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        // Each byte well within any read timeout; the whole answer far past the deadline.
        res.set_chunked_content_provider("application/json",
                                         [&](std::size_t, httplib::DataSink& sink) {
                                             if (shop.stopping) return false;
                                             shop.Nap(50);
                                             return sink.write(" ", 1);
                                         });
    });
    shop.Start();
    Executor executor(Config(shop));
    const auto start = std::chrono::steady_clock::now();
    Call call = executor.Execute(Make({{"timeout_ms", 300}}), kValues, Ctx());
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    CHECK(call.mapped.outcome == "timed_out");
    CHECK(call.failure == "timeout");
    CHECK(shop.requests == 1);
    CHECK(ms < 3000);
}

TEST_CASE(
    "connector executor: a service dripping its headers byte by byte is cut at the deadline") {
    // A raw socket server: cpp-httplib's per-recv read timeout never fires (a byte every 50 ms)
    // and no body arrives for a size or deadline check, so only the watchdog can end the call.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener, 4) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    const int port = ntohs(addr.sin_port);
    std::atomic<int> accepted{0};
    std::atomic<bool> done{false};
    std::thread server([&] {
        const int conn = ::accept(listener, nullptr, nullptr);
        if (conn < 0) return;
        ++accepted;
        char buf[4096];
        (void)::recv(conn, buf, sizeof buf, 0);
        const std::string head = "HTTP/1.1 200 OK\r\nX-Drip: ";
        (void)::send(conn, head.data(), head.size(), MSG_NOSIGNAL);
        for (int i = 0; i < 100 && !done; ++i) {  // at most 5 s
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (::send(conn, "x", 1, MSG_NOSIGNAL) != 1) break;
        }
        ::close(conn);
    });
    ConnectorConfig config;
    config.config["SHOP_URL"] = "http://127.0.0.1:" + std::to_string(port);
    Executor executor(config);
    const auto start = std::chrono::steady_clock::now();
    Call call = executor.Execute(Make({{"timeout_ms", 300}}), kValues, Ctx());
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    done = true;
    server.join();
    ::close(listener);
    CHECK(call.mapped.outcome == "timed_out");
    CHECK(call.failure == "timeout");
    CHECK(accepted == 1);
    CHECK(ms < 3000);
}

TEST_CASE("connector executor: a connection closed mid-response gives on_network_error") {
    Service shop;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        res.set_content_provider(100, "application/json",
                                 [](std::size_t, std::size_t, httplib::DataSink& sink) {
                                     sink.write(R"({"status":)", 10);
                                     return false;  // httplib closes the connection
                                 });
    });
    shop.Start();
    Executor executor(Config(shop));
    Call call = executor.Execute(Make(), kValues, Ctx());
    CHECK(call.mapped.outcome == "unreachable");
    CHECK(call.failure == "network_error");
    CHECK(shop.requests == 1);
}

TEST_CASE("connector executor: a refused connection gives on_network_error, retried on connect") {
    int port = 0;
    {
        Service gone;
        gone.Start();
        port = gone.port;
    }
    ConnectorConfig config;
    config.config["SHOP_URL"] = "http://127.0.0.1:" + std::to_string(port);
    Executor executor(config);
    Call call = executor.Execute(
        Make({{"retry", {{"max_attempts", 2}, {"backoff_ms", 1}, {"on", {"connect"}}}}}), kValues,
        Ctx());
    CHECK(call.mapped.outcome == "unreachable");
    CHECK(call.failure == "connect");
    CHECK(call.attempts == 2);
}

TEST_CASE("connector executor: malformed or oversized bodies give on_malformed") {
    Service shop;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        if (req.matches[1] == "big") {
            res.set_content("\"" + std::string(4096, 'x') + "\"", "application/json");
            return;
        }
        res.set_content(R"({"status": "shipped",)", "application/json");
    });
    shop.Start();
    ExecutorOptions options;
    options.max_response_bytes = 1024;
    Executor executor(Config(shop), options);
    Call malformed = executor.Execute(Make(), kValues, Ctx());
    CHECK(malformed.mapped.outcome == "garbled");
    CHECK(malformed.status == 200);
    Call big = executor.Execute(Make(), {{"params", {{"order_number", "big"}}}}, Ctx(2));
    CHECK(big.mapped.outcome == "garbled");
    CHECK(big.failure == "too_large");
    CHECK(shop.requests == 2);
}

TEST_CASE("connector executor: duplicate delivery executes once on the service's side") {
    // A business that honours Idempotency-Key: the first delivery acts, then the connection
    // breaks before the answer arrives; our retry carries the same key and gets the first
    // answer again without a second execution.
    Service shop;
    std::atomic<bool> break_first{true};
    shop.server.Post(
        R"(/orders/([^/]+)/returns)", [&](const httplib::Request& req, httplib::Response& res) {
            const std::string key = shop.Saw(req);
            std::string answer;
            {
                std::lock_guard<std::mutex> guard(shop.mutex);
                auto it = shop.answered.find(key);
                if (it == shop.answered.end()) {
                    ++shop.executions[key];
                    answer = R"({"rma": "RMA-)" + std::to_string(shop.executions.size()) + R"("})";
                    shop.answered[key] = answer;
                } else {
                    answer = it->second;
                }
            }
            if (break_first.exchange(false)) {
                res.set_content_provider(100, "application/json",
                                         [](std::size_t, std::size_t, httplib::DataSink& sink) {
                                             sink.write("{", 1);
                                             return false;
                                         });
                return;
            }
            res.status = 201;
            res.set_content(answer, "application/json");
        });
    shop.Start();
    const json create_return = {
        {"action", "create_return"},
        {"method", "POST"},
        {"url", "{{config.SHOP_URL}}/orders/{{params.order_number}}/returns"},
        {"body", {{"order_number", "{{params.order_number}}"}, {"customer_id", "{{customer.id}}"}}},
        {"idempotency_key", "honoured"},
        {"retry", {{"max_attempts", 3}, {"backoff_ms", 1}, {"on", {"network_error", "5xx"}}}}};
    const Connector connector = Make(create_return);
    Executor executor(Config(shop));

    Call call = executor.Execute(connector, kValues, Ctx());
    CHECK(call.mapped.outcome == "ok");
    CHECK(call.mapped.result["rma"] == "RMA-1");
    CHECK(call.attempts == 2);
    CHECK(shop.requests == 2);
    REQUIRE(shop.keys.size() == 2);
    CHECK(shop.keys[0] == shop.keys[1]);
    CHECK(shop.keys[0] == call.idempotency_key);
    CHECK(shop.executions[call.idempotency_key] == 1);

    // The customer's repeat of the same step (same case, step, sequence): same key, no action.
    Call repeat = executor.Execute(connector, kValues, Ctx());
    CHECK(repeat.idempotency_key == call.idempotency_key);
    CHECK(repeat.mapped.result["rma"] == "RMA-1");
    CHECK(shop.executions.size() == 1);
    CHECK(shop.executions[call.idempotency_key] == 1);

    // A new logical call (the next sequence): a new key, a new execution.
    Call next = executor.Execute(connector, kValues, Ctx(2));
    CHECK(next.idempotency_key != call.idempotency_key);
    CHECK(next.mapped.result["rma"] == "RMA-2");
    CHECK(shop.executions.size() == 2);
    CHECK(shop.requests == 4);
}

TEST_CASE("connector executor: idempotency keys are deterministic and distinct") {
    using seam::connectors::IdempotencyKey;
    const std::string key = IdempotencyKey("case-42", "lookup", "lookup_order", 1);
    CHECK(key == IdempotencyKey("case-42", "lookup", "lookup_order", 1));
    CHECK(key.rfind("seam-", 0) == 0);
    CHECK(key.size() == 5 + 32);
    CHECK(key != IdempotencyKey("case-43", "lookup", "lookup_order", 1));
    CHECK(key != IdempotencyKey("case-42", "other", "lookup_order", 1));
    CHECK(key != IdempotencyKey("case-42", "lookup", "create_return", 1));
    CHECK(key != IdempotencyKey("case-42", "lookup", "lookup_order", 2));
    // The separators keep fields from running into each other.
    CHECK(IdempotencyKey("a", "bc", "x", 1) != IdempotencyKey("ab", "c", "x", 1));
}

TEST_CASE("connector executor: HMAC signature and bearer token, checked by the service") {
    Service shop;
    const std::string kKey = "k3y-for-the-shop";
    shop.server.Post(R"(/orders/([^/]+)/returns)",
                     [&](const httplib::Request& req, httplib::Response& res) {
                         shop.Saw(req);
                         if (req.get_header_value("Authorization") != "Bearer t0ken-for-the-shop") {
                             res.status = 401;
                             return;
                         }
                         const std::string expected = seam::identity::HmacSha256Hex(
                             kKey, seam::connectors::SigningString(
                                       seam::connectors::Method::kPost, "http://x" + req.target,
                                       req.get_header_value("Idempotency-Key"), req.body));
                         if (!seam::identity::ConstantTimeEquals(
                                 req.get_header_value("X-Seam-Signature"), expected)) {
                             res.status = 401;
                             return;
                         }
                         res.status = 201;
                         res.set_content(R"({"rma": "RMA-9"})", "application/json");
                     });
    shop.Start();
    const Connector connector =
        Make({{"action", "create_return"},
              {"method", "POST"},
              {"url", "{{config.SHOP_URL}}/orders/{{params.order_number}}/returns"},
              {"headers", {{"Authorization", "Bearer {{secret.SHOP_TOKEN}}"}}},
              {"body", {{"order_number", "{{params.order_number}}"}}},
              {"sign", {{"kind", "hmac_sha256"}, {"secret", "SHOP_SIGNING_KEY"}}}});
    {
        Executor executor(Config(shop));
        Call call = executor.Execute(connector, kValues, Ctx());
        CHECK(call.mapped.outcome == "ok");
        CHECK(call.mapped.result["rma"] == "RMA-9");
        // The audit names the secrets, never their values.
        const std::string audit = call.audit.dump();
        CHECK(audit.find("k3y-for-the-shop") == std::string::npos);
        CHECK(audit.find("t0ken-for-the-shop") == std::string::npos);
        CHECK(call.audit["headers"]["Authorization"] == "Bearer {{secret.SHOP_TOKEN}}");
        CHECK(call.audit["body"]["order_number"] == "A-1001");
    }
    {
        ConnectorConfig wrong = Config(shop);
        wrong.secrets["SHOP_SIGNING_KEY"] = "another-key";
        Executor executor(wrong);
        Call call = executor.Execute(connector, kValues, Ctx());
        CHECK(call.mapped.outcome == "not_verified");
        CHECK(call.status == 401);
    }
    {
        ConnectorConfig none = Config(shop);
        none.secrets.erase("SHOP_SIGNING_KEY");
        Executor executor(none);
        const int before = shop.requests;
        Call call = executor.Execute(connector, kValues, Ctx());
        CHECK(call.mapped.outcome == "unreachable");
        CHECK(call.failure == "secret_missing");
        CHECK(call.attempts == 0);
        CHECK(shop.requests == before);
    }
}

TEST_CASE("connector executor: the circuit breaker opens after failures and closes after a probe") {
    Service shop;
    std::atomic<int> status{500};
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        res.status = status;
        if (status == 200) res.set_content(R"({"status": "shipped"})", "application/json");
    });
    shop.Start();
    std::atomic<std::int64_t> now{1000000};
    ExecutorOptions options;
    options.breaker_failures = 3;
    options.breaker_window_ms = 10000;
    options.breaker_cooldown_ms = 5000;
    options.clock = [&] { return now.load(); };
    Executor executor(Config(shop), options);
    const Connector connector = Make();

    for (int i = 0; i < 3; ++i)
        executor.Execute(connector, kValues, Ctx(i));
    CHECK(shop.requests == 3);
    CHECK(executor.State("lookup_order") == BreakerState::kOpen);

    Call fast = executor.Execute(connector, kValues, Ctx(10));
    CHECK(fast.failure == "circuit_open");
    CHECK(fast.mapped.outcome == "unreachable");
    CHECK(fast.attempts == 0);
    CHECK(fast.audit["detail"].get<std::string>().find("circuit open") != std::string::npos);
    CHECK(shop.requests == 3);

    // After the cool-down one probe goes through; it fails, so the breaker opens again.
    now += 5001;
    CHECK(executor.State("lookup_order") == BreakerState::kHalfOpen);
    executor.Execute(connector, kValues, Ctx(11));
    CHECK(shop.requests == 4);
    CHECK(executor.State("lookup_order") == BreakerState::kOpen);
    CHECK(executor.Execute(connector, kValues, Ctx(12)).failure == "circuit_open");
    CHECK(shop.requests == 4);

    // The service recovers: the next probe succeeds and the breaker closes.
    status = 200;
    now += 5001;
    Call probe = executor.Execute(connector, kValues, Ctx(13));
    CHECK(probe.mapped.outcome == "ok");
    CHECK(executor.State("lookup_order") == BreakerState::kClosed);
    CHECK(executor.Execute(connector, kValues, Ctx(14)).mapped.outcome == "ok");
    CHECK(shop.requests == 6);
}

TEST_CASE("connector executor: failures further apart than the window do not open the breaker") {
    Service shop;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        res.status = 503;
    });
    shop.Start();
    std::atomic<std::int64_t> now{0};
    ExecutorOptions options;
    options.breaker_failures = 2;
    options.breaker_window_ms = 1000;
    options.clock = [&] { return now.load(); };
    Executor executor(Config(shop), options);
    executor.Execute(Make(), kValues, Ctx(1));
    now += 2000;
    executor.Execute(Make(), kValues, Ctx(2));
    CHECK(executor.State("lookup_order") == BreakerState::kClosed);
    executor.Execute(Make(), kValues, Ctx(3));
    CHECK(executor.State("lookup_order") == BreakerState::kOpen);
}

TEST_CASE("connector executor: calls over the concurrency limit fail at once") {
    Service shop;
    std::mutex gate_mutex;
    std::condition_variable gate;
    bool open = false;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        std::unique_lock<std::mutex> guard(gate_mutex);
        gate.wait_for(guard, std::chrono::seconds(8), [&] { return open || shop.stopping.load(); });
        res.set_content(R"({"status": "shipped"})", "application/json");
    });
    shop.Start();
    ExecutorOptions options;
    options.max_in_flight = 2;
    Executor executor(Config(shop), options);
    const Connector connector = Make({{"timeout_ms", 10000}});
    std::vector<Call> held(2);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] { held[i] = executor.Execute(connector, kValues, Ctx(i)); });
    }
    for (int i = 0; i < 800 && shop.requests < 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(shop.requests == 2);
    CHECK(executor.InFlight("lookup_order") == 2);
    Call over = executor.Execute(connector, kValues, Ctx(3));
    CHECK(over.failure == "concurrency_limit");
    CHECK(over.mapped.outcome == "unreachable");
    CHECK(over.attempts == 0);
    {
        std::lock_guard<std::mutex> guard(gate_mutex);
        open = true;
    }
    gate.notify_all();
    for (std::thread& t : threads)
        t.join();
    CHECK(held[0].mapped.outcome == "ok");
    CHECK(held[1].mapped.outcome == "ok");
    CHECK(shop.requests == 2);
    CHECK(executor.InFlight("lookup_order") == 0);
    CHECK(executor.Execute(connector, kValues, Ctx(4)).mapped.outcome == "ok");
}

TEST_CASE("connector config: a file (owner-only) and the environment; missing secrets named") {
    seam::testing::TempDir dir;
    const std::string file = (dir.path / "connectors.json").string();
    {
        std::ofstream out(file);
        out << R"({"secrets": {"SHOP_TOKEN": "from-file", "SHOP_SIGNING_KEY": "k"},
                   "config": {"SHOP_URL": "http://shop"}})";
    }
    ::chmod(file.c_str(), 0644);
    auto refused = seam::connectors::LoadConnectorConfig(file, {});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().id == "seam.connector.config_mode");

    ::chmod(file.c_str(), 0600);
    auto loaded = seam::connectors::LoadConnectorConfig(
        file, {"SEAM_SECRET_SHOP_TOKEN=from-env", "SEAM_CONFIG_OTHER=x", "SEAM_SECRET_bad=1",
               "PATH=/bin"});
    REQUIRE(loaded);
    CHECK(loaded->secrets.at("SHOP_TOKEN") == "from-env");
    CHECK(loaded->secrets.at("SHOP_SIGNING_KEY") == "k");
    CHECK(loaded->config.at("SHOP_URL") == "http://shop");
    CHECK(loaded->config.at("OTHER") == "x");
    CHECK(loaded->secrets.count("bad") == 0);

    // The demo's example connectors need both declared secrets.
    std::vector<Connector> examples;
    for (const char* name : {"lookup_order", "create_return"}) {
        std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/assets/connectors/examples/" + name +
                         ".json");
        auto parsed = seam::connectors::ParseConnector(json::parse(in));
        REQUIRE(parsed);
        examples.push_back(*parsed);
    }
    const auto needed = seam::connectors::RequiredSecrets(examples);
    CHECK(needed == std::set<std::string>{"DEMO_SHOP_API_TOKEN", "DEMO_SHOP_SIGNING_KEY"});
    CHECK(seam::connectors::RequiredConfig(examples) == std::set<std::string>{"DEMO_SHOP_URL"});
    CHECK(seam::connectors::MissingSecrets(*loaded, needed) ==
          std::vector<std::string>{"DEMO_SHOP_API_TOKEN", "DEMO_SHOP_SIGNING_KEY"});

    {
        std::ofstream out(file);
        out << R"({"secrets": {"SHOP_TOKEN": 7}})";
    }
    auto bad = seam::connectors::LoadConnectorConfig(file, {});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().id == "seam.connector.config_json");
    CHECK(bad.error().message.find("/secrets/SHOP_TOKEN") != std::string::npos);
}

TEST_CASE("connector config: the file example in native/README.md loads") {
    std::ifstream in(std::string(SEAM_SOURCE_DIR) + "/native/README.md");
    std::stringstream text;
    text << in.rdbuf();
    const std::string readme = text.str();
    const auto section = readme.find("### Executing `http` connectors");
    REQUIRE(section != std::string::npos);
    const auto open = readme.find("```json\n", section);
    REQUIRE(open != std::string::npos);
    const auto close = readme.find("```", open + 8);
    REQUIRE(close != std::string::npos);
    seam::testing::TempDir dir;
    const std::string file = (dir.path / "connectors.json").string();
    {
        std::ofstream out(file);
        out << readme.substr(open + 8, close - open - 8);
    }
    ::chmod(file.c_str(), 0600);
    auto loaded = seam::connectors::LoadConnectorConfig(file, {});
    REQUIRE(loaded);
    CHECK(loaded->secrets.count("DEMO_SHOP_SIGNING_KEY") == 1);
    CHECK(loaded->config.count("DEMO_SHOP_URL") == 1);
}

TEST_CASE("connector executor: retries on timeout stop at the caller's budget") {
    Service shop;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        shop.Nap(3000);
        res.set_content(R"({"status": "late"})", "application/json");
    });
    shop.Start();
    Executor executor(Config(shop));
    CallContext ctx = Ctx();
    ctx.budget_ms = 350;  // room for one 200 ms attempt and part of a second, not a third
    Call call = executor.Execute(
        Make({{"timeout_ms", 200},
              {"retry", {{"max_attempts", 5}, {"backoff_ms", 1}, {"on", {"timeout"}}}}}),
        kValues, ctx);
    CHECK(call.mapped.outcome == "timed_out");
    CHECK(call.attempts >= 1);
    CHECK(call.attempts <= 2);
    CHECK(shop.requests == call.attempts);
    for (const std::string& key : shop.keys)
        CHECK(key == call.idempotency_key);
}

TEST_CASE("connector executor: a request that cannot be rendered is never sent") {
    Service shop;
    shop.server.Get(R"(/orders/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
        shop.Saw(req);
        res.set_content(R"({"status": "shipped"})", "application/json");
    });
    shop.Start();
    Executor executor(Config(shop));
    Call call = executor.Execute(Make(), {{"params", json::object()}}, Ctx());
    CHECK(call.failure == "render");
    CHECK(call.mapped.outcome == "unreachable");
    CHECK(call.attempts == 0);
    CHECK(call.audit["detail"].get<std::string>().find("seam.connector.render") !=
          std::string::npos);
    CHECK(shop.requests == 0);
}

// native/connectors/executor.cpp — the HTTP executor of `http` connectors (see executor.hpp).
//
// Index of this file
//   [SECTION] Keys and helpers
//   [SECTION] Watchdog          shuts an attempt's socket down at its deadline
//   [SECTION] One attempt       Send: cpp-httplib with timeouts, a size cap and the watchdog
//   [SECTION] Breaker           per-connector circuit breaker and in-flight count
//   [SECTION] Execute
#include "connectors/executor.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "identity/hmac.hpp"
#include "identity/sha256.hpp"

namespace seam::connectors {

using json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// [SECTION] Keys and helpers

std::string IdempotencyKey(const std::string& case_id, const std::string& step_id,
                           const std::string& action, std::uint64_t sequence) {
    const std::string input = "seam/idempotency/v1\n" + case_id + "\n" + step_id + "\n" + action +
                              "\n" + std::to_string(sequence);
    const identity::Digest digest = identity::Sha256Of(input);
    const std::string hex = identity::Hex(
        std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
    return "seam-" + hex.substr(0, 32);
}

namespace {

std::int64_t ElapsedMs(SteadyClock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - since)
        .count();
}

// scheme://authority and the path-and-query of a rendered url; false when it is neither http
// nor https (https only when cpp-httplib was built with OpenSSL, as Debian's is).
bool SplitUrl(const std::string& url, std::string& origin, std::string& path) {
    std::size_t scheme_end = 0;
    if (url.rfind("http://", 0) == 0) {
        scheme_end = 7;
    } else if (url.rfind("https://", 0) == 0) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        scheme_end = 8;
#else
        return false;
#endif
    } else {
        return false;
    }
    const std::size_t slash = url.find('/', scheme_end);
    origin = slash == std::string::npos ? url : url.substr(0, slash);
    path = slash == std::string::npos ? "/" : url.substr(slash);
    return origin.size() > scheme_end;
}

}  // namespace

// [SECTION] Watchdog
//
// cpp-httplib's timeouts bound each recv(), not the request: a server that sends a byte just
// before every read timeout would keep a call going for ever. The watchdog holds each attempt's
// deadline and, when it passes, calls Client::stop(), which shuts the socket down under the
// reading thread (the one thread-safe thing stop() does while a request is in flight). It
// repeats every 20 ms until the attempt disarms, covering a stop() that landed before the
// socket existed. stop() waits for a connect in progress (cpp-httplib connects under the lock
// stop() takes), so it is called outside the watchdog's own lock, on a shared_ptr that keeps
// the client alive until it returns.

namespace {

class Watchdog {
  public:
    Watchdog() : thread_([this] { Loop(); }) {}
    ~Watchdog() {
        {
            std::lock_guard<std::mutex> guard(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

    std::uint64_t Arm(SteadyClock::time_point deadline, std::shared_ptr<httplib::Client> client) {
        std::lock_guard<std::mutex> guard(mutex_);
        const std::uint64_t id = ++next_id_;
        armed_[id] = Entry{deadline, std::move(client), false};
        wake_.notify_all();
        return id;
    }

    //! Forgets the attempt; true when its deadline had fired.
    bool Disarm(std::uint64_t id) {
        std::lock_guard<std::mutex> guard(mutex_);
        auto it = armed_.find(id);
        const bool fired = it != armed_.end() && it->second.fired;
        if (it != armed_.end()) armed_.erase(it);
        return fired;
    }

  private:
    struct Entry {
        SteadyClock::time_point deadline;
        std::shared_ptr<httplib::Client> client;
        bool fired;
    };

    void Loop() {
        std::unique_lock<std::mutex> guard(mutex_);
        while (!stopping_) {
            if (armed_.empty()) {
                wake_.wait(guard);
                continue;
            }
            auto next = SteadyClock::time_point::max();
            for (const auto& [id, e] : armed_)
                next = std::min(next, e.deadline);
            if (SteadyClock::now() < next) {
                wake_.wait_until(guard, next);
                continue;
            }
            const auto now = SteadyClock::now();
            std::vector<std::shared_ptr<httplib::Client>> due;
            for (auto& [id, e] : armed_) {
                if (e.deadline > now) continue;
                e.fired = true;
                due.push_back(e.client);
                e.deadline = now + std::chrono::milliseconds(20);
            }
            guard.unlock();
            for (const auto& client : due)
                client->stop();
            due.clear();
            guard.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::uint64_t, Entry> armed_;
    std::uint64_t next_id_ = 0;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after the members it reads
};

// [SECTION] One attempt

struct Attempt {
    int status = 0;
    std::string body;
    bool failed = false;  // no (whole) response
    Failure failure = Failure::kNetworkError;
    bool too_large = false;
    std::string detail;
};

Attempt Send(Watchdog& watchdog, const std::string& origin, const httplib::Request& prepared,
             std::int64_t timeout_ms, std::size_t max_bytes) {
    Attempt out;
    auto shared = std::make_shared<httplib::Client>(origin);
    httplib::Client& client = *shared;
    if (!client.is_valid()) {
        out.failed = true;
        out.failure = Failure::kConnect;
        out.detail = "the url's host is not valid";
        return out;
    }
    const auto start = SteadyClock::now();
    const auto deadline = start + std::chrono::milliseconds(timeout_ms);
    const auto ms = std::chrono::milliseconds(timeout_ms);
    client.set_connection_timeout(ms);
    // Read and write timeouts a little past the deadline: the watchdog decides timeouts, so a
    // recv() timing out on its own is still classified by the clock below.
    client.set_read_timeout(ms + std::chrono::milliseconds(250));
    client.set_write_timeout(ms + std::chrono::milliseconds(250));
    client.set_keep_alive(false);
    // A 3xx is an answer for the response rules, never followed: the connector names its url.
    client.set_follow_location(false);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    // https: the server's certificate is checked against the system's CA store (the default;
    // stated so that nobody turns it off here without seeing it).
    client.enable_server_certificate_verification(true);
#endif

    httplib::Request req = prepared;
    bool over_deadline = false;
    req.content_receiver = [&](const char* data, std::size_t len, std::uint64_t, std::uint64_t) {
        if (SteadyClock::now() >= deadline) {
            over_deadline = true;
            return false;
        }
        if (out.body.size() + len > max_bytes) {
            out.too_large = true;
            return false;
        }
        out.body.append(data, len);
        return true;
    };
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    const std::uint64_t armed = watchdog.Arm(deadline, shared);
    const bool sent = client.send(req, res, error);
    const bool fired = watchdog.Disarm(armed);
    if (sent && !out.too_large && !over_deadline) {
        out.status = res.status;
        return out;
    }
    out.failed = true;
    if (out.too_large) {
        out.detail = "the response is larger than " + std::to_string(max_bytes) + " bytes";
        return out;
    }
    if (error == httplib::Error::Connection || error == httplib::Error::ConnectionTimeout ||
        error == httplib::Error::SSLConnection || error == httplib::Error::SSLServerVerification ||
        error == httplib::Error::SSLLoadingCerts) {
        // Nothing was sent: the connection (or its TLS) was never made.
        out.failure = Failure::kConnect;
        out.detail = "connect: " + httplib::to_string(error);
        if (error == httplib::Error::ConnectionTimeout) out.detail = "connect: timed out";
        return out;
    }
    if (fired || over_deadline || SteadyClock::now() >= deadline) {
        out.failure = Failure::kTimeout;
        out.detail = "no complete answer within " + std::to_string(timeout_ms) + " ms";
        return out;
    }
    out.failure = Failure::kNetworkError;
    out.detail = "the connection failed: " + httplib::to_string(error);
    return out;
}

}  // namespace

// [SECTION] Breaker

namespace {

struct Breaker {
    int in_flight = 0;
    int failures = 0;                   // failed calls in a row
    std::int64_t first_failure_ms = 0;  // of the current run
    bool open = false;
    std::int64_t opened_ms = 0;
    bool probing = false;  // half-open: the probe is in flight
};

}  // namespace

struct Executor::Impl {
    ConnectorConfig config;
    json config_values;
    ExecutorOptions options;
    mutable std::mutex mutex;
    std::map<std::string, Breaker> breakers;
    Watchdog watchdog;

    std::int64_t Now() const {
        if (options.clock) return options.clock();
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   SteadyClock::now().time_since_epoch())
            .count();
    }

    // "" = admitted (and counted in flight); otherwise why not.
    std::string Admit(const std::string& action, bool& probe) {
        std::lock_guard<std::mutex> guard(mutex);
        Breaker& b = breakers[action];
        probe = false;
        if (b.open) {
            if (Now() - b.opened_ms < options.breaker_cooldown_ms) return "circuit_open";
            if (b.probing) return "circuit_open";
            probe = true;
        }
        if (b.in_flight >= options.max_in_flight) return "concurrency_limit";
        if (probe) b.probing = true;
        ++b.in_flight;
        return "";
    }

    void Release(const std::string& action, bool probe, bool failed) {
        std::lock_guard<std::mutex> guard(mutex);
        Breaker& b = breakers[action];
        --b.in_flight;
        const std::int64_t now = Now();
        if (probe) b.probing = false;
        if (!failed) {
            b.failures = 0;
            if (probe) b.open = false;
            return;
        }
        if (probe) {
            b.opened_ms = now;  // still failing: another cool-down
            return;
        }
        if (b.failures == 0 || now - b.first_failure_ms > options.breaker_window_ms) {
            b.failures = 0;
            b.first_failure_ms = now;
        }
        if (++b.failures >= options.breaker_failures && !b.open) {
            b.open = true;
            b.opened_ms = now;
        }
    }
};

Executor::Executor(ConnectorConfig config, ExecutorOptions options) : impl_(new Impl) {
    impl_->config_values = config.Values();
    impl_->config = std::move(config);
    impl_->options = std::move(options);
    impl_->options.max_in_flight = std::max(1, impl_->options.max_in_flight);
    impl_->options.breaker_failures = std::max(1, impl_->options.breaker_failures);
}

Executor::~Executor() = default;

const ExecutorOptions& Executor::options() const {
    return impl_->options;
}

BreakerState Executor::State(const std::string& action) const {
    std::lock_guard<std::mutex> guard(impl_->mutex);
    auto it = impl_->breakers.find(action);
    if (it == impl_->breakers.end() || !it->second.open) return BreakerState::kClosed;
    if (impl_->Now() - it->second.opened_ms < impl_->options.breaker_cooldown_ms) {
        return BreakerState::kOpen;
    }
    return BreakerState::kHalfOpen;
}

int Executor::InFlight(const std::string& action) const {
    std::lock_guard<std::mutex> guard(impl_->mutex);
    auto it = impl_->breakers.find(action);
    return it == impl_->breakers.end() ? 0 : it->second.in_flight;
}

// [SECTION] Execute

Call Executor::Execute(const Connector& connector, const json& values, const CallContext& ctx) {
    const auto start = SteadyClock::now();
    const std::string action = ctx.action.empty() ? connector.action : ctx.action;
    Call call;
    call.idempotency_key = IdempotencyKey(ctx.case_id, ctx.step_id, action, ctx.sequence);
    call.audit = {{"action", action},      {"method", MethodName(connector.method)},
                  {"url", nullptr},        {"headers", json::object()},
                  {"body", nullptr},       {"idempotency_key", call.idempotency_key},
                  {"tries", json::array()}};

    // Ends the call: the mapped outcome, the audit's summary.
    auto finish = [&](Mapped mapped, const std::string& failure) {
        call.mapped = std::move(mapped);
        call.failure = failure;
        call.latency_ms = ElapsedMs(start);
        call.audit["attempts"] = call.attempts;
        call.audit["status"] = call.status;
        call.audit["latency_ms"] = call.latency_ms;
        call.audit["outcome"] = call.mapped.outcome;
        call.audit["reason"] = call.mapped.reason;
        call.audit["failure"] = failure;
        call.audit["detail"] = call.mapped.detail;
        return call;
    };
    auto fail_before_network = [&](const std::string& failure, const std::string& detail) {
        Mapped m = MapFailure(connector, Failure::kNetworkError);
        m.detail = detail;
        return finish(std::move(m), failure);
    };

    if (connector.kind != Kind::kHttp) {
        return fail_before_network("render", "the connector is not kind http");
    }

    // The values: the caller's params and facts, this deployment's config and secrets, the
    // context's case and customer.
    json all = values.is_object() ? values : json::object();
    if (!all.contains("config")) all["config"] = impl_->config_values["config"];
    if (!all.contains("secret")) all["secret"] = impl_->config_values["secret"];
    if (!all.contains("case")) {
        all["case"] = {{"id", ctx.case_id}, {"locale", ctx.locale.empty() ? "en" : ctx.locale}};
    }
    if (!all.contains("customer")) all["customer"] = {{"id", ctx.customer_id}};
    // No policy decision given (a connector without a facts request): the rules let it go.
    if (!all.contains("decision") && !connector.is_facts_request) {
        all["decision"] = {{"verdict", "allow"}};
    }
    if (!all.contains("actor")) {
        std::string kind = ctx.actor_kind;
        if (kind.empty()) kind = ctx.customer_id.empty() ? "visitor" : "customer";
        all["actor"] = {{"kind", kind}, {"agent", kind == "agent" ? ctx.agent_login : ""}};
    }
    for (const Placeholder& p : Placeholders(connector)) {
        if (p.ns != "secret") continue;
        const json& secrets = all["secret"];
        const auto it = secrets.is_object() ? secrets.find(p.name) : secrets.end();
        if (!secrets.is_object() || it == secrets.end() || !it->is_string() ||
            it->get<std::string>().empty()) {
            return fail_before_network("secret_missing",
                                       "the deployment gives no value for secret " + p.name);
        }
    }
    Result<Rendered> rendered = Render(connector, all);
    if (!rendered) return fail_before_network("render", rendered.error().message);
    call.audit["url"] = rendered->url;
    call.audit["headers"] = rendered->audit_headers;
    if (rendered->has_body) call.audit["body"] = rendered->body;

    std::string origin, path;
    if (!SplitUrl(rendered->url, origin, path)) {
        return fail_before_network("bad_url", "the url is not http:// or https://");
    }

    httplib::Request req;
    req.method = MethodName(connector.method);
    req.path = path;
    for (const auto& [name, value] : rendered->headers)
        req.headers.emplace(name, value);
    req.headers.emplace("Idempotency-Key", call.idempotency_key);
    call.audit["headers"]["Idempotency-Key"] = call.idempotency_key;
    if (rendered->has_body) {
        req.body = rendered->body_text;
        if (!req.has_header("Content-Type")) {
            req.headers.emplace("Content-Type", "application/json");
            call.audit["headers"]["Content-Type"] = "application/json";
        }
    }
    if (connector.sign.kind != SignKind::kNone) {
        const std::string secret = all["secret"][connector.sign.secret].get<std::string>();
        std::string value;
        if (connector.sign.kind == SignKind::kHmacSha256) {
            value = identity::HmacSha256Hex(
                secret, SigningString(connector.method, rendered->url, call.idempotency_key,
                                      rendered->body_text));
            call.audit["headers"][connector.sign.header] =
                "hmac-sha256 {{secret." + connector.sign.secret + "}}";
        } else {
            value = "Bearer " + secret;
            call.audit["headers"][connector.sign.header] =
                "Bearer {{secret." + connector.sign.secret + "}}";
        }
        req.headers.erase(connector.sign.header);
        req.headers.emplace(connector.sign.header, value);
    }

    bool probe = false;
    const std::string refused = impl_->Admit(action, probe);
    if (!refused.empty()) {
        return fail_before_network(
            refused, refused == "circuit_open"
                         ? "circuit open: the connector failed too often"
                         : "concurrency limit: " + std::to_string(impl_->options.max_in_flight) +
                               " calls already in flight");
    }

    // The budget: every attempt and backoff unless the caller gives less.
    const int max_attempts = std::clamp(connector.retry.max_attempts, 1, kMaxAttempts);
    const std::int64_t timeout_ms = std::clamp(connector.timeout_ms, 1, kMaxTimeoutMs);
    std::int64_t full = 0;
    for (int n = 1; n <= max_attempts; ++n) {
        full += timeout_ms;
        if (n < max_attempts)
            full += static_cast<std::int64_t>(connector.retry.backoff_ms) << (n - 1);
    }
    const std::int64_t budget = ctx.budget_ms > 0 ? std::min(ctx.budget_ms, full) : full;

    Attempt last;
    for (int n = 1;; ++n) {
        const std::int64_t remaining = budget - ElapsedMs(start);
        if (remaining <= 0) break;  // only after a first attempt: budget > 0
        const auto try_start = SteadyClock::now();
        last = Send(impl_->watchdog, origin, req, std::min(timeout_ms, remaining),
                    impl_->options.max_response_bytes);
        ++call.attempts;
        call.status = last.failed ? 0 : last.status;
        call.audit["tries"].push_back(
            {{"status", call.status},
             {"failure",
              last.failed ? (last.too_large ? "too_large" : FailureName(last.failure)) : ""},
             {"ms", ElapsedMs(try_start)}});
        // What this attempt's failure is, for retry.on; none = a final answer.
        bool retryable = false;
        if (last.failed && !last.too_large) {
            retryable = connector.retry.on.count(last.failure) > 0;
        } else if (!last.failed && last.status >= 500 && last.status <= 599) {
            retryable = connector.retry.on.count(Failure::kStatus5xx) > 0;
        } else if (!last.failed && last.status == 429) {
            retryable = connector.retry.on.count(Failure::kStatus429) > 0;
        }
        if (!retryable || n >= max_attempts) break;
        const std::int64_t backoff = static_cast<std::int64_t>(connector.retry.backoff_ms)
                                     << (n - 1);
        if (ElapsedMs(start) + backoff >= budget) break;
        if (backoff > 0) {
            if (impl_->options.sleep) {
                impl_->options.sleep(backoff);
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
            }
        }
    }

    const bool breaker_failure =
        call.attempts == 0 || (last.failed && !last.too_large) || (last.status >= 500);
    impl_->Release(action, probe, breaker_failure);

    if (call.attempts == 0) {
        Mapped m = MapFailure(connector, Failure::kTimeout);
        m.detail = "the call's budget was spent before an attempt";
        return finish(std::move(m), "timeout");
    }
    if (last.too_large) {
        Mapped m;
        m.outcome = connector.on_malformed;
        m.detail = last.detail;
        return finish(std::move(m), "too_large");
    }
    if (last.failed) {
        Mapped m = MapFailure(connector, last.failure);
        m.detail = last.detail;
        return finish(std::move(m), FailureName(last.failure));
    }
    return finish(MapResponse(connector, last.status, last.body), "");
}

}  // namespace seam::connectors

// native/demo_shop/shop.cpp — the demo shop service (see shop.hpp).
//
// Index of this file
//   [SECTION] Store        Open: the service's own store, the demo business, the policy
//   [SECTION] Actions      RunAction, ReadFacts: bearer, signature, actor, the builtin runner
//   [SECTION] HTTP         routes, the request log, Bind / Listen / Stop
#include "demo_shop/shop.hpp"

#include <httplib.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "demo/generator.hpp"
#include "demo/loader.hpp"
#include "identity/hmac.hpp"
#include "seam/connectors/connector.hpp"
#include "seam/policy/rules.hpp"
#include "server/app.hpp"
#include "store/migrations.hpp"

namespace seam::demo_shop {

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

Date ClockToday() {
    const std::time_t t = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&t, &utc);
    return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

std::int64_t WallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Reply JsonReply(int status, const json& body) {
    Reply r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

Reply ErrorReply(int status, const std::string& code, const std::string& message) {
    return JsonReply(status, {{"error", code}, {"message", message}});
}

// What the request log says about an action request, filled by RunAction on the serving thread
// and written by the logger after the answer (the same thread).
struct LogNote {
    std::string action, outcome;
    bool replayed = false;
    std::chrono::steady_clock::time_point start;
};
thread_local LogNote t_note;

}  // namespace

// [SECTION] Store

Result<std::unique_ptr<Shop>> Shop::Open(const Options& options) {
    std::unique_ptr<Shop> shop(new Shop());
    shop->options_ = options;
    if (shop->options_.assets.empty()) shop->options_.assets = server::DefaultAssetsDir();

    // The policy the builtin actions decide with.
    const std::string rules_path = shop->options_.assets + "/policy/rules.json";
    std::ifstream in(rules_path, std::ios::binary);
    if (!in) return Error::Make("seam.demo_shop.rules", "cannot read " + rules_path);
    std::stringstream text;
    text << in.rdbuf();
    auto rules = policy::ParseRules(text.str());
    if (!rules) return Error::Make("seam.demo_shop.rules", rules.error().message);
    shop->runner_ = std::make_unique<actions::Runner>(std::move(*rules));

    // Its own store: DIR/shop.db, owner-only as seamd's.
    std::error_code ec;
    const bool existed = fs::exists(options.data, ec);
    fs::create_directories(options.data, ec);
    if (ec) {
        return Error::Make("seam.demo_shop.data", "cannot create the data directory '" +
                                                      options.data + "': " + ec.message());
    }
    if (!existed) ::chmod(options.data.c_str(), 0700);
    auto db = store::Db::Open((fs::path(options.data) / "shop.db").string());
    if (!db) return db.error();
    shop->db_ = std::move(*db);
    auto version = store::Migrate(*shop->db_);
    if (!version) return version.error();
    if (!demo::IsLoaded(*shop->db_)) {
        auto loaded = demo::Load(*shop->db_, demo::Generate(options.demo_seed, shop->Today()));
        if (!loaded) return loaded.error();
    }
    return shop;
}

Shop::~Shop() {
    Stop();
}

Date Shop::Today() const {
    if (!options_.today.empty()) {
        auto d = ParseIsoDate(options_.today);
        if (d) return *d;
    }
    return ClockToday();
}

// [SECTION] Actions

Reply Shop::Unauthorized(const char* error) const {
    return JsonReply(401, {{"error", error}});
}

bool Shop::BearerOk(const std::function<std::string(const char*)>& header) const {
    return identity::ConstantTimeEquals(header("Authorization"), "Bearer " + options_.api_token);
}

std::optional<Reply> Shop::ReadRequest(const std::string& name, const std::string& target,
                                       const std::function<std::string(const char*)>& header,
                                       const std::string& body, actions::Request& request,
                                       std::string& kind, std::string& customer) {
    t_note.action = name;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        ++requests_;
    }
    // 1. Who calls: the bearer token this service issued to Seam.
    if (!BearerOk(header)) return Unauthorized("unauthorized");
    // 2. What was sent: the signature binds the method, the path, the key and the body, with
    // the very function the executor signs with.
    const std::string key = header("Idempotency-Key");
    const std::string expected = identity::HmacSha256Hex(
        options_.signing_key,
        connectors::SigningString(connectors::Method::kPost, "http://shop" + target, key, body));
    if (!identity::ConstantTimeEquals(header("X-Seam-Signature"), expected)) {
        return Unauthorized("bad_signature");
    }

    // 3. The request.
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return ErrorReply(400, "bad_request", "the body is not a JSON object");
    }
    json params = json::object();
    if (auto it = doc.find("params"); it != doc.end() && !it->is_null()) {
        if (!it->is_object()) return ErrorReply(400, "bad_request", "params is not an object");
        // A connector sends an optional parameter it does not have as null: not given.
        for (auto p = it->begin(); p != it->end(); ++p) {
            if (!p->is_null()) params[p.key()] = *p;
        }
    }
    request.name = name;
    request.params = std::move(params);
    request.idempotency_key = key;
    request.case_id = header("X-Seam-Case");
    request.locale = header("X-Seam-Locale");
    if (request.locale.empty()) {
        auto it = doc.find("locale");
        request.locale = it != doc.end() && it->is_string() ? it->get<std::string>() : "en";
    }
    request.now_ms = WallMs();
    request.today = Today();
    const std::string decision = header("X-Seam-Decision");
    if (!decision.empty() && decision != "allow" && decision != "review") {
        return ErrorReply(400, "bad_request",
                          "X-Seam-Decision '" + decision + "' is not allow or review");
    }
    request.hold_for_review = decision == "review";

    customer = header("X-Seam-Customer");
    kind = header("X-Seam-Actor");
    if (kind.empty()) kind = customer.empty() ? "visitor" : "customer";
    if (kind != "customer" && kind != "visitor" && kind != "agent" && kind != "system") {
        return ErrorReply(400, "bad_actor",
                          "X-Seam-Actor '" + kind +
                              "' is not one of customer, "
                              "visitor, agent, system");
    }
    request.actor.kind = kind == "visitor" ? "customer" : kind;
    request.actor.agent_login = kind == "agent" ? header("X-Seam-Agent") : std::string();
    if (kind == "agent" && request.actor.agent_login.empty()) {
        return ErrorReply(400, "bad_actor", "X-Seam-Actor agent needs X-Seam-Agent");
    }
    return std::nullopt;
}

std::optional<Reply> Shop::ResolveCustomer(actions::Request& request, const std::string& kind,
                                           const std::string& customer) {
    // The customer the request is for: verified by Seam (the signature says the id is Seam's).
    // A visitor is nobody yet; an agent or the system may act for the case's customer.
    if (kind == "visitor" || (kind != "customer" && customer.empty())) return std::nullopt;
    auto s = db_->Prepare("SELECT id FROM customers WHERE external_id = ?");
    if (!s) return ErrorReply(500, "seam.actions.store", s.error().message);
    s->Bind(1, customer);
    if (!s->Next()) return JsonReply(403, {{"error", "unknown_customer"}});
    request.actor.customer_id = s->Int(0);
    request.actor.external_id = customer;
    request.actor.verified = true;
    return std::nullopt;
}

namespace {

Reply RunnerError(const Error& error) {
    const std::string& id = error.id;
    std::string message = error.message;
    const std::string prefix = "[" + id + "] ";
    if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
    t_note.outcome = id;
    const int status = id == "seam.actions.unknown_action" ? 404
                       : id == "seam.actions.bad_params"   ? 400
                       : id == "seam.actions.idempotency"  ? 409
                                                           : 500;
    return ErrorReply(status, id, message);
}

}  // namespace

Reply Shop::RunAction(const std::string& name, const std::string& target,
                      const std::function<std::string(const char*)>& header,
                      const std::string& body) {
    actions::Request request;
    std::string kind, customer;
    if (auto refused = ReadRequest(name, target, header, body, request, kind, customer)) {
        return *refused;
    }
    std::lock_guard<std::mutex> guard(mutex_);
    if (auto refused = ResolveCustomer(request, kind, customer)) return *refused;

    // 4. The builtin implementation on this store, in the runner's own transaction; its
    // idempotency replays a key's first answer (executed once).
    auto ran = runner_->Run(*db_, request);
    if (!ran) return RunnerError(ran.error());
    if (ran->replayed) {
        ++replays_;
    } else {
        ++executions_[name];
    }
    t_note.outcome = ran->outcome;
    t_note.replayed = ran->replayed;
    return JsonReply(200, {{"outcome", ran->outcome},
                           {"result", ran->result.is_null() ? json::object() : ran->result},
                           {"decision", ran->decision},
                           {"replayed", ran->replayed}});
}

Reply Shop::ReadFacts(const std::string& name, const std::string& target,
                      const std::function<std::string(const char*)>& header,
                      const std::string& body) {
    actions::Request request;
    std::string kind, customer;
    if (auto refused = ReadRequest(name, target, header, body, request, kind, customer)) {
        return *refused;
    }
    std::lock_guard<std::mutex> guard(mutex_);
    if (auto refused = ResolveCustomer(request, kind, customer)) return *refused;
    // 4. What the builtin would decide on, changing nothing.
    auto facts = runner_->Facts(*db_, request);
    if (!facts) return RunnerError(facts.error());
    ++facts_reads_[name];
    if (facts->facts.is_object()) {
        // With what its answer would hold (the seamd side maps it for a refusal's words).
        t_note.outcome = "facts";
        json reply = {{"facts", facts->facts}, {"outcome", facts->answer.outcome}};
        if (facts->answer.outcome != "ok") reply["result"] = facts->answer.result;
        return JsonReply(200, reply);
    }
    t_note.outcome = facts->answer.outcome;
    return JsonReply(200, {{"outcome", facts->answer.outcome}, {"result", facts->answer.result}});
}

json Shop::Stats() const {
    std::lock_guard<std::mutex> guard(mutex_);
    json executions = json::object();
    for (const auto& [action, n] : executions_)
        executions[action] = n;
    json facts = json::object();
    for (const auto& [action, n] : facts_reads_)
        facts[action] = n;
    return {{"requests", requests_},
            {"executions", executions},
            {"replays", replays_},
            {"facts", facts}};
}

// [SECTION] HTTP

Result<int> Shop::Bind() {
    server_ = std::make_unique<httplib::Server>();
    httplib::Server& http = *server_;
    http.set_payload_max_length(1 << 20);
    auto send = [](httplib::Response& res, const Reply& r) {
        res.status = r.status;
        res.set_content(r.body, r.content_type);
    };
    http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
        t_note = LogNote();
        t_note.start = std::chrono::steady_clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    http.Post(R"(/v1/actions/([A-Za-z0-9_]+))",
              [this, send](const httplib::Request& req, httplib::Response& res) {
                  auto header = [&req](const char* name) { return req.get_header_value(name); };
                  send(res, RunAction(req.matches[1], req.target, header, req.body));
              });
    http.Post(R"(/v1/facts/([A-Za-z0-9_]+))",
              [this, send](const httplib::Request& req, httplib::Response& res) {
                  auto header = [&req](const char* name) { return req.get_header_value(name); };
                  send(res, ReadFacts(req.matches[1], req.target, header, req.body));
              });
    http.Get("/v1/stats", [this, send](const httplib::Request& req, httplib::Response& res) {
        auto header = [&req](const char* name) { return req.get_header_value(name); };
        send(res, BearerOk(header) ? JsonReply(200, Stats()) : Unauthorized("unauthorized"));
    });
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("ok", "text/plain");
    });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        res.set_content(json({{"error", res.status == 404 ? "not_found" : "bad_request"}}).dump(),
                        "application/json");
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            res.status = 500;
            res.set_content(R"({"error":"internal"})", "application/json");
        });
    // One line per request; no header or body is written (they hold the secrets).
    if (options_.request_log)
        http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - t_note.start)
                                .count();
            std::fprintf(stderr,
                         "seam-demo-shop: %s %s %d action=%s outcome=%s replayed=%s %lld ms\n",
                         req.method.c_str(), req.path.c_str(), res.status,
                         t_note.action.empty() ? "-" : t_note.action.c_str(),
                         t_note.outcome.empty() ? "-" : t_note.outcome.c_str(),
                         t_note.replayed ? "true" : "false", static_cast<long long>(ms));
        });

    const int port = options_.port == 0
                         ? http.bind_to_any_port(options_.host)
                         : (http.bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port <= 0) {
        return Error::Make("seam.demo_shop.listen", "cannot listen on " + options_.host + ":" +
                                                        std::to_string(options_.port));
    }
    return port;
}

bool Shop::Listen() {
    return server_ && server_->listen_after_bind();
}

bool Shop::Running() const {
    return server_ && server_->is_running();
}

void Shop::Stop() {
    if (server_) server_->stop();
}

}  // namespace seam::demo_shop

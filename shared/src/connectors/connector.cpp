// shared/src/connectors/connector.cpp — connectors as data: the parser, the templates, the
// response mapping and the checks (see seam/connectors/connector.hpp).
//
// Index of this file
//   [SECTION] Small readers
//   [SECTION] Parsing
//   [SECTION] Pointers and templates
//   [SECTION] Responses
//   [SECTION] Checks
#include "seam/connectors/connector.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <utility>

#include "seam/core/json_read.hpp"

namespace seam::connectors {

using nlohmann::json;

namespace {

// [SECTION] Small readers

const char* const kSchema = "seam.connector.schema";

Error SchemaError(const std::string& pointer, const std::string& what) {
    return Error::Make(kSchema, (pointer.empty() ? std::string("/") : pointer) + ": " + what);
}

std::string Escape(std::string_view token) {
    std::string out;
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

std::string Child(const std::string& pointer, std::string_view key) {
    return pointer + "/" + Escape(key);
}

std::string Child(const std::string& pointer, std::size_t index) {
    return pointer + "/" + std::to_string(index);
}

bool IsIdentifier(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    if (!std::islower(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

bool IsSecretName(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    if (!std::isupper(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

// An integer in [lo, hi] at `pointer`, or a schema error.
Result<int> IntIn(const json& v, const std::string& pointer, int lo, int hi) {
    if (!v.is_number_integer()) return SchemaError(pointer, "expected an integer");
    const std::int64_t n = v.get<std::int64_t>();
    if (n < lo || n > hi) {
        return SchemaError(pointer, "expected an integer from " + std::to_string(lo) + " to " +
                                        std::to_string(hi) + ", got " + std::to_string(n));
    }
    return static_cast<int>(n);
}

Result<std::string> Str(const json& v, const std::string& pointer) {
    if (!v.is_string()) {
        return SchemaError(pointer, "expected a string, got " + json_read::KindOf(v));
    }
    return v.get<std::string>();
}

// Every {{...}} of `text`: the inside, trimmed. False when a "{{" has no "}}".
bool ScanPlaceholders(std::string_view text,
                      std::vector<std::pair<std::size_t, std::size_t>>& spans,
                      std::vector<std::string>& inner) {
    std::size_t at = 0;
    while ((at = text.find("{{", at)) != std::string_view::npos) {
        const std::size_t end = text.find("}}", at + 2);
        if (end == std::string_view::npos) return false;
        std::string_view in = text.substr(at + 2, end - at - 2);
        while (!in.empty() && in.front() == ' ')
            in.remove_prefix(1);
        while (!in.empty() && in.back() == ' ')
            in.remove_suffix(1);
        spans.emplace_back(at, end + 2);
        inner.emplace_back(in);
        at = end + 2;
    }
    return true;
}

// "params.order_number" -> ns, name. The name may be empty ("secret." is a missing secret name,
// reported by the checker); a placeholder with no dot has an empty namespace.
void SplitPlaceholder(const std::string& inner, std::string& ns, std::string& name) {
    const auto dot = inner.find('.');
    if (dot == std::string::npos) {
        ns.clear();
        name = inner;
    } else {
        ns = inner.substr(0, dot);
        name = inner.substr(dot + 1);
    }
}

Result<bool> CheckTemplate(const std::string& text, const std::string& pointer) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<std::string> inner;
    if (!ScanPlaceholders(text, spans, inner)) {
        return SchemaError(pointer, "a \"{{\" with no \"}}\"");
    }
    return true;
}

Result<bool> CheckBodyTemplate(const json& v, const std::string& pointer, int depth) {
    if (depth > 32) return SchemaError(pointer, "the body template is nested too deeply");
    if (v.is_string()) return CheckTemplate(v.get<std::string>(), pointer);
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            Result<bool> r = CheckBodyTemplate(it.value(), Child(pointer, it.key()), depth + 1);
            if (!r) return r;
        }
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            Result<bool> r = CheckBodyTemplate(v[i], Child(pointer, i), depth + 1);
            if (!r) return r;
        }
    }
    return true;
}

// [SECTION] Parsing

Result<bool> OnlyKeys(const json& obj, const std::string& pointer,
                      std::initializer_list<const char*> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const bool known = std::any_of(allowed.begin(), allowed.end(),
                                       [&](const char* k) { return it.key() == k; });
        if (!known) return SchemaError(Child(pointer, it.key()), "unknown field");
    }
    return true;
}

// One status or class: 200, "2xx". Appends its range.
Result<bool> StatusItem(const json& v, const std::string& pointer, StatusMatch& out) {
    if (v.is_number_integer()) {
        Result<int> n = IntIn(v, pointer, 100, 599);
        if (!n) return n.error();
        out.ranges.emplace_back(*n, *n);
        return true;
    }
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s.size() == 3 && s[0] >= '1' && s[0] <= '5' && s[1] == 'x' && s[2] == 'x') {
            const int lo = (s[0] - '0') * 100;
            out.ranges.emplace_back(lo, lo + 99);
            return true;
        }
    }
    return SchemaError(
        pointer, "expected a status (200), a class (\"2xx\"), a list of them, or \"default\"");
}

Result<StatusMatch> ParseStatus(const json& v, const std::string& pointer) {
    StatusMatch m;
    if (v.is_string() && v.get<std::string>() == "default") {
        m.is_default = true;
        m.ranges.emplace_back(100, 599);
        return m;
    }
    if (v.is_array()) {
        if (v.empty()) return SchemaError(pointer, "an empty list of statuses matches nothing");
        for (std::size_t i = 0; i < v.size(); ++i) {
            Result<bool> r = StatusItem(v[i], Child(pointer, i), m);
            if (!r) return r.error();
        }
        return m;
    }
    Result<bool> r = StatusItem(v, pointer, m);
    if (!r) return r.error();
    return m;
}

Result<std::string> ParseOutcome(const json& v, const std::string& pointer) {
    Result<std::string> s = Str(v, pointer);
    if (!s) return s;
    if (!IsIdentifier(*s)) {
        return SchemaError(pointer,
                           "expected an outcome name ([a-z][a-z0-9_]*), got \"" + *s + "\"");
    }
    return s;
}

Result<std::string> ParsePointerField(const json& v, const std::string& pointer) {
    Result<std::string> s = Str(v, pointer);
    if (!s) return s;
    if (s->empty() || (*s)[0] != '/' || !ValidPointer(*s)) {
        return SchemaError(pointer,
                           "expected a JSON pointer (\"/order/status\"), got \"" + *s + "\"");
    }
    return s;
}

// A facts request's rules may give `facts` instead of an outcome (facts_request).
Result<ResponseRule> ParseRule(const json& v, const std::string& pointer, bool facts_request) {
    if (!v.is_object()) {
        return SchemaError(pointer, "expected a rule object, got " + json_read::KindOf(v));
    }
    Result<bool> keys =
        facts_request
            ? OnlyKeys(v, pointer, {"status", "when", "outcome", "reason", "result", "facts"})
            : OnlyKeys(v, pointer, {"status", "when", "outcome", "reason", "result"});
    if (!keys) return keys.error();
    ResponseRule rule;
    rule.pointer = pointer;
    const json* status = json_read::Find(v, "status");
    if (status == nullptr) return SchemaError(Child(pointer, "status"), "missing");
    Result<StatusMatch> m = ParseStatus(*status, Child(pointer, "status"));
    if (!m) return m.error();
    rule.status = std::move(*m);

    if (const json* when = json_read::Find(v, "when")) {
        const std::string wp = Child(pointer, "when");
        if (!when->is_object())
            return SchemaError(wp, "expected {\"pointer\", \"equals\" | \"exists\"}");
        Result<bool> wk = OnlyKeys(*when, wp, {"pointer", "equals", "exists"});
        if (!wk) return wk.error();
        const json* p = json_read::Find(*when, "pointer");
        if (p == nullptr) return SchemaError(Child(wp, "pointer"), "missing");
        Result<std::string> ps = ParsePointerField(*p, Child(wp, "pointer"));
        if (!ps) return ps.error();
        rule.when.pointer = *ps;
        const json* eq = json_read::Find(*when, "equals");
        const json* ex = json_read::Find(*when, "exists");
        if ((eq == nullptr) == (ex == nullptr)) {
            return SchemaError(wp, "expected exactly one of \"equals\" and \"exists\"");
        }
        if (ex != nullptr) {
            if (!ex->is_boolean() || !ex->get<bool>()) {
                return SchemaError(Child(wp, "exists"), "expected true");
            }
            rule.when.exists_only = true;
        } else {
            rule.when.equals = *eq;
        }
        rule.has_when = true;
    }

    if (const json* facts = json_read::Find(v, "facts")) {
        const std::string fp = Child(pointer, "facts");
        for (const char* other : {"outcome", "reason"}) {
            if (json_read::Find(v, other) != nullptr) {
                return SchemaError(Child(pointer, other),
                                   "a rule gives either facts or an outcome, not both");
            }
        }
        if (!facts->is_object() || facts->empty()) {
            return SchemaError(fp, "expected {\"fact\": \"/json/pointer\"}, at least one");
        }
        for (auto it = facts->begin(); it != facts->end(); ++it) {
            if (!IsIdentifier(it.key())) {
                return SchemaError(Child(fp, it.key()), "a fact is [a-z][a-z0-9_]*");
            }
            Result<std::string> ps = ParsePointerField(it.value(), Child(fp, it.key()));
            if (!ps) return ps.error();
            rule.facts[it.key()] = *ps;
        }
        rule.outcome = kFactsOutcome;
    }
    // A facts rule may still map result fields: what the answer says if the rules refuse.
    if (rule.facts.empty()) {
        const json* outcome = json_read::Find(v, "outcome");
        if (outcome == nullptr) {
            return SchemaError(
                Child(pointer, "outcome"),
                facts_request ? "missing (or \"facts\": what the rule reads)" : "missing");
        }
        Result<std::string> o = ParseOutcome(*outcome, Child(pointer, "outcome"));
        if (!o) return o.error();
        rule.outcome = *o;
    }

    if (const json* reason = json_read::Find(v, "reason")) {
        Result<std::string> r = Str(*reason, Child(pointer, "reason"));
        if (!r) return r.error();
        if (r->empty()) return SchemaError(Child(pointer, "reason"), "empty (leave it out)");
        if ((*r)[0] == '/' && !ValidPointer(*r)) {
            return SchemaError(Child(pointer, "reason"), "not a valid JSON pointer");
        }
        rule.reason = *r;
    }
    if (const json* result = json_read::Find(v, "result")) {
        const std::string rp = Child(pointer, "result");
        if (!result->is_object()) return SchemaError(rp, "expected {\"field\": \"/json/pointer\"}");
        for (auto it = result->begin(); it != result->end(); ++it) {
            if (!IsIdentifier(it.key())) {
                return SchemaError(Child(rp, it.key()), "a result field is [a-z][a-z0-9_]*");
            }
            Result<std::string> ps = ParsePointerField(it.value(), Child(rp, it.key()));
            if (!ps) return ps.error();
            rule.result[it.key()] = *ps;
        }
    }
    return rule;
}

Result<Retry> ParseRetry(const json& v) {
    const std::string pointer = "/retry";
    if (!v.is_object())
        return SchemaError(pointer, "expected {\"max_attempts\", \"backoff_ms\", \"on\"}");
    Result<bool> keys = OnlyKeys(v, pointer, {"max_attempts", "backoff_ms", "on"});
    if (!keys) return keys.error();
    Retry retry;
    const json* attempts = json_read::Find(v, "max_attempts");
    if (attempts == nullptr) return SchemaError("/retry/max_attempts", "missing");
    Result<int> n = IntIn(*attempts, "/retry/max_attempts", 1, kMaxAttempts);
    if (!n) return n.error();
    retry.max_attempts = *n;
    if (const json* b = json_read::Find(v, "backoff_ms")) {
        Result<int> ms = IntIn(*b, "/retry/backoff_ms", 0, kMaxBackoffMs);
        if (!ms) return ms.error();
        retry.backoff_ms = *ms;
    }
    const json* on = json_read::Find(v, "on");
    if (on == nullptr) {
        if (retry.max_attempts > 1)
            return SchemaError("/retry/on", "missing (which failures to retry)");
        return retry;
    }
    if (!on->is_array()) return SchemaError("/retry/on", "expected a list of failures");
    for (std::size_t i = 0; i < on->size(); ++i) {
        const std::string ip = Child("/retry/on", i);
        const json& item = (*on)[i];
        bool found = false;
        for (Failure f : {Failure::kConnect, Failure::kTimeout, Failure::kNetworkError,
                          Failure::kStatus5xx, Failure::kStatus429}) {
            if (item.is_string() && item.get<std::string>() == FailureName(f)) {
                retry.on.insert(f);
                found = true;
            }
        }
        if (!found) {
            return SchemaError(ip,
                               "expected one of \"connect\", \"timeout\", \"network_error\", "
                               "\"5xx\", \"429\"");
        }
    }
    return retry;
}

Result<Sign> ParseSign(const json& v) {
    Sign sign;
    if (v.is_string() && v.get<std::string>() == "none") return sign;
    if (!v.is_object()) {
        return SchemaError("/sign",
                           "expected \"none\" or {\"kind\": \"hmac_sha256\" | \"bearer\", "
                           "\"secret\": \"NAME\"}");
    }
    Result<bool> keys = OnlyKeys(v, "/sign", {"kind", "secret", "header"});
    if (!keys) return keys.error();
    const json* kind = json_read::Find(v, "kind");
    if (kind == nullptr) return SchemaError("/sign/kind", "missing");
    const std::string k = kind->is_string() ? kind->get<std::string>() : "";
    if (k == "none") return sign;
    if (k == "hmac_sha256") {
        sign.kind = SignKind::kHmacSha256;
        sign.header = "X-Seam-Signature";
    } else if (k == "bearer") {
        sign.kind = SignKind::kBearer;
        sign.header = "Authorization";
    } else {
        return SchemaError("/sign/kind", "expected \"none\", \"hmac_sha256\" or \"bearer\"");
    }
    const json* secret = json_read::Find(v, "secret");
    if (secret == nullptr) return SchemaError("/sign/secret", "missing (the secret's NAME)");
    Result<std::string> s = Str(*secret, "/sign/secret");
    if (!s) return s.error();
    sign.secret = *s;  // empty or undeclared: seam.connector.secret_missing, from the checker
    if (const json* header = json_read::Find(v, "header")) {
        if (sign.kind != SignKind::kHmacSha256) {
            return SchemaError("/sign/header",
                               "only hmac_sha256 names its header (bearer uses "
                               "Authorization)");
        }
        Result<std::string> h = Str(*header, "/sign/header");
        if (!h) return h.error();
        if (h->empty()) return SchemaError("/sign/header", "empty");
        sign.header = *h;
    }
    return sign;
}

Result<Method> ParseMethod(const json& v) {
    const std::string m = v.is_string() ? v.get<std::string>() : "";
    for (Method method : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                          Method::kDelete}) {
        if (m == MethodName(method)) return method;
    }
    return SchemaError("/method", "expected GET, HEAD, POST, PUT, PATCH or DELETE");
}

bool ValidHeaderName(std::string_view name) {
    if (name.empty() || name.size() > 128) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

const char* MethodName(Method method) {
    switch (method) {
        case Method::kGet:
            return "GET";
        case Method::kHead:
            return "HEAD";
        case Method::kPost:
            return "POST";
        case Method::kPut:
            return "PUT";
        case Method::kPatch:
            return "PATCH";
        case Method::kDelete:
            return "DELETE";
    }
    return "GET";
}

const char* FailureName(Failure failure) {
    switch (failure) {
        case Failure::kConnect:
            return "connect";
        case Failure::kTimeout:
            return "timeout";
        case Failure::kNetworkError:
            return "network_error";
        case Failure::kStatus5xx:
            return "5xx";
        case Failure::kStatus429:
            return "429";
    }
    return "connect";
}

bool IdempotentMethod(Method method) {
    return method == Method::kGet || method == Method::kHead || method == Method::kPut ||
           method == Method::kDelete;
}

bool StatusMatch::Covers(int status) const {
    return std::any_of(ranges.begin(), ranges.end(), [status](const std::pair<int, int>& r) {
        return status >= r.first && status <= r.second;
    });
}

bool ResponseRule::NeedsBody() const {
    if (!facts.empty()) return true;
    return has_when || !result.empty() || (!reason.empty() && reason[0] == '/');
}

namespace {

// The same error with its pointer under `prefix` ("/response/0: ..." -> "/facts/response/0: ...").
Error UnderPointer(const Error& e, const std::string& prefix) {
    const std::string head = "[" + e.id + "] ";
    std::string detail = e.message.rfind(head, 0) == 0 ? e.message.substr(head.size()) : e.message;
    if (detail.rfind("/: ", 0) == 0) detail.erase(0, 1);  // the request's own top level
    return Error::Make(e.id, prefix + detail);
}

Result<Connector> ParseHttp(const json& doc, Connector c, bool facts_request);

}  // namespace

Result<Connector> ParseConnector(const json& doc) {
    if (!doc.is_object())
        return SchemaError("", "expected a connector object, got " + json_read::KindOf(doc));
    Connector c;
    const json* action = json_read::Find(doc, "action");
    if (action == nullptr) return SchemaError("/action", "missing (the action this file connects)");
    Result<std::string> a = Str(*action, "/action");
    if (!a) return a.error();
    if (!IsIdentifier(*a))
        return SchemaError("/action", "expected an action name ([a-z][a-z0-9_]*)");
    c.action = *a;
    if (const json* d = json_read::Find(doc, "description")) {
        Result<std::string> s = Str(*d, "/description");
        if (!s) return s.error();
        c.description = *s;
    }
    const json* kind = json_read::Find(doc, "kind");
    if (kind == nullptr) return SchemaError("/kind", "missing (\"builtin\" or \"http\")");
    const std::string k = kind->is_string() ? kind->get<std::string>() : "";
    if (k == "builtin") {
        c.kind = Kind::kBuiltin;
        Result<bool> keys = OnlyKeys(doc, "", {"$schema", "action", "description", "kind"});
        if (!keys) return keys.error();
        return c;
    }
    if (k != "http") return SchemaError("/kind", "expected \"builtin\" or \"http\"");
    c.kind = Kind::kHttp;
    Result<bool> keys =
        OnlyKeys(doc, "",
                 {"$schema", "action", "description", "kind", "method", "url", "headers", "body",
                  "timeout_ms", "retry", "idempotency_key", "sign", "response", "on_timeout",
                  "on_network_error", "on_malformed", "facts"});
    if (!keys) return keys.error();
    if (const json* facts = json_read::Find(doc, "facts")) {
        if (!facts->is_object()) {
            return SchemaError("/facts", "expected the facts request {\"method\", \"url\", ...}");
        }
        Result<bool> fk =
            OnlyKeys(*facts, "/facts",
                     {"method", "url", "headers", "body", "timeout_ms", "retry", "idempotency_key",
                      "sign", "response", "on_timeout", "on_network_error", "on_malformed"});
        if (!fk) return fk.error();
        Connector request;
        request.action = c.action;
        request.kind = Kind::kHttp;
        request.is_facts_request = true;
        Result<Connector> parsed = ParseHttp(*facts, std::move(request), true);
        if (!parsed) return UnderPointer(parsed.error(), "/facts");
        if (std::none_of(parsed->response.begin(), parsed->response.end(),
                         [](const ResponseRule& r) { return !r.facts.empty(); })) {
            return SchemaError("/facts/response", "no rule gives facts (\"facts\": {...})");
        }
        for (ResponseRule& rule : parsed->response)
            rule.pointer = "/facts" + rule.pointer;
        c.facts = std::make_shared<const Connector>(std::move(*parsed));
    }
    return ParseHttp(doc, std::move(c), false);
}

namespace {

// The request of an http connector, or of its facts request (facts_request: pointers are
// relative to the "facts" object; the caller puts them under it).
Result<Connector> ParseHttp(const json& doc, Connector c, bool facts_request) {
    const json* method = json_read::Find(doc, "method");
    if (method == nullptr) return SchemaError("/method", "missing");
    Result<Method> m = ParseMethod(*method);
    if (!m) return m.error();
    c.method = *m;

    const json* url = json_read::Find(doc, "url");
    if (url == nullptr) return SchemaError("/url", "missing");
    Result<std::string> u = Str(*url, "/url");
    if (!u) return u.error();
    if (u->rfind("http://", 0) != 0 && u->rfind("https://", 0) != 0 && u->rfind("{{", 0) != 0) {
        return SchemaError("/url",
                           "expected an http(s):// URL or one starting with "
                           "{{config.NAME}}");
    }
    Result<bool> ut = CheckTemplate(*u, "/url");
    if (!ut) return ut.error();
    c.url = *u;

    if (const json* headers = json_read::Find(doc, "headers")) {
        if (!headers->is_object()) return SchemaError("/headers", "expected {\"Name\": \"value\"}");
        std::set<std::string> seen;
        for (auto it = headers->begin(); it != headers->end(); ++it) {
            const std::string hp = Child("/headers", it.key());
            if (!ValidHeaderName(it.key())) return SchemaError(hp, "not a header name");
            const std::string lower = Lower(it.key());
            if (lower == "idempotency-key" || lower == "content-length" || lower == "host") {
                return SchemaError(hp, "set by Seam itself");
            }
            if (!seen.insert(lower).second) return SchemaError(hp, "a header given twice");
            Result<std::string> v = Str(it.value(), hp);
            if (!v) return v.error();
            Result<bool> t = CheckTemplate(*v, hp);
            if (!t) return t.error();
            c.headers[it.key()] = *v;
        }
    }
    if (const json* body = json_read::Find(doc, "body")) {
        if (c.method == Method::kGet || c.method == Method::kHead) {
            return SchemaError("/body", std::string("a ") + MethodName(c.method) + " has no body");
        }
        Result<bool> b = CheckBodyTemplate(*body, "/body", 0);
        if (!b) return b.error();
        c.has_body = true;
        c.body = *body;
    }
    if (const json* t = json_read::Find(doc, "timeout_ms")) {
        Result<int> ms = IntIn(*t, "/timeout_ms", 1, kMaxTimeoutMs);
        if (!ms) return ms.error();
        c.timeout_ms = *ms;
    }
    if (const json* r = json_read::Find(doc, "retry")) {
        Result<Retry> retry = ParseRetry(*r);
        if (!retry) return retry.error();
        c.retry = std::move(*retry);
    }
    if (const json* ik = json_read::Find(doc, "idempotency_key")) {
        if (!ik->is_string() ||
            (ik->get<std::string>() != "honoured" && ik->get<std::string>() != "ignored")) {
            return SchemaError("/idempotency_key",
                               "expected \"honoured\" (the endpoint executes a key once) or "
                               "\"ignored\"");
        }
        c.idempotency_key_honoured = ik->get<std::string>() == "honoured";
    }
    if (const json* s = json_read::Find(doc, "sign")) {
        Result<Sign> sign = ParseSign(*s);
        if (!sign) return sign.error();
        c.sign = std::move(*sign);
    }
    const json* response = json_read::Find(doc, "response");
    if (response == nullptr)
        return SchemaError("/response", "missing (the rules from status to outcome)");
    if (!response->is_array() || response->empty()) {
        return SchemaError("/response", "expected a non-empty list of rules");
    }
    for (std::size_t i = 0; i < response->size(); ++i) {
        Result<ResponseRule> rule = ParseRule((*response)[i], Child("/response", i), facts_request);
        if (!rule) return rule.error();
        c.response.push_back(std::move(*rule));
    }
    for (auto [key, field] : {std::pair<const char*, std::string*>{"on_timeout", &c.on_timeout},
                              {"on_network_error", &c.on_network_error},
                              {"on_malformed", &c.on_malformed}}) {
        if (const json* v = json_read::Find(doc, key)) {
            Result<std::string> o = ParseOutcome(*v, std::string("/") + key);
            if (!o) return o.error();
            *field = *o;
        }
    }
    return c;
}

}  // namespace

// [SECTION] Pointers and templates

bool ValidPointer(std::string_view pointer) {
    if (pointer.empty()) return true;
    if (pointer[0] != '/') return false;
    for (std::size_t i = 0; i < pointer.size(); ++i) {
        if (pointer[i] == '~') {
            if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
                return false;
            }
        }
    }
    return true;
}

const json* ResolvePointer(const json& doc, std::string_view pointer) {
    if (!ValidPointer(pointer)) return nullptr;
    const json* at = &doc;
    std::size_t pos = 0;
    while (pos < pointer.size()) {
        const std::size_t next = pointer.find('/', pos + 1);
        std::string_view raw = pointer.substr(
            pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1);
        std::string token;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~') {
                token += raw[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                token += raw[i];
            }
        }
        if (at->is_object()) {
            auto it = at->find(token);
            if (it == at->end()) return nullptr;
            at = &*it;
        } else if (at->is_array()) {
            if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) {
                return nullptr;
            }
            if (!std::all_of(token.begin(), token.end(),
                             [](char c) { return c >= '0' && c <= '9'; })) {
                return nullptr;
            }
            const std::size_t index = std::stoul(token);
            if (index >= at->size()) return nullptr;
            at = &(*at)[index];
        } else {
            return nullptr;
        }
        if (next == std::string_view::npos) break;
        pos = next;
    }
    return at;
}

namespace {

// Which namespaces a place allows, and whether a name is required.
bool Allowed(const std::string& where, const std::string& ns) {
    if (ns == "params" || ns == "case" || ns == "customer" || ns == "actor" || ns == "config" ||
        ns == "decision")
        return true;
    if (ns == "secret") return where == "headers";
    if (ns == "facts") return where == "body";
    return false;
}

bool KnownNamespace(const std::string& ns) {
    return ns == "params" || ns == "case" || ns == "customer" || ns == "actor" || ns == "config" ||
           ns == "secret" || ns == "facts" || ns == "decision";
}

void CollectString(const std::string& text, const std::string& where, const std::string& pointer,
                   std::vector<Placeholder>& out) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<std::string> inner;
    ScanPlaceholders(text, spans, inner);
    for (const std::string& in : inner) {
        Placeholder p;
        SplitPlaceholder(in, p.ns, p.name);
        p.where = where;
        p.pointer = pointer;
        out.push_back(std::move(p));
    }
}

void CollectBody(const json& v, const std::string& pointer, std::vector<Placeholder>& out) {
    if (v.is_string()) {
        CollectString(v.get<std::string>(), "body", pointer, out);
    } else if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it)
            CollectBody(it.value(), Child(pointer, it.key()), out);
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            CollectBody(v[i], Child(pointer, i), out);
    }
}

Error RenderError(const std::string& where, const std::string& inner, const std::string& why) {
    return Error::Make("seam.connector.render", where + ": {{" + inner + "}} " + why);
}

// The value of one placeholder, or nullptr when `values` has none.
const json* Lookup(const json& values, const std::string& ns, const std::string& name) {
    if (!values.is_object()) return nullptr;
    auto group = values.find(ns);
    if (group == values.end() || !group->is_object()) return nullptr;
    auto it = group->find(name);
    if (it == group->end() || it->is_null()) return nullptr;
    return &*it;
}

std::string AsText(const json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string PercentEncode(const std::string& s) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// Fills one string template. `encode`: percent-encode values (the url) except config.*.
Result<std::string> FillString(const std::string& text, const std::string& where,
                               const std::string& pointer, const json& values, bool encode) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<std::string> inner;
    if (!ScanPlaceholders(text, spans, inner)) {
        return RenderError(where + " " + pointer, "", "is not closed");
    }
    std::string out;
    std::size_t from = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        std::string ns, name;
        SplitPlaceholder(inner[i], ns, name);
        if (!KnownNamespace(ns))
            return RenderError(pointer, inner[i], "is not a known placeholder");
        if (!Allowed(where, ns))
            return RenderError(pointer, inner[i], "is not allowed in the " + where);
        const json* v = Lookup(values, ns, name);
        if (v == nullptr) return RenderError(pointer, inner[i], "has no value");
        out.append(text, from, spans[i].first - from);
        const std::string value = AsText(*v);
        out += encode && ns != "config" ? PercentEncode(value) : value;
        from = spans[i].second;
    }
    out.append(text, from, std::string::npos);
    return out;
}

Result<json> FillBody(const json& t, const std::string& pointer, const json& values) {
    if (t.is_string()) {
        const std::string text = t.get<std::string>();
        std::vector<std::pair<std::size_t, std::size_t>> spans;
        std::vector<std::string> inner;
        ScanPlaceholders(text, spans, inner);
        if (spans.size() == 1 && spans[0].first == 0 && spans[0].second == text.size()) {
            std::string ns, name;
            SplitPlaceholder(inner[0], ns, name);
            if (!KnownNamespace(ns))
                return RenderError(pointer, inner[0], "is not a known placeholder");
            if (!Allowed("body", ns))
                return RenderError(pointer, inner[0], "is not allowed in the body");
            const json* v = Lookup(values, ns, name);
            if (v != nullptr) return *v;
            if (ns == "params") return json(nullptr);  // an optional parameter not given
            return RenderError(pointer, inner[0], "has no value");
        }
        Result<std::string> s = FillString(text, "body", pointer, values, false);
        if (!s) return s.error();
        return json(*s);
    }
    if (t.is_object()) {
        json out = json::object();
        for (auto it = t.begin(); it != t.end(); ++it) {
            Result<json> v = FillBody(it.value(), Child(pointer, it.key()), values);
            if (!v) return v;
            out[it.key()] = std::move(*v);
        }
        return out;
    }
    if (t.is_array()) {
        json out = json::array();
        for (std::size_t i = 0; i < t.size(); ++i) {
            Result<json> v = FillBody(t[i], Child(pointer, i), values);
            if (!v) return v;
            out.push_back(std::move(*v));
        }
        return out;
    }
    return t;
}

}  // namespace

std::vector<Placeholder> Placeholders(const Connector& connector) {
    std::vector<Placeholder> out;
    if (connector.kind != Kind::kHttp) return out;
    CollectString(connector.url, "url", "/url", out);
    for (const auto& [name, value] : connector.headers)
        CollectString(value, "headers", Child("/headers", name), out);
    if (connector.sign.kind != SignKind::kNone) {
        out.push_back({"secret", connector.sign.secret, "headers", "/sign/secret"});
    }
    if (connector.has_body) CollectBody(connector.body, "/body", out);
    return out;
}

Result<Rendered> Render(const Connector& connector, const json& values) {
    Rendered r;
    if (connector.kind != Kind::kHttp) {
        return Error::Make("seam.connector.render", "a builtin connector has no request");
    }
    Result<std::string> url = FillString(connector.url, "url", "/url", values, true);
    if (!url) return url.error();
    r.url = *url;
    for (const auto& [name, value] : connector.headers) {
        Result<std::string> v =
            FillString(value, "headers", Child("/headers", name), values, false);
        if (!v) return v.error();
        if (v->find_first_of("\r\n") != std::string::npos) {
            return Error::Make("seam.connector.render",
                               Child("/headers", name) + ": a value with a line break");
        }
        r.headers[name] = *v;
        std::vector<Placeholder> used;
        CollectString(value, "headers", "", used);
        const bool secret = std::any_of(used.begin(), used.end(),
                                        [](const Placeholder& p) { return p.ns == "secret"; });
        r.audit_headers[name] = secret ? value : *v;
    }
    if (connector.has_body) {
        Result<json> body = FillBody(connector.body, "/body", values);
        if (!body) return body.error();
        r.has_body = true;
        r.body = std::move(*body);
        r.body_text = r.body.dump();
    }
    return r;
}

std::string SigningString(Method method, std::string_view url, std::string_view idempotency_key,
                          std::string_view body_text) {
    // The path and query: what follows scheme://authority.
    std::string_view path = url;
    const auto scheme = url.find("://");
    if (scheme != std::string_view::npos) {
        const auto slash = url.find('/', scheme + 3);
        path = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
    }
    std::string out = MethodName(method);
    out += '\n';
    out.append(path);
    out += '\n';
    out.append(idempotency_key);
    out += '\n';
    out.append(body_text);
    return out;
}

// [SECTION] Responses

Mapped MapResponse(const Connector& connector, int status, std::string_view body_text) {
    json parsed = json::parse(body_text.begin(), body_text.end(), nullptr, false);
    return MapResponse(connector, status, parsed.is_discarded() ? nullptr : &parsed);
}

Mapped MapResponse(const Connector& connector, int status, const json* body) {
    Mapped m;
    if (status < 100 || status > 599) {
        m.outcome = connector.on_malformed;
        m.detail = "status " + std::to_string(status) + " is not an HTTP status";
        return m;
    }
    for (std::size_t i = 0; i < connector.response.size(); ++i) {
        const ResponseRule& rule = connector.response[i];
        if (!rule.status.Covers(status)) continue;
        if (rule.has_when) {
            if (body == nullptr) continue;
            const json* v = ResolvePointer(*body, rule.when.pointer);
            if (v == nullptr) continue;
            if (!rule.when.exists_only && *v != rule.when.equals) continue;
        }
        m.rule = static_cast<int>(i);
        if (rule.NeedsBody() && body == nullptr) {
            m.outcome = connector.on_malformed;
            m.detail = "status " + std::to_string(status) + " matched " + rule.pointer +
                       ", whose body is not JSON";
            return m;
        }
        m.outcome = rule.outcome;
        m.detail = "status " + std::to_string(status) + " matched " + rule.pointer;
        for (const auto& [fact, pointer] : rule.facts) {
            const json* v = ResolvePointer(*body, pointer);
            if (v == nullptr || v->is_null()) {
                m.missing_facts.push_back(fact);  // a rule reading it fails closed (review)
            } else {
                m.facts[fact] = *v;
            }
        }
        if (!rule.reason.empty()) {
            if (rule.reason[0] == '/') {
                const json* r = ResolvePointer(*body, rule.reason);
                if (r != nullptr && !r->is_null()) m.reason = AsText(*r);
            } else {
                m.reason = rule.reason;
            }
        }
        for (const auto& [field, pointer] : rule.result) {
            const json* v = ResolvePointer(*body, pointer);
            if (v == nullptr) {
                m.missing.push_back(field);
            } else {
                m.result[field] = *v;
            }
        }
        return m;
    }
    m.outcome = connector.on_malformed;
    m.detail = "status " + std::to_string(status) + " matched no rule";
    return m;
}

Mapped MapFailure(const Connector& connector, Failure failure) {
    Mapped m;
    m.detail = FailureName(failure);
    switch (failure) {
        case Failure::kTimeout:
            m.outcome = connector.on_timeout;
            break;
        case Failure::kConnect:
        case Failure::kNetworkError:
            m.outcome = connector.on_network_error;
            break;
        case Failure::kStatus5xx:
        case Failure::kStatus429:
            // Cannot happen through the executor (those are responses); recover as malformed.
            m.outcome = connector.on_malformed;
            break;
    }
    return m;
}

// [SECTION] Checks

flow::Diagnostic ErrorToDiagnostic(const Error& error, const std::string& file) {
    std::string detail = error.message.substr(std::min(error.message.size(), error.id.size() + 3));
    std::string pointer;
    const auto colon = detail.find(": ");
    if (!detail.empty() && detail[0] == '/' && colon != std::string::npos) {
        pointer = detail.substr(0, colon);
        detail.erase(0, colon + 2);
        if (pointer == "/") pointer.clear();
    }
    return {error.id, file, pointer, detail};
}

namespace {

// The names under `key` of secrets.json ({"NAME": {"description"}}), `required` or not.
std::set<std::string> ParseDeclared(std::string_view json_text, std::string_view source,
                                    const std::string& key, bool required,
                                    std::vector<flow::Diagnostic>& diagnostics) {
    std::set<std::string> names;
    const std::string file(source);
    const char* const id = "seam.connector.secrets";
    Result<json> doc = json_read::Parse(json_text);
    if (!doc) {
        if (required) diagnostics.push_back({id, file, "", "not valid JSON"});
        return names;
    }
    if (!doc->is_object()) {
        if (required) {
            diagnostics.push_back({id, file, "",
                                   "expected {\"secrets\": {\"NAME\": {\"description\"}}, "
                                   "\"config\": {...}}"});
        }
        return names;
    }
    if (required) {  // the whole file is checked once, with the secrets
        for (auto it = doc->begin(); it != doc->end(); ++it) {
            if (it.key() != "secrets" && it.key() != "config" && it.key() != "$schema" &&
                it.key() != "description") {
                diagnostics.push_back({id, file, Child("", it.key()), "unknown field"});
            }
        }
    }
    const json* group = json_read::Find(*doc, key);
    if (group == nullptr && !required) return names;
    if (group == nullptr || !group->is_object()) {
        diagnostics.push_back({id, file, Child("", key), "expected {\"NAME\": {\"description\"}}"});
        return names;
    }
    for (auto it = group->begin(); it != group->end(); ++it) {
        const std::string p = Child(Child("", key), it.key());
        if (!IsSecretName(it.key())) {
            diagnostics.push_back({id, file, p, "a name is [A-Z][A-Z0-9_]*"});
            continue;
        }
        const json& entry = it.value();
        const json* d = entry.is_object() ? json_read::Find(entry, "description") : nullptr;
        if (d == nullptr || !d->is_string() || d->get<std::string>().empty() || entry.size() != 1) {
            diagnostics.push_back({id, file, p,
                                   "expected {\"description\": \"what it is for\"} (never the "
                                   "value: seamd reads values from its configuration)"});
            continue;
        }
        names.insert(it.key());
    }
    return names;
}

}  // namespace

std::set<std::string> ParseSecrets(std::string_view json_text, std::string_view source,
                                   std::vector<flow::Diagnostic>& diagnostics) {
    return ParseDeclared(json_text, source, "secrets", true, diagnostics);
}

std::set<std::string> ParseConfigNames(std::string_view json_text, std::string_view source,
                                       std::vector<flow::Diagnostic>& diagnostics) {
    return ParseDeclared(json_text, source, "config", false, diagnostics);
}

namespace {

bool CredentialHeader(const std::string& name) {
    const std::string n = Lower(name);
    if (n == "authorization" || n == "proxy-authorization" || n == "cookie") return true;
    for (const char* part : {"token", "secret", "password", "api-key", "apikey", "api_key"}) {
        if (n.find(part) != std::string::npos) return true;
    }
    return n.size() > 4 &&
           (n.compare(n.size() - 4, 4, "-key") == 0 || n.compare(n.size() - 4, 4, "_key") == 0);
}

// "statuses 300-399, 500-599 have no outcome" for the statuses no rule without `when` covers.
std::string Uncovered(const Connector& c) {
    std::vector<std::pair<int, int>> gaps;
    for (int s = 100; s <= 599; ++s) {
        bool covered = false;
        for (const ResponseRule& r : c.response) {
            if (!r.has_when && r.status.Covers(s)) {
                covered = true;
                break;
            }
        }
        if (covered) continue;
        if (!gaps.empty() && gaps.back().second == s - 1) {
            gaps.back().second = s;
        } else {
            gaps.emplace_back(s, s);
        }
    }
    if (gaps.empty()) return "";
    std::string list;
    int count = 0;
    for (const auto& [lo, hi] : gaps) {
        list += (list.empty() ? "" : ", ") + std::to_string(lo);
        if (hi != lo) list += "-" + std::to_string(hi);
        count += hi - lo + 1;
    }
    return (count == 1 ? "status " + list + " has" : "statuses " + list + " have") +
           " no outcome (add a \"default\" rule or cover them)";
}

// The facts the policy rules of `action` need from a facts request, with the rule that reads
// each first (file order): the rules for the action and the "*" ones, less seamd's own facts and
// those a rule also tests for "missing".
std::map<std::string, std::string> NeededFacts(const std::vector<policy::Rule>& rules,
                                               const std::string& action) {
    std::map<std::string, std::string> needed;
    for (const policy::Rule& rule : rules) {
        if (rule.action != action && rule.action != "*") continue;
        std::set<std::string> facts, optional;
        RuleFacts(rule.require, facts, optional);
        for (const std::string& f : facts) {
            if (optional.count(f) == 0 && !SeamdFact(f)) needed.emplace(f, rule.id);
        }
    }
    return needed;
}

void CheckOne(const Connector& c, const flow::ActionSpec& spec, const std::string& file,
              const std::set<std::string>& secrets, std::vector<flow::Diagnostic>& out,
              const std::vector<policy::Rule>* rules, const std::set<std::string>* config) {
    if (c.kind != Kind::kHttp) return;
    if (c.facts) {
        // The facts request: the same checks (its pointers are already under /facts), then
        // whether it maps every fact the rules need.
        const std::size_t before = out.size();
        CheckOne(*c.facts, spec, file, secrets, out, nullptr, config);
        for (std::size_t i = before; i < out.size(); ++i) {
            if (out[i].pointer.rfind("/facts", 0) != 0) out[i].pointer = "/facts" + out[i].pointer;
        }
        if (rules != nullptr) {
            std::set<std::string> mapped;
            for (const ResponseRule& r : c.facts->response)
                for (const auto& [fact, pointer] : r.facts)
                    mapped.insert(fact);
            for (const auto& [fact, rule] : NeededFacts(*rules, c.action)) {
                if (mapped.count(fact) != 0) continue;
                out.push_back({"seam.connector.facts_missing", file, "/facts/response",
                               "rule \"" + rule + "\" reads facts." + fact +
                                   ", which no rule of the facts request maps: seamd would send "
                                   "every such action to a person"});
            }
        }
    }
    for (const Placeholder& p : Placeholders(c)) {
        if (p.ns == "secret") {
            if (p.where != "headers") {
                out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                               "a secret in the " + p.where +
                                   " would be logged; secrets go in headers or sign only"});
            } else if (p.name.empty()) {
                out.push_back(
                    {"seam.connector.secret_missing", file, p.pointer, "a secret with no NAME"});
            } else if (secrets.count(p.name) == 0) {
                out.push_back({"seam.connector.secret_missing", file, p.pointer,
                               "secret \"" + p.name +
                                   "\" is not declared in secrets.json (the names a deployment "
                                   "must provide)"});
            }
            continue;
        }
        if (!KnownNamespace(p.ns)) {
            out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                           "{{" + p.ns + (p.ns.empty() ? "" : ".") + p.name +
                               "}} is not params.X, facts.X, case.id, customer.id, actor.kind, "
                               "actor.agent, decision.verdict, config.NAME or secret.NAME"});
        } else if (!Allowed(p.where, p.ns)) {
            out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                           p.ns + ".* is not allowed in the " + p.where});
        } else if (p.ns == "params" && spec.params.count(p.name) == 0) {
            out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                           "action \"" + c.action + "\" has no parameter \"" + p.name + "\""});
        } else if (p.ns == "customer" && p.name != "id") {
            out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                           "only customer.id is available"});
        } else if (p.ns == "case" && p.name != "id" && p.name != "locale") {
            out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                           "only case.id and case.locale are available"});
        } else if (p.ns == "decision" && (p.name != "verdict" || c.is_facts_request)) {
            out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                           c.is_facts_request
                               ? "the facts request comes before the decision: no decision.*"
                               : "only decision.verdict is available"});
        } else if (p.ns == "actor" && p.name != "kind" && p.name != "agent") {
            out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                           "only actor.kind and actor.agent are available"});
        } else if (p.name.empty()) {
            out.push_back({"seam.connector.bad_placeholder", file, p.pointer,
                           "{{" + p.ns + ".}} names nothing"});
        } else if (p.ns == "config" && config != nullptr && config->count(p.name) == 0) {
            out.push_back({"seam.connector.config_undeclared", file, p.pointer,
                           "config \"" + p.name +
                               "\" is not declared in secrets.json's \"config\" (the values a "
                               "deployment must provide)"});
        }
    }
    for (const auto& [name, value] : c.headers) {
        if (CredentialHeader(name) && value.find("{{secret.") == std::string::npos &&
            value.find("{{ secret.") == std::string::npos) {
            out.push_back({"seam.connector.literal_secret", file, Child("/headers", name),
                           "header \"" + name +
                               "\" carries a credential written in the file; use "
                               "{{secret.NAME}} (declared in secrets.json)"});
        }
    }
    const std::string gaps = Uncovered(c);
    if (!gaps.empty()) out.push_back({"seam.connector.unmapped_status", file, "/response", gaps});
    auto outcome = [&](const std::string& o, const std::string& pointer) {
        if (spec.outcomes.count(o) == 0) {
            std::string declared;
            for (const std::string& d : spec.outcomes)
                declared += (declared.empty() ? "" : ", ") + d;
            out.push_back({"seam.connector.outcome_unknown", file, pointer,
                           "action \"" + c.action + "\" has no outcome \"" + o +
                               "\" (it declares " + declared + ")"});
        }
    };
    for (const ResponseRule& r : c.response)
        if (r.facts.empty()) outcome(r.outcome, r.pointer + "/outcome");
    outcome(c.on_timeout, "/on_timeout");
    outcome(c.on_network_error, "/on_network_error");
    outcome(c.on_malformed, "/on_malformed");

    // A facts request reads (its contract): sending it twice changes nothing.
    if (c.retry.max_attempts > 1 && !IdempotentMethod(c.method) && !c.idempotency_key_honoured &&
        !c.is_facts_request) {
        std::string risky;
        for (Failure f : c.retry.on) {
            if (f == Failure::kConnect) continue;
            risky += (risky.empty() ? "" : ", ") + std::string(FailureName(f));
        }
        if (!risky.empty()) {
            out.push_back({"seam.connector.retry_unsafe", file, "/retry/on",
                           std::string("a ") + MethodName(c.method) + " retried on " + risky +
                               " may execute twice: retry only \"connect\", or state "
                               "\"idempotency_key\": \"honoured\" if the endpoint executes each "
                               "Idempotency-Key once"});
        }
    }
}

}  // namespace

void RuleFacts(const json& condition, std::set<std::string>& facts,
               std::set<std::string>& optional) {
    if (condition.is_object()) {
        const json* var = json_read::Find(condition, "var");
        if (var != nullptr && var->is_string()) {
            const std::string name = var->get<std::string>();
            if (name.rfind("facts.", 0) == 0) {
                const std::string fact = name.substr(6, name.find('.', 6) - 6);
                facts.insert(fact);
                const json* op = json_read::Find(condition, "op");
                if (op != nullptr && op->is_string() && op->get<std::string>() == "missing") {
                    optional.insert(fact);
                }
            }
        }
        for (auto it = condition.begin(); it != condition.end(); ++it)
            if (it.value().is_structured()) RuleFacts(it.value(), facts, optional);
    } else if (condition.is_array()) {
        for (const json& item : condition)
            RuleFacts(item, facts, optional);
    }
}

bool SeamdFact(const std::string& name) {
    return name == "verified" || name == "failed_attempts" || name == "order_unlocked_in_case";
}

bool CheckConnectors(const std::map<std::string, std::string>& files,
                     const flow::Registry& registry, const std::set<std::string>& declared_secrets,
                     std::vector<flow::Diagnostic>& diagnostics,
                     const std::vector<policy::Rule>* rules,
                     const std::set<std::string>* declared_config) {
    const std::size_t before = diagnostics.size();
    std::map<std::string, std::string> first_file;  // action -> the file that connects it
    for (const auto& [path, text] : files) {
        Result<json> doc = json_read::Parse(text);
        if (!doc) {
            diagnostics.push_back({"seam.connector.json", path, "", "not valid JSON"});
            continue;
        }
        Result<Connector> c = ParseConnector(*doc);
        if (!c) {
            diagnostics.push_back(ErrorToDiagnostic(c.error(), path));
            continue;
        }
        auto spec = registry.actions.find(c->action);
        if (spec == registry.actions.end()) {
            diagnostics.push_back(
                {"seam.connector.unknown_action", path, "/action",
                 "action \"" + c->action + "\" is not declared in the actions file"});
            continue;
        }
        auto [it, fresh] = first_file.emplace(c->action, path);
        if (!fresh) {
            diagnostics.push_back(
                {"seam.connector.duplicate", path, "/action",
                 "action \"" + c->action + "\" is already connected by " + it->second});
            continue;
        }
        CheckOne(*c, spec->second, path, declared_secrets, diagnostics, rules, declared_config);
    }
    return diagnostics.size() == before;
}

}  // namespace seam::connectors

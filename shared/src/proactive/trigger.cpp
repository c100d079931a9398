// shared/src/proactive/trigger.cpp — trigger files: the built-in lists, parsing (schema problems
// at JSON pointers) and the static checks behind `seam check` (trigger.hpp).
//
// Index of this file
//   [SECTION] The built-in lists
//   [SECTION] ParseTrigger
//   [SECTION] CheckTrigger
#include "seam/proactive/trigger.hpp"

#include <set>

#include "internal.hpp"
#include "seam/text/utf8.hpp"

namespace seam::proactive {

namespace {

using detail::PointerEscape;
using nlohmann::json;

std::string List(const std::set<std::string>& names) {
    std::string out;
    for (const std::string& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The built-in lists
//-----------------------------------------------------------------------------

const std::set<std::string>& KnownEvents() {
    static const std::set<std::string> kEvents = {"order.created",
                                                  "order.shipped",
                                                  "order.delayed",
                                                  "order.delivered",
                                                  "order.delivery_exception",
                                                  "payment.failed",
                                                  "subscription.renewing",
                                                  "subscription.cancelled",
                                                  "refund.issued",
                                                  "return.received",
                                                  "cart.updated",
                                                  "cart.abandoned",
                                                  "page.viewed"};
    return kEvents;
}

const std::set<std::string>& KnownChannels() {
    static const std::set<std::string> kChannels = {"widget", "email", "sms"};
    return kChannels;
}

const std::set<std::string>& KnownScheduleObjects() {
    static const std::set<std::string> kObjects = {"customer", "subscription"};
    return kObjects;
}

const std::map<std::string, std::string>& KnownFacts() {
    static const std::map<std::string, std::string> kFacts = {
        {"event.type", "string"},
        {"event.id", "string"},
        {"event.at", "number"},
        {"customer.id", "number"},
        {"customer.external_id", "string"},
        {"customer.first_name", "string"},
        {"customer.locale", "string"},
        {"customer.country", "string"},
        {"customer.time_zone", "string"},
        {"customer.lifetime_value_cents", "number"},
        {"customer.orders_count", "number"},
        {"customer.days_since_last_order", "number"},
        {"customer.is_member", "boolean"},
        {"customer.has_subscription", "boolean"},
        {"order.number", "string"},
        {"order.status", "string"},
        {"order.total_cents", "number"},
        {"order.currency", "string"},
        {"order.placed_on", "string"},
        {"order.expected_on", "string"},
        {"order.new_expected_on", "string"},
        {"order.days_late", "number"},
        {"order.carrier", "string"},
        {"order.shipment_status", "string"},
        {"order.delivered_on", "string"},
        {"order.days_since_delivery", "number"},
        {"order.exception", "string"},
        {"order.item_names", "string"},
        {"order.items_count", "number"},
        {"subscription.plan", "string"},
        {"subscription.plan_name", "string"},
        {"subscription.status", "string"},
        {"subscription.renews_on", "string"},
        {"subscription.days_to_renewal", "number"},
        {"subscription.price_cents", "number"},
        {"subscription.price", "string"},
        {"subscription.payment_failed", "boolean"},
        {"cart.items_count", "number"},
        {"cart.value_cents", "number"},
        {"cart.has_size_choice", "boolean"},
        {"cart.product_names", "string"},
        {"cart.minutes_idle", "number"},
        {"return.number", "string"},
        {"return.order_number", "string"},
        {"return.received_on", "string"},
        {"return.refund_status", "string"},
        {"return.refund_amount", "string"},
        {"case.agent_open", "boolean"},
        {"case.open_cases", "number"},
    };
    return kFacts;
}

//-----------------------------------------------------------------------------
// [SECTION] ParseTrigger
//-----------------------------------------------------------------------------

namespace {

class Parser {
  public:
    Parser(std::string_view source, std::vector<flow::Diagnostic>& diagnostics)
        : source_(source), diagnostics_(diagnostics) {}

    void Error(const std::string& pointer, const std::string& message,
               const char* id = "seam.proactive.schema") {
        diagnostics_.push_back({id, source_, pointer, message});
        ++errors_;
    }
    int errors() const { return errors_; }

    // Reports every key of `obj` (at `at`) that is not in `allowed`.
    void OnlyKeys(const json& obj, const std::string& at, const std::set<std::string>& allowed) {
        for (const auto& [key, value] : obj.items()) {
            if (allowed.count(key) == 0) {
                Error(at + "/" + PointerEscape(key), "unknown field \"" + key + "\"");
            }
        }
    }

    // A non-empty string member; "" (after reporting) when absent or not one.
    std::string String(const json& obj, const char* key, const std::string& at, bool required) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) Error(at, std::string("missing \"") + key + "\" (a string)");
            return {};
        }
        if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
            Error(at + "/" + key, std::string("\"") + key + "\" must be a non-empty string");
            return {};
        }
        return it->get<std::string>();
    }

    // An object member; nullptr (after reporting) when absent or not one.
    const json* Object(const json& obj, const char* key, const std::string& at, bool required) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) Error(at, std::string("missing \"") + key + "\" (an object)");
            return nullptr;
        }
        if (!it->is_object()) {
            Error(at + "/" + key, std::string("\"") + key + "\" must be an object");
            return nullptr;
        }
        return &*it;
    }

    // {"key": "text", ...} with non-empty strings.
    std::map<std::string, std::string> Strings(const json& obj, const std::string& at) {
        std::map<std::string, std::string> out;
        for (const auto& [key, value] : obj.items()) {
            if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
                Error(at + "/" + PointerEscape(key), "must be a non-empty string");
                continue;
            }
            out[key] = value.get<std::string>();
        }
        return out;
    }

    void ParseCondition(const json& c, const std::string& at, Condition& out) {
        static const char* const kShape =
            "a condition is {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}} or "
            "{\"fact\": \"a.b\", \"op\": \"eq\", \"value\": ...}";
        if (!c.is_object() || c.empty()) {
            Error(at, kShape);
            return;
        }
        for (const char* group : {"all", "any"}) {
            const auto it = c.find(group);
            if (it == c.end()) continue;
            out.kind = std::string(group) == "all" ? Condition::Kind::kAll : Condition::Kind::kAny;
            OnlyKeys(c, at, {group});
            if (!it->is_array() || it->empty()) {
                Error(at + "/" + group,
                      std::string("\"") + group + "\" needs a non-empty array of conditions");
                return;
            }
            out.children.resize(it->size());
            for (std::size_t i = 0; i < it->size(); ++i) {
                ParseCondition((*it)[i], at + "/" + group + "/" + std::to_string(i),
                               out.children[i]);
            }
            return;
        }
        if (const auto it = c.find("not"); it != c.end()) {
            out.kind = Condition::Kind::kNot;
            OnlyKeys(c, at, {"not"});
            out.children.resize(1);
            ParseCondition(*it, at + "/not", out.children[0]);
            return;
        }
        out.kind = Condition::Kind::kTest;
        if (!c.contains("fact")) {
            Error(at, kShape);
            return;
        }
        OnlyKeys(c, at, {"fact", "op", "value"});
        out.fact = String(c, "fact", at, true);
        out.op = String(c, "op", at, true);
        const auto value = c.find("value");
        if (value == c.end()) {
            Error(at, "missing \"value\" (for \"exists\": true or false)");
        } else {
            out.value = *value;
        }
    }

    void Parse(const json& doc, Trigger& out) {
        OnlyKeys(doc, "",
                 {"$schema", "id", "description", "on", "when", "object", "message", "opens",
                  "channels", "priority"});
        out.id = String(doc, "id", "", true);
        if (!out.id.empty() && !IsId(out.id)) {
            Error("/id", "id \"" + out.id +
                             "\" must be lower-case letters, digits and underscores, starting "
                             "with a letter");
        }
        if (const auto it = doc.find("description"); it != doc.end()) {
            if (it->is_string()) {
                out.description = it->get<std::string>();
            } else {
                Error("/description", "\"description\" must be a string");
            }
        }
        if (const json* on = Object(doc, "on", "", true)) ParseOn(*on, out);
        if (const auto when = doc.find("when"); when != doc.end()) {
            ParseCondition(*when, "/when", out.when);
        }
        out.object = String(doc, "object", "", true);
        if (const json* message = Object(doc, "message", "", true)) {
            if (message->empty()) Error("/message", "\"message\" needs at least one language");
            out.message = Strings(*message, "/message");
        }
        if (const json* opens = Object(doc, "opens", "", true)) {
            OnlyKeys(*opens, "/opens", {"flow", "slots"});
            out.flow = String(*opens, "flow", "/opens", true);
            if (const json* slots = Object(*opens, "slots", "/opens", false)) {
                out.slots = Strings(*slots, "/opens/slots");
            }
        }
        ParseChannels(doc, out);
        if (const auto it = doc.find("priority"); it != doc.end()) {
            if (!it->is_number_integer() || it->get<std::int64_t>() < -1000000 ||
                it->get<std::int64_t>() > 1000000) {
                Error("/priority", "\"priority\" must be a whole number (higher goes first)");
            } else {
                out.priority = static_cast<int>(it->get<std::int64_t>());
            }
        }
    }

  private:
    static bool IsId(const std::string& id) {
        if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
        for (char c : id) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
        }
        return true;
    }

    void ParseOn(const json& on, Trigger& out) {
        OnlyKeys(on, "/on", {"event", "schedule"});
        const bool has_event = on.contains("event");
        const bool has_schedule = on.contains("schedule");
        if (has_event == has_schedule) {
            Error("/on",
                  "\"on\" needs either \"event\" (a business event) or \"schedule\" "
                  "({\"daily_at\": \"HH:MM\", \"for_each\": ...}), not both");
            return;
        }
        if (has_event) {
            out.event = String(on, "event", "/on", true);
            return;
        }
        if (const json* schedule = Object(on, "schedule", "/on", true)) {
            OnlyKeys(*schedule, "/on/schedule", {"daily_at", "for_each"});
            out.schedule_at = String(*schedule, "daily_at", "/on/schedule", true);
            out.schedule_for_each = String(*schedule, "for_each", "/on/schedule", true);
        }
    }

    void ParseChannels(const json& doc, Trigger& out) {
        const auto it = doc.find("channels");
        if (it == doc.end()) {
            Error("", "missing \"channels\" (an array: widget, email, sms)");
            return;
        }
        if (!it->is_array()) {
            Error("/channels", "\"channels\" must be an array of channel names");
            return;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const json& c = (*it)[i];
            if (!c.is_string()) {
                Error("/channels/" + std::to_string(i), "a channel must be a string");
                continue;
            }
            out.channels.push_back(c.get<std::string>());
        }
    }

    std::string source_;
    std::vector<flow::Diagnostic>& diagnostics_;
    int errors_ = 0;
};

}  // namespace

bool ParseTrigger(std::string_view json_text, std::string_view source, Trigger& out,
                  std::vector<flow::Diagnostic>& diagnostics) {
    out = Trigger{};
    Parser p(source, diagnostics);
    if (!text::IsValidUtf8(json_text)) {
        p.Error("", "the file is not valid UTF-8", "seam.proactive.json");
        return false;
    }
    const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded()) {
        p.Error("", "not valid JSON", "seam.proactive.json");
        return false;
    }
    if (!doc.is_object()) {
        p.Error("", "a trigger file must be a JSON object");
        return false;
    }
    p.Parse(doc, out);
    return p.errors() == 0;
}

//-----------------------------------------------------------------------------
// [SECTION] CheckTrigger
//-----------------------------------------------------------------------------

namespace {

// The JSON type of a value in KnownFacts' words.
std::string TypeOf(const json& v) {
    if (v.is_number()) return "number";
    if (v.is_string()) return "string";
    if (v.is_boolean()) return "boolean";
    if (v.is_array()) return "array";
    if (v.is_object()) return "object";
    return "null";
}

std::string Described(const std::string& type) {
    if (type == "number") return "a number";
    if (type == "string") return "a string";
    if (type == "boolean") return "true or false";
    if (type == "array") return "an array";
    if (type == "object") return "an object";
    return "null";
}

bool IsTimeOfDay(const std::string& s) {
    auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
    if (s.size() != 5 || s[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
        return false;
    }
    return (s[0] - '0') * 10 + (s[1] - '0') <= 23 && s[3] <= '5';
}

class Checker {
  public:
    Checker(std::string_view source, std::vector<flow::Diagnostic>& out)
        : source_(source), out_(out) {}

    void Report(const char* id, const std::string& pointer, const std::string& message) {
        out_.push_back({id, source_, pointer, message});
    }

    void When(const Condition& c, const std::string& at) {
        switch (c.kind) {
            case Condition::Kind::kAll:
            case Condition::Kind::kAny: {
                const std::string group = c.kind == Condition::Kind::kAll ? "/all/" : "/any/";
                for (std::size_t i = 0; i < c.children.size(); ++i)
                    When(c.children[i], at + group + std::to_string(i));
                return;
            }
            case Condition::Kind::kNot:
                for (const Condition& child : c.children)
                    When(child, at + "/not");
                return;
            case Condition::Kind::kTest:
                Test(c, at);
                return;
        }
    }

    void Template(const std::string& text, const std::string& at) {
        std::vector<detail::Hole> holes;
        if (!detail::ScanTemplate(text, holes)) {
            Report("seam.proactive.template", at, "\"{{\" without a closing \"}}\"");
        }
        for (const detail::Hole& hole : holes) {
            if (KnownFacts().count(hole.name) == 0) {
                Report("seam.proactive.unknown_fact", at,
                       "unknown fact \"{{" + hole.name + "}}\" in the text");
            }
        }
    }

  private:
    void Test(const Condition& c, const std::string& at) {
        const auto fact = KnownFacts().find(c.fact);
        if (fact == KnownFacts().end()) {
            Report("seam.proactive.unknown_fact", at + "/fact", "unknown fact \"" + c.fact + "\"");
        }
        static const std::set<std::string> kOps = {"eq", "ne", "lt", "le",
                                                   "gt", "ge", "in", "exists"};
        if (kOps.count(c.op) == 0) {
            Report("seam.proactive.bad_op", at + "/op",
                   "unknown op \"" + c.op + "\" (eq, ne, lt, le, gt, ge, in, exists)");
            return;
        }
        if (c.op == "exists") {
            if (!c.value.is_boolean()) {
                Report("seam.proactive.bad_op", at + "/value",
                       "\"exists\" takes true (the fact is there) or false (it is not)");
            }
            return;
        }
        if (c.op == "in" && !c.value.is_array()) {
            Report("seam.proactive.bad_op", at + "/value", "\"in\" takes an array of values");
            return;
        }
        if (fact == KnownFacts().end()) return;
        const std::string& type = fact->second;
        const bool ordering = c.op == "lt" || c.op == "le" || c.op == "gt" || c.op == "ge";
        if (ordering && type != "number" && type != "string") {
            Report("seam.proactive.fact_type", at + "/op",
                   c.fact + " is " + Described(type) + ": \"" + c.op +
                       "\" compares numbers or strings");
            return;
        }
        auto expect = [&](const json& v, const std::string& where) {
            if (TypeOf(v) != type) {
                Report("seam.proactive.fact_type", where,
                       c.fact + " is " + Described(type) + ", compared with " +
                           Described(TypeOf(v)) + " (" + detail::Dump(v) + ")");
            }
        };
        if (c.op == "in") {
            for (std::size_t i = 0; i < c.value.size(); ++i)
                expect(c.value[i], at + "/value/" + std::to_string(i));
        } else {
            expect(c.value, at + "/value");
        }
    }

    std::string source_;
    std::vector<flow::Diagnostic>& out_;
};

}  // namespace

void CheckTrigger(const Trigger& trigger, const Known& known, std::string_view source,
                  std::vector<flow::Diagnostic>& diagnostics) {
    Checker check(source, diagnostics);
    if (!trigger.event.empty() || trigger.schedule_for_each.empty()) {
        if (KnownEvents().count(trigger.event) == 0) {
            check.Report("seam.proactive.unknown_event", "/on/event",
                         "unknown event \"" + trigger.event + "\" (" + List(KnownEvents()) + ")");
        }
    } else {
        if (!IsTimeOfDay(trigger.schedule_at)) {
            check.Report("seam.proactive.schedule_time", "/on/schedule/daily_at",
                         "\"" + trigger.schedule_at +
                             "\" is not a time of day \"HH:MM\" (00:00 to 23:59, UTC)");
        }
        if (KnownScheduleObjects().count(trigger.schedule_for_each) == 0) {
            check.Report("seam.proactive.unknown_schedule", "/on/schedule/for_each",
                         "a schedule cannot run for each \"" + trigger.schedule_for_each + "\" (" +
                             List(KnownScheduleObjects()) + ")");
        }
    }
    check.When(trigger.when, "/when");

    const auto object = KnownFacts().find(trigger.object);
    if (object == KnownFacts().end()) {
        check.Report("seam.proactive.unknown_fact", "/object",
                     "unknown fact \"" + trigger.object + "\"");
    } else if (object->second != "string" && object->second != "number") {
        check.Report("seam.proactive.fact_type", "/object",
                     trigger.object + " is " + Described(object->second) +
                         ": the object is named by a string or a number fact");
    }

    for (const std::string& locale : known.locales) {
        if (trigger.message.count(locale) == 0) {
            check.Report(
                "seam.proactive.missing_locale", "/message",
                "no \"" + locale + "\" message (every trigger speaks " + List(known.locales) + ")");
        }
    }
    for (const auto& [locale, text] : trigger.message)
        check.Template(text, "/message/" + PointerEscape(locale));

    if (known.flows.count(trigger.flow) == 0) {
        check.Report("seam.proactive.unknown_flow", "/opens/flow",
                     "no flow has the id \"" + trigger.flow + "\"");
    }
    for (const auto& [slot, text] : trigger.slots)
        check.Template(text, "/opens/slots/" + PointerEscape(slot));

    if (trigger.channels.empty()) {
        check.Report("seam.proactive.channel", "/channels",
                     "no channel: list at least one of " + List(KnownChannels()) +
                         ", in order of preference");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < trigger.channels.size(); ++i) {
        const std::string& channel = trigger.channels[i];
        const std::string at = "/channels/" + std::to_string(i);
        if (KnownChannels().count(channel) == 0) {
            check.Report("seam.proactive.channel", at,
                         "unknown channel \"" + channel + "\" (" + List(KnownChannels()) + ")");
        } else if (!seen.insert(channel).second) {
            check.Report("seam.proactive.channel", at,
                         "channel \"" + channel + "\" is listed twice");
        }
    }
}

}  // namespace seam::proactive

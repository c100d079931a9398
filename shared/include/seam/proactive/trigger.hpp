// shared/include/seam/proactive/trigger.hpp — proactive triggers as data (assets/proactive/*.json):
// what makes Seam reach out first, to whom, with which words, opening which flow.
//
//   business event or daily schedule ─► facts (host builds them) ─► Match (when holds?) ─►
//   Candidate (object key, words per language, flow + slots) ─► suppression (suppression.hpp)
//
// A trigger file:
//   {"id": "parcel_delayed", "description": "...",
//    "on": {"event": "order.delayed"}                       -- or, run once a day per object:
//    "on": {"schedule": {"daily_at": "10:00", "for_each": "subscription"}},
//    "when": {"all": [{"fact": "order.days_late", "op": "ge", "value": 1}, ...]},
//    "object": "order.number",                              -- the fact naming the object
//    "message": {"en": "Your order {{order.number}} is running late ...", "es": "..."},
//    "opens": {"flow": "parcel_delayed", "slots": {"order_number": "{{order.number}}"}},
//    "channels": ["widget", "email", "sms"],                -- in order of preference
//    "priority": 50}                                         -- higher first when several match
//
// Conditions: {"all": [c...]}, {"any": [c...]}, {"not": c}, or a test
// {"fact": "a.b", "op": OP, "value": V} with OP one of eq ne lt le gt ge in exists
// ("in": V is an array; "exists": V is true/false). Numbers compare as numbers, strings as
// strings; a missing fact makes every test but `exists false` and `ne` false. Values of different
// types never compare (the string "3" is not the number 3), true/false have no order, and a fact
// whose value is null counts as missing. `all` stops at the first test that fails, `any` at the
// first that holds; an empty `all` (a file with no "when") always holds.
//
// Facts are one JSON object, namespaced (KnownFacts() lists every name with its type):
//   event.*  customer.*  order.*  subscription.*  cart.*  return.*  case.*
// nested ({"order": {"number": "LW-104233"}}); a flat key ({"order.number": ...}) is read too.
// Templates ("{{order.number}}") read facts the same way; a missing fact is an error, never an
// empty hole in a customer's message.
//
// Pure: no clock, no I/O; the same answers in the native build and in WebAssembly.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"
#include "seam/flow/diagnostic.hpp"

namespace seam::proactive {

//! The business events seamd accepts (POST /v1/events/ingest "type"), e.g. "order.delayed".
const std::set<std::string>& KnownEvents();

//! The channels a proactive message may go out on: widget, email, sms.
const std::set<std::string>& KnownChannels();

//! What a schedule may iterate over: "customer", "subscription".
const std::set<std::string>& KnownScheduleObjects();

//! Every fact name a condition, object or template may use, with its JSON type: "number",
//! "string", "boolean" or "array". E.g. {"order.days_late", "number"}.
const std::map<std::string, std::string>& KnownFacts();

//! A condition tree node.
struct Condition {
    enum class Kind { kAll, kAny, kNot, kTest };
    Kind kind = Kind::kAll;
    std::vector<Condition> children;  //!< all/any: the operands; not: exactly one
    std::string fact;                 //!< test
    std::string op;                   //!< test: eq ne lt le gt ge in exists
    nlohmann::json value;             //!< test
};

struct Trigger {
    std::string id;
    std::string description;
    std::string event;              //!< "" for a schedule
    std::string schedule_at;        //!< "HH:MM" in UTC, "" for an event trigger
    std::string schedule_for_each;  //!< customer | subscription, "" for an event trigger
    Condition when;                 //!< an empty `all` when the file has none (always true)
    std::string object;             //!< the fact naming the object (dedupe key)
    std::map<std::string, std::string> message;  //!< locale -> template
    std::string flow;                            //!< the flow it opens
    std::map<std::string, std::string> slots;    //!< slot -> template
    std::vector<std::string> channels;
    int priority = 0;
};

//! Parses one trigger file. Schema problems go to `diagnostics` (ids seam.proactive.schema,
//! with a JSON pointer; seam.proactive.json for text that is not JSON or not UTF-8); false when
//! the file cannot be used (any schema problem: CheckTrigger then has nothing reliable to check).
//! Required: id (lower-case letters, digits, '_'), on, object, message, opens.flow, channels.
bool ParseTrigger(std::string_view json_text, std::string_view source, Trigger& out,
                  std::vector<flow::Diagnostic>& diagnostics);

//! What a trigger may refer to beyond the built-in lists.
struct Known {
    std::set<std::string> flows;                   //!< flow ids that exist
    std::set<std::string> locales = {"en", "es"};  //!< every message needs each of these
};

//! Checks a parsed trigger: unknown event (seam.proactive.unknown_event), schedule object
//! (seam.proactive.unknown_schedule), fact in a condition, the object or a template
//! (seam.proactive.unknown_fact), a comparison against the wrong type (seam.proactive.fact_type),
//! unknown op or a value of the wrong shape for it: "in" without an array, "exists" without
//! true/false (seam.proactive.bad_op), unknown flow (seam.proactive.unknown_flow), unknown or
//! duplicate channel, or none (seam.proactive.channel), a missing language
//! (seam.proactive.missing_locale), a bad "HH:MM" (seam.proactive.schedule_time), a "{{" with no
//! "}}" (seam.proactive.template). The object must be a string or number fact (fact_type).
void CheckTrigger(const Trigger& trigger, const Known& known, std::string_view source,
                  std::vector<flow::Diagnostic>& diagnostics);

//! Whether `c` holds over `facts`.
bool Holds(const Condition& c, const nlohmann::json& facts);

//! Why `c` holds or not, one line per test evaluated (in Holds' order, so a short-circuited test
//! has no line), for the log and the console: "order.days_late ge 1: 3 -> true"; a missing fact
//! reads "order.days_late ge 1: missing -> false". Values are written as JSON.
std::vector<std::string> Explain(const Condition& c, const nlohmann::json& facts);

//! Reads a dotted fact ("order.number") from `facts`; nullptr when absent or null.
const nlohmann::json* Fact(const nlohmann::json& facts, std::string_view name);

//! Fills "{{fact.name}}" holes from `facts` (numbers as integers when whole, strings as they
//! are, true/false as words; spaces inside the braces are ignored). Errors:
//! seam.proactive.template (a missing or null fact, an array or object fact, an unclosed hole).
Result<std::string> Render(std::string_view text, const nlohmann::json& facts);

//! A trigger that matched, with its words and slots rendered.
struct Candidate {
    std::string trigger;
    std::string object_key;  //!< "<trigger>:<object>", e.g. "parcel_delayed:LW-104233"
    std::string flow;
    std::map<std::string, std::string> slots;
    std::string message;  //!< in the customer's locale ("es-MX" uses "es"; falls back to "en")
    std::vector<std::string> channels;
    int priority = 0;
};

//! The triggers on `event_type` ("" = the schedule triggers for `for_each`) whose conditions
//! hold over `facts`, highest priority first (ties by id), rendered in `locale`. A trigger
//! whose templates cannot be rendered, or whose object fact is missing, is left out (its error,
//! seam.proactive.template, in `errors` when given). The object key writes whole numbers
//! without a fraction ("win_back:42").
std::vector<Candidate> Match(const std::vector<Trigger>& triggers, const std::string& event_type,
                             const std::string& for_each, const nlohmann::json& facts,
                             const std::string& locale, std::vector<Error>* errors = nullptr);

}  // namespace seam::proactive

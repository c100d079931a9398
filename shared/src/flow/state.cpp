// shared/src/flow/state.cpp — the conversation state's schema, checked whole (state.hpp).
//
// Written as straight code over the typed readers (core/json_read.hpp), one function per part of
// the state, in the order of the schema in state.hpp. The first wrong field ends the check.
#include "seam/flow/state.hpp"

#include "seam/core/json_read.hpp"

namespace seam::flow {

namespace {

using nlohmann::json;
namespace jr = seam::json_read;

using Check = Result<bool>;
const Check kOk = true;

#define SEAM_TRY(expr)                            \
    do {                                          \
        auto seam_try_ = (expr);                  \
        if (!seam_try_) return seam_try_.error(); \
    } while (0)

// Optional fields are strict: absent, or present with their type. Null is not "absent" here:
// the engine never writes null into them, and reads them as their type once present.
Check OptStrings(const json& obj, std::string_view path,
                 std::initializer_list<std::string_view> keys) {
    for (std::string_view key : keys) {
        if (const json* f = jr::Find(obj, key)) SEAM_TRY(jr::String(*f, jr::Join(path, key)));
    }
    return kOk;
}

Check OptBool(const json& obj, std::string_view key, std::string_view path) {
    if (const json* f = jr::Find(obj, key)) SEAM_TRY(jr::Bool(*f, jr::Join(path, key)));
    return kOk;
}

// A field that is a string or null.
Check StringOrNull(const json& obj, std::string_view key, std::string_view path) {
    auto f = jr::Field(obj, key, jr::Join(path, key));
    if (!f) return f.error();
    if (!(*f)->is_null() && !(*f)->is_string())
        return jr::WrongType(jr::Join(path, key), "a string or null", **f);
    return kOk;
}

Check StringList(const json& obj, std::string_view key, std::string_view path) {
    const std::string at = jr::Join(path, key);
    auto list = jr::ArrayField(obj, key, at);
    if (!list) return list.error();
    for (std::size_t i = 0; i < (*list)->size(); ++i)
        SEAM_TRY(jr::String((**list)[i], jr::Join(at, i)));
    return kOk;
}

Check SlotLog(const json& log, std::string_view path) {
    SEAM_TRY(jr::Object(log, path));
    for (const auto& [name, entry] : log.items()) {
        const std::string at = jr::Join(path, name);
        SEAM_TRY(jr::Object(entry, at));
        SEAM_TRY(OptStrings(entry, at, {"source", "text", "validated_as"}));
        SEAM_TRY(OptBool(entry, "confirmed", at));
    }
    return kOk;
}

Check ListedOptions(const json& list, std::string_view path) {
    SEAM_TRY(jr::Array(list, path));
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = jr::Join(path, i);
        const json& o = list[i];
        SEAM_TRY(jr::Object(o, at));
        SEAM_TRY(jr::StringField(o, "value", jr::Join(at, "value")));
        SEAM_TRY(jr::StringField(o, "label", jr::Join(at, "label")));
        if (const json* match = jr::Find(o, "match")) {
            const std::string m_at = jr::Join(at, "match");
            SEAM_TRY(jr::Array(*match, m_at));
            for (std::size_t k = 0; k < match->size(); ++k)
                SEAM_TRY(jr::String((*match)[k], jr::Join(m_at, k)));
        }
    }
    return kOk;
}

Check Customer(const json& state) {
    auto customer = jr::ObjectField(state, "customer", "customer");
    if (!customer) return customer.error();
    SEAM_TRY(OptStrings(**customer, "customer", {"first_name", "id", "email", "verified_by"}));
    SEAM_TRY(OptBool(**customer, "verified", "customer"));
    return kOk;
}

Check Context(const json& state) {
    auto context = jr::ObjectField(state, "context", "context");
    if (!context) return context.error();
    return OptStrings(**context, "context",
                      {"locale", "channel", "today", "intent", "message", "suspended"});
}

Check History(const json& state) {
    auto history = jr::ObjectField(state, "history", "history");
    if (!history) return history.error();
    const json& h = **history;

    auto intents = jr::ArrayField(h, "intents", "history.intents");
    if (!intents) return intents.error();
    for (std::size_t i = 0; i < (*intents)->size(); ++i) {
        const std::string at = jr::Join("history.intents", i);
        const json& entry = (**intents)[i];
        SEAM_TRY(jr::Object(entry, at));
        SEAM_TRY(jr::StringField(entry, "intent", jr::Join(at, "intent")));
        SEAM_TRY(jr::NumberField(entry, "confidence", jr::Join(at, "confidence")));
        SEAM_TRY(jr::BoolField(entry, "ambiguous", jr::Join(at, "ambiguous")));
    }

    auto actions = jr::ArrayField(h, "actions", "history.actions");
    if (!actions) return actions.error();
    for (std::size_t i = 0; i < (*actions)->size(); ++i) {
        const std::string at = jr::Join("history.actions", i);
        const json& entry = (**actions)[i];
        SEAM_TRY(jr::Object(entry, at));
        SEAM_TRY(jr::StringField(entry, "name", jr::Join(at, "name")));
        SEAM_TRY(StringOrNull(entry, "outcome", at));
    }

    SEAM_TRY(StringList(h, "steps", "history"));
    SEAM_TRY(StringList(h, "flows", "history"));

    // Optional: a host with a log of its own keeps the lines there (Engine::Transcript).
    const json* transcript = jr::Find(h, "transcript");
    if (transcript) SEAM_TRY(jr::Array(*transcript, "history.transcript"));
    for (std::size_t i = 0; transcript && i < transcript->size(); ++i) {
        const std::string at = jr::Join("history.transcript", i);
        const json& line = (*transcript)[i];
        SEAM_TRY(jr::Object(line, at));
        SEAM_TRY(jr::StringField(line, "from", jr::Join(at, "from")));
        SEAM_TRY(jr::StringField(line, "text", jr::Join(at, "text")));
    }

    if (const json* dropped = jr::Find(h, "dropped")) {
        SEAM_TRY(jr::Object(*dropped, "history.dropped"));
        for (const auto& [list, count] : dropped->items()) {
            const std::string at = jr::Join("history.dropped", list);
            auto n = jr::Int(count, at);
            if (!n) return n.error();
            if (*n < 0) return jr::BadValue(at, "a count cannot be negative");
        }
    }
    return kOk;
}

Check Suspended(const json& state) {
    const json* stack = jr::Find(state, "suspended");
    if (!stack) return kOk;
    SEAM_TRY(jr::Array(*stack, "suspended"));
    for (std::size_t i = 0; i < stack->size(); ++i) {
        const std::string at = jr::Join("suspended", i);
        const json& frame = (*stack)[i];
        SEAM_TRY(jr::Object(frame, at));
        SEAM_TRY(jr::StringField(frame, "flow", jr::Join(at, "flow")));
        SEAM_TRY(jr::StringField(frame, "step", jr::Join(at, "step")));
        SEAM_TRY(jr::ObjectField(frame, "slots", jr::Join(at, "slots")));
        SEAM_TRY(jr::ObjectField(frame, "result", jr::Join(at, "result")));
        auto log = jr::Field(frame, "slot_log", jr::Join(at, "slot_log"));
        if (!log) return log.error();
        SEAM_TRY(SlotLog(**log, jr::Join(at, "slot_log")));
        if (const json* listed = jr::Find(frame, "listed_options"))
            SEAM_TRY(ListedOptions(*listed, jr::Join(at, "listed_options")));
    }
    return kOk;
}

}  // namespace

Result<bool> ValidateState(const json& state) {
    if (!state.is_object()) {
        return Error::Make("seam.engine.state",
                           "the conversation state is not a version 1 Seam "
                           "state: expected an object, got " +
                               jr::KindOf(state));
    }
    auto version = jr::IntField(state, "version", "version");
    if (!version) {
        return Error::Make("seam.engine.state",
                           "the conversation state is not a version 1 Seam state (" +
                               version.error().message.substr(version.error().id.size() + 3) + ")");
    }
    if (*version != kStateVersion) {
        return Error::Make("seam.engine.state", "the conversation state is version " +
                                                    std::to_string(*version) + ", not version " +
                                                    std::to_string(kStateVersion));
    }
    SEAM_TRY(jr::StringField(state, "session", "session"));
    SEAM_TRY(jr::StringField(state, "locale", "locale"));
    SEAM_TRY(jr::StringField(state, "status", "status"));
    auto attempts = jr::IntField(state, "attempts", "attempts");
    if (!attempts) return attempts.error();
    if (*attempts < 0) return jr::BadValue("attempts", "cannot be negative");
    SEAM_TRY(Customer(state));
    SEAM_TRY(Context(state));
    SEAM_TRY(StringOrNull(state, "flow", ""));
    SEAM_TRY(StringOrNull(state, "step", ""));
    auto waiting = jr::Field(state, "waiting", "waiting");
    if (!waiting) return waiting.error();
    if (!(*waiting)->is_null()) {
        auto w = jr::String(**waiting, "waiting");
        if (!w) return jr::WrongType("waiting", "null, \"input\" or \"action\"", **waiting);
        if (*w != "input" && *w != "action")
            return jr::BadValue("waiting",
                                "expected null, \"input\" or \"action\", got \"" + *w + "\"");
    }
    SEAM_TRY(jr::ObjectField(state, "slots", "slots"));
    SEAM_TRY(jr::ObjectField(state, "result", "result"));
    auto log = jr::Field(state, "slot_log", "slot_log");
    if (!log) return log.error();
    SEAM_TRY(SlotLog(**log, "slot_log"));
    SEAM_TRY(History(state));

    SEAM_TRY(OptStrings(state, "", {"offer"}));
    if (const json* csat = jr::Find(state, "csat")) SEAM_TRY(jr::Int(*csat, "csat"));
    if (const json* answer = jr::Find(state, "answer")) {
        SEAM_TRY(jr::Object(*answer, "answer"));
        SEAM_TRY(OptStrings(*answer, "answer", {"title", "text", "url", "more"}));
    }
    if (const json* interrupted = jr::Find(state, "interrupted")) {
        if (!interrupted->is_null()) {
            SEAM_TRY(jr::Object(*interrupted, "interrupted"));
            SEAM_TRY(jr::StringField(*interrupted, "flow", "interrupted.flow"));
            SEAM_TRY(jr::StringField(*interrupted, "step", "interrupted.step"));
        }
    }
    if (const json* listed = jr::Find(state, "listed_options"))
        SEAM_TRY(ListedOptions(*listed, "listed_options"));
    SEAM_TRY(Suspended(state));
    return kOk;
}

Result<json> ParseState(std::string_view text) {
    auto parsed = jr::Parse(text);
    if (!parsed) return parsed.error();
    auto valid = ValidateState(*parsed);
    if (!valid) return valid.error();
    return parsed;
}

#undef SEAM_TRY

}  // namespace seam::flow

// shared/src/proactive/match.cpp — which triggers fire for an event (or a schedule run) over the
// facts the host built, rendered into candidates (trigger.hpp). Suppression comes after.
#include <algorithm>

#include "internal.hpp"
#include "seam/proactive/trigger.hpp"

namespace seam::proactive {

namespace {

// The same error, its detail prefixed with which trigger and which part failed.
Error About(const Trigger& t, const std::string& part, const Error& e) {
    const std::string prefix = "[" + e.id + "] ";
    const std::string detail = e.message.compare(0, prefix.size(), prefix) == 0
                                   ? e.message.substr(prefix.size())
                                   : e.message;
    return Error::Make(e.id, "trigger \"" + t.id + "\", " + part + ": " + detail);
}

// The message for `locale`: the exact language, then its primary subtag ("es-MX" -> "es"), then
// English. nullptr when there is none of those.
const std::string* MessageFor(const Trigger& t, const std::string& locale) {
    for (const std::string& want :
         {locale, locale.substr(0, locale.find('-')), std::string("en")}) {
        const auto it = t.message.find(want);
        if (it != t.message.end()) return &it->second;
    }
    return nullptr;
}

// Renders `t` over `facts`, or the reason it cannot be.
Result<Candidate> RenderCandidate(const Trigger& t, const nlohmann::json& facts,
                                  const std::string& locale) {
    Candidate c;
    c.trigger = t.id;
    c.flow = t.flow;
    c.channels = t.channels;
    c.priority = t.priority;

    const nlohmann::json* object = Fact(facts, t.object);
    if (object == nullptr) {
        return Error::Make("seam.proactive.template", "trigger \"" + t.id + "\", object: fact \"" +
                                                          t.object + "\" is missing");
    }
    Result<std::string> key = detail::FactText(*object, t.object);
    if (!key) return About(t, "object", key.error());
    c.object_key = t.id + ":" + *key;

    const std::string* text = MessageFor(t, locale);
    if (text == nullptr) {
        return Error::Make(
            "seam.proactive.template",
            "trigger \"" + t.id + "\" has no message in \"" + locale + "\" or \"en\"");
    }
    Result<std::string> message = Render(*text, facts);
    if (!message) return About(t, "message", message.error());
    c.message = std::move(*message);

    for (const auto& [slot, templ] : t.slots) {
        Result<std::string> value = Render(templ, facts);
        if (!value) return About(t, "slot " + slot, value.error());
        c.slots[slot] = std::move(*value);
    }
    return c;
}

}  // namespace

std::vector<Candidate> Match(const std::vector<Trigger>& triggers, const std::string& event_type,
                             const std::string& for_each, const nlohmann::json& facts,
                             const std::string& locale, std::vector<Error>* errors) {
    std::vector<Candidate> out;
    for (const Trigger& t : triggers) {
        const bool listens = event_type.empty() ? t.event.empty() && !for_each.empty() &&
                                                      t.schedule_for_each == for_each
                                                : t.event == event_type;
        if (!listens || !Holds(t.when, facts)) continue;
        Result<Candidate> c = RenderCandidate(t, facts, locale);
        if (c) {
            out.push_back(std::move(*c));
        } else if (errors != nullptr) {
            errors->push_back(c.error());
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
        if (a.priority != b.priority) return a.priority > b.priority;
        return a.trigger < b.trigger;
    });
    return out;
}

}  // namespace seam::proactive

// native/simulate/behaviour.cpp — reading the behaviour file (behaviour.hpp) with total readers:
// a wrong type, a missing "why", a number out of range or an unknown key is an error naming its
// JSON pointer, never an abort.
#include "simulate/behaviour.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace seam::simulate {

using nlohmann::json;

const std::vector<std::string>& ProblemKinds() {
    static const std::vector<std::string> kKinds = {
        "late_parcel", "delivery_exception", "payment_failed", "refund_wait", "return_wanted",
        "damaged",     "cancel_wish",        "wismo"};
    return kKinds;
}

namespace {

//! Walks the document, keeping the first error; every read names its pointer.
class Reader {
  public:
    bool failed() const { return failed_; }
    const std::string& error() const { return error_; }

    //! The object at `key` of `parent` (a section), after checking it has no keys but `known`
    //! (empty = any key).
    const json* Section(const json& parent, const std::string& path, const char* key,
                        const std::set<std::string>& known) {
        const std::string at = path + "/" + key;
        auto it = parent.find(key);
        if (it == parent.end()) return Fail(at, "missing");
        if (!it->is_object()) return Fail(at, "expected an object");
        if (!known.empty()) {
            for (const auto& [k, v] : it->items()) {
                (void)v;
                if (known.count(k) == 0) return Fail(at + "/" + k, "unknown key");
            }
            for (const std::string& k : known) {
                if (!it->contains(k)) return Fail(at + "/" + k, "missing");
            }
        }
        return &*it;
    }

    //! The value of the leaf {"value", "why"} at `key`.
    const json* Leaf(const json& parent, const std::string& path, const std::string& key) {
        const std::string at = path + "/" + key;
        auto it = parent.find(key);
        if (it == parent.end()) return Fail(at, "missing");
        if (!it->is_object()) return Fail(at, "expected {\"value\": ..., \"why\": \"...\"}");
        for (const auto& [k, v] : it->items()) {
            (void)v;
            if (k != "value" && k != "why") return Fail(at + "/" + k, "unknown key");
        }
        auto why = it->find("why");
        if (why == it->end() || !why->is_string() || why->get<std::string>().empty()) {
            return Fail(at + "/why", "every number needs its reason: a non-empty string");
        }
        auto value = it->find("value");
        if (value == it->end()) return Fail(at + "/value", "missing");
        return &*value;
    }

    void Probability(const json& parent, const std::string& path, const std::string& key,
                     double& out) {
        if (failed_) return;
        const json* v = Leaf(parent, path, key);
        if (!v) return;
        if (!v->is_number() || !std::isfinite(v->get<double>()) || v->get<double>() < 0 ||
            v->get<double>() > 1) {
            Fail(path + "/" + key + "/value", "a probability: a number from 0 to 1");
            return;
        }
        out = v->get<double>();
    }

    void Count(const json& parent, const std::string& path, const std::string& key, int lo, int hi,
               int& out) {
        if (failed_) return;
        const json* v = Leaf(parent, path, key);
        if (!v) return;
        if (!v->is_number_integer() || v->get<std::int64_t>() < lo || v->get<std::int64_t>() > hi) {
            Fail(path + "/" + key + "/value",
                 "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
            return;
        }
        out = static_cast<int>(v->get<std::int64_t>());
    }

    void Range(const json& parent, const std::string& path, const std::string& key, double hi,
               Span& out) {
        if (failed_) return;
        const json* v = Leaf(parent, path, key);
        if (!v) return;
        const std::string at = path + "/" + key + "/value";
        if (!v->is_object() || v->size() != 2 || !v->contains("min") || !v->contains("max")) {
            Fail(at, "expected {\"min\": number, \"max\": number}");
            return;
        }
        const json& lo = (*v)["min"];
        const json& up = (*v)["max"];
        if (!lo.is_number() || !up.is_number() || !std::isfinite(lo.get<double>()) ||
            !std::isfinite(up.get<double>()) || lo.get<double>() < 0 || up.get<double>() > hi ||
            lo.get<double>() > up.get<double>()) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "0 <= min <= max <= %g", hi);
            Fail(at, buf);
            return;
        }
        out = {lo.get<double>(), up.get<double>()};
    }

    //! A weights table; `allowed` (when not empty) lists the names it may use.
    void Table(const json& parent, const std::string& path, const std::string& key,
               const std::set<std::string>& allowed, Weights& out) {
        if (failed_) return;
        const json* v = Leaf(parent, path, key);
        if (!v) return;
        const std::string at = path + "/" + key + "/value";
        if (!v->is_object() || v->empty()) {
            Fail(at, "expected {\"name\": weight, ...}");
            return;
        }
        Weights w;
        std::int64_t sum = 0;
        for (const auto& [name, weight] : v->items()) {
            if (!allowed.empty() && allowed.count(name) == 0) {
                std::string list;
                for (const std::string& a : allowed)
                    list += (list.empty() ? "" : ", ") + a;
                Fail(at + "/" + name, "not one of " + list);
                return;
            }
            if (!weight.is_number_integer() || weight.get<std::int64_t>() < 0 ||
                weight.get<std::int64_t>() > 1000000) {
                Fail(at + "/" + name, "a weight: a whole number from 0 to 1000000");
                return;
            }
            sum += weight.get<std::int64_t>();
            w.emplace_back(name, static_cast<int>(weight.get<std::int64_t>()));
        }
        if (sum <= 0) {
            Fail(at, "the weights add up to 0: nothing could be chosen");
            return;
        }
        out = std::move(w);
    }

  private:
    const json* Fail(const std::string& pointer, const std::string& what) {
        if (!failed_) {
            failed_ = true;
            error_ = (pointer.empty() ? "/" : pointer) + ": " + what;
        }
        return nullptr;
    }

    bool failed_ = false;
    std::string error_;
};

std::set<std::string> Set(const std::vector<std::string>& v) {
    return {v.begin(), v.end()};
}

}  // namespace

Result<Behaviour> ParseBehaviour(const json& doc) {
    if (!doc.is_object()) {
        return Error::Make("seam.simulate.behaviour", "/: the behaviour file is a JSON object");
    }
    Behaviour b;
    Reader r;
    static const std::set<std::string> kTop = {
        "about", "shop",         "subscriptions",   "returns", "contact",
        "reply", "conversation", "recommendations", "agents"};
    for (const auto& [key, value] : doc.items()) {
        (void)value;
        if (kTop.count(key) == 0) {
            return Error::Make("seam.simulate.behaviour", "/" + key + ": unknown key");
        }
    }
    if (const json* shop = r.Section(
            doc, "", "shop",
            {"order_per_customer_day", "lines_per_order", "order_cancelled", "ships_same_day",
             "parcel_late", "late_business_days", "parcel_exception", "exception_business_days",
             "return_wanted", "return_reasons", "damaged_on_arrival", "wismo_question",
             "cart_abandoned_per_customer_day", "cart_bought_anyway"})) {
        const std::string p = "/shop";
        r.Probability(*shop, p, "order_per_customer_day", b.order_per_customer_day);
        r.Table(*shop, p, "lines_per_order", {"1", "2", "3", "4"}, b.lines_per_order);
        r.Probability(*shop, p, "order_cancelled", b.order_cancelled);
        r.Probability(*shop, p, "ships_same_day", b.ships_same_day);
        r.Probability(*shop, p, "parcel_late", b.parcel_late);
        r.Range(*shop, p, "late_business_days", 20, b.late_business_days);
        r.Probability(*shop, p, "parcel_exception", b.parcel_exception);
        r.Range(*shop, p, "exception_business_days", 20, b.exception_business_days);
        r.Probability(*shop, p, "return_wanted", b.return_wanted);
        r.Table(*shop, p, "return_reasons",
                {"too_small", "too_big", "defective", "wrong_item", "changed_mind"},
                b.return_reasons);
        r.Probability(*shop, p, "damaged_on_arrival", b.damaged_on_arrival);
        r.Probability(*shop, p, "wismo_question", b.wismo_question);
        r.Probability(*shop, p, "cart_abandoned_per_customer_day",
                      b.cart_abandoned_per_customer_day);
        r.Probability(*shop, p, "cart_bought_anyway", b.cart_bought_anyway);
    }
    if (const json* subs = r.Section(
            doc, "", "subscriptions",
            {"payment_fails", "payment_retry_succeeds", "card_updated_after_link", "cancel_wish",
             "retention_accept", "cancel_after_accepting", "plus_kept_when_confirming"})) {
        const std::string p = "/subscriptions";
        r.Probability(*subs, p, "payment_fails", b.payment_fails);
        r.Probability(*subs, p, "payment_retry_succeeds", b.payment_retry_succeeds);
        r.Probability(*subs, p, "card_updated_after_link", b.card_updated_after_link);
        r.Probability(*subs, p, "cancel_wish", b.cancel_wish);
        r.Probability(*subs, p, "retention_accept", b.retention_accept);
        r.Probability(*subs, p, "cancel_after_accepting", b.cancel_after_accepting);
        r.Probability(*subs, p, "plus_kept_when_confirming", b.plus_kept_when_confirming);
    }
    if (const json* ret = r.Section(
            doc, "", "returns",
            {"return_in_conversation", "return_transit_days", "refund_after_receipt_days"})) {
        const std::string p = "/returns";
        r.Probability(*ret, p, "return_in_conversation", b.return_in_conversation);
        r.Range(*ret, p, "return_transit_days", 30, b.return_transit_days);
        r.Range(*ret, p, "refund_after_receipt_days", 30, b.refund_after_receipt_days);
    }
    if (const json* contact =
            r.Section(doc, "", "contact",
                      {"probability", "after_unanswered_message", "after_resolved_message",
                       "delay_hours", "intents", "signed_in"})) {
        const std::string p = "/contact";
        if (const json* prob = r.Section(*contact, p, "probability", Set(ProblemKinds()))) {
            for (const std::string& kind : ProblemKinds())
                r.Probability(*prob, p + "/probability", kind, b.contact[kind]);
        }
        r.Probability(*contact, p, "after_unanswered_message", b.contact_after_unanswered_message);
        r.Probability(*contact, p, "after_resolved_message", b.contact_after_resolved_message);
        r.Range(*contact, p, "delay_hours", 24 * 30, b.contact_delay_hours);
        if (const json* intents = r.Section(*contact, p, "intents", Set(ProblemKinds()))) {
            for (const std::string& kind : ProblemKinds())
                r.Table(*intents, p + "/intents", kind, {}, b.contact_intents[kind]);
        }
        r.Probability(*contact, p, "signed_in", b.signed_in);
    }
    if (const json* reply =
            r.Section(doc, "", "reply",
                      {"probability", "renewal_reminder_with_cancel_wish", "delay_hours"})) {
        const std::string p = "/reply";
        if (const json* prob = r.Section(*reply, p, "probability", {})) {
            for (const auto& [trigger, leaf] : prob->items()) {
                (void)leaf;
                r.Probability(*prob, p + "/probability", trigger, b.reply[trigger]);
            }
        }
        r.Probability(*reply, p, "renewal_reminder_with_cancel_wish",
                      b.reply_renewal_with_cancel_wish);
        r.Range(*reply, p, "delay_hours", 24 * 30, b.reply_delay_hours);
    }
    if (const json* conv = r.Section(
            doc, "", "conversation",
            {"max_turns", "leaves_midway", "csat", "rating_happy", "rating_unhappy", "choices"})) {
        const std::string p = "/conversation";
        r.Count(*conv, p, "max_turns", 1, 100, b.max_turns);
        r.Probability(*conv, p, "leaves_midway", b.leaves_midway);
        const std::set<std::string> stars = {"1", "2", "3", "4", "5"};
        r.Table(*conv, p, "csat", stars, b.csat);
        r.Table(*conv, p, "rating_happy", stars, b.rating_happy);
        r.Table(*conv, p, "rating_unhappy", stars, b.rating_unhappy);
        if (const json* choices = r.Section(*conv, p, "choices", {})) {
            for (const auto& [slot, leaf] : choices->items()) {
                (void)leaf;
                if (slot.find('.') == std::string::npos || slot.front() == '.' ||
                    slot.back() == '.') {
                    return Error::Make("seam.simulate.behaviour",
                                       p + "/choices/" + slot + ": name a flow's slot: flow.slot");
                }
                r.Table(*choices, p + "/choices", slot, {}, b.choices[slot]);
            }
        }
    }
    if (const json* rec =
            r.Section(doc, "", "recommendations",
                      {"pick_clicked", "win_back_opt_out", "link_clicked", "size_to_cart",
                       "exchange_taken", "order_after_click", "order_after_click_days"})) {
        const std::string p = "/recommendations";
        r.Probability(*rec, p, "pick_clicked", b.pick_clicked);
        r.Probability(*rec, p, "win_back_opt_out", b.win_back_opt_out);
        r.Probability(*rec, p, "link_clicked", b.link_clicked);
        r.Probability(*rec, p, "size_to_cart", b.size_to_cart);
        r.Probability(*rec, p, "exchange_taken", b.exchange_taken);
        r.Probability(*rec, p, "order_after_click", b.order_after_click);
        // The KPI attributes an order to a click at most 7 days before it.
        r.Range(*rec, p, "order_after_click_days", 30, b.order_after_click_days);
    }
    if (const json* agents = r.Section(doc, "", "agents", {"resolve_hours"})) {
        r.Range(*agents, "/agents", "resolve_hours", 24 * 30, b.agent_resolve_hours);
    }
    if (r.failed()) return Error::Make("seam.simulate.behaviour", r.error());
    return b;
}

Result<Behaviour> LoadBehaviour(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::Make("seam.simulate.behaviour", path + ": cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    const json doc = json::parse(text.str(), nullptr, false);
    if (doc.is_discarded()) {
        return Error::Make("seam.simulate.behaviour", path + ": not JSON");
    }
    auto parsed = ParseBehaviour(doc);
    if (!parsed) {
        return Error::Make(
            "seam.simulate.behaviour",
            path + ": " +
                parsed.error().message.substr(std::string("[seam.simulate.behaviour] ").size()));
    }
    return parsed;
}

}  // namespace seam::simulate

// native/demo/history.cpp — past conversations for the KPI dashboard (see generator.hpp).
//
// ~600 closed cases over the 60 days before `today`. Each one follows the engine's event
// vocabulary in order: case_opened, message_in, intent, flow_started, message_out, ... action,
// then either case_resolved by the bot, an abandonment, or handoff -> agent_claimed ->
// agent_message(s) -> case_resolved by the agent; about half the resolved ones leave a csat.
#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "demo/generator.hpp"
#include "demo/random.hpp"

namespace seam::demo {

namespace {

constexpr std::int64_t kMsPerDay = 86400000;

std::string Pad(std::int64_t value, int width) {
    std::string s = std::to_string(value);
    if (static_cast<int>(s.size()) < width) {
        s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    }
    return s;
}

std::string Quote(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string QuoteList(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? "," : "") + Quote(items[i]);
    return out + "]";
}

struct IntentInfo {
    const char* intent;
    int weight;             // share of conversations
    int handoff_per_mille;  // how often a person takes over
    const char* flow;
    const char* action;  // "" = none
    const char* skill;   // "" = any (talk_to_human)
    const char* reason;  // handoff reason
    std::vector<std::string> slots;
    const char* opener_en;
    const char* opener_es;
    const char* reply_en;
    const char* reply_es;
};

const std::vector<IntentInfo>& Intents() {
    static const std::vector<IntentInfo> kIntents = {
        {"order_status",
         25,
         80,
         "order_status",
         "lookup_order",
         "delivery",
         "order_lookup_failed",
         {"order_number"},
         "Where is my order?",
         "¿Dónde está mi pedido?",
         "Your order is on its way. Here is the tracking link.",
         "Tu pedido está en camino. Aquí tienes el enlace de seguimiento."},
        {"return_item",
         15,
         200,
         "return_refund",
         "create_return",
         "returns",
         "return_not_automatic",
         {"order_number", "reason", "method"},
         "I'd like to return something",
         "Quiero devolver un artículo",
         "I've created your return. The label is in your email.",
         "He creado tu devolución. La etiqueta está en tu correo."},
        {"refund_status",
         10,
         300,
         "return_refund",
         "lookup_order",
         "returns",
         "refund_needs_review",
         {"order_number"},
         "I sent my return back, where is my refund?",
         "Devolví el pedido, ¿cuándo llega el reembolso?",
         "Your refund was issued; it takes 5-10 business days to show.",
         "El reembolso está emitido; tarda de 5 a 10 días hábiles en aparecer."},
        {"reschedule_delivery",
         8,
         250,
         "delivery_reschedule",
         "reschedule_delivery",
         "delivery",
         "reschedule_not_automatic",
         {"order_number", "date"},
         "I won't be home on Thursday, can you deliver another day?",
         "No estaré en casa el jueves, ¿podéis entregarlo otro día?",
         "Done: the carrier will deliver on the new day.",
         "Hecho: el transportista lo entregará el nuevo día."},
        {"change_address",
         7,
         250,
         "address_change",
         "change_address",
         "delivery",
         "address_change_not_automatic",
         {"order_number", "address", "postal_code"},
         "I need to change the shipping address on my order",
         "Necesito cambiar la dirección de envío de mi pedido",
         "The address on your order is updated.",
         "La dirección de tu pedido está actualizada."},
        {"cancel_subscription",
         7,
         150,
         "subscription",
         "cancel_subscription",
         "billing",
         "subscription_change_failed",
         {"subscription", "decision"},
         "Please cancel my coffee subscription",
         "Quiero cancelar mi suscripción de café",
         "Your subscription is cancelled; nothing more will be charged.",
         "Tu suscripción está cancelada; no se cobrará nada más."},
        {"pause_subscription",
         5,
         100,
         "subscription",
         "pause_subscription",
         "billing",
         "subscription_change_failed",
         {"subscription", "months"},
         "Can I skip next month's coffee? I'm travelling",
         "¿Puedo saltarme el café del mes que viene? Estoy de viaje",
         "Your Coffee Club is paused; it resumes on its own.",
         "Tu Coffee Club está en pausa; se reanuda automáticamente."},
        {"reset_password",
         8,
         100,
         "password_reset",
         "start_password_reset",
         "account",
         "password_reset_failed",
         {"email"},
         "I forgot my password",
         "He olvidado mi contraseña",
         "I've sent a reset link; it is valid for 1 hour.",
         "Te he enviado un enlace; es válido durante 1 hora."},
        {"unfamiliar_charge",
         6,
         450,
         "unfamiliar_charge",
         "explain_charges",
         "billing",
         "charge_disputed",
         {"next_step"},
         "There's a Larchwood charge on my card I don't recognise",
         "Tengo un cargo de Larchwood que no reconozco",
         "That charge matches a parcel of your order that shipped separately.",
         "Ese cargo corresponde a un paquete de tu pedido enviado por separado."},
        {"request_invoice",
         5,
         100,
         "request_invoice",
         "email_invoice",
         "billing",
         "customer_request",
         {"order_number"},
         "Can I get an invoice for my order?",
         "¿Me podéis enviar la factura de mi pedido?",
         "I've emailed you the invoice.",
         "Te he enviado la factura por correo."},
        {"talk_to_human",
         4,
         1000,
         "talk_to_human",
         "",
         "",
         "customer_request",
         {"topic"},
         "I want to talk to a person",
         "Quiero hablar con una persona",
         "I'm connecting you with our team.",
         "Te paso con nuestro equipo."},
    };
    return kIntents;
}

struct Clock {
    std::int64_t now;
    std::int64_t Advance(std::int64_t lo_ms, std::int64_t hi_ms, Rng& rng) {
        now += rng.Range(lo_ms, hi_ms);
        return now;
    }
};

}  // namespace

History GenerateHistory(std::uint64_t seed, Date today, const DemoData& data) {
    Rng rng = Rng::Stream(seed, 101);
    History h;
    const std::int64_t today_ms = DaysFromCivil(today) * kMsPerDay;

    // Start times first, sorted, so ids follow time.
    static const std::vector<int> kHourWeights = {2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9,
                                                  9, 9, 9, 9, 9, 8, 8, 8, 7, 6, 4, 3};
    const int kCases = 600;
    std::vector<std::int64_t> starts;
    for (int i = 0; i < kCases; ++i) {
        const std::int64_t day = today_ms - rng.Range(1, 60) * kMsPerDay;
        const std::int64_t hour = static_cast<std::int64_t>(rng.Weighted(kHourWeights));
        starts.push_back(day + hour * 3600000 + rng.Below(3600000));
    }
    std::sort(starts.begin(), starts.end());

    std::map<std::int64_t, std::vector<const Order*>> orders_of;
    for (const Order& o : data.orders)
        orders_of[o.customer_id].push_back(&o);
    std::vector<int> intent_weights;
    for (const IntentInfo& info : Intents())
        intent_weights.push_back(info.weight);
    static const std::vector<const char*> kChannels = {"widget", "account", "email", "sms"};
    static const std::vector<int> kChannelWeights = {55, 20, 15, 10};
    static const std::vector<const char*> kSkills = {"billing", "returns", "delivery", "account"};

    // Known customers' earlier contacts, for the repeat contacts below.
    struct Contact {
        std::int64_t at;
        const Customer* customer;
        const IntentInfo* info;
    };
    std::vector<Contact> contacts;
    constexpr std::int64_t kRepeatWindowMs = 72 * 3600 * 1000LL;

    for (int i = 0; i < kCases; ++i) {
        const IntentInfo* picked = &Intents()[rng.Weighted(intent_weights)];
        HistoryCase c;
        c.id = "h_" + Pad(i + 1, 6);
        c.channel = kChannels[rng.Weighted(kChannelWeights)];
        const Customer* customer = nullptr;
        const int known = c.channel == "account" ? 1000 : c.channel == "widget" ? 600 : 800;
        if (data.customers.size() > 3 && rng.Chance(known)) {
            const auto n = static_cast<std::int64_t>(data.customers.size()) - 3;
            customer = &data.customers[static_cast<std::size_t>(3 + rng.Below(n))];
            c.customer_id = customer->id;
        }
        // About one contact in eight is a known customer writing again within three days about
        // the same thing (the first answer did not hold, or they want to check on it): what
        // first-contact resolution and the self-service rate's 72-hour rule count.
        const std::int64_t start = starts[static_cast<std::size_t>(i)];
        if (rng.Chance(125)) {
            std::vector<const Contact*> recent;
            for (auto it = contacts.rbegin(); it != contacts.rend(); ++it) {
                if (start - it->at > kRepeatWindowMs) break;
                if (start - it->at > 3600000) recent.push_back(&*it);  // an hour later at least
            }
            if (!recent.empty()) {
                const Contact* again = rng.Pick(recent);
                customer = again->customer;
                c.customer_id = customer->id;
                picked = again->info;
            }
        }
        const IntentInfo& info = *picked;
        if (customer != nullptr) contacts.push_back({start, customer, picked});
        const bool es = customer != nullptr && customer->locale == "es";
        if (c.channel == "email") {
            c.address = customer ? customer->email : "guest" + Pad(i + 1, 4) + "@example.net";
        } else if (c.channel == "sms") {
            c.address = customer && customer->phone ? *customer->phone
                                                    : "+1503555" + Pad(rng.Below(10000), 4);
        }
        c.intent = info.intent;
        c.state = "{}";
        c.created_at = starts[static_cast<std::size_t>(i)];

        std::string order_number = "LW-" + std::to_string(200000 + rng.Below(5000));
        if (customer != nullptr && !orders_of[customer->id].empty()) {
            order_number = rng.Pick(orders_of[customer->id])->number;
        }
        auto slot_value = [&](const std::string& slot) -> std::string {
            if (slot == "order_number") return order_number;
            if (slot == "reason") return rng.Chance(500) ? "too_small" : "changed_mind";
            if (slot == "method") return rng.Chance(700) ? "original_payment" : "store_credit";
            if (slot == "date") return FormatIsoDate(CivilFromDays(c.created_at / kMsPerDay + 3));
            if (slot == "address") return "221 Pine St";
            if (slot == "postal_code") return "97214";
            if (slot == "subscription") return rng.Chance(700) ? "coffee_club" : "plus";
            if (slot == "decision") return "cancel";
            if (slot == "months") return std::to_string(rng.Range(1, 3));
            if (slot == "email") return customer ? customer->email : "guest@example.net";
            if (slot == "next_step") return "talk_to_person";
            return "billing question";  // topic
        };

        Clock clock{c.created_at};
        int events = 0;
        auto event = [&](const char* kind, std::string json, bool with_intent = true) {
            HistoryEvent e;
            e.at = clock.now;
            e.case_id = c.id;
            e.customer_id = c.customer_id;
            e.channel = c.channel;
            e.kind = kind;
            if (with_intent) e.intent = info.intent;
            e.data = std::move(json);
            h.events.push_back(std::move(e));
            ++events;
        };
        auto message = [&](const char* sender, const std::string& agent, std::string text) {
            h.messages.push_back({c.id, clock.now, sender, agent, c.channel, std::move(text)});
        };

        event("case_opened", "{}", false);
        message("customer", "", es ? info.opener_es : info.opener_en);
        event("message_in", "{}", false);
        clock.Advance(120, 600, rng);
        const int confidence = static_cast<int>(rng.Range(62, 99));
        event("intent", "{\"intent\":" + Quote(info.intent) + ",\"confidence\":0." +
                            std::to_string(confidence) + "}");
        event("flow_started", "{\"flow\":" + Quote(info.flow) + "}");

        // The bot collects the slots: one question and one answer each.
        std::vector<std::pair<std::string, std::string>> slots;
        for (const std::string& slot : info.slots) {
            clock.Advance(800, 3500, rng);
            message(
                "bot", "",
                es ? "¿Me das este dato: " + slot + "?" : "Could you give me your " + slot + "?");
            event("message_out", "{\"sender\":\"bot\"}");
            clock.Advance(12000, 90000, rng);
            const std::string value = slot_value(slot);
            message("customer", "", value);
            event("message_in", "{}");
            slots.emplace_back(slot, value);
        }

        const bool handoff = rng.Chance(info.handoff_per_mille);
        const bool abandoned = !handoff && rng.Chance(120);
        std::string action_outcome = "ok";
        if (*info.action != '\0' && !abandoned) {
            clock.Advance(200, 1500, rng);
            if (handoff) action_outcome = rng.Chance(500) ? "refused" : "error";
            if (handoff && std::string(info.intent) == "refund_status") action_outcome = "ok";
            event("action", "{\"name\":" + Quote(info.action) +
                                ",\"outcome\":" + Quote(action_outcome) + "}");
        }

        if (abandoned) {
            clock.Advance(800, 3000, rng);
            message("bot", "", es ? "¿Sigues ahí?" : "Are you still there?");
            event("message_out", "{\"sender\":\"bot\"}");
            clock.Advance(30 * 60000, 30 * 60000, rng);  // the idle timeout
            event("case_resolved", "{\"outcome\":\"abandoned\",\"by\":\"bot\"}");
            c.status = "abandoned";
            c.outcome = "abandoned";
        } else if (!handoff) {
            clock.Advance(800, 3000, rng);
            message("bot", "", es ? info.reply_es : info.reply_en);
            event("message_out", "{\"sender\":\"bot\"}");
            clock.Advance(5000, 60000, rng);
            message("customer", "", es ? "Gracias" : "Thanks!");
            event("message_in", "{}");
            clock.Advance(800, 2500, rng);
            event("case_resolved", "{\"outcome\":\"resolved\",\"by\":\"bot\"}");
            c.status = "resolved";
            c.outcome = "resolved";
        } else {
            const std::string skill = *info.skill ? info.skill : rng.Pick(kSkills);
            const std::int64_t priority =
                rng.Range(1, 3) + (customer && customer->lifetime_value_cents > 100000 ? 1 : 0);
            std::vector<std::string> slot_names;
            for (const auto& s : slots)
                slot_names.push_back(s.first);
            clock.Advance(800, 2500, rng);
            event("handoff", "{\"skill\":" + Quote(skill) +
                                 ",\"priority\":" + std::to_string(priority) +
                                 ",\"slots\":" + QuoteList(slot_names) + "}");
            message("bot", "",
                    es ? "Te paso con una persona de nuestro equipo; ya tiene todo lo que me has "
                         "contado."
                       : "I'm passing you to a person on our team; they'll see everything you've "
                         "told me.");
            event("message_out", "{\"sender\":\"bot\"}");
            const std::int64_t created = clock.now;

            const std::string agent = skill == "billing" || skill == "account"
                                          ? (rng.Chance(700) ? "lee" : "maya")
                                          : (rng.Chance(700) ? "sam" : "maya");
            clock.Advance(60000, 25 * 60000, rng);
            const std::int64_t claimed = clock.now;
            event("agent_claimed", "{\"agent\":" + Quote(agent) + "}");
            const int replies = static_cast<int>(rng.Range(1, 3));
            for (int r = 0; r < replies; ++r) {
                clock.Advance(20000, 4 * 60000, rng);
                std::vector<std::string> reasked;
                if (r == 0 && !slot_names.empty() && rng.Chance(100))
                    reasked.push_back(slot_names.front());
                message(
                    "agent", agent,
                    r == 0 ? (reasked.empty()
                                  ? std::string("Hi, I've read the conversation and I'm on it.")
                                  : "Hi, could you confirm the " + reasked.front() + " for me?")
                           : std::string("All sorted on our side. Anything else I can help with?"));
                event("agent_message", "{\"agent\":" + Quote(agent) +
                                           ",\"reasked_slots\":" + QuoteList(reasked) + "}");
                event("message_out", "{\"sender\":\"agent\"}");
                if (r + 1 < replies) {
                    clock.Advance(15000, 3 * 60000, rng);
                    message("customer", "", es ? "Vale, gracias" : "OK, thank you");
                    event("message_in", "{}");
                }
            }
            clock.Advance(30000, 5 * 60000, rng);
            event("case_resolved", "{\"outcome\":\"resolved\",\"by\":\"agent\"}");
            c.status = "resolved";
            c.outcome = "resolved";

            std::string slot_json = "[";
            for (std::size_t s = 0; s < slots.size(); ++s) {
                slot_json += std::string(s ? "," : "") + "{\"slot\":" + Quote(slots[s].first) +
                             ",\"value\":" + Quote(slots[s].second) + ",\"source\":\"asked\"}";
            }
            slot_json += "]";
            const std::string summary =
                std::string("Customer asked about ") + info.intent +
                (slots.empty() ? ""
                               : " (" + slots.front().first + " " + slots.front().second + ")") +
                "; automation stopped: " + info.reason + ".";
            static const char* kPriorityNames[] = {"low", "normal", "high", "urgent"};
            std::string payload =
                "{\"version\":1,\"reason\":" + Quote(info.reason) + ",\"queue\":" + Quote(skill) +
                ",\"priority\":" + Quote(kPriorityNames[std::min<std::int64_t>(priority, 4) - 1]) +
                ",\"session\":" + Quote(c.id) + ",\"customer\":{\"id\":" +
                (customer ? Quote(customer->external_id) : std::string("null")) +
                ",\"verified\":" + (customer ? "true" : "false") +
                "},\"flow\":" + Quote(info.flow) +
                ",\"intents\":[{\"intent\":" + Quote(info.intent) + ",\"confidence\":0." +
                std::to_string(confidence) + "}],\"slots\":" + slot_json + ",\"actions\":" +
                (*info.action ? "[{\"name\":" + Quote(info.action) +
                                    ",\"params\":{},\"outcome\":" + Quote(action_outcome) + "}]"
                              : std::string("[]")) +
                ",\"remaining_steps\":[],\"transcript\":[{\"from\":\"customer\",\"text\":" +
                Quote(es ? info.opener_es : info.opener_en) + "}],\"summary\":" + Quote(summary) +
                "}";
            HistoryHandoff ho;
            ho.case_id = c.id;
            ho.created_at = created;
            ho.skill = skill;
            ho.priority = priority;
            ho.payload = std::move(payload);
            ho.status = "resolved";
            ho.agent_login = agent;
            ho.claimed_at = claimed;
            ho.resolved_at = clock.now;
            ho.outcome = "resolved";
            ho.note = "Handled by " + agent + ": " + info.intent + " sorted.";
            h.handoffs.push_back(std::move(ho));
        }

        c.resolved_at = clock.now;
        if (c.status == "resolved" && rng.Chance(450)) {
            const bool by_agent = handoff;
            static const std::vector<int> kBotRatings = {5, 6, 14, 35, 40};
            static const std::vector<int> kAgentRatings = {3, 4, 10, 33, 50};
            const int rating =
                1 + static_cast<int>(rng.Weighted(by_agent ? kAgentRatings : kBotRatings));
            clock.Advance(10000, 120000, rng);
            event("csat", "{\"rating\":" + std::to_string(rating) +
                              ",\"handled_by\":" + Quote(by_agent ? "agent" : "bot") + "}");
        }
        c.updated_at = clock.now;
        c.version = events;
        h.cases.push_back(std::move(c));
    }
    return h;
}

}  // namespace seam::demo

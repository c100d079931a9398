// native/actions/actions.cpp — the transactional actions of the demo business (see actions.hpp).
//
// Index of this file
// [SECTION] Text helpers: language, money, dates
// [SECTION] Parameter specs and re-validation
// [SECTION] Job: one request inside its transaction (store access, policy, refusals)
// [SECTION] Account actions on an order: lookup, return, refund, reschedule, address
// [SECTION] Account actions on the customer: subscriptions, invoices, charges
// [SECTION] Password reset (no account needed, reveals nothing)
// [SECTION] Runner: idempotency, audit, events, commit
//
// Store failures inside a job are thrown as StoreFailure and caught in Runner::Run, which turns
// them into seam.actions.store: every read and write stays one line, and the transaction rolls
// back as the exception unwinds. Nothing else in this file throws on purpose.
#include "actions/actions.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "identity/random.hpp"
#include "identity/sha256.hpp"
#include "seam/form/validate.hpp"

namespace seam::actions {

using nlohmann::json;

namespace {

// [SECTION] Text helpers: language, money, dates

//! "es" for es, es-ES, es_MX...; "en" for everything else.
std::string Lang(const std::string& locale) {
    return locale.size() >= 2 && (locale[0] == 'e' || locale[0] == 'E') &&
                   (locale[1] == 's' || locale[1] == 'S')
               ? "es"
               : "en";
}

//! "54.00 USD" (en) / "54,00 USD" (es).
std::string Money(std::int64_t cents, const std::string& currency, const std::string& lang) {
    const bool negative = cents < 0;
    const std::int64_t abs = negative ? -cents : cents;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%lld%c%02lld", negative ? "-" : "",
                  static_cast<long long>(abs / 100), lang == "es" ? ',' : '.',
                  static_cast<long long>(abs % 100));
    return std::string(buf) + " " + currency;
}

std::string Trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

//! The digits of "LW-104233" ("104233").
std::string OrderDigits(const std::string& number) {
    std::string digits;
    for (char c : number)
        if (c >= '0' && c <= '9') digits.push_back(c);
    return digits;
}

// [SECTION] Parameter specs and re-validation

struct ParamSpec {
    ParamSpec(std::string n, std::string t, bool r = true, std::vector<std::string> v = {})
        : name(std::move(n)), type(std::move(t)), required(r), values(std::move(v)) {}
    std::string name;
    std::string type;  //!< a form::FieldRules type
    bool required = true;
    std::vector<std::string> values;  //!< enum values, as the flows declare them
};

struct ActionSpec {
    std::string name;
    std::vector<ParamSpec> params;
};

// Mirrors assets/flows/actions.json; the enum values are those of the flows' slots
// (return_refund.json, subscription.json). "damaged" is accepted as a return reason because
// the business sheet names it next to wrong and defective.
const std::vector<ActionSpec>& Specs() {
    static const std::vector<ActionSpec> specs = {
        {"lookup_order", {{"order_number", "order_number"}}},
        {"create_return",
         {{"order_number", "order_number"},
          {"reason",
           "enum",
           true,
           {"too_small", "too_big", "defective", "damaged", "wrong_item", "changed_mind"}}}},
        {"issue_refund",
         {{"order_number", "order_number"},
          {"method", "enum", true, {"original_payment", "store_credit"}}}},
        {"reschedule_delivery", {{"order_number", "order_number"}, {"date", "date"}}},
        // postal_code is validated once the order (and so its country) is known.
        {"change_address",
         {{"order_number", "order_number"}, {"address", "text"}, {"postal_code", "postal_code"}}},
        {"pause_subscription", {{"months", "number"}}},
        {"cancel_subscription", {{"subscription", "enum", true, {"coffee_club", "plus"}}}},
        {"email_invoice",
         {{"order_number", "order_number", false}, {"invoice_number", "invoice_number", false}}},
        {"start_password_reset", {{"email", "email"}}},
        {"explain_charges", {}},
    };
    return specs;
}

const ActionSpec* FindSpec(const std::string& name) {
    for (const ActionSpec& s : Specs())
        if (s.name == name) return &s;
    return nullptr;
}

//! The text a validator sees for a JSON parameter ("" for null / missing).
std::string AsInput(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump();
}

std::string FormLocale(const std::string& lang) {
    return lang == "es" ? "es-ES" : "en-US";
}

//! Normalised params, or seam.actions.bad_params with the validator's message.
Result<json> ValidateParams(const ActionSpec& spec, const Request& request,
                            const std::string& lang) {
    const json& in = request.params.is_object() ? request.params : json::object();
    if (!request.params.is_null() && !request.params.is_object()) {
        return Error::Make("seam.actions.bad_params", "params must be a JSON object");
    }
    json out = json::object();
    for (const ParamSpec& p : spec.params) {
        const std::string input = in.contains(p.name) ? AsInput(in[p.name]) : std::string();
        if (!p.required && Trim(input).empty()) continue;
        if (p.type == "postal_code") {  // checked against the order's country later
            out[p.name] = Trim(input);
            if (out[p.name].get<std::string>().empty()) {
                form::FieldRules rules;
                rules.type = "text";
                rules.locale = FormLocale(lang);
                form::Validation v = form::Validate(input, rules);
                return Error::Make("seam.actions.bad_params", p.name + ": " + v.message);
            }
            continue;
        }
        form::FieldRules rules;
        rules.type = p.type;
        rules.values = p.values;
        rules.locale = FormLocale(lang);
        rules.today = request.today;
        form::Validation v = form::Validate(input, rules);
        if (!v.ok) return Error::Make("seam.actions.bad_params", p.name + ": " + v.message);
        out[p.name] = v.value;
    }
    if (spec.name == "email_invoice" && !out.contains("order_number") &&
        !out.contains("invoice_number")) {
        return Error::Make("seam.actions.bad_params",
                           lang == "es" ? "indica un número de pedido o de factura."
                                        : "give an order number or an invoice number.");
    }
    return out;
}

// [SECTION] Job: one request inside its transaction (store access, policy, refusals)

struct StoreFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Order {
    std::int64_t id = 0;
    std::string number;
    std::int64_t customer_id = 0;
    std::string status;  // processing | shipped | delivered | cancelled
    std::string currency;
    std::int64_t total_cents = 0;
    std::string ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country;
};

struct Shipment {
    std::int64_t id = 0;
    std::string carrier, tracking_url, shipped_on, expected_on, delivered_on, status;
};

struct Customer {
    std::int64_t id = 0;
    std::string external_id, first_name, last_name, email;
};

class Job {
  public:
    Job(store::Db& db, const Request& request, const std::vector<policy::Rule>& rules, json params)
        : db_(db),
          req_(request),
          rules_(rules),
          p_(std::move(params)),
          lang_(Lang(request.locale)) {}

    Result<Response> Perform();

    //! What the audit row names as the target (order number, plan, invoice...).
    const std::string& target() const { return target_; }
    const json& params() const { return p_; }

  private:
    // Store access.
    store::Stmt Query(const char* sql) {
        auto s = db_.Prepare(sql);
        if (!s) throw StoreFailure(s.error().message);
        return std::move(s.value());
    }
    static bool Step(store::Stmt& s) {
        if (s.Next()) return true;
        if (!s.error().empty()) throw StoreFailure(s.error());
        return false;
    }
    static void Exec(store::Stmt& s) {
        auto r = s.Run();
        if (!r) throw StoreFailure(r.error().message);
    }
    std::optional<Order> LoadOrder(const std::string& number);
    std::optional<Shipment> LatestShipment(std::int64_t order_id);
    std::optional<Customer> LoadCustomer(std::int64_t id);
    bool AnyFinalSale(std::int64_t order_id);
    bool IsPlusMember(std::int64_t customer_id);
    void SendEmail(const std::string& to, const std::string& subject, const std::string& body);

    // Who acts.
    bool IsAgent() const { return req_.actor.kind == "agent"; }
    bool Verified() const {
        return IsAgent() || (req_.actor.verified && req_.actor.customer_id != 0);
    }
    //! The customer an account action is about (the actor's own, or the case's for an agent).
    std::int64_t CustomerId() const { return req_.actor.customer_id; }

    // Policy and outcomes.
    std::string L(const char* en, const char* es) const { return lang_ == "es" ? es : en; }
    json BaseFacts() const { return {{"verified", Verified()}}; }
    policy::Decision Decide(const json& facts) const {
        return policy::Decide(rules_, req_.name, facts, lang_);
    }
    Response FromDecision(const policy::Decision& d) const;
    Response Refuse(const std::string& rule, const std::string& reason) const;
    Response NotVerified() const;
    //! Loads the order of params.order_number and checks the actor may act on it. On refusal
    //! `out` holds the response to return.
    std::optional<Order> OwnedOrder(Response& out);

    Result<Response> LookupOrder();
    Result<Response> CreateReturn();
    Result<Response> IssueRefund();
    Result<Response> RescheduleDelivery();
    Result<Response> ChangeAddress();
    Result<Response> PauseSubscription();
    Result<Response> CancelSubscription();
    Result<Response> EmailInvoice();
    Result<Response> ExplainCharges();
    Result<Response> StartPasswordReset();

    store::Db& db_;
    const Request& req_;
    const std::vector<policy::Rule>& rules_;
    json p_;
    std::string lang_;
    std::string target_;
};

std::optional<Order> Job::LoadOrder(const std::string& number) {
    auto s = Query(
        "SELECT id, number, customer_id, status, currency, total_cents, ship_line1, "
        "COALESCE(ship_line2, ''), ship_city, COALESCE(ship_region, ''), ship_postal_code, "
        "ship_country FROM orders WHERE number = ?");
    s.Bind(1, number);
    if (!Step(s)) return std::nullopt;
    Order o;
    o.id = s.Int(0);
    o.number = s.Text(1);
    o.customer_id = s.Int(2);
    o.status = s.Text(3);
    o.currency = s.Text(4);
    o.total_cents = s.Int(5);
    o.ship_line1 = s.Text(6);
    o.ship_line2 = s.Text(7);
    o.ship_city = s.Text(8);
    o.ship_region = s.Text(9);
    o.ship_postal_code = s.Text(10);
    o.ship_country = s.Text(11);
    return o;
}

// A split order has several parcels; the latest one is what the customer is waiting for.
std::optional<Shipment> Job::LatestShipment(std::int64_t order_id) {
    auto s = Query(
        "SELECT id, carrier, tracking_url, shipped_on, expected_on, COALESCE(delivered_on, ''), "
        "status FROM shipments WHERE order_id = ? ORDER BY shipped_on DESC, id DESC LIMIT 1");
    s.Bind(1, order_id);
    if (!Step(s)) return std::nullopt;
    Shipment sh;
    sh.id = s.Int(0);
    sh.carrier = s.Text(1);
    sh.tracking_url = s.Text(2);
    sh.shipped_on = s.Text(3);
    sh.expected_on = s.Text(4);
    sh.delivered_on = s.Text(5);
    sh.status = s.Text(6);
    return sh;
}

std::optional<Customer> Job::LoadCustomer(std::int64_t id) {
    auto s =
        Query("SELECT id, external_id, first_name, last_name, email FROM customers WHERE id = ?");
    s.Bind(1, id);
    if (!Step(s)) return std::nullopt;
    Customer c;
    c.id = s.Int(0);
    c.external_id = s.Text(1);
    c.first_name = s.Text(2);
    c.last_name = s.Text(3);
    c.email = s.Text(4);
    return c;
}

bool Job::AnyFinalSale(std::int64_t order_id) {
    auto s = Query(
        "SELECT COUNT(*) FROM order_items i JOIN products p ON p.id = i.product_id "
        "WHERE i.order_id = ? AND (i.final_sale != 0 OR p.final_sale != 0)");
    s.Bind(1, order_id);
    return Step(s) && s.Int(0) > 0;
}

// A cancelled membership keeps its benefits until the end of the paid year.
bool Job::IsPlusMember(std::int64_t customer_id) {
    auto s = Query(
        "SELECT COUNT(*) FROM subscriptions WHERE customer_id = ? AND plan = 'plus' AND "
        "(status = 'active' OR (status = 'cancelled' AND renews_on IS NOT NULL AND renews_on > "
        "?))");
    s.Bind(1, customer_id).Bind(2, FormatIsoDate(req_.today));
    return Step(s) && s.Int(0) > 0;
}

void Job::SendEmail(const std::string& to, const std::string& subject, const std::string& body) {
    auto& s = db_.Cached(
        "INSERT INTO outbound_email(created_at, to_address, subject, body) VALUES (?, ?, ?, ?)");
    s.Bind(1, req_.now_ms).Bind(2, to).Bind(3, subject).Bind(4, body);
    Exec(s);
}

Response Job::FromDecision(const policy::Decision& d) const {
    Response r;
    r.decision = d.ToJson();
    r.result = json::object();
    if (d.verdict == policy::Verdict::kRefuse) {
        r.outcome = "refused";
        r.result["reason"] = d.reason;
    } else if (d.verdict == policy::Verdict::kReview) {
        r.outcome = "needs_review";
        r.result["reason"] = d.reason;
    } else {
        r.outcome = "ok";
    }
    return r;
}

// A refusal that no rule of rules.json covers (nothing to return, not delivered yet...): it is
// recorded in the same shape as a policy decision, so the audit trail reads the same.
Response Job::Refuse(const std::string& rule, const std::string& reason) const {
    Response r;
    r.outcome = "refused";
    r.result = {{"reason", reason}};
    r.decision = {{"verdict", "refuse"},
                  {"reason", reason},
                  {"checks", json::array({{{"rule", rule},
                                           {"description", "precondition of " + req_.name},
                                           {"passed", false},
                                           {"detail", reason}}})}};
    return r;
}

Response Job::NotVerified() const {
    return FromDecision(Decide({{"verified", false}}));
}

std::optional<Order> Job::OwnedOrder(Response& out) {
    const std::string number = p_.value("order_number", std::string());
    target_ = number;
    std::optional<Order> order = LoadOrder(number);
    if (!order) {
        out.outcome = "not_found";
        out.result = {{"reason", lang_ == "es" ? "no encuentro el pedido " + number + "."
                                               : "I can't find order " + number + "."}};
        return std::nullopt;
    }
    if (!IsAgent() && order->customer_id != CustomerId()) {
        out = FromDecision(Decide({{"verified", true}, {"order_owner_matches", false}}));
        if (req_.name == "lookup_order") out.outcome = "not_owner";
        return std::nullopt;
    }
    return order;
}

Result<Response> Job::Perform() {
    const std::string& n = req_.name;
    if (n == "start_password_reset") return StartPasswordReset();
    if (!Verified()) return NotVerified();
    if (n == "lookup_order") return LookupOrder();
    if (n == "create_return") return CreateReturn();
    if (n == "issue_refund") return IssueRefund();
    if (n == "reschedule_delivery") return RescheduleDelivery();
    if (n == "change_address") return ChangeAddress();
    if (n == "pause_subscription") return PauseSubscription();
    if (n == "cancel_subscription") return CancelSubscription();
    if (n == "email_invoice") return EmailInvoice();
    if (n == "explain_charges") return ExplainCharges();
    return Error::Make("seam.actions.unknown_action", "no action named '" + n + "'");
}

// [SECTION] Account actions on an order: lookup, return, refund, reschedule, address

std::string ShipmentStatusText(const std::string& status, const std::string& lang) {
    static const std::map<std::string, std::pair<const char*, const char*>> kText = {
        {"in_transit", {"in transit", "en tránsito"}},
        {"out_for_delivery", {"out for delivery", "en reparto"}},
        {"delivered", {"delivered", "entregado"}},
        {"held", {"held at the carrier's depot", "retenido en el almacén del transportista"}},
        {"processing", {"being prepared in our warehouse", "en preparación en nuestro almacén"}},
        {"cancelled", {"cancelled", "cancelado"}},
        {"shipped", {"shipped", "enviado"}},
    };
    auto it = kText.find(status);
    if (it == kText.end()) return status;
    return lang == "es" ? it->second.second : it->second.first;
}

Result<Response> Job::LookupOrder() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    std::optional<Shipment> sh = LatestShipment(order->id);
    r = FromDecision(Decide({{"verified", true}, {"order_owner_matches", true}}));
    if (r.outcome != "ok") return r;
    const bool shipped = sh.has_value() && order->status != "cancelled";
    json items = json::array();
    auto s = Query(
        "SELECT p.sku, p.name, i.quantity, (i.final_sale != 0 OR p.final_sale != 0) "
        "FROM order_items i JOIN products p ON p.id = i.product_id WHERE i.order_id = ? "
        "ORDER BY i.id");
    s.Bind(1, order->id);
    while (Step(s)) {
        items.push_back({{"sku", s.Text(0)},
                         {"name", s.Text(1)},
                         {"quantity", s.Int(2)},
                         {"final_sale", s.Int(3) != 0}});
    }
    r.result = {{"number", order->number},
                {"order_status", order->status},
                {"status", ShipmentStatusText(shipped ? sh->status : order->status, lang_)},
                {"shipped", shipped},
                {"delivered", shipped && !sh->delivered_on.empty()},
                {"carrier", shipped ? sh->carrier : ""},
                {"tracking_url", shipped ? sh->tracking_url : ""},
                {"eta", shipped ? sh->expected_on : ""},
                {"delivered_on",
                 shipped && !sh->delivered_on.empty() ? json(sh->delivered_on) : json(nullptr)},
                {"total", Money(order->total_cents, order->currency, lang_)},
                {"items", items}};
    return r;
}

// Wrong, damaged or defective items always get a free label; so do Plus members.
bool FreeLabelReason(const std::string& reason) {
    return reason == "defective" || reason == "damaged" || reason == "wrong_item";
}

constexpr std::int64_t kLabelFeeCents = 595;
constexpr std::int64_t kRefundLimitCents = 10000;
constexpr const char* kReturnsAddress =
    "Larchwood Outfitters Returns, 2200 NW Front Ave, Portland, OR 97209, US";

Result<Response> Job::CreateReturn() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    const std::string reason = p_.value("reason", std::string());

    // All items of an order go in one return: asking again hands back the label already issued.
    {
        auto s = Query(
            "SELECT number, label_fee_cents FROM returns WHERE order_id = ? ORDER BY id LIMIT 1");
        s.Bind(1, order->id);
        if (Step(s)) {
            const std::string rma = s.Text(0);
            const std::int64_t fee = s.Int(1);
            r.outcome = "ok";
            r.decision = nullptr;
            r.result = {
                {"rma", rma},
                {"order_number", order->number},
                {"label_url", "/v1/returns/" + rma + "/label"},
                {"label_fee", fee},
                {"already_open", true},
                {"label_fee_note",
                 L("This return was already open; here is its label again.",
                   "Esta devolución ya estaba abierta; aquí tienes otra vez la etiqueta.")}};
            return r;
        }
    }

    std::optional<Shipment> sh = LatestShipment(order->id);
    if (!sh || sh->delivered_on.empty()) {
        return Refuse("order_delivered",
                      L("the order hasn't been delivered yet; once it arrives you have 30 days to "
                        "return it.",
                        "el pedido aún no se ha entregado; cuando llegue tendrás 30 días para "
                        "devolverlo."));
    }
    auto delivered = ParseIsoDate(sh->delivered_on);
    if (!delivered) throw StoreFailure("bad delivered_on: " + sh->delivered_on);
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["days_since_delivery"] = DaysBetween(*delivered, req_.today);
    facts["final_sale"] = AnyFinalSale(order->id);
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        // Nothing here is for a person to approve: a return the rules cannot settle is refused
        // and the flow hands the conversation over.
        r.outcome = "refused";
        return r;
    }

    const bool plus = IsPlusMember(order->customer_id);
    const std::int64_t fee = (plus || FreeLabelReason(reason)) ? 0 : kLabelFeeCents;
    std::int64_t count = 0;
    {
        auto s = Query("SELECT COUNT(*) FROM returns WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) count = s.Int(0);
    }
    const std::string rma = "RMA-" + OrderDigits(order->number) + "-" + std::to_string(count + 1);
    std::optional<Customer> customer = LoadCustomer(order->customer_id);
    json from = {{"name", customer ? customer->first_name + " " + customer->last_name : ""},
                 {"line1", order->ship_line1},
                 {"line2", order->ship_line2},
                 {"city", order->ship_city},
                 {"region", order->ship_region},
                 {"postal_code", order->ship_postal_code},
                 {"country", order->ship_country}};
    json label = {{"rma", rma},
                  {"order", order->number},
                  {"from", from},
                  {"to", kReturnsAddress},
                  {"carrier", sh->carrier},
                  {"fee", {{"amount_cents", fee}, {"currency", order->currency}}}};
    auto& ins = db_.Cached(
        "INSERT INTO returns(number, order_id, created_at, reason, status, label_fee_cents, "
        "label) VALUES (?, ?, ?, ?, 'label_issued', ?, ?)");
    ins.Bind(1, rma)
        .Bind(2, order->id)
        .Bind(3, req_.now_ms)
        .Bind(4, reason)
        .Bind(5, fee)
        .Bind(6, label.dump());
    Exec(ins);

    std::string note;
    if (fee > 0) {
        note = L("The label costs ", "La etiqueta cuesta ") + Money(fee, order->currency, lang_) +
               L(", which is deducted from your refund.", ", que se descuenta del reembolso.");
    } else if (FreeLabelReason(reason)) {
        note = L("The label is free because the item was wrong or faulty.",
                 "La etiqueta es gratuita porque el artículo era erróneo o defectuoso.");
    } else {
        note = L("The label is free with Larchwood Plus.",
                 "La etiqueta es gratuita con Larchwood Plus.");
    }
    r.result = {{"rma", rma},
                {"order_number", order->number},
                {"label_url", "/v1/returns/" + rma + "/label"},
                {"label_fee", fee},
                {"label_fee_note", note},
                {"carrier", sh->carrier}};
    return r;
}

Result<Response> Job::IssueRefund() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    const std::string method = p_.value("method", std::string());

    std::optional<std::int64_t> label_fee;
    {
        auto s =
            Query("SELECT label_fee_cents FROM returns WHERE order_id = ? ORDER BY id LIMIT 1");
        s.Bind(1, order->id);
        if (Step(s)) label_fee = s.Int(0);
    }
    // A customer is refunded for what comes back; an agent may refund without a return
    // (a lost parcel, a goodwill refund).
    if (!label_fee && !IsAgent()) {
        return Refuse("return_open",
                      L("a refund follows a return, and this order has no return open yet — "
                        "start the return first.",
                        "un reembolso va después de una devolución y este pedido aún no tiene "
                        "ninguna abierta: empieza primero la devolución."));
    }
    std::int64_t refunds = 0;
    {
        auto s = Query("SELECT COUNT(*) FROM refunds WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) refunds = s.Int(0);
    }
    std::int64_t base = order->total_cents - label_fee.value_or(0);
    if (base < 0) base = 0;
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["refunds_on_order"] = refunds;
    facts["amount"] = static_cast<double>(base) / 100.0;
    policy::Decision d = Decide(facts);
    r = FromDecision(d);
    if (r.outcome == "refused") return r;

    // Store credit carries a 10% bonus; the limit applies to the money refunded.
    const std::int64_t amount = method == "store_credit" ? (base * 110 + 50) / 100 : base;
    const bool review = r.outcome == "needs_review";
    auto& ins = db_.Cached(
        "INSERT INTO refunds(order_id, created_at, method, currency, amount_cents, status) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    ins.Bind(1, order->id)
        .Bind(2, req_.now_ms)
        .Bind(3, method)
        .Bind(4, order->currency)
        .Bind(5, amount)
        .Bind(6, review ? "pending_review" : "issued");
    Exec(ins);

    std::string when;
    if (method == "store_credit") {
        when = L("as store credit (with the 10% bonus) as soon as the return reaches the warehouse",
                 "como saldo en tienda (con el 10 % extra) en cuanto la devolución llegue al "
                 "almacén");
    } else {
        when =
            L("to your original payment method 5–10 business days after the return reaches "
              "the warehouse",
              "a tu método de pago original entre 5 y 10 días laborables después de que la "
              "devolución llegue al almacén");
    }
    json result = {{"order_number", order->number},
                   {"method", method},
                   {"amount", Money(amount, order->currency, lang_)},
                   {"amount_cents", amount},
                   {"currency", order->currency},
                   {"when", when},
                   {"limit", Money(kRefundLimitCents, order->currency, lang_)},
                   {"status", review ? "pending_review" : "issued"}};
    if (review) result["reason"] = d.reason;
    r.result = result;
    if (!review && order->customer_id != 0) {
        if (auto c = LoadCustomer(order->customer_id)) {
            SendEmail(c->email, L("Your refund for ", "Tu reembolso del pedido ") + order->number,
                      L("We're refunding ", "Te reembolsamos ") +
                          result["amount"].get<std::string>() + " " + when + ".");
        }
    }
    return r;
}

Result<Response> Job::RescheduleDelivery() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    const std::string date_text = p_.value("date", std::string());
    auto date = ParseIsoDate(date_text);
    if (!date) return Error::Make("seam.actions.bad_params", "date: " + date.error().message);
    std::optional<Shipment> sh = LatestShipment(order->id);
    if (!sh) {
        return Refuse("order_shipped",
                      L("the order hasn't shipped yet, so there is no delivery day to move; we'll "
                        "email the tracking link when it leaves the warehouse.",
                        "el pedido aún no ha salido, así que no hay día de entrega que cambiar; te "
                        "enviaremos el seguimiento cuando salga del almacén."));
    }
    if (!sh->delivered_on.empty()) {
        return Refuse("not_delivered",
                      L("the parcel was already delivered on ", "el paquete ya se entregó el ") +
                          sh->delivered_on + ".");
    }
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["days_ahead"] = DaysBetween(req_.today, *date);
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        r.outcome = "refused";
        return r;
    }
    auto& up = db_.Cached("UPDATE shipments SET expected_on = ? WHERE id = ?");
    up.Bind(1, FormatIsoDate(*date)).Bind(2, sh->id);
    Exec(up);
    r.result = {{"order_number", order->number},
                {"date", FormatIsoDate(*date)},
                {"previous_date", sh->expected_on},
                {"carrier", sh->carrier}};
    return r;
}

Result<Response> Job::ChangeAddress() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    if (order->status == "cancelled") {
        return Refuse("order_open", L("the order was cancelled, so there is nothing to ship.",
                                      "el pedido se canceló, así que no hay nada que enviar."));
    }
    std::optional<Shipment> sh = LatestShipment(order->id);
    const bool shipped =
        sh.has_value() || order->status == "shipped" || order->status == "delivered";
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["shipped"] = shipped;
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        r.outcome = "refused";
        r.result["shipped"] = shipped;
        return r;
    }

    // The postal code is checked in the format of the order's country.
    form::FieldRules rules;
    rules.type = "postal_code";
    rules.region = order->ship_country;
    rules.locale = FormLocale(lang_);
    const std::string postal_input = p_.value("postal_code", std::string());
    form::Validation v = form::Validate(postal_input, rules);
    std::string postal;
    if (v.ok) {
        postal = v.value.get<std::string>();
    } else if (v.error_id == "seam.form.postal_code.unsupported_region" &&
               postal_input.size() >= 2 && postal_input.size() <= 12) {
        postal = postal_input;  // a country the validator has no format for: kept as typed
    } else {
        return Error::Make("seam.actions.bad_params", "postal_code: " + v.message);
    }
    p_["postal_code"] = postal;

    // "line1, city" or "line1, line2, city"; a single part is the street and keeps the city.
    const std::string address = p_.value("address", std::string());
    std::vector<std::string> parts;
    std::string part;
    for (char c : address + ",") {
        if (c == ',') {
            if (!Trim(part).empty()) parts.push_back(Trim(part));
            part.clear();
        } else {
            part.push_back(c);
        }
    }
    std::string line1 = parts.empty() ? address : parts.front();
    std::string line2;
    std::string city = order->ship_city;
    if (parts.size() >= 2) {
        city = parts.back();
        for (std::size_t i = 1; i + 1 < parts.size(); ++i)
            line2 += (line2.empty() ? "" : ", ") + parts[i];
    }
    auto& up = db_.Cached(
        "UPDATE orders SET ship_line1 = ?, ship_line2 = ?, ship_city = ?, ship_postal_code = ? "
        "WHERE id = ?");
    up.Bind(1, line1);
    if (line2.empty()) {
        up.BindNull(2);
    } else {
        up.Bind(2, line2);
    }
    up.Bind(3, city).Bind(4, postal).Bind(5, order->id);
    Exec(up);
    r.result = {{"order_number", order->number},
                {"shipped", false},
                {"address",
                 {{"line1", line1},
                  {"line2", line2},
                  {"city", city},
                  {"region", order->ship_region},
                  {"postal_code", postal},
                  {"country", order->ship_country}}},
                {"previous_address",
                 {{"line1", order->ship_line1},
                  {"line2", order->ship_line2},
                  {"city", order->ship_city},
                  {"postal_code", order->ship_postal_code}}}};
    return r;
}

// [SECTION] Account actions on the customer: subscriptions, invoices, charges

Result<Response> Job::PauseSubscription() {
    const std::int64_t months = p_.value("months", std::int64_t(0));
    target_ = "coffee_club";
    if (CustomerId() == 0) {
        return Refuse("customer_known", L("I need to know whose subscription this is.",
                                          "necesito saber de quién es la suscripción."));
    }
    json facts = BaseFacts();
    facts["months"] = months;
    Response r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        r.outcome = "refused";
        return r;
    }
    auto s = Query(
        "SELECT id, status, COALESCE(paused_until, '') FROM subscriptions WHERE customer_id = ? "
        "AND plan = 'coffee_club' AND status != 'cancelled' ORDER BY id DESC LIMIT 1");
    s.Bind(1, CustomerId());
    if (!Step(s)) {
        return Refuse("subscription_active",
                      L("there's no active Coffee Club subscription on your account.",
                        "no hay ninguna suscripción activa al Coffee Club en tu cuenta."));
    }
    const std::int64_t id = s.Int(0);
    const std::string status = s.Text(1);
    const std::string paused_until = s.Text(2);
    if (status == "paused") {
        return Refuse("subscription_active",
                      L("the Coffee Club is already paused until ",
                        "el Coffee Club ya está en "
                        "pausa hasta el ") +
                          paused_until +
                          L("; you can end the pause early from your account.",
                            "; puedes terminar la pausa antes desde tu cuenta."));
    }
    const Date resumes = AddMonths(req_.today, static_cast<int>(months));
    auto& up = db_.Cached(
        "UPDATE subscriptions SET status = 'paused', paused_until = ?, renews_on = ? WHERE id = ?");
    up.Bind(1, FormatIsoDate(resumes)).Bind(2, FormatIsoDate(resumes)).Bind(3, id);
    Exec(up);
    r.result = {{"subscription", "coffee_club"},
                {"months", months},
                {"resumes_on", FormatIsoDate(resumes)}};
    return r;
}

Result<Response> Job::CancelSubscription() {
    const std::string plan = p_.value("subscription", std::string());
    target_ = plan;
    if (CustomerId() == 0) {
        return Refuse("customer_known", L("I need to know whose subscription this is.",
                                          "necesito saber de quién es la suscripción."));
    }
    Response r = FromDecision(Decide(BaseFacts()));
    if (r.outcome != "ok") {
        r.outcome = "refused";
        return r;
    }
    const bool plus = plan == "plus";
    auto s = Query(
        "SELECT id, started_on, COALESCE(renews_on, '') FROM subscriptions WHERE customer_id = ? "
        "AND plan = ? AND status != 'cancelled' ORDER BY id DESC LIMIT 1");
    s.Bind(1, CustomerId()).Bind(2, plan);
    if (!Step(s)) {
        return Refuse("subscription_active",
                      plus ? L("there's no active Larchwood Plus membership on your account.",
                               "no hay ninguna membresía Larchwood Plus activa en tu cuenta.")
                           : L("there's no active Coffee Club subscription on your account.",
                               "no hay ninguna suscripción activa al Coffee Club en tu cuenta."));
    }
    const std::int64_t id = s.Int(0);
    std::string last_charge_on = s.Text(1);
    const std::string renews_on = s.Text(2);
    {
        auto q = Query(
            "SELECT issued_on FROM invoices WHERE subscription_id = ? "
            "ORDER BY issued_on DESC, id DESC LIMIT 1");
        q.Bind(1, id);
        if (Step(q)) last_charge_on = q.Text(0);
    }
    auto& up =
        db_.Cached("UPDATE subscriptions SET status = 'cancelled', cancelled_on = ? WHERE id = ?");
    up.Bind(1, FormatIsoDate(req_.today)).Bind(2, id);
    Exec(up);

    const std::string name = plus ? "Larchwood Plus" : "Basecamp Coffee Club";
    std::string note = plus ? L("Your Plus benefits last until ",
                                "Tus ventajas de Plus siguen "
                                "hasta el ") +
                                  renews_on + "."
                            : L("No more bags will be sent or charged.",
                                "No se enviarán ni cobrarán más paquetes.");
    r.result = {{"subscription", plan},
                {"last_charge_on", last_charge_on},
                {"cancelled_on", FormatIsoDate(req_.today)},
                {"note", note}};
    if (plus) r.result["benefits_until"] = renews_on;
    if (auto c = LoadCustomer(CustomerId())) {
        SendEmail(c->email, name + L(" cancelled", " cancelada"),
                  L("Your ", "Tu suscripción ") + name +
                      L(" is cancelled. Nothing more will be charged after ",
                        " está cancelada. No se cobrará nada más después del ") +
                      last_charge_on + ". " + note);
    }
    return r;
}

Result<Response> Job::EmailInvoice() {
    Response r;
    std::int64_t invoice_id = 0;
    std::string number;
    if (p_.contains("invoice_number")) {
        number = p_["invoice_number"].get<std::string>();
        target_ = number;
        auto s = Query("SELECT id, customer_id FROM invoices WHERE number = ?");
        s.Bind(1, number);
        const bool found = Step(s);
        // Someone else's invoice is reported as not found: its existence is not ours to reveal.
        if (!found || (!IsAgent() && s.Int(1) != CustomerId())) {
            r.outcome = "not_found";
            r.result = {{"reason", L("I can't find invoice ", "no encuentro la factura ") + number +
                                       L(" on your account.", " en tu cuenta.")}};
            return r;
        }
        invoice_id = s.Int(0);
    } else {
        std::optional<Order> order = OwnedOrder(r);
        if (!order) return r;
        auto s = Query(
            "SELECT id, number FROM invoices WHERE order_id = ? ORDER BY issued_on DESC, id DESC "
            "LIMIT 1");
        s.Bind(1, order->id);
        if (!Step(s)) {
            r.outcome = "not_found";
            r.result = {{"reason", L("order ", "el pedido ") + order->number +
                                       L(" has no invoice yet: one is created when it ships.",
                                         " aún no tiene factura: se crea cuando sale.")}};
            return r;
        }
        invoice_id = s.Int(0);
        number = s.Text(1);
    }
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") return r;

    auto s = Query(
        "SELECT i.number, i.issued_on, i.currency, i.amount_cents, i.descriptor, c.email "
        "FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ?");
    s.Bind(1, invoice_id);
    if (!Step(s)) throw StoreFailure("invoice vanished");
    const std::string amount = Money(s.Int(3), s.Text(2), lang_);
    const std::string email = s.Text(5);
    SendEmail(email, L("Your invoice ", "Tu factura ") + number,
              L("Invoice ", "Factura ") + number + L(" issued on ", " emitida el ") + s.Text(1) +
                  ": " + amount + " (" + s.Text(4) + ").");
    r.result = {{"invoice_number", number}, {"sent_to", email}, {"amount", amount}};
    return r;
}

Result<Response> Job::ExplainCharges() {
    target_ = "charges";
    if (CustomerId() == 0) {
        return Refuse("customer_known", L("I need to know whose account this is.",
                                          "necesito saber de quién es la cuenta."));
    }
    Response r = FromDecision(Decide(BaseFacts()));
    if (r.outcome != "ok") return r;
    auto s = Query(
        "SELECT i.number, i.issued_on, i.currency, i.amount_cents, i.descriptor, "
        "COALESCE(o.number, ''), COALESCE(sub.plan, '') FROM invoices i "
        "LEFT JOIN orders o ON o.id = i.order_id "
        "LEFT JOIN subscriptions sub ON sub.id = i.subscription_id "
        "WHERE i.customer_id = ? ORDER BY i.issued_on DESC, i.id DESC LIMIT 5");
    s.Bind(1, CustomerId());
    json charges = json::array();
    while (Step(s)) {
        const std::string order = s.Text(5);
        const std::string plan = s.Text(6);
        std::string description;
        if (plan == "coffee_club") {
            description = L("your Basecamp Coffee Club monthly renewal",
                            "la renovación mensual de tu Basecamp Coffee Club");
        } else if (plan == "plus") {
            description =
                L("your yearly Larchwood Plus membership", "tu membresía anual Larchwood Plus");
        } else if (!order.empty()) {
            description = L("a parcel of your order ", "un paquete de tu pedido ") + order +
                          L(", charged when it shipped", ", cobrado al salir");
        } else {
            description =
                L("a Larchwood Outfitters purchase", "una compra en Larchwood Outfitters");
        }
        charges.push_back({{"invoice_number", s.Text(0)},
                           {"date", s.Text(1)},
                           {"amount", Money(s.Int(3), s.Text(2), lang_)},
                           {"descriptor", s.Text(4)},
                           {"description", description},
                           {"order_number", order}});
    }
    if (charges.empty()) {
        r.outcome = "no_match";
        r.result = {{"reason", L("there are no charges on your account.",
                                 "no hay ningún cargo en tu cuenta.")}};
        return r;
    }
    const json& last = charges.front();
    r.result = {{"amount", last["amount"]},
                {"descriptor", last["descriptor"]},
                {"description", last["description"]},
                {"date", last["date"]},
                {"last_charge_on", last["date"]},
                {"invoice_number", last["invoice_number"]},
                {"charges", charges}};
    return r;
}

// [SECTION] Password reset (no account needed, reveals nothing)

//! 32 random bytes as hex, from the OS.
std::string RandomToken() {
    unsigned char bytes[32];
    identity::RandomBytes(bytes, sizeof bytes);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
    return out;
}

constexpr std::int64_t kResetValidMs = 60 * 60 * 1000;

// The verified_identity rule is not evaluated: this is how someone who cannot sign in gets back
// in. What protects the account is that the link goes only to the address on file, and that
// the answer is the same whether or not the address has an account.
Result<Response> Job::StartPasswordReset() {
    const std::string email = p_.value("email", std::string());
    target_ = "password_reset";
    auto s = Query("SELECT id FROM customers WHERE lower(email) = lower(?) LIMIT 1");
    s.Bind(1, email);
    if (Step(s)) {
        const std::int64_t customer_id = s.Int(0);
        const std::string token = RandomToken();
        auto& ins = db_.Cached(
            "INSERT INTO password_resets(customer_id, created_at, expires_at, token_hash) "
            "VALUES (?, ?, ?, ?)");
        ins.Bind(1, customer_id)
            .Bind(2, req_.now_ms)
            .Bind(3, req_.now_ms + kResetValidMs)
            .Bind(4, identity::Sha256Hex(token));
        Exec(ins);
        const std::string link = std::string("https://larchwood.example") +
                                 (lang_ == "es" ? "/es" : "") +
                                 "/account/reset-password?token=" + token;
        SendEmail(email,
                  L("Reset your Larchwood password", "Restablece tu contraseña de Larchwood"),
                  L("Use this link to choose a new password. It works once and expires in 1 "
                    "hour: ",
                    "Usa este enlace para elegir una contraseña nueva. Solo funciona una vez y "
                    "caduca en 1 hora: ") +
                      link);
    }
    Response r;
    r.outcome = "ok";
    r.decision = nullptr;
    r.result = {{"message", L("If that address has an account, a reset link is on its way.",
                              "Si esa dirección tiene cuenta, te llegará un enlace para "
                              "restablecer la contraseña.")},
                {"valid_minutes", 60}};
    return r;
}

// [SECTION] Runner: idempotency, audit, events, commit

std::string Scope(const Request& request) {
    const Actor& a = request.actor;
    if (a.kind == "agent") return "agent:" + a.agent_login;
    if (a.customer_id != 0) return "customer:" + std::to_string(a.customer_id);
    return "case:" + request.case_id;
}

std::string AuditActor(const Actor& a) {
    if (a.kind == "agent") return "agent:" + a.agent_login;
    if (a.kind == "system") return "system";
    if (!a.external_id.empty()) return "customer:" + a.external_id;
    if (a.customer_id != 0) return "customer:#" + std::to_string(a.customer_id);
    return "customer:anonymous";
}

json ResponseJson(const Response& r) {
    return {{"outcome", r.outcome}, {"result", r.result}, {"decision", r.decision}};
}

}  // namespace

Runner::Runner(std::vector<policy::Rule> rules) : rules_(std::move(rules)) {}

const std::vector<std::string>& Runner::Names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const ActionSpec& s : Specs())
            out.push_back(s.name);
        return out;
    }();
    return names;
}

Result<Response> Runner::Run(store::Db& db, const Request& request) const {
    const ActionSpec* spec = FindSpec(request.name);
    if (!spec) {
        return Error::Make("seam.actions.unknown_action", "no action named '" + request.name + "'");
    }
    const std::string lang = Lang(request.locale);
    try {
        store::Transaction txn(db);
        if (!txn.ok()) return Error::Make("seam.actions.store", "cannot begin a transaction");

        // 1. Idempotency: the first response of a key is the response of every retry.
        const std::string scope = Scope(request);
        const std::string request_hash =
            identity::Sha256Hex(request.name + "\n" + request.params.dump());
        if (!request.idempotency_key.empty()) {
            auto s = db.Prepare(
                "SELECT request_hash, response FROM idempotency WHERE scope = ? AND key = ?");
            if (!s) return Error::Make("seam.actions.store", s.error().message);
            s->Bind(1, scope).Bind(2, request.idempotency_key);
            if (s->Next()) {
                if (s->Text(0) != request_hash) {
                    return Error::Make("seam.actions.idempotency",
                                       "this Idempotency-Key was used for a different request");
                }
                json stored = json::parse(s->Text(1), nullptr, false);
                if (stored.is_discarded()) {
                    return Error::Make("seam.actions.store", "unreadable stored response");
                }
                Response r;
                r.outcome = stored.value("outcome", std::string("error"));
                r.result = stored.value("result", json::object());
                r.decision = stored.value("decision", json());
                r.replayed = true;
                return r;
            }
            if (!s->error().empty()) return Error::Make("seam.actions.store", s->error());
        }

        // 2. Parameters, as the validators of the widget's forms see them.
        auto params = ValidateParams(*spec, request, lang);
        if (!params) return params.error();

        // 3-5. Actor, facts, policy, the change itself.
        Job job(db, request, rules_, std::move(params.value()));
        auto performed = job.Perform();
        if (!performed) return performed.error();
        Response response = std::move(performed.value());
        if (response.result.is_null()) response.result = json::object();

        // 6. The record.
        const json decision = response.decision.is_null() ? json::object() : response.decision;
        auto& audit = db.Cached(
            "INSERT INTO audit(at, actor, action, target, params, decision, outcome, result) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        audit.Bind(1, request.now_ms).Bind(2, AuditActor(request.actor)).Bind(3, request.name);
        if (job.target().empty()) {
            audit.BindNull(4);
        } else {
            audit.Bind(4, job.target());
        }
        audit.Bind(5, job.params().dump())
            .Bind(6, decision.dump())
            .Bind(7, response.outcome)
            .Bind(8, response.result.dump());
        if (auto ok = audit.Run(); !ok)
            return Error::Make("seam.actions.store", ok.error().message);

        auto& event = db.Cached(
            "INSERT INTO events(at, case_id, customer_id, channel, kind, intent, data) "
            "VALUES (?, ?, ?, NULL, 'action', '', ?)");
        event.Bind(1, request.now_ms);
        if (request.case_id.empty()) {
            event.BindNull(2);
        } else {
            event.Bind(2, request.case_id);
        }
        if (request.actor.customer_id == 0) {
            event.BindNull(3);
        } else {
            event.Bind(3, request.actor.customer_id);
        }
        event.Bind(4, json({{"name", request.name}, {"outcome", response.outcome}}).dump());
        if (auto ok = event.Run(); !ok)
            return Error::Make("seam.actions.store", ok.error().message);

        if (!request.idempotency_key.empty()) {
            auto& idem = db.Cached(
                "INSERT INTO idempotency(scope, key, request_hash, status, response, created_at) "
                "VALUES (?, ?, ?, 200, ?, ?)");
            idem.Bind(1, scope)
                .Bind(2, request.idempotency_key)
                .Bind(3, request_hash)
                .Bind(4, ResponseJson(response).dump())
                .Bind(5, request.now_ms);
            if (auto ok = idem.Run(); !ok) {
                return Error::Make("seam.actions.store", ok.error().message);
            }
        }
        if (auto ok = txn.Commit(); !ok) {
            return Error::Make("seam.actions.store", ok.error().message);
        }
        return response;
    } catch (const StoreFailure& e) {
        return Error::Make("seam.actions.store", e.what());
    } catch (const std::exception& e) {  // Cached() on a malformed literal: a bug, reported
        return Error::Make("seam.actions.store", e.what());
    }
}

}  // namespace seam::actions

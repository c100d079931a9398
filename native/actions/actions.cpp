// native/actions/actions.cpp — the transactional actions of the demo business (see actions.hpp).
//
// Index of this file
// [SECTION] Text helpers: language, money, dates
// [SECTION] Parameter specs and re-validation
// [SECTION] Job: one request inside its transaction (store access, policy, refusals)
// [SECTION] Account actions on an order: lookup, return, refund, reschedule, address
// [SECTION] Account actions on the customer: subscriptions, invoices, charges
// [SECTION] The customer's own orders, for a signed-in customer to pick from
// [SECTION] Refund status
// [SECTION] Missing parcels and replacements (new orders at no charge)
// [SECTION] The catalogue: recommendations, size advice and size exchanges (issue 18)
// [SECTION] Retention offers, the Coffee Club every other month, reviews, proactive opt-outs
// [SECTION] Order verification (a visitor unlocks one order for one conversation)
// [SECTION] Password reset (no account needed, reveals nothing)
// [SECTION] Runner: idempotency, audit, events, commit
//
// Store failures inside a job are thrown as StoreFailure and caught in Runner::Run, which turns
// them into seam.actions.store: every read and write stays one line, and the transaction rolls
// back as the exception unwinds. Nothing else in this file throws on purpose.
#include "actions/actions.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "identity/random.hpp"
#include "identity/sha256.hpp"
#include "seam/core/json_read.hpp"
#include "seam/form/validate.hpp"
#include "seam/text/normalize.hpp"

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

//! True on the US federal holidays (observed: a Saturday holiday on the Friday before, a Sunday
//! one on the Monday after) — the shop's business days skip them (assets/demo-business.md).
bool IsUsFederalHoliday(const Date& d) {
    auto nth = [](int year, int month, int weekday, int n) {
        const Date first{year, month, 1};
        return AddDays(first, (weekday - DayOfWeek(first) + 7) % 7 + 7 * (n - 1));
    };
    auto last = [](int year, int month, int weekday) {
        const Date end{year, month, DaysInMonth(year, month)};
        return AddDays(end, -((DayOfWeek(end) - weekday + 7) % 7));
    };
    auto observed = [](const Date& h) {
        const int w = DayOfWeek(h);
        return w == 6 ? AddDays(h, -1) : w == 7 ? AddDays(h, 1) : h;
    };
    const int y = d.year;
    const Date days[] = {observed({y, 1, 1}), observed({y + 1, 1, 1}), observed({y, 6, 19}),
                         observed({y, 7, 4}), observed({y, 11, 11}),   observed({y, 12, 25}),
                         nth(y, 1, 1, 3),     nth(y, 2, 1, 3),         last(y, 5, 1),
                         nth(y, 9, 1, 1),     nth(y, 10, 1, 2),        nth(y, 11, 4, 4)};
    for (const Date& h : days)
        if (h == d) return true;
    return false;
}

bool IsBusinessDay(const Date& d) {
    return DayOfWeek(d) <= 5 && !IsUsFederalHoliday(d);
}

Date AddBusinessDays(Date d, int n) {
    while (n > 0) {
        d = AddDays(d, 1);
        if (IsBusinessDay(d)) --n;
    }
    return d;
}

//! The UTC calendar day of an instant (ms since the epoch).
Date DayOfMs(std::int64_t ms) {
    const std::int64_t day = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    return CivilFromDays(day);
}

//! "a***@example.com": enough for an agent reading the audit to recognise it, not to reuse it.
std::string MaskEmail(const std::string& email) {
    const auto at = email.find('@');
    if (at == std::string::npos || at == 0) return "***";
    return email.substr(0, 1) + "***" + email.substr(at);
}

std::string MaskPostal(const std::string& postal) {
    return postal.size() <= 2 ? std::string("***") : postal.substr(0, 2) + "***";
}

//! Upper case, letters and digits only: "sw1a 1aa" and "SW1A1AA" compare equal.
std::string PostalKey(const std::string& text) {
    std::string out;
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) out.push_back(static_cast<char>(std::toupper(u)));
    }
    return out;
}

std::string Lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
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
        // No validator type reads an RMA: text, its shape checked in ValidateParams.
        {"return_label", {{"rma", "text"}}},
        {"issue_refund",
         {{"order_number", "order_number"},
          {"method", "enum", true, {"original_payment", "store_credit"}}}},
        {"reschedule_delivery", {{"order_number", "order_number"}, {"date", "date"}}},
        {"refund_shipping", {{"order_number", "order_number"}}},
        // postal_code is validated once the order (and so its country) is known.
        {"change_address",
         {{"order_number", "order_number"}, {"address", "text"}, {"postal_code", "postal_code"}}},
        {"pause_subscription", {{"months", "number"}}},
        {"cancel_subscription", {{"subscription", "enum", true, {"coffee_club", "plus"}}}},
        {"email_invoice",
         {{"order_number", "order_number", false}, {"invoice_number", "invoice_number", false}}},
        {"start_password_reset", {{"email", "email"}}},
        {"explain_charges",
         {{"descriptor", "text", false}, {"amount", "money", false}, {"date", "date", false}}},
        {"refund_status", {{"order_number", "order_number", false}}},
        {"report_missing_parcel", {{"order_number", "order_number"}}},
        {"verify_order",
         {{"order_number", "order_number"},
          {"email", "email", false},
          {"postal_code", "postal_code", false}}},
        {"request_replacement", {{"order_number", "order_number"}}},
        {"list_orders", {{"purpose", "enum", false, {"track", "return", "change", "any"}}}},
        // The catalogue and recommendations (issue 18).
        {"recommend",
         {{"context", "enum", true, {"accessory", "win_back"}},
          {"order_number", "order_number", false}}},
        {"advise_size",
         {{"product", "text"},
          {"size", "text"},
          {"fit", "enum", true, {"usual", "tight", "loose"}}}},
        {"find_exchange",
         {{"order_number", "order_number"}, {"reason", "enum", true, {"too_small", "too_big"}}}},
        {"create_exchange", {{"order_number", "order_number"}, {"rec", "text"}}},
        {"recommendation_clicked", {{"rec", "text"}}},
        {"retention_offer",
         {{"subscription", "enum", true, {"coffee_club"}},
          {"choice", "enum", true, {"pause", "downgrade", "cancel", "keep"}}}},
        {"downgrade_subscription", {{"subscription", "enum", true, {"coffee_club"}}}},
        {"submit_review",
         {{"order_number", "order_number"}, {"rating", "rating"}, {"comment", "text", false}}},
        {"opt_out_proactive", {{"topic", "enum", true, {"win_back", "all"}}}},
    };
    return specs;
}

const ActionSpec* FindSpec(const std::string& name) {
    for (const ActionSpec& s : Specs())
        if (s.name == name) return &s;
    return nullptr;
}

//! The text a validator sees for a JSON parameter ("" for null / missing). A validated value
//! validates again: money's normal form {"amount_minor", "currency", "text"} is read from its
//! text (an http connector sends the validated params, and the business may check them again).
std::string AsInput(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("text") && v["text"].is_string()) {
        return v["text"].get<std::string>();
    }
    if (v.is_null()) return {};
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump();
}

//! "RMA-104198-1" for "rma-104198-1" or " RMA-104198-1 "; "" when `text` is not
//! RMA-<digits>-<digits> (at most 12 and 6 digits).
std::string RmaKey(const std::string& text) {
    const std::string t = Trim(text);
    if (t.size() < 7 || Lower(t.substr(0, 4)) != "rma-") return {};
    const std::string rest = t.substr(4);
    const auto dash = rest.find('-');
    if (dash == std::string::npos || dash == 0 || dash > 12 || dash + 1 >= rest.size() ||
        rest.size() - dash - 1 > 6) {
        return {};
    }
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (i != dash && !std::isdigit(static_cast<unsigned char>(rest[i]))) return {};
    }
    return "RMA-" + rest;
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
    if (spec.name == "verify_order" && !out.contains("email") && !out.contains("postal_code")) {
        return Error::Make("seam.actions.bad_params",
                           lang == "es" ? "indica el correo o el código postal del pedido."
                                        : "give the order's email address or postal code.");
    }
    if (spec.name == "recommend" && out.value("context", std::string()) == "accessory" &&
        !out.contains("order_number")) {
        return Error::Make("seam.actions.bad_params",
                           lang == "es" ? "order_number: un accesorio va con un pedido."
                                        : "order_number: an accessory goes with an order.");
    }
    if (spec.name == "return_label") {
        // RMA-<the order's digits>-<n>, as create_return numbers them; upper case.
        const std::string rma = RmaKey(out.value("rma", std::string()));
        if (rma.empty()) {
            return Error::Make("seam.actions.bad_params",
                               lang == "es" ? "rma: un número de devolución es como RMA-104198-1."
                                            : "rma: a return number looks like RMA-104198-1.");
        }
        out["rma"] = rma;
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

constexpr std::int64_t kVerifyAttempts = 3;  // the verify_order_3_attempts rule says the same

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

//! One size and colour of a product (product_variants), with what the messages need of it.
struct Variant {
    std::int64_t id = 0;
    std::int64_t product_id = 0;
    std::string sku, size, colour;
    std::int64_t size_rank = 0;
    std::int64_t stock = 0;
    std::string product_sku, name, category;
    std::int64_t price_cents = 0;
};

//! A candidate for a recommendation: a product, its sku, name and price.
struct Candidate {
    std::int64_t product_id = 0;
    std::string sku, name;
    std::int64_t price_cents = 0;
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
    //! For an action routed to an http connector: what seamd itself knows, before any call and
    //! without the business's data (who asks, the rules of kGateRules); see actions.hpp.
    //! "ok" = go and call.
    Result<Response> Gate();
    //! For an http action, after the call: `r` is the business's mapped answer. Fills the
    //! flow's reason when the answer gave none (not_verified, not_found, not_owner), and writes
    //! what seamd keeps for itself from it (events, verify_order's attempt and unlock,
    //! proactive opt-outs); see actions.hpp. `call` is the call's audit, scrubbed here of what
    //! the audit row must not keep (verify_order's email and postcode, as the builtin masks).
    void AfterCall(Response& r, json& call);

    //! What the audit row names as the target (order number, plan, invoice...).
    const std::string& target() const { return target_; }
    //! Whether the run reached a policy decision, and the facts it was decided on (all of
    //! them, when it decided more than once).
    bool decided() const { return decided_; }
    //! Every decision of the run allowed (a refusal after it was a precondition's).
    bool decided_allow() const { return decided_allow_; }
    const json& decided_facts() const { return decided_facts_; }
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
    //! verify_order's misses in this request's case (order_verification_attempts).
    std::int64_t FailedVerifications();
    Response NoCaseToVerify() const;
    //! True when verify_order opened `order_id` to this request's case.
    bool UnlockedInCase(std::int64_t order_id);
    //! The names of the order's items that are out of stock, ", "-joined ("" = all in stock).
    std::string OutOfStock(std::int64_t order_id);
    //! A new order for the same items at no charge, to the same address (a reship or a
    //! replacement); returns its number.
    std::string CreateReplacementOrder(const Order& order);
    //! The next free order number (LW-######) for an order seamd creates.
    std::string NextOrderNumber();

    // The catalogue and recommendations.
    std::optional<Variant> LoadVariant(std::int64_t id);
    //! The same product and colour `step` sizes up (+1) or down (-1), or nullopt.
    std::optional<Variant> NextSize(const Variant& from, int step);
    //! Stores a recommendation shown now and writes its "recommendation" event (action shown);
    //! returns its id (REC-000001, ...). `variant_id` / `order_id` 0 = none.
    std::string Recommend(const std::string& context, std::int64_t customer_id,
                          std::int64_t product_id, std::int64_t variant_id, const std::string& sku,
                          std::int64_t order_id);
    //! The customer took recommendation `rec`: clicked_at and the "clicked" event, the first time
    //! only (false when it was taken before).
    bool MarkClicked(const std::string& rec, const std::string& context, const std::string& sku,
                     std::int64_t customer_id);
    //! Appends an event of this request's case (its channel), as the conversation's own are.
    void AppendEvent(const std::string& kind, std::int64_t customer_id, const json& data);
    //! The product page of `sku`, tagged with the recommendation (larchwood.example/p/SKU?rec=).
    std::string ProductUrl(const std::string& sku, const std::string& rec) const;
    std::string CartUrl(const std::string& variant_sku, const std::string& rec) const;
    std::string Price(std::int64_t cents, const std::string& currency) const;
    std::string CustomerCurrency(std::int64_t customer_id);
    //! The product a customer named: a product or variant sku, or words of its name ("women's
    //! fernrunner"); nullopt when none or the words fit nothing.
    std::optional<std::int64_t> FindProduct(const std::string& text);

    //! The last day of the delivery window of a parcel shipped today to `order`'s country.
    Date ShippingEta(const Order& order) const;
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
    //! "verified" is true for an order verify_order unlocked in this case (unlocked_).
    json BaseFacts() const {
        json facts = {{"verified", Verified() || unlocked_}};
        if (unlocked_) facts["order_unlocked_in_case"] = true;
        return facts;
    }
    policy::Decision Decide(const json& facts) const {
        return Held(facts, policy::Decide(rules_, req_.name, facts, lang_));
    }
    //! Only the rules written for this action, not the "*" ones: verify_order is how someone
    //! who is not verified gets in, so verified_identity does not apply to it.
    policy::Decision DecideOwnRules(const json& facts) const {
        std::vector<policy::Rule> own;
        for (const policy::Rule& rule : rules_)
            if (rule.action == req_.name) own.push_back(rule);
        return Held(facts, policy::Decide(own, req_.name, facts, lang_));
    }
    //! Every decision goes through here: the facts are kept (Runner::Facts reads them), and a
    //! caller's review (Request::hold_for_review) holds what the rules allow for a person.
    policy::Decision Held(const json& facts, policy::Decision d) const {
        for (auto it = facts.begin(); facts.is_object() && it != facts.end(); ++it)
            decided_facts_[it.key()] = it.value();
        decided_ = true;
        if (d.verdict != policy::Verdict::kAllow) decided_allow_ = false;
        if (req_.hold_for_review && d.verdict == policy::Verdict::kAllow) {
            d.verdict = policy::Verdict::kReview;
            d.reason = L("a person checks this first, within 1 business day.",
                         "primero lo revisa una persona, en 1 día laborable.");
            d.checks.push_back(
                {"held_for_review", "The caller's policy decision was review", false, d.reason});
        }
        return d;
    }
    Response FromDecision(const policy::Decision& d) const;
    Response Refuse(const std::string& rule, const std::string& reason) const;
    Response NotVerified() const;
    //! return_label's not_found: no such return, or someone else's (the same words).
    Response NoReturn() const;
    //! Loads the order of params.order_number and checks the actor may act on it. On refusal
    //! `out` holds the response to return.
    std::optional<Order> OwnedOrder(Response& out);

    Result<Response> LookupOrder();
    Result<Response> CreateReturn();
    Result<Response> ReturnLabel();
    Result<Response> IssueRefund();
    Result<Response> RescheduleDelivery();
    Result<Response> RefundShipping();
    Result<Response> ChangeAddress();
    Result<Response> PauseSubscription();
    Result<Response> CancelSubscription();
    Result<Response> EmailInvoice();
    Result<Response> ExplainCharges();
    Result<Response> RefundStatus();
    Result<Response> ListOrders();
    Result<Response> ReportMissingParcel();
    Result<Response> RequestReplacement();
    Result<Response> VerifyOrder();
    Result<Response> StartPasswordReset();
    Result<Response> RecommendAccessory();
    Result<Response> RecommendWinBack();
    Result<Response> AdviseSize();
    Result<Response> FindExchange();
    Result<Response> CreateExchange();
    Result<Response> RecommendationClicked();
    Result<Response> RetentionOffer();
    Result<Response> DowngradeSubscription();
    Result<Response> SubmitReview();
    Result<Response> OptOutProactive();

    store::Db& db_;
    const Request& req_;
    const std::vector<policy::Rule>& rules_;
    json p_;
    std::string lang_;
    std::string target_;
    bool unlocked_ = false;  //!< the order acted on was unlocked in this case by verify_order
    mutable bool decided_ = false;
    mutable bool decided_allow_ = true;
    mutable json decided_facts_ = json::object();
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

bool Job::UnlockedInCase(std::int64_t order_id) {
    if (req_.case_id.empty()) return false;
    auto s = Query("SELECT COUNT(*) FROM case_unlocked_orders WHERE case_id = ? AND order_id = ?");
    s.Bind(1, req_.case_id).Bind(2, order_id);
    return Step(s) && s.Int(0) > 0;
}

std::string Job::OutOfStock(std::int64_t order_id) {
    auto s = Query(
        "SELECT p.name FROM order_items i JOIN products p ON p.id = i.product_id "
        "WHERE i.order_id = ? AND p.in_stock = 0 ORDER BY i.id");
    s.Bind(1, order_id);
    std::string names;
    while (Step(s))
        names += (names.empty() ? "" : ", ") + s.Text(0);
    return names;
}

std::string Job::NextOrderNumber() {
    std::int64_t next = 0;
    auto s = Query(
        "SELECT COALESCE(MAX(CAST(substr(number, 4) AS INTEGER)), 0) FROM orders "
        "WHERE number GLOB 'LW-[0-9][0-9][0-9][0-9][0-9][0-9]'");
    if (Step(s)) next = s.Int(0) + 1;
    char number[32];
    std::snprintf(number, sizeof number, "LW-%06lld", static_cast<long long>(next));
    return number;
}

std::string Job::CreateReplacementOrder(const Order& order) {
    const std::string number = NextOrderNumber();
    auto ins = Query(
        "INSERT INTO orders(number, customer_id, placed_on, status, currency, subtotal_cents, "
        "shipping_cents, total_cents, ship_line1, ship_line2, ship_city, ship_region, "
        "ship_postal_code, ship_country, payment_method) "
        "SELECT ?, customer_id, ?, 'processing', currency, 0, 0, 0, ship_line1, ship_line2, "
        "ship_city, ship_region, ship_postal_code, ship_country, 'replacement' "
        "FROM orders WHERE id = ?");
    ins.Bind(1, number).Bind(2, FormatIsoDate(req_.today)).Bind(3, order.id);
    Exec(ins);
    const std::int64_t id = db_.LastInsertId();
    auto items = Query(
        "INSERT INTO order_items(order_id, product_id, quantity, unit_price_cents, final_sale) "
        "SELECT CAST(? AS BIGINT), product_id, quantity, 0, final_sale FROM order_items "
        "WHERE order_id = ? "
        "ORDER BY id");
    items.Bind(1, id).Bind(2, order.id);
    Exec(items);
    return number;
}

// Standard shipping: 3–6 business days in the US, 5–12 elsewhere (assets/demo-business.md).
Date Job::ShippingEta(const Order& order) const {
    return AddBusinessDays(req_.today, order.ship_country == "US" ? 6 : 12);
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

// The verified_identity refusal, reported as its own outcome so flows can offer to sign in or
// to verify the order (verify_order) instead of treating it like a policy refusal.
Response Job::NotVerified() const {
    Response r = FromDecision(Decide({{"verified", false}}));
    r.outcome = "not_verified";
    return r;
}

std::optional<Order> Job::OwnedOrder(Response& out) {
    const std::string number = p_.value("order_number", std::string());
    target_ = number;
    std::optional<Order> order = LoadOrder(number);
    if (!Verified()) {
        // An unknown number answers like a locked one: nothing to learn by guessing.
        if (order && UnlockedInCase(order->id)) {
            unlocked_ = true;
            return order;
        }
        out = NotVerified();
        return std::nullopt;
    }
    if (!order) {
        out.outcome = "not_found";
        out.result = {{"reason", lang_ == "es" ? "no encuentro el pedido " + number + "."
                                               : "I can't find order " + number + "."}};
        return std::nullopt;
    }
    if (!IsAgent() && order->customer_id != CustomerId()) {
        if (UnlockedInCase(order->id)) {
            unlocked_ = true;
            return order;
        }
        out = FromDecision(Decide({{"verified", true}, {"order_owner_matches", false}}));
        // Actions that declare not_owner say so; the older ones report the owns_order refusal.
        if (req_.name == "lookup_order" || req_.name == "refund_status" ||
            req_.name == "report_missing_parcel" || req_.name == "request_replacement" ||
            req_.name == "recommend" || req_.name == "find_exchange" ||
            req_.name == "create_exchange" || req_.name == "submit_review") {
            out.outcome = "not_owner";
        }
        return std::nullopt;
    }
    return order;
}

Result<Response> Job::Perform() {
    const std::string& n = req_.name;
    if (n == "start_password_reset") return StartPasswordReset();
    if (n == "verify_order") return VerifyOrder();
    // Actions on one order check the actor in OwnedOrder (an order verify_order unlocked in
    // this case counts as verified); every other account action needs a verified actor.
    // The catalogue is public: size advice needs no account; a recommendation is taken by the
    // conversation it was made in (or its customer), which the action checks itself.
    if (n == "advise_size") return AdviseSize();
    if (n == "recommendation_clicked") return RecommendationClicked();
    // A return is of one order: like the actions on an order, it checks the actor itself.
    if (n == "return_label") return ReturnLabel();
    const bool on_an_order = p_.contains("order_number");
    if (!Verified() && !on_an_order) return NotVerified();
    if (n == "lookup_order") return LookupOrder();
    if (n == "create_return") return CreateReturn();
    if (n == "issue_refund") return IssueRefund();
    if (n == "reschedule_delivery") return RescheduleDelivery();
    if (n == "refund_shipping") return RefundShipping();
    if (n == "change_address") return ChangeAddress();
    if (n == "pause_subscription") return PauseSubscription();
    if (n == "cancel_subscription") return CancelSubscription();
    if (n == "email_invoice") return EmailInvoice();
    if (n == "explain_charges") return ExplainCharges();
    if (n == "refund_status") return RefundStatus();
    if (n == "report_missing_parcel") return ReportMissingParcel();
    if (n == "request_replacement") return RequestReplacement();
    if (n == "list_orders") return ListOrders();
    if (n == "recommend") {
        return p_.value("context", std::string()) == "win_back" ? RecommendWinBack()
                                                                : RecommendAccessory();
    }
    if (n == "find_exchange") return FindExchange();
    if (n == "create_exchange") return CreateExchange();
    if (n == "retention_offer") return RetentionOffer();
    if (n == "downgrade_subscription") return DowngradeSubscription();
    if (n == "submit_review") return SubmitReview();
    if (n == "opt_out_proactive") return OptOutProactive();
    return Error::Make("seam.actions.unknown_action", "no action named '" + n + "'");
}

// [SECTION] The gate and the record of an http action
//
// An action routed to an http connector is decided in two places. Before the call, the gate
// (Job::Gate) decides what seamd itself knows, never reading the business's data (orders,
// shipments, subscriptions, invoices, returns, refunds, the catalogue): who asks, the rules
// whose facts are the actor's or seamd's own (kGateRules), and for verify_order the case's
// failed attempts. After the call, the business's answer is the decision on everything else
// (ownership, windows, limits, stock...), and Job::AfterCall writes the records seamd keeps for
// itself from the mapped result: the KPIs' events, the case's order unlock, proactive opt-outs.

//! Actions anyone may ask for, signed in or not: the builtin checks what it needs itself (an
//! email that reveals nothing, the order's details, the public catalogue, a suggestion made in
//! this conversation). Actions on one order (params with order_number, and return_label: a
//! return is of one order) are open to a visitor too: the business decides them from the
//! case's verify_order unlock.
bool OpenToVisitors(const std::string& name) {
    return name == "start_password_reset" || name == "verify_order" || name == "advise_size" ||
           name == "recommendation_clicked";
}

//! The rules whose facts seamd knows before an http call, without the business's data: the
//! actor's identity, and the case's verify_order attempts (seamd counts them itself).
const char* const kGateRules[] = {"verified_identity", "verify_order_3_attempts"};

bool GateRule(const std::string& id) {
    for (const char* g : kGateRules)
        if (id == g) return true;
    return false;
}

//! What the audit row of an http action names as its target, from its parameters.
std::string TargetOf(const std::string& action, const json& params) {
    for (const char* key :
         {"order_number", "rma", "invoice_number", "subscription", "rec", "topic", "product"}) {
        const json* v = json_read::Find(params, key);
        if (v && v->is_string() && !v->get<std::string>().empty()) return v->get<std::string>();
    }
    if (action == "start_password_reset") return "password_reset";
    if (action == "list_orders") return "orders";
    if (action == "explain_charges") return "charges";
    if (action == "refund_status") return "refunds";
    return json_read::StringOr(params, "context", "");
}

//! A string field of an object, "" when absent or not a string (the business's answer).
std::string Field(const json& object, const char* key) {
    return json_read::StringOr(object, key, "");
}

std::int64_t Job::FailedVerifications() {
    auto s =
        Query("SELECT COUNT(*) FROM order_verification_attempts WHERE case_id = ? AND matched = 0");
    s.Bind(1, req_.case_id);
    return Step(s) ? s.Int(0) : 0;
}

Response Job::NoCaseToVerify() const {
    Response r;
    r.outcome = "error";
    r.result = {{"reason", L("an order can only be verified inside a conversation.",
                             "un pedido solo se puede verificar dentro de una conversación.")}};
    return r;
}

Result<Response> Job::Gate() {
    const std::string& n = req_.name;
    target_ = TargetOf(n, p_);
    std::vector<policy::Rule> decided;  // the rules the gate decides (kGateRules that apply)
    json facts = json::object();
    const bool open = OpenToVisitors(n);
    const bool visitor_on_order =
        !Verified() && !open && (p_.contains("order_number") || n == "return_label");
    if (n == "verify_order") {
        if (req_.case_id.empty()) return NoCaseToVerify();
        facts["failed_attempts"] = FailedVerifications();
    } else if (!open && !Verified() && !visitor_on_order) {
        return NotVerified();  // the same words and decision record as the builtin's
    } else if (!open && Verified()) {
        facts["verified"] = true;
    }
    // Which rules apply as in the builtin: the open actions are not under the "*" rules.
    std::vector<std::string> business;
    for (const policy::Rule& rule : rules_) {
        if (rule.action != n && (rule.action != "*" || open)) continue;
        // verified_identity is the gate's only for a verified actor: a visitor's order is the
        // business's to open (the case's unlock).
        if (GateRule(rule.id) && (rule.id != "verified_identity" || facts.contains("verified"))) {
            decided.push_back(rule);
        } else {
            business.push_back(rule.id);
        }
    }
    Response r = FromDecision(policy::Decide(decided, n, facts, lang_));
    if (n == "verify_order" && r.outcome == "refused") {
        r.outcome = "locked";  // as the builtin: too many misses in this case, no call
        r.result["attempts_left"] = 0;
    }
    r.decision["decided_by"] = "seamd, before the call (the rest: the business's answer)";
    r.decision["business_rules"] = business;
    r.decision["facts"] = facts;  // seamd's own; a facts request adds the business's (Run)
    r.decision["actor"] = IsAgent()                     ? "agent"
                          : req_.actor.kind == "system" ? "system"
                          : Verified()                  ? "customer"
                                                        : "visitor";
    if (visitor_on_order) {
        r.decision["visitor"] =
            "not signed in: the business decides from the case's verify_order unlock (case.id)";
    }
    return r;
}

//! Replaces `from` by `to` in every string of `j` (keys stay).
void Scrub(json& j, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    if (j.is_string()) {
        std::string text = j.get<std::string>();
        for (std::size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
        j = text;
    } else if (j.is_structured()) {
        for (json& child : j)
            Scrub(child, from, to);
    }
}

void Job::AfterCall(Response& r, json& call) {
    const std::string& n = req_.name;
    target_ = TargetOf(n, p_);
    const bool ok = r.outcome == "ok";
    if (!r.result.is_object()) r.result = json::object();

    // The flow's words when the business said what but not why (as the builtin says them).
    if (Field(r.result, "reason").empty()) {
        const std::string number = Field(p_, "order_number");
        if (r.outcome == "not_verified") {
            r.result["reason"] = NotVerified().result["reason"];
        } else if (r.outcome == "not_found" && !number.empty()) {
            r.result["reason"] = L("I can't find order ", "no encuentro el pedido ") + number + ".";
        } else if (r.outcome == "not_owner") {
            r.result["reason"] =
                FromDecision(Decide({{"verified", true}, {"order_owner_matches", false}}))
                    .result["reason"];
        } else if (r.outcome == "not_found" && n == "return_label") {
            r.result["reason"] = NoReturn().result["reason"];
        } else if (r.outcome == "not_found" && n == "recommendation_clicked") {
            r.result["reason"] = L("I can't find that suggestion.", "no encuentro esa sugerencia.");
        }
    }

    if (n == "verify_order") {
        // What was typed stays out of the audit row, as the builtin keeps it.
        const std::string number = Field(p_, "order_number");
        for (const char* key : {"email", "postal_code"}) {
            if (!p_.contains(key)) continue;
            const std::string typed = Field(p_, key);
            const std::string masked =
                std::string(key) == "email" ? MaskEmail(typed) : MaskPostal(typed);
            p_[key] = masked;
            Scrub(call, typed, masked);   // in a body as sent
            std::string encoded = typed;  // in a URL, where '@' and ' ' are percent-encoded
            for (std::size_t at = 0; (at = encoded.find_first_of("@ ", at)) != std::string::npos;)
                encoded.replace(at, 1, encoded[at] == '@' ? "%40" : "%20");
            Scrub(call, encoded, masked);
        }
        if (req_.case_id.empty()) return;
        const bool miss = r.outcome == "mismatch" || r.outcome == "not_found";
        if (!ok && !miss) return;  // locked, error: the business did not compare anything
        auto ins = Query(
            "INSERT INTO order_verification_attempts(case_id, at, order_number, matched) "
            "VALUES (?, ?, ?, ?)");
        ins.Bind(1, req_.case_id).Bind(2, req_.now_ms).Bind(3, number).Bind(4, ok ? 1 : 0);
        Exec(ins);
        if (ok) {
            // A mixed deployment: builtin actions read the unlock by seamd's own order row.
            if (std::optional<Order> order = LoadOrder(number)) {
                auto unlock = Query(
                    "INSERT OR IGNORE INTO case_unlocked_orders(case_id, order_id, unlocked_at) "
                    "VALUES (?, ?, ?)");
                unlock.Bind(1, req_.case_id).Bind(2, order->id).Bind(3, req_.now_ms);
                Exec(unlock);
            }
            return;
        }
        const std::int64_t failures = FailedVerifications();
        const policy::Decision after = DecideOwnRules({{"failed_attempts", failures}});
        if (after.verdict == policy::Verdict::kRefuse) {  // the third miss, as the builtin
            r.outcome = "locked";
            r.result["attempts_left"] = 0;
            if (Field(r.result, "reason").empty()) r.result["reason"] = after.reason;
        } else if (!r.result.contains("attempts_left")) {
            r.result["attempts_left"] = std::max<std::int64_t>(0, kVerifyAttempts - failures);
        }
        return;
    }
    if (!ok) return;

    // The business's recommendations as seamd's own rows (the builtin's Recommend and
    // MarkClicked), so a later builtin recommendation_clicked or create_exchange (a mixed
    // deployment) finds its rec ids: case, customer, context and sku from the answer; the
    // product and variant from seamd's catalogue when it has the sku, the order when its
    // tables have params.order_number (NULL otherwise). INSERT OR IGNORE: a rec id seamd
    // already has keeps its first row (the action's own record is idempotent by its key). The
    // builtin numbers its ids by seq (REC-000042 is seq 42, the next one MAX(seq) + 1): a
    // business id of that form takes that seq when it is free, any other the next one, so the
    // builtin never makes an id a kept row already holds.
    auto keep_recommendation = [&](const std::string& rec, const std::string& context,
                                   const std::string& sku) {
        std::int64_t product_id = 0, variant_id = 0, order_id = 0;
        {
            auto s = Query("SELECT id, product_id FROM product_variants WHERE sku = ?");
            s.Bind(1, sku);
            if (Step(s)) {
                variant_id = s.Int(0);
                product_id = s.Int(1);
            }
        }
        if (product_id == 0) {
            auto s = Query("SELECT id FROM products WHERE sku = ?");
            s.Bind(1, sku);
            if (Step(s)) product_id = s.Int(0);
        }
        const std::string number = Field(p_, "order_number");
        if (!number.empty()) {
            if (std::optional<Order> order = LoadOrder(number)) order_id = order->id;
        }
        std::int64_t seq = 0;  // 0: the next one
        const std::string digits = rec.rfind("REC-", 0) == 0 ? rec.substr(4) : std::string();
        if (digits.size() >= 6 && digits.size() <= 15 &&
            digits.find_first_not_of("0123456789") == std::string::npos) {
            const std::int64_t row = std::stoll(digits);
            char own[32];
            std::snprintf(own, sizeof own, "REC-%06lld", static_cast<long long>(row));
            auto s = Query("SELECT 1 FROM recommendations WHERE seq = ?");
            s.Bind(1, row);
            if (row > 0 && rec == own && !Step(s)) seq = row;
        }
        if (seq == 0) {
            auto s = Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM recommendations");
            if (Step(s)) seq = s.Int(0);
        }
        auto ins = Query(
            "INSERT OR IGNORE INTO recommendations(seq, id, case_id, customer_id, context, "
            "product_id, variant_id, sku, order_id, shown_at) VALUES (?, ?, NULLIF(?, ''), "
            "NULLIF(?, 0), ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, 0), ?)");
        ins.Bind(1, seq)
            .Bind(2, rec)
            .Bind(3, req_.case_id)
            .Bind(4, CustomerId())
            .Bind(5, context)
            .Bind(6, product_id)
            .Bind(7, variant_id)
            .Bind(8, sku)
            .Bind(9, order_id)
            .Bind(10, req_.now_ms);
        Exec(ins);
    };
    auto mark_clicked = [&](const std::string& rec) {
        auto up =
            Query("UPDATE recommendations SET clicked_at = ? WHERE id = ? AND clicked_at IS NULL");
        up.Bind(1, req_.now_ms).Bind(2, rec);
        Exec(up);
    };

    // Recommendations shown: {"rec", "sku"} in the result, or a list of them under
    // "recommendations" (win_back): the events the KPIs count as shown.
    if (n == "recommend" || n == "advise_size" || n == "find_exchange") {
        const std::string context = n == "advise_size"     ? "size"
                                    : n == "find_exchange" ? "exchange"
                                                           : Field(p_, "context");
        const json* list = json_read::Find(r.result, "recommendations");
        std::vector<const json*> shown;
        if (list && list->is_array()) {
            for (const json& item : *list)
                shown.push_back(&item);
        } else {
            shown.push_back(&r.result);
        }
        for (const json* item : shown) {
            const std::string rec = Field(*item, "rec");
            if (rec.empty()) continue;
            keep_recommendation(rec, context, Field(*item, "sku"));
            AppendEvent("recommendation", CustomerId(),
                        {{"rec", rec},
                         {"sku", Field(*item, "sku")},
                         {"context", context},
                         {"action", "shown"}});
        }
        return;
    }
    // Recommendations taken: the exchange chosen, or the link followed (not again).
    if (n == "create_exchange" || n == "recommendation_clicked") {
        const json* again = json_read::Find(r.result, "again");
        if (again && again->is_boolean() && again->get<bool>()) return;
        const std::string context =
            n == "create_exchange" ? "exchange" : Field(r.result, "context");
        mark_clicked(Field(p_, "rec"));  // a row seamd keeps (builtin or business), if any
        AppendEvent("recommendation", CustomerId(),
                    {{"rec", Field(p_, "rec")},
                     {"sku", Field(r.result, "sku")},
                     {"context", context},
                     {"action", "clicked"}});
        return;
    }
    // The retention offers shown at a cancel (pause, every other month), one event each, and
    // as recommendations when the business names them (result.offers[].rec).
    if (n == "retention_offer") {
        const json* recorded = json_read::Find(r.result, "recorded");
        if (recorded && recorded->is_boolean() && !recorded->get<bool>()) return;
        const std::string plan = Field(p_, "subscription");
        const std::string choice = Field(p_, "choice");
        const json* offers = json_read::Find(r.result, "offers");
        for (const char* offer : {"pause", "downgrade"}) {
            const bool accepted = choice == offer;
            std::string rec;
            if (offers && offers->is_array()) {
                for (const json& o : *offers)
                    if (Field(o, "offer") == offer) rec = Field(o, "rec");
            }
            if (!rec.empty()) {
                const std::string sku =
                    plan + (std::string(offer) == "pause" ? ":pause" : ":every_other_month");
                keep_recommendation(rec, "retention", sku);
                AppendEvent(
                    "recommendation", CustomerId(),
                    {{"rec", rec}, {"sku", sku}, {"context", "retention"}, {"action", "shown"}});
                if (accepted) {
                    mark_clicked(rec);
                    AppendEvent("recommendation", CustomerId(),
                                {{"rec", rec},
                                 {"sku", sku},
                                 {"context", "retention"},
                                 {"action", "clicked"}});
                }
            }
            AppendEvent("retention_offer", CustomerId(),
                        {{"offer", offer}, {"subscription", plan}, {"accepted", accepted}});
        }
        return;
    }
    // seamd's own proactive triggers read the opt-outs before they send.
    if (n == "opt_out_proactive" && CustomerId() != 0) {
        auto ins = Query(
            "INSERT OR IGNORE INTO proactive_opt_outs(customer_id, topic, created_at, case_id) "
            "VALUES (?, ?, ?, NULLIF(?, ''))");
        ins.Bind(1, CustomerId())
            .Bind(2, Field(p_, "topic"))
            .Bind(3, req_.now_ms)
            .Bind(4, req_.case_id);
        Exec(ins);
        if (!r.result.contains("already")) r.result["already"] = db_.Changes() == 0;
    }
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
            "SELECT number, label_fee_cents, COALESCE(received_on, ''), "
            "(SELECT COUNT(*) FROM refunds WHERE order_id = returns.order_id) "
            "FROM returns WHERE order_id = ? ORDER BY id LIMIT 1");
        s.Bind(1, order->id);
        if (Step(s)) {
            const std::string rma = s.Text(0);
            const std::int64_t fee = s.Int(1);
            // A return that already reached the warehouse is done: no new label for it.
            if (!s.Text(2).empty() || s.Int(3) > 0) {
                const std::string received = s.Text(2);
                return Refuse(
                    "one_return_per_order",
                    received.empty()
                        ? L("this order was already returned and refunded.",
                            "este pedido ya se devolvió y se reembolsó.")
                        : (lang_ == "es"
                               ? "este pedido ya se devolvió: lo recibimos el " + received + "."
                               : "this order was already returned: we received it on " + received +
                                     "."));
            }
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

Response Job::NoReturn() const {
    const std::string rma = p_.value("rma", std::string());
    Response r;
    r.outcome = "not_found";
    r.result = {{"reason", lang_ == "es" ? "no hay ninguna devolución " + rma + " en tu cuenta."
                                         : "there's no return " + rma + " on your account."}};
    return r;
}

// The label create_return issued, by the return's number (what label_url points to). The same
// ownership as the order's: its customer, a conversation verify_order unlocked the order in, or
// an agent. Someone else's return answers like no return (not_found), and a visitor's unknown
// number like a locked one (not_verified): nothing to learn by guessing. It writes nothing of
// its own; the run is audited as every action is.
Result<Response> Job::ReturnLabel() {
    const std::string rma = p_.value("rma", std::string());
    target_ = rma;
    auto s = Query(
        "SELECT r.label, o.id, o.number, o.customer_id FROM returns r "
        "JOIN orders o ON o.id = r.order_id WHERE r.number = ?");
    s.Bind(1, rma);
    if (!Step(s)) return Verified() ? NoReturn() : NotVerified();
    const std::string stored = s.Text(0);
    const std::int64_t order_id = s.Int(1);
    const std::string order_number = s.Text(2);
    const std::int64_t owner = s.Int(3);
    if (!IsAgent() && !(Verified() && owner == CustomerId())) {
        if (!UnlockedInCase(order_id)) return Verified() ? NoReturn() : NotVerified();
        unlocked_ = true;
    }
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    Response r = FromDecision(Decide(facts));
    if (r.outcome != "ok") return r;
    json label = json::parse(stored, nullptr, false);
    if (label.is_discarded()) throw StoreFailure("unreadable label of " + rma);
    r.result = {{"rma", rma}, {"order_number", order_number}, {"label", std::move(label)}};
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
    // A replacement's return label sends the damaged item back; it is not a second remedy.
    if (!IsAgent()) {
        auto s = Query(
            "SELECT o.number FROM replacements x JOIN orders o ON o.id = x.replacement_order_id "
            "WHERE x.order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) {
            return Refuse("not_replaced",
                          L("a replacement (order ", "ya se envió un repuesto (pedido ") +
                              s.Text(0) +
                              L(") was already sent for this order, so it isn't refunded as well. "
                                "If the replacement has a problem too, a person will sort it out.",
                                ") para este pedido, así que no se reembolsa además. Si el "
                                "repuesto también tiene un problema, lo resolverá una persona."));
        }
    }
    // A size exchanged is not refunded: the new size is the remedy (issue 18).
    if (!IsAgent()) {
        auto s = Query(
            "SELECT o.number FROM exchanges x JOIN orders o ON o.id = x.exchange_order_id "
            "WHERE x.order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) {
            return Refuse("not_exchanged", L("this order was exchanged for another size (order ",
                                             "este pedido se cambió por otra talla (pedido ") +
                                               s.Text(0) +
                                               L("), so it isn't refunded as well.",
                                                 "), así que no se reembolsa además."));
        }
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

// A parcel that is late: the shipping cost goes back, once per order. "Late" is what the
// business said (an order.delayed or order.delivery_exception event for it, see
// native/proactive/) or a delivery day already passed; a parcel on time or delivered is not.
Result<Response> Job::RefundShipping() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    std::optional<Shipment> sh = LatestShipment(order->id);
    if (!sh) {
        return Refuse("order_shipped",
                      L("the order hasn't shipped yet, so it can't be late.",
                        "el pedido aún no ha salido, así que no puede ir con retraso."));
    }
    std::int64_t shipping = 0;
    {
        auto s = Query("SELECT shipping_cents FROM orders WHERE id = ?");
        s.Bind(1, order->id);
        if (Step(s)) shipping = s.Int(0);
    }
    bool reported_late = false;
    {
        auto s = Query(
            "SELECT EXISTS(SELECT 1 FROM business_events WHERE order_number = ? AND type IN "
            "('order.delayed', 'order.delivery_exception'))");
        s.Bind(1, order->number);
        if (Step(s)) reported_late = s.Int(0) != 0;
    }
    const auto expected = ParseIsoDate(sh->expected_on);
    const bool past_due = expected && *expected < req_.today;
    bool refunded = false;
    {
        auto s = Query("SELECT 1 FROM shipping_refunds WHERE order_id = ?");
        s.Bind(1, order->id);
        refunded = Step(s);
    }
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["parcel_late"] = sh->delivered_on.empty() && (reported_late || past_due);
    facts["shipping_cents"] = shipping;
    facts["shipping_refunded"] = refunded;
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        r.outcome = "refused";
        return r;
    }
    auto& ins = db_.Cached(
        "INSERT INTO shipping_refunds(order_id, created_at, currency, amount_cents, case_id) "
        "VALUES (?, ?, ?, ?, ?)");
    ins.Bind(1, order->id)
        .Bind(2, req_.now_ms)
        .Bind(3, order->currency)
        .Bind(4, shipping)
        .Bind(5, req_.case_id);
    Exec(ins);
    r.result = {{"order_number", order->number},
                {"amount", Money(shipping, order->currency, lang_)},
                {"amount_cents", shipping},
                {"currency", order->currency},
                {"when", L("to your original payment method within 3–5 business days",
                           "a tu método de pago original en 3–5 días laborables")}};
    if (order->customer_id != 0) {
        if (auto c = LoadCustomer(order->customer_id)) {
            SendEmail(
                c->email,
                L("Shipping refunded for ", "Te devolvemos el envío del pedido ") + order->number,
                L("Sorry your parcel is late. We've refunded the shipping cost, ",
                  "Sentimos el retraso. Te hemos devuelto el coste del envío, ") +
                    Money(shipping, order->currency, lang_) + ".");
        }
    }
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
        if (!order) {
            // Someone else's order is not found either, in an unknown number's words: its
            // existence is not ours to reveal, and email_invoice declares no refusal (an http
            // connector has no rule for one: it was an error over http).
            if (r.outcome == "refused") {
                r.outcome = "not_found";
                r.result = {{"reason", L("I can't find order ", "no encuentro el pedido ") +
                                           p_.value("order_number", std::string()) + "."}};
            }
            return r;
        }
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

// What the customer may have seen on a statement, and how it is matched to their words. A charge
// is an invoice (one per shipment, one per subscription renewal).
struct Charge {
    std::int64_t id = 0;
    std::string invoice_number, issued_on, currency, descriptor, order_number, plan, description;
    std::int64_t amount_cents = 0;
    std::int64_t order_id = 0, shipment_id = 0, subscription_id = 0;
    Date day;
};

//! Two charges for the same thing: the same parcel, the same subscription, or (neither) the
//! same unattached purchase. Two orders of the same amount are two purchases, not a duplicate.
bool SameSource(const Charge& a, const Charge& b) {
    if (a.shipment_id != 0 && b.shipment_id != 0) return a.shipment_id == b.shipment_id;
    return a.order_id == b.order_id && a.subscription_id == b.subscription_id;
}

//! The words of a descriptor hint that can tell charges apart ("LARCHWOOD*COFFEE" -> COFFEE):
//! ASCII upper-cased, 3+ characters, without the shop's own name and filler words; a few
//! customer words map to the statement's ("membership" -> PLUS).
std::vector<std::string> DescriptorWords(const std::string& hint,
                                         const std::vector<std::string>& vocabulary) {
    static const std::vector<std::string> kFiller = {
        "LARCHWOOD", "THE",  "AND", "FOR",   "CHARGE", "CHARGES", "FROM", "CARD", "WHAT",
        "THIS",      "THAT", "ONE", "CARGO", "COBRO",  "QUE",     "ESTE", "ESTA", "DEL",
        "POR",       "CON",  "LOS", "LAS",   "UNA",    "PAYMENT", "PAGO"};
    static const std::map<std::string, std::string> kSynonyms = {{"MEMBERSHIP", "PLUS"},
                                                                 {"MEMBRES\xC3\x8D"
                                                                  "A",
                                                                  "PLUS"},
                                                                 {"MEMBRESIA", "PLUS"},
                                                                 {"CAFE", "COFFEE"},
                                                                 {"CAF\xC3\x89", "COFFEE"},
                                                                 {"ORDER", "OUTFITTERS"},
                                                                 {"PEDIDO", "OUTFITTERS"}};
    // The hint may be the customer's whole message ("why was I charged twice for coffee?"):
    // a word counts when it is on one of the customer's statements (the vocabulary), or when it
    // was written the way statements are (capitals, or next to a '*': "what is ACME*SHOP?"),
    // so a named descriptor that is not ours still fails to match; chatter is ignored.
    // A sentence typed in capitals throughout is shouting, not a statement line ("NETFLIX.COM"
    // or "ACME*STORE 12.99" pasted from a statement are not sentences).
    const bool shouting =
        std::none_of(hint.begin(), hint.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }) &&
        hint.find('*') == std::string::npos && std::count(hint.begin(), hint.end(), ' ') >= 3;
    std::vector<std::string> words;
    std::string word;
    bool capitals = true, starred = false;
    char previous = ' ';
    for (char c : hint + " ") {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) {
            if (std::islower(u)) capitals = false;
            if (word.empty() && previous == '*') starred = true;
            word.push_back(static_cast<char>(std::toupper(u)));
            previous = c;
            continue;
        }
        if (c == '*' && !word.empty()) starred = true;
        if (word.size() >= 3 && std::find(kFiller.begin(), kFiller.end(), word) == kFiller.end()) {
            auto syn = kSynonyms.find(word);
            const std::string w = syn == kSynonyms.end() ? word : syn->second;
            const bool known =
                std::find(vocabulary.begin(), vocabulary.end(), w) != vocabulary.end();
            const bool statement_like = starred || (capitals && !shouting && word.size() >= 4);
            if (known || statement_like) words.push_back(w);
        }
        word.clear();
        capitals = true;
        starred = false;
        previous = c;
    }
    return words;
}

//! Every word of the customer's statement descriptors ("LARCHWOOD*COFFEE CLUB" -> COFFEE, CLUB).
std::vector<std::string> DescriptorVocabulary(const std::vector<std::string>& descriptors) {
    std::vector<std::string> out;
    for (const std::string& d : descriptors) {
        std::string word;
        for (char c : d + " ") {
            const unsigned char u = static_cast<unsigned char>(c);
            if (std::isalnum(u) || u >= 0x80) {
                word.push_back(static_cast<char>(std::toupper(u)));
                continue;
            }
            if (word.size() >= 3 && std::find(out.begin(), out.end(), word) == out.end())
                out.push_back(word);
            word.clear();
        }
    }
    return out;
}

bool DescriptorMatches(const std::vector<std::string>& words, const std::string& descriptor) {
    if (words.empty()) return true;  // only the shop's name: every charge carries it
    for (const std::string& w : words)
        if (descriptor.find(w) != std::string::npos) return true;
    return false;
}

constexpr int kChargeDateSlackDays = 3;
constexpr int kRecentChargeDays = 60;

Result<Response> Job::ExplainCharges() {
    target_ = "charges";
    if (CustomerId() == 0) {
        return Refuse("customer_known", L("I need to know whose account this is.",
                                          "necesito saber de quién es la cuenta."));
    }
    Response r = FromDecision(Decide(BaseFacts()));
    if (r.outcome != "ok") return r;
    auto s = Query(
        "SELECT i.id, i.number, i.issued_on, i.currency, i.amount_cents, i.descriptor, "
        "COALESCE(o.number, ''), COALESCE(sub.plan, ''), COALESCE(i.shipment_id, 0), "
        "COALESCE(i.subscription_id, 0), COALESCE(i.order_id, 0) FROM invoices i "
        "LEFT JOIN orders o ON o.id = i.order_id "
        "LEFT JOIN subscriptions sub ON sub.id = i.subscription_id "
        "WHERE i.customer_id = ? AND i.issued_on >= ? ORDER BY i.issued_on DESC, i.id DESC");
    s.Bind(1, CustomerId()).Bind(2, FormatIsoDate(AddDays(req_.today, -400)));
    std::vector<Charge> charges;
    while (Step(s)) {
        Charge c;
        c.id = s.Int(0);
        c.invoice_number = s.Text(1);
        c.issued_on = s.Text(2);
        c.currency = s.Text(3);
        c.amount_cents = s.Int(4);
        c.descriptor = s.Text(5);
        c.order_number = s.Text(6);
        c.plan = s.Text(7);
        c.shipment_id = s.Int(8);
        c.subscription_id = s.Int(9);
        c.order_id = s.Int(10);
        auto day = ParseIsoDate(c.issued_on);
        if (!day) throw StoreFailure("bad issued_on: " + c.issued_on);
        c.day = *day;
        if (c.plan == "coffee_club") {
            c.description = L("your Basecamp Coffee Club monthly renewal",
                              "la renovación mensual de tu Basecamp Coffee Club");
        } else if (c.plan == "plus") {
            c.description =
                L("your yearly Larchwood Plus membership", "tu membresía anual Larchwood Plus");
        } else if (!c.order_number.empty()) {
            c.description = L("a parcel of your order ", "un paquete de tu pedido ") +
                            c.order_number + L(", charged when it shipped", ", cobrado al salir");
        } else {
            c.description =
                L("a Larchwood Outfitters purchase", "una compra en Larchwood Outfitters");
        }
        charges.push_back(std::move(c));
    }
    auto brief = [&](const Charge& c) {
        return json{{"date", c.issued_on},
                    {"amount", Money(c.amount_cents, c.currency, lang_)},
                    {"descriptor", c.descriptor},
                    {"description", c.description},
                    {"invoice_number", c.invoice_number}};
    };
    auto no_match = [&](const std::vector<const Charge*>& candidates, const std::string& reason) {
        r.outcome = "no_match";
        json list = json::array();
        for (std::size_t i = 0; i < candidates.size() && i < 3; ++i)
            list.push_back(brief(*candidates[i]));
        r.result = {{"reason", reason}, {"candidates", list}};
        return r;
    };
    if (charges.empty()) {
        return no_match(
            {}, L("there are no charges on your account.", "no hay ningún cargo en tu cuenta."));
    }
    std::vector<const Charge*> recent, all;
    for (const Charge& c : charges) {
        all.push_back(&c);
        if (DaysBetween(c.day, req_.today) <= kRecentChargeDays) recent.push_back(&c);
    }

    // No hint at all: only an account with a single recent charge has an unambiguous answer.
    std::vector<std::string> descriptors;
    for (const Charge& c : charges)
        descriptors.push_back(c.descriptor);
    const std::vector<std::string> words = DescriptorWords(
        p_.contains("descriptor") ? p_["descriptor"].get<std::string>() : std::string(),
        DescriptorVocabulary(descriptors));
    const bool by_descriptor = !words.empty();
    const bool by_amount = p_.contains("amount") && p_["amount"].is_object();
    const bool by_date = p_.contains("date");
    if (!by_descriptor && !by_amount && !by_date) {
        if (recent.size() != 1) {
            return no_match(recent.empty() ? all : recent,
                            recent.empty()
                                ? L("there are no charges in the last 60 days.",
                                    "no hay cargos en los últimos 60 días.")
                                : L("there are several recent charges; which one do you mean?",
                                    "hay varios cargos recientes; ¿cuál de ellos es?"));
        }
        r.result = brief(*recent.front());
        r.result["order_number"] = recent.front()->order_number;
        r.result["matched_by"] = "only_recent";  // not named by the customer: a flow asks
        return r;
    }

    const std::int64_t cents = by_amount ? p_["amount"].value("amount_minor", std::int64_t(-1)) : 0;
    std::optional<Date> around;
    if (by_date) {
        auto d = ParseIsoDate(p_["date"].get<std::string>());
        if (!d) return Error::Make("seam.actions.bad_params", "date: " + d.error().message);
        around = *d;
    }
    std::vector<const Charge*> matched;
    for (const Charge& c : charges) {
        if (by_descriptor && !DescriptorMatches(words, c.descriptor)) continue;
        if (by_amount && c.amount_cents != cents) continue;
        if (around) {
            const std::int64_t gap = DaysBetween(*around, c.day);
            if (gap < -kChargeDateSlackDays || gap > kChargeDateSlackDays) continue;
        }
        matched.push_back(&c);
    }
    if (matched.empty()) {
        return no_match(recent.empty() ? all : recent,
                        L("I can't find a charge like that on your account.",
                          "no encuentro ningún cargo así en tu cuenta."));
    }

    // Two charges for the same thing within 3 days: the later one is refunded (or reviewed).
    for (std::size_t i = 0; i < matched.size(); ++i) {
        for (std::size_t j = i + 1; j < matched.size(); ++j) {
            const Charge& later = *matched[i];  // newest first
            const Charge& earlier = *matched[j];
            if (later.amount_cents != earlier.amount_cents ||
                later.descriptor != earlier.descriptor || !SameSource(later, earlier) ||
                DaysBetween(earlier.day, later.day) > kChargeDateSlackDays) {
                continue;
            }
            target_ = later.invoice_number;
            json facts = BaseFacts();
            facts["duplicate_amount"] = static_cast<double>(later.amount_cents) / 100.0;
            policy::Decision d = Decide(facts);
            r = FromDecision(d);
            if (r.outcome == "refused") return r;
            std::string status = r.outcome == "needs_review" ? "pending_review" : "issued";
            bool already = false;
            {
                auto q = Query("SELECT status FROM charge_refunds WHERE invoice_id = ?");
                q.Bind(1, later.id);
                if (Step(q)) {
                    already = true;
                    status = q.Text(0);
                }
            }
            if (!already) {
                auto ins = Query(
                    "INSERT INTO charge_refunds(invoice_id, duplicate_of, customer_id, created_at, "
                    "currency, amount_cents, status) VALUES (?, ?, ?, ?, ?, ?, ?)");
                ins.Bind(1, later.id)
                    .Bind(2, earlier.id)
                    .Bind(3, CustomerId())
                    .Bind(4, req_.now_ms)
                    .Bind(5, later.currency)
                    .Bind(6, later.amount_cents)
                    .Bind(7, status);
                Exec(ins);
            }
            const std::string amount = Money(later.amount_cents, later.currency, lang_);
            r.outcome = "duplicate";
            r.result = {{"dates", json::array({earlier.issued_on, later.issued_on})},
                        {"amount", amount},
                        {"descriptor", later.descriptor},
                        {"description", later.description},
                        {"charges", json::array({brief(earlier), brief(later)})},
                        {"pending_authorisation", false},
                        {"refund_amount", amount},
                        {"refund_status", status},
                        {"refunded_invoice", later.invoice_number},
                        {"already_refunded", already},
                        {"refund_expected_by", status == "issued"
                                                   ? FormatIsoDate(AddBusinessDays(req_.today, 10))
                                                   : std::string()}};
            if (status == "pending_review") r.result["reason"] = d.reason;
            if (!already && status == "issued") {
                if (auto c = LoadCustomer(CustomerId())) {
                    SendEmail(c->email,
                              L("Duplicate charge refunded", "Cargo duplicado reembolsado"),
                              L("You were charged ", "Se te cobró ") + amount +
                                  L(" twice (", " dos veces (") + later.descriptor + ", " +
                                  earlier.issued_on + L(" and ", " y ") + later.issued_on +
                                  L("). We're refunding the second charge.",
                                    "). Te reembolsamos el segundo cargo."));
                }
            }
            return r;
        }
    }

    // Several charges that are all the same recurring one (a monthly renewal): the newest.
    bool recurring = matched.size() > 1;
    for (const Charge* c : matched) {
        recurring = recurring && c->subscription_id != 0 &&
                    c->subscription_id == matched.front()->subscription_id &&
                    c->amount_cents == matched.front()->amount_cents;
    }
    if (matched.size() > 1 && !recurring) {
        return no_match(matched, L("several charges match that; which one do you mean?",
                                   "hay varios cargos que encajan; ¿cuál de ellos es?"));
    }
    const Charge& hit = *matched.front();
    target_ = hit.invoice_number;
    r.result = brief(hit);
    r.result["order_number"] = hit.order_number;
    r.result["matched_by"] = "hint";  // what the customer named (words, amount, date)
    if (recurring) {
        json also = json::array();
        for (std::size_t i = 1; i < matched.size() && i <= 5; ++i)
            also.push_back(matched[i]->issued_on);
        r.result["recurring"] = true;
        r.result["also_on"] = also;
    }
    return r;
}

// [SECTION] The customer's own orders, for a signed-in customer to pick from

//! The head noun of a product name, for "my jacket": its last word ("Ridgeline Rain Jacket" ->
//! jacket), lower-cased.
std::string HeadNoun(const std::string& name) {
    std::string word, last;
    for (char c : name + " ") {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) {
            word.push_back(static_cast<char>(std::tolower(u)));
            continue;
        }
        if (word.size() >= 3) last = word;
        word.clear();
    }
    return last;
}

// The verified customer's recent orders, the likely ones first for what the flow is about:
// track (on its way, then being prepared, then delivered), return (delivered within the 30-day
// window first), change (not shipped yet only), any (newest first). Each comes with a label to
// show and the words that name it ("Ridgeline Rain Jacket", "jacket").
Result<Response> Job::ListOrders() {
    target_ = "orders";
    if (CustomerId() == 0 || !Verified()) return NotVerified();
    Response r = FromDecision(Decide(BaseFacts()));
    if (r.outcome != "ok") return r;
    const std::string purpose = p_.value("purpose", std::string("any"));
    struct Row {
        std::int64_t id = 0;
        std::string number, placed_on, status, delivered_on, shipped_on;
        int rank = 0;
    };
    std::vector<Row> rows;
    auto s = Query(
        "SELECT o.id, o.number, o.placed_on, o.status, "
        "COALESCE((SELECT delivered_on FROM shipments WHERE order_id = o.id "
        "ORDER BY id DESC LIMIT 1), ''), "
        "COALESCE((SELECT shipped_on FROM shipments WHERE order_id = o.id "
        "ORDER BY id DESC LIMIT 1), '') "
        "FROM orders o WHERE o.customer_id = ? AND o.placed_on >= ? "
        "ORDER BY o.placed_on DESC, o.id DESC LIMIT 20");
    s.Bind(1, CustomerId()).Bind(2, FormatIsoDate(AddDays(req_.today, -120)));
    while (Step(s)) {
        Row row;
        row.id = s.Int(0);
        row.number = s.Text(1);
        row.placed_on = s.Text(2);
        row.status = s.Text(3);
        row.delivered_on = s.Text(4);
        row.shipped_on = s.Text(5);
        const bool cancelled = row.status == "cancelled";
        const bool delivered = !row.delivered_on.empty();
        const bool shipped = !row.shipped_on.empty() && !cancelled;
        std::int64_t since_delivery = 0;
        if (delivered) {
            if (auto d = ParseIsoDate(row.delivered_on))
                since_delivery = DaysBetween(*d, req_.today);
        }
        // Lower ranks come first; 9 = not offered for this purpose.
        if (purpose == "track") {
            row.rank = cancelled ? 9 : shipped && !delivered ? 0 : !shipped ? 1 : 2;
        } else if (purpose == "return") {
            row.rank = cancelled || !delivered ? 9 : since_delivery <= 30 ? 0 : 2;
        } else if (purpose == "change") {
            row.rank = !cancelled && !shipped ? 0 : 9;
        } else {
            row.rank = cancelled ? 3 : 0;
        }
        if (row.rank < 9) rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.rank < b.rank; });
    if (rows.size() > 4) rows.resize(4);
    if (rows.empty()) {
        r.outcome = "none";
        r.result = {{"orders", json::array()}, {"count", 0}};
        return r;
    }
    json orders = json::array();
    for (const Row& row : rows) {
        std::vector<std::string> names;
        json keywords = json::array();
        auto items = Query(
            "SELECT p.name FROM order_items i JOIN products p ON p.id = i.product_id "
            "WHERE i.order_id = ? ORDER BY i.id");
        items.Bind(1, row.id);
        while (Step(items)) {
            const std::string name = items.Text(0);
            names.push_back(name);
            keywords.push_back(name);
            const std::string noun = HeadNoun(name);
            if (!noun.empty() &&
                std::find(keywords.begin(), keywords.end(), noun) == keywords.end())
                keywords.push_back(noun);
        }
        std::string summary;
        for (std::size_t i = 0; i < names.size() && i < 2; ++i)
            summary += (i ? ", " : "") + names[i];
        if (names.size() > 2) {
            summary += L(" and ", " y ") + std::to_string(names.size() - 2) + L(" more", " más");
        }
        const bool shipped = !row.shipped_on.empty() && row.status != "cancelled";
        std::string status;
        if (!row.delivered_on.empty()) {
            status = L("delivered ", "entregado el ") + row.delivered_on;
        } else if (row.status == "cancelled") {
            status = L("cancelled", "cancelado");
        } else if (shipped) {
            status = L("on its way", "en camino");
        } else {
            status = L("being prepared", "en preparación");
        }
        orders.push_back({{"number", row.number},
                          {"placed_on", row.placed_on},
                          {"summary", summary},
                          {"status_text", status},
                          {"label", row.number + " · " + summary + " · " + status},
                          {"keywords", keywords}});
    }
    r.result = {{"orders", orders}, {"count", orders.size()}};
    return r;
}

// [SECTION] Refund status

//! "to your original payment method" / "as store credit", for a sentence.
std::string MethodText(const std::string& method, const std::string& lang) {
    if (method == "original_payment") {
        return lang == "es" ? "a tu método de pago original" : "to your original payment method";
    }
    if (method == "store_credit") return lang == "es" ? "como saldo en tienda" : "as store credit";
    return {};
}

// The refund or return of one order, told the way the customer waits for it: issued (money on
// its way: original payment within 10 business days of issue, store credit at once), pending (a
// person reviews it, or the return arrived and the refund is being prepared), awaiting_return
// (the parcel has not reached the warehouse: nothing moves until it does).
Result<Response> Job::RefundStatus() {
    Response r;
    std::optional<Order> order;
    if (p_.contains("order_number")) {
        order = OwnedOrder(r);
        if (!order) return r;
    } else {
        target_ = "refunds";
        if (CustomerId() == 0) {
            r.outcome = "not_found";
            r.result = {{"reason", L("which order is it about?", "¿de qué pedido se trata?")}};
            return r;
        }
        auto s = Query(
            "SELECT o.number FROM orders o WHERE o.customer_id = ? AND ("
            "EXISTS (SELECT 1 FROM refunds f WHERE f.order_id = o.id) OR "
            "EXISTS (SELECT 1 FROM returns t WHERE t.order_id = o.id)) ORDER BY ("
            "SELECT MAX(at) FROM (SELECT MAX(created_at) AS at FROM refunds f WHERE f.order_id = "
            "o.id UNION ALL SELECT MAX(created_at) FROM returns t WHERE t.order_id = o.id) AS "
            "latest) DESC, o.id DESC LIMIT 1");
        s.Bind(1, CustomerId());
        if (!Step(s)) {
            r = FromDecision(Decide(BaseFacts()));
            if (r.outcome != "ok") return r;
            r.outcome = "none";
            r.result = {{"order_number", ""},
                        {"reason", L("there's no refund or return on your account.",
                                     "no hay ningún reembolso ni devolución en tu cuenta.")}};
            return r;
        }
        order = LoadOrder(s.Text(0));
        if (!order) throw StoreFailure("order vanished");
        target_ = order->number;
    }
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") return r;

    struct {
        bool found = false;
        std::string method, currency, status;
        std::int64_t amount_cents = 0, created_at = 0;
    } refund;
    {
        auto s = Query(
            "SELECT method, currency, amount_cents, status, created_at FROM refunds "
            "WHERE order_id = ? ORDER BY created_at DESC, id DESC LIMIT 1");
        s.Bind(1, order->id);
        if (Step(s)) {
            refund.found = true;
            refund.method = s.Text(0);
            refund.currency = s.Text(1);
            refund.amount_cents = s.Int(2);
            refund.status = s.Text(3);
            refund.created_at = s.Int(4);
        }
    }
    struct {
        bool found = false;
        std::string number, status, received_on;
        std::int64_t label_fee_cents = 0;
    } ret;
    {
        auto s = Query(
            "SELECT number, status, COALESCE(received_on, ''), label_fee_cents FROM returns "
            "WHERE order_id = ? ORDER BY id DESC LIMIT 1");
        s.Bind(1, order->id);
        if (Step(s)) {
            ret.found = true;
            ret.number = s.Text(0);
            ret.status = s.Text(1);
            ret.received_on = s.Text(2);
            ret.label_fee_cents = s.Int(3);
        }
    }
    if (!refund.found && !ret.found) {
        r.outcome = "none";
        r.result = {{"order_number", order->number},
                    {"reason", L("there's no refund or return on order ",
                                 "no hay ningún reembolso ni devolución en el pedido ") +
                                   order->number + "."}};
        return r;
    }
    const bool received = ret.found && ret.status != "label_issued";
    std::string status, issued_on, expected_by;
    std::string method = refund.method;
    std::int64_t amount = refund.amount_cents;
    std::string currency = refund.found ? refund.currency : order->currency;
    if (refund.found && refund.status == "pending_review") {
        status = "pending";
        expected_by =
            FormatIsoDate(AddBusinessDays(req_.today, method == "store_credit" ? 1 : 1 + 10));
    } else if (ret.found && !received) {
        status = "awaiting_return";
    } else if (refund.found) {
        status = "issued";
        const Date issued = DayOfMs(refund.created_at);
        issued_on = FormatIsoDate(issued);
        expected_by =
            FormatIsoDate(method == "store_credit" ? issued : AddBusinessDays(issued, 10));
    } else {
        status = "pending";  // received, the refund not issued yet
        expected_by = FormatIsoDate(AddBusinessDays(req_.today, 10));
    }
    if (!refund.found) {  // what the return will give back (the label fee is deducted)
        amount = std::max<std::int64_t>(0, order->total_cents - ret.label_fee_cents);
    }
    r.result = {{"order_number", order->number},
                {"status", status},
                {"amount", Money(amount, currency, lang_)},
                {"amount_cents", amount},
                {"currency", currency},
                {"method", method},
                {"method_text", MethodText(method, lang_)},
                {"issued_on", issued_on},
                {"expected_by", expected_by},
                {"return_received_on", ret.received_on},
                {"rma", ret.found ? ret.number : ""},
                {"amount_is_estimate", !refund.found}};
    return r;
}

// [SECTION] Missing parcels and replacements (new orders at no charge)

// "Marked delivered but never arrived" (the flow has asked about neighbours and safe places
// first): one claim per order, within 30 days of the delivery scan; the parcel is sent again when
// everything is in stock, else the order is refunded; big orders go to a person first.
Result<Response> Job::ReportMissingParcel() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    std::optional<Shipment> sh = LatestShipment(order->id);
    std::string existing;
    {
        auto s = Query("SELECT number FROM parcel_claims WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) existing = s.Text(0);
    }
    if (existing.empty()) {
        auto s = Query("SELECT COUNT(*) FROM refunds WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s) && s.Int(0) > 0) {
            return Refuse("not_refunded", L("this order has already been refunded.",
                                            "este pedido ya se ha reembolsado."));
        }
    }
    const std::string delivered_on = sh ? sh->delivered_on : std::string();
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["shipment_status"] = sh ? sh->status : std::string("not_shipped");
    if (!delivered_on.empty()) {
        auto delivered = ParseIsoDate(delivered_on);
        if (!delivered) throw StoreFailure("bad delivered_on: " + delivered_on);
        facts["days_since_delivery"] = DaysBetween(*delivered, req_.today);
    }
    facts["claims_on_order"] = existing.empty() ? 0 : 1;
    if (!existing.empty()) facts["existing_claim"] = existing;
    facts["amount"] = static_cast<double>(order->total_cents) / 100.0;
    policy::Decision d = Decide(facts);
    r = FromDecision(d);
    r.result["order_number"] = order->number;
    r.result["delivered_on"] = delivered_on;
    if (!existing.empty()) r.result["claim_id"] = existing;
    if (r.outcome == "refused") return r;

    const std::string out_of_stock = OutOfStock(order->id);
    const std::string resolution = out_of_stock.empty() ? "reship" : "refund";
    const std::string claim = "CLM-" + OrderDigits(order->number);
    const bool review = r.outcome == "needs_review";
    const std::string amount = Money(order->total_cents, order->currency, lang_);
    std::string replacement;
    std::string eta;
    if (!review && resolution == "reship") {
        replacement = CreateReplacementOrder(*order);
        eta = FormatIsoDate(ShippingEta(*order));
    }
    if (!review && resolution == "refund") {
        auto ins = Query(
            "INSERT INTO refunds(order_id, created_at, method, currency, amount_cents, status) "
            "VALUES (?, ?, 'original_payment', ?, ?, 'issued')");
        ins.Bind(1, order->id)
            .Bind(2, req_.now_ms)
            .Bind(3, order->currency)
            .Bind(4, order->total_cents);
        Exec(ins);
    }
    auto ins = Query(
        "INSERT INTO parcel_claims(number, order_id, shipment_id, created_at, delivered_on, "
        "resolution, status, currency, amount_cents, replacement_order_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM orders WHERE number = ?))");
    ins.Bind(1, claim)
        .Bind(2, order->id)
        .Bind(3, sh->id)
        .Bind(4, req_.now_ms)
        .Bind(5, delivered_on)
        .Bind(6, resolution)
        .Bind(7, review                   ? "needs_review"
                 : resolution == "reship" ? "reshipped"
                                          : "refunded")
        .Bind(8, order->currency)
        .Bind(9, order->total_cents)
        .Bind(10, replacement);
    Exec(ins);

    r.result["claim_id"] = claim;
    r.result["resolution"] = resolution;
    if (resolution == "refund") {
        r.result["amount"] = amount;
        r.result["method_text"] = MethodText("original_payment", lang_);
        r.result["out_of_stock"] = out_of_stock;
        if (!review) {
            r.result["expected_by"] = FormatIsoDate(AddBusinessDays(req_.today, 10));
        }
    } else if (!review) {
        r.result["eta"] = eta;
        r.result["replacement_order"] = replacement;
    }
    if (!review) {
        if (auto c = LoadCustomer(order->customer_id)) {
            SendEmail(
                c->email,
                L("Your missing parcel, order ", "Tu paquete perdido, pedido ") + order->number,
                resolution == "reship"
                    ? L("We're sending your order again as ",
                        "Te enviamos de nuevo el "
                        "pedido como ") +
                          replacement + L(", expected by ", ", previsto para el ") + eta +
                          L(". Claim ", ". Reclamación ") + claim + "."
                    : L("We're refunding ", "Te reembolsamos ") + amount + " " +
                          MethodText("original_payment", lang_) + L(". Claim ", ". Reclamación ") +
                          claim + ".");
        }
    }
    return r;
}

// A damaged or defective order sent again at no charge, with a free label to send the faulty
// items back. Final sale does not matter here: it limits returns, not defects.
Result<Response> Job::RequestReplacement() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    std::optional<Shipment> sh = LatestShipment(order->id);
    if (!sh || sh->delivered_on.empty()) {
        return Refuse("order_delivered",
                      L("the order hasn't been delivered yet, so there's nothing to replace.",
                        "el pedido aún no se ha entregado, así que no hay nada que sustituir."));
    }
    std::string existing;
    {
        auto s = Query(
            "SELECT o.number FROM replacements x JOIN orders o ON o.id = x.replacement_order_id "
            "WHERE x.order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) existing = s.Text(0);
    }
    if (existing.empty()) {
        auto s = Query("SELECT COUNT(*) FROM refunds WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s) && s.Int(0) > 0) {
            return Refuse("not_refunded",
                          L("this order has already been refunded, so there's nothing to replace.",
                            "este pedido ya se ha reembolsado, así que no hay nada que "
                            "sustituir."));
        }
        auto t = Query("SELECT number FROM returns WHERE order_id = ? LIMIT 1");
        t.Bind(1, order->id);
        if (Step(t)) {
            return Refuse("no_open_return",
                          L("a return (", "ya hay una devolución (") + t.Text(0) +
                              L(") is already open for this order, and its refund follows when "
                                "it reaches us. A person can switch it to a replacement.",
                                ") abierta para este pedido y el reembolso llega cuando la "
                                "recibamos. Una persona puede cambiarla por un repuesto."));
        }
    }
    auto delivered = ParseIsoDate(sh->delivered_on);
    if (!delivered) throw StoreFailure("bad delivered_on: " + sh->delivered_on);
    const std::string out_of_stock = OutOfStock(order->id);
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["days_since_delivery"] = DaysBetween(*delivered, req_.today);
    facts["replacements_on_order"] = existing.empty() ? 0 : 1;
    if (!existing.empty()) facts["existing_replacement"] = existing;
    facts["in_stock"] = out_of_stock.empty();
    if (!out_of_stock.empty()) facts["out_of_stock"] = out_of_stock;
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        r.outcome = "refused";  // nothing here waits for a person: the flow offers a refund
        if (!existing.empty()) r.result["replacement_order"] = existing;
        r.result["in_stock"] = out_of_stock.empty();
        return r;
    }

    const std::string replacement = CreateReplacementOrder(*order);
    const Date eta = ShippingEta(*order);
    std::int64_t count = 0;
    {
        auto s = Query("SELECT COUNT(*) FROM returns WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) count = s.Int(0);
    }
    const std::string rma = "RMA-" + OrderDigits(order->number) + "-" + std::to_string(count + 1);
    std::optional<Customer> customer = LoadCustomer(order->customer_id);
    json label = {{"rma", rma},
                  {"order", order->number},
                  {"replacement_order", replacement},
                  {"from",
                   {{"name", customer ? customer->first_name + " " + customer->last_name : ""},
                    {"line1", order->ship_line1},
                    {"line2", order->ship_line2},
                    {"city", order->ship_city},
                    {"region", order->ship_region},
                    {"postal_code", order->ship_postal_code},
                    {"country", order->ship_country}}},
                  {"to", kReturnsAddress},
                  {"carrier", sh->carrier},
                  {"fee", {{"amount_cents", 0}, {"currency", order->currency}}}};
    auto ret = Query(
        "INSERT INTO returns(number, order_id, created_at, reason, status, label_fee_cents, "
        "label) VALUES (?, ?, ?, 'damaged', 'label_issued', 0, ?)");
    ret.Bind(1, rma).Bind(2, order->id).Bind(3, req_.now_ms).Bind(4, label.dump());
    Exec(ret);
    const std::int64_t return_id = db_.LastInsertId();
    auto ins = Query(
        "INSERT INTO replacements(order_id, replacement_order_id, return_id, created_at, "
        "expected_on) VALUES (?, (SELECT id FROM orders WHERE number = ?), ?, ?, ?)");
    ins.Bind(1, order->id)
        .Bind(2, replacement)
        .Bind(3, return_id)
        .Bind(4, req_.now_ms)
        .Bind(5, FormatIsoDate(eta));
    Exec(ins);
    r.result = {{"order_number", order->number},
                {"replacement_order", replacement},
                {"eta", FormatIsoDate(eta)},
                {"label_url", "/v1/returns/" + rma + "/label"},
                {"rma", rma},
                {"label_fee", 0},
                {"carrier", sh->carrier}};
    if (customer) {
        SendEmail(
            customer->email, L("Your replacement for ", "Tu repuesto del pedido ") + order->number,
            L("We're sending a replacement as order ", "Te enviamos un repuesto como pedido ") +
                replacement + L(", expected by ", ", previsto para el ") + FormatIsoDate(eta) +
                L(". Please send the damaged item back with the free label: ",
                  ". Devuélvenos el artículo dañado con la etiqueta gratuita: ") +
                "/v1/returns/" + rma + "/label");
    }
    return r;
}

// [SECTION] The catalogue: recommendations, size advice and size exchanges (issue 18)
//
// Every recommendation gets an id (REC-000001) that goes into the link the customer is given
// (larchwood.example/p/SKU?rec=REC-000001), so the purchase that follows can name it
// (order_items.recommendation_id), and writes "recommendation" events: {"rec", "sku", "context":
// exchange | accessory | retention | win_back | size, "action": shown | clicked}. Shown is written
// when the action picks it for the flow to say, clicked when the customer takes it (chooses the
// exchange, taps the quick reply, or the shop reports the link followed, through
// recommendation_clicked).

std::optional<Variant> Job::LoadVariant(std::int64_t id) {
    auto s = Query(
        "SELECT v.id, v.product_id, v.sku, v.size, v.colour, v.size_rank, v.stock, p.sku, "
        "p.name, p.category, p.price_cents FROM product_variants v JOIN products p ON p.id = "
        "v.product_id WHERE v.id = ?");
    s.Bind(1, id);
    if (!Step(s)) return std::nullopt;
    Variant v;
    v.id = s.Int(0);
    v.product_id = s.Int(1);
    v.sku = s.Text(2);
    v.size = s.Text(3);
    v.colour = s.Text(4);
    v.size_rank = s.Int(5);
    v.stock = s.Int(6);
    v.product_sku = s.Text(7);
    v.name = s.Text(8);
    v.category = s.Text(9);
    v.price_cents = s.Int(10);
    return v;
}

std::optional<Variant> Job::NextSize(const Variant& from, int step) {
    auto s = Query(
        "SELECT id FROM product_variants WHERE product_id = ? AND colour = ? AND size_rank = ? "
        "ORDER BY id LIMIT 1");
    s.Bind(1, from.product_id).Bind(2, from.colour).Bind(3, from.size_rank + step);
    if (!Step(s)) return std::nullopt;
    return LoadVariant(s.Int(0));
}

void Job::AppendEvent(const std::string& kind, std::int64_t customer_id, const json& data) {
    auto& ins = db_.Cached(
        "INSERT INTO events(at, case_id, customer_id, channel, kind, intent, data) VALUES (?, "
        "NULLIF(?, ''), NULLIF(?, 0), (SELECT channel FROM cases WHERE id = ?), ?, NULL, ?)");
    ins.Bind(1, req_.now_ms)
        .Bind(2, req_.case_id)
        .Bind(3, customer_id)
        .Bind(4, req_.case_id)
        .Bind(5, kind)
        .Bind(6, data.dump());
    Exec(ins);
}

std::string Job::Recommend(const std::string& context, std::int64_t customer_id,
                           std::int64_t product_id, std::int64_t variant_id, const std::string& sku,
                           std::int64_t order_id) {
    // The number is the row's seq (unique and indexed: the largest one is found without a
    // scan): REC-000001 is seq 1, and the two never drift apart because each row has its own.
    std::int64_t next = 1;
    {
        auto s = Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM recommendations");
        if (Step(s)) next = s.Int(0);
    }
    char id[32];
    std::snprintf(id, sizeof id, "REC-%06lld", static_cast<long long>(next));
    auto ins = Query(
        "INSERT INTO recommendations(seq, id, case_id, customer_id, context, product_id, "
        "variant_id, sku, order_id, shown_at) VALUES (?, ?, NULLIF(?, ''), NULLIF(?, 0), ?, "
        "NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, 0), ?)");
    ins.Bind(1, next)
        .Bind(2, std::string(id))
        .Bind(3, req_.case_id)
        .Bind(4, customer_id)
        .Bind(5, context)
        .Bind(6, product_id)
        .Bind(7, variant_id)
        .Bind(8, sku)
        .Bind(9, order_id)
        .Bind(10, req_.now_ms);
    Exec(ins);
    AppendEvent("recommendation", customer_id,
                {{"rec", id}, {"sku", sku}, {"context", context}, {"action", "shown"}});
    return id;
}

bool Job::MarkClicked(const std::string& rec, const std::string& context, const std::string& sku,
                      std::int64_t customer_id) {
    auto up =
        Query("UPDATE recommendations SET clicked_at = ? WHERE id = ? AND clicked_at IS NULL");
    up.Bind(1, req_.now_ms).Bind(2, rec);
    Exec(up);
    if (db_.Changes() == 0) return false;
    AppendEvent("recommendation", customer_id,
                {{"rec", rec}, {"sku", sku}, {"context", context}, {"action", "clicked"}});
    return true;
}

std::string Job::ProductUrl(const std::string& sku, const std::string& rec) const {
    return std::string("https://larchwood.example") + (lang_ == "es" ? "/es" : "") + "/p/" + sku +
           "?rec=" + rec;
}

std::string Job::CartUrl(const std::string& variant_sku, const std::string& rec) const {
    return std::string("https://larchwood.example") + (lang_ == "es" ? "/es" : "") +
           "/cart?variant=" + variant_sku + "&rec=" + rec;
}

std::string Job::Price(std::int64_t cents, const std::string& currency) const {
    return Money(cents, currency, lang_);
}

std::string Job::CustomerCurrency(std::int64_t customer_id) {
    auto s = Query("SELECT currency FROM customers WHERE id = ?");
    s.Bind(1, customer_id);
    return Step(s) ? s.Text(0) : std::string("USD");
}

//! Lower case, accents folded, split on anything but letters and digits ("Women's EU 42" ->
//! women s eu 42); a half size stays one word, with a point ("8,5" -> 8.5).
std::vector<std::string> Words(const std::string& text) {
    const std::string folded = text::FoldAccents(text::FoldCase(text));
    std::vector<std::string> out;
    std::string word;
    for (char c : folded + " ") {
        const unsigned char u = static_cast<unsigned char>(c);
        const bool after_digit =
            !word.empty() && std::isdigit(static_cast<unsigned char>(word.back()));
        if (std::isalnum(u) || ((c == '.' || c == ',') && after_digit)) {
            word.push_back(c == ',' ? '.' : c);
            continue;
        }
        while (!word.empty() && word.back() == '.')
            word.pop_back();
        if (!word.empty()) out.push_back(word);
        word.clear();
    }
    return out;
}

std::optional<std::int64_t> Job::FindProduct(const std::string& typed) {
    const std::string wanted = Trim(typed);
    if (wanted.empty()) return std::nullopt;
    {
        auto s = Query(
            "SELECT id FROM products WHERE upper(sku) = upper(?) UNION ALL "
            "SELECT product_id FROM product_variants WHERE upper(sku) = upper(?) LIMIT 1");
        s.Bind(1, wanted).Bind(2, wanted);
        if (Step(s)) return s.Int(0);
    }
    static const std::vector<std::string> kSkip = {
        "the",  "my",  "a",     "an",     "for", "in",     "of",   "el",  "la",
        "los",  "las", "mi",    "de",     "del", "unas",   "unos", "una", "un",
        "mens", "men", "women", "womens", "s",   "hombre", "mujer"};
    const std::vector<std::string> said = Words(wanted);
    bool women = false, men = false;
    std::vector<std::string> words;
    for (const std::string& w : said) {
        if (w == "women" || w == "womens" || w == "mujer") women = true;
        if (w == "men" || w == "mens" || w == "hombre") men = true;
        if (std::find(kSkip.begin(), kSkip.end(), w) == kSkip.end()) words.push_back(w);
    }
    if (words.empty()) return std::nullopt;
    auto s = Query("SELECT id, name FROM products ORDER BY id");
    while (Step(s)) {
        const std::string name = s.Text(1);
        if (women && name.rfind("Women's ", 0) != 0) continue;
        if (men && name.rfind("Men's ", 0) != 0) continue;
        const std::vector<std::string> have = Words(name);
        bool all = true;
        for (const std::string& w : words) {
            bool found = false;
            for (const std::string& h : have) {
                // "boot" names "Boot", "boots" too; a word of three letters or more may be the
                // start of one ("fern" for "Fernrunner").
                if (h == w || (w.size() >= 3 && h.rfind(w, 0) == 0) ||
                    (w.size() > 3 && w.back() == 's' && h == w.substr(0, w.size() - 1))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                all = false;
                break;
            }
        }
        if (all) return s.Int(0);
    }
    return std::nullopt;
}

//! The rank of the size the customer named among `sizes` (smallest first), or -1: "m",
//! "medium", "mediana"; "42", "eu 42", "us 9.5", "9.5" (shoes: EU from 30 up, US below).
std::int64_t ParseSize(const std::string& typed, const std::vector<std::string>& sizes) {
    const std::vector<std::string> said = Words(typed);
    if (said.empty()) return -1;
    static const std::vector<std::pair<std::vector<std::string>, std::string>> kLetters = {
        {{"xs", "extra small", "extra pequena", "muy pequena"}, "XS"},
        {{"s", "small", "pequena", "pequeno", "p"}, "S"},
        {{"m", "medium", "mediana", "mediano", "med"}, "M"},
        {{"l", "large", "grande", "g"}, "L"},
        {{"xl", "extra large", "x large", "muy grande"}, "XL"},
        {{"xxl", "2xl", "xx large"}, "XXL"},
    };
    // Two words first ("extra large"), then one; the "s" of "men's" is not a size.
    auto letter = [&](const std::string& words) -> std::int64_t {
        for (const auto& [names, size] : kLetters) {
            if (std::find(names.begin(), names.end(), words) == names.end()) continue;
            for (std::size_t i = 0; i < sizes.size(); ++i)
                if (sizes[i] == size) return static_cast<std::int64_t>(i);
            return -2;  // a letter size this product does not come in
        }
        return -1;
    };
    for (std::size_t i = 0; i + 1 < said.size(); ++i) {
        const std::int64_t r = letter(said[i] + " " + said[i + 1]);
        if (r != -1) return r < 0 ? -1 : r;
    }
    for (std::size_t i = 0; i < said.size(); ++i) {
        if (said[i] == "s" && i > 0 &&
            (said[i - 1] == "men" || said[i - 1] == "women" || said[i - 1] == "it" ||
             said[i - 1] == "that")) {
            continue;
        }
        const std::int64_t r = letter(said[i]);
        if (r != -1) return r < 0 ? -1 : r;
    }
    // Shoe sizes: "EU 42 · US 8.5".
    bool us = false, eu = false;
    std::string number;
    for (const std::string& w : said) {
        if (w == "us") us = true;
        if (w == "eu" || w == "eur") eu = true;
        if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0])) && number.empty())
            number = w;
    }
    if (number.empty()) return -1;
    const double value = std::atof(number.c_str());
    if (!us && !eu) {
        us = value < 30;
        eu = !us;
    }
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const std::vector<std::string> parts = Words(sizes[i]);  // eu 42 us 8.5
        for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
            if ((parts[k] == "eu" && eu && std::atof(parts[k + 1].c_str()) == value) ||
                (parts[k] == "us" && us && std::atof(parts[k + 1].c_str()) == value)) {
                return static_cast<std::int64_t>(i);
            }
        }
    }
    return -1;
}

//! How a category fits, from the shop's sizing guidance (assets/demo-business.md).
std::string SizeNote(const std::string& category, int step, const std::string& lang) {
    const bool es = lang == "es";
    if (category == "jackets") {
        return es ? "Si quieres llevar un forro polar debajo, coge una talla más."
                  : "If you want to layer a fleece underneath, size up.";
    }
    if (category == "base_layers") {
        return es ? "Las capas base van ajustadas al cuerpo a propósito."
                  : "Base layers are made to fit close.";
    }
    if (category == "boots") {
        return es ? "Deja más o menos un pulgar de espacio delante de los dedos y pruébalas con "
                    "tus calcetines de montaña."
                  : "Leave about a thumb's width in front of your toes, and try them on with "
                    "your hiking socks.";
    }
    if (category == "trail_runners") {
        if (step > 0) {
            return es ? "Muchos clientes cogen una talla más para tener sitio en las bajadas."
                      : "Many customers size up for room on the downhills.";
        }
        return es ? "Muchos clientes cogen media talla más para las bajadas."
                  : "Many customers go half a size up for downhill room.";
    }
    return {};
}

std::string JoinList(const std::vector<std::string>& items, const std::string& lang) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? (lang == "es" ? " y " : " and ") : ", ";
        out += items[i];
    }
    return out;
}

//! "size M in Black", "size EU 42 · US 8.5" (no colour), for a sentence.
std::string VariantText(const Variant& v, const std::string& lang) {
    std::string out = (lang == "es" ? "la talla " : "size ") + v.size;
    if (!v.colour.empty()) out += (lang == "es" ? " en " : " in ") + v.colour;
    return out;
}

// An accessory for an order-status answer: the first "often bought with" item of the order's
// products that is in stock, that the customer has never bought and that this conversation has
// not offered yet. One line in the flow, never instead of the answer.
Result<Response> Job::RecommendAccessory() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    r = FromDecision(Decide({{"verified", true}, {"order_owner_matches", true}}));
    if (r.outcome != "ok") return r;
    auto s = Query(
        "SELECT p.id, p.sku, p.name, p.price_cents FROM order_items i "
        "JOIN product_related x ON x.product_id = i.product_id "
        "JOIN products p ON p.id = x.related_id "
        "WHERE i.order_id = ? AND p.in_stock = 1 "
        "AND (NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id) "
        "     OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.stock > "
        "0)) "
        "AND p.id NOT IN (SELECT oi.product_id FROM order_items oi JOIN orders o ON o.id = "
        "oi.order_id WHERE o.customer_id = ?) "
        "AND p.id NOT IN (SELECT product_id FROM recommendations WHERE case_id = ? AND "
        "product_id IS NOT NULL) "
        "ORDER BY i.id, x.rank LIMIT 1");
    s.Bind(1, order->id).Bind(2, order->customer_id).Bind(3, req_.case_id);
    if (!Step(s)) {
        r.outcome = "none";
        r.result = {{"order_number", order->number}};
        return r;
    }
    Candidate c{s.Int(0), s.Text(1), s.Text(2), s.Int(3)};
    const std::string rec =
        Recommend("accessory", order->customer_id, c.product_id, 0, c.sku, order->id);
    r.result = {{"rec", rec},
                {"sku", c.sku},
                {"name", c.name},
                {"price", Price(c.price_cents, order->currency)},
                {"url", ProductUrl(c.sku, rec)},
                {"order_number", order->number}};
    return r;
}

// Two or three things that go with what a valued customer bought before (their newest orders
// first), in stock and never bought: a proactive "we miss you" that names its suggestions.
Result<Response> Job::RecommendWinBack() {
    target_ = "win_back";
    if (CustomerId() == 0) return NotVerified();
    Response r = FromDecision(Decide(BaseFacts()));
    if (r.outcome != "ok") return r;
    const std::string currency = CustomerCurrency(CustomerId());
    auto s = Query(
        "SELECT p.id, p.sku, p.name, p.price_cents FROM orders o "
        "JOIN order_items i ON i.order_id = o.id "
        "JOIN product_related x ON x.product_id = i.product_id "
        "JOIN products p ON p.id = x.related_id "
        "WHERE o.customer_id = ? AND o.status != 'cancelled' AND p.in_stock = 1 "
        "AND (NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id) "
        "     OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.stock > "
        "0)) "
        "AND p.id NOT IN (SELECT oi.product_id FROM order_items oi JOIN orders oo ON oo.id = "
        "oi.order_id WHERE oo.customer_id = ?) "
        "AND p.id NOT IN (SELECT product_id FROM recommendations WHERE case_id = ? AND "
        "product_id IS NOT NULL) "
        "GROUP BY p.id ORDER BY MAX(o.placed_on) DESC, MIN(x.rank), p.id LIMIT 3");
    s.Bind(1, CustomerId()).Bind(2, CustomerId()).Bind(3, req_.case_id);
    std::vector<Candidate> picks;
    while (Step(s))
        picks.push_back({s.Int(0), s.Text(1), s.Text(2), s.Int(3)});
    if (picks.empty()) {
        r.outcome = "none";
        r.result = {{"count", 0}, {"recommendations", json::array()}};
        return r;
    }
    json list = json::array();
    std::vector<std::string> names;
    for (const Candidate& c : picks) {
        const std::string rec = Recommend("win_back", CustomerId(), c.product_id, 0, c.sku, 0);
        const std::string price = Price(c.price_cents, currency);
        list.push_back({{"rec", rec},
                        {"sku", c.sku},
                        {"name", c.name},
                        {"price", price},
                        {"url", ProductUrl(c.sku, rec)},
                        {"label", c.name + " · " + price},
                        {"keywords", json::array({c.name, HeadNoun(c.name)})}});
        names.push_back(c.name);
    }
    r.result = {
        {"recommendations", list}, {"count", list.size()}, {"names", JoinList(names, lang_)}};
    return r;
}

// Which size to take: the customer's usual size, one up when it is usually tight, one down when
// loose; in stock in the colour they had in the cart (a variant sku names it) or another one.
// The advice is a recommendation (context size) with a link to the cart in that size.
Result<Response> Job::AdviseSize() {
    Response r;
    r.decision = nullptr;
    const std::string product_text = p_.value("product", std::string());
    target_ = product_text;
    std::optional<std::int64_t> product = FindProduct(product_text);
    if (!product) {
        r.outcome = "not_found";
        r.result = {{"reason", L("I couldn't find that item in our shop.",
                                 "no he encontrado ese artículo en la tienda.")}};
        return r;
    }
    std::string colour;
    {
        auto s = Query("SELECT colour FROM product_variants WHERE upper(sku) = upper(?)");
        s.Bind(1, Trim(product_text));
        if (Step(s)) colour = s.Text(0);
    }
    std::vector<std::string> sizes;
    std::vector<Variant> variants;
    {
        auto s =
            Query("SELECT id FROM product_variants WHERE product_id = ? ORDER BY size_rank, id");
        s.Bind(1, *product);
        std::vector<std::int64_t> ids;
        while (Step(s))
            ids.push_back(s.Int(0));
        for (std::int64_t id : ids) {
            if (auto v = LoadVariant(id)) {
                variants.push_back(*v);
                if (std::find(sizes.begin(), sizes.end(), v->size) == sizes.end())
                    sizes.push_back(v->size);
            }
        }
    }
    std::string name, category;
    {
        auto s = Query("SELECT name, category FROM products WHERE id = ?");
        s.Bind(1, *product);
        if (Step(s)) {
            name = s.Text(0);
            category = s.Text(1);
        }
    }
    r.result = {{"name", name}};
    if (sizes.size() <= 1) {  // one size (or a product the catalogue has no sizes for)
        bool stocked = variants.empty();
        for (const Variant& v : variants)
            stocked = stocked || v.stock > 0;
        r.outcome = "none";
        r.result["in_stock"] = stocked;
        return r;
    }
    const std::int64_t usual = ParseSize(p_.value("size", std::string()), sizes);
    if (usual < 0) {
        r.outcome = "no_match";
        r.result["sizes"] = JoinList(sizes, lang_);
        r.result["reason"] =
            (lang_ == "es" ? "no reconozco esa talla; el " + name + " viene en las tallas " +
                                 JoinList(sizes, lang_) + "."
                           : "I don't recognise that size; the " + name + " comes in " +
                                 JoinList(sizes, lang_) + ".");
        return r;
    }
    const std::string fit = p_.value("fit", std::string("usual"));
    const int step = fit == "tight" ? 1 : fit == "loose" ? -1 : 0;
    std::int64_t rank = usual + step;
    if (rank < 0) rank = 0;
    if (rank >= static_cast<std::int64_t>(sizes.size()))
        rank = static_cast<std::int64_t>(sizes.size()) - 1;
    const std::string& size = sizes[static_cast<std::size_t>(rank)];
    // In stock in the cart's colour first, else in the first colour that has it.
    std::optional<Variant> pick;
    std::vector<std::string> colours;
    for (const Variant& v : variants) {
        if (v.size != size || v.stock <= 0) continue;
        if (!v.colour.empty()) colours.push_back(v.colour);
        if (!pick || (v.colour == colour && pick->colour != colour)) pick = v;
    }
    r.result["size"] = size;
    r.result["usual_size"] = sizes[static_cast<std::size_t>(usual)];
    r.result["note"] = SizeNote(category, step, lang_);
    if (!pick) {
        r.outcome = "sold_out";
        return r;
    }
    std::optional<Customer> customer;
    if (CustomerId() != 0) customer = LoadCustomer(CustomerId());
    const std::string rec =
        Recommend("size", CustomerId(), pick->product_id, pick->id, pick->sku, 0);
    r.outcome = "ok";
    r.result["rec"] = rec;
    r.result["sku"] = pick->sku;
    r.result["colour"] = pick->colour;
    r.result["colours"] = JoinList(colours, lang_);
    r.result["url"] = CartUrl(pick->sku, rec);
    return r;
}

// After a return for "too small" or "too big": the next size up or down of the same item in the
// same colour, when the catalogue has it. Sold out is said as it is (outcome sold_out); an order
// with nothing in sizes, a size at the end of the range, or one already exchanged: none.
Result<Response> Job::FindExchange() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    r = FromDecision(Decide({{"verified", true}, {"order_owner_matches", true}}));
    if (r.outcome != "ok") return r;
    const int step = p_.value("reason", std::string()) == "too_small" ? 1 : -1;
    r.result = {{"order_number", order->number}};
    {
        auto s = Query("SELECT COUNT(*) FROM exchanges WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s) && s.Int(0) > 0) {
            r.outcome = "none";
            r.result["reason"] =
                L("this order was already exchanged.", "este pedido ya se cambió.");
            return r;
        }
    }
    std::int64_t variant_id = 0;
    {
        auto s = Query(
            "SELECT i.variant_id FROM order_items i JOIN product_variants v ON v.id = "
            "i.variant_id WHERE i.order_id = ? AND (SELECT COUNT(DISTINCT size_rank) FROM "
            "product_variants w WHERE w.product_id = v.product_id) > 1 ORDER BY i.id LIMIT 1");
        s.Bind(1, order->id);
        if (Step(s)) variant_id = s.Int(0);
    }
    std::optional<Variant> from = variant_id ? LoadVariant(variant_id) : std::nullopt;
    std::optional<Variant> to = from ? NextSize(*from, step) : std::nullopt;
    if (!from || !to) {
        r.outcome = "none";
        r.result["reason"] =
            !from ? L("nothing in this order comes in sizes.", "nada de este pedido tiene tallas.")
                  : L("there's no size further that way.", "no hay una talla más en ese sentido.");
        return r;
    }
    r.result["item"] = to->name;
    r.result["from_size"] = from->size;
    r.result["size"] = to->size;
    r.result["colour"] = to->colour;
    r.result["variant"] = VariantText(*to, lang_);
    r.result["sku"] = to->sku;
    if (to->stock <= 0) {
        r.outcome = "sold_out";
        return r;
    }
    r.result["rec"] =
        Recommend("exchange", order->customer_id, to->product_id, to->id, to->sku, order->id);
    return r;
}

// The exchange the customer chose: the new size ships now as a new order at no charge (the
// business sheet: "place the new order right away so the size doesn't sell out"), the return
// already open brings the other one back with its label made free, and the order is not
// refunded as well. Policy: in stock, a return open and not refunded, within 30 days of delivery,
// one exchange per order.
Result<Response> Job::CreateExchange() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    const std::string rec = p_.value("rec", std::string());
    std::int64_t variant_id = 0;
    {
        auto s = Query(
            "SELECT COALESCE(variant_id, 0) FROM recommendations WHERE id = ? AND context = "
            "'exchange' AND order_id = ?");
        s.Bind(1, rec).Bind(2, order->id);
        if (Step(s)) variant_id = s.Int(0);
    }
    std::optional<Variant> to = variant_id ? LoadVariant(variant_id) : std::nullopt;
    if (!to) {
        r.outcome = "not_found";
        r.result = {{"reason", L("that exchange offer isn't for this order.",
                                 "esa oferta de cambio no es de este pedido.")}};
        return r;
    }
    std::int64_t item_id = 0, from_variant = 0;
    {
        auto s = Query(
            "SELECT i.id, i.variant_id FROM order_items i JOIN product_variants v ON v.id = "
            "i.variant_id WHERE i.order_id = ? AND v.product_id = ? ORDER BY i.id LIMIT 1");
        s.Bind(1, order->id).Bind(2, to->product_id);
        if (Step(s)) {
            item_id = s.Int(0);
            from_variant = s.Int(1);
        }
    }
    std::optional<Variant> from = from_variant ? LoadVariant(from_variant) : std::nullopt;
    std::int64_t return_id = 0;
    std::string rma;
    {
        auto s = Query("SELECT id, number FROM returns WHERE order_id = ? ORDER BY id LIMIT 1");
        s.Bind(1, order->id);
        if (Step(s)) {
            return_id = s.Int(0);
            rma = s.Text(1);
        }
    }
    std::int64_t refunds = 0;
    {
        auto s = Query("SELECT COUNT(*) FROM refunds WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) refunds = s.Int(0);
    }
    std::string existing;
    {
        auto s = Query(
            "SELECT o.number FROM exchanges x JOIN orders o ON o.id = x.exchange_order_id WHERE "
            "x.order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) existing = s.Text(0);
    }
    std::optional<Shipment> sh = LatestShipment(order->id);
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["stock"] = to->stock;
    facts["variant"] = VariantText(*to, lang_);
    facts["return_open"] = return_id != 0 && item_id != 0;
    facts["refunds_on_order"] = refunds;
    facts["exchanges_on_order"] = existing.empty() ? 0 : 1;
    if (!existing.empty()) facts["existing_exchange"] = existing;
    if (sh && !sh->delivered_on.empty()) {
        auto delivered = ParseIsoDate(sh->delivered_on);
        if (!delivered) throw StoreFailure("bad delivered_on: " + sh->delivered_on);
        facts["days_since_delivery"] = DaysBetween(*delivered, req_.today);
    }
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        r.outcome = "refused";  // nothing here waits for a person: the flow offers the refund
        r.result["size"] = to->size;
        if (!existing.empty()) r.result["exchange_order"] = existing;
        return r;
    }

    const std::string number = NextOrderNumber();
    auto ins = Query(
        "INSERT INTO orders(number, customer_id, placed_on, status, currency, subtotal_cents, "
        "shipping_cents, total_cents, ship_line1, ship_line2, ship_city, ship_region, "
        "ship_postal_code, ship_country, payment_method) "
        "SELECT ?, customer_id, ?, 'processing', currency, 0, 0, 0, ship_line1, ship_line2, "
        "ship_city, ship_region, ship_postal_code, ship_country, 'exchange' "
        "FROM orders WHERE id = ?");
    ins.Bind(1, number).Bind(2, FormatIsoDate(req_.today)).Bind(3, order->id);
    Exec(ins);
    const std::int64_t exchange_order_id = db_.LastInsertId();
    auto item = Query(
        "INSERT INTO order_items(order_id, product_id, quantity, unit_price_cents, final_sale, "
        "variant_id, recommendation_id) VALUES (?, ?, 1, 0, 0, ?, ?)");
    item.Bind(1, exchange_order_id).Bind(2, to->product_id).Bind(3, to->id).Bind(4, rec);
    Exec(item);
    auto stock = Query("UPDATE product_variants SET stock = stock - 1 WHERE id = ? AND stock > 0");
    stock.Bind(1, to->id);
    Exec(stock);
    if (db_.Changes() != 1) throw StoreFailure("stock of " + to->sku + " changed under us");
    // The label's fee goes too (the document is read and written here: both engines).
    std::string label_text;
    {
        auto read = Query("SELECT label FROM returns WHERE id = ?");
        read.Bind(1, return_id);
        if (Step(read)) label_text = read.Text(0);
    }
    json label_doc = json::parse(label_text, nullptr, false);
    if (label_doc.is_object() && label_doc.contains("fee") && label_doc["fee"].is_object() &&
        label_doc["fee"].contains("amount_cents")) {
        label_doc["fee"]["amount_cents"] = 0;
        label_text = label_doc.dump();
    }
    auto label = Query("UPDATE returns SET label_fee_cents = 0, label = ? WHERE id = ?");
    label.Bind(1, label_text).Bind(2, return_id);
    Exec(label);
    auto x = Query(
        "INSERT INTO exchanges(order_id, return_id, item_id, from_variant_id, to_variant_id, "
        "exchange_order_id, recommendation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    x.Bind(1, order->id)
        .Bind(2, return_id)
        .Bind(3, item_id)
        .Bind(4, from_variant)
        .Bind(5, to->id)
        .Bind(6, exchange_order_id)
        .Bind(7, rec)
        .Bind(8, req_.now_ms);
    Exec(x);
    MarkClicked(rec, "exchange", to->sku, order->customer_id);

    const Date eta = ShippingEta(*order);
    r.result = {{"order_number", order->number},
                {"exchange_order", number},
                {"item", to->name},
                {"size", to->size},
                {"from_size", from ? from->size : std::string()},
                {"colour", to->colour},
                {"variant", VariantText(*to, lang_)},
                {"eta", FormatIsoDate(eta)},
                {"rma", rma},
                {"label_url", "/v1/returns/" + rma + "/label"},
                {"rec", rec}};
    if (auto c = LoadCustomer(order->customer_id)) {
        SendEmail(c->email, L("Your exchange for ", "Tu cambio del pedido ") + order->number,
                  L("We're sending the ", "Te enviamos el ") + to->name + " (" +
                      VariantText(*to, lang_) + L(") as order ", ") como pedido ") + number +
                      L(", expected by ", ", previsto para el ") + FormatIsoDate(eta) +
                      L(". Please send the other size back with the free label: ",
                        ". Devuélvenos la otra talla con la etiqueta gratuita: ") +
                      "/v1/returns/" + rma + "/label");
    }
    return r;
}

// The customer took a recommendation (tapped it, or the shop reports the link followed). Only
// the conversation it was made in, or its own signed-in customer, can say so; any other id is
// not found. Taking it twice counts once.
Result<Response> Job::RecommendationClicked() {
    Response r;
    r.decision = nullptr;
    const std::string rec = p_.value("rec", std::string());
    target_ = rec;
    auto s = Query(
        "SELECT COALESCE(case_id, ''), COALESCE(customer_id, 0), context, sku, "
        "COALESCE(product_id, 0), clicked_at IS NOT NULL FROM recommendations WHERE id = ?");
    s.Bind(1, rec);
    const bool found = Step(s);
    const bool mine = found && (IsAgent() || (!req_.case_id.empty() && s.Text(0) == req_.case_id) ||
                                (Verified() && s.Int(1) == CustomerId()));
    if (!mine) {
        r.outcome = "not_found";
        r.result = {{"reason", L("I can't find that suggestion.", "no encuentro esa sugerencia.")}};
        return r;
    }
    const std::int64_t customer = s.Int(1);
    const std::string context = s.Text(2);
    const std::string sku = s.Text(3);
    const std::int64_t product_id = s.Int(4);
    const bool again = s.Int(5) != 0;
    std::string name;
    std::string product_sku = sku;
    if (product_id != 0) {
        auto p = Query("SELECT name, sku FROM products WHERE id = ?");
        p.Bind(1, product_id);
        if (Step(p)) {
            name = p.Text(0);
            product_sku = p.Text(1);
        }
    }
    MarkClicked(rec, context, sku, customer);
    r.outcome = "ok";
    r.result = {{"rec", rec},
                {"sku", sku},
                {"name", name},
                {"context", context},
                {"again", again},
                // A retention offer is a plan change, not a page: no link.
                {"url", context == "size"        ? CartUrl(sku, rec)
                        : context == "retention" ? std::string()
                                                 : ProductUrl(product_sku, rec)}};
    return r;
}

// [SECTION] Retention offers, the Coffee Club every other month, reviews, proactive opt-outs

// The answer to the retention offer at a Coffee Club cancel (pause it, or every other month at
// the same price a delivery): one retention_offer event per offer shown, accepted or not, and
// the offers as recommendations (context retention: shown, and clicked for the one taken).
Result<Response> Job::RetentionOffer() {
    const std::string plan = p_.value("subscription", std::string());
    const std::string choice = p_.value("choice", std::string());
    target_ = plan;
    if (CustomerId() == 0) return NotVerified();
    Response r = FromDecision(Decide(BaseFacts()));
    if (r.outcome != "ok") return r;
    auto s = Query(
        "SELECT id, status, every_months FROM subscriptions WHERE customer_id = ? AND plan = ? "
        "AND status != 'cancelled' ORDER BY id DESC LIMIT 1");
    s.Bind(1, CustomerId()).Bind(2, plan);
    if (!Step(s)) {
        r.outcome = "none";  // nothing to keep: the cancel that follows says so
        r.result = {{"subscription", plan}, {"recorded", false}};
        return r;
    }
    const std::int64_t subscription_id = s.Int(0);
    json offers = json::array();
    for (const char* offer : {"pause", "downgrade"}) {
        const bool accepted = choice == offer;
        auto ins = Query(
            "INSERT INTO retention_offers(case_id, customer_id, subscription_id, plan, offer, "
            "accepted, created_at) VALUES (NULLIF(?, ''), ?, ?, ?, ?, ?, ?)");
        ins.Bind(1, req_.case_id)
            .Bind(2, CustomerId())
            .Bind(3, subscription_id)
            .Bind(4, plan)
            .Bind(5, std::string(offer))
            .Bind(6, accepted ? 1 : 0)
            .Bind(7, req_.now_ms);
        Exec(ins);
        const std::string sku =
            plan + (std::string(offer) == "pause" ? ":pause" : ":every_other_month");
        const std::string rec = Recommend("retention", CustomerId(), 0, 0, sku, 0);
        if (accepted) MarkClicked(rec, "retention", sku, CustomerId());
        AppendEvent("retention_offer", CustomerId(),
                    {{"offer", offer}, {"subscription", plan}, {"accepted", accepted}});
        offers.push_back({{"offer", offer}, {"accepted", accepted}, {"rec", rec}});
    }
    r.result = {{"subscription", plan}, {"choice", choice}, {"recorded", true}, {"offers", offers}};
    return r;
}

// The Coffee Club every other month: the same two bags and price a delivery, half as often; the
// next renewal stays as it is and the one after comes two months later.
Result<Response> Job::DowngradeSubscription() {
    const std::string plan = p_.value("subscription", std::string());
    target_ = plan;
    if (CustomerId() == 0) return NotVerified();
    auto s = Query(
        "SELECT id, every_months, COALESCE(renews_on, ''), currency, price_cents FROM "
        "subscriptions WHERE customer_id = ? AND plan = ? AND status != 'cancelled' ORDER BY id "
        "DESC LIMIT 1");
    s.Bind(1, CustomerId()).Bind(2, plan);
    if (!Step(s)) {
        return Refuse("subscription_active",
                      L("there's no active Coffee Club subscription on your account.",
                        "no hay ninguna suscripción activa al Coffee Club en tu cuenta."));
    }
    const std::int64_t id = s.Int(0);
    const std::int64_t every = s.Int(1);
    const std::string renews_on = s.Text(2);
    const std::string currency = s.Text(3);
    const std::int64_t price = s.Int(4);
    json facts = BaseFacts();
    facts["every_months"] = every;
    Response r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        r.outcome = "refused";
        return r;
    }
    auto up = Query("UPDATE subscriptions SET every_months = 2 WHERE id = ?");
    up.Bind(1, id);
    Exec(up);
    r.result = {{"subscription", plan},
                {"every_months", 2},
                {"next_renewal", renews_on},
                {"price", Price(price, currency)}};
    if (auto c = LoadCustomer(CustomerId())) {
        SendEmail(c->email,
                  L("Your Coffee Club: every other month", "Tu Coffee Club: cada dos meses"),
                  L("From now on your two bags come every other month, ",
                    "A partir de ahora tus dos paquetes llegan cada dos meses, ") +
                      Price(price, currency) +
                      L(" a delivery. The next one is on ", " por envío. El próximo es el ") +
                      renews_on + ".");
    }
    return r;
}

// A rating of a delivered order, 1-5, with an optional comment; one per order.
Result<Response> Job::SubmitReview() {
    Response r;
    std::optional<Order> order = OwnedOrder(r);
    if (!order) return r;
    const std::int64_t rating = p_.value("rating", std::int64_t(0));
    const std::string comment = p_.contains("comment") ? p_.value("comment", std::string()) : "";
    std::optional<Shipment> sh = LatestShipment(order->id);
    std::int64_t reviews = 0;
    {
        auto s = Query("SELECT COUNT(*) FROM reviews WHERE order_id = ?");
        s.Bind(1, order->id);
        if (Step(s)) reviews = s.Int(0);
    }
    json facts = BaseFacts();
    facts["order_owner_matches"] = true;
    facts["delivered"] = sh.has_value() && !sh->delivered_on.empty();
    facts["reviews_on_order"] = reviews;
    r = FromDecision(Decide(facts));
    if (r.outcome != "ok") {
        r.outcome = "refused";
        return r;
    }
    auto ins = Query(
        "INSERT INTO reviews(order_id, customer_id, case_id, rating, comment, created_at) "
        "VALUES (?, ?, NULLIF(?, ''), ?, NULLIF(?, ''), ?)");
    ins.Bind(1, order->id)
        .Bind(2, order->customer_id)
        .Bind(3, req_.case_id)
        .Bind(4, rating)
        .Bind(5, comment)
        .Bind(6, req_.now_ms);
    Exec(ins);
    r.result = {{"order_number", order->number},
                {"rating", rating},
                {"low", rating <= 2},
                {"comment_saved", !comment.empty()}};
    return r;
}

// "Don't send me these": the customer's wish, kept for whoever reaches out next (the proactive
// triggers read proactive_opt_outs before they send). Order and account emails still go.
Result<Response> Job::OptOutProactive() {
    const std::string topic = p_.value("topic", std::string());
    target_ = topic;
    if (CustomerId() == 0) return NotVerified();
    Response r = FromDecision(Decide(BaseFacts()));
    if (r.outcome != "ok") return r;
    auto ins = Query(
        "INSERT OR IGNORE INTO proactive_opt_outs(customer_id, topic, created_at, case_id) "
        "VALUES (?, ?, ?, NULLIF(?, ''))");
    ins.Bind(1, CustomerId()).Bind(2, topic).Bind(3, req_.now_ms).Bind(4, req_.case_id);
    Exec(ins);
    r.result = {{"topic", topic}, {"already", db_.Changes() == 0}};
    return r;
}

// [SECTION] Order verification (a visitor unlocks one order for one conversation)

// Order number + the account's email or the shipping postcode opens that one order to this
// case. Attempts are counted in the store per case (a client cannot reset them); an unknown
// number is a miss like a wrong email, so guessing numbers teaches nothing. The audit keeps
// only masked forms of what was typed.
Result<Response> Job::VerifyOrder() {
    Response r;
    const std::string number = p_.value("order_number", std::string());
    const std::string email = p_.value("email", std::string());
    const std::string postal = p_.value("postal_code", std::string());
    target_ = number;
    if (p_.contains("email")) p_["email"] = MaskEmail(email);
    if (p_.contains("postal_code")) p_["postal_code"] = MaskPostal(postal);
    if (req_.case_id.empty()) return NoCaseToVerify();
    std::int64_t failures = FailedVerifications();
    policy::Decision d = DecideOwnRules({{"failed_attempts", failures}});
    if (d.verdict == policy::Verdict::kRefuse) {
        r = FromDecision(d);
        r.outcome = "locked";
        r.result["attempts_left"] = 0;
        return r;
    }

    std::optional<Order> order = LoadOrder(number);
    std::string matched_by;
    if (order) {
        if (!email.empty()) {
            auto s = Query("SELECT email FROM customers WHERE id = ?");
            s.Bind(1, order->customer_id);
            if (Step(s) && Lower(Trim(s.Text(0))) == Lower(email)) matched_by = "email";
        }
        if (matched_by.empty() && !postal.empty()) {
            // Both sides through the shared validator for the order's country, then compared
            // without spaces or case ("sw1a1aa" = "SW1A 1AA"); a US ZIP+4 matches its ZIP.
            form::FieldRules rules;
            rules.type = "postal_code";
            rules.region = order->ship_country;
            rules.locale = FormLocale(lang_);
            auto canonical = [&](const std::string& text) {
                form::Validation v = form::Validate(text, rules);
                std::string key =
                    PostalKey(v.ok && v.value.is_string() ? v.value.get<std::string>() : text);
                if (order->ship_country == "US" && key.size() > 5) key.resize(5);
                return key;
            };
            const std::string given = canonical(postal);
            if (!given.empty() && given == canonical(order->ship_postal_code)) {
                matched_by = "postal_code";
            }
        }
    }
    const bool matched = !matched_by.empty();
    auto ins = Query(
        "INSERT INTO order_verification_attempts(case_id, at, order_number, matched) "
        "VALUES (?, ?, ?, ?)");
    ins.Bind(1, req_.case_id).Bind(2, req_.now_ms).Bind(3, number).Bind(4, matched ? 1 : 0);
    Exec(ins);
    json check = {{"rule", "order_details_match"},
                  {"description", "the email on the order's account or its shipping postcode"},
                  {"passed", matched},
                  {"detail", matched ? "matched by " + matched_by : "no match"}};
    if (matched) {
        auto unlock = Query(
            "INSERT OR IGNORE INTO case_unlocked_orders(case_id, order_id, unlocked_at) "
            "VALUES (?, ?, ?)");
        unlock.Bind(1, req_.case_id).Bind(2, order->id).Bind(3, req_.now_ms);
        Exec(unlock);
        r = FromDecision(d);
        r.decision["checks"].push_back(check);
        r.result = {
            {"order_number", order->number}, {"matched_by", matched_by}, {"unlocked", true}};
        return r;
    }
    ++failures;
    policy::Decision after = DecideOwnRules({{"failed_attempts", failures}});
    r = FromDecision(after);
    r.decision["checks"].push_back(check);
    if (after.verdict == policy::Verdict::kRefuse) {
        r.outcome = "locked";
        r.result["attempts_left"] = 0;
        return r;
    }
    r.outcome = "mismatch";
    r.decision["verdict"] = "refuse";
    r.result = {{"attempts_left", std::max<std::int64_t>(0, kVerifyAttempts - failures)},
                {"reason", L("that order number and those details don't match.",
                             "ese número de pedido y esos datos no coinciden.")}};
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
        // The token is a password for an hour: the store keeps only its SHA-256 (above), and
        // the copy of the email kept in outbound_email (seamd's record of what it sent; a mail
        // transport would get the full text at send time, and the demo has none) names the
        // link without it. A copy of the store is then no way into anyone's account.
        const std::string link = std::string("https://larchwood.example") +
                                 (lang_ == "es" ? "/es" : "") +
                                 "/account/reset-password?token=[sent; stored as sha256:" +
                                 identity::Sha256Hex(token).substr(0, 12) + "...]";
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

void Runner::SetConnectors(std::map<std::string, connectors::Connector> http,
                           std::shared_ptr<connectors::Executor> executor) {
    http_ = std::move(http);
    executor_ = std::move(executor);
}

bool Runner::Routable(const std::string& action) {
    return FindSpec(action) != nullptr;
}

const std::vector<std::string>& Runner::Names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const ActionSpec& s : Specs())
            out.push_back(s.name);
        return out;
    }();
    return names;
}

Result<bool> Runner::PurgeExpiredIdempotency(store::Db& db, std::int64_t now_ms) {
    auto& purge = db.Cached(
        "DELETE FROM idempotency WHERE (scope, key) IN (SELECT scope, key FROM idempotency "
        "WHERE created_at < ? ORDER BY created_at LIMIT ?)");
    return purge.Bind(1, now_ms - kIdempotencyMs).Bind(2, std::int64_t{kPurgeBatch}).Run();
}

Result<Response> Runner::Run(store::Db& db, const Request& request) const {
    bool needs_call = false;
    auto r = RunOnce(db, request, nullptr, nullptr, &needs_call);
    if (r && needs_call) {
        // The http connector: the gate (the actor, the rules seamd decides) said go, nothing
        // written; the business decides the rest on its own data. The call runs
        // outside any transaction of this runner (and outside the caller's lock when it lets
        // go of it, Request::outside_lock); its answer is then recorded in one transaction,
        // after the key is checked again (a twin request may have finished meanwhile).
        const connectors::Connector& connector = http_.at(request.name);
        const json values = {{"params", r->result}};
        connectors::CallContext ctx;
        ctx.case_id = request.case_id;
        ctx.step_id = request.step_id.empty() ? request.idempotency_key : request.step_id;
        ctx.action = request.name;
        // With neither a step nor a key nothing tells a repeat from a new call: each is new,
        // even two in the same millisecond (the clock and a process-wide counter).
        static std::atomic<std::uint64_t> unkeyed{0};
        ctx.sequence = ctx.step_id.empty() ? (static_cast<std::uint64_t>(request.now_ms) << 20) ^
                                                 unkeyed.fetch_add(1)
                                           : 0;
        ctx.customer_id = request.actor.verified ? request.actor.external_id : std::string();
        ctx.actor_kind = request.actor.kind == "customer"
                             ? (ctx.customer_id.empty() ? "visitor" : "customer")
                             : request.actor.kind;
        ctx.agent_login = request.actor.agent_login;
        ctx.locale = request.locale;
        auto outside = [&](const std::function<void()>& call) {
            if (request.outside_lock) {
                request.outside_lock(call);
            } else {
                call();
            }
        };
        json decision = r->decision;
        std::string verdict = "allow";
        if (connector.facts) {
            // The facts request first (its own key and breaker: action + ".facts"), then the
            // policy on the business's facts and seamd's: a refusal, or a facts rule's outcome,
            // is the answer and the action's request is never sent.
            connectors::CallContext facts_ctx = ctx;
            facts_ctx.action = request.name + ".facts";
            connectors::Call facts_call;
            outside([&] { facts_call = executor_->Execute(*connector.facts, values, facts_ctx); });
            std::optional<Response> stop = DecideOnFacts(request, connector, facts_call, decision);
            if (stop) {
                r = RunOnce(db, request, &*stop, nullptr, nullptr);
                return Kept(db, request, std::move(r));
            }
            verdict = json_read::StringOr(decision, "verdict", "allow");
        }
        json call_values = values;
        call_values["decision"] = {{"verdict", verdict}};
        connectors::Call call;
        outside([&] { call = executor_->Execute(connector, call_values, ctx); });
        Response called;
        called.outcome = call.mapped.outcome;
        called.result = call.mapped.result.is_object() ? call.mapped.result : json::object();
        if (!call.mapped.reason.empty()) called.result["reason"] = call.mapped.reason;
        if (connector.facts) {
            // The business's answer stands; the audit says when it differs from the decision.
            const bool held = called.outcome == "needs_review" || called.outcome == "refused";
            if ((verdict == "allow" && held) || (verdict == "review" && called.outcome == "ok")) {
                decision["business_differs"] = "seamd decided \"" + verdict +
                                               "\" on the facts; the business answered \"" +
                                               called.outcome + "\"";
            }
        }
        called.decision = decision;
        r = RunOnce(db, request, &called, &call.audit, nullptr);
    }
    return Kept(db, request, std::move(r));
}

std::optional<Response> Runner::DecideOnFacts(const Request& request,
                                              const connectors::Connector& connector,
                                              const connectors::Call& facts_call,
                                              json& decision) const {
    const std::string lang = Lang(request.locale);
    const json gate = decision;
    const json& mapped = facts_call.mapped.result;
    json business = mapped.is_object() ? mapped : json::object();
    auto maps = [&](const std::string& outcome) {
        return std::any_of(connector.response.begin(), connector.response.end(),
                           [&](const connectors::ResponseRule& r) { return r.outcome == outcome; });
    };
    decision["facts_call"] = facts_call.audit;
    if (facts_call.mapped.outcome == "ok") {
        // Nothing for the rules to decide (a return already open...): the gate's decision
        // stands, and the action's request goes.
        decision["decided_by"] =
            "seamd, before the call; the business's facts request: nothing to decide";
        decision["action_request_sent"] = true;
        return std::nullopt;
    }
    if (facts_call.mapped.outcome != connectors::kFactsOutcome) {
        // The business answered what the action would have (not_found, not_owner, error...).
        Response stop;
        stop.outcome = facts_call.mapped.outcome;
        stop.result = business;
        if (!facts_call.mapped.reason.empty()) stop.result["reason"] = facts_call.mapped.reason;
        decision["decided_by"] = "the business, answering the facts request";
        decision["action_request_sent"] = false;
        stop.decision = decision;
        return stop;
    }
    // The business's facts, then seamd's own over them (the actor's identity, the attempts it
    // counts). A visitor's "verified" on an order is the business's: the case's unlock.
    json facts = facts_call.mapped.facts.is_object() ? facts_call.mapped.facts : json::object();
    const json* own = json_read::Find(gate, "facts");
    if (own != nullptr && own->is_object()) {
        for (auto it = own->begin(); it != own->end(); ++it)
            facts[it.key()] = it.value();
    }
    // The rules as the builtin applies them: an action open to visitors only under its own.
    const bool open = OpenToVisitors(request.name);
    std::vector<policy::Rule> rules;
    for (const policy::Rule& rule : rules_) {
        if (rule.action == request.name || (rule.action == "*" && !open)) rules.push_back(rule);
    }
    policy::Decision d = policy::Decide(rules, request.name, facts, lang);
    json made = d.ToJson();
    for (const char* keep : {"actor", "visitor"}) {
        if (gate.contains(keep)) made[keep] = gate[keep];
    }
    made["decided_by"] = "seamd, before the call, on the business's facts and its own";
    made["business_rules"] = json::array();
    made["facts"] = facts;
    // The facts the business left out that a rule reads (the others were only ever optional).
    std::set<std::string> read, optional;
    for (const policy::Rule& rule : rules)
        connectors::RuleFacts(rule.require, read, optional);
    json left_out = json::array();
    for (const std::string& fact : facts_call.mapped.missing_facts) {
        if (read.count(fact) != 0 && optional.count(fact) == 0 && !facts.contains(fact)) {
            left_out.push_back(fact);
        }
    }
    if (!left_out.empty()) made["facts_missing"] = left_out;
    made["facts_call"] = facts_call.audit;
    made["action_request_sent"] = true;
    decision = made;
    if (d.verdict == policy::Verdict::kAllow) return std::nullopt;
    if (d.verdict == policy::Verdict::kReview && maps("needs_review")) return std::nullopt;
    made["action_request_sent"] = false;

    Response stop;
    stop.decision = made;
    stop.result = business;  // what the business says its answer would hold
    stop.result["reason"] = d.reason;
    std::string failed;  // the first rule that did not pass
    for (const policy::Check& c : d.checks) {
        if (!c.passed) {
            failed = c.rule;
            break;
        }
    }
    if (d.verdict == policy::Verdict::kReview) {
        // Held for a person, and the business cannot hold this action: nothing is sent.
        stop.outcome = "error";
        stop.result["reason"] = lang == "es" ? "esto lo tiene que revisar una persona: " + d.reason
                                             : "a person has to check this first: " + d.reason;
        return stop;
    }
    if (failed == "verified_identity" && maps("not_verified")) {
        stop.outcome = "not_verified";
        stop.result.erase("reason");  // the builtin's words (AfterCall)
    } else if (failed == "owns_order" && maps("not_owner")) {
        stop.outcome = "not_owner";
    } else if (maps("refused")) {
        stop.outcome = "refused";
    } else {
        stop.outcome = "error";
    }
    return stop;
}

Result<Response> Runner::Kept(store::Db& db, const Request& request, Result<Response> r) const {
    if (r || request.idempotency_key.empty() || r.error().id == "seam.actions.store" ||
        r.error().id == "seam.actions.idempotency") {
        return r;
    }
    // The error answer is kept like any other (its own transaction: the action's was rolled
    // back), so the key's retries get it again. The rollback also brought back an expired
    // record of the key that RunOnce had deleted: it goes again here, or the INSERT OR IGNORE
    // would keep it instead of this answer. A record that is not expired (a kept error just
    // replayed) stays as it is.
    try {
        store::Transaction txn(db);
        if (!txn.ok()) return r;
        auto& expired =
            db.Cached("DELETE FROM idempotency WHERE scope = ? AND key = ? AND created_at < ?");
        if (!expired.Bind(1, Scope(request))
                 .Bind(2, request.idempotency_key)
                 .Bind(3, request.now_ms - kIdempotencyMs)
                 .Run()) {
            return r;
        }
        std::string message = r.error().message;
        const std::string prefix = "[" + r.error().id + "] ";
        if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
        auto& idem = db.Cached(
            "INSERT OR IGNORE INTO idempotency(scope, key, request_hash, status, response, "
            "created_at) VALUES (?, ?, ?, 400, ?, ?)");
        idem.Bind(1, Scope(request))
            .Bind(2, request.idempotency_key)
            .Bind(3, identity::Sha256Hex(request.name + "\n" + request.params.dump()))
            .Bind(4, json({{"error", {{"code", r.error().id}, {"message", message}}}}).dump())
            .Bind(5, request.now_ms);
        if (idem.Run()) txn.Commit();
    } catch (const std::exception&) {  // Cached() on a malformed literal: the error stands
    }
    return r;
}

Result<FactsAnswer> Runner::Facts(store::Db& db, const Request& request) const {
    const ActionSpec* spec = FindSpec(request.name);
    if (!spec) {
        return Error::Make("seam.actions.unknown_action", "no action named '" + request.name + "'");
    }
    const std::string lang = Lang(request.locale);
    try {
        // The builtin runs as for real, in a transaction that is never committed: the facts
        // are the very ones it decides on, and nothing it would change is kept.
        store::Transaction txn(db);
        if (!txn.ok()) return Error::Make("seam.actions.store", "cannot begin a transaction");
        auto params = ValidateParams(*spec, request, lang);
        if (!params) return params.error();
        Job job(db, request, rules_, std::move(params.value()));
        Result<Response> performed = job.Perform();
        if (!performed) return performed.error();
        FactsAnswer answer;
        // The facts, unless the rules allowed and a precondition after them still said no (no
        // active subscription...): then that answer, as when it answered before deciding.
        const std::string& outcome = performed->outcome;
        const bool precondition =
            job.decided_allow() && outcome != "ok" && outcome != "needs_review";
        if (job.decided() && !precondition) answer.facts = job.decided_facts();
        answer.answer = std::move(performed.value());
        if (answer.answer.result.is_null()) answer.answer.result = json::object();
        return answer;  // the transaction rolls back
    } catch (const StoreFailure& e) {
        return Error::Make("seam.actions.store", e.what());
    } catch (const std::exception& e) {
        return Error::Make("seam.actions.store", e.what());
    }
}

Result<Response> Runner::RunOnce(store::Db& db, const Request& request, const Response* called,
                                 const json* call_audit, bool* needs_call) const {
    const ActionSpec* spec = FindSpec(request.name);
    if (!spec) {
        return Error::Make("seam.actions.unknown_action", "no action named '" + request.name + "'");
    }
    const std::string lang = Lang(request.locale);
    try {
        store::Transaction txn(db);
        if (!txn.ok()) return Error::Make("seam.actions.store", "cannot begin a transaction");

        // 1. Idempotency: the first response of a key is the response of every retry, for
        // 24 hours; then the key is free again. Old records go a few at a time.
        const std::string scope = Scope(request);
        const std::string request_hash =
            identity::Sha256Hex(request.name + "\n" + request.params.dump());
        if (!request.idempotency_key.empty()) {
            const std::int64_t cutoff = request.now_ms - kIdempotencyMs;
            if (auto ok = PurgeExpiredIdempotency(db, request.now_ms); !ok) {
                return Error::Make("seam.actions.store", ok.error().message);
            }
            auto& expired =
                db.Cached("DELETE FROM idempotency WHERE scope = ? AND key = ? AND created_at < ?");
            if (auto ok =
                    expired.Bind(1, scope).Bind(2, request.idempotency_key).Bind(3, cutoff).Run();
                !ok) {
                return Error::Make("seam.actions.store", ok.error().message);
            }
            auto s = db.Prepare(
                "SELECT request_hash, status, response FROM idempotency WHERE scope = ? AND key = "
                "?");
            if (!s) return Error::Make("seam.actions.store", s.error().message);
            s->Bind(1, scope).Bind(2, request.idempotency_key);
            if (s->Next()) {
                if (s->Text(0) != request_hash) {
                    return Error::Make("seam.actions.idempotency",
                                       "this Idempotency-Key was used for a different request");
                }
                json stored = json::parse(s->Text(2), nullptr, false);
                if (!stored.is_object()) {
                    return Error::Make("seam.actions.store", "unreadable stored response");
                }
                if (s->Int(1) != 200) {  // a kept error answer
                    const json& e = stored.value("error", json::object());
                    const std::string code = e.is_object() && e.value("code", json()).is_string()
                                                 ? e["code"].get<std::string>()
                                                 : std::string("seam.actions.store");
                    const std::string message =
                        e.is_object() && e.value("message", json()).is_string()
                            ? e["message"].get<std::string>()
                            : std::string("unreadable stored error");
                    return Error::Make(code, message);
                }
                Response r;
                r.outcome = json_read::StringOr(stored, "outcome", "error");
                const json* result = json_read::Find(stored, "result");
                r.result = result ? *result : json::object();
                const json* decision = json_read::Find(stored, "decision");
                r.decision = decision ? *decision : json();
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
        const bool http = executor_ && http_.count(request.name) != 0;
        Result<Response> performed = called ? Result<Response>(*called)
                                     : http ? job.Gate()
                                            : job.Perform();
        if (!performed) return performed.error();
        if (http && !called && performed->outcome == "ok") {
            // Go and call: the transaction rolls back (nothing was written but purges).
            if (needs_call) *needs_call = true;
            Response go = std::move(performed.value());
            go.result = job.params();
            return go;
        }
        Response response = std::move(performed.value());
        if (response.result.is_null()) response.result = json::object();

        // 6. The record (for an http action, with what seamd keeps from the answer).
        json call = call_audit ? *call_audit : json();
        if (called) job.AfterCall(response, call);
        json decision = response.decision.is_object() ? response.decision : json::object();
        if (call_audit) decision["call"] = call;  // the connector call, without secrets
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

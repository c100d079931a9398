// native/simulate/simulator.cpp — the traffic simulator (simulator.hpp).
//
// Index of this file
//   [SECTION] helpers       draws (splitmix64), dates, daytime, the store's temporary home
//   [SECTION] the world     the customers, the catalogue, problems, messages, the task queue
//   [SECTION] set-up        the demo shop's first N customers in a throwaway store, the service
//   [SECTION] the clock     hour by hour: schedules and held messages, then the hour's tasks
//   [SECTION] the shop      orders, parcels, deliveries, carts, renewals, returns, refunds
//   [SECTION] decisions     proactive messages read back from the store as the service made them
//   [SECTION] customers     contacting support, answering messages, clicking, ordering again
//   [SECTION] conversations one case driven turn by turn: the words, the choices, the answers
//   [SECTION] afterwards    what a conversation changed (returns, cancels, offers, clicks)
//   [SECTION] report        the KPIs from the event log, and the activity by group
#include "simulate/simulator.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <system_error>

#include "api/kpis.hpp"
#include "assets/assets.hpp"
#include "assistant/assistant.hpp"
#include "demo/generator.hpp"
#include "demo/loader.hpp"
#include "demo/random.hpp"
#include "proactive/facts.hpp"
#include "seam/core/json_read.hpp"
#include "seam/kpi/proactive.hpp"
#include "seam/nlu/dataset.hpp"
#include "seam/proactive/time_zone.hpp"
#include "service/service.hpp"
#include "store/migrations.hpp"

namespace seam::simulate {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// [SECTION] helpers

constexpr std::int64_t kMinuteMs = 60 * 1000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

//! Every draw of a run: one splitmix64 stream (demo::Rng), taken in the order the simulated time
//! gives, so a seed is a run. No <random> distributions: their results differ between standard
//! libraries.
class Dice {
  public:
    explicit Dice(std::uint64_t seed) : rng_(demo::Rng::Stream(seed, 0x51AD)) {}
    //! [0, 1) with 53 bits.
    double Unit() { return static_cast<double>(rng_.Next() >> 11) * (1.0 / 9007199254740992.0); }
    bool Chance(double p) { return Unit() < p; }
    std::int64_t Range(std::int64_t lo, std::int64_t hi) { return rng_.Range(lo, hi); }
    double In(const Span& s) { return s.min + (s.max - s.min) * Unit(); }
    //! A whole number of days or business days in `s` (both ends possible).
    int WholeIn(const Span& s) {
        return static_cast<int>(
            rng_.Range(static_cast<std::int64_t>(s.min), static_cast<std::int64_t>(s.max)));
    }
    //! A name drawn by weight among those `allowed` ("" = all); "" when none has weight.
    std::string Pick(const Weights& w, const std::vector<std::string>* allowed = nullptr) {
        std::int64_t total = 0;
        for (const auto& [name, weight] : w) {
            if (!allowed || std::find(allowed->begin(), allowed->end(), name) != allowed->end())
                total += weight;
        }
        if (total <= 0) return "";
        std::int64_t r = rng_.Below(total);
        for (const auto& [name, weight] : w) {
            if (allowed && std::find(allowed->begin(), allowed->end(), name) == allowed->end())
                continue;
            if (r < weight) return name;
            r -= weight;
        }
        return "";
    }
    template <typename T>
    const T& Of(const std::vector<T>& items) {
        return items[static_cast<std::size_t>(rng_.Below(static_cast<std::int64_t>(items.size())))];
    }

  private:
    demo::Rng rng_;
};

Date DayOf(std::int64_t ms) {
    return CivilFromDays(ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs);
}
std::int64_t StartOf(const Date& d) {
    return DaysFromCivil(d) * kDayMs;
}
bool IsWeekend(const Date& d) {
    return DayOfWeek(d) >= 6;
}
Date NextWeekday(Date d) {
    while (IsWeekend(d))
        d = AddDays(d, 1);
    return d;
}
Date AddBusinessDays(Date d, int n) {
    while (n > 0) {
        d = AddDays(d, 1);
        if (!IsWeekend(d)) --n;
    }
    return d;
}

//! The shop's shipping charge (the demo generator's rule).
std::int64_t ShippingCents(const std::string& country, std::int64_t subtotal) {
    if (country == "US") return subtotal >= 7500 ? 0 : 695;
    return subtotal >= 15000 ? 0 : 1295;
}

//! "LW-300123", "104233" and "#104233" in an example sentence become the customer's own order.
std::string WithOrder(const std::string& text, const std::string& order) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t j = i;
        const bool lw = text.compare(i, 3, "LW-") == 0 || text.compare(i, 3, "lw-") == 0;
        if (lw) j += 3;
        std::size_t digits = 0;
        while (j + digits < text.size() && text[j + digits] >= '0' && text[j + digits] <= '9')
            ++digits;
        const bool starts_word = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
        if (digits == 6 && starts_word && !order.empty()) {
            out += lw ? order : order.substr(order.find('-') + 1);
            i = j + digits;
            continue;
        }
        out += text[i++];
    }
    return out;
}

//! A throwaway directory for the store, removed with the object.
class WorkDir {
  public:
    //! A new directory under `parent` (the system's temporary one when ""), or `keep` (created
    //! when missing, refused when not empty) left in place.
    WorkDir(const std::string& parent, const std::string& keep) {
        std::error_code ec;
        if (!keep.empty()) {
            fs::create_directories(keep, ec);
            if (!ec && fs::is_directory(keep, ec) && fs::is_empty(keep, ec)) {
                path_ = keep;
                kept_ = true;
            }
            return;
        }
        fs::path base = parent.empty() ? fs::temp_directory_path(ec) : fs::path(parent);
        std::string pattern = (base / "seam-simulate-XXXXXX").string();
        if (::mkdtemp(pattern.data())) path_ = pattern;
    }
    ~WorkDir() {
        if (path_.empty() || kept_) return;
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    bool kept_ = false;
};

//! The demo shop's rows of its first `n` customers (and the whole catalogue).
demo::DemoData Subset(demo::DemoData all, std::int64_t n) {
    demo::DemoData out;
    out.products = std::move(all.products);
    out.variants = std::move(all.variants);
    out.related = std::move(all.related);
    std::set<std::int64_t> orders;
    for (auto& c : all.customers)
        if (c.id <= n) out.customers.push_back(std::move(c));
    for (auto& a : all.addresses)
        if (a.customer_id <= n) out.addresses.push_back(std::move(a));
    for (auto& o : all.orders) {
        if (o.customer_id > n) continue;
        orders.insert(o.id);
        out.orders.push_back(std::move(o));
    }
    for (auto& i : all.order_items)
        if (orders.count(i.order_id)) out.order_items.push_back(std::move(i));
    for (auto& s : all.shipments)
        if (orders.count(s.order_id)) out.shipments.push_back(std::move(s));
    for (auto& s : all.subscriptions)
        if (s.customer_id <= n) out.subscriptions.push_back(std::move(s));
    for (auto& i : all.invoices)
        if (i.customer_id <= n) out.invoices.push_back(std::move(i));
    for (auto& r : all.returns)
        if (orders.count(r.order_id)) out.returns.push_back(std::move(r));
    for (auto& r : all.refunds)
        if (orders.count(r.order_id)) out.refunds.push_back(std::move(r));
    return out;
}

// [SECTION] the world

struct Person {
    std::int64_t id = 0;
    std::string external_id, first_name, email, locale, country, currency, zone;
    std::string ship_line1, ship_line2, ship_city, ship_region, ship_postal;
};

struct Variant {
    std::int64_t id = 0, product_id = 0, size_rank = 0;
    std::string sku, size;
};

struct Product {
    std::int64_t id = 0, price_cents = 0;
    std::string sku, name, category;
    bool final_sale = false, in_stock = true;
    std::vector<Variant> variants;  // in stock
};

//! One line of an order the simulation places.
struct Line {
    const Product* product = nullptr;
    const Variant* variant = nullptr;
    std::string rec;  // the recommendation the customer came from ("" = none)
};

//! What the shop knows of an order on its way.
struct Parcel {
    std::int64_t order_id = 0, customer = 0, shipment_id = 0;
    std::string number, country;
    Date expected{};
    bool delivered = false;
};

//! A reason for a customer to get in touch (behaviour.hpp ProblemKinds).
struct Problem {
    std::string kind;
    std::int64_t customer = 0;
    std::string key;  // "<trigger>:<object>" of the message that would tell them, "" = none
    std::string order, plan, rma, reason;
    std::int64_t subscription = 0;
    double draw = 0;          // the contact draw, made when the problem starts
    bool messaged = false;    // a proactive message about it was sent
    bool answered = false;    // ... and settled in that message's conversation
    bool settled = false;     // gone: delivered, paid, refunded, handled
    bool fixed_card = false;  // payment_failed: the card was updated
};

//! A sent proactive message, as the customer sees it.
struct Message {
    std::string case_id, trigger, object;
    std::int64_t customer = 0;
    json replies = json::array();
    std::vector<std::size_t> problems;
};

//! A cart left with sized items.
struct Cart {
    std::int64_t customer = 0;
    std::vector<Line> lines;
    double draw = 0;
    bool bought = false;
};

//! What a conversation is about, for the customer's answers.
struct Talk {
    std::int64_t customer = 0;
    std::optional<std::size_t> problem;
    std::optional<std::size_t> cart;
    std::string order, plan, reason, product, size;
    bool unhappy = false, cancel_wish = false, from_message = false;
    std::string why;                            // "contact late_parcel", "reply win_back"
    std::map<std::string, std::string> chosen;  // "flow.slot" -> value, as answered
};

enum class Do {
    kOrder,          // a: customer; s: "" or a recommendation's variant / product
    kShip,           // a: order id
    kCarrierLate,    // a: parcel index, b: business days
    kCarrierHeld,    // a: parcel index
    kDeliver,        // a: parcel index
    kContact,        // a: problem index
    kReply,          // a: message index
    kAgent,          // a: handoff id, b: problem index + 1 (0 = none)
    kRenewal,        // a: subscription id; s: the renewal day it was planned for
    kPaymentRetry,   // a: problem index
    kPaymentLapse,   // a: problem index
    kCancelLater,    // a: subscription id
    kReturnArrives,  // a: return id
    kRefundLands,    // a: problem index
    kCartLeft,       // a: customer
    kCartDecides,    // a: cart index
};

struct Task {
    std::int64_t at = 0;
    std::uint64_t seq = 0;
    Do what = Do::kOrder;
    std::int64_t a = 0, b = 0;
    std::string s;
};

struct Later {
    bool operator()(const Task& x, const Task& y) const {
        return x.at != y.at ? x.at > y.at : x.seq > y.seq;
    }
};

class Simulation {
  public:
    Simulation(const Options& options, const Behaviour& behaviour)
        : o_(options), b_(behaviour), dice_(options.seed) {}

    Result<Report> Run();

  private:
    // set-up
    Result<bool> SetUp(const std::string& dir);
    Result<bool> CheckBehaviour(const backend::Assistant& assistant);
    void Begin(const demo::DemoData& data);
    // the clock
    void Schedule(std::int64_t at, Do what, std::int64_t a = 0, std::int64_t b = 0,
                  std::string s = {});
    void Execute(const Task& t);
    void StartDay(const Date& day);
    std::int64_t Daytime(std::int64_t at, const Person& p);
    // the shop
    void PlaceOrder(std::int64_t customer, std::vector<Line> lines);
    void Ship(std::int64_t order_id);
    void CarrierLate(std::size_t parcel, int days);
    void CarrierHeld(std::size_t parcel);
    void Deliver(std::size_t parcel);
    void LeaveCart(std::int64_t customer);
    void CartDecides(std::size_t cart);
    void Renewal(std::int64_t subscription, const std::string& planned);
    void PlanRenewal(std::int64_t subscription, const std::string& on);
    void Charge(std::int64_t subscription);
    void PaymentRetry(std::size_t problem, bool last);
    void CancelSubscription(std::int64_t subscription, const char* why);
    void ReturnArrives(std::int64_t return_id);
    void PortalReturn(std::size_t problem);
    Line LineOf(const Product& p);
    std::string NextInvoiceNumber();
    // decisions
    void Ingest(const std::string& type, const std::string& object, const std::string& customer,
                json data);
    void Poll();
    std::size_t AddProblem(Problem p, std::int64_t from, bool contact_now);
    // customers
    void Contact(std::size_t problem);
    void Reply(std::size_t message);
    bool StillThere(const Problem& p);
    // conversations
    void Converse(const std::string& case_id, service::Input first, Talk& talk);
    std::optional<service::Input> Answer(const json& state, const json& options, Talk& talk);
    std::string Choose(const flow::Flow& flow, const flow::Step& step,
                       const std::vector<std::string>& values, Talk& talk);
    std::string Words(const std::string& intent, const Person& p, const std::string& order);
    // afterwards
    void Afterwards(const std::string& case_id, const std::string& status, Talk& talk);
    void Agent(std::int64_t handoff, std::int64_t problem_plus_one);
    // report
    json Activity();
    void Count(std::int64_t customer, const std::string& what, std::int64_t n = 1) {
        activity_[customer][what] += n;
    }

    const Options& o_;
    const Behaviour& b_;
    Dice dice_;
    std::shared_ptr<std::int64_t> now_ = std::make_shared<std::int64_t>(0);
    std::int64_t start_ms_ = 0, end_ms_ = 0;
    std::unique_ptr<service::Service> service_;
    service::Service::Agent desk_;

    std::map<std::int64_t, Person> people_;
    std::vector<std::int64_t> people_order_;  // customer ids, ascending
    std::map<std::int64_t, Product> products_;
    std::vector<const Product*> sized_;  // clothing and footwear: carts ask for a size
    std::vector<const Product*> catalogue_;
    // What customers write: locale -> intent -> the intent model's examples.
    std::map<std::string, std::map<std::string, std::vector<std::string>>> words_;
    std::vector<Parcel> parcels_;
    std::vector<Problem> problems_;
    std::map<std::string, std::vector<std::size_t>> problems_by_key_;  // "<customer>|<key>"
    std::vector<Message> messages_;
    std::vector<Cart> carts_;
    std::int64_t seen_decision_ = 0;
    std::set<std::int64_t> tracked_returns_, announced_cancels_, handled_offers_;
    std::set<std::string> handled_recs_;
    std::priority_queue<Task, std::vector<Task>, Later> queue_;
    std::uint64_t seq_ = 0;
    std::int64_t next_order_number_ = 300000, next_invoice_ = 900000, next_tracking_ = 1;
    std::int64_t conversations_ = 0;
    std::map<std::int64_t, std::map<std::string, std::int64_t>> activity_;
};

// [SECTION] set-up

Result<bool> Simulation::SetUp(const std::string& dir) {
    // The assets and what the behaviour says about them first: a wrong name is refused before
    // the shop is built.
    const std::shared_ptr<std::int64_t> now = now_;
    auto assistant = backend::Assistant::Load(o_.assets, [now] { return DayOf(*now); });
    if (!assistant) {
        return Error::Make("seam.simulate.assets", assistant.error().message);
    }
    // What customers write, per language and intent: the intent model's own examples.
    for (const char* locale : {"en", "es"}) {
        std::string text;
        const std::string path = o_.assets + "/nlu/" + locale + ".jsonl";
        if (!assets::ReadWholeFile(path, text)) {
            return Error::Make("seam.simulate.assets", path + ": cannot read the file");
        }
        auto examples = nlu::ParseJsonLines(text, path);
        if (!examples) return Error::Make("seam.simulate.assets", examples.error().message);
        for (const nlu::Example& e : *examples)
            words_[locale][e.intent].push_back(e.text);
    }
    auto checked = CheckBehaviour(**assistant);
    if (!checked) return checked;

    const demo::DemoData data = Subset(demo::Generate(o_.seed, o_.start), o_.customers);
    auto db = store::Db::Open(dir + "/seam.db");
    if (!db) return db.error();
    // The store is thrown away at the end: no fsync is worth waiting for.
    auto fast = (*db)->Exec("PRAGMA synchronous=OFF");
    if (!fast) return fast.error();
    auto migrated = store::Migrate(**db);
    if (!migrated) return migrated.error();
    auto loaded = demo::Load(**db, data);
    if (!loaded) return loaded.error();
    // The desk that takes handoffs (an admin: it may resolve whatever it claimed).
    auto desk = (*db)->Exec(
        "INSERT INTO agents(login, name, role, skills, secret_hash) VALUES ('sim-desk', "
        "'The desk', 'admin', '[\"billing\",\"returns\",\"delivery\",\"account\",\"general\"]', "
        "'-')");
    if (!desk) return desk.error();
    service_ = std::make_unique<service::Service>(
        std::move(db.value()),
        std::shared_ptr<const backend::Assistant>(std::move(assistant.value())),
        [now] { return *now; });
    auto agent = service_->AgentByLogin("sim-desk");
    if (!agent) return agent.error();
    desk_ = *agent;
    Begin(data);
    return true;
}

Result<bool> Simulation::CheckBehaviour(const backend::Assistant& a) {
    auto bad = [](const std::string& what) { return Error::Make("seam.simulate.assets", what); };
    for (const auto& [kind, weights] : b_.contact_intents) {
        for (const auto& [intent, weight] : weights) {
            (void)weight;
            for (const char* locale : {"en", "es"}) {
                if (words_[locale][intent].empty()) {
                    return bad("behaviour /contact/intents/" + kind + ": intent \"" + intent +
                               "\" has no " + locale + " examples in " + o_.assets + "/nlu");
                }
            }
        }
    }
    for (const proactive::Trigger& t : a.triggers()) {
        if (b_.reply.count(t.id) == 0) {
            return bad("behaviour /reply/probability: trigger \"" + t.id +
                       "\" has no probability of being answered");
        }
    }
    for (const auto& [id, p] : b_.reply) {
        (void)p;
        const auto& ts = a.triggers();
        if (std::none_of(ts.begin(), ts.end(),
                         [&](const proactive::Trigger& t) { return t.id == id; })) {
            return bad("behaviour /reply/probability/" + id + ": no such trigger in " + o_.assets +
                       "/proactive");
        }
    }
    for (const auto& [name, weights] : b_.choices) {
        const std::string flow_id = name.substr(0, name.find('.'));
        const std::string slot = name.substr(name.find('.') + 1);
        const flow::Flow* f = a.engine().FindFlow(flow_id);
        if (!f) return bad("behaviour /conversation/choices/" + name + ": no flow " + flow_id);
        const auto spec = f->slots.find(slot);
        if (spec == f->slots.end()) {
            return bad("behaviour /conversation/choices/" + name + ": flow " + flow_id +
                       " has no slot " + slot);
        }
        if (!spec->second.values.empty()) {
            for (const auto& [value, weight] : weights) {
                (void)weight;
                const auto& vs = spec->second.values;
                if (std::find(vs.begin(), vs.end(), value) == vs.end()) {
                    return bad("behaviour /conversation/choices/" + name + "/value/" + value +
                               ": not a value of slot " + slot);
                }
            }
        }
    }
    return true;
}

//! The world as the shop stands on the first day: customers, catalogue, parcels on their way,
//! orders to ship, returns to arrive, renewals to come.
void Simulation::Begin(const demo::DemoData& data) {
    for (const demo::Customer& c : data.customers) {
        Person p;
        p.id = c.id;
        p.external_id = c.external_id;
        p.first_name = c.first_name;
        p.email = c.email;
        p.locale = c.locale == "es" ? "es" : "en";
        p.country = c.country;
        p.currency = c.currency;
        people_[c.id] = p;
        people_order_.push_back(c.id);
    }
    for (const demo::Address& a : data.addresses) {
        if (!a.is_default) continue;
        Person& p = people_[a.customer_id];
        p.ship_line1 = a.line1;
        p.ship_line2 = a.line2.value_or("");
        p.ship_city = a.city;
        p.ship_region = a.region.value_or("");
        p.ship_postal = a.postal_code;
        p.zone = proactive::ZoneFor(a.country, p.ship_region);
    }
    for (const demo::Product& d : data.products) {
        Product p;
        p.id = d.id;
        p.price_cents = d.price_cents;
        p.sku = d.sku;
        p.name = d.name;
        p.category = d.category;
        p.final_sale = d.final_sale;
        p.in_stock = d.in_stock;
        products_[p.id] = p;
    }
    for (const demo::ProductVariant& v : data.variants) {
        if (v.stock <= 0) continue;
        products_[v.product_id].variants.push_back(
            {v.id, v.product_id, v.size_rank, v.sku, v.size});
    }
    for (auto& [id, p] : products_) {
        (void)id;
        if (!p.in_stock || p.variants.empty()) continue;
        catalogue_.push_back(&p);
        if (p.category == "jackets" || p.category == "base_layers" || p.category == "boots" ||
            p.category == "trail_runners") {
            sized_.push_back(&p);
        }
    }

    // Parcels on their way and orders still to ship.
    std::map<std::int64_t, const demo::Order*> orders;
    for (const demo::Order& o : data.orders)
        orders[o.id] = &o;
    std::set<std::int64_t> shipped;
    for (const demo::Shipment& s : data.shipments) {
        shipped.insert(s.order_id);
        if (s.delivered_on) continue;
        const auto expected = ParseIsoDate(s.expected_on);
        if (!expected || orders.count(s.order_id) == 0) continue;  // cannot happen (generated)
        const demo::Order& o = *orders[s.order_id];
        Parcel parcel{o.id, o.customer_id, s.id, o.number, o.ship_country, *expected, false};
        const std::size_t at = parcels_.size();
        parcels_.push_back(parcel);
        if (s.status == "held") {
            Schedule(start_ms_ + 9 * kHourMs, Do::kCarrierHeld, static_cast<std::int64_t>(at));
        } else if (parcel.expected < o_.start) {
            // Past its day already: the carrier says so on the first morning.
            Schedule(start_ms_ + 7 * kHourMs, Do::kCarrierLate, static_cast<std::int64_t>(at),
                     dice_.WholeIn(b_.late_business_days));
        } else if (dice_.Chance(b_.parcel_late)) {
            Schedule(StartOf(parcel.expected) + 7 * kHourMs, Do::kCarrierLate,
                     static_cast<std::int64_t>(at), dice_.WholeIn(b_.late_business_days));
        } else {
            Schedule(StartOf(parcel.expected) + (10 + dice_.Range(0, 8)) * kHourMs, Do::kDeliver,
                     static_cast<std::int64_t>(at));
        }
    }
    for (const demo::Order& o : data.orders) {
        if (o.status == "processing" && shipped.count(o.id) == 0) {
            Schedule(StartOf(NextWeekday(o_.start)) + 16 * kHourMs, Do::kShip, o.id);
        }
    }
    // Returns whose parcel has not reached the warehouse yet.
    for (const demo::Return& r : data.returns) {
        tracked_returns_.insert(r.id);
        if (r.received_on) continue;
        const std::int64_t arrives = std::max(
            r.created_at + static_cast<std::int64_t>(dice_.In(b_.return_transit_days) * kDayMs),
            start_ms_ + 8 * kHourMs);
        Schedule(arrives, Do::kReturnArrives, r.id);
    }
    // Renewals to come.
    for (const demo::Subscription& s : data.subscriptions) {
        if (s.status == "cancelled" || !s.renews_on) continue;
        PlanRenewal(s.id, *s.renews_on);
    }
}

// [SECTION] the clock

void Simulation::Schedule(std::int64_t at, Do what, std::int64_t a, std::int64_t b, std::string s) {
    if (at >= end_ms_) return;  // after the simulated days: never happens
    queue_.push({std::max(at, *now_), seq_++, what, a, b, std::move(s)});
}

//! `at`, or the next moment the customer is awake and about (08:00-22:00 their time), a little
//! after it starts.
std::int64_t Simulation::Daytime(std::int64_t at, const Person& p) {
    const int minute = proactive::LocalMinuteOfDay(p.zone, at);
    if (minute >= 8 * 60 && minute < 22 * 60) return at;
    const int wait = minute < 8 * 60 ? 8 * 60 - minute : 24 * 60 - minute + 8 * 60;
    return at + (wait + dice_.Range(0, 150)) * kMinuteMs;
}

void Simulation::StartDay(const Date& day) {
    const std::int64_t midnight = StartOf(day);
    for (std::int64_t id : people_order_) {
        const Person& p = people_[id];
        if (dice_.Chance(b_.order_per_customer_day)) {
            Schedule(Daytime(midnight + dice_.Range(0, 24 * 60 - 1) * kMinuteMs, p), Do::kOrder,
                     id);
        }
        if (dice_.Chance(b_.cart_abandoned_per_customer_day)) {
            Schedule(Daytime(midnight + dice_.Range(0, 24 * 60 - 1) * kMinuteMs, p), Do::kCartLeft,
                     id);
        }
    }
}

void Simulation::Execute(const Task& t) {
    const auto index = static_cast<std::size_t>(t.a);
    switch (t.what) {
        case Do::kOrder: {
            std::vector<Line> lines;
            if (!t.s.empty()) {  // an order that follows a click: "<variant id>|<rec>"
                const std::int64_t variant = std::stoll(t.s.substr(0, t.s.find('|')));
                const std::string rec = t.s.substr(t.s.find('|') + 1);
                for (const auto& [id, p] : products_) {
                    (void)id;
                    for (const Variant& v : p.variants)
                        if (v.id == variant) lines.push_back({&p, &v, rec});
                }
                if (lines.empty()) break;  // cannot happen: the variant was in stock
            }
            PlaceOrder(t.a, std::move(lines));
            break;
        }
        case Do::kShip:
            Ship(t.a);
            break;
        case Do::kCarrierLate:
            CarrierLate(index, static_cast<int>(t.b));
            break;
        case Do::kCarrierHeld:
            CarrierHeld(index);
            break;
        case Do::kDeliver:
            Deliver(index);
            break;
        case Do::kContact:
            Contact(index);
            break;
        case Do::kReply:
            Reply(index);
            break;
        case Do::kAgent:
            Agent(t.a, t.b);
            break;
        case Do::kRenewal:
            Renewal(t.a, t.s);
            break;
        case Do::kPaymentRetry:
            PaymentRetry(index, false);
            break;
        case Do::kPaymentLapse:
            PaymentRetry(index, true);
            break;
        case Do::kCancelLater:
            CancelSubscription(t.a, "after_offer");
            break;
        case Do::kReturnArrives:
            ReturnArrives(t.a);
            break;
        case Do::kRefundLands:
            problems_[index].settled = true;
            break;
        case Do::kCartLeft:
            LeaveCart(t.a);
            break;
        case Do::kCartDecides:
            CartDecides(index);
            break;
    }
}

Result<Report> Simulation::Run() {
    if (o_.days < 1 || o_.days > 366) {
        return Error::Make("seam.simulate.options", "--days: 1 to 366");
    }
    if (o_.customers < 1 || o_.customers > 1200) {
        return Error::Make("seam.simulate.options", "--customers: 1 to 1200 (the demo shop's)");
    }
    start_ms_ = StartOf(o_.start);
    end_ms_ = start_ms_ + o_.days * kDayMs;
    *now_ = start_ms_;
    WorkDir dir(o_.work_dir, o_.keep_dir);
    if (dir.path().empty()) {
        return Error::Make("seam.simulate.store",
                           o_.keep_dir.empty() ? "cannot make a temporary directory for the store"
                                               : o_.keep_dir + ": not a new or empty directory");
    }
    auto ready = SetUp(dir.path());
    if (!ready) return ready.error();

    for (std::int64_t hour = start_ms_; hour < end_ms_; hour += kHourMs) {
        *now_ = hour;
        if ((hour - start_ms_) % kDayMs == 0) StartDay(DayOf(hour));
        // Daily schedules whose hour has come, and messages held for the night that has ended.
        service_->RunProactiveDue();
        Poll();
        while (!queue_.empty() && queue_.top().at < hour + kHourMs) {
            const Task t = queue_.top();
            queue_.pop();
            *now_ = std::max(*now_, t.at);
            Execute(t);
        }
    }
    *now_ = end_ms_;
    service_->AwaitDurable();

    Report report;
    {
        auto guard = service_->lock();
        const std::vector<kpi::Event> events =
            api::LoadEvents(service_->db(), start_ms_ - kpi::kProactiveLookBackMs,
                            end_ms_ + kpi::kProactiveLookAheadMs);
        report.kpis = kpi::ComputeProactive(events, {start_ms_, end_ms_});
    }
    report.activity = Activity();
    service_.reset();  // commits and closes the store before its directory goes
    return report;
}

// [SECTION] the shop

Line Simulation::LineOf(const Product& p) {
    // Middle sizes sell most (the demo generator's weights): 2 at the ends, +2 a step inwards.
    std::int64_t top = 0;
    for (const Variant& v : p.variants)
        top = std::max(top, v.size_rank);
    std::vector<int> weights;
    for (const Variant& v : p.variants)
        weights.push_back(static_cast<int>(2 + 2 * std::min(v.size_rank, top - v.size_rank)));
    std::int64_t total = 0;
    for (int w : weights)
        total += w;
    std::int64_t r = dice_.Range(0, total - 1);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (r < weights[i]) return {&p, &p.variants[i], ""};
        r -= weights[i];
    }
    return {&p, &p.variants.back(), ""};
}

std::string Simulation::NextInvoiceNumber() {
    return "INV-" + std::to_string(DayOf(*now_).year) + "-" + std::to_string(next_invoice_++);
}

void Simulation::PlaceOrder(std::int64_t customer, std::vector<Line> lines) {
    const Person& p = people_[customer];
    if (lines.empty()) {
        const int count = std::stoi(dice_.Pick(b_.lines_per_order));
        std::set<std::int64_t> chosen;
        for (int tries = 0; static_cast<int>(lines.size()) < count && tries < 20; ++tries) {
            const Product* product = dice_.Of(catalogue_);
            if (!chosen.insert(product->id).second) continue;
            lines.push_back(LineOf(*product));
        }
    }
    std::int64_t subtotal = 0;
    for (const Line& l : lines)
        subtotal += l.product->price_cents;
    const std::int64_t shipping = ShippingCents(p.country, subtotal);
    const std::string number = "LW-" + std::to_string(next_order_number_++);
    const std::string today = FormatIsoDate(DayOf(*now_));
    std::int64_t order_id = 0;
    json skus = json::array();
    for (const Line& l : lines) {
        // The product's and the size's: a recommendation names one or the other.
        skus.push_back(l.product->sku);
        skus.push_back(l.variant->sku);
    }
    service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
        auto& o = db.Cached(
            "INSERT INTO orders(number, customer_id, placed_on, status, currency, subtotal_cents, "
            "shipping_cents, total_cents, ship_line1, ship_line2, ship_city, ship_region, "
            "ship_postal_code, ship_country, payment_method) VALUES (?, ?, ?, 'processing', ?, ?, "
            "?, ?, ?, NULLIF(?, ''), ?, NULLIF(?, ''), ?, ?, 'visa')");
        o.Bind(1, number)
            .Bind(2, customer)
            .Bind(3, today)
            .Bind(4, p.currency)
            .Bind(5, subtotal)
            .Bind(6, shipping)
            .Bind(7, subtotal + shipping)
            .Bind(8, p.ship_line1)
            .Bind(9, p.ship_line2)
            .Bind(10, p.ship_city)
            .Bind(11, p.ship_region)
            .Bind(12, p.ship_postal)
            .Bind(13, p.country);
        auto ran = o.Run();
        if (!ran) return ran.error();
        order_id = db.LastInsertId();
        for (const Line& l : lines) {
            auto& i = db.Cached(
                "INSERT INTO order_items(order_id, product_id, quantity, unit_price_cents, "
                "final_sale, variant_id, recommendation_id) VALUES (?, ?, 1, ?, ?, ?, NULLIF(?, "
                "''))");
            i.Bind(1, order_id)
                .Bind(2, l.product->id)
                .Bind(3, l.product->price_cents)
                .Bind(4, l.product->final_sale ? 1 : 0)
                .Bind(5, l.variant->id)
                .Bind(6, l.rec);
            auto item = i.Run();
            if (!item) return item.error();
        }
        auto& ltv = db.Cached(
            "UPDATE customers SET lifetime_value_cents = lifetime_value_cents + ? WHERE id = ?");
        return ltv.Bind(1, subtotal + shipping).Bind(2, customer).Run();
    });
    Count(customer, "orders");
    Ingest("order.created", number, p.external_id,
           {{"order", number},
            {"total_cents", subtotal + shipping},
            {"currency", p.currency},
            {"skus", skus}});
    if (dice_.Chance(b_.order_cancelled)) {
        service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
            auto& c = db.Cached("UPDATE orders SET status = 'cancelled' WHERE id = ?");
            return c.Bind(1, order_id).Run();
        });
        return;
    }
    const Date day = DayOf(*now_);
    const bool same_day =
        !IsWeekend(day) && *now_ < StartOf(day) + 16 * kHourMs && dice_.Chance(b_.ships_same_day);
    const Date ships = same_day ? day : NextWeekday(AddDays(day, 1));
    Schedule(StartOf(ships) + 16 * kHourMs + dice_.Range(0, 120) * kMinuteMs, Do::kShip, order_id);
}

void Simulation::Ship(std::int64_t order_id) {
    std::string number, country, status;
    std::int64_t customer = 0;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT number, ship_country, status, customer_id FROM orders WHERE id = ?");
        q.Bind(1, order_id);
        if (q.Next()) {
            number = q.Text(0);
            country = q.Text(1);
            status = q.Text(2);
            customer = q.Int(3);
        }
        q.Reset();
    }
    if (status != "processing") return;  // cancelled meanwhile
    // The carrier and the promised day (the demo generator's rules).
    std::string carrier;
    int transit = 0;
    if (country == "US") {
        carrier = dice_.Chance(0.55) ? "UPS" : "USPS";
        transit = static_cast<int>(dice_.Range(3, 6));
    } else {
        carrier = country == "CA" ? "Canada Post" : "DHL";
        transit = static_cast<int>(country == "GB" ? dice_.Range(5, 8) : dice_.Range(5, 12));
    }
    const Date today = DayOf(*now_);
    const Date expected = AddBusinessDays(today, transit);
    const std::string tracking = "SIM" + std::to_string(1000000 + next_tracking_++);
    std::int64_t shipment_id = 0;
    service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
        auto& s = db.Cached(
            "INSERT INTO shipments(order_id, carrier, tracking_number, tracking_url, shipped_on, "
            "expected_on, status) VALUES (?, ?, ?, ?, ?, ?, 'in_transit')");
        s.Bind(1, order_id)
            .Bind(2, carrier)
            .Bind(3, tracking)
            .Bind(4, "https://larchwood.example/track/" + tracking)
            .Bind(5, FormatIsoDate(today))
            .Bind(6, FormatIsoDate(expected));
        auto ran = s.Run();
        if (!ran) return ran.error();
        shipment_id = db.LastInsertId();
        auto& o = db.Cached("UPDATE orders SET status = 'shipped' WHERE id = ?");
        auto up = o.Bind(1, order_id).Run();
        if (!up) return up.error();
        auto& inv = db.Cached(
            "INSERT INTO invoices(number, customer_id, order_id, shipment_id, issued_on, currency, "
            "amount_cents, descriptor) SELECT ?, customer_id, id, CAST(? AS BIGINT), ?, currency, "
            "total_cents, "
            "'LARCHWOOD*OUTFITTERS' FROM orders WHERE id = ?");
        return inv.Bind(1, NextInvoiceNumber())
            .Bind(2, shipment_id)
            .Bind(3, FormatIsoDate(today))
            .Bind(4, order_id)
            .Run();
    });
    const std::size_t at = parcels_.size();
    parcels_.push_back({order_id, customer, shipment_id, number, country, expected, false});
    Ingest("order.shipped", number, "", {{"order", number}});
    const auto index = static_cast<std::int64_t>(at);
    if (dice_.Chance(b_.parcel_late)) {
        Schedule(StartOf(expected) + 7 * kHourMs, Do::kCarrierLate, index,
                 dice_.WholeIn(b_.late_business_days));
    } else if (dice_.Chance(b_.parcel_exception)) {
        Schedule(StartOf(expected) + (14 + dice_.Range(0, 4)) * kHourMs, Do::kCarrierHeld, index);
    } else {
        Schedule(StartOf(expected) + (10 + dice_.Range(0, 8)) * kHourMs, Do::kDeliver, index);
        if (dice_.Chance(b_.wismo_question)) {
            // Somewhere on its way, the customer asks where it is.
            Problem p;
            p.kind = "wismo";
            p.customer = customer;
            p.order = number;
            const std::int64_t span = std::max<std::int64_t>(StartOf(expected) - *now_, kHourMs);
            AddProblem(std::move(p), *now_ + dice_.Range(0, span / kMinuteMs) * kMinuteMs, true);
        }
    }
}

void Simulation::CarrierLate(std::size_t index, int days) {
    Parcel& parcel = parcels_[index];
    if (parcel.delivered) return;
    const Date today = DayOf(*now_);
    const Date from = parcel.expected < today ? today : parcel.expected;
    const Date later = AddBusinessDays(from, std::max(days, 1));
    Count(parcel.customer, "parcels_late");
    Problem p;
    p.kind = "late_parcel";
    p.customer = parcel.customer;
    p.order = parcel.number;
    p.key = "parcel_delayed:" + parcel.number;
    AddProblem(std::move(p), *now_, false);
    // The shop tells Seam first, then records the carrier's new day (the trigger measures the
    // delay from the day that was promised).
    Ingest("order.delayed", parcel.number, "",
           {{"order", parcel.number},
            {"new_expected_on", FormatIsoDate(later)},
            {"reason", "carrier_delay"}});
    service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
        auto& s = db.Cached("UPDATE shipments SET expected_on = ? WHERE id = ?");
        return s.Bind(1, FormatIsoDate(later)).Bind(2, parcel.shipment_id).Run();
    });
    parcel.expected = later;
    Schedule(StartOf(later) + (10 + dice_.Range(0, 8)) * kHourMs, Do::kDeliver,
             static_cast<std::int64_t>(index));
}

void Simulation::CarrierHeld(std::size_t index) {
    Parcel& parcel = parcels_[index];
    if (parcel.delivered) return;
    Count(parcel.customer, "delivery_exceptions");
    service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
        auto& s = db.Cached("UPDATE shipments SET status = 'held' WHERE id = ?");
        return s.Bind(1, parcel.shipment_id).Run();
    });
    Problem p;
    p.kind = "delivery_exception";
    p.customer = parcel.customer;
    p.order = parcel.number;
    p.key = "delivery_exception:" + parcel.number;
    AddProblem(std::move(p), *now_, false);
    Ingest("order.delivery_exception", parcel.number, "",
           {{"order", parcel.number}, {"exception", "held_at_depot"}});
    const Date on = AddBusinessDays(DayOf(*now_), dice_.WholeIn(b_.exception_business_days));
    Schedule(StartOf(on) + (10 + dice_.Range(0, 8)) * kHourMs, Do::kDeliver,
             static_cast<std::int64_t>(index));
}

void Simulation::Deliver(std::size_t index) {
    Parcel& parcel = parcels_[index];
    if (parcel.delivered) return;
    // A rescheduled delivery (the customer picked another day) waits for that day.
    std::string expected, status;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT expected_on, status, delivered_on IS NOT NULL FROM shipments WHERE id = ?");
        q.Bind(1, parcel.shipment_id);
        if (q.Next()) {
            expected = q.Text(0);
            status = q.Text(1);
            parcel.delivered = q.Int(2) != 0;
        }
        q.Reset();
    }
    if (parcel.delivered) return;
    const Date today = DayOf(*now_);
    if (auto moved = ParseIsoDate(expected); moved && today < *moved && status != "held") {
        parcel.expected = *moved;
        Schedule(StartOf(*moved) + (10 + dice_.Range(0, 8)) * kHourMs, Do::kDeliver,
                 static_cast<std::int64_t>(index));
        return;
    }
    parcel.delivered = true;
    service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
        auto& s =
            db.Cached("UPDATE shipments SET status = 'delivered', delivered_on = ? WHERE id = ?");
        auto ran = s.Bind(1, FormatIsoDate(today)).Bind(2, parcel.shipment_id).Run();
        if (!ran) return ran.error();
        auto& o = db.Cached("UPDATE orders SET status = 'delivered' WHERE id = ?");
        return o.Bind(1, parcel.order_id).Run();
    });
    for (Problem& p : problems_) {
        if (p.order == parcel.number &&
            (p.kind == "late_parcel" || p.kind == "delivery_exception" || p.kind == "wismo")) {
            p.settled = true;
        }
    }
    Ingest("order.delivered", parcel.number, "", {{"order", parcel.number}});
    // What the parcel brings: something damaged, or something that has to go back.
    const std::string review = "review_request:" + parcel.number;
    if (dice_.Chance(b_.damaged_on_arrival)) {
        Problem p;
        p.kind = "damaged";
        p.customer = parcel.customer;
        p.order = parcel.number;
        p.key = review;
        AddProblem(std::move(p), *now_, false);
    } else if (dice_.Chance(b_.return_wanted)) {
        Problem p;
        p.kind = "return_wanted";
        p.customer = parcel.customer;
        p.order = parcel.number;
        p.reason = dice_.Pick(b_.return_reasons);
        p.key = review;
        const bool talks = dice_.Chance(b_.return_in_conversation);
        const std::size_t at = AddProblem(std::move(p), *now_, false);
        if (!talks) problems_[at].draw = 2;  // never a contact: the returns page
    }
}

void Simulation::LeaveCart(std::int64_t customer) {
    if (sized_.empty()) return;
    const Person& p = people_[customer];
    Cart cart;
    cart.customer = customer;
    const int count = dice_.Chance(0.7) ? 1 : 2;
    std::set<std::int64_t> chosen;
    for (int tries = 0; static_cast<int>(cart.lines.size()) < count && tries < 10; ++tries) {
        const Product* product = dice_.Of(sized_);
        if (chosen.insert(product->id).second) cart.lines.push_back(LineOf(*product));
    }
    cart.draw = dice_.Unit();
    json items = json::array();
    std::int64_t value = 0;
    for (const Line& l : cart.lines) {
        items.push_back(
            {{"sku", l.variant->sku}, {"name", l.product->name}, {"size", l.variant->size}});
        value += l.product->price_cents;
    }
    const std::size_t at = carts_.size();
    carts_.push_back(std::move(cart));
    Count(customer, "carts_left");
    Ingest("cart.abandoned", p.external_id + "-" + std::to_string(at), p.external_id,
           {{"items", items}, {"value_cents", value}, {"minutes_idle", 45}});
    Schedule(*now_ + 3 * kDayMs, Do::kCartDecides, static_cast<std::int64_t>(at));
}

void Simulation::CartDecides(std::size_t index) {
    Cart& cart = carts_[index];
    if (cart.bought || cart.draw >= b_.cart_bought_anyway) return;
    cart.bought = true;
    PlaceOrder(cart.customer, cart.lines);
}

void Simulation::PlanRenewal(std::int64_t subscription, const std::string& on) {
    auto day = ParseIsoDate(on);
    if (!day) return;
    std::int64_t customer = 0;
    std::string plan, status;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT customer_id, plan, status FROM subscriptions WHERE id = ?");
        q.Bind(1, subscription);
        if (q.Next()) {
            customer = q.Int(0);
            plan = q.Text(1);
            status = q.Text(2);
        }
        q.Reset();
    }
    const std::int64_t at = StartOf(*day) + 6 * kHourMs;
    Schedule(at, Do::kRenewal, subscription, 0, on);
    // Someone who wants out before this renewal (a paused one resumes first: no wish yet).
    if (status == "active" && at < end_ms_ && dice_.Chance(b_.cancel_wish)) {
        Problem p;
        p.kind = "cancel_wish";
        p.customer = customer;
        p.plan = plan;
        p.subscription = subscription;
        p.key = "renewal_reminder:" + on;  // the reminder three days before
        const std::int64_t ahead = dice_.Range(1, 6) * kDayMs;
        AddProblem(std::move(p), std::max(*now_, at - ahead), true);
    }
}

void Simulation::Renewal(std::int64_t subscription, const std::string& planned) {
    std::string status, renews_on, paused_until, plan;
    std::int64_t customer = 0;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT status, COALESCE(renews_on, ''), COALESCE(paused_until, ''), plan, "
            "customer_id FROM subscriptions WHERE id = ?");
        q.Bind(1, subscription);
        if (q.Next()) {
            status = q.Text(0);
            renews_on = q.Text(1);
            paused_until = q.Text(2);
            plan = q.Text(3);
            customer = q.Int(4);
        }
        q.Reset();
    }
    if (status.empty() || status == "cancelled") return;
    if (!renews_on.empty() && renews_on > planned) {  // moved by a pause or a plan change
        PlanRenewal(subscription, renews_on);
        return;
    }
    // Someone who wanted out and was never helped cancels on the account page now.
    for (std::size_t i = 0; i < problems_.size(); ++i) {
        Problem& p = problems_[i];
        if (p.kind == "cancel_wish" && p.subscription == subscription && !p.settled) {
            p.settled = true;
            CancelSubscription(subscription, "self_service");
            return;
        }
    }
    if (status == "paused") {
        service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
            auto& u = db.Cached(
                "UPDATE subscriptions SET status = 'active', paused_until = NULL WHERE id = ?");
            return u.Bind(1, subscription).Run();
        });
    }
    if (dice_.Chance(b_.payment_fails)) {
        Count(customer, "payments_failed");
        Problem p;
        p.kind = "payment_failed";
        p.customer = customer;
        p.plan = plan;
        p.subscription = subscription;
        p.key = "subscription_payment_failed:" + plan;
        const std::size_t at = AddProblem(std::move(p), *now_, false);
        Ingest("payment.failed", std::to_string(subscription) + "-" + planned,
               people_[customer].external_id,
               {{"subscription", plan}, {"reason", "card_declined"}});
        Schedule(*now_ + 3 * kDayMs, Do::kPaymentRetry, static_cast<std::int64_t>(at));
        return;
    }
    Charge(subscription);
}

//! A renewal paid: the invoice, and the next renewal (a month, every other month, or a year).
void Simulation::Charge(std::int64_t subscription) {
    std::string next;
    service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
        auto& q = db.Cached(
            "SELECT COALESCE(renews_on, ''), plan, every_months FROM subscriptions WHERE id = ?");
        q.Bind(1, subscription);
        std::string on, plan;
        std::int64_t every = 1;
        if (q.Next()) {
            on = q.Text(0);
            plan = q.Text(1);
            every = std::max<std::int64_t>(1, q.Int(2));
        }
        q.Reset();
        auto day = ParseIsoDate(on);
        if (!day) return true;
        next = FormatIsoDate(AddMonths(*day, plan == "plus" ? 12 : static_cast<int>(every)));
        auto& inv = db.Cached(
            "INSERT INTO invoices(number, customer_id, subscription_id, issued_on, currency, "
            "amount_cents, descriptor) SELECT ?, customer_id, id, ?, currency, price_cents, "
            "CASE plan WHEN 'plus' THEN 'LARCHWOOD*PLUS' ELSE 'LARCHWOOD*COFFEE CLUB' END FROM "
            "subscriptions WHERE id = ?");
        auto billed = inv.Bind(1, NextInvoiceNumber())
                          .Bind(2, FormatIsoDate(DayOf(*now_)))
                          .Bind(3, subscription)
                          .Run();
        if (!billed) return billed.error();
        auto& u = db.Cached("UPDATE subscriptions SET renews_on = ? WHERE id = ?");
        return u.Bind(1, next).Bind(2, subscription).Run();
    });
    if (!next.empty()) PlanRenewal(subscription, next);
}

void Simulation::PaymentRetry(std::size_t index, bool last) {
    Problem& p = problems_[index];
    std::string status;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached("SELECT status FROM subscriptions WHERE id = ?");
        q.Bind(1, p.subscription);
        if (q.Next()) status = q.Text(0);
        q.Reset();
    }
    if (status != "active") {  // paused or cancelled in a conversation meanwhile
        p.settled = true;
        if (status == "paused") {  // the pause moved the renewal: charge it when it comes
            std::string on;
            auto guard = service_->lock();
            auto& q = service_->db().Cached(
                "SELECT COALESCE(renews_on, '') FROM subscriptions "
                "WHERE id = ?");
            q.Bind(1, p.subscription);
            if (q.Next()) on = q.Text(0);
            q.Reset();
            guard.unlock();
            if (!on.empty()) PlanRenewal(p.subscription, on);
        }
        return;
    }
    if (p.fixed_card || (!last && dice_.Chance(b_.payment_retry_succeeds))) {
        p.settled = true;
        Charge(p.subscription);
        return;
    }
    if (!last) {
        Schedule(*now_ + 4 * kDayMs, Do::kPaymentLapse, static_cast<std::int64_t>(index));
        return;
    }
    p.settled = true;
    CancelSubscription(p.subscription, "payment_failed");  // involuntary churn
}

//! The subscription ends (if it has not), and the shop says so: subscription.cancelled.
void Simulation::CancelSubscription(std::int64_t subscription, const char* why) {
    if (announced_cancels_.count(subscription)) return;
    std::string plan, status;
    std::int64_t customer = 0;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT plan, status, customer_id FROM subscriptions WHERE id = ?");
        q.Bind(1, subscription);
        if (q.Next()) {
            plan = q.Text(0);
            status = q.Text(1);
            customer = q.Int(2);
        }
        q.Reset();
    }
    if (plan.empty()) return;
    if (status != "cancelled") {
        service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
            auto& u = db.Cached(
                "UPDATE subscriptions SET status = 'cancelled', cancelled_on = ?, renews_on = "
                "NULL WHERE id = ?");
            return u.Bind(1, FormatIsoDate(DayOf(*now_))).Bind(2, subscription).Run();
        });
    }
    announced_cancels_.insert(subscription);
    Count(customer, "subscriptions_cancelled");
    Ingest("subscription.cancelled", std::to_string(subscription), people_[customer].external_id,
           {{"subscription", plan}, {"reason", why}});
}

void Simulation::ReturnArrives(std::int64_t return_id) {
    std::string number, order, status;
    std::int64_t order_id = 0, customer = 0, fee = 0;
    bool refunded = false;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT r.number, o.number, r.status, o.id, o.customer_id, r.label_fee_cents, "
            "EXISTS(SELECT 1 FROM refunds f WHERE f.order_id = o.id) FROM returns r JOIN orders o "
            "ON o.id = r.order_id WHERE r.id = ?");
        q.Bind(1, return_id);
        if (q.Next()) {
            number = q.Text(0);
            order = q.Text(1);
            status = q.Text(2);
            order_id = q.Int(3);
            customer = q.Int(4);
            fee = q.Int(5);
            refunded = q.Int(6) != 0;
        }
        q.Reset();
    }
    if (number.empty() || status != "label_issued") return;
    // The warehouse has it; the refund is issued now (unless a conversation issued it already).
    service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
        auto& u = db.Cached("UPDATE returns SET status = 'received', received_on = ? WHERE id = ?");
        auto ran = u.Bind(1, FormatIsoDate(DayOf(*now_))).Bind(2, return_id).Run();
        if (!ran || refunded) return ran;
        auto& f = db.Cached(
            "INSERT INTO refunds(order_id, created_at, method, currency, amount_cents, status) "
            "SELECT o.id, ?, 'original_payment', o.currency, MAX(0, COALESCE((SELECT "
            "SUM(unit_price_cents * quantity) FROM order_items WHERE order_id = o.id AND "
            "final_sale = 0), 0) - ?), 'issued' FROM orders o WHERE o.id = ?");
        return f.Bind(1, *now_).Bind(2, fee).Bind(3, order_id).Run();
    });
    Count(customer, "returns_received");
    Problem p;
    p.kind = "refund_wait";
    p.customer = customer;
    p.order = order;
    p.rma = number;
    p.key = "refund_status_after_return:" + number;
    const std::size_t at = AddProblem(std::move(p), *now_, false);
    Ingest("return.received", number, "", {{"return", number}});
    Schedule(*now_ + static_cast<std::int64_t>(dice_.In(b_.refund_after_receipt_days) * kDayMs),
             Do::kRefundLands, static_cast<std::int64_t>(at));
}

//! A return made on the returns page (no conversation): the label now, the parcel later.
void Simulation::PortalReturn(std::size_t index) {
    const Problem p = problems_[index];
    std::int64_t return_id = 0;
    service_->WriteInBatch([&](store::Db& db) -> Result<bool> {
        auto& q = db.Cached(
            "SELECT o.id, o.number FROM orders o WHERE o.number = ? AND NOT EXISTS (SELECT 1 FROM "
            "returns r WHERE r.order_id = o.id)");
        q.Bind(1, p.order);
        std::int64_t order_id = 0;
        std::string number;
        if (q.Next()) {
            order_id = q.Int(0);
            number = q.Text(1);
        }
        q.Reset();
        if (!order_id) return true;
        const bool free_label = p.reason == "defective" || p.reason == "wrong_item";
        auto& r = db.Cached(
            "INSERT INTO returns(number, order_id, created_at, reason, status, label_fee_cents, "
            "label) VALUES (?, ?, ?, ?, 'label_issued', ?, '{}')");
        auto ran = r.Bind(1, "RMA-" + number.substr(3) + "-1")
                       .Bind(2, order_id)
                       .Bind(3, *now_)
                       .Bind(4, p.reason)
                       .Bind(5, free_label ? 0 : 595)
                       .Run();
        if (!ran) return ran.error();
        return_id = db.LastInsertId();
        return true;
    });
    if (!return_id) return;
    tracked_returns_.insert(return_id);
    Count(p.customer, "returns_on_the_returns_page");
    Schedule(*now_ + static_cast<std::int64_t>(dice_.In(b_.return_transit_days) * kDayMs),
             Do::kReturnArrives, return_id);
}

// [SECTION] decisions

void Simulation::Ingest(const std::string& type, const std::string& object,
                        const std::string& customer, json data) {
    proactive_facts::BusinessEvent e;
    e.id = "sim-" + type + "-" + object;
    e.type = type;
    e.at = *now_;
    e.customer = customer;
    e.data = std::move(data);
    service_->IngestEvent(e, "sim");
    Poll();
}

//! A problem begins: the contact draw now, and (when it may become one) the contact's time.
std::size_t Simulation::AddProblem(Problem p, std::int64_t from, bool contact_now) {
    const std::size_t at = problems_.size();
    p.draw = dice_.Unit();
    if (!p.key.empty()) {
        problems_by_key_[std::to_string(p.customer) + "|" + p.key].push_back(at);
    }
    const Person& who = people_[p.customer];
    const std::int64_t when =
        contact_now ? from
                    : from + static_cast<std::int64_t>(dice_.In(b_.contact_delay_hours) * kHourMs);
    problems_.push_back(std::move(p));
    Schedule(Daytime(when, who), Do::kContact, static_cast<std::int64_t>(at));
    return at;
}

//! The decisions the service made since the last look (sent, held back), in its own order.
void Simulation::Poll() {
    struct Row {
        std::int64_t id = 0, customer = 0, at = 0;
        std::string trigger, object, reason, case_id, replies;
        bool sent = false;
    };
    std::vector<Row> rows;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT id, customer_id, trigger_id, object_key, sent, reason, COALESCE(case_id, ''), "
            "COALESCE(replies, '[]'), decided_at FROM proactive_messages WHERE id > ? ORDER BY id");
        q.Bind(1, seen_decision_);
        while (q.Next()) {
            rows.push_back({q.Int(0), q.Int(1), q.Int(8), q.Text(2), q.Text(3), q.Text(5),
                            q.Text(6), q.Text(7), q.Int(4) != 0});
        }
        q.Reset();
    }
    for (const Row& r : rows) {
        seen_decision_ = r.id;
        if (!r.sent) continue;
        Count(r.customer, "messages_sent");
        Message m;
        m.case_id = r.case_id;
        m.trigger = r.trigger;
        m.object = r.object.substr(r.object.find(':') + 1);
        m.customer = r.customer;
        m.replies = json::parse(r.replies, nullptr, false);
        if (!m.replies.is_array()) m.replies = json::array();
        bool cancel_wish = false;
        auto it = problems_by_key_.find(std::to_string(r.customer) + "|" + r.object);
        if (it != problems_by_key_.end()) {
            for (std::size_t i : it->second) {
                Problem& p = problems_[i];
                if (p.settled || p.messaged) continue;
                // A review request asks how the order went; it tells a customer with a damaged
                // or unwanted item nothing they did not know, so it changes nothing about
                // contacting us unless they take it up in its conversation.
                p.messaged = p.kind != "damaged" && p.kind != "return_wanted";
                m.problems.push_back(i);
                cancel_wish = cancel_wish || p.kind == "cancel_wish";
            }
        }
        auto found = b_.reply.find(r.trigger);
        double chance = found == b_.reply.end() ? 0 : found->second;
        if (cancel_wish) chance = b_.reply_renewal_with_cancel_wish;
        const std::size_t index = messages_.size();
        messages_.push_back(std::move(m));
        if (dice_.Chance(chance)) {
            const std::int64_t when =
                r.at + static_cast<std::int64_t>(dice_.In(b_.reply_delay_hours) * kHourMs);
            Schedule(Daytime(when, people_[r.customer]), Do::kReply,
                     static_cast<std::int64_t>(index));
        }
    }
}

// [SECTION] customers

//! Whether the problem is still there to contact about.
bool Simulation::StillThere(const Problem& p) {
    if (p.settled) return false;
    if (p.kind == "return_wanted" || p.kind == "damaged") {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT EXISTS(SELECT 1 FROM returns r JOIN orders o ON o.id = r.order_id WHERE "
            "o.number = ?) OR EXISTS(SELECT 1 FROM refunds f JOIN orders o ON o.id = f.order_id "
            "WHERE o.number = ?)");
        q.Bind(1, p.order).Bind(2, p.order);
        const bool handled = q.Next() && q.Int(0) != 0;
        q.Reset();
        return !handled;
    }
    if (p.kind == "cancel_wish" || p.kind == "payment_failed") {
        auto guard = service_->lock();
        auto& q = service_->db().Cached("SELECT status FROM subscriptions WHERE id = ?");
        q.Bind(1, p.subscription);
        const bool active = q.Next() && q.Text(0) == "active";
        q.Reset();
        return active;
    }
    return true;
}

void Simulation::Contact(std::size_t index) {
    Problem& p = problems_[index];
    double chance = b_.contact.at(p.kind);
    if (p.answered) {
        chance *= b_.contact_after_resolved_message;
    } else if (p.messaged) {
        chance *= b_.contact_after_unanswered_message;
    }
    const bool there = StillThere(p);
    if (!there || p.draw >= chance) {
        if (there && p.kind == "return_wanted") PortalReturn(index);
        return;
    }
    const Person& who = people_[p.customer];
    Talk talk;
    talk.customer = p.customer;
    talk.problem = index;
    talk.order = p.order;
    talk.plan = p.plan;
    talk.reason = p.reason == "" && p.kind == "damaged" ? "defective" : p.reason;
    talk.cancel_wish = p.kind == "cancel_wish";
    talk.unhappy = p.kind == "damaged" || p.kind == "return_wanted";
    talk.why = "contact " + p.kind;
    const std::string intent = dice_.Pick(b_.contact_intents.at(p.kind));
    const bool signed_in = dice_.Chance(b_.signed_in);
    auto opened = service_->OpenCase("widget", who.locale, who.id, signed_in);
    if (!opened) return;
    Count(p.customer, "contacts");
    Count(p.customer, "contacts_" + p.kind);
    service::Input first;
    first.text = Words(intent, who, p.order);
    Converse(opened->id, first, talk);
}

void Simulation::Reply(std::size_t index) {
    const Message& m = messages_[index];
    // A message about something that has gone meanwhile (the late parcel came) is left
    // unanswered: there is nothing to ask any more.
    if (!m.problems.empty() && std::all_of(m.problems.begin(), m.problems.end(),
                                           [&](std::size_t i) { return problems_[i].settled; })) {
        return;
    }
    Talk talk;
    talk.customer = m.customer;
    talk.from_message = true;
    talk.why = "reply " + m.trigger;
    for (std::size_t i : m.problems) {
        const Problem& p = problems_[i];
        talk.problem = i;
        talk.order = p.order;
        talk.plan = p.plan;
        talk.reason = p.reason;
        talk.cancel_wish = talk.cancel_wish || p.kind == "cancel_wish";
        talk.unhappy = talk.unhappy || p.kind == "damaged" || p.kind == "return_wanted";
        if (p.kind == "damaged" && talk.reason.empty()) talk.reason = "defective";
    }
    if (talk.order.empty() && m.object.rfind("LW-", 0) == 0) talk.order = m.object;
    if (m.trigger == "subscription_payment_failed" || m.trigger == "renewal_reminder") {
        if (talk.plan.empty()) {
            auto guard = service_->lock();
            auto& q = service_->db().Cached(
                "SELECT plan FROM subscriptions WHERE customer_id = ? AND (renews_on = ? OR plan "
                "= ?) ORDER BY id DESC LIMIT 1");
            q.Bind(1, m.customer).Bind(2, m.object).Bind(3, m.object);
            if (q.Next()) talk.plan = q.Text(0);
            q.Reset();
        }
    }
    if (m.trigger == "abandoned_cart_size") {
        for (std::size_t c = carts_.size(); c-- > 0;) {
            if (carts_[c].customer == m.customer && !carts_[c].lines.empty()) {
                talk.cart = c;
                talk.product = carts_[c].lines.front().product->name;
                talk.size = carts_[c].lines.front().variant->size;
                break;
            }
        }
    }
    auto c = service_->GetCase(m.case_id);
    if (!c || c->status != "open") return;
    service_->ProactiveSeen(m.case_id);
    Count(m.customer, "messages_answered");
    auto first = Answer(c->state, m.replies, talk);
    if (!first) return;
    Converse(m.case_id, *first, talk);
}

// [SECTION] conversations

//! A sentence a customer writes for `intent`: one of the intent model's examples in their
//! language, with any order number in it made theirs.
std::string Simulation::Words(const std::string& intent, const Person& p,
                              const std::string& order) {
    const auto& examples = words_[p.locale][intent];
    if (examples.empty()) return intent;
    return WithOrder(dice_.Of(examples), order);
}

//! The customer's turns on `case_id` from `first` on, until the flow ends, a person takes it,
//! the customer leaves, or max_turns.
void Simulation::Converse(const std::string& case_id, service::Input first, Talk& talk) {
    service::Input in = std::move(first);
    in.with_state = true;
    std::string status = "open";
    bool rephrased = false;
    const std::int64_t number = ++conversations_;
    Count(talk.customer, "conversations");
    for (int turn = 0; turn < b_.max_turns; ++turn) {
        auto r = service_->Turn(case_id, in);
        if (!r) {
            // Not the customer's doing: counted, and in the trace, so that it gets looked at.
            Count(talk.customer, "turn_errors");
            if (o_.trace) {
                o_.trace(json({{"n", number}, {"at", *now_}, {"error", r.error().message}}).dump());
            }
            break;
        }
        Count(talk.customer, "turns");
        status = json_read::StringOr(*r, "status");
        if (o_.trace) {
            json line = {{"n", number},
                         {"at", *now_},
                         {"customer", people_[talk.customer].external_id},
                         {"why", talk.why}};
            if (in.choice.empty()) {
                line["said"] = in.text;
            } else {
                line["chose"] = in.choice;
            }
            json bot = json::array();
            if (const json* said = json_read::Find(*r, "messages"); said && said->is_array()) {
                for (const json& m : *said)
                    bot.push_back(json_read::StringOr(m, "text"));
            }
            line["bot"] = bot;
            line["status"] = status;
            o_.trace(line.dump());
        }
        const json* effects = json_read::Find(*r, "effects");
        json options = json::array();
        bool over = status != "open";
        if (effects && effects->is_array()) {
            for (const json& e : *effects) {
                const std::string type = json_read::StringOr(e, "type");
                if (type == "end" || type == "handoff") over = true;
                if (type == "replies") {
                    const json* o = json_read::Find(e, "options");
                    if (o && o->is_array()) options = *o;
                }
            }
        }
        if (over) break;
        const json* state = json_read::Find(*r, "state");
        if (!state || !state->is_object()) break;
        if (json_read::StringOr(*state, "flow").empty()) {
            // Not understood (no flow runs): the customer says it another way, once.
            if (rephrased || talk.from_message || !talk.problem) break;
            rephrased = true;
            const Problem& p = problems_[*talk.problem];
            const std::string intent = dice_.Pick(b_.contact_intents.at(p.kind));
            in = service::Input{};
            in.text = Words(intent, people_[talk.customer], p.order);
            in.with_state = true;
            continue;
        }
        if (dice_.Chance(b_.leaves_midway)) {
            Count(talk.customer, "left_midway");
            if (o_.trace) o_.trace(json({{"n", number}, {"at", *now_}, {"left", true}}).dump());
            break;
        }
        auto next = Answer(*state, options, talk);
        if (!next) {
            Count(talk.customer, "no_answer");
            if (o_.trace) {
                o_.trace(json({{"n", number},
                               {"at", *now_},
                               {"no_answer",
                                {{"flow", json_read::StringOr(*state, "flow")},
                                 {"step", json_read::StringOr(*state, "step")}}}})
                             .dump());
            }
            break;
        }
        in = *next;
        in.with_state = true;
    }
    Afterwards(case_id, status, talk);
}

//! What the customer answers to the step `state` waits on (offered `options`), or nothing.
std::optional<service::Input> Simulation::Answer(const json& state, const json& options,
                                                 Talk& talk) {
    // The state as the service answered it: read by total readers all the same.
    const std::string flow_id = json_read::StringOr(state, "flow");
    const std::string step_id = json_read::StringOr(state, "step");
    if (flow_id.empty() || step_id.empty()) return std::nullopt;
    const flow::Flow* f = service_->assistant()->engine().FindFlow(flow_id);
    if (!f) return std::nullopt;
    const flow::Step* step = f->Find(step_id);
    if (!step) return std::nullopt;
    const Person& who = people_[talk.customer];
    const bool es = who.locale == "es";
    service::Input in;
    std::vector<std::string> values;
    if (options.is_array()) {
        for (const json& o : options) {
            const std::string v = json_read::StringOr(o, "value");
            if (!v.empty()) values.push_back(v);
        }
    }
    if (values.empty() && step->kind == flow::StepKind::kChoice) {
        for (const flow::ChoiceOption& o : step->options)
            values.push_back(o.value);
    }
    if (step->kind == flow::StepKind::kCsat) {
        in.choice = dice_.Pick(b_.csat);
        return in;
    }
    if (step->kind == flow::StepKind::kChoice) {
        in.choice = Choose(*f, *step, values, talk);
        if (in.choice.empty()) return std::nullopt;
        talk.chosen[f->id + "." + step->slot] = in.choice;
        return in;
    }
    if (step->kind != flow::StepKind::kAsk) return std::nullopt;
    const auto spec = f->slots.find(step->slot);
    const std::string type = spec == f->slots.end() ? "" : spec->second.type;
    if (type == "order_number") {
        std::string order = talk.order;
        if (order.empty()) {
            auto guard = service_->lock();
            auto& q = service_->db().Cached(
                "SELECT number FROM orders WHERE customer_id = ? ORDER BY placed_on DESC, id DESC "
                "LIMIT 1");
            q.Bind(1, talk.customer);
            if (q.Next()) order = q.Text(0);
            q.Reset();
        }
        if (order.empty()) return std::nullopt;
        in.text = order;
    } else if (type == "email") {
        in.text = who.email;
    } else if (type == "date") {
        // A weekday two to three days ahead, as the customer would write it.
        const Date day = NextWeekday(AddDays(DayOf(*now_), 2));
        in.text = FormatIsoDate(day);
    } else if (step->slot == "product") {
        in.text = talk.product;
    } else if (step->slot == "size") {
        in.text = talk.size;
    } else if (step->slot == "comment") {
        in.text = talk.unhappy ? (es ? "Ha llegado con un defecto." : "It arrived with a fault.")
                               : (es ? "Muy buena calidad, gracias." : "Great quality, thanks!");
    } else if (type == "yes_no") {
        in.text = "no";
    } else if (spec != f->slots.end() && !spec->second.values.empty()) {
        in.text = spec->second.values.front();
    } else {
        in.text = es ? "vale" : "ok";
    }
    if (in.text.empty()) return std::nullopt;
    return in;
}

std::string Simulation::Choose(const flow::Flow& flow, const flow::Step& step,
                               const std::vector<std::string>& values, Talk& talk) {
    if (values.empty()) return "";
    auto offered = [&](const std::string& v) {
        return std::find(values.begin(), values.end(), v) != values.end();
    };
    const std::string name = flow.id + "." + step.slot;
    const auto spec = flow.slots.find(step.slot);
    const std::string type = spec == flow.slots.end() ? "" : spec->second.type;
    // Recommendations offered as quick replies (win-back picks).
    std::vector<std::string> recs;
    for (const std::string& v : values)
        if (v.rfind("REC-", 0) == 0) recs.push_back(v);
    if (!recs.empty()) {
        if (offered("stop") && dice_.Chance(b_.win_back_opt_out)) return "stop";
        if (dice_.Chance(b_.pick_clicked)) return dice_.Of(recs);
        for (const char* no : {"no_thanks", "no"})
            if (offered(no)) return no;
        return values.back();
    }
    if (type == "order_number") {  // the customer's orders, and "another one"
        if (!talk.order.empty() && offered(talk.order)) return talk.order;
        if (offered("other")) return "other";
        return values.front();
    }
    if (step.slot == "subscription" && offered(talk.plan)) return talk.plan;
    if (name == "subscription.decision") {
        if (!talk.cancel_wish) return offered("keep") ? "keep" : values.front();
        if (offered("pause") || offered("downgrade")) {
            if (dice_.Chance(b_.retention_accept)) {
                const std::vector<std::string> accept = {"pause", "downgrade"};
                std::vector<std::string> allowed;
                for (const std::string& v : accept)
                    if (offered(v)) allowed.push_back(v);
                auto weights = b_.choices.find(name);
                const std::string pick =
                    weights == b_.choices.end() ? "" : dice_.Pick(weights->second, &allowed);
                return pick.empty() ? allowed.front() : pick;
            }
            return offered("cancel") ? "cancel" : values.front();
        }
        if (offered("keep") && dice_.Chance(b_.plus_kept_when_confirming)) return "keep";
        return offered("cancel") ? "cancel" : values.front();
    }
    if (name == "return_refund.reason" && offered(talk.reason)) return talk.reason;
    if (name == "return_refund.exchange") {
        return dice_.Chance(b_.exchange_taken) && offered("exchange") ? "exchange" : "refund";
    }
    if (name == "size_advice.cart") {
        return dice_.Chance(b_.size_to_cart) && offered("cart") ? "cart" : "no";
    }
    if (name == "review_request.rating") {
        return dice_.Pick(talk.unhappy ? b_.rating_unhappy : b_.rating_happy, &values);
    }
    auto weights = b_.choices.find(name);
    if (weights != b_.choices.end()) {
        const std::string pick = dice_.Pick(weights->second, &values);
        if (!pick.empty()) return pick;
    }
    return dice_.Of(values);
}

// [SECTION] afterwards

//! What the shop and the customer do once a conversation stops: the desk takes a handoff,
//! returns made in it go on their way, a cancel is announced, an accepted offer may not hold,
//! recommendations are followed and bought, and the problem it was about may be settled.
void Simulation::Afterwards(const std::string& case_id, const std::string& status, Talk& talk) {
    const std::int64_t customer = talk.customer;
    std::vector<std::int64_t> handoffs, returns, cancelled, offers;
    struct Rec {
        std::string id, sku, context;
        std::int64_t variant = 0, product = 0;
        bool clicked = false;
    };
    std::vector<Rec> recs;
    {
        auto guard = service_->lock();
        store::Db& db = service_->db();
        auto& h = db.Cached(
            "SELECT id FROM handoffs WHERE case_id = ? AND status = 'queued' "
            "ORDER BY id");
        h.Bind(1, case_id);
        while (h.Next())
            handoffs.push_back(h.Int(0));
        h.Reset();
        auto& r = db.Cached(
            "SELECT r.id FROM returns r JOIN orders o ON o.id = r.order_id WHERE o.customer_id = ? "
            "ORDER BY r.id");
        r.Bind(1, customer);
        while (r.Next())
            if (tracked_returns_.count(r.Int(0)) == 0) returns.push_back(r.Int(0));
        r.Reset();
        auto& s = db.Cached(
            "SELECT id FROM subscriptions WHERE customer_id = ? AND status = 'cancelled' ORDER BY "
            "id");
        s.Bind(1, customer);
        while (s.Next())
            if (announced_cancels_.count(s.Int(0)) == 0) cancelled.push_back(s.Int(0));
        s.Reset();
        auto& o = db.Cached(
            "SELECT id, subscription_id FROM retention_offers WHERE case_id = ? AND accepted = 1 "
            "ORDER BY id");
        o.Bind(1, case_id);
        while (o.Next()) {
            if (handled_offers_.insert(o.Int(0)).second) offers.push_back(o.Int(1));
        }
        o.Reset();
        auto& k = db.Cached(
            "SELECT id, sku, context, COALESCE(variant_id, 0), COALESCE(product_id, 0), "
            "clicked_at IS NOT NULL FROM recommendations WHERE case_id = ? ORDER BY seq");
        k.Bind(1, case_id);
        while (k.Next()) {
            recs.push_back({k.Text(0), k.Text(1), k.Text(2), k.Int(3), k.Int(4), k.Int(5) != 0});
        }
        k.Reset();
    }
    const std::size_t problem = talk.problem ? *talk.problem : problems_.size();
    for (std::int64_t h : handoffs) {
        Count(customer, "handoffs");
        Schedule(*now_ + static_cast<std::int64_t>(dice_.In(b_.agent_resolve_hours) * kHourMs),
                 Do::kAgent, h, talk.problem ? static_cast<std::int64_t>(problem) + 1 : 0);
    }
    for (std::int64_t r : returns) {
        tracked_returns_.insert(r);
        Count(customer, "returns_in_conversations");
        Schedule(*now_ + static_cast<std::int64_t>(dice_.In(b_.return_transit_days) * kDayMs),
                 Do::kReturnArrives, r);
    }
    for (std::int64_t s : cancelled)
        CancelSubscription(s, "asked");
    for (std::int64_t s : offers) {
        Count(customer, "retention_offers_accepted");
        if (dice_.Chance(b_.cancel_after_accepting)) {
            Schedule(*now_ + dice_.Range(1, 29) * kDayMs, Do::kCancelLater, s);
        }
    }
    for (const Rec& rec : recs) {
        if (!handled_recs_.insert(rec.id).second) continue;
        if (rec.context == "exchange" || rec.context == "retention") continue;  // not bought
        bool clicked = rec.clicked;
        if (!clicked && rec.context == "accessory" && dice_.Chance(b_.link_clicked)) {
            // The link in the answer, followed: the shop reports it.
            auto done = service_->RunAction(case_id, "recommendation_clicked", {{"rec", rec.id}},
                                            "sim-click-" + rec.id);
            clicked = done && done->outcome == "ok";
        }
        if (!clicked) continue;
        Count(customer, "recommendations_clicked");
        if (!dice_.Chance(b_.order_after_click)) continue;
        // The item clicked: its size (a size advice) or a size of the product.
        std::int64_t variant = rec.variant;
        if (!variant) {
            auto p = products_.find(rec.product);
            if (p == products_.end() || p->second.variants.empty()) continue;
            variant = LineOf(p->second).variant->id;
        }
        if (talk.cart) carts_[*talk.cart].bought = true;
        const std::int64_t when =
            *now_ + static_cast<std::int64_t>(dice_.In(b_.order_after_click_days) * kDayMs);
        Schedule(Daytime(when, people_[customer]), Do::kOrder, customer, 0,
                 std::to_string(variant) + "|" + rec.id);
    }
    // The problem the conversation was about.
    if (talk.problem) {
        Problem& p = problems_[*talk.problem];
        const auto fix = talk.chosen.find("subscription_payment.fix");
        if (p.kind == "payment_failed" && fix != talk.chosen.end() &&
            fix->second == "update_card" && dice_.Chance(b_.card_updated_after_link)) {
            p.fixed_card = true;
        }
        if (p.kind == "cancel_wish") {
            std::string sub_status;
            std::int64_t every = 1;
            {
                auto guard = service_->lock();
                auto& q = service_->db().Cached(
                    "SELECT status, every_months FROM subscriptions WHERE id = ?");
                q.Bind(1, p.subscription);
                if (q.Next()) {
                    sub_status = q.Text(0);
                    every = q.Int(1);
                }
                q.Reset();
            }
            const auto kept = talk.chosen.find("subscription.decision");
            if (sub_status != "active" || every != 1 ||
                (kept != talk.chosen.end() && kept->second == "keep")) {
                p.settled = true;
            }
        }
        if (talk.from_message && status == "resolved" && handoffs.empty()) {
            for (Problem& q : problems_) {
                if (q.customer == customer && !q.key.empty() && q.key == p.key) q.answered = true;
            }
        }
    }
}

void Simulation::Agent(std::int64_t handoff, std::int64_t problem_plus_one) {
    if (!service_->Claim(handoff, desk_)) return;
    service_->Resolve(handoff, desk_, "resolved");
    if (problem_plus_one > 0) {
        Problem& p = problems_[static_cast<std::size_t>(problem_plus_one - 1)];
        // The desk sorts out a failed payment with the customer (a new card over the phone).
        if (p.kind == "payment_failed") p.fixed_card = true;
    }
}

// [SECTION] report

//! The activity per group: a customer is in the group of their proactive decisions (the
//! service's), or "no_decision" when none was made for them.
json Simulation::Activity() {
    std::map<std::int64_t, std::string> group;
    {
        auto guard = service_->lock();
        auto& q = service_->db().Cached(
            "SELECT customer_id, MAX(CASE WHEN reason = 'holdout' THEN 1 ELSE 0 END) FROM "
            "proactive_messages GROUP BY "
            "customer_id");
        while (q.Next())
            group[q.Int(0)] = q.Int(1) != 0 ? "holdout" : "treated";
        q.Reset();
    }
    json out = {{"treated", json::object()},
                {"holdout", json::object()},
                {"no_decision", json::object()},
                {"all", json::object()}};
    std::map<std::string, std::int64_t> customers;
    for (std::int64_t id : people_order_) {
        auto g = group.find(id);
        const std::string name = g == group.end() ? "no_decision" : g->second;
        ++customers[name];
        ++customers["all"];
        auto a = activity_.find(id);
        if (a == activity_.end()) continue;
        for (const auto& [what, n] : a->second) {
            for (const std::string& into : {name, std::string("all")}) {
                json& block = out[into];
                block[what] = (block.contains(what) ? block[what].get<std::int64_t>() : 0) + n;
            }
        }
    }
    for (auto& [name, block] : out.items())
        block["customers"] = customers[name];
    return out;
}

}  // namespace

Result<Report> Run(const Options& options, const Behaviour& behaviour) {
    Simulation sim(options, behaviour);
    return sim.Run();
}

}  // namespace seam::simulate

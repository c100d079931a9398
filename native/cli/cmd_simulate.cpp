// native/cli/cmd_simulate.cpp — `seam simulate`: the demo shop's customers run through simulated
// days against the real engine, policy and triggers (native/simulate/), and the proactive KPIs
// of the resulting event log, treated against the hold-out group. Native only: it runs seamd's
// service over a throwaway SQLite store (the WASM `seam` is built without this file).
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "seam/core/date.hpp"
#include "simulate/behaviour.hpp"
#include "simulate/simulator.hpp"

namespace seam::cli {

namespace {

using nlohmann::json;

constexpr const char* kUsage =
    "usage: seam simulate [--days N] [--customers N] [--seed N] [--start YYYY-MM-DD]\n"
    "                     [--behaviour FILE] [--assets DIR] [--keep-store DIR]\n"
    "                     [--trace FILE] [--json]\n\n"
    "Runs the demo shop's first N customers through N simulated days against the real engine,\n"
    "policy and proactive triggers (the service seamd runs, over a throwaway store), then prints\n"
    "the proactive KPIs of the event log for the treated and the hold-out group.\n\n"
    "  --days N          simulated days, 1-366 (default 60)\n"
    "  --customers N     the demo shop's first N customers, 1-1200 (default 1200)\n"
    "  --seed N          the demo shop's seed and the behaviour's draws (default 1)\n"
    "  --start DAY       the first simulated day (default 2026-10-05); the shop as of then\n"
    "  --behaviour FILE  probabilities and delays (default DIR/simulate/behaviour.json)\n"
    "  --assets DIR      flows, intents, triggers, policy (default assets)\n"
    "  --keep-store DIR  keep the simulated store in DIR (new or empty) for `seam kpis --data`\n"
    "  --trace FILE      every conversation turn as a JSON line (what was said and answered)\n"
    "  --json            one JSON object {\"treated\": {...}, \"holdout\": {...}}\n\n"
    "The same arguments give the same output, byte for byte.\n";

std::string Count(const json& v) {
    return v.is_number() ? std::to_string(v.get<long long>()) : "-";
}

std::string Number(const json& v) {
    if (!v.is_number()) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v.get<double>());
    return buf;
}

std::string Percent(const json& v) {
    if (!v.is_number()) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v.get<double>() * 100);
    return buf;
}

std::string Cents(const json& v) {
    if (!v.is_number()) return "-";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", v.get<double>() / 100);
    return buf;
}

//! obj[key], or null when obj is not an object or lacks it.
const json& Field(const json& obj, const std::string& key) {
    static const json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

void PrintTable(const simulate::Options& o, const simulate::Report& r) {
    const Date last = AddDays(o.start, o.days - 1);
    std::printf("Simulated %d days (%s .. %s), %d customers, seed %llu\n\n", o.days,
                FormatIsoDate(o.start).c_str(), FormatIsoDate(last).c_str(), o.customers,
                static_cast<unsigned long long>(o.seed));
    const json& t = Field(r.kpis, "treated");
    const json& h = Field(r.kpis, "holdout");
    std::printf("proactive KPIs (seam/kpi/proactive.hpp)  %12s %12s\n", "treated", "hold-out");
    const struct {
        const char* label;
        std::string (*format)(const json&);
        const char* key;
    } rows[] = {
        {"customers with a decision", Count, "customers"},
        {"decisions", Count, "decisions"},
        {"proactive messages sent", Count, "proactive_sent"},
        {"held back", Count, "proactive_suppressed"},
        {"contacts within 7 days", Count, "contacts"},
        {"contacts per 100 customers", Number, "contacts_per_100"},
        {"proactive resolution rate", Percent, "proactive_resolution_rate"},
        {"retention offers accepted", Count, "retention_offers_accepted"},
        {"churn prevented (30 days)", Count, "churn_prevented"},
        {"churn not prevented", Count, "churn_not_prevented"},
        {"offers still within 30 days", Count, "churn_offers_pending"},
        {"orders", Count, "orders"},
        {"orders after a recommendation", Count, "attributed_orders"},
        {"attributed revenue", Cents, "attributed_revenue_cents"},
        {"automated conversations", Count, "automated_conversations"},
        {"revenue per automated conv.", Cents, "revenue_per_automated_conversation"},
        {"recommendations shown", Count, "recommendations_shown"},
        {"recommendation take rate", Percent, "recommendation_take_rate"},
    };
    for (const auto& row : rows) {
        std::printf("  %-38s %12s %12s\n", row.label, row.format(Field(t, row.key)).c_str(),
                    row.format(Field(h, row.key)).c_str());
    }
    const json& overall = Field(r.kpis, "overall");
    std::printf("  %-38s %12s\n", "contacts avoided",
                Number(Field(overall, "contacts_avoided")).c_str());
    std::printf("  (revenue in the orders' minor units / 100, whatever their currency)\n");

    const json& by_trigger = Field(r.kpis, "by_trigger");
    if (by_trigger.is_object() && !by_trigger.empty()) {
        std::printf("\nby trigger                      %7s %9s %10s %10s %9s\n", "sent", "resolved",
                    "per 100 T", "per 100 H", "avoided");
        for (const auto& [id, tr] : by_trigger.items()) {
            const json& tt = Field(tr, "treated");
            const json& hh = Field(tr, "holdout");
            std::printf("  %-29s %7s %9s %10s %10s %9s\n", id.c_str(),
                        Count(Field(tt, "proactive_sent")).c_str(),
                        Percent(Field(tt, "proactive_resolution_rate")).c_str(),
                        Number(Field(tt, "contacts_per_100")).c_str(),
                        Number(Field(hh, "contacts_per_100")).c_str(),
                        Number(Field(tr, "contacts_avoided")).c_str());
        }
        std::printf(
            "  (contacts per 100 of the customers with a decision of that trigger, within 7\n"
            "   days of it: T treated, H hold-out)\n");
    }

    const json& a = r.activity;
    std::printf("\nwhat happened                            %10s %10s %12s %10s\n", "treated",
                "hold-out", "no decision", "all");
    const std::pair<const char*, const char*> activity[] = {
        {"customers", "customers"},
        {"orders placed", "orders"},
        {"parcels late", "parcels_late"},
        {"parcels held by the carrier", "delivery_exceptions"},
        {"renewal payments failed", "payments_failed"},
        {"carts left", "carts_left"},
        {"returns received", "returns_received"},
        {"proactive messages sent", "messages_sent"},
        {"... answered", "messages_answered"},
        {"contacts (customer came to us)", "contacts"},
        {"... about a late parcel", "contacts_late_parcel"},
        {"... about a held parcel", "contacts_delivery_exception"},
        {"... about a failed payment", "contacts_payment_failed"},
        {"... about a refund", "contacts_refund_wait"},
        {"... to return something", "contacts_return_wanted"},
        {"... about a damaged item", "contacts_damaged"},
        {"... to cancel a subscription", "contacts_cancel_wish"},
        {"... where is my (on-time) order", "contacts_wismo"},
        {"conversations", "conversations"},
        {"customer turns", "turns"},
        {"handoffs to the desk", "handoffs"},
        {"recommendations clicked", "recommendations_clicked"},
        {"retention offers accepted", "retention_offers_accepted"},
        {"subscriptions cancelled", "subscriptions_cancelled"},
    };
    for (const auto& [label, key] : activity) {
        std::printf("  %-38s %10s %10s %12s %10s\n", label,
                    Count(Field(Field(a, "treated"), key)).c_str(),
                    Count(Field(Field(a, "holdout"), key)).c_str(),
                    Count(Field(Field(a, "no_decision"), key)).c_str(),
                    Count(Field(Field(a, "all"), key)).c_str());
    }
    std::printf(
        "  (groups as the service decided them: a customer is in the group of their\n"
        "   proactive decisions; \"no decision\" customers met no trigger)\n");
}

bool ParseCount(const std::string& text, long long lo, long long hi, long long& out) {
    if (text.empty() || text.size() > 19) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    out = std::atoll(text.c_str());
    return out >= lo && out <= hi;
}

}  // namespace

int CmdSimulate(const Args& args) {
    simulate::Options options;
    std::string behaviour_file, trace_file;
    bool as_json = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        std::string v;
        long long n = 0;
        if (a == "--help" || a == "-h") {
            std::printf("%s", kUsage);
            return 0;
        } else if (a == "--json") {
            as_json = true;
        } else if (a == "--days" || a == "--customers" || a == "--seed") {
            const bool days = a == "--days", customers = a == "--customers";
            const long long hi = days ? 366 : customers ? 1200 : 999999999999LL;
            if (!value(v) || !ParseCount(v, days || customers ? 1 : 0, hi, n)) {
                std::fprintf(stderr, "seam simulate: %s needs a whole number from %d to %lld\n",
                             a.c_str(), days || customers ? 1 : 0, hi);
                return 2;
            }
            if (days)
                options.days = static_cast<int>(n);
            else if (customers)
                options.customers = static_cast<int>(n);
            else
                options.seed = static_cast<std::uint64_t>(n);
        } else if (a == "--start") {
            if (!value(v)) {
                std::fprintf(stderr, "seam simulate: --start needs a day, YYYY-MM-DD\n");
                return 2;
            }
            auto d = ParseIsoDate(v);
            if (!d) {
                std::fprintf(stderr, "seam simulate: --start: %s\n", d.error().message.c_str());
                return 2;
            }
            options.start = *d;
        } else if (a == "--behaviour" || a == "--behavior") {
            if (!value(behaviour_file)) {
                std::fprintf(stderr, "seam simulate: --behaviour needs a file\n");
                return 2;
            }
        } else if (a == "--trace") {
            if (!value(trace_file)) {
                std::fprintf(stderr, "seam simulate: --trace needs a file\n");
                return 2;
            }
        } else if (a == "--keep-store") {
            if (!value(options.keep_dir)) {
                std::fprintf(stderr, "seam simulate: --keep-store needs a directory\n");
                return 2;
            }
        } else if (a == "--assets") {
            if (!value(options.assets)) {
                std::fprintf(stderr, "seam simulate: --assets needs a directory\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "seam simulate: unknown argument '%s'\n\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    if (behaviour_file.empty()) behaviour_file = options.assets + "/simulate/behaviour.json";
    auto behaviour = simulate::LoadBehaviour(behaviour_file);
    if (!behaviour) {
        std::fprintf(stderr, "seam simulate: %s\n", behaviour.error().message.c_str());
        return 2;
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> trace(nullptr, std::fclose);
    if (!trace_file.empty()) {
        trace.reset(std::fopen(trace_file.c_str(), "w"));
        if (!trace) {
            std::fprintf(stderr, "seam simulate: cannot write %s\n", trace_file.c_str());
            return 2;
        }
        std::FILE* out = trace.get();
        options.trace = [out](const std::string& line) { std::fprintf(out, "%s\n", line.c_str()); };
    }
    auto report = simulate::Run(options, *behaviour);
    if (!report) {
        std::fprintf(stderr, "seam simulate: %s\n", report.error().message.c_str());
        return 1;
    }
    if (as_json) {
        const json out = {{"treated", Field(report->kpis, "treated")},
                          {"holdout", Field(report->kpis, "holdout")}};
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    PrintTable(options, *report);
    return 0;
}

}  // namespace seam::cli

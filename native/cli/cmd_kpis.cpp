// native/cli/cmd_kpis.cpp — `seam kpis`: the KPIs of GET /v1/kpis, from seamd's store (native
// build) or from an exported event log (JSON array; both builds), as a table or as JSON: the
// contact-centre block and splits, then proactive engagement and revenue, treated vs hold-out.
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "assets/assets.hpp"
#include "commands.hpp"
#include "seam/core/date.hpp"
#include "seam/kpi/kpis.hpp"
#include "seam/kpi/proactive.hpp"
#ifdef SEAM_CLI_STORE
#include "api/kpis.hpp"
#include "store/sqlite.hpp"
#endif

namespace seam::cli {

namespace {

using nlohmann::json;

constexpr const char* kUsage =
    "usage: seam kpis (--data DIR | --events FILE) [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "                 [--intent NAME] [--channel NAME] [--today YYYY-MM-DD] [--json]\n\n"
    "  --data DIR     seamd's data directory (reads DIR/seam.db; native build only)\n"
    "  --events FILE  an event log as a JSON array of {at, case_id, customer_id, channel, kind,\n"
    "                 intent, data}\n"
    "  --from, --to   the days whose cases count, both included (default: the 30 days to today)\n"
    "  --today        the business day (default: today's UTC date)\n"
    "  --json         print the report as JSON (the body of GET /v1/kpis)\n";

Date ClockToday() {
    const std::time_t t = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&t, &utc);
    return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

std::string Percent(const json& v) {
    if (!v.is_number()) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v.get<double>() * 100);
    return buf;
}

std::string Seconds(const json& v) {
    if (!v.is_number()) return "-";
    const double s = v.get<double>();
    char buf[32];
    if (s < 120)
        std::snprintf(buf, sizeof buf, "%.1f s", s);
    else if (s < 7200)
        std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
    else
        std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
    return buf;
}

std::string Count(const json& v) {
    return v.is_number() ? std::to_string(v.get<long long>()) : "-";
}

void PrintBlock(const json& m) {
    const struct {
        const char* label;
        std::string value;
    } rows[] = {
        {"ticket volume (cases)", Count(m["volume"])},
        {"first response time, mean", Seconds(m["first_response_seconds"])},
        {"first response time, median", Seconds(m["first_response_p50_seconds"])},
        {"resolution rate", Percent(m["resolution_rate"])},
        {"average resolution time", Seconds(m["average_resolution_seconds"])},
        {"first-contact resolution", Percent(m["first_contact_resolution"])},
        {"self-service resolution rate", Percent(m["self_service_resolution_rate"])},
        {"containment", Percent(m["containment"])},
        {"escalation rate", Percent(m["escalation_rate"])},
        {"escalation quality", Percent(m["escalation_quality"])},
        {"CSAT (4-5 of 5)", Percent(m["csat"])},
        {"CSAT automated / human", Percent(m["csat_bot"]) + " / " + Percent(m["csat_agent"])},
        {"CSAT responses", Count(m["csat_responses"])},
    };
    for (const auto& r : rows)
        std::printf("  %-30s %s\n", r.label, r.value.c_str());
}

void PrintSplit(const char* title, const json& split) {
    if (!split.is_object() || split.empty()) return;
    std::printf("\nby %s:\n  %-22s %7s %10s %13s %12s %8s\n", title, "", "volume", "resolved",
                "self-service", "escalated", "CSAT");
    for (const auto& [name, m] : split.items()) {
        std::printf("  %-22s %7s %10s %13s %12s %8s\n", name.c_str(), Count(m["volume"]).c_str(),
                    Percent(m["resolution_rate"]).c_str(),
                    Percent(m["self_service_resolution_rate"]).c_str(),
                    Percent(m["escalation_rate"]).c_str(), Percent(m["csat"]).c_str());
    }
}

std::string Number(const json& v) {
    if (!v.is_number()) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v.get<double>());
    return buf;
}

//! Minor units (cents) as major units with two decimals; no symbol: orders may mix currencies.
std::string Cents(const json& v) {
    if (!v.is_number()) return "-";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", v.get<double>() / 100);
    return buf;
}

std::string Reasons(const json& by_reason) {
    std::string out;
    if (!by_reason.is_object()) return out;
    for (const auto& [reason, n] : by_reason.items())
        out += (out.empty() ? "" : ", ") + reason + " " + Count(n);
    return out;
}

//! obj[key], or null when obj is not an object or lacks it (const operator[] must not miss).
const json& Field(const json& obj, const char* key) {
    static const json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

//! The "proactive" block of the report: treated | hold-out | overall, then by trigger.
void PrintProactive(const json& p) {
    if (!p.is_object() || !p.contains("overall")) return;
    const json& t = Field(p, "treated");
    const json& h = Field(p, "holdout");
    const json& o = Field(p, "overall");
    std::printf("\nproactive engagement and revenue:\n  %-34s %12s %12s %12s\n", "", "treated",
                "hold-out", "overall");
    const struct {
        const char* label;
        std::string (*format)(const json&);
        const char* key;
    } rows[] = {
        {"decisions", Count, "decisions"},
        {"proactive messages sent", Count, "proactive_sent"},
        {"held back (suppressed)", Count, "proactive_suppressed"},
        {"customers", Count, "customers"},
        {"contacts within 7 days", Count, "contacts"},
        {"contacts per 100 customers", Number, "contacts_per_100"},
        {"proactive resolution rate", Percent, "proactive_resolution_rate"},
        {"retention offers accepted", Count, "retention_offers_accepted"},
        {"churn prevented (30 days)", Count, "churn_prevented"},
        {"churn not prevented", Count, "churn_not_prevented"},
        {"offers still within 30 days", Count, "churn_offers_pending"},
        {"orders", Count, "orders"},
        {"orders after a recommendation", Count, "attributed_orders"},
        {"attributed revenue (major units)", Cents, "attributed_revenue_cents"},
        {"automated conversations", Count, "automated_conversations"},
        {"revenue per automated conv.", Cents, "revenue_per_automated_conversation"},
        {"recommendations shown", Count, "recommendations_shown"},
        {"recommendation take rate", Percent, "recommendation_take_rate"},
    };
    for (const auto& r : rows) {
        std::printf("  %-34s %12s %12s %12s\n", r.label, r.format(Field(t, r.key)).c_str(),
                    r.format(Field(h, r.key)).c_str(), r.format(Field(o, r.key)).c_str());
    }
    std::printf("  %-34s %12s\n", "contacts avoided", Number(Field(o, "contacts_avoided")).c_str());
    const std::string reasons = Reasons(Field(o, "suppressed_by_reason"));
    if (!reasons.empty()) std::printf("  held back because: %s\n", reasons.c_str());
    std::printf("  (revenue in the orders' minor units / 100, whatever their currency)\n");
    const json& by_trigger = Field(p, "by_trigger");
    if (!by_trigger.is_object() || by_trigger.empty()) return;
    std::printf("\nproactive by trigger:\n  %-22s %7s %9s %10s %10s %10s %9s\n", "", "sent",
                "resolved", "per 100 T", "per 100 H", "avoided", "held T");
    for (const auto& [id, tr] : by_trigger.items()) {
        const json& tt = Field(tr, "treated");
        const json& hh = Field(tr, "holdout");
        std::printf("  %-22s %7s %9s %10s %10s %10s %9s\n", id.c_str(),
                    Count(Field(tt, "proactive_sent")).c_str(),
                    Percent(Field(tt, "proactive_resolution_rate")).c_str(),
                    Number(Field(tt, "contacts_per_100")).c_str(),
                    Number(Field(hh, "contacts_per_100")).c_str(),
                    Number(Field(tr, "contacts_avoided")).c_str(),
                    Count(Field(tt, "proactive_suppressed")).c_str());
    }
}

}  // namespace

int CmdKpis(const Args& args) {
    std::string data, events_file, from, to, intent, channel, today_text;
    bool as_json = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        bool ok = true;
        if (a == "--help" || a == "-h") {
            std::printf("%s", kUsage);
            return 0;
        } else if (a == "--json") {
            as_json = true;
        } else if (a == "--data") {
            ok = value(data);
        } else if (a == "--events") {
            ok = value(events_file);
        } else if (a == "--from") {
            ok = value(from);
        } else if (a == "--to") {
            ok = value(to);
        } else if (a == "--intent") {
            ok = value(intent);
        } else if (a == "--channel") {
            ok = value(channel);
        } else if (a == "--today") {
            ok = value(today_text);
        } else {
            std::fprintf(stderr, "seam kpis: unknown argument '%s'\n\n%s", a.c_str(), kUsage);
            return 2;
        }
        if (!ok) {
            std::fprintf(stderr, "seam kpis: %s needs a value\n", a.c_str());
            return 2;
        }
    }
    if (data.empty() == events_file.empty()) {
        std::fprintf(stderr, "seam kpis: give --data DIR or --events FILE\n\n%s", kUsage);
        return 2;
    }
    Date today = ClockToday();
    if (!today_text.empty()) {
        auto d = ParseIsoDate(today_text);
        if (!d) {
            std::fprintf(stderr, "seam kpis: --today: %s\n", d.error().message.c_str());
            return 2;
        }
        today = *d;
    }

    json report;
    if (!events_file.empty()) {
        std::string text;
        if (!assets::ReadWholeFile(events_file, text)) {
            std::fprintf(stderr, "seam kpis: cannot read %s\n", events_file.c_str());
            return 1;
        }
        const json doc = json::parse(text, nullptr, false);
        if (doc.is_discarded()) {
            std::fprintf(stderr, "seam kpis: %s is not JSON\n", events_file.c_str());
            return 1;
        }
        auto events = kpi::ParseEvents(doc);
        if (!events) {
            std::fprintf(stderr, "seam kpis: %s\n", events.error().message.c_str());
            return 1;
        }
        Date first = from.empty() ? AddDays(today, -29) : Date{};
        Date last = to.empty() ? today : Date{};
        if (!from.empty()) {
            auto d = ParseIsoDate(from);
            if (!d) {
                std::fprintf(stderr, "seam kpis: --from: %s\n", d.error().message.c_str());
                return 2;
            }
            first = *d;
        }
        if (!to.empty()) {
            auto d = ParseIsoDate(to);
            if (!d) {
                std::fprintf(stderr, "seam kpis: --to: %s\n", d.error().message.c_str());
                return 2;
            }
            last = *d;
        }
        constexpr std::int64_t kDayMs = 86400000;
        const kpi::Range range{DaysFromCivil(first) * kDayMs, (DaysFromCivil(last) + 1) * kDayMs};
        report = kpi::Compute(*events, range, {intent, channel});
        report["range"] = {{"from", FormatIsoDate(first)}, {"to", FormatIsoDate(last)}};
        json proactive = kpi::ComputeProactive(*events, range);  // as GET /v1/kpis has it
        proactive.erase("range");
        report["proactive"] = std::move(proactive);
    } else {
#ifdef SEAM_CLI_STORE
        auto db = store::Db::Open(data + "/seam.db");
        if (!db) {
            std::fprintf(stderr, "seam kpis: %s\n", db.error().message.c_str());
            return 1;
        }
        auto computed = api::ComputeKpis(**db, {from, to, intent, channel}, today);
        if (!computed) {
            std::fprintf(stderr, "seam kpis: %s\n", computed.error().message.c_str());
            return 2;
        }
        report = *computed;
#else
        std::fprintf(stderr, "seam kpis: --data needs the native build; use --events here\n");
        return 2;
#endif
    }

    if (as_json) {
        std::printf("%s\n", report.dump(2).c_str());
        return 0;
    }
    std::printf("KPIs for cases opened %s .. %s (%s, %s)\n",
                report["range"]["from"].get<std::string>().c_str(),
                report["range"]["to"].get<std::string>().c_str(),
                intent.empty() ? "all intents" : ("intent " + intent).c_str(),
                channel.empty() ? "all channels" : ("channel " + channel).c_str());
    PrintBlock(report["overall"]);
    PrintSplit("intent", report["by_intent"]);
    PrintSplit("channel", report["by_channel"]);
    PrintProactive(report.value("proactive", json()));
    return 0;
}

}  // namespace seam::cli

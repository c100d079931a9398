// native/cli/cmd_kpis.cpp — `seam kpis`: the KPIs of GET /v1/kpis, from seamd's store (native
// build) or from an exported event log (JSON array; both builds), as a table or as JSON.
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "assets/assets.hpp"
#include "commands.hpp"
#include "seam/core/date.hpp"
#include "seam/kpi/kpis.hpp"
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
        report = kpi::Compute(*events,
                              {DaysFromCivil(first) * kDayMs, (DaysFromCivil(last) + 1) * kDayMs},
                              {intent, channel});
        report["range"] = {{"from", FormatIsoDate(first)}, {"to", FormatIsoDate(last)}};
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
    return 0;
}

}  // namespace seam::cli

// shared/src/console/format.cpp — the console's number, time and ratio formats (see format.hpp).
#include "seam/console/format.hpp"

#include <cmath>

#include "seam/core/date.hpp"

namespace seam::console {

namespace {

std::string TwoDigits(std::int64_t v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

std::string Thousands(std::int64_t whole) {
    std::string digits = std::to_string(whole < 0 ? -whole : whole);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return (whole < 0 ? "-" : "") + out;
}

}  // namespace

std::string FormatDuration(double seconds) {
    if (!(seconds > 0)) return "0s";
    const auto s = static_cast<std::int64_t>(std::llround(seconds));
    if (s < 60) return std::to_string(s) + "s";
    if (s < 3600) return std::to_string(s / 60) + "m " + TwoDigits(s % 60) + "s";
    if (s < 86400) return std::to_string(s / 3600) + "h " + TwoDigits(s % 3600 / 60) + "m";
    return std::to_string(s / 86400) + "d " + TwoDigits(s % 86400 / 3600) + "h";
}

std::string FormatMoney(double amount, const std::string& currency) {
    const auto cents = static_cast<std::int64_t>(std::llround(amount * 100));
    const std::int64_t abs_cents = cents < 0 ? -cents : cents;
    std::string number = Thousands(abs_cents / 100) + "." + TwoDigits(abs_cents % 100);
    const std::string sign = cents < 0 ? "-" : "";
    if (currency == "USD" || currency.empty()) return sign + "$" + number;
    if (currency == "EUR") return sign + "\xE2\x82\xAC" + number;
    if (currency == "GBP") return sign + "\xC2\xA3" + number;
    return sign + number + " " + currency;
}

std::string FormatPercent(const nlohmann::json& ratio) {
    if (!ratio.is_number()) return "n/a";
    const double pct = ratio.get<double>() * 100.0;
    const auto tenths = static_cast<std::int64_t>(std::llround(pct * 10));
    return std::to_string(tenths / 10) + "." +
           std::to_string((tenths < 0 ? -tenths : tenths) % 10) + "%";
}

std::string FormatTimestamp(std::int64_t ms) {
    const std::int64_t day_ms = 86400000LL;
    std::int64_t days = ms / day_ms;
    std::int64_t rest = ms % day_ms;
    if (rest < 0) {
        rest += day_ms;
        --days;
    }
    const Date d = CivilFromDays(days);
    const std::int64_t minutes = rest / 60000;
    return FormatIsoDate(d) + " " + TwoDigits(minutes / 60) + ":" + TwoDigits(minutes % 60) +
           " UTC";
}

std::string FormatAgo(std::int64_t then_ms, std::int64_t now_ms) {
    const std::int64_t s = (now_ms - then_ms) / 1000;
    if (s < 60) return "just now";
    if (s < 3600) return std::to_string(s / 60) + "m ago";
    if (s < 86400) return std::to_string(s / 3600) + "h ago";
    return std::to_string(s / 86400) + "d ago";
}

}  // namespace seam::console

// shared/include/seam/console/format.hpp — how the console writes numbers, times and ratios, in
// one place so every view says "4m 05s" and "87.5%" the same way. Pure functions (the clock is
// the caller's: "now" is always a parameter).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace seam::console {

//! 45 -> "45s", 245 -> "4m 05s", 7320 -> "2h 02m", 200000 -> "2d 07h"; negative -> "0s".
std::string FormatDuration(double seconds);
//! 1234.5 -> "$1,234.50" ("€", "£" for EUR, GBP; other codes as a suffix: "1,234.50 CHF").
std::string FormatMoney(double amount, const std::string& currency = "USD");
//! A ratio in [0, 1] as "87.5%"; JSON null or a non-number -> "n/a" (a zero denominator).
std::string FormatPercent(const nlohmann::json& ratio);
//! Milliseconds since the epoch -> "2026-11-22 14:03 UTC".
std::string FormatTimestamp(std::int64_t ms);
//! "how long ago" between two ms timestamps: "just now", "3m ago", "2h ago", "5d ago".
std::string FormatAgo(std::int64_t then_ms, std::int64_t now_ms);

}  // namespace seam::console

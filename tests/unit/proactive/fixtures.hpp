// tests/unit/proactive/fixtures.hpp — what the proactive tests share: listing a fixture folder
// and reading instants written as ISO 8601 ("2026-07-15T19:30:00Z") or milliseconds.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "../support/files.hpp"
#include "seam/core/date.hpp"

namespace seam::testing {

//! Names of `relative_dir`/*.json, sorted. Listing goes through std::filesystem, which works
//! natively and under node (NODERAWFS).
inline std::vector<std::string> JsonFiles(const std::string& relative_dir) {
    std::vector<std::string> names;
    std::error_code ec;
    std::filesystem::directory_iterator it(SourcePath(relative_dir), ec);
    for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

//! The JSON document in `relative_path` (discarded when unreadable or not JSON).
inline nlohmann::json ReadJson(const std::string& relative_path) {
    bool ok = false;
    const std::string text = ReadFile(SourcePath(relative_path), &ok);
    if (!ok) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text, nullptr, false);
}

//! Milliseconds since the epoch from a number, or from "YYYY-MM-DDTHH:MM:SS[.mmm]Z". `ok` false
//! for anything else.
inline std::int64_t Instant(const nlohmann::json& v, bool& ok) {
    ok = true;
    if (v.is_number_integer()) return v.get<std::int64_t>();
    ok = false;
    if (!v.is_string()) return 0;
    const std::string s = v.get<std::string>();
    if (s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z') return 0;
    const Result<Date> date = ParseIsoDate(s.substr(0, 10));
    if (!date) return 0;
    auto number = [&](std::size_t at, std::size_t n) {
        std::int64_t out = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return std::int64_t{-1};
            out = out * 10 + (s[i] - '0');
        }
        return out;
    };
    const std::int64_t h = number(11, 2), m = number(14, 2), sec = number(17, 2);
    std::int64_t ms = 0;
    if (s.size() == 24 && s[19] == '.') {
        ms = number(20, 3);
    } else if (s.size() != 20) {
        return 0;
    }
    if (h < 0 || m < 0 || sec < 0 || ms < 0) return 0;
    ok = true;
    return ((DaysFromCivil(*date) * 24 + h) * 60 + m) * 60000 + sec * 1000 + ms;
}

}  // namespace seam::testing

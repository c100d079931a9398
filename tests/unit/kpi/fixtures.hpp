// tests/unit/kpi/fixtures.hpp — what the KPI fixture tests share: listing the fixture files of a
// folder and comparing a computed report with a fixture's partial "expected" report.
//
// A fixture is {"name", "why", "range": {"from", "to"}, "events": [...], "expected": {...}}
// (tests/kpi/*.json adds "filter"? and "expected_error"). "expected" is a partial report: every
// key it names must be in the computed report, numbers equal within 1e-9, null where a ratio has
// no denominator; the value "<absent>" says the key must not be there.
#pragma once

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "../support/files.hpp"

namespace seam::testing {

//! Names of the *.json regular files directly in `folder` (relative to the source tree), sorted.
//! Subfolders are not entered (tests/kpi/proactive/ is its own suite). Listing goes through
//! std::filesystem, which works natively and under node (NODERAWFS).
inline std::vector<std::string> KpiFixtureNames(const std::string& folder) {
    std::vector<std::string> names;
    std::error_code ec;
    std::filesystem::directory_iterator it(SourcePath(folder), ec);
    for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        std::error_code type_ec;
        if (!it->is_regular_file(type_ec)) continue;
        const std::string name = it->path().filename().string();
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

//! Appends to `problems` every way `actual` fails to contain `expected` (at `path`).
inline void CompareReport(const nlohmann::json& expected, const nlohmann::json& actual,
                          const std::string& path, std::vector<std::string>& problems) {
    if (expected.is_object()) {
        if (!actual.is_object()) {
            problems.push_back(path + ": expected an object, got " + actual.dump());
            return;
        }
        for (const auto& [key, value] : expected.items()) {
            if (value == "<absent>") {
                if (actual.contains(key))
                    problems.push_back(path + "/" + key + ": should be absent");
                continue;
            }
            if (!actual.contains(key)) {
                problems.push_back(path + "/" + key + ": missing");
                continue;
            }
            CompareReport(value, actual.at(key), path + "/" + key, problems);
        }
    } else if (expected.is_number()) {
        if (!actual.is_number() ||
            std::fabs(expected.get<double>() - actual.get<double>()) > 1e-9) {
            problems.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
        }
    } else if (expected != actual) {
        problems.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
    }
}

}  // namespace seam::testing

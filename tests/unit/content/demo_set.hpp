// tests/unit/content/demo_set.hpp — the demo business's content set (assets/), read from the
// source tree the way seamd reads it at its first start: every file under assets/, named by its
// path there, then content::Select.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

#include "../support/files.hpp"
#include "seam/content/files.hpp"

namespace seam::testing {

//! Every content file of assets/ (natively and under node: std::filesystem works over NODERAWFS).
inline content::Files DemoContent() {
    content::Files all;
    const std::filesystem::path root = SourcePath("assets");
    std::error_code ec;
    std::filesystem::recursive_directory_iterator it(root, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        const std::string relative = it->path().lexically_relative(root).generic_string();
        all[relative] = ReadFile(it->path().string());
    }
    return content::Select(all);
}

//! assets/flows/actions.json, the registry the demo flows are checked against.
inline std::string DemoActions() {
    return ReadFile(SourcePath("assets/flows/actions.json"));
}

}  // namespace seam::testing

// shared/include/seam/content/diff.hpp — what changed between two texts, and between two content
// sets: line diffs (longest common subsequence, trimmed common ends first, so a one-line change
// in a large flow stays cheap) rendered as unified diffs for the history view and the API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "seam/content/files.hpp"

namespace seam::content {

struct DiffLine {
    char op = ' ';  //!< ' ' kept, '-' removed, '+' added
    std::string text;
    int old_line = 0;  //!< 1-based line in `before` (0 for '+')
    int new_line = 0;  //!< 1-based line in `after` (0 for '-')
};

//! Every line of both texts, in order, marked kept/removed/added. A final line without a newline
//! counts as a line.
std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after);

//! A unified diff ("--- a/path", "+++ b/path", "@@ -l,n +l,n @@" hunks with `context` lines
//! around each change). "" when the texts are equal.
std::string UnifiedDiff(const std::string& path, std::string_view before, std::string_view after,
                        int context = 3);

struct FileChange {
    std::string path;
    std::string change;  //!< "added" | "removed" | "changed"
    std::string diff;    //!< UnifiedDiff of the file ("" before for added, "" after for removed)
};

//! The files that differ between two sets, in path order.
std::vector<FileChange> DiffSets(const Files& before, const Files& after);

}  // namespace seam::content

// shared/src/content/diff.cpp — line diffs (longest common subsequence after trimming the common
// ends), unified diffs with hunks, and the changed files of two content sets.
#include "seam/content/diff.hpp"

#include <algorithm>
#include <cstdint>

namespace seam::content {

namespace {

// Above this many cells the middle part of a diff is not worth an O(n*m) table (16 MB of
// counters): it is reported as all removed, then all added, which is still a correct diff.
constexpr std::size_t kMaxTableCells = 4u * 1000u * 1000u;

// One line of a text; `eol` is false only for a final line without a newline, which never equals
// the same words with one (the unified diff marks it "\ No newline at end of file").
struct Line {
    std::string_view text;
    bool eol = true;
    bool operator==(const Line& o) const { return eol == o.eol && text == o.text; }
};

std::vector<Line> SplitLines(std::string_view s) {
    std::vector<Line> lines;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t nl = s.find('\n', pos);
        if (nl == std::string_view::npos) {
            lines.push_back({s.substr(pos), false});
            break;
        }
        lines.push_back({s.substr(pos, nl - pos), true});
        pos = nl + 1;
    }
    return lines;
}

struct Op {
    char op;
    std::size_t a;  // index in the old lines ('-', ' ')
    std::size_t b;  // index in the new lines ('+', ' ')
};

std::vector<Op> Diff(const std::vector<Line>& a, const std::vector<Line>& b) {
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const std::size_t n = a.size() - prefix - suffix;
    const std::size_t m = b.size() - prefix - suffix;

    std::vector<Op> ops;
    ops.reserve(prefix + n + m + suffix);
    for (std::size_t i = 0; i < prefix; ++i)
        ops.push_back({' ', i, i});
    const bool table_fits = n == 0 || m == 0 || (n + 1) <= kMaxTableCells / (m + 1);
    if (!table_fits) {
        for (std::size_t i = 0; i < n; ++i)
            ops.push_back({'-', prefix + i, 0});
        for (std::size_t j = 0; j < m; ++j)
            ops.push_back({'+', 0, prefix + j});
    } else {
        // lcs[i][j]: the longest common subsequence of a[i..n) and b[j..m) (middle parts), so
        // the walk below goes forwards and puts removals before additions in each change.
        const std::size_t w = m + 1;
        std::vector<std::uint32_t> lcs((n + 1) * w, 0);
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                lcs[i * w + j] = a[prefix + i] == b[prefix + j]
                                     ? lcs[(i + 1) * w + j + 1] + 1
                                     : std::max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
            }
        }
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                ops.push_back({' ', prefix + i, prefix + j});
                ++i;
                ++j;
            } else if (j == m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
                ops.push_back({'-', prefix + i, 0});
                ++i;
            } else {
                ops.push_back({'+', 0, prefix + j});
                ++j;
            }
        }
    }
    for (std::size_t k = 0; k < suffix; ++k)
        ops.push_back({' ', a.size() - suffix + k, b.size() - suffix + k});
    return ops;
}

}  // namespace

std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after) {
    const std::vector<Line> a = SplitLines(before);
    const std::vector<Line> b = SplitLines(after);
    std::vector<DiffLine> out;
    for (const Op& op : Diff(a, b)) {
        DiffLine line;
        line.op = op.op;
        if (op.op == '+') {
            line.text = std::string(b[op.b].text);
            line.new_line = static_cast<int>(op.b + 1);
        } else {
            line.text = std::string(a[op.a].text);
            line.old_line = static_cast<int>(op.a + 1);
            if (op.op == ' ') line.new_line = static_cast<int>(op.b + 1);
        }
        out.push_back(std::move(line));
    }
    return out;
}

std::string UnifiedDiff(const std::string& path, std::string_view before, std::string_view after,
                        int context) {
    if (before == after) return {};
    if (context < 0) context = 0;
    const std::vector<Line> a = SplitLines(before);
    const std::vector<Line> b = SplitLines(after);
    const std::vector<Op> ops = Diff(a, b);

    std::string out = "--- a/" + path + "\n+++ b/" + path + "\n";
    // More context than lines changes nothing (and 2 * context must not overflow a 32-bit size_t).
    const std::size_t ctx = std::min(static_cast<std::size_t>(context), ops.size());
    std::size_t k = 0;
    while (k < ops.size()) {
        // The next change, and the hunk around it: changes closer than 2 * context lines apart
        // share one hunk.
        while (k < ops.size() && ops[k].op == ' ')
            ++k;
        if (k == ops.size()) break;
        const std::size_t first = k >= ctx ? k - ctx : 0;
        std::size_t last = k;  // the last change in the hunk
        for (std::size_t x = k + 1; x < ops.size() && x <= last + 2 * ctx + 1; ++x) {
            if (ops[x].op != ' ') last = x;
        }
        const std::size_t end = std::min(ops.size(), last + ctx + 1);

        // Line numbers: the first old/new line in the hunk; with no such line, the line before.
        std::size_t old_count = 0, new_count = 0, old_start = 0, new_start = 0;
        for (std::size_t x = 0; x < first; ++x) {
            if (ops[x].op != '+') ++old_start;
            if (ops[x].op != '-') ++new_start;
        }
        for (std::size_t x = first; x < end; ++x) {
            if (ops[x].op != '+') ++old_count;
            if (ops[x].op != '-') ++new_count;
        }
        out += "@@ -" + std::to_string(old_count ? old_start + 1 : old_start) + "," +
               std::to_string(old_count) + " +" +
               std::to_string(new_count ? new_start + 1 : new_start) + "," +
               std::to_string(new_count) + " @@\n";
        for (std::size_t x = first; x < end; ++x) {
            const Line& line = ops[x].op == '+' ? b[ops[x].b] : a[ops[x].a];
            out.push_back(ops[x].op);
            out.append(line.text);
            out.push_back('\n');
            if (!line.eol) out += "\\ No newline at end of file\n";
        }
        k = end;
    }
    return out;
}

std::vector<FileChange> DiffSets(const Files& before, const Files& after) {
    std::vector<FileChange> changes;
    auto b = before.begin();
    auto a = after.begin();
    while (b != before.end() || a != after.end()) {
        if (a == after.end() || (b != before.end() && b->first < a->first)) {
            changes.push_back({b->first, "removed", UnifiedDiff(b->first, b->second, "")});
            ++b;
        } else if (b == before.end() || a->first < b->first) {
            changes.push_back({a->first, "added", UnifiedDiff(a->first, "", a->second)});
            ++a;
        } else {
            if (b->second != a->second) {
                changes.push_back(
                    {a->first, "changed", UnifiedDiff(a->first, b->second, a->second)});
            }
            ++b;
            ++a;
        }
    }
    return changes;
}

}  // namespace seam::content

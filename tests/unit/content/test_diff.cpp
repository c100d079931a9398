// tests/unit/content/test_diff.cpp — line diffs and unified diffs, as before/after/expected
// tables, and the changed files of two content sets.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "seam/content/diff.hpp"

using seam::content::DiffLines;
using seam::content::UnifiedDiff;

namespace {

// The diff as one string, kept lines marked '=': "=a@1/1 -b@2/0 +c@0/2" (line numbers old/new).
std::string Ops(const std::vector<seam::content::DiffLine>& lines) {
    std::string out;
    for (const auto& l : lines) {
        out += (out.empty() ? "" : " ") + std::string(1, l.op == ' ' ? '=' : l.op) + l.text + "@" +
               std::to_string(l.old_line) + "/" + std::to_string(l.new_line);
    }
    return out;
}

}  // namespace

TEST_CASE("line diff: kept, removed and added lines with their line numbers") {
    const struct {
        const char* before;
        const char* after;
        const char* ops;
    } cases[] = {
        {"", "", ""},
        {"a\n", "a\n", "=a@1/1"},
        {"", "a\nb\n", "+a@0/1 +b@0/2"},
        {"a\nb\n", "", "-a@1/0 -b@2/0"},
        {"a\nb\nc\n", "a\nx\nc\n", "=a@1/1 -b@2/0 +x@0/2 =c@3/3"},
        {"a\nb\nc\n", "a\nc\n", "=a@1/1 -b@2/0 =c@3/2"},
        {"a\nc\n", "a\nb\nc\n", "=a@1/1 +b@0/2 =c@2/3"},
        // the longest common subsequence keeps b and d in the middle
        {"a\nb\nc\nd\ne\n", "x\nb\ny\nd\nz\n",
         "-a@1/0 +x@0/1 =b@2/2 -c@3/0 +y@0/3 =d@4/4 -e@5/0 +z@0/5"},
        // a final line without a newline counts as a line, and differs from one with it
        {"a\nb", "a\nb", "=a@1/1 =b@2/2"},
        {"a\nb", "a\nb\n", "=a@1/1 -b@2/0 +b@0/2"},
        // CR is part of a line's text: CRLF vs LF is a change
        {"a\r\nb\n", "a\nb\n", "-a\r@1/0 +a@0/1 =b@2/2"},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.before));
        CAPTURE(std::string(c.after));
        CHECK(Ops(DiffLines(c.before, c.after)) == c.ops);
    }
}

TEST_CASE("unified diff: headers, hunks with context, merged and separate hunks") {
    const struct {
        const char* name;
        std::string before;
        std::string after;
        int context;
        std::string expected;
    } cases[] = {
        {"equal texts", "a\nb\n", "a\nb\n", 3, ""},
        {"one line changed", "a\nb\nc\n", "a\nB\nc\n", 3,
         "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
        {"added file", "", "x\ny\n", 3, "--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n"},
        {"removed file", "x\n", "", 3, "--- a/f\n+++ b/f\n@@ -1,1 +0,0 @@\n-x\n"},
        {"no newline at the end", "a\nb", "a\nb\n", 3,
         "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
        {"context 1, two far changes: two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
         "1\nX\n3\n4\n5\n6\n7\nY\n9\n", 1,
         "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n@@ -7,3 +7,3 @@\n 7\n-8\n+Y\n 9\n"},
        {"context 1, changes 2 lines apart: one hunk", "1\n2\n3\n4\n5\n6\n", "1\nX\n3\n4\nY\n6\n",
         1, "--- a/f\n+++ b/f\n@@ -1,6 +1,6 @@\n 1\n-2\n+X\n 3\n 4\n-5\n+Y\n 6\n"},
        {"all the context there is", "a\nb\nc\n", "a\nB\nc\n", 2147483647,
         "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
        {"negative context is none", "a\nb\nc\n", "a\nB\nc\n", -5,
         "--- a/f\n+++ b/f\n@@ -2,1 +2,1 @@\n-b\n+B\n"},
        {"insertion at the top, context 0", "a\nb\n", "z\na\nb\n", 0,
         "--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+z\n"},
        {"insertion after line 2, context 0", "a\nb\nc\n", "a\nb\nz\nc\n", 0,
         "--- a/f\n+++ b/f\n@@ -2,0 +3,1 @@\n+z\n"},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.name));
        CHECK(UnifiedDiff("f", c.before, c.after, c.context) == c.expected);
    }
}

TEST_CASE("unified diff: a one-line change in a long file is one small hunk") {
    std::string before, after;
    for (int i = 1; i <= 5000; ++i) {
        before += "line " + std::to_string(i) + "\n";
        after += (i == 2500 ? std::string("changed") : "line " + std::to_string(i)) + "\n";
    }
    CHECK(UnifiedDiff("f", before, after) ==
          "--- a/f\n+++ b/f\n@@ -2497,7 +2497,7 @@\n line 2497\n line 2498\n line 2499\n"
          "-line 2500\n+changed\n line 2501\n line 2502\n line 2503\n");
}

TEST_CASE("line diff: a middle part too large for the table is all removed, then all added") {
    // 3000 x 3000 lines differing everywhere: 9M cells, more than the table allows.
    std::string before, after;
    for (int i = 0; i < 3000; ++i) {
        before += "a" + std::to_string(i) + "\n";
        after += "b" + std::to_string(i) + "\n";
    }
    const auto lines = DiffLines(before, after);
    REQUIRE(lines.size() == 6000);
    CHECK(lines[0].op == '-');
    CHECK(lines[2999].op == '-');
    CHECK(lines[3000].op == '+');
    CHECK(lines[5999].text == "b2999");
}

TEST_CASE("diff of two content sets: added, removed and changed files in path order") {
    const seam::content::Files before = {
        {"flows/a.json", "1\n"}, {"flows/b.json", "same\n"}, {"kb/en/c.md", "old\n"}};
    const seam::content::Files after = {
        {"flows/b.json", "same\n"}, {"kb/en/c.md", "new\n"}, {"replies/d.json", "{}\n"}};
    const auto changes = seam::content::DiffSets(before, after);
    REQUIRE(changes.size() == 3);
    CHECK(changes[0].path == "flows/a.json");
    CHECK(changes[0].change == "removed");
    CHECK(changes[0].diff == "--- a/flows/a.json\n+++ b/flows/a.json\n@@ -1,1 +0,0 @@\n-1\n");
    CHECK(changes[1].path == "kb/en/c.md");
    CHECK(changes[1].change == "changed");
    CHECK(changes[1].diff == "--- a/kb/en/c.md\n+++ b/kb/en/c.md\n@@ -1,1 +1,1 @@\n-old\n+new\n");
    CHECK(changes[2].path == "replies/d.json");
    CHECK(changes[2].change == "added");
    CHECK(seam::content::DiffSets(after, after).empty());
}

// shared/src/console/json_rewrite.cpp — a JSON value written as an edit of its old text (see
// json_rewrite.hpp): a scanner that finds where each value of the old text lies, and a writer
// that copies the unchanged parts and writes only what changed.
//
// Index of this file
// [SECTION] Scanner (old text -> spans)
// [SECTION] Writer
#include "seam/console/json_rewrite.hpp"

#include <algorithm>
#include <utility>

namespace seam::console {

using ojson = nlohmann::ordered_json;

//-----------------------------------------------------------------------------
// [SECTION] Scanner
//-----------------------------------------------------------------------------

namespace {

// Deeper than any flow; a deeper text is written fresh rather than scanned recursively.
constexpr int kMaxDepth = 200;

//! Finds the spans of a text nlohmann already accepted; still total on any input (false when
//! the text is not what it expects, and the writer then writes fresh).
class Scanner {
  public:
    explicit Scanner(std::string_view text) : t_(text) {}

    bool Value(JsonRewriter::Span& s, int depth) {
        Ws();
        if (i_ >= t_.size() || depth > kMaxDepth) return false;
        s.begin = i_;
        const char c = t_[i_];
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            s.type = c;
            ++i_;
            Ws();
            if (Is(close)) {
                ++i_;
                s.end = i_;
                return true;
            }
            for (;;) {
                Ws();
                if (c == '{') {
                    if (!Is('"')) return false;
                    s.key_begin.push_back(i_);
                    if (!String()) return false;
                    Ws();
                    if (!Is(':')) return false;
                    ++i_;
                }
                JsonRewriter::Span child;
                if (!Value(child, depth + 1)) return false;
                s.children.push_back(std::move(child));
                Ws();
                if (Is(',')) {
                    ++i_;
                    continue;
                }
                if (!Is(close)) return false;
                ++i_;
                s.end = i_;
                return true;
            }
        }
        s.type = 's';
        if (c == '"') {
            if (!String()) return false;
        } else {
            while (i_ < t_.size() && Literal(t_[i_]))
                ++i_;
            if (i_ == s.begin) return false;
        }
        s.end = i_;
        return true;
    }

    bool AtEnd() {
        Ws();
        return i_ == t_.size();
    }

  private:
    static bool Literal(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '+' || c == '-' || c == '.';
    }
    bool Is(char c) const { return i_ < t_.size() && t_[i_] == c; }
    void Ws() {
        while (i_ < t_.size() &&
               (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r'))
            ++i_;
    }
    bool String() {
        ++i_;  // the opening quote
        while (i_ < t_.size()) {
            if (t_[i_] == '\\') {
                i_ += 2;
            } else if (t_[i_] == '"') {
                ++i_;
                return true;
            } else {
                ++i_;
            }
        }
        return false;
    }

    std::string_view t_;
    std::size_t i_ = 0;
};

//! Does the scanned structure match the parsed value (same containers, same member counts)?
//! Duplicate keys are the one way they differ: nlohmann keeps one member of the two.
bool Matches(const JsonRewriter::Span& s, const ojson& v) {
    if (v.is_object() != (s.type == '{') || v.is_array() != (s.type == '[')) return false;
    if (s.type == 's') return true;
    if (v.size() != s.children.size()) return false;
    std::size_t i = 0;
    for (const auto& child : v) {
        if (!Matches(s.children[i++], child)) return false;
    }
    return true;
}

void AppendSpaced(const ojson& v, std::string& out) {
    if (v.is_object()) {
        out += '{';
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!first) out += ", ";
            first = false;
            out += ojson(it.key()).dump(-1, ' ', false, ojson::error_handler_t::replace);
            out += ": ";
            AppendSpaced(it.value(), out);
        }
        out += '}';
    } else if (v.is_array()) {
        out += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) out += ", ";
            AppendSpaced(v[i], out);
        }
        out += ']';
    } else {
        out += v.dump(-1, ' ', false, ojson::error_handler_t::replace);
    }
}

}  // namespace

std::string SpacedJson(const ojson& value) {
    std::string out;
    AppendSpaced(value, out);
    return out;
}

JsonRewriter::JsonRewriter(std::string text) : text_(std::move(text)) {
    original_ = ojson::parse(text_, nullptr, false);
    if (original_.is_discarded()) return;
    Scanner scanner(text_);
    scanned_ = scanner.Value(root_, 0) && scanner.AtEnd() && Matches(root_, original_);
}

//-----------------------------------------------------------------------------
// [SECTION] Writer
//-----------------------------------------------------------------------------

std::string JsonRewriter::Write(const ojson& value) const {
    if (!scanned_) return SpacedJson(value) + "\n";
    std::string out;
    out.reserve(text_.size() + 256);
    out.append(text_, 0, root_.begin);  // leading white space
    Emit(root_, original_, value, out);
    out.append(text_, root_.end, std::string::npos);  // the final newline
    return out;
}

void JsonRewriter::Emit(const Span& span, const ojson& before, const ojson& after,
                        std::string& out) const {
    if (before == after) {
        out.append(text_, span.begin, span.end - span.begin);
    } else if (span.type == '{' && after.is_object() && !span.children.empty()) {
        EmitObject(span, before, after, out);
    } else if (span.type == '[' && after.is_array() && !span.children.empty()) {
        EmitArray(span, before, after, out);
    } else {
        AppendSpaced(after, out);
    }
}

namespace {

std::size_t ChildStart(const JsonRewriter::Span& span, std::size_t i) {
    return span.type == '{' ? span.key_begin[i] : span.children[i].begin;
}

//! What names an element of a list across edits: a step's "id", an option's "value".
std::string IdentityOf(const ojson& v) {
    if (!v.is_object()) return "";
    for (const char* key : {"id", "value"}) {
        const auto it = v.find(key);
        if (it != v.end() && it->is_string())
            return std::string(key) + ":" + it->get<std::string>();
    }
    return "";
}

//! Pairs the old elements [old_begin, old_end) with the new [new_begin, new_end) left between
//! two matches: same identity first (the step that was edited), then in order.
void PairGap(const ojson& before, const ojson& after, long old_begin, long old_end, long new_begin,
             long new_end, std::vector<long>& from) {
    std::vector<bool> used(static_cast<std::size_t>(std::max(0L, old_end - old_begin)), false);
    for (long n = new_begin; n < new_end; ++n) {
        const std::string id = IdentityOf(after[static_cast<std::size_t>(n)]);
        if (id.empty()) continue;
        for (long o = old_begin; o < old_end; ++o) {
            const std::size_t u = static_cast<std::size_t>(o - old_begin);
            if (!used[u] && IdentityOf(before[static_cast<std::size_t>(o)]) == id) {
                used[u] = true;
                from[static_cast<std::size_t>(n)] = o;
                break;
            }
        }
    }
    // Then in order, but never two elements named differently (a removed step and an added
    // one are a removal and an addition, not one step rewritten into another).
    long o = old_begin;
    for (long n = new_begin; n < new_end; ++n) {
        if (from[static_cast<std::size_t>(n)] >= 0) continue;
        while (o < old_end && used[static_cast<std::size_t>(o - old_begin)])
            ++o;
        if (o >= old_end) break;
        const std::string a = IdentityOf(before[static_cast<std::size_t>(o)]);
        const std::string b = IdentityOf(after[static_cast<std::size_t>(n)]);
        if (!a.empty() && !b.empty() && a != b) continue;
        used[static_cast<std::size_t>(o - old_begin)] = true;
        from[static_cast<std::size_t>(n)] = o++;
    }
}

}  // namespace

std::string JsonRewriter::Separator(const Span& span, std::size_t index) const {
    if (index == 0 || index >= span.children.size()) return UsualSeparator(span);
    const std::size_t from = span.children[index - 1].end;
    return text_.substr(from, ChildStart(span, index) - from);
}

std::string JsonRewriter::UsualSeparator(const Span& span) const {
    if (span.children.size() >= 2) return Separator(span, 1);
    // One child: a list laid out one per line ("[\n    x\n  ]") gets its next line the same way.
    const std::string prefix = text_.substr(span.begin + 1, ChildStart(span, 0) - (span.begin + 1));
    return prefix.find('\n') != std::string::npos ? "," + prefix : ", ";
}

void JsonRewriter::EmitObject(const Span& span, const ojson& before, const ojson& after,
                              std::string& out) const {
    std::vector<std::string> keys;
    std::vector<const ojson*> values;
    for (auto it = before.begin(); it != before.end(); ++it) {
        keys.push_back(it.key());
        values.push_back(&it.value());
    }
    const std::size_t first_start = ChildStart(span, 0);
    const Span& last = span.children.back();
    out += '{';
    bool first = true;
    for (auto it = after.begin(); it != after.end(); ++it) {
        const auto found = std::find(keys.begin(), keys.end(), it.key());
        const bool kept = found != keys.end();
        const std::size_t j = static_cast<std::size_t>(found - keys.begin());
        if (first) {
            out.append(text_, span.begin + 1, first_start - (span.begin + 1));
        } else {
            out += kept ? Separator(span, j) : UsualSeparator(span);
        }
        first = false;
        if (kept) {
            out.append(text_, span.key_begin[j], span.children[j].begin - span.key_begin[j]);
            Emit(span.children[j], *values[j], it.value(), out);
        } else {
            out += ojson(it.key()).dump(-1, ' ', false, ojson::error_handler_t::replace);
            out += ": ";
            AppendSpaced(it.value(), out);
        }
    }
    if (!after.empty()) out.append(text_, last.end, span.end - 1 - last.end);
    out += '}';
}

void JsonRewriter::EmitArray(const Span& span, const ojson& before, const ojson& after,
                             std::string& out) const {
    const std::size_t k = before.size(), m = after.size();
    // Which old element each new one continues (-1: a new element), by longest common
    // subsequence of equal elements between the common ends; elements left between the same
    // two matches are paired in order (an edited step stays that step, rewritten inside).
    std::vector<long> from(m, -1);
    std::size_t p = 0;
    while (p < k && p < m && before[p] == after[p]) {
        from[p] = static_cast<long>(p);
        ++p;
    }
    std::size_t s = 0;
    while (s < k - p && s < m - p && before[k - 1 - s] == after[m - 1 - s]) {
        from[m - 1 - s] = static_cast<long>(k - 1 - s);
        ++s;
    }
    const std::size_t a = k - p - s, b = m - p - s;
    std::vector<std::pair<long, long>> matches;  // (old, new) in the middle, in order
    if (a > 0 && b > 0 && a * b <= 1000000) {
        std::vector<std::vector<int>> lcs(a + 1, std::vector<int>(b + 1, 0));
        for (std::size_t i = a; i-- > 0;) {
            for (std::size_t j = b; j-- > 0;) {
                lcs[i][j] = before[p + i] == after[p + j] ? lcs[i + 1][j + 1] + 1
                                                          : std::max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        for (std::size_t i = 0, j = 0; i < a && j < b;) {
            if (before[p + i] == after[p + j]) {
                matches.emplace_back(static_cast<long>(p + i), static_cast<long>(p + j));
                ++i;
                ++j;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                ++i;
            } else {
                ++j;
            }
        }
    }
    matches.emplace_back(static_cast<long>(k - s), static_cast<long>(m - s));  // the far end
    long old_at = static_cast<long>(p), new_at = static_cast<long>(p);
    for (const auto& [o, n] : matches) {
        PairGap(before, after, old_at, o, new_at, n, from);
        if (n < static_cast<long>(m - s)) from[static_cast<std::size_t>(n)] = o;
        old_at = o + 1;
        new_at = n + 1;
    }

    const Span& last = span.children.back();
    out += '[';
    for (std::size_t n = 0; n < m; ++n) {
        const long o = from[n];
        if (n == 0) {
            out.append(text_, span.begin + 1, ChildStart(span, 0) - (span.begin + 1));
        } else {
            out += o >= 0 ? Separator(span, static_cast<std::size_t>(o)) : UsualSeparator(span);
        }
        if (o >= 0) {
            const std::size_t i = static_cast<std::size_t>(o);
            Emit(span.children[i], before[i], after[n], out);
        } else {
            AppendSpaced(after[n], out);
        }
    }
    if (m > 0) out.append(text_, last.end, span.end - 1 - last.end);
    out += ']';
}

}  // namespace seam::console

// shared/src/kb/article.cpp — front matter + "## " sections -> seam::kb::Article (see
// article.hpp for the format and the error ids).
//
// Index of this file
//   [SECTION] Helpers: lines, trimming, error messages
//   [SECTION] Front matter
//   [SECTION] Body: intro and passages
//   [SECTION] ParseArticle
#include "seam/kb/article.hpp"

#include <map>

#include "seam/text/stem.hpp"
#include "seam/text/tokenize.hpp"
#include "seam/text/utf8.hpp"

namespace seam::kb {

namespace {

// [SECTION] Helpers: lines, trimming, error messages

struct Line {
    std::string_view text;  // without the line end ("\n" or "\r\n")
    std::size_t number;     // 1-based
};

std::vector<Line> SplitLines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t start = 0;
    std::size_t number = 1;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back({line, number++});
        start = end + 1;
    }
    return lines;
}

bool IsBlank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsBlank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && IsBlank(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string_view TrimRight(std::string_view s) {
    while (!s.empty() && IsBlank(s.back()))
        s.remove_suffix(1);
    return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// A short, printable quotation of `s` for an error message (the text is valid UTF-8 by then).
std::string Quote(std::string_view s) {
    constexpr std::size_t kMax = 40;
    std::string_view cut = text::TruncateUtf8(s, kMax);
    std::string out = "'" + std::string(cut) + (cut.size() < s.size() ? "...'" : "'");
    return out;
}

class ErrorSink {
  public:
    explicit ErrorSink(std::string_view source) : source_(source) {}

    Error At(const char* id, std::size_t line, const std::string& detail) const {
        std::string where = source_.empty() ? "line " + std::to_string(line)
                                            : std::string(source_) + ":" + std::to_string(line);
        return Error::Make(id, where + ": " + detail);
    }

    Error Whole(const char* id, const std::string& detail) const {
        return Error::Make(id, source_.empty() ? detail : std::string(source_) + ": " + detail);
    }

  private:
    std::string_view source_;
};

std::size_t LineOfOffset(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        line += text[i] == '\n' ? 1 : 0;
    return line;
}

// [SECTION] Front matter

bool IsFence(std::string_view line) {
    return line == "---";
}

bool IsSlug(std::string_view s) {
    if (s.empty() || s.size() > 100 || s.front() == '-' || s.back() == '-') return false;
    char prev = 0;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && prev == '-')) return false;
        prev = c;
    }
    return true;
}

bool IsKey(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            return false;
        }
    }
    return true;
}

// "en", "es-MX", "es_419": 2-3 letters, then subtags of letters and digits.
bool IsLanguageTag(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
        ++i;
    if (i < 2 || i > 3) return false;
    bool need_char = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '-' || c == '_') {
            if (need_char) return false;
            need_char = true;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            need_char = false;
        } else {
            return false;
        }
    }
    return !need_char;
}

std::string_view Unquote(std::string_view v) {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        return v.substr(1, v.size() - 2);
    }
    return v;
}

struct Field {
    std::string value;
    std::size_t line;
};

// Reads the tags list "[a, b c, 'd']"; false when it is not a bracketed list.
bool ParseTags(std::string_view value, std::vector<std::string>& tags) {
    if (value.size() < 2 || value.front() != '[' || value.back() != ']') return false;
    std::string_view inner = value.substr(1, value.size() - 2);
    while (true) {
        const std::size_t comma = inner.find(',');
        const std::string_view item = Unquote(Trim(inner.substr(0, comma)));
        if (!item.empty()) tags.emplace_back(item);
        if (comma == std::string_view::npos) break;
        inner.remove_prefix(comma + 1);
    }
    return true;
}

// [SECTION] Body: intro and passages

// Joins body lines: each line right-trimmed, blank lines at both ends dropped, inner runs of
// blank lines collapsed to one (a paragraph break).
std::string JoinBody(const std::vector<std::string_view>& lines) {
    std::string out;
    bool pending_break = false;
    for (std::string_view raw : lines) {
        const std::string_view line = TrimRight(raw);
        if (line.empty()) {
            pending_break = !out.empty();
            continue;
        }
        if (!out.empty()) out += pending_break ? "\n\n" : "\n";
        pending_break = false;
        out += line;
    }
    return out;
}

bool IsCodeFence(std::string_view line) {
    const std::string_view t = Trim(line);
    return StartsWith(t, "```") || StartsWith(t, "~~~");
}

// "## Heading" or "##" (level 2 exactly); `heading` receives the text without closing #s.
bool IsSectionHeading(std::string_view line, std::string_view& heading) {
    if (!StartsWith(line, "##")) return false;
    if (line.size() > 2 && line[2] != ' ' && line[2] != '\t') return false;  // ### or ##x
    std::string_view h = Trim(line.substr(2));
    // An optional closing sequence: "## Heading ##".
    std::size_t end = h.size();
    while (end > 0 && h[end - 1] == '#')
        --end;
    if (end < h.size() && (end == 0 || IsBlank(h[end - 1]))) h = Trim(h.substr(0, end));
    heading = h;
    return true;
}

bool IsTitleHeading(std::string_view line) {
    return line == "#" || StartsWith(line, "# ") || StartsWith(line, "#\t");
}

}  // namespace

std::string HeadingAnchor(std::string_view heading) {
    std::string anchor;
    for (const std::string& word : text::TokenTexts(heading)) {
        if (!anchor.empty()) anchor += '-';
        anchor += word;
    }
    return anchor.empty() ? "section" : anchor;
}

// [SECTION] ParseArticle

Result<Article> ParseArticle(std::string_view text, std::string_view source_name) {
    const ErrorSink err(source_name);
    if (text.size() > kMaxArticleBytes) {
        return err.Whole("seam.kb.too_large", "the article is " + std::to_string(text.size()) +
                                                  " bytes; the limit is " +
                                                  std::to_string(kMaxArticleBytes));
    }
    if (StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark

    // Encoding first: every later message quotes the text, which must then be valid UTF-8.
    const std::size_t bad = text::FirstInvalidOffset(text);
    if (bad < text.size()) {
        return err.At(
            "seam.kb.encoding", LineOfOffset(text, bad),
            "ill-formed UTF-8 at byte " + std::to_string(bad) + " (articles must be UTF-8 text)");
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
            return err.At("seam.kb.encoding", LineOfOffset(text, i),
                          "control byte 0x" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                              std::string(1, "0123456789ABCDEF"[c & 15]) + " at byte " +
                              std::to_string(i) + " (binary data is not an article)");
        }
    }

    const std::vector<Line> lines = SplitLines(text);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return err.At("seam.kb.front_matter", 1,
                      "the article is empty; expected '---' to open the front matter");
    }
    if (!IsFence(TrimRight(lines[0].text))) {
        return err.At("seam.kb.front_matter", 1,
                      "expected '---' to open the front matter, found " + Quote(lines[0].text));
    }

    // Front matter: lines[1 .. close).
    std::size_t close = 1;
    while (close < lines.size() && !IsFence(TrimRight(lines[close].text)))
        ++close;
    if (close == lines.size()) {
        return err.At("seam.kb.front_matter", 1,
                      "the front matter opened here is never closed (no '---' line after it)");
    }
    std::map<std::string, Field> fields;
    for (std::size_t i = 1; i < close; ++i) {
        const std::string_view line = Trim(lines[i].text);
        const std::size_t number = lines[i].number;
        if (line.empty() || line.front() == '#') continue;
        const std::size_t colon = line.find(':');
        const std::string_view key =
            colon == std::string_view::npos ? line : Trim(line.substr(0, colon));
        if (colon == std::string_view::npos || !IsKey(key)) {
            return err.At("seam.kb.front_matter", number,
                          "expected 'key: value' (key in lower case), found " + Quote(line));
        }
        const std::string_view value = Trim(line.substr(colon + 1));
        if (Unquote(value).empty()) {
            return err.At("seam.kb.front_matter", number,
                          "'" + std::string(key) + "' has an empty value");
        }
        const auto found = fields.find(std::string(key));
        if (found != fields.end()) {
            return err.At("seam.kb.front_matter", number,
                          "'" + std::string(key) + "' is repeated (first set on line " +
                              std::to_string(found->second.line) + ")");
        }
        fields.emplace(std::string(key), Field{std::string(value), number});
    }

    const std::size_t close_line = lines[close].number;
    for (const char* required : {"id", "title", "lang"}) {
        if (fields.count(required) == 0) {
            return err.At("seam.kb.missing_field", close_line,
                          std::string("the front matter (lines 1-") + std::to_string(close_line) +
                              ") has no '" + required + "'");
        }
    }

    Article article;
    const Field& id = fields["id"];
    article.id = std::string(Unquote(id.value));
    if (!IsSlug(article.id)) {
        return err.At("seam.kb.bad_field", id.line,
                      "id " + Quote(article.id) +
                          " must be lower-case letters and digits joined by single '-'");
    }
    article.title = std::string(Unquote(fields["title"].value));
    const Field& lang = fields["lang"];
    const std::string_view lang_value = Unquote(lang.value);
    if (!IsLanguageTag(lang_value)) {
        return err.At("seam.kb.bad_field", lang.line,
                      "lang " + Quote(lang_value) + " is not a language tag such as 'en' or 'es'");
    }
    article.lang = text::PrimaryLanguageTag(lang_value);
    if (const auto url = fields.find("url"); url != fields.end()) {
        article.url = std::string(Unquote(url->second.value));
        for (char c : article.url) {
            if (IsBlank(c)) {
                return err.At("seam.kb.bad_field", url->second.line,
                              "url " + Quote(article.url) + " contains white space");
            }
        }
    }
    if (const auto tags = fields.find("tags"); tags != fields.end()) {
        if (!ParseTags(tags->second.value, article.tags)) {
            return err.At("seam.kb.bad_field", tags->second.line,
                          "tags must be a list such as [returns, refunds], found " +
                              Quote(tags->second.value));
        }
    }

    // Body.
    std::vector<std::string_view> intro;
    std::vector<std::string_view> body;
    bool in_fence = false;
    bool seen_title = false;
    bool in_passage = false;
    Passage current;
    std::map<std::string, int> anchors_used;
    auto finish = [&]() -> Result<bool> {
        if (!in_passage) return true;
        current.text = JoinBody(body);
        body.clear();
        if (current.text.empty()) {
            return err.At("seam.kb.empty_passage", current.line,
                          "section " + Quote(current.heading) + " has no text");
        }
        std::string anchor = HeadingAnchor(current.heading);
        const int uses = ++anchors_used[anchor];
        if (uses > 1) anchor += "-" + std::to_string(uses);
        current.anchor = std::move(anchor);
        article.passages.push_back(std::move(current));
        current = Passage{};
        return true;
    };
    for (std::size_t i = close + 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i].text;
        std::string_view heading;
        if (IsCodeFence(line)) in_fence = !in_fence;
        if (!in_fence && IsSectionHeading(line, heading)) {
            if (Result<bool> done = finish(); !done) return done.error();
            if (heading.empty()) {
                return err.At("seam.kb.empty_passage", lines[i].number, "'##' without a heading");
            }
            in_passage = true;
            current.heading = std::string(heading);
            current.line = lines[i].number;
            continue;
        }
        if (in_passage) {
            body.push_back(line);
        } else if (!in_fence && !seen_title && IsTitleHeading(line)) {
            seen_title = true;  // the "# Title" line repeats the front matter title
        } else {
            intro.push_back(line);
        }
    }
    if (Result<bool> done = finish(); !done) return done.error();
    article.intro = JoinBody(intro);
    if (article.passages.empty()) {
        return err.At("seam.kb.empty_body", close_line,
                      "no '## ' section with text after the front matter (each '## question' "
                      "section is one answer)");
    }
    return article;
}

}  // namespace seam::kb

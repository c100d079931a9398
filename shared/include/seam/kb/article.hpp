// shared/include/seam/kb/article.hpp — one knowledge-base article, parsed from its Markdown text.
//
// An article is a Markdown file with a small front matter block; each "## " section is one
// retrievable passage (a customer question and its answer):
//
//     ---
//     id: returns-policy
//     title: Returns and refunds
//     lang: en
//     url: /help/returns-policy
//     tags: [returns, refunds, exchanges]
//     ---
//     # Returns and refunds
//     Intro paragraph.
//
//     ## How long do I have to return an item?
//     Answer paragraph(s).
//
// The parser does no I/O: callers read the file and pass its text. Anything that is not a valid
// article (binary data, ill-formed UTF-8, missing or broken front matter, no passages) is an Error
// whose message names the line; nothing crashes on any input.
//
// Front matter: one `key: value` per line; values may be quoted ("..." or '...'); blank lines and
// lines starting with '#' are ignored; unknown keys are ignored (forward compatibility) but
// repeated keys are errors. `id`, `title` and `lang` are required; `url` and `tags` are optional.
//
// Error ids (stable):
//   seam.kb.too_large          the text is larger than kMaxArticleBytes
//   seam.kb.encoding           ill-formed UTF-8, NUL or other control bytes (binary data)
//   seam.kb.front_matter       no opening "---" on line 1, no closing "---", a line that is not
//                              `key: value`, a repeated key, an empty value
//   seam.kb.missing_field      id, title or lang absent
//   seam.kb.bad_field          id not a slug ([a-z0-9] and inner '-'), lang not a language tag,
//                              tags not a [list], url with white space
//   seam.kb.empty_body         no "## " section with text
//   seam.kb.empty_passage      a "## " heading without text, or "##" without a heading
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::kb {

//! Largest article text accepted (bytes). Real articles are a few KB.
inline constexpr std::size_t kMaxArticleBytes = 1u << 20;

//! One "## " section: the question a customer might ask and its answer.
struct Passage {
    std::string heading;   //!< heading text without "## ", trimmed
    std::string text;      //!< Markdown body, trimmed, runs of blank lines collapsed to one
    std::string anchor;    //!< URL fragment for the heading ("how-long-do-i-have"), unique per
                           //!< article
    std::size_t line = 0;  //!< 1-based line of the heading in the source
};

struct Article {
    std::string id;                 //!< slug, unique per language ("returns-policy")
    std::string title;              //!< front matter title
    std::string lang;               //!< primary language tag, lower case ("en", "es")
    std::string url;                //!< help-centre URL of the article, may be empty
    std::vector<std::string> tags;  //!< front matter tags, in the order written
    std::string intro;              //!< text between the front matter / "# " title and the first
                                    //!< "## " section (not a passage)
    std::vector<Passage> passages;  //!< in document order, never empty in a parsed article
};

//! Parses one article. `source_name` (e.g. "en/returns-policy.md") only prefixes error messages
//! ("[seam.kb.front_matter] en/returns-policy.md:7: ..."); it may be empty. A UTF-8 byte-order
//! mark and CRLF line ends are accepted. Lines inside ``` fences are never headings.
Result<Article> ParseArticle(std::string_view text, std::string_view source_name = {});

//! The anchor of a heading: its folded words joined by '-' ("How long do I have?" ->
//! "how-long-do-i-have"); "section" when the heading has no words.
std::string HeadingAnchor(std::string_view heading);

}  // namespace seam::kb

// tests/unit/kb/test_article.cpp — parsing knowledge-base articles: good ones, broken ones (each
// with its stable error id and the line it names), arbitrary bytes, and the real demo articles.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/files.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/kb/article.hpp"

using seam::kb::Article;
using seam::kb::ParseArticle;

namespace {

const char* const kGood =
    "---\n"
    "id: returns-policy\n"
    "title: Returns and refunds\n"
    "lang: en\n"
    "url: /help/returns-policy\n"
    "tags: [returns, refunds, \"return label\"]\n"
    "---\n"
    "# Returns and refunds\n"
    "Intro paragraph.\n"
    "\n"
    "## How long do I have to return an item?\n"
    "You have 30 days.\n"
    "\n"
    "\n"
    "Second paragraph.   \n"
    "\n"
    "## Is the return label free?\n"
    "Yes, for Plus members.\n";

}  // namespace

TEST_CASE("kb article: a good article") {
    const seam::Result<Article> r = ParseArticle(kGood);
    CHECK(r);
    if (!(r)) return;
    const Article& a = *r;
    CHECK(a.id == "returns-policy");
    CHECK(a.title == "Returns and refunds");
    CHECK(a.lang == "en");
    CHECK(a.url == "/help/returns-policy");
    CHECK(a.tags == std::vector<std::string>{"returns", "refunds", "return label"});
    CHECK(a.intro == "Intro paragraph.");
    CHECK(a.passages.size() == 2);
    if (!(a.passages.size() == 2)) return;
    CHECK(a.passages[0].heading == "How long do I have to return an item?");
    CHECK(a.passages[0].text == "You have 30 days.\n\nSecond paragraph.");
    CHECK(a.passages[0].anchor == "how-long-do-i-have-to-return-an-item");
    CHECK(a.passages[0].line == 11);
    CHECK(a.passages[1].heading == "Is the return label free?");
    CHECK(a.passages[1].text == "Yes, for Plus members.");
    CHECK(a.passages[1].line == 17);
}

TEST_CASE("kb article: tolerated variations") {
    SUBCASE("CRLF line ends and a byte-order mark") {
        std::string crlf = "\xEF\xBB\xBF";
        for (const char* p = kGood; *p; ++p) {
            if (*p == '\n') crlf += '\r';
            crlf += *p;
        }
        const seam::Result<Article> r = ParseArticle(crlf);
        CHECK(r);
        if (!(r)) return;
        CHECK(r->id == "returns-policy");
        CHECK(r->passages.size() == 2);
        if (!(r->passages.size() == 2)) return;
        CHECK(r->passages[0].text == "You have 30 days.\n\nSecond paragraph.");
    }
    SUBCASE("quotes, comments, unknown keys, no url or tags, no # title, region in lang") {
        const seam::Result<Article> r = ParseArticle(
            "---\n"
            "# a comment\n"
            "id: 'faq-2'\n"
            "title: \"Q: and A\"\n"
            "\n"
            "lang: es-MX\n"
            "owner: support-team\n"
            "---\n"
            "## \xC2\xBF"
            "D\xC3\xB3nde est\xC3\xA1 mi pedido? ##\n"
            "En camino.\n");
        CHECK(r);
        if (!(r)) return;
        CHECK(r->id == "faq-2");
        CHECK(r->title == "Q: and A");
        CHECK(r->lang == "es");
        CHECK(r->url.empty());
        CHECK(r->tags.empty());
        CHECK(r->intro.empty());
        CHECK(r->passages.size() == 1);
        if (!(r->passages.size() == 1)) return;
        CHECK(r->passages[0].heading ==
              "\xC2\xBF"
              "D\xC3\xB3nde est\xC3\xA1 mi pedido?");
        CHECK(r->passages[0].anchor == "donde-esta-mi-pedido");
    }
    SUBCASE("code fences hide headings; ### stays in the text; repeated headings") {
        const seam::Result<Article> r = ParseArticle(
            "---\nid: a\ntitle: T\nlang: en\ntags: []\n---\n"
            "## Same\n"
            "```\n"
            "## not a heading\n"
            "```\n"
            "### Sub-heading\n"
            "## Same\n"
            "Text.\n");
        CHECK(r);
        if (!(r)) return;
        CHECK(r->tags.empty());
        CHECK(r->passages.size() == 2);
        if (!(r->passages.size() == 2)) return;
        CHECK(r->passages[0].text == "```\n## not a heading\n```\n### Sub-heading");
        CHECK(r->passages[0].anchor == "same");
        CHECK(r->passages[1].anchor == "same-2");
    }
    SUBCASE("a heading without words gets a generic anchor") {
        const seam::Result<Article> r =
            ParseArticle("---\nid: a\ntitle: T\nlang: en\n---\n## ???\nText.\n");
        CHECK(r);
        if (!(r)) return;
        CHECK(r->passages[0].anchor == "section");
    }
}

namespace {

struct Broken {
    const char* name;  // n_<what is wrong>
    std::string text;
    const char* id;        // expected error id
    const char* fragment;  // expected somewhere in the message (usually the line)
};

std::string Header(const std::string& lines) {
    return "---\n" + lines + "---\n";
}

const std::string kFields = "id: a\ntitle: T\nlang: en\n";
const std::string kBody = "## Q?\nA.\n";

const std::vector<Broken>& BrokenArticles() {
    static const std::vector<Broken> cases = {
        {"n_empty", "", "seam.kb.front_matter", "line 1: the article is empty"},
        {"n_white_space_only", " \r\n\t\n", "seam.kb.front_matter", "line 1: the article is empty"},
        {"n_no_front_matter", "# Title\n" + kBody, "seam.kb.front_matter",
         "line 1: expected '---'"},
        {"n_front_matter_not_first", "\n" + Header(kFields) + kBody, "seam.kb.front_matter",
         "line 1"},
        {"n_unterminated_front_matter", "---\n" + kFields + kBody, "seam.kb.front_matter",
         "never closed"},
        {"n_no_id", Header("title: T\nlang: en\n") + kBody, "seam.kb.missing_field", "no 'id'"},
        {"n_no_title", Header("id: a\nlang: en\n") + kBody, "seam.kb.missing_field", "no 'title'"},
        {"n_no_lang", Header("id: a\ntitle: T\n") + kBody, "seam.kb.missing_field", "no 'lang'"},
        {"n_line_without_colon", Header("id: a\ntitle T\nlang: en\n") + kBody,
         "seam.kb.front_matter", "line 3: expected 'key: value'"},
        {"n_upper_case_key", Header("ID: a\n" + kFields) + kBody, "seam.kb.front_matter", "line 2"},
        {"n_repeated_key", Header(kFields + "id: b\n") + kBody, "seam.kb.front_matter",
         "line 5: 'id' is repeated (first set on line 2)"},
        {"n_empty_value", Header("id: a\ntitle:\nlang: en\n") + kBody, "seam.kb.front_matter",
         "line 3: 'title' has an empty value"},
        {"n_empty_quoted_value", Header("id: a\ntitle: \"\"\nlang: en\n") + kBody,
         "seam.kb.front_matter", "line 3"},
        {"n_id_not_a_slug", Header("id: Returns Policy\ntitle: T\nlang: en\n") + kBody,
         "seam.kb.bad_field", "line 2: id 'Returns Policy'"},
        {"n_id_double_dash", Header("id: a--b\ntitle: T\nlang: en\n") + kBody, "seam.kb.bad_field",
         "line 2"},
        {"n_lang_not_a_tag", Header("id: a\ntitle: T\nlang: english!\n") + kBody,
         "seam.kb.bad_field", "line 4: lang 'english!'"},
        {"n_tags_not_a_list", Header(kFields + "tags: returns, refunds\n") + kBody,
         "seam.kb.bad_field", "line 5: tags must be a list"},
        {"n_url_with_space", Header(kFields + "url: /help/a b\n") + kBody, "seam.kb.bad_field",
         "line 5"},
        {"n_empty_body", Header(kFields), "seam.kb.empty_body", "line 5: no '## ' section"},
        {"n_intro_only", Header(kFields) + "# T\nIntro only.\n", "seam.kb.empty_body", "line 5"},
        {"n_heading_without_text", Header(kFields) + "## Q1?\n\n## Q2?\nA.\n",
         "seam.kb.empty_passage", "line 6: section 'Q1?' has no text"},
        {"n_last_heading_without_text", Header(kFields) + kBody + "## Q2?\n   \n",
         "seam.kb.empty_passage", "line 8"},
        {"n_heading_without_words", Header(kFields) + "##\nText.\n", "seam.kb.empty_passage",
         "line 6: '##' without a heading"},
        {"n_binary",
         std::string("\x7F"
                     "ELF\x02\x01\x01\x00\x00\x00",
                     10),
         "seam.kb.encoding", "line 1: control byte 0x7F at byte 0"},
        {"n_nul_in_passage", Header(kFields) + "## Q?\nA" + std::string(1, '\0') + "B\n",
         "seam.kb.encoding", "line 7: control byte 0x00 at byte 39"},
        {"n_malformed_utf8_title", Header("id: a\ntitle: Caf\xC3\x28\nlang: en\n") + kBody,
         "seam.kb.encoding", "line 3: ill-formed UTF-8 at byte 20"},
        {"n_overlong_utf8", Header(kFields) + "## Q?\n\xC0\xAF\n", "seam.kb.encoding", "line 7"},
        {"n_truncated_utf8_at_end", Header(kFields) + kBody + "\xE2\x82", "seam.kb.encoding",
         "line 8"},
        {"n_too_large", Header(kFields) + kBody + std::string(seam::kb::kMaxArticleBytes, 'a'),
         "seam.kb.too_large", "the limit is 1048576"},
    };
    return cases;
}

}  // namespace

TEST_CASE("kb article: broken articles are errors with a stable id and the line") {
    for (const Broken& c : BrokenArticles()) {
        CAPTURE(c.name);
        const seam::Result<Article> r = ParseArticle(c.text);
        CHECK(!r);
        if (r) continue;
        CAPTURE(r.error().message);
        CHECK(r.error().id == c.id);
        CHECK(r.error().message.rfind("[" + std::string(c.id) + "] ", 0) == 0);
        CHECK(r.error().message.find(c.fragment) != std::string::npos);
    }
}

TEST_CASE("kb article: the source name prefixes error messages") {
    const seam::Result<Article> r = ParseArticle("no front matter", "en/broken.md");
    CHECK(!r);
    if (!(!r)) return;
    CHECK(r.error().message.rfind("[seam.kb.front_matter] en/broken.md:1: expected '---'", 0) == 0);
    const seam::Result<Article> big =
        ParseArticle(std::string(seam::kb::kMaxArticleBytes + 1, 'x'), "en/big.md");
    CHECK(!big);
    if (!(!big)) return;
    CHECK(big.error().message.rfind("[seam.kb.too_large] en/big.md: ", 0) == 0);
}

TEST_CASE("kb article: error messages quote at most 40 bytes, on a code point boundary") {
    const std::string line(30, 'x');
    const std::string text = line + "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9" + line;
    const seam::Result<Article> r = ParseArticle(text);
    CHECK(!r);
    if (!(!r)) return;
    CHECK(
        r.error().message.find("found '" + line + "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9...'") !=
        std::string::npos);
}

TEST_CASE("kb article: property: arbitrary bytes never crash and errors are well-formed") {
    seam::testing::FuzzBytes gen(0xA871C1E);
    const std::string good = kGood;
    for (int i = 0; i < 3000; ++i) {
        std::string text;
        switch (i % 3) {
            case 0:  // pure noise
                text = gen.Bytes(gen.Next() % 300);
                break;
            case 1:  // a good article with a few bytes overwritten
                text = good;
                for (int k = 0; k < 3; ++k) {
                    text[gen.Next() % text.size()] = static_cast<char>(gen.Next() & 0xFF);
                }
                break;
            default:  // a prefix of a good article, then noise
                text = good.substr(0, gen.Next() % good.size()) + gen.Bytes(gen.Next() % 8);
                break;
        }
        const seam::Result<Article> r = ParseArticle(text);
        if (r) {
            SEAM_CHECK_OR_BREAK((!r->id.empty() && !r->passages.empty()));
            for (const seam::kb::Passage& p : r->passages) {
                SEAM_CHECK_OR_BREAK((!p.heading.empty() && !p.text.empty() && !p.anchor.empty()));
            }
        } else {
            CAPTURE(r.error().message);
            SEAM_CHECK_OR_BREAK(r.error().id.rfind("seam.kb.", 0) == 0);
            SEAM_CHECK_OR_BREAK(r.error().message.rfind("[" + r.error().id + "] ", 0) == 0);
        }
    }
}

TEST_CASE("kb article: every prefix of a good article parses or fails cleanly") {
    const std::string good = kGood;
    int parsed = 0;
    for (std::size_t n = 0; n <= good.size(); ++n) {
        const seam::Result<Article> r = ParseArticle(good.substr(0, n));
        parsed += r ? 1 : 0;
        if (!r) SEAM_CHECK_OR_BREAK(r.error().id.rfind("seam.kb.", 0) == 0);
    }
    CHECK(parsed > 0);
}

namespace {

//! The demo knowledge base: every article exists in both languages (assets/demo-business.md).
const std::vector<std::string>& DemoArticleIds() {
    static const std::vector<std::string> ids = {"account-and-password",
                                                 "coffee-club",
                                                 "contact-and-hours",
                                                 "delivery-changes",
                                                 "exchanges-and-warranty",
                                                 "invoices",
                                                 "larchwood-plus",
                                                 "order-tracking",
                                                 "payments",
                                                 "privacy",
                                                 "refunds",
                                                 "returns-policy",
                                                 "shipping",
                                                 "sizing-and-care"};
    return ids;
}

}  // namespace

TEST_CASE("kb article: the demo knowledge base parses and is consistent") {
    for (const char* lang : {"en", "es"}) {
        for (const std::string& id : DemoArticleIds()) {
            const std::string relative = std::string("assets/kb/") + lang + "/" + id + ".md";
            CAPTURE(relative);
            bool ok = false;
            const std::string text =
                seam::testing::ReadFile(seam::testing::SourcePath(relative), &ok);
            CHECK(ok);
            const seam::Result<Article> r = ParseArticle(text, relative);
            if (!r) {
                FAIL_CHECK(r.error().message);
                continue;
            }
            CHECK(r->id == id);
            CHECK(r->lang == lang);
            CHECK(r->url == (std::string(lang) == "en" ? "" : "/es") + std::string("/help/") + id);
            CHECK(!r->title.empty());
            CHECK(!r->tags.empty());
            CHECK(r->passages.size() >= 3);
        }
    }
}

// tests/unit/console/test_knowledge_editor.cpp — the knowledge editor (issue 19, deliverable 3;
// seam/console/knowledge_editor.hpp): every demo article written back byte for byte, edits
// regenerated in the articles' own format, the side-by-side pair with a missing translation,
// drafts through the ContentModel, and the preview over recent customer questions with the
// product's retriever: a new question heading makes a question "now answers", removing a section
// makes one "stops answering".
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "../support/check.hpp"
#include "../support/files.hpp"
#include "fake_transport.hpp"
#include "seam/console/knowledge_editor.hpp"
#include "seam/kb/article.hpp"

using nlohmann::json;
using namespace seam::console;
using seam::console::testing::FakeTransport;

namespace {

// [SECTION] Fixtures

//! Every article under assets/kb: path ("kb/en/refunds.md") -> text.
seam::content::Files DemoArticles() {
    seam::content::Files files;
    for (const char* lang : {"en", "es"}) {
        std::error_code ec;
        const std::string dir = seam::testing::SourcePath(std::string("assets/kb/") + lang);
        std::filesystem::directory_iterator it(dir, ec);
        for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.size() < 4 || name.compare(name.size() - 3, 3, ".md") != 0) continue;
            files[std::string("kb/") + lang + "/" + name] =
                seam::testing::ReadFile(it->path().string());
        }
    }
    return files;
}

//! The console's content model, logged in, with `files` published.
struct Rig {
    FakeTransport transport;
    Api api{transport};
    Session session{api};
    ContentModel content{api, session};
    KnowledgeEditor editor{content};
    std::int64_t now = 1000000;

    explicit Rig(const seam::content::Files& files) {
        session.Login("maya", "maya-demo-secret");
        transport.Answer(
            "POST /v1/agents/login", 200,
            json{{"token", "t-maya"},
                 {"expires_at", 99999},
                 {"agent", {{"login", "maya"}, {"name", "Maya Patel"}, {"role", "admin"}}}}
                .dump());
        Frame();
        json body = {{"version", 3}, {"files", files}, {"items", json::array()}, {"actions", "{}"}};
        transport.Answer("GET /v1/content/export", 200, body.dump());
        transport.Answer("GET /v1/content/drafts", 200, R"({"drafts": []})");
        Frame();
    }
    void Frame(std::int64_t ms = 16) {
        api.Pump();
        now += ms;
        content.Update(now);
        editor.Update(now, true);
    }
    void AnswerQuestions(const json& questions) {
        transport.Answer("GET /v1/content/questions", 200, json{{"questions", questions}}.dump());
        Frame();
    }
};

json Q(const std::string& text, const std::string& locale = "en") {
    return {{"case_id", "c_" + std::to_string(text.size())},
            {"text", text},
            {"locale", locale},
            {"at", "2026-12-07T10:00:00Z"}};
}

bool Has(const std::vector<PreviewRow>& rows, const std::string& text) {
    for (const PreviewRow& r : rows)
        if (r.question.text == text) return true;
    return false;
}

const PreviewRow* Find(const std::vector<PreviewRow>& rows, const std::string& text) {
    for (const PreviewRow& r : rows)
        if (r.question.text == text) return &r;
    return nullptr;
}

}  // namespace

// [SECTION] Round trip

TEST_CASE("knowledge editor: every demo article is written back byte for byte") {
    const seam::content::Files files = DemoArticles();
    REQUIRE(files.size() >= 28);
    for (const auto& file : files) {
        // (no structured binding: clang cannot capture one in CAPTURE's lambda)
        const std::string& path = file.first;
        const std::string& text = file.second;
        CAPTURE(path);
        const ArticleDoc doc = ArticleDoc::Parse(text);
        CHECK(doc.structured());
        CHECK(doc.Text() == text);
        // And the parts are what the product's parser reads.
        auto article = seam::kb::ParseArticle(text, path);
        SEAM_CHECK_OR_BREAK(static_cast<bool>(article));
        CHECK(doc.title() == article->title);
        CHECK(doc.intro() == article->intro);
        SEAM_CHECK_OR_BREAK(doc.size() == article->passages.size());
        for (std::size_t i = 0; i < doc.size(); ++i) {
            CHECK(doc.heading(i) == article->passages[i].heading);
            CHECK(doc.answer(i) == article->passages[i].text);
        }
    }
}

TEST_CASE("knowledge editor: odd articles round-trip too") {
    // y_: kept exactly as they are, however unusual.
    const char* const cases[] = {
        "---\r\nid: a\r\ntitle: A\r\nlang: en\r\n---\r\n# A\r\nIntro.\r\n\r\n## Q?\r\nAnswer.\r\n",
        "---\nid: a\ntitle: \"Quoted\"\nlang: en\n---\n# Quoted\n\n## Q?\nNo final new line",
        "\xEF\xBB\xBF---\nid: a\ntitle: A\nlang: en\n---\n## Q?\nNo title line, no intro.\n",
        "---\nid: a\ntitle: A\nlang: en\n---\nIntro before the title.\n# A\n\n## Q?\nA.\n",
        ("---\nid: a\ntitle: A\nlang: en\n---\n# A\n\n## Q? ##\n```\n## not a heading\n```\n\n\n"
         "## Second   \n  Indented answer.  \n\n\n"),
        "---\nid: a\nlang: en\n---\n# no title in the front matter\n## Q\nA\n",
        "no front matter at all\n## Q\nA\n",
        "---\nid: a\ntitle: never closed\n## Q\nA\n",
        "",
    };
    for (const char* text : cases) {
        CAPTURE(text);
        CHECK(ArticleDoc::Parse(text).Text() == text);
    }
    CHECK_FALSE(ArticleDoc::Parse("no front matter at all\n## Q\nA\n").structured());
    CHECK(ArticleDoc::Parse(cases[4]).size() == 2);    // the fenced "##" is answer text
    CHECK(ArticleDoc::Parse(cases[3]).intro() == "");  // (text before "# " stays as it is)
}

// [SECTION] Edits

TEST_CASE("knowledge editor: edits regenerate the article in its own format") {
    const seam::content::Files files = DemoArticles();
    const std::string& text = files.at("kb/en/refunds.md");
    ArticleDoc doc = ArticleDoc::Parse(text);
    const std::size_t n = doc.size();
    REQUIRE(n >= 2);

    SUBCASE("title: the front matter and the # line") {
        doc.SetTitle("Refunds, fast");
        const std::string out = doc.Text();
        CHECK(out.find("\ntitle: Refunds, fast\n") != std::string::npos);
        CHECK(out.find("\n# Refunds, fast\n") != std::string::npos);
        auto a = seam::kb::ParseArticle(out);
        REQUIRE(a);
        CHECK(a->title == "Refunds, fast");
        CHECK(a->passages.size() == n);
    }
    SUBCASE("a heading and an answer, with a new paragraph") {
        doc.SetHeading(0, "When do I get my money back?");
        doc.SetAnswer(0, "Within 5 to 10 working days.\n\nYour bank may take longer.");
        auto a = seam::kb::ParseArticle(doc.Text());
        REQUIRE(a);
        CHECK(a->passages[0].heading == "When do I get my money back?");
        CHECK(a->passages[0].text == "Within 5 to 10 working days.\n\nYour bank may take longer.");
        CHECK(a->passages[1].heading == doc.heading(1));
        // Only the edited lines changed.
        CHECK(doc.Text().size() != text.size());
        CHECK(doc.Text().substr(doc.Text().find("\n## " + doc.heading(1))) ==
              text.substr(text.find("\n## " + doc.heading(1))));
    }
    SUBCASE("what was typed survives, a trailing new line included") {
        doc.SetAnswer(1, "A new line is coming:\n");
        CHECK(doc.answer(1) == "A new line is coming:\n");
        CHECK(seam::kb::ParseArticle(doc.Text()));
    }
    SUBCASE("removing the last section and adding it back gives the same bytes") {
        const std::string heading = doc.heading(n - 1), answer = doc.answer(n - 1);
        doc.RemoveSection(n - 1);
        CHECK(doc.size() == n - 1);
        const std::string shorter = doc.Text();
        CHECK(shorter.back() == '\n');
        CHECK(shorter.substr(shorter.size() - 2) != "\n\n");  // no blank line left at the end
        doc.AddSection(heading, answer);
        CHECK(doc.Text() == text);
    }
    SUBCASE("a section in the middle") {
        const std::string second = doc.heading(1);
        doc.RemoveSection(0);
        CHECK(doc.heading(0) == second);
        auto a = seam::kb::ParseArticle(doc.Text());
        REQUIRE(a);
        CHECK(a->passages.size() == n - 1);
    }
    SUBCASE("an article that ends without a new line gets a blank line before a new section") {
        ArticleDoc bare = ArticleDoc::Parse("---\nid: a\ntitle: A\nlang: en\n---\n# A\n## Q\nA");
        bare.AddSection("Q2", "A2");
        CHECK(bare.Text() == "---\nid: a\ntitle: A\nlang: en\n---\n# A\n## Q\nA\n\n## Q2\nA2\n");
    }
}

TEST_CASE("knowledge editor: a new article and a translation start from a skeleton") {
    const ArticleDoc doc =
        ArticleDoc::Make("gift-cards", "es", "/es/help/gift-cards", "", {"", ""});
    CHECK(doc.structured());
    CHECK(doc.size() == 2);
    CHECK(doc.url() == "/es/help/gift-cards");
    ArticleDoc filled = doc;
    filled.SetTitle("Tarjetas regalo");
    filled.SetIntro("Todo sobre las tarjetas regalo.");
    filled.SetHeading(0, "¿Venden tarjetas regalo?");
    filled.SetAnswer(0, "Sí, de 25 a 200 €.");
    filled.SetHeading(1, "¿Caducan?");
    filled.SetAnswer(1, "No caducan nunca.");
    auto a = seam::kb::ParseArticle(filled.Text(), "kb/es/gift-cards.md");
    REQUIRE(a);
    CHECK(a->id == "gift-cards");
    CHECK(a->lang == "es");
    CHECK(a->title == "Tarjetas regalo");
    CHECK(a->intro == "Todo sobre las tarjetas regalo.");
    CHECK(a->passages.size() == 2);
    CHECK(filled.Text() ==
          "---\nid: gift-cards\ntitle: Tarjetas regalo\nlang: es\nurl: /es/help/gift-cards\n---\n"
          "# Tarjetas regalo\nTodo sobre las tarjetas regalo.\n\n## ¿Venden tarjetas regalo?\n"
          "Sí, de 25 a 200 €.\n\n## ¿Caducan?\nNo caducan nunca.\n");
}

TEST_CASE("knowledge editor: article paths") {
    std::string lang, slug;
    CHECK(ParseArticlePath("kb/es/refunds.md", lang, slug));
    CHECK(lang == "es");
    CHECK(slug == "refunds");
    CHECK(ArticlePath("en", "refunds") == "kb/en/refunds.md");
    for (const char* bad : {"kb/refunds.md", "kb/en/x/y.md", "flows/refunds.json", "kb/en/.md",
                            "kb//x.md", "kb/en/refunds.txt"}) {
        CAPTURE(bad);
        CHECK_FALSE(ParseArticlePath(bad, lang, slug));
    }
}

// [SECTION] The editor over the content model

TEST_CASE("knowledge editor: both languages side by side, edits become drafts") {
    Rig rig(DemoArticles());
    REQUIRE(rig.content.loaded());
    const std::vector<ArticleEntry> list = rig.editor.Articles();
    CHECK(list.size() == 14);
    rig.editor.Select("refunds");
    REQUIRE(rig.editor.doc(0));
    REQUIRE(rig.editor.doc(1));
    CHECK(rig.editor.doc(0)->title() == "Refunds");
    CHECK(rig.editor.doc(1)->title() == "Reembolsos");
    CHECK(rig.editor.question_count() == rig.editor.doc(0)->size());
    CHECK(rig.editor.Problems(0).empty());

    CHECK_FALSE(rig.editor.has_draft());
    rig.editor.SetTitle(1, "Reembolsos y abonos");
    CHECK(rig.editor.has_draft());
    CHECK(rig.content.has_draft("kb/es/refunds.md"));
    CHECK_FALSE(rig.content.has_draft("kb/en/refunds.md"));
    CHECK(rig.content.Text("kb/es/refunds.md")->find("title: Reembolsos y abonos\n") !=
          std::string::npos);
    rig.Frame();
    CHECK(rig.editor.doc(1)->title() == "Reembolsos y abonos");  // not re-read from the draft

    // Edited back to what is published: no draft left.
    rig.editor.SetTitle(1, "Reembolsos");
    CHECK_FALSE(rig.content.has_draft("kb/es/refunds.md"));
    CHECK_FALSE(rig.editor.has_draft());

    // A question is added and removed in both languages.
    const std::size_t n = rig.editor.question_count();
    rig.editor.AddQuestion();
    CHECK(rig.editor.question_count() == n + 1);
    CHECK(rig.content.has_draft("kb/en/refunds.md"));
    CHECK(rig.content.has_draft("kb/es/refunds.md"));
    CHECK_FALSE(rig.editor.Problems(0).empty());  // an empty "##": the parser says so
    rig.editor.RemoveQuestion(n);
    CHECK_FALSE(rig.content.has_draft("kb/en/refunds.md"));  // back to the published bytes
    CHECK_FALSE(rig.content.has_draft("kb/es/refunds.md"));

    // A draft discarded elsewhere is read again.
    rig.editor.SetHeading(0, 0, "When is my refund coming?");
    rig.content.DiscardDraft("kb/en/refunds.md");
    rig.Frame();
    CHECK(rig.editor.doc(0)->heading(0) == "When will I get my refund?");
}

TEST_CASE("knowledge editor: a missing translation is flagged and can be started") {
    seam::content::Files files = DemoArticles();
    files.erase("kb/es/refunds.md");
    Rig rig(files);
    bool flagged = false;
    for (const ArticleEntry& a : rig.editor.Articles()) {
        if (a.slug != "refunds") {
            CHECK_FALSE(a.missing_translation());
            continue;
        }
        flagged = a.missing_translation() && a.has[0] && !a.has[1];
    }
    CHECK(flagged);
    rig.editor.Select("refunds");
    CHECK(rig.editor.doc(0) != nullptr);
    CHECK(rig.editor.doc(1) == nullptr);
    rig.editor.CreateTranslation(1);
    REQUIRE(rig.editor.doc(1));
    CHECK(rig.editor.doc(1)->size() == rig.editor.doc(0)->size());
    CHECK(rig.editor.doc(1)->url() == "/es/help/refunds");
    const std::string* es = rig.content.Text("kb/es/refunds.md");
    REQUIRE(es);
    CHECK(es->find("lang: es\n") != std::string::npos);
    CHECK_FALSE(rig.editor.Problems(1).empty());  // empty until it is written
}

TEST_CASE("knowledge editor: a new article in both languages") {
    Rig rig(DemoArticles());
    std::string why;
    CHECK_FALSE(rig.editor.NewArticle("refunds", &why));
    CHECK(why.find("already") != std::string::npos);
    CHECK_FALSE(rig.editor.NewArticle("Gift Cards", &why));
    CHECK(rig.editor.NewArticle("gift-cards", &why));
    CHECK(rig.editor.selected() == "gift-cards");
    CHECK(rig.content.has_draft("kb/en/gift-cards.md"));
    CHECK(rig.content.has_draft("kb/es/gift-cards.md"));
    CHECK(rig.editor.question_count() == 1);
}

// [SECTION] Preview

TEST_CASE("knowledge editor: a new question heading makes a question 'now answers'") {
    Rig rig(DemoArticles());
    rig.AnswerQuestions({Q("Do you sell gift cards?"), Q("Can I pay with PayPal?"),
                         Q("What's the weather in Paris?")});
    REQUIRE(rig.content.questions().size() == 3);
    rig.editor.Select("payments");
    rig.Frame(KnowledgeEditor::kPreviewDelayMs);
    const ArticlePreview& before = rig.editor.preview();
    REQUIRE(before.ran);
    CHECK(before.error.empty());
    CHECK(before.questions == 3);
    CHECK(before.now_answers.empty());  // nothing changed yet
    CHECK(Has(before.keeps_answering, "Can I pay with PayPal?"));
    CHECK_FALSE(Has(before.keeps_answering, "Do you sell gift cards?"));  // below the threshold

    rig.editor.AddQuestion();
    const std::size_t i = rig.editor.question_count() - 1;
    rig.editor.SetHeading(i, 0, "Do you sell gift cards?");
    rig.editor.SetAnswer(i, 0, "Yes: Larchwood gift cards from $25 to $200, sent by email.");
    rig.editor.SetHeading(i, 1, "¿Venden tarjetas regalo?");
    rig.editor.SetAnswer(i, 1, "Sí: tarjetas regalo de Larchwood de 25 a 200 $, por correo.");
    CHECK(rig.editor.preview_pending());
    rig.Frame();
    CHECK(rig.editor.preview_pending());  // waits for the typing to pause
    rig.Frame(KnowledgeEditor::kPreviewDelayMs);
    CHECK_FALSE(rig.editor.preview_pending());
    const ArticlePreview& after = rig.editor.preview();
    CHECK(after.error.empty());
    const PreviewRow* row = Find(after.now_answers, "Do you sell gift cards?");
    REQUIRE(row);
    CHECK(row->before.empty());
    CHECK(row->after == "Do you sell gift cards?");
    CHECK(row->after_confidence >= 0.5);  // kb::IndexOptions::min_confidence
    CHECK(Has(after.keeps_answering, "Can I pay with PayPal?"));
    CHECK(after.stops_answering.empty());
    CHECK_FALSE(Has(after.now_answers, "What's the weather in Paris?"));
}

TEST_CASE("knowledge editor: removing a section makes a question 'stops answering'") {
    Rig rig(DemoArticles());
    rig.AnswerQuestions({Q("How do I delete my account?"), Q("How do I reset my password?"),
                         Q("¿Cómo cambio mi contraseña?", "es")});
    rig.editor.Select("account-and-password");
    std::size_t section = 99;
    for (std::size_t i = 0; i < rig.editor.doc(0)->size(); ++i)
        if (rig.editor.doc(0)->heading(i) == "How do I delete my account?") section = i;
    REQUIRE(section < 99);
    rig.editor.RunPreview();
    CHECK(Has(rig.editor.preview().keeps_answering, "How do I delete my account?"));
    CHECK(Has(rig.editor.preview().keeps_answering, "¿Cómo cambio mi contraseña?"));

    rig.editor.RemoveQuestion(section);  // in both languages
    rig.editor.RunPreview();
    const ArticlePreview& p = rig.editor.preview();
    const PreviewRow* row = Find(p.stops_answering, "How do I delete my account?");
    REQUIRE(row);
    CHECK(row->before == "How do I delete my account?");
    CHECK(row->after.empty());
    CHECK(Has(p.keeps_answering, "How do I reset my password?"));
    CHECK(Has(p.keeps_answering, "¿Cómo cambio mi contraseña?"));
    CHECK(p.now_answers.empty());
}

TEST_CASE("knowledge editor: a language whose draft does not parse is previewed as published") {
    Rig rig(DemoArticles());
    rig.AnswerQuestions({Q("Do you sell gift cards?"), Q("When will I get my refund?")});
    rig.editor.Select("payments");
    // A new question written in English only: the Spanish one is an empty "##" for now.
    rig.editor.AddQuestion();
    const std::size_t i = rig.editor.question_count() - 1;
    rig.editor.SetHeading(i, 0, "Do you sell gift cards?");
    rig.editor.SetAnswer(i, 0, "Yes: Larchwood gift cards from $25 to $200, sent by email.");
    CHECK_FALSE(rig.editor.Problems(1).empty());
    rig.editor.RunPreview();
    const ArticlePreview& p = rig.editor.preview();
    CHECK(p.error.empty());
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0].find("The es draft does not parse; previewed with its published text") ==
          0);
    CHECK(p.warnings[0].find("seam.kb.empty_passage") != std::string::npos);
    CHECK(Has(p.now_answers, "Do you sell gift cards?"));  // the English draft counts
}

TEST_CASE("knowledge editor: the preview is the product's decision (PreviewArticle)") {
    const seam::content::Files published = DemoArticles();
    seam::content::Files draft = published;
    // Both languages' refunds articles gone: what they answered, they stop answering.
    draft.erase("kb/en/refunds.md");
    draft.erase("kb/es/refunds.md");
    const std::vector<Question> questions = {
        {"c1", "When will I get my refund?", "en", ""},
        {"c2", "¿Cuándo recibiré mi reembolso?", "es", ""},
        {"c3", "", "en", ""},
    };
    const ArticlePreview p = PreviewArticle(published, draft, "refunds", questions);
    CHECK(p.error.empty());
    CHECK(p.warnings.empty());
    CHECK(p.questions == 2);  // the empty one is not tried
    CHECK(Has(p.stops_answering, "When will I get my refund?"));
    CHECK(Has(p.stops_answering, "¿Cuándo recibiré mi reembolso?"));
}

TEST_CASE("knowledge editor: a new article that does not parse yet is previewed without it") {
    const seam::content::Files published = DemoArticles();
    seam::content::Files draft = published;
    draft["kb/en/gift-cards.md"] = "---\nid: gift-cards\ntitle: Gift cards\nlang: en\n---\n## \n";
    const ArticlePreview p = PreviewArticle(published, draft, "gift-cards",
                                            {{"c1", "Do you sell gift cards?", "en", ""}});
    CHECK(p.error.empty());
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0].find("previewed without it") != std::string::npos);
    CHECK(p.now_answers.empty());
}

// tests/unit/assistant/test_understand.cpp — Understander::Understand over the demo business
// (intent model trained from assets/nlu, the knowledge base of assets/kb): several questions in
// one message get one answer each, and a greeting around a question does not hide it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../nlu/demo_model.hpp"
#include "../support/files.hpp"
#include "seam/assistant/understand.hpp"
#include "seam/kb/article.hpp"

namespace {

const seam::assistant::Understander& Demo() {
    static const seam::assistant::Understander understander = [] {
        std::vector<seam::kb::Article> articles;
        for (const char* lang : {"en", "es"}) {
            for (const char* id : {"account-and-password", "coffee-club", "contact-and-hours",
                                   "delivery-changes", "exchanges-and-warranty", "invoices",
                                   "larchwood-plus", "order-tracking", "payments", "privacy",
                                   "refunds", "returns-policy", "shipping", "sizing-and-care"}) {
                const std::string relative = std::string("assets/kb/") + lang + "/" + id + ".md";
                auto a = seam::kb::ParseArticle(
                    seam::testing::ReadFile(seam::testing::SourcePath(relative)), relative);
                if (a) articles.push_back(std::move(*a));
            }
        }
        auto index = seam::kb::Index::Build(std::move(articles));
        return seam::assistant::Understander(seam::testing::DemoModel(),
                                             index ? std::move(index).value() : seam::kb::Index());
    }();
    return understander;
}

// The answers of `u` in order: "article#anchor"-style URLs.
std::vector<std::string> Answers(const seam::flow::Understanding& u) {
    std::vector<std::string> urls;
    if (!u.has_answer) return urls;
    urls.push_back(u.answer_url);
    for (const seam::flow::KnowledgeAnswer& a : u.more_answers)
        urls.push_back(a.url);
    return urls;
}

}  // namespace

TEST_CASE("understand: several questions in one message get one answer each") {
    const struct {
        const char* locale;
        const char* text;
        std::vector<std::string> urls;
    } cases[] = {
        {"en",
         "is the return label free? and also which courier do you use",
         {"/help/returns-policy#is-the-return-label-free",
          "/help/shipping#which-carriers-do-you-use"}},
        {"en",
         "how much does the coffee club cost? also, what are your support hours?",
         {"/help/coffee-club#how-much-does-the-coffee-club-cost",
          "/help/contact-and-hours#what-are-your-support-hours-in-the-uk-and-europe"}},
        {"es",
         "¿cuánto cuesta el envío? y además ¿puedo pagar con paypal?",
         {"/es/help/shipping#cuanto-cuesta-el-envio",
          "/es/help/payments#puedo-pagar-con-paypal-apple-pay-o-google-pay"}},
    };
    for (const auto& c : cases) {
        const std::string text = c.text;
        CAPTURE(text);
        const seam::flow::Understanding u = Demo().Understand(c.text, c.locale);
        CAPTURE(u.intent);
        CHECK(Answers(u) == c.urls);
        for (const seam::flow::KnowledgeAnswer& a : u.more_answers) {
            CHECK(!a.title.empty());
            CHECK(!a.text.empty());
        }
    }
}

TEST_CASE("understand: one question with chatter gets one answer, unrelated ones none") {
    const seam::flow::Understanding one =
        Demo().Understand("hi, quick question, how long do refunds take? thx", "en");
    CHECK(one.has_answer);
    CHECK(one.answer_url == "/help/refunds#when-will-i-get-my-refund");
    CHECK(one.more_answers.empty());
    CHECK(one.intent != "greeting");
    CHECK(one.intent != "thanks");

    for (const std::string text :
         {"what's the weather in paris? also can you recommend a good laptop",
          "hi! who won the game last night? thanks"}) {
        CAPTURE(text);
        const seam::flow::Understanding u = Demo().Understand(text, "en");
        CHECK(!u.has_answer);
        CHECK(u.more_answers.empty());
    }
}

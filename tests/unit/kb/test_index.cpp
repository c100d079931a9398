// tests/unit/kb/test_index.cpp — retrieval over the real demo knowledge base (assets/kb/):
// customer questions in English and Spanish mapped to the article that answers them, typos,
// messages that must not be answered, huge inputs, language fallback, tie-breaking, and a golden
// digest that proves native and WebAssembly builds compute the same bits.
//
// Expectations per question (see Expect): most must be answered from the right article; some
// rank the right article first but stay under the answer threshold (wordy or vague questions,
// where a clarifying question is the right move); a few are known misses, listed with what they
// get instead, and count only towards the accuracy floors. A miss that starts passing, or a pass
// that starts missing, shows in the accuracy MESSAGE (run with -s).
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/files.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/core/hash.hpp"
#include "seam/kb/article.hpp"
#include "seam/kb/index.hpp"

using seam::kb::Article;
using seam::kb::Hit;
using seam::kb::Index;
using seam::kb::ParseArticle;
using seam::kb::SearchResult;

namespace {

// [SECTION] The demo knowledge base

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

//! The demo articles of `langs` (read from the source tree; tests may do I/O, the core may not).
std::vector<Article> DemoArticles(const std::vector<std::string>& langs) {
    std::vector<Article> articles;
    for (const std::string& lang : langs) {
        for (const std::string& id : DemoArticleIds()) {
            const std::string relative = "assets/kb/" + lang + "/" + id + ".md";
            seam::Result<Article> a = ParseArticle(
                seam::testing::ReadFile(seam::testing::SourcePath(relative)), relative);
            if (a) articles.push_back(std::move(*a));
        }
    }
    return articles;
}

const Index& DemoIndex() {
    static const Index index = [] {
        seam::Result<Index> built = Index::Build(DemoArticles({"en", "es"}));
        return built ? std::move(built).value() : Index();
    }();
    return index;
}

// [SECTION] Question tables

enum class Expect {
    kAnswer,  //!< top-1 is the article, and answerable
    kRank,    //!< top-1 is the article (confidence may be under the threshold)
    kMiss,    //!< known miss: counted in the accuracy figure only (comment: what it gets)
    kRefuse,  //!< not answerable
};

struct Question {
    const char* text;
    const char* article;  //!< expected top-1 article id; nullptr for kRefuse
    Expect expect;
};

const std::vector<Question>& EnglishQuestions() {
    static const std::vector<Question> questions = {
        // Questions written while the scoring parameters were chosen.
        {"how many days do I have to send something back", "returns-policy",
         Expect::kMiss},  // -> order-tracking (0.19)
        {"can I return boots I already wore outside", "returns-policy", Expect::kRank},
        {"is the return label free", "returns-policy", Expect::kAnswer},
        {"how do I start a return", "returns-policy", Expect::kAnswer},
        {"can I return a final sale item", "returns-policy", Expect::kAnswer},
        {"can I return a gift I received", "returns-policy", Expect::kAnswer},
        {"when will I get my refund", "refunds", Expect::kAnswer},
        {"can I get store credit instead of my money back", "refunds", Expect::kAnswer},
        {"why is my refund less than what I paid", "refunds", Expect::kAnswer},
        {"it's been two weeks and I still don't have my refund", "refunds", Expect::kRank},
        {"how much is shipping", "shipping", Expect::kAnswer},
        {"how long does delivery take to Canada", "shipping", Expect::kAnswer},
        {"do you ship to the UK", "shipping", Expect::kMiss},  // -> coffee-club (0.56, answered)
        {"will I have to pay customs duties on my order to Germany", "shipping", Expect::kAnswer},
        {"which carrier do you use", "shipping", Expect::kAnswer},
        {"where is my order", "order-tracking", Expect::kAnswer},
        {"tracking says delivered but nothing arrived", "order-tracking", Expect::kRank},
        {"my package is late", "order-tracking", Expect::kAnswer},
        {"why hasn't my order shipped yet", "order-tracking", Expect::kAnswer},
        {"can I change the shipping address on my order", "delivery-changes", Expect::kAnswer},
        {"I won't be home, can I reschedule the delivery", "delivery-changes", Expect::kAnswer},
        {"can you hold my parcel while I'm on vacation", "delivery-changes", Expect::kAnswer},
        {"how do I exchange for a different size", "exchanges-and-warranty", Expect::kAnswer},
        {"my jacket broke after two months, is it covered by the warranty",
         "exchanges-and-warranty", Expect::kRank},
        {"I received the wrong item", "exchanges-and-warranty", Expect::kAnswer},
        {"how do I reset my password", "account-and-password", Expect::kAnswer},
        {"I didn't get the password reset email", "account-and-password", Expect::kAnswer},
        {"my account is locked", "account-and-password", Expect::kAnswer},
        {"how do I change the email on my account", "account-and-password", Expect::kAnswer},
        {"how do I cancel my coffee subscription", "coffee-club", Expect::kAnswer},
        {"can I pause the coffee club for a month", "coffee-club", Expect::kAnswer},
        {"when does my coffee subscription renew", "coffee-club", Expect::kAnswer},
        {"how much does Larchwood Plus cost per year", "larchwood-plus", Expect::kAnswer},
        {"do Plus members get free returns", "larchwood-plus", Expect::kAnswer},
        {"how do I cancel my membership", "larchwood-plus", Expect::kAnswer},
        {"do you take PayPal", "payments", Expect::kMiss},  // -> shipping (0.39)
        {"there is a pending charge on my card", "payments", Expect::kAnswer},
        {"I was charged twice", "payments", Expect::kAnswer},
        {"I don't recognise a charge from Larchwood", "payments", Expect::kAnswer},
        {"can I get a VAT invoice", "invoices", Expect::kAnswer},
        {"how do I download an invoice for my order", "invoices", Expect::kAnswer},
        {"what are your support hours", "contact-and-hours", Expect::kAnswer},
        {"can I talk to a real person", "contact-and-hours", Expect::kAnswer},
        {"what is your phone number", "contact-and-hours", Expect::kAnswer},
        {"do you sell my personal data", "privacy", Expect::kAnswer},
        {"how long do you keep my data", "privacy", Expect::kAnswer},
        {"how do I change my cookie settings", "privacy", Expect::kAnswer},
        {"what size hiking boots should I buy", "sizing-and-care", Expect::kAnswer},
        {"how do I wash my waterproof jacket", "sizing-and-care", Expect::kAnswer},
        {"should I size up for trail runners", "sizing-and-care", Expect::kAnswer},
        {"how should I store my sleeping bag", "sizing-and-care", Expect::kAnswer},
        // Typos, missing accents and misspellings.
        {"retrun polcy", "returns-policy", Expect::kAnswer},
        {"how do i rest my pasword", "account-and-password", Expect::kRank},
        {"wher is my refnud", "refunds", Expect::kAnswer},
        {"cancle my coffe subscripton", "coffee-club", Expect::kAnswer},
        {"shiping cost to canda", "shipping", Expect::kAnswer},
        {"my pakage is lost", "order-tracking", Expect::kAnswer},
        {"how do i chnage my delivery adress", "delivery-changes", Expect::kAnswer},
        // Held out: written after the parameters were fixed, and never tuned on.
        {"what's the deadline for returning a jacket", "returns-policy",
         Expect::kMiss},  // -> sizing-and-care (0.50, answered)
        {"do I have to pay for the return shipping label", "returns-policy", Expect::kAnswer},
        {"the tags came off, can I still return it", "returns-policy",
         Expect::kMiss},  // -> sizing-and-care (0.37)
        {"how long until the refund shows up on my card", "refunds", Expect::kRank},
        {"my refund was reduced, why", "refunds", Expect::kAnswer},
        {"is standard shipping free", "shipping", Expect::kAnswer},
        {"how fast is express shipping", "shipping", Expect::kRank},
        {"do you deliver to Spain", "shipping", Expect::kRank},
        {"my tracking hasn't updated in a week", "order-tracking", Expect::kRank},
        {"half my order is missing", "order-tracking", Expect::kRank},
        {"I typed the wrong address", "delivery-changes",
         Expect::kMiss},  // -> exchanges-and-warranty (0.29)
        {"I missed the delivery, where is my parcel now", "delivery-changes",
         Expect::kMiss},  // -> order-tracking (0.51, answered)
        {"what does the Built to Last guarantee cover", "exchanges-and-warranty", Expect::kAnswer},
        {"the sole of my boot came apart, how do I file a warranty claim", "exchanges-and-warranty",
         Expect::kRank},
        {"the reset link expired", "account-and-password", Expect::kAnswer},
        {"do I need an account to buy something", "account-and-password",
         Expect::kMiss},  // -> order-tracking (0.31)
        {"skip a month of coffee", "coffee-club", Expect::kAnswer},
        {"how much is the coffee subscription", "coffee-club", Expect::kAnswer},
        {"what are the benefits of Larchwood Plus", "larchwood-plus", Expect::kAnswer},
        {"can I get my Plus membership fee refunded", "larchwood-plus", Expect::kAnswer},
        {"why was I charged before my order shipped", "payments", Expect::kAnswer},
        {"is paying by credit card safe on your site", "payments",
         Expect::kMiss},  // -> refunds (0.40)
        {"I need a receipt for a guest order", "invoices", Expect::kAnswer},
        {"can I put my company name on the invoice", "invoices", Expect::kAnswer},
        {"what is your email address for support", "contact-and-hours", Expect::kAnswer},
        {"how do I get a copy of all my personal data", "privacy", Expect::kAnswer},
        {"how do I unsubscribe from marketing emails", "privacy", Expect::kAnswer},
        {"how should trail runners fit", "sizing-and-care", Expect::kAnswer},
        {"my jacket is not waterproof anymore", "sizing-and-care", Expect::kAnswer},
        {"how do I clean my hiking boots", "sizing-and-care", Expect::kAnswer},
        // Unrelated messages: must not be answered from the knowledge base.
        {"what's the weather in Paris", nullptr, Expect::kRefuse},
        {"tell me a joke", nullptr, Expect::kRefuse},
        {"asdkjh qwpoeiru zxmcnv", nullptr, Expect::kRefuse},
        {"", nullptr, Expect::kRefuse},
        {"who won the football game last night", nullptr, Expect::kRefuse},
        {"what is the capital of France", nullptr, Expect::kRefuse},
        {"write me a poem about cats", nullptr, Expect::kRefuse},
        {"how do I bake sourdough bread", nullptr, Expect::kRefuse},
        {"hello", nullptr, Expect::kRefuse},
        {"?!?!", nullptr, Expect::kRefuse},
        {"can you recommend a good restaurant nearby", nullptr, Expect::kRefuse},
        {"is it going to rain tomorrow", nullptr, Expect::kRefuse},
        {"I love you", nullptr, Expect::kRefuse},
        {"what is the meaning of life", nullptr, Expect::kRefuse},
        {"can you recommend a good movie", nullptr, Expect::kRefuse},
        {"what's 2+2", nullptr, Expect::kRefuse},
        {"qwerty uiop", nullptr, Expect::kRefuse},
        {"I want to book a flight to London", nullptr, Expect::kRefuse},
        {"translate hello into German", nullptr, Expect::kRefuse},
    };
    return questions;
}

const std::vector<Question>& SpanishQuestions() {
    static const std::vector<Question> questions = {
        // Questions written while the scoring parameters were chosen.
        {"¿cuántos días tengo para devolver algo?", "returns-policy", Expect::kAnswer},
        {"¿la etiqueta de devolución es gratis?", "returns-policy", Expect::kAnswer},
        {"quiero devolver unas botas", "returns-policy",
         Expect::kMiss},  // -> sizing-and-care (0.70, answered)
        {"¿cómo hago una devolución?", "returns-policy", Expect::kAnswer},
        {"¿puedo devolver un regalo?", "returns-policy", Expect::kAnswer},
        {"¿cuándo me devuelven el dinero?", "refunds", Expect::kAnswer},
        {"¿puedo recibir saldo en tienda?", "refunds", Expect::kAnswer},
        {"mi reembolso está en revisión", "refunds", Expect::kAnswer},
        {"¿cuánto cuesta el envío a España?", "shipping", Expect::kAnswer},
        {"¿cuánto tarda en llegar el pedido?", "shipping", Expect::kAnswer},
        {"¿tengo que pagar aduanas o impuestos?", "shipping", Expect::kAnswer},
        {"¿dónde está mi pedido?", "order-tracking", Expect::kAnswer},
        {"el seguimiento dice entregado pero no tengo el paquete", "order-tracking",
         Expect::kAnswer},
        {"mi pedido se está retrasando", "order-tracking", Expect::kAnswer},
        {"quiero cambiar la dirección de envío", "delivery-changes", Expect::kAnswer},
        {"no voy a estar en casa el día de la entrega", "delivery-changes", Expect::kAnswer},
        {"¿cómo cambio una chaqueta por otra talla?", "exchanges-and-warranty", Expect::kAnswer},
        {"me llegó un producto defectuoso", "exchanges-and-warranty", Expect::kRank},
        {"¿qué cubre la garantía?", "exchanges-and-warranty", Expect::kAnswer},
        {"no puedo restablecer mi contraseña", "account-and-password", Expect::kAnswer},
        {"mi cuenta está bloqueada", "account-and-password", Expect::kAnswer},
        {"¿cómo cancelo la suscripción del café?", "coffee-club", Expect::kAnswer},
        {"¿puedo pausar el club del café?", "coffee-club", Expect::kAnswer},
        {"¿cuánto cuesta Larchwood Plus?", "larchwood-plus", Expect::kAnswer},
        {"¿cómo doy de baja la membresía?", "larchwood-plus", Expect::kAnswer},
        {"¿aceptáis PayPal?", "payments", Expect::kAnswer},
        {"me habéis cobrado dos veces", "payments", Expect::kAnswer},
        {"necesito una factura con IVA", "invoices", Expect::kAnswer},
        {"¿cuál es el horario de atención al cliente?", "contact-and-hours", Expect::kAnswer},
        {"quiero hablar con una persona", "contact-and-hours", Expect::kAnswer},
        {"¿vendéis mis datos personales?", "privacy", Expect::kAnswer},
        {"¿cómo lavo la chaqueta impermeable?", "sizing-and-care", Expect::kAnswer},
        {"¿qué talla de botas de montaña pido?", "sizing-and-care", Expect::kAnswer},
        // Typos, missing accents and misspellings.
        {"devolucion de un articulo", "returns-policy", Expect::kAnswer},
        {"contrasena olvidada", "account-and-password", Expect::kAnswer},
        {"reembolzo pendiente", "refunds", Expect::kMiss},  // -> payments (0.50)
        {"¿cuanto questa el envio?", "shipping", Expect::kRank},
        // Held out: written after the parameters were fixed, and never tuned on.
        {"¿cuánto tiempo tengo para devolver una chaqueta?", "returns-policy", Expect::kAnswer},
        {"¿qué productos no admiten devolución?", "returns-policy", Expect::kAnswer},
        {"¿cuándo llegará el reembolso a mi tarjeta?", "refunds", Expect::kRank},
        {"me han devuelto menos dinero de lo que pagué", "refunds", Expect::kAnswer},
        {"¿el envío es gratis?", "shipping", Expect::kAnswer},
        {"¿qué transportista usáis?", "shipping", Expect::kRank},
        {"mi paquete lleva una semana sin moverse", "order-tracking", Expect::kRank},
        {"¿puedo elegir el día de entrega?", "delivery-changes", Expect::kAnswer},
        {"¿cómo reclamo la garantía?", "exchanges-and-warranty", Expect::kAnswer},
        {"el enlace para restablecer la contraseña no funciona", "account-and-password",
         Expect::kAnswer},
        {"quiero saltarme un mes del café", "coffee-club", Expect::kAnswer},
        {"¿se renueva sola la membresía Plus?", "larchwood-plus", Expect::kAnswer},
        {"no reconozco un cargo en mi tarjeta", "payments", Expect::kAnswer},
        {"¿puedo poner mi NIF en la factura?", "invoices", Expect::kAnswer},
        {"¿tenéis un número de teléfono?", "contact-and-hours", Expect::kAnswer},
        {"¿cómo borro mis datos personales?", "privacy", Expect::kAnswer},
        {"¿cómo guardo el saco de dormir?", "sizing-and-care", Expect::kAnswer},
        // Unrelated messages: must not be answered from the knowledge base.
        {"¿qué tiempo hace en Madrid?", nullptr, Expect::kRefuse},
        {"cuéntame un chiste", nullptr, Expect::kRefuse},
        {"¿quién ganó el partido de fútbol?", nullptr, Expect::kRefuse},
        {"¿cuál es la capital de Francia?", nullptr, Expect::kRefuse},
        {"hola", nullptr, Expect::kRefuse},
        {"receta de paella", nullptr, Expect::kRefuse},
        {"recomiéndame una película", nullptr, Expect::kRefuse},
        {"¿cuánto es dos más dos?", nullptr, Expect::kRefuse},
        {"quiero reservar un vuelo a Londres", nullptr, Expect::kRefuse},
    };
    return questions;
}

struct Tally {
    int asked = 0;     // questions with an expected article
    int top1 = 0;      // ... whose top hit is that article
    int answered = 0;  // ... answered from it (top-1 right and answerable)
    int wrong = 0;     // ... answered from another article
};

// Checks each question of `table` against its expectation; returns the tally.
Tally RunTable(const char* lang, const std::vector<Question>& table) {
    const Index& index = DemoIndex();
    Tally tally;
    for (const Question& q : table) {
        CAPTURE(q.text);
        const SearchResult r = index.Search(q.text, lang, 3);
        const std::string top = r.hits.empty() ? "(none)" : r.hits[0].article_id;
        const double confidence = r.hits.empty() ? 0.0 : r.hits[0].confidence;
        CAPTURE(top);
        CAPTURE(confidence);
        CHECK(!r.fallback);
        CHECK(r.answerable == index.Answerable(r.hits));
        if (q.expect == Expect::kRefuse) {
            CHECK(!r.answerable);
            continue;
        }
        ++tally.asked;
        const bool right = top == q.article;
        tally.top1 += right ? 1 : 0;
        tally.answered += (right && r.answerable) ? 1 : 0;
        tally.wrong += (!right && r.answerable) ? 1 : 0;
        if (q.expect == Expect::kAnswer) {
            CHECK(top == q.article);
            CHECK(r.answerable);
        } else if (q.expect == Expect::kRank) {
            CHECK(top == q.article);
        }
    }
    return tally;
}

std::string Percent(int part, int whole) {
    return std::to_string(whole ? (part * 1000 + whole / 2) / whole / 10 : 0) + "%";
}

}  // namespace

TEST_CASE("kb index: the demo knowledge base builds") {
    const Index& index = DemoIndex();
    CHECK(index.articles().size() == 2 * DemoArticleIds().size());
    CHECK(index.Languages() == std::vector<std::string>{"en", "es"});
    CHECK(index.PassageCount() > 150);
}

TEST_CASE("kb index: English questions find their article") {
    const Tally t = RunTable("en", EnglishQuestions());
    MESSAGE("en: top-1 " << t.top1 << "/" << t.asked << " (" << Percent(t.top1, t.asked)
                         << "), answered right " << t.answered << ", answered wrong " << t.wrong);
    CHECK(t.asked >= 30);
    CHECK(t.top1 * 100 >= t.asked * 85);
    CHECK(t.wrong * 100 <= t.asked * 5);
}

TEST_CASE("kb index: Spanish questions find their article") {
    const Tally t = RunTable("es", SpanishQuestions());
    MESSAGE("es: top-1 " << t.top1 << "/" << t.asked << " (" << Percent(t.top1, t.asked)
                         << "), answered right " << t.answered << ", answered wrong " << t.wrong);
    CHECK(t.asked >= 20);
    CHECK(t.top1 * 100 >= t.asked * 90);
    CHECK(t.wrong * 100 <= t.asked * 5);
}

TEST_CASE("kb index: typos still retrieve") {
    const Index& index = DemoIndex();
    const SearchResult r = index.Search("retrun polcy", "en", 1);
    CHECK(r.answerable);
    CHECK((!r.hits.empty() && r.hits[0].article_id == "returns-policy"));
    // A typo costs confidence: the same question spelled right is more certain.
    const SearchResult right = index.Search("return policy", "en", 1);
    CHECK((!r.hits.empty() && !right.hits.empty() &&
           r.hits[0].confidence < right.hits[0].confidence));
    // Typos are matched only against words starting with the same letter.
    const SearchResult weather = index.Search("weather", "en", 1);
    CHECK(weather.hits.empty());
}

TEST_CASE("kb index: empty, tiny and huge messages are not answered") {
    const Index& index = DemoIndex();
    std::vector<std::string> inputs = {
        "", " ", "?", "how do I", "what?", "\xFF\xFE", std::string(5000, 'a')};
    seam::testing::FuzzBytes gen(0x1B);
    inputs.push_back(gen.Bytes(1u << 20));  // 1 MB of noise
    std::string weather;
    while (weather.size() < (1u << 20))
        weather += "what's the weather in Paris ";
    inputs.push_back(weather);  // 1 MB of an unrelated question
    std::string words;
    while (words.size() < (1u << 20))
        words += "refund ";
    inputs.push_back(words);  // 1 MB of one common word
    for (const std::string& input : inputs) {
        CAPTURE(input.substr(0, 40));
        for (const char* lang : {"en", "es"}) {
            const SearchResult r = index.Search(input, lang, 5);
            CHECK(!r.answerable);
            CHECK(r.hits.size() <= 5);
        }
    }
}

TEST_CASE("kb index: only the beginning of a long message is read") {
    const Index& index = DemoIndex();
    const std::string question = "how do I reset my password ";
    const std::string noise(1u << 20, 'x');
    const SearchResult first = index.Search(question + noise, "en", 1);
    CHECK(first.answerable);
    CHECK((!first.hits.empty() && first.hits[0].article_id == "account-and-password"));
    const SearchResult last = index.Search(noise + " " + question, "en", 1);
    CHECK(!last.answerable);
}

TEST_CASE("kb index: hits carry the article and passage they came from") {
    const Index& index = DemoIndex();
    for (const Question& q : EnglishQuestions()) {
        const SearchResult r = index.Search(q.text, "en", 5);
        CAPTURE(q.text);
        CHECK(r.hits.size() <= 5);
        for (std::size_t i = 0; i < r.hits.size(); ++i) {
            const Hit& h = r.hits[i];
            SEAM_CHECK_OR_BREAK(h.score > 0);
            SEAM_CHECK_OR_BREAK((h.confidence > 0 && h.confidence <= 1));
            SEAM_CHECK_OR_BREAK(h.lang == "en");
            if (i > 0) SEAM_CHECK_OR_BREAK(r.hits[i - 1].confidence >= h.confidence);
            const Article* article = nullptr;
            for (const Article& a : index.articles()) {
                if (a.id == h.article_id && a.lang == h.lang) article = &a;
            }
            SEAM_CHECK_OR_BREAK(article != nullptr);
            SEAM_CHECK_OR_BREAK(h.passage_index < article->passages.size());
            const seam::kb::Passage& p = article->passages[h.passage_index];
            SEAM_CHECK_OR_BREAK(h.title == article->title);
            SEAM_CHECK_OR_BREAK(h.url == article->url);
            SEAM_CHECK_OR_BREAK(h.heading == p.heading);
            SEAM_CHECK_OR_BREAK(h.anchor == p.anchor);
            SEAM_CHECK_OR_BREAK(h.text == p.text);
        }
    }
    CHECK(index.Search("is the return label free", "en", 0).hits.empty());
}

TEST_CASE("kb index: language tags and fallback") {
    const Index& index = DemoIndex();
    SUBCASE("a region subtag searches its language") {
        const SearchResult r = index.Search("¿cómo hago una devolución?", "es-MX", 3);
        CHECK(!r.fallback);
        CHECK((!r.hits.empty() && r.hits[0].lang == "es" &&
               r.hits[0].article_id == "returns-policy"));
    }
    SUBCASE("a language without articles searches them all, each with its own analysis") {
        const SearchResult en = index.Search("how do I start a return", "fr", 3);
        CHECK(en.fallback);
        CHECK((!en.hits.empty() && en.hits[0].lang == "en" &&
               en.hits[0].article_id == "returns-policy"));
        const SearchResult es = index.Search("¿cómo hago una devolución?", "", 3);
        CHECK(es.fallback);
        CHECK((!es.hits.empty() && es.hits[0].lang == "es" &&
               es.hits[0].article_id == "returns-policy"));
    }
    SUBCASE("an English-only knowledge base answers Spanish customers in English") {
        seam::Result<Index> english = Index::Build(DemoArticles({"en"}));
        CHECK(english);
        if (!english) return;
        const SearchResult r = english->Search("password reset", "es", 3);
        CHECK(r.fallback);
        CHECK((!r.hits.empty() && r.hits[0].lang == "en" &&
               r.hits[0].article_id == "account-and-password"));
    }
}

namespace {

Article Parse(const std::string& text) {
    seam::Result<Article> a = ParseArticle(text);
    CHECK(a);
    return a ? std::move(a).value() : Article{};
}

std::string Simple(const std::string& id, const std::string& lang, const std::string& body) {
    return "---\nid: " + id + "\ntitle: Help\nlang: " + lang + "\n---\n" + body;
}

}  // namespace

TEST_CASE("kb index: build errors") {
    const Article a = Parse(Simple("a", "en", "## Q?\nA.\n"));
    SUBCASE("the same id twice in one language") {
        const seam::Result<Index> r = Index::Build({a, Parse(Simple("b", "en", "## Q?\nB.\n")), a});
        CHECK(!r);
        if (r) return;
        CHECK(r.error().id == "seam.kb.duplicate_id");
        CHECK(r.error().message ==
              "[seam.kb.duplicate_id] articles #1 and #3 both have id 'a' in language 'en'");
    }
    SUBCASE("the same id in two languages is one article, translated") {
        CHECK(Index::Build({a, Parse(Simple("a", "es", "## P?\nR.\n"))}));
    }
    SUBCASE("articles not made by ParseArticle are checked too") {
        Article no_id = a;
        no_id.id.clear();
        Article no_passages = a;
        no_passages.passages.clear();
        Article no_lang = a;
        no_lang.lang = "?";
        for (const Article& bad : {no_id, no_passages, no_lang}) {
            const seam::Result<Index> r = Index::Build({bad});
            CHECK(!r);
            if (!r) CHECK(r.error().id == "seam.kb.bad_article");
        }
    }
    SUBCASE("an empty knowledge base answers nothing") {
        const seam::Result<Index> r = Index::Build({});
        CHECK(r);
        if (!r) return;
        const SearchResult s = r->Search("return policy", "en", 3);
        CHECK(s.hits.empty());
        CHECK(!s.answerable);
    }
}

TEST_CASE("kb index: ties are broken by article id, then passage order") {
    const std::string body = "## Where is my parcel?\nTracking shows it.\n";
    seam::Result<Index> r =
        Index::Build({Parse(Simple("zeta", "en", body + body)), Parse(Simple("alpha", "en", body)),
                      Parse(Simple("mid", "en", body))});
    CHECK(r);
    if (!r) return;
    const SearchResult s = r->Search("where is my parcel", "en", 10);
    CHECK(s.hits.size() == 4);
    if (s.hits.size() != 4) return;
    CHECK(s.hits[0].article_id == "alpha");
    CHECK(s.hits[1].article_id == "mid");
    CHECK(s.hits[2].article_id == "zeta");
    CHECK(s.hits[2].passage_index == 0);
    CHECK(s.hits[3].article_id == "zeta");
    CHECK(s.hits[3].passage_index == 1);
    CHECK(s.hits[2].anchor == "where-is-my-parcel");
    CHECK(s.hits[3].anchor == "where-is-my-parcel-2");
    for (const Hit& h : s.hits)
        CHECK(h.confidence == s.hits[0].confidence);
}

namespace {

// Every hit of every query, as text with scores in units of 1e-9: what a build computed.
std::string Transcript(const Index& index,
                       const std::vector<std::pair<const char*, const char*>>& queries) {
    std::string out;
    for (const auto& [lang, query] : queries) {
        const SearchResult r = index.Search(query, lang, 5);
        out += std::string(lang) + "|" + query + "|" + (r.answerable ? "A" : "-") + "\n";
        for (const Hit& h : r.hits) {
            out += "  " + h.article_id + "#" + std::to_string(h.passage_index) + " " +
                   std::to_string(static_cast<long long>(h.score * 1e9 + 0.5)) + " " +
                   std::to_string(static_cast<long long>(h.confidence * 1e9 + 0.5)) + "\n";
        }
    }
    return out;
}

}  // namespace

TEST_CASE("kb index: same bits in every build (golden digest of a fixed corpus)") {
    // A fixed corpus, so the digest changes only when scoring changes (then update it, in the
    // same commit, after checking that native and WASM agree on the new value).
    std::vector<Article> corpus;
    corpus.push_back(Parse(
        "---\nid: returns\ntitle: Returns policy\nlang: en\ntags: [returns, refunds]\n---\n"
        "## How long do I have to return an item?\nThirty days from delivery to start a return.\n"
        "## Is the return label free?\nFree for members; otherwise 5.95 is deducted.\n"
        "## Which items can't be returned?\nFinal sale items cannot be returned.\n"));
    corpus.push_back(
        Parse("---\nid: shipping\ntitle: Shipping\nlang: en\ntags: [delivery]\n---\n"
              "## How much does shipping cost?\nStandard shipping is free over 75 dollars.\n"
              "## How long does delivery take?\nThree to six business days; express is faster.\n"));
    corpus.push_back(
        Parse("---\nid: returns\ntitle: Devoluciones\nlang: es\ntags: [devoluciones]\n---\n"
              "## ¿Cuánto tiempo tengo para devolver un artículo?\nTreinta días desde la entrega.\n"
              "## ¿La etiqueta de devolución es gratuita?\nGratis para socios.\n"));
    seam::Result<Index> index = Index::Build(corpus);
    CHECK(index);
    if (!index) return;
    const std::string transcript =
        Transcript(*index, {{"en", "how long do I have to return something"},
                            {"en", "is the retrun label free"},
                            {"en", "how much is delivery"},
                            {"en", "final sale"},
                            {"en", "what's the weather"},
                            {"es", "¿cuánto tiempo tengo para devolverlo?"},
                            {"es", "etiqueta gratis"},
                            {"de", "return label"}});
    CAPTURE(transcript);
    CHECK(seam::Fnv1a64(transcript) == 0x94bf0af3a83656f9ull);
}

TEST_CASE("kb index: the demo knowledge base transcript (compare native and WASM with -s)") {
    std::vector<std::pair<const char*, const char*>> queries;
    for (const Question& q : EnglishQuestions())
        queries.push_back({"en", q.text});
    for (const Question& q : SpanishQuestions())
        queries.push_back({"es", q.text});
    const std::string transcript = Transcript(DemoIndex(), queries);
    char digest[17];
    const std::uint64_t h = seam::Fnv1a64(transcript);
    for (int i = 0; i < 16; ++i)
        digest[i] = "0123456789abcdef"[(h >> (60 - 4 * i)) & 15];
    digest[16] = 0;
    MESSAGE("demo knowledge base transcript digest: " << digest << " (" << transcript.size()
                                                      << " bytes)");
    CHECK(transcript.size() > 1000);
}

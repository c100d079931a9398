// tests/unit/text/test_spelling_chatter.cpp — chat-speak and misspelling fixes (whole words only,
// names and codes left alone), chatter phrases, splitting a message into its questions, and the
// question test, in English and Spanish.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../support/fuzz_bytes.hpp"
#include "seam/text/chatter.hpp"
#include "seam/text/spelling.hpp"
#include "seam/text/tokenize.hpp"

using namespace seam::text;

TEST_CASE("spelling: tables are sorted, unique and folded") {
    for (Language language : {Language::kEnglish, Language::kSpanish}) {
        const std::vector<SpellingFix>& fixes = SpellingFixes(language);
        CHECK(fixes.size() > 40);
        for (std::size_t i = 0; i < fixes.size(); ++i) {
            CAPTURE(fixes[i].from);
            if (i > 0) CHECK(fixes[i - 1].from < fixes[i].from);
            // A key is one token in its folded form, or it could never match.
            const std::vector<std::string> tokens = TokenTexts(fixes[i].from);
            CHECK((tokens.size() == 1 && tokens[0] == fixes[i].from));
        }
    }
    CHECK(SpellingFixes(Language::kOther).empty());
}

TEST_CASE("spelling: chat-speak and misspellings become words; names and codes do not") {
    struct Case {
        const char* name;  // y_: rewritten, n_: left as typed
        Language language;
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"y_u_ur", Language::kEnglish, "do u ship to ur stores", "do you ship to your stores"},
        {"y_case", Language::kEnglish, "Do U ship?", "Do you ship?"},
        {"y_pls_thx", Language::kEnglish, "help pls, thx!", "help please, thanks!"},
        {"y_wat_hw", Language::kEnglish, "wat is it? hw long", "what is it? how long"},
        {"y_r_y", Language::kEnglish, "y r u late", "why are you late"},
        {"y_digits", Language::kEnglish, "2day or b4 friday", "today or before friday"},
        {"y_misspelt", Language::kEnglish, "recieve my refnd at the new adress",
         "receive my refund at the new address"},
        {"y_shiping", Language::kEnglish, "shiping cost", "shipping cost"},
        {"y_end_of_sentence", Language::kEnglish, "thanks u.", "thanks you."},
        {"n_u_lock", Language::kEnglish, "is the u-lock in stock", "is the u-lock in stock"},
        {"n_r_c", Language::kEnglish, "r/c car", "r/c car"},
        {"n_us_dots", Language::kEnglish, "ship to the u.s.", "ship to the u.s."},
        {"n_inside_word", Language::kEnglish, "your urgent return", "your urgent return"},
        {"n_spanish_y", Language::kSpanish, "envio y devolucion", "envio y devolucion"},
        {"n_other", Language::kOther, "do u ship", "do u ship"},
        {"y_q_xq", Language::kSpanish, "xq no llega? q pasa", "por qué no llega? que pasa"},
        {"y_porfa", Language::kSpanish, "ayuda porfa, xfa", "ayuda por favor, por favor"},
        {"y_tb_d", Language::kSpanish, "tb el pedido d ayer", "también el pedido de ayer"},
        {"y_dnd", Language::kSpanish, "dnd esta mi paquete", "dónde esta mi paquete"},
        {"y_fonetica", Language::kSpanish, "kiero el rembolso del enbio",
         "quiero el reembolso del envío"},
        {"n_english_d", Language::kEnglish, "plan d", "plan d"},
        {"n_x_large", Language::kSpanish, "talla x-large", "talla x-large"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        CHECK(FixSpelling(c.text, c.language) == c.expected);
    }
}

TEST_CASE("spelling: any bytes, no crash, text without table words unchanged") {
    seam::testing::FuzzBytes gen(0x5E11);
    for (int i = 0; i < 300; ++i) {
        const std::string bytes = gen.Bytes(static_cast<std::size_t>(i % 64));
        (void)FixSpelling(bytes, Language::kEnglish);
        (void)FixSpelling(bytes, Language::kSpanish);
        (void)StripChatter(bytes, Language::kEnglish);
        (void)SplitQuestions(bytes, Language::kSpanish);
    }
    CHECK(FixSpelling("where is my order", Language::kEnglish) == "where is my order");
}

TEST_CASE("chatter: phrase lists are sorted, unique and folded") {
    for (Language language : {Language::kEnglish, Language::kSpanish}) {
        const std::vector<std::string_view>& phrases = ChatterPhrases(language);
        CHECK(!phrases.empty());
        CHECK(std::is_sorted(phrases.begin(), phrases.end()));
        CHECK(std::adjacent_find(phrases.begin(), phrases.end()) == phrases.end());
    }
}

TEST_CASE("chatter: greetings, announcements, thanks and fillers are removed") {
    const struct {
        Language language;
        const char* text;
        const char* words_left;  // the words that remain, space-separated
    } cases[] = {
        {Language::kEnglish, "hi, quick question, how long do refunds take? thx",
         "how long do refunds take thx"},
        {Language::kEnglish, "Hey there! I was wondering which courier you use. Thanks in advance",
         "which courier you use"},
        {Language::kEnglish, "can you tell me if the label is free", "if the label is free"},
        {Language::kEnglish, "is quick-dry fabric quick to dry",
         "is quick dry fabric quick to dry"},
        {Language::kSpanish, "hola, una pregunta: ¿cuánto cuesta el envío? muchas gracias",
         "cuanto cuesta el envio"},
        {Language::kSpanish, "buenas tardes, me gustaría saber dónde está mi pedido, saludos",
         "donde esta mi pedido"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        std::string left;
        for (const std::string& w : TokenTexts(StripChatter(c.text, c.language))) {
            left += (left.empty() ? "" : " ") + w;
        }
        CHECK(left == c.words_left);
    }
}

TEST_CASE("chatter: a message is split into its questions") {
    const struct {
        Language language;
        const char* text;
        std::vector<std::string> parts;
    } cases[] = {
        {Language::kEnglish, "how long do refunds take", {"how long do refunds take"}},
        {Language::kEnglish,
         "how long do refunds take? and do you ship to canada?",
         {"how long do refunds take?", "and do you ship to canada?"}},
        {Language::kEnglish,
         "is the label free and also which courier do you use",
         {"is the label free", "which courier do you use"}},
        {Language::kEnglish,
         "Is the label free. Also, do you take PayPal",
         {"Is the label free.", "do you take PayPal"}},
        {Language::kEnglish,
         "it cost $5.95 in the U.S. today",
         {"it cost $5.95 in the U.S. today"}},
        {Language::kEnglish, "hi!\nwhere is my order", {"hi!", "where is my order"}},
        {Language::kSpanish,
         "¿cuánto cuesta el envío? y además ¿aceptáis paypal?",
         {"¿cuánto cuesta el envío?", "¿aceptáis paypal?"}},
        {Language::kSpanish,
         "hola ¿puedo pausar el café? otra cosa, ¿tenéis teléfono?",
         {"hola", "¿puedo pausar el café?", "¿tenéis teléfono?"}},
        {Language::kEnglish, "", {}},
        {Language::kEnglish, "?? !!", {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(SplitQuestions(c.text, c.language) == c.parts);
    }
}

TEST_CASE("chatter: questions and requests") {
    const struct {
        const char* name;  // y_: a question, n_: not one
        Language language;
        const char* text;
    } cases[] = {
        {"y_mark", Language::kEnglish, "refund status?"},
        {"y_wh", Language::kEnglish, "hi, how long do refunds take"},
        {"y_aux", Language::kEnglish, "do you ship to canada"},
        {"y_aux_chatter", Language::kEnglish, "hey there, can i pay with paypal"},
        {"y_es_mark", Language::kSpanish, "¿aceptáis paypal"},
        {"y_es_wh", Language::kSpanish, "cuanto tarda el envio"},
        {"y_es_opener", Language::kSpanish, "hola, hay envios a canada"},
        {"n_request", Language::kEnglish, "I want to return my boots"},
        {"n_statement", Language::kEnglish, "my order LW-104233 is late"},
        {"n_es_request", Language::kSpanish, "quiero devolver unas botas"},
        {"n_empty", Language::kEnglish, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(LooksLikeQuestion(c.text, c.language) == (c.name[0] == 'y'));
    }
}

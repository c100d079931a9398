// tests/unit/text/test_stem.cpp — light stemmers, stop words and question words (en, es).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "seam/text/stem.hpp"

using namespace seam::text;

namespace {

// Words in one group must share a stem: the forms customers and articles use interchangeably.
struct Family {
    Language language;
    std::vector<const char*> words;
};

const std::vector<Family>& Families() {
    static const std::vector<Family> families = {
        {Language::kEnglish, {"return", "returns", "returning", "returned"}},
        {Language::kEnglish, {"refund", "refunds", "refunded", "refunding"}},
        {Language::kEnglish, {"ship", "ships", "shipping", "shipped", "shipment", "shipments"}},
        {Language::kEnglish, {"deliver", "delivery", "deliveries", "delivered", "delivering"}},
        {Language::kEnglish, {"policy", "policies"}},
        {Language::kEnglish, {"cancel", "cancelled", "canceled", "cancelling", "cancellation"}},
        {Language::kEnglish, {"charge", "charges", "charged", "charging"}},
        {Language::kEnglish, {"address", "addresses"}},
        {Language::kEnglish, {"exchange", "exchanges", "exchanged", "exchanging"}},
        {Language::kEnglish, {"size", "sizes", "sizing", "sized"}},
        {Language::kEnglish, {"invoice", "invoices", "invoiced"}},
        {Language::kEnglish, {"pause", "pauses", "paused", "pausing"}},
        {Language::kEnglish, {"track", "tracks", "tracking", "tracked"}},
        {Language::kEnglish, {"pay", "payment", "payments"}},
        {Language::kEnglish, {"agree", "agreed"}},
        {Language::kEnglish, {"apply", "applied", "applies"}},
        {Language::kEnglish, {"box", "boxes"}},
        {Language::kEnglish, {"month", "months", "monthly"}},
        {Language::kSpanish, {"devolucion", "devoluciones", "devolver", "devolverlo"}},
        {Language::kSpanish, {"reembolso", "reembolsos", "reembolsar", "reembolsado"}},
        {Language::kSpanish, {"pedido", "pedidos", "pedir", "pedida"}},
        {Language::kSpanish, {"envio", "envios", "enviar", "enviado", "enviarme"}},
        {Language::kSpanish, {"cancelar", "cancelacion", "cancelado", "cancelarla"}},
        {Language::kSpanish, {"suscripcion", "suscripciones"}},
        {Language::kSpanish, {"cuenta", "cuentas"}},
        {Language::kSpanish, {"contrasena", "contrasenas"}},
        {Language::kSpanish, {"factura", "facturas", "facturacion"}},
        {Language::kSpanish, {"cambiar", "cambio", "cambios", "cambiarla"}},
        {Language::kSpanish, {"direccion", "direcciones"}},
        {Language::kSpanish, {"entrega", "entregas", "entregar", "entregado"}},
        {Language::kSpanish, {"garantia", "garantias"}},
        {Language::kSpanish, {"talla", "tallas"}},
        {Language::kSpanish, {"cobro", "cobros", "cobrar", "cobrado"}},
        {Language::kSpanish, {"mes", "meses"}},
        {Language::kSpanish, {"llegar", "llega", "llegado", "llego"}},
    };
    return families;
}

struct Exact {
    Language language;
    const char* word;
    const char* stem;
};

// Exact outputs, mostly of the conservative kind: short and frequent words survive, and the
// rules that would over-reach do not fire.
const std::vector<Exact>& ExactStems() {
    static const std::vector<Exact> cases = {
        {Language::kEnglish, "returns", "return"},
        {Language::kEnglish, "shipping", "ship"},
        {Language::kEnglish, "cancellation", "cancel"},
        {Language::kEnglish, "delivery", "deliver"},
        {Language::kEnglish, "status", "status"},  // -us is not a plural
        {Language::kEnglish, "this", "this"},      // -is is not a plural
        {Language::kEnglish, "bag", "bag"},        // 3 letters: untouched
        {Language::kEnglish, "bring", "bring"},    // no vowel before -ing
        {Language::kEnglish, "thing", "thing"},
        {Language::kEnglish, "need", "need"},  // -eed keeps "ee"
        {Language::kEnglish, "only", "only"},  // -ly needs 6 letters
        {Language::kEnglish, "early", "early"},
        {Language::kEnglish, "moment", "moment"},    // -ment needs 7 letters
        {Language::kEnglish, "coffee", "coffee"},    // -ee is not a silent e
        {Language::kEnglish, "holiday", "holiday"},  // -y after a vowel stays
        {Language::kEnglish, "tried", "try"},
        {Language::kSpanish, "devoluciones", "devolv"},
        {Language::kSpanish, "pedidos", "ped"},
        {Language::kSpanish, "parte", "part"},  // not "par" + enclitic "te"
        {Language::kSpanish, "dias", "dia"},    // keeps 3 letters
        {Language::kSpanish, "rapidamente", "rapid"},
        {Language::kSpanish, "clientes", "client"},
        {Language::kSpanish, "mes", "mes"},
        // Passed through unchanged: numbers, codes, other scripts, non-folded input.
        {Language::kEnglish, "1042", "1042"},
        {Language::kEnglish, "lw104233", "lw104233"},
        {Language::kEnglish, "caf\xC3\xA9s", "caf\xC3\xA9s"},
        {Language::kEnglish, "Returns", "Returns"},
        {Language::kSpanish, "\xD0\xB7\xD0\xB0\xD0\xBA\xD0\xB0\xD0\xB7\xD1\x8B",
         "\xD0\xB7\xD0\xB0\xD0\xBA\xD0\xB0\xD0\xB7\xD1\x8B"},
        {Language::kOther, "returns", "returns"},
        {Language::kOther, "devoluciones", "devoluciones"},
        {Language::kEnglish, "", ""},
    };
    return cases;
}

}  // namespace

TEST_CASE("stem: word families meet") {
    for (const Family& f : Families()) {
        const std::string first = Stem(f.words[0], f.language);
        for (const char* w : f.words) {
            CAPTURE(w);
            CHECK(Stem(w, f.language) == first);
        }
    }
}

TEST_CASE("stem: different families stay apart") {
    // Every family's stem is distinct from every other family's in the same language.
    const std::vector<Family>& families = Families();
    for (std::size_t i = 0; i < families.size(); ++i) {
        for (std::size_t j = i + 1; j < families.size(); ++j) {
            if (families[i].language != families[j].language) continue;
            CAPTURE(families[i].words[0]);
            CAPTURE(families[j].words[0]);
            CHECK(Stem(families[i].words[0], families[i].language) !=
                  Stem(families[j].words[0], families[j].language));
        }
    }
}

TEST_CASE("stem: table of exact stems") {
    for (const Exact& c : ExactStems()) {
        CAPTURE(c.word);
        CHECK(Stem(c.word, c.language) == c.stem);
    }
}

TEST_CASE("stem: property: never longer, never below 3 letters, deterministic") {
    seam::testing::FuzzBytes gen(0x57E3);
    for (int i = 0; i < 20000; ++i) {
        // Random lower-case words of 1..16 letters, biased towards common suffix letters.
        static constexpr char kLetters[] = "abcdeeilmnorsstyzgdacionmente";
        const std::size_t length = 1 + gen.Next() % 16;
        std::string w;
        for (std::size_t k = 0; k < length; ++k) {
            w.push_back(kLetters[gen.Next() % (sizeof(kLetters) - 1)]);
        }
        for (Language language : {Language::kEnglish, Language::kSpanish}) {
            const std::string s = Stem(w, language);
            CAPTURE(w);
            CAPTURE(s);
            SEAM_CHECK_OR_BREAK(s.size() <= w.size());
            SEAM_CHECK_OR_BREAK(s.size() >= std::min<std::size_t>(w.size(), 3));
            SEAM_CHECK_OR_BREAK(Stem(w, language) == s);
        }
    }
}

TEST_CASE("stem: arbitrary bytes pass through without harm") {
    seam::testing::FuzzBytes gen(0xB17E5);
    for (int i = 0; i < 2000; ++i) {
        const std::string bytes = gen.Bytes(gen.Next() % 24);
        const bool lower_ascii =
            std::all_of(bytes.begin(), bytes.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (lower_ascii) continue;
        CAPTURE(bytes);
        SEAM_CHECK_OR_BREAK(Stem(bytes, Language::kEnglish) == bytes);
        SEAM_CHECK_OR_BREAK(Stem(bytes, Language::kSpanish) == bytes);
    }
}

TEST_CASE("stem: language codes") {
    struct Case {
        const char* code;
        Language language;
        const char* tag;
    };
    const Case cases[] = {
        {"en", Language::kEnglish, "en"},
        {"EN-gb", Language::kEnglish, "en"},
        {"en_US", Language::kEnglish, "en"},
        {" es ", Language::kSpanish, "es"},
        {"es-MX", Language::kSpanish, "es"},
        {"es_419", Language::kSpanish, "es"},
        {"fr", Language::kOther, "fr"},
        {"", Language::kOther, ""},
        {"english", Language::kOther, "english"},
        {"-en", Language::kOther, ""},
        {"e", Language::kOther, "e"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.code);
        CHECK(LanguageFromCode(c.code) == c.language);
        CHECK(PrimaryLanguageTag(c.code) == c.tag);
    }
}

TEST_CASE("stem: stop-word and question-word lists are sorted, unique and disjoint") {
    for (Language language : {Language::kEnglish, Language::kSpanish}) {
        const std::vector<std::string_view>& stops = StopWords(language);
        CHECK(!stops.empty());
        CHECK(std::is_sorted(stops.begin(), stops.end()));
        CHECK(std::adjacent_find(stops.begin(), stops.end()) == stops.end());
        for (std::string_view w : stops) {
            CAPTURE(w);
            CHECK(IsStopWord(w, language));
            CHECK(!IsQuestionWord(w, language));
        }
    }
    CHECK(StopWords(Language::kOther).empty());
}

TEST_CASE("stem: stop words and question words") {
    struct Case {
        Language language;
        const char* word;
        bool stop;
        bool question;
    };
    const Case cases[] = {
        {Language::kEnglish, "the", true, false},   {Language::kEnglish, "please", true, false},
        {Language::kEnglish, "dont", true, false},  {Language::kEnglish, "two", true, false},
        {Language::kEnglish, "when", false, true},  {Language::kEnglish, "where", false, true},
        {Language::kEnglish, "much", false, true},  {Language::kEnglish, "refund", false, false},
        {Language::kEnglish, "long", false, false}, {Language::kEnglish, "The", false, false},
        {Language::kSpanish, "de", true, false},    {Language::kSpanish, "quiero", true, false},
        {Language::kSpanish, "dos", true, false},   {Language::kSpanish, "cuando", false, true},
        {Language::kSpanish, "donde", false, true}, {Language::kSpanish, "pedido", false, false},
        {Language::kOther, "the", false, false},    {Language::kOther, "when", false, false},
    };
    for (const Case& c : cases) {
        CAPTURE(c.word);
        CHECK(IsStopWord(c.word, c.language) == c.stop);
        CHECK(IsQuestionWord(c.word, c.language) == c.question);
    }
}

TEST_CASE("stem: AnalyzeTerms folds, drops stop words and stems") {
    CHECK(AnalyzeTerms("Where are my RETURNED items, order #1042?", Language::kEnglish) ==
          std::vector<std::string>{"wher", "return", "item", "order", "1042"});
    CHECK(AnalyzeTerms("\xC2\xBF"
                       "D\xC3\xB3nde est\xC3\xA1n mis devoluciones?",
                       Language::kSpanish) == std::vector<std::string>{"dond", "devolv"});
    CHECK(AnalyzeTerms("the returns", Language::kOther) ==
          std::vector<std::string>{"the", "returns"});
    CHECK(AnalyzeTerms("", Language::kEnglish).empty());
}

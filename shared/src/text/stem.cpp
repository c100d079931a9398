// shared/src/text/stem.cpp — suffix-stripping stemmers and stop-word lists (see stem.hpp).
//
// Index of this file
//   [SECTION] Helpers
//   [SECTION] English: plurals, -ed/-ing, -ation/-ment/-ly, final -y/-e, doubled consonants
//   [SECTION] Spanish: enclitic pronouns, plurals, -mente, -ción, verb endings, final vowel
//   [SECTION] Stop words
//   [SECTION] Public API
#include "seam/text/stem.hpp"

#include <algorithm>

#include "seam/text/tokenize.hpp"

namespace seam::text {

namespace {

// [SECTION] Helpers

bool EndsWith(const std::string& w, std::string_view suffix) {
    return w.size() >= suffix.size() &&
           std::string_view(w).substr(w.size() - suffix.size()) == suffix;
}

void Drop(std::string& w, std::size_t n) {
    w.resize(w.size() - n);
}

bool AllLowerAscii(std::string_view w) {
    for (char c : w) {
        if (c < 'a' || c > 'z') return false;
    }
    return true;
}

bool IsVowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// A vowel, counting 'y' after the first letter ("cry" has one, "try" too; "y" alone does not).
bool HasVowelEn(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (IsVowel(s[i]) || (i > 0 && s[i] == 'y')) return true;
    }
    return false;
}

// [SECTION] English
//
// Each step fires at most one rule, and every rule keeps at least three letters, so the short,
// frequent words that carry the meaning of a support question ("bag", "box", "pay") survive.
// The steps are applied to every word the same way, which is what matters for matching:
// "charge", "charges", "charged", "charging" all become "charg".

std::string StemEnglish(std::string w) {
    if (w.size() <= 3) return w;

    // Step 1: plurals (and third person -s).
    if (EndsWith(w, "sses")) {
        Drop(w, 2);  // addresses -> address
    } else if (EndsWith(w, "ies") && w.size() > 4) {
        Drop(w, 3);
        w += 'y';  // policies -> policy, deliveries -> delivery
    } else if (EndsWith(w, "xes") || EndsWith(w, "ches") || EndsWith(w, "shes") ||
               EndsWith(w, "zzes")) {
        Drop(w, 2);  // boxes -> box, watches -> watch
    } else if (EndsWith(w, "s") && !EndsWith(w, "ss") && !EndsWith(w, "us") && !EndsWith(w, "is")) {
        Drop(w, 1);  // returns -> return; status, address, this stay
    }

    // Step 2: past tense and gerund.
    if (EndsWith(w, "eed")) {
        if (w.size() > 4) Drop(w, 1);  // agreed -> agree, guaranteed -> guarantee; need stays
    } else if (EndsWith(w, "ied") && w.size() > 4) {
        Drop(w, 3);
        w += 'y';  // applied -> apply, tried -> try
    } else if (EndsWith(w, "ed")) {
        const std::string_view stem = std::string_view(w).substr(0, w.size() - 2);
        if (stem.size() >= 3 && HasVowelEn(stem)) Drop(w, 2);  // returned -> return; red stays
    } else if (EndsWith(w, "ing")) {
        const std::string_view stem = std::string_view(w).substr(0, w.size() - 3);
        if (stem.size() >= 3 && HasVowelEn(stem)) Drop(w, 3);  // shipping -> shipp; bring stays
    }

    // Step 3: a few derivational suffixes that customers and articles swap freely.
    if (EndsWith(w, "ation") && w.size() >= 9) {
        Drop(w, 5);  // cancellation -> cancell, confirmation -> confirm
    } else if (EndsWith(w, "ment") && w.size() >= 7) {
        Drop(w, 4);  // payment -> pay, shipment -> ship; moment stays
    } else if (EndsWith(w, "ly") && w.size() >= 6) {
        Drop(w, 2);  // monthly -> month, quickly -> quick; only, early stay
    }

    // Step 4: a final -y after a consonant in longer words: delivery -> deliver.
    if (w.size() >= 6 && w.back() == 'y' && !IsVowel(w[w.size() - 2])) Drop(w, 1);

    // Step 5: a final silent -e (but not -ee): charge -> charg, so charged/charging meet it.
    if (w.size() >= 4 && w.back() == 'e' && w[w.size() - 2] != 'e') Drop(w, 1);

    // Step 6: a doubled final consonant: shipp -> ship, cancell -> cancel, call -> cal.
    if (w.size() >= 4 && w.back() == w[w.size() - 2] && !IsVowel(w.back())) Drop(w, 1);
    return w;
}

// [SECTION] Spanish
//
// Input is accent-folded ("devolución" -> "devolucion"), so the rules are written without
// accents. Only the commonest endings are removed; irregular stems ("devuelvo") are left to the
// index's typo tolerance.

std::string StemSpanish(std::string w) {
    if (w.size() <= 3) return w;

    // Step 1: enclitic pronouns on an infinitive or gerund: cambiarla -> cambiar,
    // suscribirse -> suscribir. The verb must keep 5 letters, so "parte" is not "par" + "te".
    static constexpr std::string_view kPronouns[] = {"los", "las", "les", "nos", "me",
                                                     "se",  "lo",  "la",  "le"};
    for (std::string_view p : kPronouns) {
        if (!EndsWith(w, p) || w.size() < p.size() + 5) continue;
        const std::string verb = w.substr(0, w.size() - p.size());
        if (EndsWith(verb, "ar") || EndsWith(verb, "er") || EndsWith(verb, "ir") ||
            EndsWith(verb, "ando") || EndsWith(verb, "iendo")) {
            w = verb;
        }
        break;
    }

    // Step 2: plurals. -es after a consonant (meses, colores, devoluciones); -s after a vowel.
    if (EndsWith(w, "es") && w.size() >= 5 &&
        std::string_view("lnrdjzsy").find(w[w.size() - 3]) != std::string_view::npos) {
        Drop(w, 2);
    } else if (EndsWith(w, "s") && IsVowel(w[w.size() - 2])) {
        Drop(w, 1);  // pedidos -> pedido, clientes -> cliente
    }

    // Step 3: derivational suffixes.
    if (EndsWith(w, "olucion") && w.size() >= 9) {
        Drop(w, 5);
        w += 'v';  // devolucion -> devolv, as devolver; (re)solucion -> (re)solv
        return w;
    }
    if (EndsWith(w, "mente") && w.size() >= 9) {
        Drop(w, 5);  // rapidamente -> rapida (-> rapid below)
    } else if (EndsWith(w, "cion") && w.size() >= 7) {
        Drop(w, 4);  // cancelacion -> cancela (-> cancel below), direccion -> direc
    } else {
        // Step 4: verb endings, longest first; the stem keeps at least 3 letters.
        static constexpr std::string_view kVerb[] = {
            "iendo", "ieron", "ando", "aron", "amos", "emos", "imos", "aste", "iste",
            "aba",   "ado",   "ada",  "ido",  "ida",  "ar",   "er",   "ir"};
        for (std::string_view v : kVerb) {
            if (EndsWith(w, v) && w.size() >= v.size() + 3) {
                Drop(w, v.size());
                break;
            }
        }
    }

    // Step 5: a final gender/number vowel: pedido/pedida -> pedid, envio -> envi.
    if (w.size() >= 4 && (w.back() == 'a' || w.back() == 'e' || w.back() == 'o')) Drop(w, 1);
    return w;
}

// [SECTION] Stop words
//
// Function words, question words and conversational filler: they say nothing about which
// article answers a question, and left in they let "how do I ..." match every heading.
// Folded forms (no accents, no apostrophes). Kept sorted; tests check it.

const std::vector<std::string_view>& EnglishStopWords() {
    static const std::vector<std::string_view> words = {
        "a",     "about", "am",     "an",     "and",    "any",    "are",   "as",     "at",
        "be",    "been",  "being",  "but",    "by",     "can",    "cant",  "could",  "did",
        "didnt", "do",    "does",   "doesnt", "doing",  "dont",   "eight", "five",   "for",
        "four",  "from",  "get",    "got",    "had",    "has",    "have",  "hello",  "help",
        "hey",   "hi",    "i",      "id",     "if",     "im",     "in",    "into",   "is",
        "isnt",  "it",    "its",    "ive",    "just",   "know",   "let",   "like",   "me",
        "my",    "need",  "nine",   "no",     "not",    "of",     "ok",    "okay",   "on",
        "or",    "our",   "please", "seven",  "should", "six",    "so",    "some",   "take",
        "taken", "takes", "taking", "tell",   "ten",    "than",   "thank", "thanks", "that",
        "the",   "their", "them",   "then",   "there",  "theres", "these", "they",   "this",
        "those", "three", "to",     "too",    "took",   "two",    "us",    "very",   "want",
        "was",   "we",    "were",   "while",  "will",   "with",   "wont",  "would",  "you",
        "your",  "yours"};
    return words;
}

const std::vector<std::string_view>& SpanishStopWords() {
    static const std::vector<std::string_view> words = {
        "a",      "al",      "algo",   "algun",    "alguna", "ante",   "aqui",    "cinco",
        "con",    "cuatro",  "de",     "del",      "desde",  "diez",   "dos",     "el",
        "ella",   "ellos",   "en",     "entre",    "era",    "es",     "esa",     "ese",
        "eso",    "esta",    "estan",  "estas",    "este",   "esto",   "estoy",   "favor",
        "fue",    "gracias", "ha",     "hacer",    "han",    "hay",    "hola",    "la",
        "las",    "le",      "les",    "lo",       "los",    "mas",    "me",      "mi",
        "mis",    "mucho",   "muy",    "necesito", "no",     "nos",    "nuestra", "nuestro",
        "nueve",  "o",       "ocho",   "os",       "para",   "pero",   "podeis",  "por",
        "porque", "puede",   "pueden", "puedo",    "que",    "quiero", "se",      "sea",
        "seis",   "si",      "siete",  "sin",      "sobre",  "son",    "soy",     "su",
        "sus",    "tambien", "tarda",  "tardais",  "tardan", "tardar", "tardara", "tardaran",
        "te",     "teneis",  "tengo",  "ti",       "tiene",  "tienen", "tres",    "tu",
        "tus",    "un",      "una",    "unas",     "uno",    "unos",   "usted",   "y",
        "ya",     "yo"};
    return words;
}

// Question words, folded. Kept sorted; tests check it.
const std::vector<std::string_view>& QuestionWords(Language language) {
    static const std::vector<std::string_view> none;
    static const std::vector<std::string_view> english = {
        "how",   "hows",   "many",  "much", "what", "whats", "when",
        "where", "wheres", "which", "who",  "whom", "whose", "why"};
    static const std::vector<std::string_view> spanish = {"como",   "cual",    "cuales", "cuando",
                                                          "cuanta", "cuantas", "cuanto", "cuantos",
                                                          "donde",  "quien",   "quienes"};
    switch (language) {
        case Language::kEnglish:
            return english;
        case Language::kSpanish:
            return spanish;
        case Language::kOther:
            break;
    }
    return none;
}

}  // namespace

// [SECTION] Public API

std::string PrimaryLanguageTag(std::string_view code) {
    std::size_t i = 0;
    while (i < code.size() && (code[i] == ' ' || code[i] == '\t'))
        ++i;
    std::string tag;
    for (; i < code.size(); ++i) {
        char c = code[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c < 'a' || c > 'z') break;
        tag.push_back(c);
    }
    return tag;
}

Language LanguageFromCode(std::string_view code) {
    const std::string tag = PrimaryLanguageTag(code);
    if (tag == "en") return Language::kEnglish;
    if (tag == "es") return Language::kSpanish;
    return Language::kOther;
}

std::string Stem(std::string_view word, Language language) {
    if (language == Language::kOther || word.size() <= 3 || !AllLowerAscii(word)) {
        return std::string(word);
    }
    return language == Language::kEnglish ? StemEnglish(std::string(word))
                                          : StemSpanish(std::string(word));
}

const std::vector<std::string_view>& StopWords(Language language) {
    static const std::vector<std::string_view> none;
    switch (language) {
        case Language::kEnglish:
            return EnglishStopWords();
        case Language::kSpanish:
            return SpanishStopWords();
        case Language::kOther:
            break;
    }
    return none;
}

bool IsStopWord(std::string_view word, Language language) {
    const std::vector<std::string_view>& words = StopWords(language);
    return std::binary_search(words.begin(), words.end(), word);
}

bool IsQuestionWord(std::string_view word, Language language) {
    const std::vector<std::string_view>& words = QuestionWords(language);
    return std::binary_search(words.begin(), words.end(), word);
}

std::vector<std::string> AnalyzeTerms(std::string_view text, Language language) {
    std::vector<std::string> terms;
    for (Token& t : Tokenize(text)) {
        if (t.kind == TokenKind::kNumber) {
            terms.push_back(std::move(t.norm));
        } else if (t.kind == TokenKind::kWord && !IsStopWord(t.norm, language)) {
            terms.push_back(Stem(t.norm, language));
        }
    }
    return terms;
}

}  // namespace seam::text

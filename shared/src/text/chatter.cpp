// shared/src/text/chatter.cpp — chatter phrases, question splitting and the question test (see
// chatter.hpp).
//
// Index of this file
//   [SECTION] Phrase tables
//   [SECTION] Matching phrases on tokens
//   [SECTION] Public API
#include "seam/text/chatter.hpp"

#include <algorithm>

#include "seam/text/tokenize.hpp"

namespace seam::text {

namespace {

// [SECTION] Phrase tables
//
// Folded words separated by one space; sorted at first use. A phrase is chatter only as a
// whole: "quick question" goes, "quick" alone ("quick-dry") stays.

std::vector<std::string_view> Sorted(std::vector<std::string_view> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

const std::vector<std::string_view>& EnglishChatter() {
    static const std::vector<std::string_view> phrases = Sorted({
        // Greetings and who is addressed.
        "hi",
        "hello",
        "hey",
        "hiya",
        "howdy",
        "hi there",
        "hello there",
        "hey there",
        "good morning",
        "good afternoon",
        "good evening",
        "good day",
        "greetings",
        "guys",
        "you guys",
        "folks",
        "mate",
        // Announcing a question.
        "quick question",
        "a quick question",
        "question",
        "i have a question",
        "i have a quick question",
        "i got a question",
        "got a question",
        "got a quick question",
        "quick q",
        "one question",
        "a question",
        "just a question",
        "simple question",
        "i was wondering",
        "i am wondering",
        "im wondering",
        "was wondering",
        "just wondering",
        "wondering",
        "i wonder",
        "i was curious",
        "just curious",
        "curious",
        "can you tell me",
        "could you tell me",
        "can you please tell me",
        "could you please tell me",
        "do you know",
        "would you know",
        "does anyone know",
        "i would like to know",
        "id like to know",
        "i want to know",
        "i wanted to know",
        "i need to know",
        "i just want to know",
        "just wanted to ask",
        "i just wanted to ask",
        "i wanted to ask",
        "i want to ask",
        "wanted to ask",
        "i would like to ask",
        "id like to ask",
        "can i ask",
        "may i ask",
        "let me ask",
        "i have a doubt",
        "sorry to bother",
        "sorry to bother you",
        "hope you are well",
        "hope youre well",
        "hope you are doing well",
        // Thanks and sign-offs.
        "thanks",
        "thank you",
        "thanks in advance",
        "thank you in advance",
        "thanks so much",
        "thank you so much",
        "thanks a lot",
        "many thanks",
        "much appreciated",
        "appreciate it",
        "i appreciate it",
        "appreciate the help",
        "cheers",
        "regards",
        "kind regards",
        "best regards",
        "best",
        "have a nice day",
        "have a good day",
        // Fillers.
        "lol",
        "haha",
        "hahaha",
        "btw",
        "by the way",
        "asap",
        "um",
        "umm",
        "uh",
        "hmm",
        "erm",
        "ok so",
        "okay so",
        "so",
        "well",
        "anyway",
        "basically",
        "actually",
        "please",
        "or nah",
        "or not",
    });
    return phrases;
}

const std::vector<std::string_view>& SpanishChatter() {
    static const std::vector<std::string_view> phrases = Sorted({
        // Saludos.
        "hola",
        "buenas",
        "buenos dias",
        "buenas tardes",
        "buenas noches",
        "buen dia",
        "que tal",
        "hola que tal",
        "como estas",
        "como esta",
        "chicos",
        "amigos",
        "equipo",
        // Anunciar la pregunta.
        "una pregunta",
        "una duda",
        "una consulta",
        "tengo una pregunta",
        "tengo una duda",
        "tengo una consulta",
        "pregunta rapida",
        "consulta rapida",
        "una pregunta rapida",
        "una consulta rapida",
        "duda rapida",
        "una duda rapida",
        "solo una pregunta",
        "pregunta",
        "consulta",
        "me preguntaba",
        "queria saber",
        "quisiera saber",
        "quiero saber",
        "me gustaria saber",
        "necesito saber",
        "queria preguntar",
        "quisiera preguntar",
        "quiero preguntar",
        "me gustaria preguntar",
        "me podrias decir",
        "me podria decir",
        "me podeis decir",
        "me pueden decir",
        "me puedes decir",
        "me puede decir",
        "podrias decirme",
        "podria decirme",
        "puedes decirme",
        "puede decirme",
        "podeis decirme",
        "pueden decirme",
        "me dices",
        "me dicen",
        "sabeis",
        "saben",
        "sabes",
        "sabe",
        "sabeis si",
        "saben si",
        "sabes si",
        "disculpa",
        "disculpe",
        "perdon",
        "perdona",
        "perdone",
        "una cosa",
        // Gracias y despedidas.
        "por favor",
        "gracias",
        "muchas gracias",
        "mil gracias",
        "gracias de antemano",
        "de antemano",
        "saludos",
        "un saludo",
        "saludos cordiales",
        "un abrazo",
        // Muletillas.
        "oye",
        "oiga",
        "mira",
        "vale",
        "bueno",
        "pues",
        "jaja",
        "jajaja",
        "jeje",
        "em",
        "eh",
        "o sea",
        "a ver",
        "la verdad",
    });
    return phrases;
}

// Phrases that join two questions; "," stands for a comma token.
const std::vector<std::vector<std::string_view>>& Joiners(Language language) {
    static const std::vector<std::vector<std::string_view>> none;
    static const std::vector<std::vector<std::string_view>> english = {
        {"and", "also"},        {"also", ","},
        {"another", "thing"},   {"one", "more", "thing"},
        {"plus", ","},          {"and", "another", "thing"},
        {"oh", "and"},          {"and", "secondly"},
        {"secondly", ","},      {"second", "question"},
        {"another", "question"}};
    static const std::vector<std::vector<std::string_view>> spanish = {
        {"y", "ademas"},      {"ademas", ","},       {"y", "tambien"},        {"otra", "cosa"},
        {"otra", "pregunta"}, {"y", "otra", "cosa"}, {"por", "otro", "lado"}, {"aparte", ","}};
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

// [SECTION] Matching phrases on tokens

// Number of tokens from `i` that spell a phrase in `phrases` (longest), or 0.
std::size_t PhraseAt(const std::vector<Token>& words, std::size_t i,
                     const std::vector<std::string_view>& phrases) {
    constexpr std::size_t kMaxPhraseWords = 6;
    std::size_t best = 0;
    std::string joined;
    for (std::size_t n = 1; n <= kMaxPhraseWords && i + n <= words.size(); ++n) {
        if (n > 1) joined += ' ';
        joined += words[i + n - 1].norm;
        if (std::binary_search(phrases.begin(), phrases.end(), std::string_view(joined))) {
            best = n;
        }
    }
    return best;
}

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// `s` without leading and trailing white space and joining punctuation (",;:-").
std::string_view Trim(std::string_view s) {
    const auto junk = [](char c) {
        return IsSpace(c) || c == ',' || c == ';' || c == ':' || c == '-';
    };
    while (!s.empty() && junk(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && IsSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

bool HasWord(std::string_view s) {
    for (const Token& t : Tokenize(s)) {
        if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) return true;
    }
    return false;
}

}  // namespace

// [SECTION] Public API

const std::vector<std::string_view>& ChatterPhrases(Language language) {
    static const std::vector<std::string_view> none;
    switch (language) {
        case Language::kEnglish:
            return EnglishChatter();
        case Language::kSpanish:
            return SpanishChatter();
        case Language::kOther:
            break;
    }
    return none;
}

std::string StripChatter(std::string_view text, Language language) {
    const std::vector<std::string_view>& phrases = ChatterPhrases(language);
    if (phrases.empty()) return std::string(text);
    std::vector<Token> words;
    for (Token& t : Tokenize(text)) {
        if (t.kind == TokenKind::kWord) words.push_back(std::move(t));
    }
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < words.size();) {
        const std::size_t n = PhraseAt(words, i, phrases);
        if (n == 0) {
            ++i;
            continue;
        }
        out.append(text.substr(copied, words[i].begin - copied));
        out += ' ';
        copied = words[i + n - 1].end;
        i += n;
    }
    if (copied == 0 && out.empty()) return std::string(text);
    out.append(text.substr(copied));
    return out;
}

std::vector<std::string> SplitQuestions(std::string_view text, Language language) {
    TokenizeOptions options;
    options.include_punctuation = true;
    const std::vector<Token> tokens = Tokenize(text, options);
    const std::vector<std::vector<std::string_view>>& joiners = Joiners(language);

    std::vector<std::string> parts;
    std::size_t start = 0;
    const auto cut = [&](std::size_t end, std::size_t next) {
        if (end > start) {
            const std::string_view part = Trim(text.substr(start, end - start));
            if (HasWord(part)) parts.emplace_back(part);
        }
        start = next;
    };
    std::size_t previous_end = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        // A line break between tokens ends a part.
        const std::size_t newline = text.substr(previous_end, t.begin - previous_end).find('\n');
        if (newline != std::string_view::npos && previous_end + newline >= start) {
            cut(previous_end + newline, previous_end + newline + 1);
        }
        previous_end = t.end;
        if (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) {
            if (t.norm == "?" || t.norm == "!" || t.norm == ";" || t.norm == "...") {
                cut(t.end, t.end);
            } else if (t.norm == "\xC2\xBF" || t.norm == "\xC2\xA1") {  // ¿ ¡
                cut(t.begin, t.begin);
            } else if (t.norm == ".") {
                const bool sentence_end = t.end == text.size() || IsSpace(text[t.end]);
                const bool after_word = i > 0 && tokens[i - 1].kind == TokenKind::kWord &&
                                        tokens[i - 1].end == t.begin &&
                                        tokens[i - 1].norm.size() >= 2;
                if (sentence_end && after_word) cut(t.end, t.end);
            }
            continue;
        }
        for (const std::vector<std::string_view>& joiner : joiners) {
            if (i + joiner.size() > tokens.size()) continue;
            bool match = true;
            for (std::size_t k = 0; k < joiner.size() && match; ++k) {
                match = tokens[i + k].norm == joiner[k];
            }
            if (!match) continue;
            const std::size_t last = i + joiner.size() - 1;
            cut(t.begin, tokens[last].end);
            previous_end = tokens[last].end;
            i = last;
            break;
        }
    }
    cut(text.size(), text.size());
    return parts;
}

bool LooksLikeQuestion(std::string_view text, Language language) {
    if (text.find('?') != std::string_view::npos) return true;
    if (text.find("\xC2\xBF") != std::string_view::npos) return true;  // ¿
    static constexpr std::string_view kEnglishOpeners[] = {
        "am", "are", "can",   "could",  "did", "do",   "does", "has",  "have",
        "is", "may", "shall", "should", "was", "were", "will", "would"};
    static constexpr std::string_view kSpanishOpeners[] = {
        "aceptais", "aceptan", "envian", "enviais", "hay",   "haceis", "hacen",
        "podeis",   "podemos", "puede",  "pueden",  "puedo", "teneis", "tienen"};
    for (const Token& t : Tokenize(StripChatter(text, language))) {
        if (t.kind != TokenKind::kWord) continue;
        if (IsQuestionWord(t.norm, language)) return true;
        if (language == Language::kEnglish) {
            return std::find(std::begin(kEnglishOpeners), std::end(kEnglishOpeners), t.norm) !=
                   std::end(kEnglishOpeners);
        }
        if (language == Language::kSpanish) {
            return std::find(std::begin(kSpanishOpeners), std::end(kSpanishOpeners), t.norm) !=
                   std::end(kSpanishOpeners);
        }
        return false;
    }
    return false;
}

}  // namespace seam::text

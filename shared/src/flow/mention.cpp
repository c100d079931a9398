// shared/src/flow/mention.cpp — options named by a customer's words (see mention.hpp).
#include "seam/flow/mention.hpp"

#include <algorithm>

#include "seam/flow/context.hpp"
#include "seam/text/normalize.hpp"

namespace seam::flow {

namespace {

std::vector<std::string_view> Words(std::string_view folded) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < folded.size()) {
        while (i < folded.size() && folded[i] == ' ')
            ++i;
        const std::size_t start = i;
        while (i < folded.size() && folded[i] != ' ')
            ++i;
        if (i > start) words.push_back(folded.substr(start, i - start));
    }
    return words;
}

// Words that turn the phrase after them around: "not too small", "no es defectuoso".
bool IsNegation(std::string_view w) {
    // Folded text has no apostrophes: "isn't" is "isnt".
    static constexpr std::string_view kNegations[] = {
        "not",   "no",   "never", "isnt",  "wasnt",  "arent", "werent", "dont",    "doesnt",
        "didnt", "cant", "wont",  "hasnt", "havent", "nunca", "ni",     "tampoco", "sin"};
    return std::find(std::begin(kNegations), std::end(kNegations), w) != std::end(kNegations);
}

void Add(OptionMention& m, const std::string& value) {
    if (std::find(m.values.begin(), m.values.end(), value) == m.values.end())
        m.values.push_back(value);
}

std::string ValueWords(const std::string& value) {
    std::string words = value;
    std::replace(words.begin(), words.end(), '_', ' ');
    return FoldForMatch(words);
}

}  // namespace

std::string FoldForMatch(std::string_view text) {
    text::NormalizeOptions o;
    o.strip_punctuation = true;
    return text::Normalize(text, o);
}

bool MentionsPhrase(std::string_view text, std::string_view phrase, bool unless_negated) {
    const std::vector<std::string_view> t = Words(text);
    const std::vector<std::string_view> p = Words(phrase);
    if (p.empty() || p.size() > t.size()) return false;
    for (std::size_t i = 0; i + p.size() <= t.size(); ++i) {
        if (!std::equal(p.begin(), p.end(), t.begin() + static_cast<std::ptrdiff_t>(i))) continue;
        // "not small", "isn't too small", "no me queda pequeño": a negation one or two words
        // before the phrase, or "no" before a Spanish pronoun and verb.
        const bool negated =
            (i >= 1 && IsNegation(t[i - 1])) || (i >= 2 && IsNegation(t[i - 2])) ||
            (i >= 3 && t[i - 3] == "no" &&
             (t[i - 2] == "me" || t[i - 2] == "te" || t[i - 2] == "se" || t[i - 2] == "lo"));
        if (!negated || !unless_negated) return true;
    }
    return false;
}

bool SaidAsNot(std::string_view text, std::string_view phrase) {
    static constexpr std::string_view kAbsent[] = {"away",  "out",     "except", "fuera",
                                                   "salvo", "excepto", "menos"};
    const std::vector<std::string_view> t = Words(text);
    const std::vector<std::string_view> p = Words(phrase);
    if (p.empty() || p.size() > t.size()) return false;
    for (std::size_t i = 0; i + p.size() <= t.size(); ++i) {
        if (!std::equal(p.begin(), p.end(), t.begin() + static_cast<std::ptrdiff_t>(i))) continue;
        for (std::size_t back = 1; back <= 4 && back <= i; ++back) {
            const std::string_view w = t[i - back];
            if (IsNegation(w) ||
                std::find(std::begin(kAbsent), std::end(kAbsent), w) != std::end(kAbsent)) {
                return true;
            }
        }
    }
    return false;
}

OptionMention NamedOptions(const Step& step, std::string_view text, const nlohmann::json& context) {
    OptionMention m;
    const std::string said = FoldForMatch(text);
    if (said.empty()) return m;
    // Exact: the message is a value or a label.
    for (const ChoiceOption& o : step.options) {
        if (said == FoldForMatch(o.value)) Add(m, o.value);
        for (const auto& [lang, labels] : o.label.by_lang) {
            for (const std::string& l : labels) {
                if (said == FoldForMatch(RenderTemplate(l, context))) Add(m, o.value);
            }
        }
    }
    if (!m.values.empty()) {
        m.exact = m.values.size() == 1;
        return m;
    }
    // Phrases: labels, the value's words ("too small"), and the option's match phrases. Not
    // for yes/no options: "yes" and "no" open too many sentences that say something else
    // ("no, where is my order?"); the engine reads them as a yes or a no instead.
    for (const ChoiceOption& o : step.options) {
        if (o.value == "yes" || o.value == "no") continue;
        bool named = MentionsPhrase(said, ValueWords(o.value));
        for (const auto& [lang, labels] : o.label.by_lang) {
            for (const std::string& l : labels) {
                named = named || MentionsPhrase(said, FoldForMatch(RenderTemplate(l, context)));
            }
        }
        for (const auto& [lang, phrases] : o.match.by_lang) {
            for (const std::string& p : phrases)
                named = named || MentionsPhrase(said, FoldForMatch(p));
        }
        if (named) Add(m, o.value);
    }
    return m;
}

}  // namespace seam::flow

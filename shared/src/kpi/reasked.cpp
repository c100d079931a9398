// shared/src/kpi/reasked.cpp — does an agent's message ask again for what the handoff held?
//
// Two steps: split the message into sentences and keep the questions (a '?' ending, a '¿', or a
// question opener); then look for each held slot's concept words in those questions. Openers are
// matched with accents kept ("qué" asks, "que tengas buen día" does not); concepts with accents
// folded so that "numero de pedido" and "número de pedido" both count.
#include <string>
#include <string_view>
#include <vector>

#include "seam/kpi/kpis.hpp"
#include "seam/text/normalize.hpp"

namespace seam::kpi {

namespace {

struct Sentence {
    std::string text;  //!< case-folded, accents kept, trimmed
    bool question = false;
};

bool IsWordByte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

// True when `phrase` occurs in `text` as whole words (no word byte right before or after).
bool ContainsPhrase(std::string_view text, std::string_view phrase) {
    if (phrase.empty()) return false;
    for (std::size_t pos = text.find(phrase); pos != std::string_view::npos;
         pos = text.find(phrase, pos + 1)) {
        const bool start_ok = pos == 0 || !IsWordByte(text[pos - 1]) || !IsWordByte(phrase[0]);
        const std::size_t end = pos + phrase.size();
        const bool end_ok =
            end == text.size() || !IsWordByte(text[end]) || !IsWordByte(phrase[phrase.size() - 1]);
        if (start_ok && end_ok) return true;
    }
    return false;
}

bool StartsWithPhrase(std::string_view text, std::string_view phrase) {
    if (text.substr(0, phrase.size()) != phrase) return false;
    const std::string_view rest = text.substr(phrase.size());
    // "can't" / "couldn't" open statements, not questions ("what's" still asks).
    if (rest.substr(0, 2) == "'t" || rest.substr(0, 3) == "n't") return false;
    return rest.empty() || !IsWordByte(rest[0]);
}

// Sentence openers that make a request or a question even without a '?'.
const std::vector<std::string_view>& Openers() {
    static const std::vector<std::string_view> openers = {
        // English
        "could", "can", "would", "will you", "what", "which", "when", "where", "how", "may i",
        "please provide", "please confirm", "please send", "please share", "please give",
        "please tell", "please enter", "please type", "please let me know", "tell me",
        "let me know", "i need your", "i'll need your", "i will need your", "do you have",
        // Spanish (accented interrogatives only: "que"/"cual" without accent are not questions)
        "¿", "puedes", "podrías", "podrias", "puede", "podría", "me puedes", "me podrías",
        "me podrias", "me puede", "cuál", "cuáles", "qué", "cuándo", "dónde", "cómo", "dime",
        "indícame", "indicame", "necesito tu", "necesito su", "por favor indica",
        "por favor indique", "por favor proporciona", "por favor proporcione", "por favor confirma",
        "por favor confirme", "por favor envía", "por favor envia", "por favor comparte"};
    return openers;
}

std::vector<Sentence> QuestionSentences(const std::string& text) {
    text::NormalizeOptions options;
    options.fold_accents = false;
    const std::string folded = text::Normalize(text, options);
    std::vector<Sentence> sentences;
    std::string current;
    bool inverted = false;  // saw '¿' in the current sentence
    auto flush = [&](bool ends_with_question_mark) {
        std::size_t start = 0;
        while (start < current.size() &&
               (current[start] == ' ' || current[start] == '"' || current[start] == '\'' ||
                current[start] == '(' || current[start] == '-' || current[start] == ',')) {
            ++start;
        }
        std::string_view body = std::string_view(current).substr(start);
        if (body.substr(0, 2) == "¡") body.remove_prefix(2);
        Sentence s;
        s.text = std::string(body);
        s.question = ends_with_question_mark || inverted;
        for (std::string_view opener : Openers()) {
            if (s.question) break;
            s.question = StartsWithPhrase(s.text, opener) ||
                         (opener == "¿" && s.text.find(opener) != std::string::npos);
        }
        // Inverted marks are punctuation, not word bytes, for the concept search.
        for (std::string_view mark : {"¿", "¡"}) {
            for (std::size_t at = s.text.find(mark); at != std::string::npos;
                 at = s.text.find(mark)) {
                s.text.replace(at, mark.size(), " ");
            }
        }
        if (!s.text.empty()) sentences.push_back(std::move(s));
        current.clear();
        inverted = false;
    };
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const char c = folded[i];
        if (c == '?' || c == '.' || c == '!' || c == '\n') {
            flush(c == '?');
            continue;
        }
        if (folded.compare(i, 2, "¿") == 0) inverted = true;
        current.push_back(c);
    }
    flush(false);
    std::vector<Sentence> questions;
    for (Sentence& s : sentences) {
        if (s.question) questions.push_back(std::move(s));
    }
    return questions;
}

// Concept words of a slot, accents folded and lower case.
std::vector<std::string> Concepts(const std::string& slot) {
    struct Entry {
        const char* slot;
        std::vector<const char*> words;
    };
    static const std::vector<Entry> table = {
        {"order_number",
         {"order number", "order #", "order#", "order no", "numero de pedido", "pedido"}},
        {"email", {"email", "e-mail", "email address", "correo"}},
        {"address", {"address", "direccion"}},
        {"postal_code", {"zip", "postal code", "postcode", "codigo postal"}},
        {"date", {"which day", "what day", "what date", "which date", "fecha", "que dia"}},
        {"reason", {"why", "reason", "motivo", "por que"}},
        {"method", {"refund method", "store credit or", "metodo"}},
        {"months", {"how many months", "cuantos meses"}},
        {"subscription", {"which subscription", "que suscripcion"}},
        {"invoice_number", {"invoice number", "numero de factura"}},
    };
    for (const Entry& e : table) {
        if (slot == e.slot) return {e.words.begin(), e.words.end()};
    }
    std::string words = slot;
    for (char& c : words) {
        if (c == '_') c = ' ';
    }
    return {text::Normalize(words)};
}

}  // namespace

std::vector<std::string> ReaskedSlots(const std::string& text, const std::vector<std::string>& held,
                                      const std::string& locale) {
    static_cast<void>(locale);  // both lexicons always apply; see the header
    std::vector<std::string> questions;
    for (const Sentence& s : QuestionSentences(text)) {
        questions.push_back(text::FoldAccents(s.text));
    }
    std::vector<std::string> out;
    if (questions.empty()) return out;
    for (const std::string& slot : held) {
        bool already = false;
        for (const std::string& o : out)
            already = already || o == slot;
        if (already) continue;
        bool asked = false;
        for (std::string q : questions) {
            // "email address" / "dirección de correo" name the email, not a postal address.
            if (slot == "address") {
                for (std::string_view not_address :
                     {"e-mail address", "email address", "direccion de correo",
                      "direccion de email", "direccion de e-mail"}) {
                    for (std::size_t at = q.find(not_address); at != std::string::npos;
                         at = q.find(not_address)) {
                        q.replace(at, not_address.size(), "email");
                    }
                }
            }
            for (const std::string& concept_word : Concepts(slot)) {
                asked = asked || ContainsPhrase(q, concept_word);
            }
        }
        if (asked) out.push_back(slot);
    }
    return out;
}

}  // namespace seam::kpi

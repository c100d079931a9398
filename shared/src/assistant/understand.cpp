// shared/src/assistant/understand.cpp — intent + entities + knowledge answer for one message.
#include "seam/assistant/understand.hpp"

#include <algorithm>

#include "seam/form/validate.hpp"
#include "seam/text/chatter.hpp"
#include "seam/text/spelling.hpp"

namespace seam::assistant {

Understander::Understander(nlu::IntentModel model, kb::Index index, EntityFinder entities)
    : model_(std::move(model)), index_(std::move(index)), entities_(std::move(entities)) {}

namespace {

//! A flow intent below this confidence is a guess: when the message is a question the knowledge
//! base answers, the answer is attached too (see understand.hpp).
constexpr float kUnsureIntent = 0.5f;
//! At most this many answers for one message (the first and more_answers together).
constexpr std::size_t kMaxAnswers = 3;

bool IsChitchat(const std::string& intent) {
    return intent == "greeting" || intent == "thanks" || intent == "goodbye";
}

//! A general question the knowledge base answers this well is answered even when an intent
//! claims it too ("how long do refunds take", "is the return label free"); the engine then
//! gives the answer and offers the request.
constexpr double kClearAnswer = 0.6;

//! "my order", "mi pedido": a message about the customer's own things is a request for their
//! case, not a policy question, however it is phrased.
bool AboutTheirOwnThings(const std::string& text) {
    static const char* const kOwn[] = {"my",      "mine",    "our",      "ours",    "mi",
                                       "mis",     "mio",     "mia",      "mios",    "mias",
                                       "nuestro", "nuestra", "nuestros", "nuestras"};
    std::string word;
    for (char c : text + " ") {
        const unsigned char u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80) {
            word.push_back(static_cast<char>(u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u));
            continue;
        }
        for (const char* w : kOwn) {
            if (word == w) return true;
        }
        word.clear();
    }
    return false;
}

flow::KnowledgeAnswer AnswerOf(const kb::Hit& h) {
    return {h.heading, h.text, h.url + "#" + h.anchor};
}

}  // namespace

KnowledgeAnswers AnswerFromKnowledge(const kb::Index& index, const std::string& text,
                                     const std::string& locale) {
    const text::Language language = text::LanguageFromCode(locale);
    KnowledgeAnswers out;
    const std::vector<std::string> parts = text::SplitQuestions(text, language);
    if (parts.size() > 1) {
        for (const std::string& part : parts) {
            if (out.hits.size() >= kMaxAnswers) break;
            if (!text::LooksLikeQuestion(part, language)) continue;  // "it's for my sister"
            kb::SearchResult r = index.Search(part, locale, 1);
            if (!r.answerable || r.hits.empty()) continue;
            const std::string url = r.hits[0].url + "#" + r.hits[0].anchor;
            const bool seen =
                std::any_of(out.hits.begin(), out.hits.end(),
                            [&url](const kb::Hit& b) { return b.url + "#" + b.anchor == url; });
            if (!seen) out.hits.push_back(std::move(r.hits[0]));
        }
    }
    if (out.hits.size() >= 2) {
        out.best = 1.0;
        return out;
    }
    // One question (perhaps with chatter around it): the whole message decides, a single
    // answered part only when the whole does not answer.
    kb::SearchResult whole = index.Search(text, locale, 1);
    if (whole.answerable && !whole.hits.empty()) {
        out.best = whole.hits[0].confidence;
        out.hits = {std::move(whole.hits[0])};
    } else {
        out.best = 0;  // as before: a single answered part keeps its answer, at confidence 0
    }
    return out;
}

flow::Understanding Understander::Understand(const std::string& text,
                                             const std::string& locale) const {
    flow::Understanding u;
    const text::Language language = text::LanguageFromCode(locale);
    // Chat-speak and common misspellings, undone before the model reads them too ("plz canel
    // the subscripton" is the cancel_subscription it means).
    const std::string fixed = text::FixSpelling(text, language);
    const nlu::Prediction p = model_.Predict(fixed, 3);
    u.intent = p.intent;
    u.ambiguous = p.ambiguous;
    u.confidence = p.ranked.empty() ? 0.0f : p.ranked[0].confidence;
    for (const nlu::IntentScore& s : p.ranked)
        u.ranked.emplace_back(s.intent, s.confidence);
    if (entities_) u.entities = entities_(text, locale);

    // Knowledge answers: the whole message, and each of its questions when it asks several.
    const KnowledgeAnswers found = AnswerFromKnowledge(index_, text, locale);
    std::vector<flow::KnowledgeAnswer> answers;
    for (const kb::Hit& h : found.hits)
        answers.push_back(AnswerOf(h));
    const double best = found.best;
    if (answers.empty()) return u;

    // Who gets the message: the knowledge base answers questions, flows serve requests.
    bool attach = false;
    if (p.out_of_scope || u.intent == "oos") {
        attach = true;  // no intent claimed it: the answer is what the engine gives
    } else if (IsChitchat(u.intent)) {
        // "hi! do you ship to Germany?" is a question with a greeting around it.
        u.intent = "oos";
        u.ambiguous = false;
        attach = true;
    } else if ((u.ambiguous || u.confidence < kUnsureIntent) &&
               text::LooksLikeQuestion(text, language)) {
        attach = true;  // the intent is a guess and the message asks something answered
    } else if (best >= kClearAnswer && u.entities.empty() && !AboutTheirOwnThings(fixed) &&
               text::LooksLikeQuestion(text, language)) {
        attach = true;  // a general question, clearly answered: a policy, not their case
    }
    if (!attach) return u;
    u.has_answer = true;
    u.answer_title = answers[0].title;
    u.answer_text = answers[0].text;
    u.answer_url = answers[0].url;
    u.more_answers.assign(answers.begin() + 1, answers.end());
    return u;
}

flow::Event MessageEvent(const Understander& understander, const std::string& raw_text,
                         const std::string& locale) {
    flow::Event e;
    e.kind = flow::EventKind::kMessage;
    // Any card data (number, expiry, security code, last four) is removed before anything sees
    // the message; card_number tells the engine some was.
    const bool card = form::ContainsCardData(raw_text);
    e.text = card ? form::RedactCardData(raw_text) : raw_text;
    e.understanding = understander.Understand(e.text, locale);
    e.understanding.card_number = card;
    return e;
}

}  // namespace seam::assistant

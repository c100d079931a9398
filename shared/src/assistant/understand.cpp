// shared/src/assistant/understand.cpp — intent + entities + knowledge answer for one message.
#include "seam/assistant/understand.hpp"

#include "seam/form/validate.hpp"

namespace seam::assistant {

Understander::Understander(nlu::IntentModel model, kb::Index index, EntityFinder entities)
    : model_(std::move(model)), index_(std::move(index)), entities_(std::move(entities)) {}

flow::Understanding Understander::Understand(const std::string& text,
                                             const std::string& locale) const {
    flow::Understanding u;
    const nlu::Prediction p = model_.Predict(text, 3);
    u.intent = p.intent;
    u.ambiguous = p.ambiguous;
    u.confidence = p.ranked.empty() ? 0.0f : p.ranked[0].confidence;
    for (const nlu::IntentScore& s : p.ranked)
        u.ranked.emplace_back(s.intent, s.confidence);
    if (entities_) u.entities = entities_(text, locale);
    // The knowledge base answers questions, not requests: only when no intent claimed the
    // message (mid-flow, this is what makes a digression possible).
    if (p.out_of_scope) {
        const kb::SearchResult r = index_.Search(text, locale, 1);
        if (r.answerable && !r.hits.empty()) {
            const kb::Hit& h = r.hits[0];
            u.has_answer = true;
            u.answer_title = h.heading;
            u.answer_text = h.text;
            u.answer_url = h.url + "#" + h.anchor;
        }
    }
    return u;
}

flow::Event MessageEvent(const Understander& understander, const std::string& raw_text,
                         const std::string& locale) {
    flow::Event e;
    e.kind = flow::EventKind::kMessage;
    const bool card = form::ContainsCardNumber(raw_text);
    e.text = card ? form::RedactCardNumbers(raw_text) : raw_text;
    e.understanding = understander.Understand(e.text, locale);
    e.understanding.card_number = card;
    return e;
}

}  // namespace seam::assistant

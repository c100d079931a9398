// shared/include/seam/assistant/understand.hpp — one message through language understanding:
// intent model + entities + knowledge base -> flow::Understanding (what the engine consumes).
//
// This is the only place the NLU modules meet the flow engine; either side can be replaced
// without the other knowing (the engine takes ranked intents and entities, whoever made them).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "seam/flow/engine.hpp"
#include "seam/kb/index.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::assistant {

//! Finds typed values in a message (order numbers, emails, dates...), for slot filling.
using EntityFinder = std::function<std::vector<flow::EntityValue>(const std::string& text,
                                                                  const std::string& locale)>;

//! What the knowledge base answers in a message, before anyone decides whether the message is
//! a question for it or a request for a flow (Understander::Understand makes that decision on
//! top). The knowledge base is searched for the whole message and, when it asks several things
//! (text::SplitQuestions), for each question in it (only the parts that
//! text::LooksLikeQuestion); each search keeps its best hit when it clears the index's
//! threshold (kb::IndexOptions::min_confidence). Two or more questions answered from different
//! passages give those answers in the order asked (at most 3); otherwise the whole message's
//! answer, when it has one.
struct KnowledgeAnswers {
    std::vector<kb::Hit> hits;  //!< the passages that answer it, first asked first; may be empty
    //! The best hit's confidence (1 when several questions were answered: each cleared the
    //! threshold on its own).
    double best = 0;
};
KnowledgeAnswers AnswerFromKnowledge(const kb::Index& index, const std::string& text,
                                     const std::string& locale);

class Understander {
  public:
    Understander(nlu::IntentModel model, kb::Index index, EntityFinder entities = nullptr);

    //! Intent decision, ranked intents, entities, and the knowledge answers good enough to give.
    //!
    //! The intent model reads the message with chat-speak and misspellings fixed
    //! (text::FixSpelling: on tests/eval it lifts intent accuracy by 2-4 points in en and es).
    //! The knowledge base is searched for the whole message and, when it asks several things
    //! (text::SplitQuestions), for each question in it; two or more questions answered from
    //! different passages give answer_* (the first asked) plus more_answers (at most 3 in all).
    //!
    //! Who gets the message (decided here, so the engine can choose):
    //!   - no intent ("oos"): the answer is attached (has_answer), as before;
    //!   - greeting/thanks/goodbye with a question the knowledge base answers ("hi! do you ship
    //!     to Germany?"): the intent becomes "oos" and the answer is attached: the greeting is
    //!     chatter around the question;
    //!   - a flow intent: kept. The answer is attached too only when the intent is a guess
    //!     (ambiguous, or confidence < 0.5) and the message is phrased as a question
    //!     (text::LooksLikeQuestion), e.g. "how long do refunds take" against refund_status.
    //!     A confident flow intent gets the answer attached only for a general question the
    //!     knowledge base answers clearly (confidence >= 0.6), with no entity and nothing
    //!     about the customer's own things ("my", "mi"): "how long do I have to return
    //!     something?" is a policy question, "where is my refund for LW-104233" a request.
    //!     The engine answers such messages and offers the flow as a quick reply.
    flow::Understanding Understand(const std::string& text, const std::string& locale) const;

    const nlu::IntentModel& model() const { return model_; }
    const kb::Index& index() const { return index_; }

  private:
    nlu::IntentModel model_;
    kb::Index index_;
    EntityFinder entities_;
};

//! The engine event for a customer message: card numbers are redacted from the text before
//! anything sees or stores it (the event carries only the redacted text, and the flag), then
//! the redacted text is understood.
flow::Event MessageEvent(const Understander& understander, const std::string& raw_text,
                         const std::string& locale);

}  // namespace seam::assistant

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

class Understander {
  public:
    Understander(nlu::IntentModel model, kb::Index index, EntityFinder entities = nullptr);

    //! Intent decision, ranked intents, entities, and the knowledge answer when there is one
    //! good enough to give (only asked when the message is not a flow intent).
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

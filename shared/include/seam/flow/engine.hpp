// shared/include/seam/flow/engine.hpp — the flow executor: a pure state machine.
//
//   (State, Event) --Engine::Step--> (State, Effects)
//
// Same inputs, same outputs, in every build: no clock, no randomness (phrasings are chosen by a
// hash of the session id, step and attempt), no I/O (actions are requests the host carries out
// and answers with an ActionResult event). State serialises to JSON and resumes anywhere.
//
// Per user message, in this order:
//   1. card numbers are redacted before anything else sees the text (host's job, see entities);
//   2. global intents: cancel -> abandon, start_over -> restart the flow, talk_to_human -> handoff;
//   3. while a flow runs: entities of the current flow's slot types fill or correct those slots
//      ("actually it's order 104233"); a question the knowledge base answers while a step waits
//      is answered, then the step is asked again (digression);
//   4. the waiting step consumes the message (ask: validate; choice: match an option; csat: 1-5);
//   5. with no flow running: the intent starts its flow (slots pre-filled from the same
//      message), or the knowledge base answers, or Seam says it is not sure and offers choices.
// Then steps run until one waits for the customer, waits for an action, or the flow ends.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "seam/core/result.hpp"
#include "seam/flow/flow.hpp"

namespace seam::flow {

//! An entity found in the message by whoever runs language understanding.
struct EntityValue {
    std::string type;      //!< a slot type: order_number, email, date, money, ...
    nlohmann::json value;  //!< normalised value
    std::string text;      //!< as the customer wrote it
};

//! What language understanding made of one message: the small interface between NLU and flows.
struct Understanding {
    std::string intent;  //!< the decision: an intent, or "oos"
    float confidence = 0;
    bool ambiguous = false;
    std::vector<std::pair<std::string, float>> ranked;  //!< best first
    std::vector<EntityValue> entities;
    bool card_number = false;  //!< the message held a card number (redacted before anything saw it)
    bool has_answer = false;   //!< the knowledge base can answer it
    std::string answer_title, answer_text, answer_url;
};

enum class EventKind { kStart, kMessage, kChoice, kActionResult };

struct Event {
    EventKind kind = EventKind::kMessage;
    std::string text;             //!< kMessage: the customer's words (already redacted)
    Understanding understanding;  //!< kMessage
    std::string flow;             //!< kStart: the flow to start
    std::string value;            //!< kChoice: the chosen option value
    std::string outcome;          //!< kActionResult
    nlohmann::json result;        //!< kActionResult: the action's data
};

enum class EffectKind { kSay, kQuickReplies, kAction, kHandoff, kEnd };

struct Effect {
    EffectKind kind = EffectKind::kSay;
    std::string text;                                          //!< kSay
    std::vector<std::pair<std::string, std::string>> options;  //!< kQuickReplies: value, label
    std::string name;                                          //!< kAction
    nlohmann::json params;                                     //!< kAction
    nlohmann::json handoff;                                    //!< kHandoff: the payload
    std::string outcome;                                       //!< kEnd
};

//! Checks one answer to an ask step. `value` is the normalised value on success; `error` says,
//! in the customer's language, what was wrong and how to fix it.
struct SlotCheck {
    bool ok = false;
    nlohmann::json value;
    std::string error;
};
using SlotValidator =
    std::function<SlotCheck(const SlotSpec& slot, const std::string& text,
                            const std::vector<EntityValue>& entities, const std::string& locale)>;

//! The effect as hosts hand it on (seamd's turn answers, the widget's brain): {"type": "say",
//! "text"} | {"type": "replies", "options": [{"value", "label"}]} | {"type": "action", "name",
//! "params"} | {"type": "handoff", "queue", "reason"} | {"type": "end", "outcome"}.
nlohmann::json EffectToJson(const Effect& e);

struct EngineConfig {
    std::vector<Flow> flows;
    SlotValidator validator;
    std::string human_flow;     //!< flow run for talk_to_human (it should end in a handoff);
                                //!< empty or unknown: the built-in immediate handoff
    std::string fallback_flow;  //!< flow run when no flow matches and the knowledge base has an
                                //!< answer (it reads answer.*); empty: the answer is just said
};

class Engine {
  public:
    explicit Engine(EngineConfig config);

    //! How many recent entries each list of state.history keeps (older ones are dropped and
    //! counted in history.dropped), so a long conversation's state stays small.
    static constexpr std::pair<const char*, std::size_t> kHistoryLimits[] = {
        {"transcript", 24}, {"intents", 12}, {"steps", 40}, {"flows", 12}, {"actions", 12}};
    //! Applies kHistoryLimits (Step does it after every turn).
    static void TrimHistory(nlohmann::json& state);

    //! A fresh conversation state.
    static nlohmann::json NewState(const std::string& session_id, const std::string& locale,
                                   const nlohmann::json& customer);

    //! Applies `event` to `state`; returns the effects for the host. Errors (seam.engine.*) mean
    //! the event did not fit the state (an action result nobody asked for, an unknown flow) and
    //! leave `state` unchanged.
    Result<std::vector<Effect>> Step(nlohmann::json& state, const Event& event) const;
    //! Step without its safety copy: `state` is changed in place and left half-changed on an
    //! error, for a host that steps a copy of its own and drops it on an error.
    Result<std::vector<Effect>> StepInPlace(nlohmann::json& state, const Event& event) const;

    const Flow* FindFlow(const std::string& id) const;
    const Flow* FlowForIntent(const std::string& intent) const;

  private:
    struct Turn;
    void Run(Turn& turn) const;
    void Enter(Turn& turn, const std::string& step_id) const;
    bool Consume(Turn& turn, const Event& event) const;
    //! The option of a waiting choice (or the rating of a csat) that `event` picks, or "".
    std::string MatchOption(Turn& turn, const flow::Step& step, const Event& event) const;
    void StartFlow(Turn& turn, const Flow& flow, const Event* first_message) const;
    void Handoff(Turn& turn, const std::string& reason, const std::string& queue,
                 const std::string& priority) const;
    void Finish(Turn& turn, const std::string& outcome) const;
    nlohmann::json Checked(const SlotSpec& spec, const EntityValue& e,
                           const std::string& locale) const;

    EngineConfig config_;
};

}  // namespace seam::flow

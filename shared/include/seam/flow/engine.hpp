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
//   4. a new request while a step waits (a confident intent of another flow that is not an
//      answer to the step: "wait, first: where is my other order?") suspends the flow on a
//      stack and starts the new one; when that one ends, Seam offers to go back ("Shall we
//      finish your return for LW-104198?"). A flow with nothing left to do is not suspended;
//   5. the waiting step consumes the message (ask: validate; choice: an option named exactly,
//      by a yes/no, or by its words and "match" phrases; csat: 1-5), and every other slot the
//      message gives is filled too ("LW-104233, it has a hole" fills the order and the reason);
//   6. with no flow running: the intent starts its flow (slots pre-filled from the same
//      message, a choice already answered there is confirmed instead of asked), or the
//      knowledge base answers, or Seam says it is not sure and offers choices.
// Then steps run until one waits for the customer, waits for an action, or the flow ends.
// A message that carried card data is never taken as an answer, but the request it makes is
// still heard ("my card was charged twice" starts the charge flow).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
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

//! One knowledge-base answer: the passage's heading, its text, and its URL ("/help/x#anchor").
struct KnowledgeAnswer {
    std::string title, text, url;
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
    //! Answers to the message's other questions ("how long do refunds take? and do you ship to
    //! Canada?"), from other passages, in the order asked; the first answer is the one above.
    std::vector<KnowledgeAnswer> more_answers;
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

    //! Where the conversation's lines live. kInState: the state keeps the recent ones in
    //! history.transcript and the handoff payload carries them (the widget's brain, `seam test`,
    //! the inspector: hosts with no log of their own). kWithHost: the state keeps none (it stays
    //! the same size however long the conversation), the payload's "transcript" is empty and the
    //! host fills it from its own log (seamd: the messages table). The engine reads the state:
    //! a state without history.transcript is a kWithHost one, whoever made it.
    enum class Transcript { kInState, kWithHost };

    //! A fresh conversation state.
    static nlohmann::json NewState(const std::string& session_id, const std::string& locale,
                                   const nlohmann::json& customer,
                                   Transcript transcript = Transcript::kInState);
    //! Makes `state` a kWithHost one: removes history.transcript and its count in
    //! history.dropped (a state stored with its lines by an older seamd loads without them).
    //! Total: a state of any shape is left as it was or made smaller, never aborts.
    static void DropTranscript(nlohmann::json& state);

    //! Checks a state read back from outside before it is stepped: the whole schema
    //! (ValidateState in state.hpp), the flow it names is one of this engine's, a running flow
    //! has a step. Errors: seam.engine.state, seam.engine.unknown_flow, seam.json.*.
    Result<bool> CheckState(const nlohmann::json& state) const;
    //! Parses and checks a stored state (JSON text): what a host (or a fuzzer) loads a state
    //! with. Errors: seam.json.parse and those of CheckState. Never aborts.
    Result<nlohmann::json> LoadState(std::string_view text) const;

    //! Applies `event` to `state`; returns the effects for the host. The state is checked first
    //! (CheckState): a state with a missing or wrong-typed field is an error, never an abort.
    //! Errors (seam.engine.*, seam.json.*) mean the state was unreadable or the event did not
    //! fit it (an action result nobody asked for, an unknown flow) and leave `state` unchanged.
    Result<std::vector<Effect>> Step(nlohmann::json& state, const Event& event) const;
    //! Step without its safety copy: `state` is changed in place and left half-changed on an
    //! error, for a host that steps a copy of its own and drops it on an error.
    Result<std::vector<Effect>> StepInPlace(nlohmann::json& state, const Event& event) const;
    //! StepInPlace for a state CheckState accepted and nothing changed since but writes of
    //! valid values (the host keeps states it checked, and the ones the engine made of them):
    //! the same step without checking the whole state again.
    Result<std::vector<Effect>> StepChecked(nlohmann::json& state, const Event& event) const;

    const Flow* FindFlow(const std::string& id) const;
    const Flow* FlowForIntent(const std::string& intent) const;

    //! How many interrupted flows wait at most (older ones are dropped).
    static constexpr std::size_t kMaxSuspended = 3;

  private:
    struct Turn;
    void Run(Turn& turn) const;
    void Enter(Turn& turn, const std::string& step_id) const;
    void OnMessage(Turn& turn, const Event& event) const;
    bool Consume(Turn& turn, const Event& event) const;
    //! The option of a waiting choice (or the rating of a csat) that `event` picks, or "":
    //! named exactly, by a yes/no, or by its words (see mention.hpp).
    std::string MatchOption(Turn& turn, const flow::Step& step, const Event& event) const;
    //! The flow a message confidently asks for that is not the one running, or nullptr.
    const Flow* NewRequest(const Turn& turn, const Event& event) const;
    const Flow* NewRequestFor(const Flow* running, const Event& event) const;
    //! Leaves the running flow for `next`: suspended when it has work left, else dropped.
    void SwitchTo(Turn& turn, const Flow& next, const Event& event) const;
    bool WorkLeft(const Flow& flow, const std::string& step_id) const;
    void OfferResume(Turn& turn) const;
    //! The customer's answer to "Shall we finish ...?"; false when the message is not one.
    bool AnswerResumeOffer(Turn& turn, const Event& event) const;
    //! Fills the running flow's empty slots that `event` gives (entities, enum options named
    //! by their words), recorded with `source`.
    void FillMentioned(Turn& turn, const Event& event, const char* source) const;
    void StartFlow(Turn& turn, const Flow& flow, const Event* first_message) const;
    void Handoff(Turn& turn, const std::string& reason, const std::string& queue,
                 const std::string& priority) const;
    void Finish(Turn& turn, const std::string& outcome) const;
    nlohmann::json Checked(const SlotSpec& spec, const EntityValue& e,
                           const std::string& locale) const;

    EngineConfig config_;
};

}  // namespace seam::flow

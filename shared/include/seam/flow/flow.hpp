// shared/include/seam/flow/flow.hpp — a flow program as data: steps, slots and where each step
// goes.
//
// One flow per JSON file (assets/flows/*.json, schema assets/schema/flow.schema.json):
//
//   {"flow": "order_status", "version": 1, "intents": ["order_status"],
//    "slots": {"order_number": {"type": "order_number"}},
//    "start": "ask_order",
//    "steps": [{"id": "ask_order", "kind": "ask", "slot": "order_number", "say": "Which order?",
//               "next": "lookup"}, ...]}
//
// Step kinds: message, ask, choice, branch, action, set, handoff, csat, end, start (this flow
// ends quietly and another one begins, with what was collected). The flow decides;
// the host executes actions and reports their outcome.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace seam::flow {

enum class StepKind {
    kMessage,
    kAsk,
    kChoice,
    kBranch,
    kAction,
    kSet,
    kHandoff,
    kCsat,
    kEnd,
    kStart
};

//! "message", "ask", ... as written in flow files.
const char* StepKindName(StepKind kind);

//! Text in one or several languages, each with one or more phrasings:
//! "Hi" | ["Hi", "Hello"] | {"en": ["Hi"], "es": "Hola"}.
struct Text {
    std::map<std::string, std::vector<std::string>> by_lang;  //!< "" = language-neutral
    bool empty() const { return by_lang.empty(); }
};

struct SlotSpec {
    std::string name;
    std::string type;                 //!< a slot type of the registry (email, date, enum, ...)
    std::vector<std::string> values;  //!< for enum slots
    bool optional = false;            //!< may be read before it is asked (empty when unset)
    bool prefill = true;              //!< may be filled from the message that starts the flow
                                      //!< (off where a mention is often negative: "not Friday")
    std::string pointer;              //!< JSON pointer of the declaration
};

struct ChoiceOption {
    std::string value;
    Text label;
    Text match;  //!< more phrases that name this option when typed ("tight", "has a hole")
    std::string next;
    std::string pointer;
};

//! Choice options read from a list the flow has (an action's result): one option per item.
struct OptionsFrom {
    std::string list;   //!< "result.orders"
    std::string value;  //!< the item field that is the option's value ("number")
    std::string label;  //!< the item field shown ("label")
    std::string match;  //!< the item field with phrases that name it ("keywords"), optional
    bool empty() const { return list.empty(); }
};

struct BranchCase {
    nlohmann::json when;  //!< condition expression (see condition.hpp)
    std::string next;
    std::string pointer;
};

struct Step {
    std::string id;
    StepKind kind = StepKind::kMessage;
    std::string pointer;       //!< JSON pointer of the step object ("/steps/3")
    Text say;                  //!< message, ask prompt, choice/csat question
    Text reprompt;             //!< ask: said (with the validation error) after an invalid answer
    std::string slot;          //!< ask, choice (optional), csat (optional)
    int max_attempts = 3;      //!< ask
    std::string next;          //!< every kind but branch and end
    std::string on_exhausted;  //!< ask: after max_attempts invalid answers
    std::vector<ChoiceOption> options;             //!< choice
    OptionsFrom options_from;                      //!< choice: more options, from a list
    std::vector<BranchCase> cases;                 //!< branch
    std::string otherwise;                         //!< branch "else"
    std::string action;                            //!< action name
    std::map<std::string, std::string> params;     //!< action parameters (templates)
    std::map<std::string, std::string> on;         //!< action outcome -> step
    std::map<std::string, nlohmann::json> values;  //!< set: slot -> literal or template
    std::string reason, queue, priority;           //!< handoff
    std::string outcome;                           //!< end: resolved | escalated | abandoned
    std::string flow;                              //!< start: the flow to begin
};

struct Flow {
    std::string id;
    int version = 1;
    std::string source;  //!< file name, for messages
    Text title;
    //! Offered when another request interrupted this flow and has finished ("Shall we finish
    //! your return for {{slot.order_number}}?"): the first phrasing whose placeholders all have
    //! values is said. Empty: the engine's own words with the title.
    Text resume;
    std::vector<std::string> intents;  //!< intents that start this flow
    std::map<std::string, SlotSpec> slots;
    std::string start;
    std::vector<Step> steps;  //!< in file order
    //! A new request ends it: while it waits on a choice, a message that answers none of the
    //! options but starts another flow or has a knowledge answer leaves this flow quietly
    //! (the knowledge-base fallback's "did that help?" must never trap a customer).
    bool interruptible = false;

    //! The step with this id, or nullptr.
    const Step* Find(const std::string& id) const;
};

}  // namespace seam::flow

// shared/include/seam/assistant/conversation.hpp — conversation tests as text files (*.conv),
// run headless against the real engine and language understanding.
//
//   # Where is my order: a shipped order is tracked.        <- first comment: what it tests
//   locale en                                               <- header (before the first turn)
//   customer {"first_name": "Ana", "verified": true}
//   fixture lookup_order ok {"shipped": true, "carrier": "UPS"}   <- answers to actions, in order
//
//   > where is my order LW-104233?                          <- the customer says
//   intent order_status                                     <- optional: understood intent
//   action lookup_order {"order_number":"LW-104233"}        <- expected effects, in order:
//   < LW-104233 is on its way with UPS ...                     < said, replies, action, handoff,
//   replies yes no                                             end
//   slot order_number "LW-104233"                           <- optional: slot after the turn
//
//   choose no                                               <- the customer taps a quick reply
//   ...
//
// A conversation Seam opens itself (a proactive message: a left cart, a review request) starts
// with an "open" turn instead: the flow begins with the slots the trigger passes, and the turn's
// effects are what Seam says first:
//
//   open review_request {"order_number": "LW-104012"}
//   action submit_review ...
//
// A live script says whose conversation it is ("account demo-ana", or "account visitor" for
// someone not signed in) instead of fixtures: `seam test --server URL` runs it against a running
// seamd with the demo shop's data and real actions (a return created, a refund issued).
// Each turn's effects must match exactly and in order; a failing turn reports expected vs actual.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "seam/assistant/understand.hpp"
#include "seam/core/result.hpp"
#include "seam/flow/engine.hpp"

namespace seam::assistant {

struct Fixture {
    std::string action;
    std::string outcome;
    nlohmann::json result;
    int line = 0;
};

struct TurnSpec {
    int line = 0;
    bool choice = false;  //!< "choose VALUE" instead of "> text"
    std::string input;
    std::string open_flow;  //!< "open FLOW {slots}": Seam opens the conversation with FLOW
    nlohmann::json open_slots = nlohmann::json::object();  //!< the slots it starts with
    std::vector<std::string> expect;                       //!< rendered effects, in order
    std::string intent;  //!< expected understood intent, when given
    std::vector<std::pair<std::string, nlohmann::json>> slots;  //!< expected slot values
};

struct Script {
    std::string source;
    std::string description;
    std::string locale = "en";
    nlohmann::json customer = nlohmann::json::object();
    nlohmann::json context = nlohmann::json::object();
    std::vector<Fixture> fixtures;
    std::vector<TurnSpec> turns;
    //! "account demo-ana" (a demo shop customer, signed in) or "account visitor" (not signed
    //! in): the script runs against a live seamd and its real actions (`seam test --server`),
    //! not against fixtures; the headless runner skips it.
    std::string account;
    bool live() const { return !account.empty(); }
};

//! Parses a .conv file. Errors (seam.conv.syntax) name the line.
Result<Script> ParseScript(std::string_view text, std::string_view source);

struct TurnFailure {
    int line = 0;
    std::string input;
    std::vector<std::string> expected;
    std::vector<std::string> actual;
    std::string note;  //!< intent/slot/fixture problems
};

struct RunResult {
    bool passed = true;
    std::vector<TurnFailure> failures;
    std::vector<nlohmann::json> handoffs;  //!< payloads emitted during the run
    nlohmann::json state;                  //!< the conversation state at the end
    std::vector<std::string> transcript;   //!< every rendered line, for digests
};

//! One effect as a script line ("< text", "replies a b", "action n {...}", "handoff reason
//! queue priority", "end outcome").
std::string RenderEffect(const flow::Effect& effect);

//! Runs `script` against `engine` and `understander`; actions are answered from its fixtures.
RunResult RunScript(const Script& script, const flow::Engine& engine,
                    const Understander& understander);

//! "file:line: > input" followed by an expected/actual listing, for people.
std::string FormatFailure(const Script& script, const TurnFailure& failure);

}  // namespace seam::assistant

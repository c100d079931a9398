// shared/include/seam/flow/mention.hpp — which options of a choice a customer's words name.
//
// A quick-reply step is answered by a tap, but customers also type: "too small", "it arrived
// with a hole", "the store credit one". The engine matches typed text to an option by meaning:
//
//   exact    the whole message is the option's value or one of its labels ("Too small")
//   phrase   the message holds a label or one of the option's "match" phrases as whole words,
//            in any language of the flow ("it's way too small for me", "tiene un agujero"),
//            not one or two words after a negation ("not too small"); never for options valued
//            "yes" or "no" (the engine reads a yes or a no from the intent instead)
//
// One option named is an answer; two or more (or none) are not, and the engine asks again or
// treats the message as a new request. The same matching fills an enum slot from a message
// that mentions it before it is asked ("I want to return LW-104233, it's too small").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "seam/flow/flow.hpp"

namespace seam::flow {

//! The matching form of customer text and of phrases: case and accents folded, punctuation
//! stripped, white space collapsed.
std::string FoldForMatch(std::string_view text);

struct OptionMention {
    std::vector<std::string> values;  //!< distinct option values named, in option order
    bool exact = false;               //!< the whole message was one option's value or label
};

//! The options of `step` (a choice) that `text` names. Labels are rendered with `context`.
OptionMention NamedOptions(const Step& step, std::string_view text, const nlohmann::json& context);

//! True when the words of `phrase` occur in `text` in order and next to each other (and, when
//! `unless_negated`, not right after a negation word). Both arguments in FoldForMatch form.
bool MentionsPhrase(std::string_view text, std::string_view phrase, bool unless_negated = true);

//! True when `phrase` is mentioned as what is NOT meant: a negation or an absence word up to
//! four words before it ("I won't be home on Friday", "not the 22nd", "no estoy el viernes").
//! Both arguments in FoldForMatch form.
bool SaidAsNot(std::string_view text, std::string_view phrase);

}  // namespace seam::flow

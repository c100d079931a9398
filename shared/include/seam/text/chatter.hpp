// shared/include/seam/text/chatter.hpp — what surrounds a customer's question: greetings,
// thanks and fillers ("hi, quick question, ... thx"), and where one question ends and the next
// begins.
//
// Retrieval scores a question by how much of it a passage answers (kb/index.hpp), so every word
// of chatter that no article mentions ("quick", "question", "wondering", "advance") counts
// against the right passage. Stop words catch single words; the phrases here are the ones that
// only mean nothing together ("quick question", "i was wondering", "can you tell me", "una
// duda", "me gustaría saber"): "question" or "saber" on their own may still matter.
//
// Splitting is for messages that ask two things ("how long do refunds take? and do you ship to
// canada"): the parts are searched one by one (assistant/understand.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "seam/text/stem.hpp"

namespace seam::text {

//! The chatter phrases of `language`, folded words separated by single spaces, sorted and
//! without duplicates; empty for kOther. Exposed for documentation and tests.
const std::vector<std::string_view>& ChatterPhrases(Language language);

//! `text` with every chatter phrase of `language` (whole words, folded comparison, longest
//! first) replaced by a space. What is left keeps its bytes, so offsets shift but words do not
//! change. kOther returns `text` unchanged.
std::string StripChatter(std::string_view text, Language language);

//! The questions or sentences of one message, in order, trimmed, empty ones dropped. A part ends
//! after '?', '!', a line break, or a '.' that ends a sentence (followed by white space and after
//! a word of 2+ letters, so "5.95", "U.S." and "e.g." do not split); one begins at '¿' or '¡' and
//! at a joining phrase, which is dropped: "and also", "also,", "another thing", "one more thing",
//! "plus,", "y además", "además,", "y también", "otra cosa", "otra pregunta". A message with none
//! of these is one part (itself, trimmed). Any bytes are accepted.
std::vector<std::string> SplitQuestions(std::string_view text, Language language);

//! True when the message is phrased as a question: it holds '?' or '¿', or (after chatter) it
//! starts with a question word ("how", "cuándo") or, in English, an auxiliary that opens a
//! yes/no question ("do", "can", "is", "will" ...). "I want to return my boots" is not;
//! "can I return boots I wore?" is.
bool LooksLikeQuestion(std::string_view text, Language language);

}  // namespace seam::text

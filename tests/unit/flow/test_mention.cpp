// tests/unit/flow/test_mention.cpp — options named by a customer's words, as a table.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "seam/flow/mention.hpp"
#include "seam/flow/parse.hpp"

using nlohmann::json;

namespace {

// The return reason as the demo flow asks it (labels in both languages, a few match phrases).
const seam::flow::Step& ReasonStep() {
    static const seam::flow::Flow flow = [] {
        seam::flow::Flow f;
        std::vector<seam::flow::Diagnostic> diagnostics;
        const bool ok = seam::flow::ParseFlow(R"({
          "flow": "t", "start": "ask", "slots": {"reason": {"type": "enum",
            "values": ["too_small", "too_big", "defective", "wrong_item", "changed_mind"]}},
          "steps": [{"id": "ask", "kind": "choice", "slot": "reason", "say": "Why?", "options": [
            {"value": "too_small", "label": {"en": "Too small", "es": "Me queda pequeño"},
             "match": {"en": ["too tight", "small"], "es": ["me aprieta"]}, "next": "end"},
            {"value": "too_big", "label": {"en": "Too big", "es": "Me queda grande"},
             "match": {"en": ["big"]}, "next": "end"},
            {"value": "defective", "label": {"en": "Damaged or defective", "es": "Dañado o defectuoso"},
             "match": {"en": ["a hole", "broke", "ripped"], "es": ["agujero", "roto"]}, "next": "end"},
            {"value": "wrong_item", "label": {"en": "Wrong item sent"},
             "match": {"en": ["wrong colour"]}, "next": "end"},
            {"value": "changed_mind", "label": {"en": "Changed my mind"}, "next": "end"}]},
            {"id": "end", "kind": "end", "outcome": "resolved"}]})",
                                              "t.json", f, diagnostics);
        REQUIRE(ok);
        return f;
    }();
    return flow.steps[0];
}

}  // namespace

TEST_CASE("flow mention: the options a message names (y_ one option, n_ none or several)") {
    struct Case {
        const char* name;
        const char* text;
        std::vector<std::string> named;
        bool exact;
    };
    const Case cases[] = {
        {"y_label_typed", "too small", {"too_small"}, true},
        {"y_label_any_case_and_punctuation", "Too SMALL!!", {"too_small"}, true},
        {"y_value_typed", "wrong_item", {"wrong_item"}, true},
        {"y_spanish_label_without_accents", "me queda pequeno", {"too_small"}, true},
        {"y_label_inside_a_sentence", "honestly they're too big for me", {"too_big"}, false},
        {"y_match_phrase", "it arrived with a hole in the sleeve", {"defective"}, false},
        {"y_match_phrase_spanish", "vino roto de fábrica", {"defective"}, false},
        {"y_spanish_match_in_sentence", "me aprieta en los dedos", {"too_small"}, false},
        {"y_value_words", "I changed my mind about it", {"changed_mind"}, false},
        {"y_negated_option_is_not_named",
         "it's not too small, you sent the wrong colour",
         {"wrong_item"},
         false},
        {"y_negated_contraction", "they aren't big, the zip broke", {"defective"}, false},
        {"n_two_options", "too big and the wrong colour", {"too_big", "wrong_item"}, false},
        {"n_nothing_named", "I'd like to talk about something else", {}, false},
        {"n_only_a_negation", "not small at all", {}, false},
        {"n_word_inside_another_word", "bigger boots", {}, false},
        {"n_empty", "", {}, false},
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        const seam::flow::OptionMention m =
            seam::flow::NamedOptions(ReasonStep(), c.text, json::object());
        CHECK(m.values == c.named);
        CHECK(m.exact == c.exact);
    }
}

TEST_CASE("flow mention: whole words, in order, not after a negation") {
    using seam::flow::FoldForMatch;
    using seam::flow::MentionsPhrase;
    CHECK(MentionsPhrase(FoldForMatch("It's way too small!"), "too small"));
    CHECK_FALSE(MentionsPhrase(FoldForMatch("small, too"), "too small"));
    CHECK_FALSE(MentionsPhrase(FoldForMatch("it isn't too small"), "too small"));
    CHECK(MentionsPhrase(FoldForMatch("it isn't too small"), "too small", false));
    CHECK_FALSE(MentionsPhrase(FoldForMatch("no me queda pequeño"), FoldForMatch("pequeño")));
    CHECK_FALSE(MentionsPhrase(FoldForMatch("smaller"), "small"));
    CHECK_FALSE(MentionsPhrase("", "small"));
    CHECK_FALSE(MentionsPhrase("small", ""));
}

// tests/unit/content/test_check.cpp — CheckContent on the demo business's real content set (no
// problems), then on that set broken one way at a time (each problem with its id, file, pointer
// and step); StepOfPointer and DiagnosticToJson; saved conversation tests run headless.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../nlu/demo_model.hpp"
#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "demo_set.hpp"
#include "seam/assistant/business.hpp"
#include "seam/content/check.hpp"
#include "seam/content/diff.hpp"
#include "seam/content/reply.hpp"
#include "seam/kb/index.hpp"

using seam::content::CheckContent;
using seam::content::Files;
using seam::flow::Diagnostic;

namespace {

const Files& Demo() {
    static const Files files = seam::testing::DemoContent();
    return files;
}

std::vector<Diagnostic> Check(const Files& files) {
    std::vector<Diagnostic> out;
    CheckContent(files, seam::testing::DemoActions(), out);
    return out;
}

// The first diagnostic with `id`, or nullptr.
const Diagnostic* Find(const std::vector<Diagnostic>& all, const std::string& id) {
    for (const Diagnostic& d : all) {
        if (d.id == id) return &d;
    }
    return nullptr;
}

// `text` with its one `from` replaced by `to` ("" when `from` is not there exactly once, so a
// stale fixture fails loudly rather than testing nothing).
std::string Replace(const std::string& text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) return {};
    return text.substr(0, at) + to + text.substr(at + from.size());
}

std::string Lines(const std::vector<Diagnostic>& all) {
    std::string out;
    for (const Diagnostic& d : all)
        out += d.ToString() + "\n";
    return out;
}

const char* const kReplyEnOnly =
    R"({"id": "x", "title": {"en": "T", "es": "T"}, "text": {"en": "Hi"}})";

}  // namespace

TEST_CASE("content check: the demo business's content set has no problems") {
    const Files& demo = Demo();
    CHECK(demo.count("flows/order_status.json") == 1);
    CHECK(demo.count("kb/es/refunds.md") == 1);
    CHECK(demo.count("proactive/parcel_delayed.json") == 1);
    CHECK(demo.count("flows/actions.json") == 0);
    const std::vector<Diagnostic> problems = Check(demo);
    CHECK_MESSAGE(problems.empty(), Lines(problems));
    std::vector<Diagnostic> out;
    CHECK(CheckContent(demo, seam::testing::DemoActions(), out));
}

TEST_CASE("content check: the demo set broken one way at a time") {
    const std::string order_status = Demo().at("flows/order_status.json");
    const struct {
        const char* name;
        std::vector<std::pair<std::string, std::string>> put;  // path -> text ("" erases)
        const char* id;
        const char* file;
        const char* pointer;  // "*" = any
    } cases[] = {
        {"a step pointing nowhere",
         {{"flows/order_status.json",
           Replace(order_status, R"("max_attempts": 3, "next": "lookup")",
                   R"("max_attempts": 3, "next": "nowhere")")}},
         "seam.flow.unknown_step",
         "flows/order_status.json",
         "/steps/4/next"},
        {"an outcome with nowhere to go",
         {{"flows/order_status.json",
           Replace(order_status, R"("not_owner": "not_found", "error": "handoff"})",
                   R"("not_owner": "not_found"})")}},
         "seam.flow.unhandled_outcome",
         "flows/order_status.json",
         "*"},
        {"a flow whose id is not its file's name",
         {{"flows/order_status_copy.json", order_status}},
         "seam.content.id_mismatch",
         "flows/order_status_copy.json",
         "/flow"},
        {"a flow file that is not JSON",
         {{"flows/broken.json", "{"}},
         "seam.flow.json",
         "flows/broken.json",
         "*"},
        {"a flow nested too deeply",
         {{"flows/deep.json", std::string(5000, '[') + std::string(5000, ']')}},
         "seam.content.too_deep",
         "flows/deep.json",
         ""},
        {"a reply without Spanish",
         {{"replies/x.json", kReplyEnOnly}},
         "seam.reply.missing_translation",
         "replies/x.json",
         "/text"},
        {"a test for a flow that is not in the set",
         {{"flows/tests/no_such_flow/greets.conv", "# x\n> hi\n"}},
         "seam.content.unknown_flow",
         "flows/tests/no_such_flow/greets.conv",
         ""},
        {"a test that does not parse",
         {{"flows/tests/order_status/bad.conv", "# x\nlocale en\nbogus line\n"}},
         "seam.conv.syntax",
         "flows/tests/order_status/bad.conv",
         ""},
        {"a path that is not content",
         {{"flows/Bad Name.json", "{}"}},
         "seam.content.path",
         "flows/Bad Name.json",
         ""},
        {"the engine's human flow missing",
         {{"flows/talk_to_human.json", ""}},
         "seam.content.missing_flow",
         "flows/talk_to_human.json",
         ""},
        {"the engine's fallback flow missing",
         {{"flows/kb_fallback.json", ""}},
         "seam.content.missing_flow",
         "flows/kb_fallback.json",
         ""},
        {"an article in the wrong language folder",
         {{"kb/es/refunds-en.md", Demo().at("kb/en/refunds.md")}},
         "seam.content.lang_mismatch",
         "kb/es/refunds-en.md",
         ""},
        {"two articles of one language with one id",
         {{"kb/en/refunds-copy.md", Demo().at("kb/en/refunds.md")}},
         "seam.content.duplicate_article",
         "kb/en/refunds.md",
         ""},
        {"an article that does not parse",
         {{"kb/en/empty.md", "no front matter"}},
         "seam.kb.front_matter",
         "kb/en/empty.md",
         ""},
        {"a trigger opening a flow that is gone",
         {{"flows/parcel_delayed.json", ""}},
         "seam.proactive.unknown_flow",
         "proactive/delivery_exception.json",
         "*"},
        {"a trigger whose id is not its file's name",
         {{"proactive/late.json", Demo().at("proactive/parcel_delayed.json")}},
         "seam.content.id_mismatch",
         "proactive/late.json",
         "/id"},
        {"a file too large",
         {{"kb/en/huge.md", std::string(seam::content::kMaxFileBytes + 1, 'x')}},
         "seam.content.too_large",
         "kb/en/huge.md",
         ""},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.name));
        Files files = Demo();
        for (const auto& [path, text] : c.put) {
            if (text.empty()) {
                files.erase(path);
            } else {
                files[path] = text;
            }
        }
        const std::vector<Diagnostic> problems = Check(files);
        CAPTURE(Lines(problems));
        const Diagnostic* d = Find(problems, c.id);
        SEAM_CHECK_OR_BREAK(d != nullptr);
        CHECK(d->file == c.file);
        if (std::string(c.pointer) != "*") CHECK(d->pointer == c.pointer);
        CHECK(!d->message.empty());
        // every problem names a file of the set (or the set itself: the engine's flows, limits)
        for (const Diagnostic& p : problems)
            CHECK((files.count(p.file) == 1 || p.id == "seam.content.missing_flow" ||
                   p.id == "seam.content.too_large"));
    }
}

TEST_CASE("content check: a step pointing nowhere is reported at its step (DiagnosticToJson)") {
    Files files = Demo();
    files["flows/order_status.json"] =
        Replace(files["flows/order_status.json"], R"("max_attempts": 3, "next": "lookup")",
                R"("max_attempts": 3, "next": "nowhere")");
    const std::vector<Diagnostic> problems = Check(files);
    const Diagnostic* d = Find(problems, "seam.flow.unknown_step");
    SEAM_REQUIRE_OR_RETURN(d != nullptr);
    const nlohmann::json j = seam::content::DiagnosticToJson(*d, files);
    CHECK(j["id"] == "seam.flow.unknown_step");
    CHECK(j["file"] == "flows/order_status.json");
    CHECK(j["pointer"] == "/steps/4/next");
    CHECK(j["step"] == "ask_order");
    CHECK(j["message"].get<std::string>().find("nowhere") != std::string::npos);

    // not a flow: no step
    const Diagnostic reply{"seam.reply.schema", "replies/x.json", "/steps/0", "m"};
    CHECK(seam::content::DiagnosticToJson(reply, files)["step"] == "");
}

TEST_CASE("content check: too many files") {
    Files files;
    for (std::size_t i = 0; i <= seam::content::kMaxFiles; ++i)
        files["replies/r" + std::to_string(i) + ".json"] = "{}";
    std::vector<Diagnostic> out;
    CHECK_FALSE(CheckContent(files, seam::testing::DemoActions(), out));
    REQUIRE(!out.empty());
    CHECK(out[0].id == "seam.content.too_large");
}

TEST_CASE("StepOfPointer: the step a pointer falls in, or nothing") {
    const std::string flow =
        R"({"flow": "f", "steps": [{"id": "a"}, {"id": "b", "next": "x"}, {"kind": "end"}, 7]})";
    const struct {
        std::string json;
        const char* pointer;
        const char* step;
    } cases[] = {
        {flow, "/steps/1/next", "b"},
        {flow, "/steps/0", "a"},
        {flow, "/steps/1", "b"},
        {flow, "/steps/2/kind", ""},  // a step without an id
        {flow, "/steps/3", ""},       // not an object
        {flow, "/steps/4", ""},       // no such step
        {flow, "/steps/01x", ""},     // not an index
        {flow, "/steps/", ""},
        {flow, "/steps/99999999999999999999", ""},
        {flow, "/stepsx/1", ""},
        {flow, "/slots/a", ""},
        {flow, "", ""},
        {"{", "/steps/0", ""},
        {"[]", "/steps/0", ""},
        {R"({"steps": {"0": {"id": "a"}}})", "/steps/0", ""},
        {R"({"steps": [{"id": 3}]})", "/steps/0", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        CAPTURE(std::string(c.pointer));
        CHECK(seam::content::StepOfPointer(c.json, c.pointer) == c.step);
    }
}

TEST_CASE("content: ParseFlows and ParseArticles give what parses, and say what does not") {
    Files files = Demo();
    files["flows/broken.json"] = "{";
    files["kb/en/broken.md"] = "";
    std::vector<Diagnostic> problems;
    const auto flows = seam::content::ParseFlows(files, &problems);
    const auto articles = seam::content::ParseArticles(files, &problems);
    CHECK(flows.size() == 18);
    CHECK(articles.size() == 28);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].file == "flows/broken.json");
    CHECK(problems[1].file == "kb/en/broken.md");
    CHECK(seam::content::ParseFlows(files, nullptr).size() == 18);
}

TEST_CASE("content: saved conversation tests run against the set's engine") {
    const Files& demo = Demo();
    const seam::Date today{2026, 11, 22};
    seam::flow::EngineConfig config;
    config.flows = seam::content::ParseFlows(demo, nullptr);
    config.validator = seam::assistant::BusinessSlotValidator(today);
    config.human_flow = "talk_to_human";
    config.fallback_flow = "kb_fallback";
    const seam::flow::Engine engine(config);
    auto index = seam::kb::Index::Build(seam::content::ParseArticles(demo, nullptr));
    SEAM_REQUIRE_OR_RETURN(static_cast<bool>(index));
    const seam::assistant::Understander understander(seam::testing::DemoModel(),
                                                     std::move(index.value()),
                                                     seam::assistant::BusinessEntityFinder(today));

    const std::string passing = seam::testing::ReadFile(seam::testing::SourcePath(
        "tests/conversations/happy/address_changed_before_shipping_es.conv"));
    SEAM_REQUIRE_OR_RETURN(!passing.empty());
    Files files = demo;
    files["flows/tests/address_change/es_before_shipping.conv"] = passing;
    files["flows/tests/address_change/wrong_words.conv"] =
        Replace(passing, "< ¿Y el código postal?", "< ¿Y el código?");
    files["flows/tests/address_change/live.conv"] = "# live\nlocale en\naccount demo-ana\n\n> hi\n";
    files["flows/tests/order_status/bad.conv"] = "# x\nlocale en\nbogus line\n";

    const auto runs = seam::content::RunFlowTests(files, "", engine, understander);
    REQUIRE(runs.size() == 3);  // the live script is skipped: not run, not failed
    CHECK(runs[0].path == "flows/tests/address_change/es_before_shipping.conv");
    CHECK_MESSAGE(runs[0].passed, runs[0].report);
    CHECK(runs[0].report.empty());
    CHECK(runs[1].path == "flows/tests/address_change/wrong_words.conv");
    CHECK_FALSE(runs[1].passed);
    CHECK(runs[1].report.find("¿Y el código?") != std::string::npos);
    CHECK(runs[1].report.find("¿Y el código postal?") != std::string::npos);
    CHECK(runs[2].path == "flows/tests/order_status/bad.conv");
    CHECK_FALSE(runs[2].passed);
    CHECK(runs[2].report.find("seam.conv.syntax") != std::string::npos);

    const auto one = seam::content::RunFlowTests(files, "order_status", engine, understander);
    REQUIRE(one.size() == 1);
    CHECK(one[0].path == "flows/tests/order_status/bad.conv");
    CHECK(seam::content::RunFlowTests(files, "refund_status", engine, understander).empty());
}

TEST_CASE("content: mangled files and paths never crash the checker, the diff or the renderer") {
    const Files& demo = Demo();
    const std::vector<std::string> paths = {"flows/order_status.json",
                                            "proactive/parcel_delayed.json",
                                            "replies/refund_timeline.json", "kb/en/refunds.md"};
    seam::testing::FuzzBytes fuzz(19);
    const nlohmann::json context = {{"customer", {{"first_name", "Ana"}}}, {"slot", {{"x", 1}}}};
    for (int round = 0; round < 300; ++round) {
        const std::string& path = paths[fuzz.Next() % paths.size()];
        const std::string& original = demo.at(path);
        std::string text = original;
        switch (fuzz.Next() % 3) {
            case 0:  // truncated
                text.resize(fuzz.Next() % (text.size() + 1));
                break;
            case 1:  // a few bytes overwritten
                for (int k = 0; k < 4; ++k)
                    text[fuzz.Next() % text.size()] = fuzz.Bytes(1)[0];
                break;
            default:  // bytes inserted
                text.insert(fuzz.Next() % (text.size() + 1), fuzz.Bytes(1 + fuzz.Next() % 16));
                break;
        }
        Files files = {{path, text},
                       {"flows/talk_to_human.json", demo.at("flows/talk_to_human.json")},
                       {"flows/tests/order_status/x.conv", text},
                       {fuzz.Bytes(1 + fuzz.Next() % 24), text}};
        std::vector<Diagnostic> out;
        CheckContent(files, fuzz.Bytes(fuzz.Next() % 8), out);
        for (const Diagnostic& d : out) {
            const std::string dumped = seam::content::DiagnosticToJson(d, files).dump(
                -1, ' ', false, nlohmann::json::error_handler_t::replace);
            SEAM_CHECK_OR_BREAK(!dumped.empty());
        }
        seam::content::StepOfPointer(text, "/steps/" + std::to_string(fuzz.Next() % 40) + "/next");
        seam::content::UnifiedDiff(path, original, text);
        seam::content::RenderReply(text, context);
        seam::content::Reply reply;
        seam::content::ParseReply(text, "replies/refund_timeline.json", reply, out);
    }
}

// native/cli/cmd_test.cpp — `seam test PATH...`: run conversation tests (*.conv) headless against
// the demo business (flows, intent model, knowledge base, validators from assets/).
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "assets/assets.hpp"
using namespace seam::assets;  // NOLINT: the CLI is a thin layer over the asset loaders
#include "commands.hpp"
#include "seam/assistant/conversation.hpp"
#include "seam/core/hash.hpp"
#ifdef SEAM_CLI_STORE
#include "cli/live_client.hpp"
#endif

namespace seam::cli {

namespace {

std::string XmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

#ifdef SEAM_CLI_STORE
// One effect of a turn's answer as a script line (the same lines RenderEffect writes).
std::string RenderEffectJson(const nlohmann::json& e) {
    const std::string type = e.value("type", std::string());
    if (type == "say") return "< " + e.value("text", std::string());
    if (type == "replies") {
        std::string line = "replies";
        for (const nlohmann::json& o : e.value("options", nlohmann::json::array()))
            line += " " + o.value("value", std::string());
        return line;
    }
    if (type == "action") {
        return "action " + e.value("name", std::string()) + " " +
               e.value("params", nlohmann::json::object()).dump();
    }
    if (type == "handoff") {
        return "handoff " + e.value("reason", std::string()) + " " +
               e.value("queue", std::string()) + " " + e.value("priority", std::string());
    }
    if (type == "end") return "end " + e.value("outcome", std::string());
    return "? " + e.dump();
}

// seamd picks one of a step's phrasings per conversation (by its case id), so a live answer may
// use another phrasing of the same words than the script: two said lines are the same when they
// fit two phrasings of one flow text.
class Phrasings {
  public:
    explicit Phrasings(const std::vector<flow::Flow>& flows) {
        for (const flow::Flow& f : flows) {
            for (const flow::Step& st : f.steps) {
                for (const flow::Text* t : {&st.say, &st.reprompt}) {
                    for (const auto& [lang, variants] : t->by_lang) {
                        if (variants.size() < 2) continue;
                        // A phrasing that is mostly placeholders ("{{answer.text}}") would fit
                        // any line: only phrasings with words of their own take part.
                        std::vector<Pieces> group;
                        for (const std::string& v : variants) {
                            Pieces pieces = Split(v);
                            std::size_t literal = 0;
                            for (const std::string& piece : pieces)
                                literal += piece.size();
                            if (literal >= 6) group.push_back(std::move(pieces));
                        }
                        if (group.size() >= 2) groups_.push_back(std::move(group));
                    }
                }
            }
        }
    }
    bool Same(const std::string& a, const std::string& b) const {
        if (a == b) return true;
        if (a.rfind("< ", 0) != 0 || b.rfind("< ", 0) != 0) return false;
        for (const std::vector<Pieces>& group : groups_) {
            bool fits_a = false, fits_b = false;
            for (const Pieces& p : group) {
                fits_a = fits_a || Fits(a, p);
                fits_b = fits_b || Fits(b, p);
            }
            if (fits_a && fits_b) return true;
        }
        return false;
    }

  private:
    // A phrasing as its literal pieces between placeholders ("{{slot.x}} is on its way" ->
    // " is on its way"); a line fits it when the pieces occur in it in order (a validation
    // message may come before a re-prompt, placeholders take any value).
    using Pieces = std::vector<std::string>;
    static Pieces Split(const std::string& text) {
        Pieces out;
        std::size_t pos = 0;
        while (pos <= text.size()) {
            const std::size_t open = text.find("{{", pos);
            const std::size_t end = open == std::string::npos ? text.size() : open;
            if (end > pos) out.push_back(text.substr(pos, end - pos));
            if (open == std::string::npos) break;
            const std::size_t close = text.find("}}", open);
            if (close == std::string::npos) break;
            pos = close + 2;
        }
        return out;
    }
    static bool Fits(const std::string& line, const Pieces& pieces) {
        std::size_t pos = 2;  // after "< "
        for (const std::string& piece : pieces) {
            const std::size_t at = line.find(piece, pos);
            if (at == std::string::npos) return false;
            pos = at + piece.size();
        }
        return true;
    }
    std::vector<std::vector<Pieces>> groups_;
};

bool SameLines(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
               const Phrasings& phrasings) {
    if (expected.size() != actual.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (!phrasings.Same(expected[i], actual[i])) return false;
    }
    return true;
}

// A live script against a running seamd: the demo customer signs in through the demo site's
// identity endpoint (or stays a visitor), a new case is opened, and every turn is posted; the
// answer's effects, understood intent and slots are checked like the headless runner's.
assistant::RunResult RunLive(const assistant::Script& script, LiveClient& client,
                             const Phrasings& phrasings) {
    assistant::RunResult run;
    auto fail = [&](int line, const std::string& note) {
        assistant::TurnFailure f;
        f.line = line;
        f.note = note;
        run.failures.push_back(std::move(f));
        run.passed = false;
        return run;
    };
    nlohmann::json session_body = {
        {"channel", "widget"}, {"locale", script.locale}, {"new_case", true}};
    if (script.account != "visitor") {
        auto signed_in = client.Post("/demo/identity", {{"customer", script.account}}, "");
        if (!signed_in)
            return fail(0, "signing in " + script.account + ": " + signed_in.error().message);
        session_body["identity"] = {{"token", (*signed_in).value("token", std::string())}};
    }
    auto session = client.Post("/v1/sessions", session_body, "");
    if (!session) return fail(0, "opening a session: " + session.error().message);
    const std::string token = session->value("session_token", std::string());
    const std::string case_id = (*session)["case"].value("id", std::string());
    for (const assistant::TurnSpec& t : script.turns) {
        if (!t.open_flow.empty()) {
            // seamd opens a flow only from a proactive trigger, which a script cannot fire yet.
            return fail(t.line,
                        "\"open " + t.open_flow +
                            "\" runs headless only: seamd has no request that opens a flow");
        }
        nlohmann::json body = {{"with_state", true}};
        body[t.choice ? "choice" : "text"] = t.input;
        auto answer = client.Post("/v1/cases/" + case_id + "/turns", body, token);
        if (!answer) return fail(t.line, answer.error().message);
        std::vector<std::string> actual;
        for (const nlohmann::json& e : answer->value("effects", nlohmann::json::array()))
            actual.push_back(RenderEffectJson(e));
        for (const std::string& line : actual)
            run.transcript.push_back(line);
        const nlohmann::json state = answer->value("state", nlohmann::json::object());
        std::string note;
        if (!t.intent.empty()) {
            const nlohmann::json intents = state.value("history", nlohmann::json::object())
                                               .value("intents", nlohmann::json::array());
            const std::string got =
                intents.empty() ? std::string() : intents.back().value("intent", std::string());
            if (got != t.intent) note += "intent: expected " + t.intent + ", understood " + got;
        }
        for (const auto& [name, value] : t.slots) {
            const nlohmann::json got =
                state.value("slots", nlohmann::json::object()).value(name, nlohmann::json());
            if (got != value) {
                note += (note.empty() ? "" : "; ") + std::string("slot ") + name + ": expected " +
                        value.dump() + ", got " + got.dump();
            }
        }
        if (!SameLines(t.expect, actual, phrasings) || !note.empty()) {
            assistant::TurnFailure f;
            f.line = t.line;
            f.input = (t.choice ? "choose " : "> ") + t.input;
            f.expected = t.expect;
            f.actual = actual;
            f.note = note;
            run.failures.push_back(std::move(f));
            run.passed = false;
        }
    }
    return run;
}
#endif

}  // namespace

int CmdTest(const Args& args) {
    std::string assets = "assets";
    std::string junit_path;
    std::string handoffs_path;
    std::string server;
    Date today{2026, 11, 22};  // the runner's fixed clock: results never depend on the day
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--assets" && i + 1 < args.size()) {
            assets = args[++i];
        } else if (args[i] == "--junit" && i + 1 < args.size()) {
            junit_path = args[++i];
        } else if (args[i] == "--today" && i + 1 < args.size()) {
            Result<Date> parsed = ParseIsoDate(args[++i]);
            if (!parsed) {
                std::fprintf(stderr, "seam test: --today: %s\n", parsed.error().message.c_str());
                return 2;
            }
            today = *parsed;
        } else if (args[i] == "--handoffs" && i + 1 < args.size()) {
            handoffs_path = args[++i];
        } else if (args[i] == "--server" && i + 1 < args.size()) {
            server = args[++i];
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam test [--assets DIR] [--today YYYY-MM-DD] [--junit FILE] [--handoffs "
                "FILE] [--server URL] PATH...\n"
                "Runs conversation tests (*.conv files, or directories of them) against the\n"
                "flows, intents, knowledge base and validators under DIR (default assets/).\n"
                "Reports each failing turn with expected (-) and actual (+) lines; exit 1 if any\n"
                "fails. --junit writes a JUnit XML report for CI systems; --handoffs writes every\n"
                "handoff payload (JSON lines) for checking against assets/schema/. Relative dates "
                "are\n"
                "resolved against --today (default 2026-11-22), so results never depend on the "
                "day.\n"
                "Scripts with an \"account\" header are live: they are skipped here, and with\n"
                "--server URL (http://127.0.0.1:8080) only they run, against that seamd and its\n"
                "real actions (start it with --today to pin its day, on a fresh demo store).\n");
            return 0;
        } else {
            paths.push_back(args[i]);
        }
    }
    if (paths.empty()) {
        std::fprintf(stderr, "usage: seam test [--assets DIR] [--junit FILE] PATH...\n");
        return 2;
    }
    std::vector<flow::Flow> flows;
    std::vector<kb::Article> articles;
    std::vector<nlu::Example> examples;
    if (!LoadFlows(assets + "/flows", flows) || !LoadArticles(assets + "/kb", articles) ||
        !LoadIntentExamples(assets + "/nlu", examples)) {
        return 1;
    }
    Result<nlu::IntentModel> model = nlu::TrainCalibrated(examples, {});
    Result<kb::Index> index = kb::Index::Build(std::move(articles));
    if (!model || !index) {
        std::fprintf(stderr, "seam test: %s\n",
                     (!model ? model.error() : index.error()).message.c_str());
        return 1;
    }
    flow::EngineConfig config;
    config.flows = flows;
    config.validator = DemoSlotValidator(today);
    config.human_flow = "talk_to_human";
    config.fallback_flow = "kb_fallback";
    const flow::Engine engine(config);
    const assistant::Understander understander(std::move(model.value()), std::move(index.value()),
                                               DemoEntityFinder(today));

    std::vector<std::string> files;
    for (const std::string& p : paths) {
        for (const std::string& f : ListFiles(p, ".conv"))
            files.push_back(f);
    }
    if (files.empty()) {
        std::fprintf(stderr, "seam test: no .conv files under the given paths\n");
        return 1;
    }
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    std::uint64_t digest = Fnv1a64("");
    std::string junit;
    std::string handoffs;
#ifdef SEAM_CLI_STORE
    std::unique_ptr<LiveClient> live;
    std::unique_ptr<Phrasings> phrasings;
    if (!server.empty()) {
        live = std::make_unique<LiveClient>(server);
        phrasings = std::make_unique<Phrasings>(flows);
    }
#else
    if (!server.empty()) {
        std::fprintf(stderr, "seam test: --server needs the native build of seam\n");
        return 2;
    }
#endif
    for (const std::string& file : files) {
        std::string text;
        ReadWholeFile(file, text);
        Result<assistant::Script> script = assistant::ParseScript(text, file);
        std::string failure_text;
        // Live scripts run only against a server; the others only headless.
        if (script && script->live() == server.empty()) {
            ++skipped;
            continue;
        }
        if (!script) {
            failure_text = script.error().message + "\n";
        } else {
#ifdef SEAM_CLI_STORE
            const assistant::RunResult run =
                live ? RunLive(*script, *live, *phrasings)
                     : assistant::RunScript(*script, engine, understander);
#else
            const assistant::RunResult run = assistant::RunScript(*script, engine, understander);
#endif
            for (const std::string& line : run.transcript) {
                digest = Fnv1a64(line + "\n", digest);
            }
            for (const nlohmann::json& h : run.handoffs) {
                const nlohmann::json row = {{"file", file}, {"payload", h}};
                handoffs +=
                    row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
            }
            for (const assistant::TurnFailure& f : run.failures) {
                failure_text += assistant::FormatFailure(*script, f);
            }
        }
        const std::string name = script ? script->description : file;
        if (failure_text.empty()) {
            ++passed;
            std::printf("ok    %s\n", file.c_str());
            junit += "  <testcase classname=\"conversations\" name=\"" + XmlEscape(file) + "\"/>\n";
        } else {
            ++failed;
            std::printf("FAIL  %s — %s\n%s", file.c_str(), name.c_str(), failure_text.c_str());
            junit += "  <testcase classname=\"conversations\" name=\"" + XmlEscape(file) +
                     "\">\n    <failure message=\"conversation differs\">" +
                     XmlEscape(failure_text) + "</failure>\n  </testcase>\n";
        }
    }
    if (!junit_path.empty()) {
        std::ofstream out(junit_path, std::ios::binary);
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"seam conversations\" "
               "tests=\""
            << files.size() - static_cast<std::size_t>(skipped) << "\" failures=\"" << failed
            << "\">\n"
            << junit << "</testsuite>\n";
    }
    if (!handoffs_path.empty()) std::ofstream(handoffs_path, std::ios::binary) << handoffs;
    // The digest of every rendered line: equal natively and in WASM when behaviour is identical.
    if (skipped > 0) {
        std::printf("%d %s skipped (%s)\n", skipped, skipped == 1 ? "script" : "scripts",
                    server.empty() ? "live: they need --server" : "headless: they use fixtures");
    }
    std::printf("transcript digest %016llx\n", static_cast<unsigned long long>(digest));
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

}  // namespace seam::cli

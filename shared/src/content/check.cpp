// shared/src/content/check.cpp — a whole content set checked as `seam check` checks its files,
// plus what only the set can tell (ids against file names, tests against their flows, the
// engine's own flows, articles per language), and the saved conversation tests run headless.
//
// Index of this file
//   [SECTION] Helpers
//   [SECTION] Parsing the set
//   [SECTION] CheckContent
//   [SECTION] Diagnostics as JSON
//   [SECTION] Saved conversation tests
#include "seam/content/check.hpp"

#include <map>
#include <set>

#include "seam/assistant/conversation.hpp"
#include "seam/content/reply.hpp"
#include "seam/core/json_depth.hpp"
#include "seam/flow/check.hpp"
#include "seam/flow/parse.hpp"
#include "seam/flow/registry.hpp"
#include "seam/proactive/trigger.hpp"

namespace seam::content {

namespace {

// [SECTION] Helpers

using nlohmann::json;

// Flows nest conditions (all/any/not), triggers too; nothing real comes near this. Deeper text
// is refused before nlohmann builds (and later recursively destroys) a tree that deep.
constexpr std::size_t kMaxJsonDepth = 64;

// The name a path gives its file: "flows/order_status.json" -> "order_status".
std::string NameOf(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    const std::size_t dot = path.find_last_of('.');
    const std::size_t from = slash == std::string::npos ? 0 : slash + 1;
    if (dot == std::string::npos || dot < from) return path.substr(from);
    return path.substr(from, dot - from);
}

// The folder an article is in: "kb/en/x.md" -> "en".
std::string LangOf(const std::string& path) {
    const std::size_t first = path.find('/');
    const std::size_t second = path.find('/', first + 1);
    if (first == std::string::npos || second == std::string::npos) return {};
    return path.substr(first + 1, second - first - 1);
}

// An Error's message without its "[id] " prefix and without `source` + ": " when it starts so
// (the diagnostic names the file itself); a leading line number reads "line N: ...".
std::string DetailOf(const Error& e, const std::string& source) {
    std::string detail = e.message;
    const std::string prefix = "[" + e.id + "] ";
    if (detail.compare(0, prefix.size(), prefix) == 0) detail.erase(0, prefix.size());
    if (!source.empty() && detail.compare(0, source.size() + 1, source + ":") == 0) {
        detail.erase(0, source.size() + 1);
        if (!detail.empty() && detail[0] >= '0' && detail[0] <= '9') detail = "line " + detail;
        if (!detail.empty() && detail[0] == ' ') detail.erase(0, 1);
    }
    return detail;
}

bool DepthOk(const std::string& path, const std::string& text, std::vector<flow::Diagnostic>* out) {
    if (JsonDepthWithin(text, kMaxJsonDepth)) return true;
    if (out) {
        out->push_back({"seam.content.too_deep", path, "",
                        "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"});
    }
    return false;
}

bool IsKind(const std::string& path, Kind want) {
    Kind kind;
    return KindOf(path, kind) && kind == want;
}

// [SECTION] Parsing the set

// One flow file parsed; `out` may be null (problems ignored).
bool ParseOneFlow(const std::string& path, const std::string& text, flow::Flow& f,
                  std::vector<flow::Diagnostic>* out) {
    if (text.size() > kMaxFileBytes || !DepthOk(path, text, out)) return false;
    std::vector<flow::Diagnostic> local;
    std::vector<flow::Diagnostic>& sink = out ? *out : local;
    return flow::ParseFlow(text, path, f, sink);
}

}  // namespace

std::vector<flow::Flow> ParseFlows(const Files& content, std::vector<flow::Diagnostic>* out) {
    std::vector<flow::Flow> flows;
    for (const auto& [path, text] : content) {
        if (!IsKind(path, Kind::kFlow)) continue;
        flow::Flow f;
        if (ParseOneFlow(path, text, f, out)) flows.push_back(std::move(f));
    }
    return flows;
}

std::vector<kb::Article> ParseArticles(const Files& content, std::vector<flow::Diagnostic>* out) {
    std::vector<kb::Article> articles;
    for (const auto& [path, text] : content) {
        if (!IsKind(path, Kind::kArticle)) continue;
        Result<kb::Article> article = kb::ParseArticle(text);
        if (!article) {
            if (out) out->push_back({article.error().id, path, "", DetailOf(article.error(), "")});
            continue;
        }
        articles.push_back(std::move(article.value()));
    }
    return articles;
}

// [SECTION] CheckContent

bool CheckContent(const Files& content, std::string_view actions_json,
                  std::vector<flow::Diagnostic>& out) {
    const std::size_t before = out.size();
    if (content.size() > kMaxFiles) {
        out.push_back({"seam.content.too_large", "", "",
                       std::to_string(content.size()) + " files: a content set holds at most " +
                           std::to_string(kMaxFiles)});
    }
    const flow::Registry registry = flow::ParseRegistry(actions_json, "flows/actions.json", out);

    // The flows the set has, by file name: tests and triggers refer to them even when a flow
    // itself has problems (those are reported at the flow, not again at each reference).
    std::set<std::string> flow_ids;
    for (const auto& [path, text] : content) {
        if (IsKind(path, Kind::kFlow)) flow_ids.insert(NameOf(path));
    }
    proactive::Known known;
    known.flows = flow_ids;
    std::map<std::pair<std::string, std::string>, std::string> articles;  // (lang, id) -> path

    for (const auto& [path, text] : content) {
        Kind kind;
        std::string why;
        if (!KindOf(path, kind, &why)) {
            out.push_back({"seam.content.path", path, "", why});
            continue;
        }
        if (text.size() > kMaxFileBytes) {
            out.push_back({"seam.content.too_large", path, "",
                           std::to_string(text.size()) + " bytes: a file holds at most " +
                               std::to_string(kMaxFileBytes)});
            continue;
        }
        const std::string name = NameOf(path);
        switch (kind) {
            case Kind::kFlow: {
                flow::Flow f;
                if (!ParseOneFlow(path, text, f, &out)) break;
                if (f.id != name) {
                    out.push_back({"seam.content.id_mismatch", path, "/flow",
                                   "the flow is \"" + f.id + "\" but its file is " + path +
                                       ": a flow's id is its file's name"});
                }
                flow::CheckFlow(f, registry, out);
                break;
            }
            case Kind::kFlowTest: {
                Result<assistant::Script> script = assistant::ParseScript(text, path);
                if (!script) {
                    out.push_back({script.error().id, path, "", DetailOf(script.error(), path)});
                }
                const std::string flow_id = FlowOfTest(path);
                if (flow_ids.count(flow_id) == 0) {
                    out.push_back({"seam.content.unknown_flow", path, "",
                                   "a test of the flow \"" + flow_id +
                                       "\", which is not in the "
                                       "set (" +
                                       FlowPath(flow_id) + ")"});
                }
                break;
            }
            case Kind::kArticle: {
                Result<kb::Article> article = kb::ParseArticle(text);
                if (!article) {
                    out.push_back({article.error().id, path, "", DetailOf(article.error(), "")});
                    break;
                }
                const std::string lang = LangOf(path);
                if (article->lang != lang) {
                    out.push_back({"seam.content.lang_mismatch", path, "",
                                   "the article says lang: " + article->lang + " but it is in kb/" +
                                       lang + "/"});
                }
                const auto [it, fresh] =
                    articles.emplace(std::make_pair(article->lang, article->id), path);
                if (!fresh) {
                    out.push_back({"seam.content.duplicate_article", path, "",
                                   "id: " + article->id + " is the id of " + it->second +
                                       " too: one id per article in each language"});
                }
                break;
            }
            case Kind::kTrigger: {
                if (!DepthOk(path, text, &out)) break;
                proactive::Trigger trigger;
                if (!proactive::ParseTrigger(text, path, trigger, out)) break;
                if (trigger.id != name) {
                    out.push_back({"seam.content.id_mismatch", path, "/id",
                                   "the trigger is \"" + trigger.id + "\" but its file is " + path +
                                       ": a trigger's id is its file's name"});
                }
                proactive::CheckTrigger(trigger, known, path, out);
                break;
            }
            case Kind::kReply: {
                Reply reply;
                ParseReply(text, path, reply, out);
                break;
            }
        }
    }
    // The engine runs these two itself (a person asked for; nothing else matched).
    for (const char* engine_flow : {"talk_to_human", "kb_fallback"}) {
        if (flow_ids.count(engine_flow) == 0) {
            out.push_back({"seam.content.missing_flow", FlowPath(engine_flow), "",
                           std::string("the engine needs the flow \"") + engine_flow + "\" (" +
                               (std::string(engine_flow) == "talk_to_human"
                                    ? "when a customer asks for a person"
                                    : "when a knowledge answer fits and no flow does") +
                               ")"});
        }
    }
    return out.size() == before;
}

// [SECTION] Diagnostics as JSON

std::string StepOfPointer(std::string_view flow_json, const std::string& pointer) {
    constexpr std::string_view kSteps = "/steps/";
    if (pointer.compare(0, kSteps.size(), kSteps) != 0) return {};
    std::size_t index = 0;
    std::size_t pos = kSteps.size();
    const std::size_t digits_from = pos;
    while (pos < pointer.size() && pointer[pos] >= '0' && pointer[pos] <= '9') {
        if (pos - digits_from >= 9) return {};  // no flow has a billion steps
        index = index * 10 + static_cast<std::size_t>(pointer[pos] - '0');
        ++pos;
    }
    if (pos == digits_from || (pos < pointer.size() && pointer[pos] != '/')) return {};
    if (!JsonDepthWithin(flow_json, kMaxJsonDepth)) return {};
    const json doc = json::parse(flow_json.begin(), flow_json.end(), nullptr, false);
    if (!doc.is_object()) return {};
    const auto steps = doc.find("steps");
    if (steps == doc.end() || !steps->is_array() || index >= steps->size()) return {};
    const json& step = (*steps)[index];
    if (!step.is_object()) return {};
    const auto id = step.find("id");
    return id != step.end() && id->is_string() ? id->get<std::string>() : std::string();
}

nlohmann::json DiagnosticToJson(const flow::Diagnostic& d, const Files& content) {
    std::string step;
    if (IsKind(d.file, Kind::kFlow)) {
        const auto it = content.find(d.file);
        if (it != content.end()) step = StepOfPointer(it->second, d.pointer);
    }
    return json{{"id", d.id},
                {"file", d.file},
                {"pointer", d.pointer},
                {"message", d.message},
                {"step", step}};
}

// [SECTION] Saved conversation tests

std::vector<TestRun> RunFlowTests(const Files& content, const std::string& flow_id,
                                  const flow::Engine& engine,
                                  const assistant::Understander& understander) {
    std::vector<TestRun> runs;
    for (const auto& [path, text] : content) {
        const std::string of = FlowOfTest(path);
        if (of.empty() || (!flow_id.empty() && of != flow_id)) continue;
        TestRun run;
        run.path = path;
        Result<assistant::Script> script = assistant::ParseScript(text, path);
        if (!script) {
            run.report = script.error().message;
            runs.push_back(std::move(run));
            continue;
        }
        if (script->live()) continue;  // needs a live seamd and its real actions (seam test)
        const assistant::RunResult result = assistant::RunScript(*script, engine, understander);
        run.passed = result.passed;
        for (const assistant::TurnFailure& failure : result.failures)
            run.report += assistant::FormatFailure(*script, failure) + "\n";
        if (!run.passed && run.report.empty()) run.report = path + ": failed";
        runs.push_back(std::move(run));
    }
    return runs;
}

}  // namespace seam::content

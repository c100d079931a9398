// native/cli/cmd_eval_understanding.cpp — `seam eval-understanding FILE.jsonl`: customer-written
// messages (tests/eval/<lang>.jsonl) run through the product's Understander, scored as a customer
// would see the result. Figures, not a pass/fail test: the command exits 0 whatever they are.
//
// Index of this file
//   [SECTION] The evaluation file   one labelled message a line, read by total functions
//   [SECTION] Outcomes              what the product would do with a message, and whether it is
//                                   right, a miss, or a wrong answer
//   [SECTION] Report                the figures as text or JSON, and the misses
//
// Every message goes through assistant::MessageEvent with the demo business loaded as seamd and
// `seam test` load it (assets/nlu -> nlu::TrainCalibrated, assets/kb -> kb::Index, the demo entity
// finder), so the figures are the product's. What the engine does with the Understanding is
// mirrored from flow::Engine's "no flow waiting for input" branch: greeting/thanks/goodbye are
// answered whatever the ambiguity; an ambiguous decision asks "did you mean" with the top two;
// an intent with a knowledge answer attached (a general question) is answered, with its flow
// offered; an intent starts its flow; otherwise a knowledge answer is given when there is one.
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "assets/assets.hpp"
using namespace seam::assets;  // NOLINT: the CLI is a thin layer over the asset loaders
#include "commands.hpp"
#include "seam/assistant/understand.hpp"
#include "seam/kb/index.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::cli {

namespace {

using nlohmann::json;

// [SECTION] The evaluation file

enum class Kind { kIntent, kKnowledge, kChitchat, kOos };

struct Row {
    std::size_t line = 0;
    std::string text;
    Kind kind = Kind::kIntent;
    std::string kind_name;
    std::string intent;                 // expected intent, "oos" for knowledge and oos rows
    std::vector<std::string> articles;  // kKnowledge: acceptable passages, "url#anchor"
    std::string accept_intent;          // kKnowledge: a flow that would also serve, may be empty
    std::string note;
};

bool ParseKind(const std::string& s, Kind& out) {
    if (s == "intent")
        out = Kind::kIntent;
    else if (s == "knowledge")
        out = Kind::kKnowledge;
    else if (s == "chitchat")
        out = Kind::kChitchat;
    else if (s == "oos")
        out = Kind::kOos;
    else
        return false;
    return true;
}

// The string at `key`, or "" when it is missing or not a string (checked, never thrown).
std::string StringField(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The part of a passage URL that names the article ("/help/refunds#when-..." -> "/help/refunds").
std::string ArticleOf(const std::string& passage_url) {
    return passage_url.substr(0, passage_url.find('#'));
}

// Reads the evaluation file. Every line is checked against the model's intents and the index's
// passages in `locale`, so a typo in a label is an error, not a silent miss.
bool ReadRows(const std::string& path, const std::string& locale, const nlu::IntentModel& model,
              const kb::Index& index, std::vector<Row>& rows) {
    std::string content;
    if (!ReadWholeFile(path, content)) {
        std::fprintf(stderr, "seam eval-understanding: [seam.cli.read] cannot read %s\n",
                     path.c_str());
        return false;
    }
    std::set<std::string> intents(model.intents().begin(), model.intents().end());
    intents.insert("oos");
    std::set<std::string> passages;
    for (const kb::Article& a : index.articles()) {
        if (a.lang != locale) continue;
        for (const kb::Passage& p : a.passages)
            passages.insert(a.url + "#" + p.anchor);
    }
    bool ok = true;
    auto bad = [&](std::size_t line, const std::string& why) {
        std::fprintf(stderr, "seam eval-understanding: [seam.eval.bad_row] %s:%zu: %s\n",
                     path.c_str(), line, why.c_str());
        ok = false;
    };
    std::size_t line_no = 0;
    std::size_t start = 0;
    while (start < content.size()) {
        std::size_t end = content.find('\n', start);
        if (end == std::string::npos) end = content.size();
        const std::string line = content.substr(start, end - start);
        start = end + 1;
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            bad(line_no, "not a JSON object");
            continue;
        }
        Row row;
        row.line = line_no;
        row.text = StringField(j, "text");
        row.kind_name = StringField(j, "kind");
        row.intent = StringField(j, "intent");
        row.note = StringField(j, "note");
        row.accept_intent = StringField(j, "accept_intent");
        if (row.text.empty()) bad(line_no, "\"text\" must be a non-empty string");
        if (!ParseKind(row.kind_name, row.kind)) {
            bad(line_no, "\"kind\" must be intent, knowledge, chitchat or oos");
            continue;
        }
        if (!intents.count(row.intent)) bad(line_no, "unknown intent '" + row.intent + "'");
        if ((row.kind == Kind::kKnowledge || row.kind == Kind::kOos) && row.intent != "oos")
            bad(line_no, "a " + row.kind_name + " row expects intent \"oos\"");
        if ((row.kind == Kind::kIntent || row.kind == Kind::kChitchat) && row.intent == "oos")
            bad(line_no, "an " + row.kind_name + " row needs an intent");
        auto art = j.find("article");
        if (art != j.end() && art->is_string()) {
            row.articles.push_back(art->get<std::string>());
        } else if (art != j.end() && art->is_array()) {
            for (const json& a : *art)
                if (a.is_string()) row.articles.push_back(a.get<std::string>());
        }
        if (row.kind == Kind::kKnowledge && row.articles.empty())
            bad(line_no, "a knowledge row needs \"article\" (\"url#anchor\" or a list of them)");
        if (row.kind != Kind::kKnowledge && !row.articles.empty())
            bad(line_no, "only knowledge rows name an article");
        if (!row.accept_intent.empty() &&
            (row.kind != Kind::kKnowledge || !intents.count(row.accept_intent) ||
             row.accept_intent == "oos")) {
            bad(line_no, "\"accept_intent\" must be an intent, on a knowledge row");
        }
        for (const std::string& a : row.articles) {
            if (!passages.count(a)) bad(line_no, "no passage '" + a + "' in locale " + locale);
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty() && ok) {
        std::fprintf(stderr, "seam eval-understanding: %s has no rows\n", path.c_str());
        return false;
    }
    return ok;
}

// [SECTION] Outcomes

// Answered by the engine with a canned line whatever else is going on; never starts a flow.
bool IsChitchat(const std::string& intent) {
    return intent == "greeting" || intent == "thanks" || intent == "goodbye";
}

// What the product does with a message when no flow is waiting for input.
enum class Action { kIntent, kClarify, kAnswer, kNothing };

struct Outcome {
    Action action = Action::kNothing;
    std::string intent;  // kIntent: the intent; kClarify: the two offered, "a|b"
    std::string answer;  // kAnswer: the passage URL
    float confidence = 0;
};

Outcome Decide(const flow::Understanding& u) {
    Outcome o;
    o.confidence = u.confidence;
    if (IsChitchat(u.intent)) {
        o.action = Action::kIntent;
        o.intent = u.intent;
    } else if (u.intent != "oos" && !u.ambiguous && u.has_answer) {
        // A question the help centre answers, with a request only guessed behind it: the engine
        // gives the answer and offers the flow as a quick reply.
        o.action = Action::kAnswer;
        o.answer = u.answer_url;
    } else if (u.intent != "oos" && !u.ambiguous) {
        o.action = Action::kIntent;
        o.intent = u.intent;
    } else if (u.ambiguous && u.ranked.size() >= 2) {
        o.action = Action::kClarify;
        o.intent = u.ranked[0].first + "|" + u.ranked[1].first;
    } else if (u.has_answer) {
        o.action = Action::kAnswer;
        o.answer = u.answer_url;
    }
    return o;
}

std::string Describe(const Outcome& o) {
    switch (o.action) {
        case Action::kIntent:
            return "intent " + o.intent;
        case Action::kClarify:
            return "asks: " + o.intent;
        case Action::kAnswer:
            return "answers " + o.answer;
        case Action::kNothing:
            break;
    }
    return "no intent, no answer";
}

// How a row went. A row is right, a miss (asked, deflected, fell back, greeted: the customer is
// not served but is not misled either) or wrong (a confident wrong intent would start the wrong
// flow, or a knowledge answer from an article that does not answer the question). A knowledge
// question routed to its row's accept_intent ("can you hold my parcel" -> reschedule_delivery)
// is a miss for knowledge top-1 but not wrong: a good agent could have done the same.
enum class Verdict { kRight, kMiss, kWrong };

struct Scored {
    Verdict verdict = Verdict::kMiss;
    std::string wrong_kind;      // kWrong: which kind of wrong answer, for the breakdown
    bool right_article = false;  // kKnowledge: answered from an expected article
    bool routed = false;         // kKnowledge: sent to the row's accept_intent
};

Scored Score(const Row& row, const Outcome& o) {
    Scored s;
    const bool expects_intent = row.kind == Kind::kIntent || row.kind == Kind::kChitchat;
    if (o.action == Action::kIntent) {
        if (expects_intent && o.intent == row.intent) {
            s.verdict = Verdict::kRight;
        } else if (IsChitchat(o.intent)) {
            // "Hello! How can I help?" ignores the question but starts nothing: a miss.
        } else if (row.kind == Kind::kKnowledge && o.intent == row.accept_intent) {
            s.routed = true;
        } else {
            s.verdict = Verdict::kWrong;
            s.wrong_kind = expects_intent                 ? "wrong intent on a request"
                           : row.kind == Kind::kKnowledge ? "intent on a knowledge question"
                                                          : "intent on an out-of-scope message";
        }
        return s;
    }
    if (o.action == Action::kAnswer) {
        if (row.kind == Kind::kKnowledge) {
            for (const std::string& a : row.articles) {
                if (a == o.answer) s.verdict = Verdict::kRight;
                if (ArticleOf(a) == ArticleOf(o.answer)) s.right_article = true;
            }
            if (s.verdict != Verdict::kRight && !s.right_article) {
                s.verdict = Verdict::kWrong;
                s.wrong_kind = "answer from the wrong article";
            }
        } else if (row.kind == Kind::kOos) {
            s.verdict = Verdict::kWrong;
            s.wrong_kind = "answer to an out-of-scope message";
        }
        // A request answered from the knowledge base is a miss (deflected), not a wrong answer.
        return s;
    }
    if (o.action == Action::kNothing && row.kind == Kind::kOos) s.verdict = Verdict::kRight;
    return s;
}

// [SECTION] Report

struct Ratio {
    std::size_t hit = 0;
    std::size_t total = 0;
    double value() const { return total ? static_cast<double>(hit) / total : 0.0; }
};

json RatioJson(const Ratio& r) {
    return {{"value", r.total ? json(r.value()) : json(nullptr)}, {"hit", r.hit}, {"of", r.total}};
}

void PrintRatio(const char* label, const Ratio& r, const char* rows) {
    std::printf("  %-28s %6.1f%%  (%zu of %zu %s)\n", label, 100.0 * r.value(), r.hit, r.total,
                rows);
}

}  // namespace

int CmdEvalUnderstanding(const Args& args) {
    std::string assets = "assets";
    std::string locale = "en";
    std::string path;
    bool as_json = false;
    bool show_errors = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--locale" && i + 1 < args.size()) {
            locale = args[++i];
        } else if (args[i] == "--assets" && i + 1 < args.size()) {
            assets = args[++i];
        } else if (args[i] == "--json") {
            as_json = true;
        } else if (args[i] == "--show-errors") {
            show_errors = true;
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam eval-understanding FILE.jsonl [--locale en|es] [--assets DIR] "
                "[--json] [--show-errors]\n"
                "Runs each message of FILE (JSON lines: text, kind intent|knowledge|chitchat|oos,\n"
                "intent, article \"url#anchor\" or a list of them for knowledge rows, note) "
                "through\n"
                "the product's understanding (intent model, knowledge base and entities from DIR,\n"
                "default assets/) and prints intent accuracy (intent and chitchat rows), "
                "knowledge\n"
                "top-1 (the answer is an expected passage), out-of-scope recall (no intent, no\n"
                "answer) and answered wrongly (a confident wrong intent, or an answer from the "
                "wrong\n"
                "article). --show-errors lists every row not answered right. Exit 0 whatever the\n"
                "figures; 1 when the file or the assets do not load.\n");
            return 0;
        } else if (path.empty()) {
            path = args[i];
        } else {
            std::fprintf(stderr, "seam eval-understanding: unexpected argument '%s'\n",
                         args[i].c_str());
            return 2;
        }
    }
    if (path.empty()) {
        std::fprintf(stderr,
                     "usage: seam eval-understanding FILE.jsonl [--locale en|es] [--json] "
                     "[--show-errors]\n");
        return 2;
    }

    // The demo business, loaded as `seam test` and seamd (native/assistant) load it.
    std::vector<kb::Article> articles;
    std::vector<nlu::Example> examples;
    if (!LoadArticles(assets + "/kb", articles) || !LoadIntentExamples(assets + "/nlu", examples))
        return 1;
    Result<nlu::IntentModel> model = nlu::TrainCalibrated(examples, {});
    Result<kb::Index> index = kb::Index::Build(std::move(articles));
    if (!model || !index) {
        std::fprintf(stderr, "seam eval-understanding: %s\n",
                     (!model ? model.error() : index.error()).message.c_str());
        return 1;
    }
    std::vector<Row> rows;
    if (!ReadRows(path, locale, *model, *index, rows)) return 1;
    const Date today{2026, 11, 22};  // `seam test`'s fixed clock: entities never depend on the day
    const assistant::Understander understander(std::move(model.value()), std::move(index.value()),
                                               DemoEntityFinder(today));

    Ratio intent_acc, knowledge_top1, knowledge_article, oos_recall, wrong;
    std::size_t clarified_right = 0;  // intent rows that got "did you mean" with the right option
    std::size_t deflected = 0;        // intent rows answered from the knowledge base
    std::size_t routed = 0;           // knowledge rows sent to their accept_intent's flow
    std::map<std::string, std::size_t> wrong_by_kind;
    std::map<std::string, Ratio> by_intent;  // per expected intent (intent and chitchat rows)
    json misses = json::array();
    for (const Row& row : rows) {
        const flow::Event event = assistant::MessageEvent(understander, row.text, locale);
        const Outcome o = Decide(event.understanding);
        const Scored s = Score(row, o);
        const bool right = s.verdict == Verdict::kRight;
        switch (row.kind) {
            case Kind::kIntent:
            case Kind::kChitchat:
                ++intent_acc.total;
                intent_acc.hit += right;
                ++by_intent[row.intent].total;
                by_intent[row.intent].hit += right;
                if (o.action == Action::kClarify &&
                    (event.understanding.ranked[0].first == row.intent ||
                     event.understanding.ranked[1].first == row.intent)) {
                    ++clarified_right;
                }
                if (o.action == Action::kAnswer) ++deflected;
                break;
            case Kind::kKnowledge:
                ++knowledge_top1.total;
                knowledge_top1.hit += right;
                ++knowledge_article.total;
                knowledge_article.hit += s.right_article;
                routed += s.routed;
                break;
            case Kind::kOos:
                ++oos_recall.total;
                oos_recall.hit += right;
                break;
        }
        ++wrong.total;
        if (s.verdict == Verdict::kWrong) {
            ++wrong.hit;
            ++wrong_by_kind[s.wrong_kind];
        }
        if (!right) {
            json miss = {
                {"line", row.line},
                {"kind", row.kind_name},
                {"text", row.text},
                {"expected", row.kind == Kind::kKnowledge ? json(row.articles) : json(row.intent)},
                {"got", Describe(o)},
                {"confidence", o.confidence},
                {"wrong", s.verdict == Verdict::kWrong}};
            if (!row.note.empty()) miss["note"] = row.note;
            misses.push_back(std::move(miss));
        }
    }

    if (as_json) {
        json per_intent = json::object();
        for (const auto& [name, r] : by_intent)
            per_intent[name] = RatioJson(r);
        json out = {{"file", path},
                    {"locale", locale},
                    {"rows", rows.size()},
                    {"intent_accuracy", RatioJson(intent_acc)},
                    {"clarified_right", clarified_right},
                    {"deflected_to_kb", deflected},
                    {"knowledge_top1", RatioJson(knowledge_top1)},
                    {"knowledge_right_article", RatioJson(knowledge_article)},
                    {"knowledge_routed_to_accepted_flow", routed},
                    {"oos_recall", RatioJson(oos_recall)},
                    {"answered_wrongly", RatioJson(wrong)},
                    {"answered_wrongly_by_kind", wrong_by_kind},
                    {"per_intent", per_intent}};
        if (show_errors) out["errors"] = misses;
        std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
        return 0;
    }
    std::printf("%s (%s, %zu messages)\n", path.c_str(), locale.c_str(), rows.size());
    PrintRatio("intent accuracy", intent_acc, "intent+chitchat");
    std::printf(
        "  %-28s %zu asked \"did you mean\" with the right option, %zu answered from the "
        "KB\n",
        "", clarified_right, deflected);
    PrintRatio("knowledge top-1 (passage)", knowledge_top1, "knowledge");
    PrintRatio("knowledge right article", knowledge_article, "knowledge");
    std::printf("  %-28s %zu routed to a flow that would also serve (accept_intent)\n", "", routed);
    PrintRatio("out-of-scope recall", oos_recall, "oos");
    PrintRatio("answered wrongly", wrong, "messages");
    for (const auto& [why, n] : wrong_by_kind)
        std::printf("    %-40s %zu\n", why.c_str(), n);
    std::printf("  per intent:");
    for (const auto& [name, r] : by_intent)
        std::printf(" %s %zu/%zu", name.c_str(), r.hit, r.total);
    std::printf("\n");
    if (show_errors) {
        std::printf("\nmisses (! = answered wrongly):\n");
        for (const json& m : misses) {
            const std::string expected =
                m["expected"].is_string() ? m["expected"].get<std::string>() : m["expected"].dump();
            std::printf("%s %4zu %-9s %s\n       expected %s, got %s (%.2f)\n",
                        m["wrong"].get<bool>() ? "!" : " ", m["line"].get<std::size_t>(),
                        m["kind"].get<std::string>().c_str(), m["text"].get<std::string>().c_str(),
                        expected.c_str(), m["got"].get<std::string>().c_str(),
                        m["confidence"].get<double>());
            if (m.contains("note"))
                std::printf("       note: %s\n", m["note"].get<std::string>().c_str());
        }
    }
    return 0;
}

}  // namespace seam::cli

// native/cli/cmd_nlu.cpp — `seam eval`, `seam train`, `seam predict`: the intent model, measured.
// Portable C++ (files and a steady clock only): the same source builds natively and as a node
// program (build/wasm/seam.js), which is how WASM predictions are compared with native ones.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "assets/assets.hpp"
using namespace seam::assets;  // NOLINT: the CLI is a thin layer over the asset loaders
#include "commands.hpp"
#include "seam/nlu/dataset.hpp"
#include "seam/nlu/evaluate.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::cli {

namespace {

using Clock = std::chrono::steady_clock;

bool FileExists(const std::string& path) {
    return static_cast<bool>(std::ifstream(path));
}

// Loads DIR/name; prints a clear error and returns false when it cannot.
bool LoadExamples(const std::string& path, std::vector<nlu::Example>& out) {
    std::string content;
    if (!ReadWholeFile(path, content)) {
        std::fprintf(stderr, "seam: [seam.cli.read] cannot read %s\n", path.c_str());
        return false;
    }
    Result<std::vector<nlu::Example>> parsed = nlu::ParseJsonLines(content, path);
    if (!parsed) {
        std::fprintf(stderr, "seam: %s\n", parsed.error().message.c_str());
        return false;
    }
    out = std::move(parsed.value());
    return true;
}

// "--set key=value" overrides of the training options, for exploring the model on a dataset.
bool ApplySetting(const std::string& kv, nlu::TrainOptions& o) {
    using Setter = void (*)(nlu::TrainOptions&, double);
    struct Setting {
        const char* key;
        Setter set;
    };
    static const Setting kSettings[] = {
        {"epochs", [](nlu::TrainOptions& t, double v) { t.epochs = static_cast<int>(v); }},
        {"learning_rate",
         [](nlu::TrainOptions& t, double v) { t.learning_rate = static_cast<float>(v); }},
        {"l2", [](nlu::TrainOptions& t, double v) { t.l2 = static_cast<float>(v); }},
        {"min_df", [](nlu::TrainOptions& t, double v) { t.min_df = static_cast<std::size_t>(v); }},
        {"prune_below",
         [](nlu::TrainOptions& t, double v) { t.prune_below = static_cast<float>(v); }},
        {"average", [](nlu::TrainOptions& t, double v) { t.average = v != 0; }},
        {"hinge",
         [](nlu::TrainOptions& t, double v) {
             t.loss = v != 0 ? nlu::Loss::kSquaredHinge : nlu::Loss::kLogistic;
         }},
        {"seed", [](nlu::TrainOptions& t, double v) { t.seed = static_cast<std::uint64_t>(v); }},
        {"char_min",
         [](nlu::TrainOptions& t, double v) { t.features.char_min = static_cast<int>(v); }},
        {"char_max",
         [](nlu::TrainOptions& t, double v) { t.features.char_max = static_cast<int>(v); }},
        {"span_char_min",
         [](nlu::TrainOptions& t, double v) { t.features.span_char_min = static_cast<int>(v); }},
        {"span_char_max",
         [](nlu::TrainOptions& t, double v) { t.features.span_char_max = static_cast<int>(v); }},
        {"bigrams", [](nlu::TrainOptions& t, double v) { t.features.bigrams = v != 0; }},
        {"word_weight",
         [](nlu::TrainOptions& t, double v) { t.features.word_weight = static_cast<float>(v); }},
        {"bigram_weight",
         [](nlu::TrainOptions& t, double v) { t.features.bigram_weight = static_cast<float>(v); }},
        {"char_weight",
         [](nlu::TrainOptions& t, double v) { t.features.char_weight = static_cast<float>(v); }},
    };
    const auto eq = kv.find('=');
    if (eq == std::string::npos) return false;
    const std::string key = kv.substr(0, eq);
    for (const Setting& s : kSettings) {
        if (key == s.key) {
            s.set(o, std::atof(kv.c_str() + eq + 1));
            return true;
        }
    }
    return false;
}

double Seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

double Percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i =
        std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5));
    return v[i];
}

}  // namespace

int CmdEval(const Args& args) {
    std::string dir;
    bool json = false;
    std::string predictions_path;
    std::string scores_path;
    nlu::TrainOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json") {
            json = true;
        } else if (args[i] == "--set" && i + 1 < args.size()) {
            if (!ApplySetting(args[++i], options)) {
                std::fprintf(stderr, "seam eval: bad --set '%s' (see --help)\n", args[i].c_str());
                return 2;
            }
        } else if (args[i] == "--predictions" && i + 1 < args.size()) {
            predictions_path = args[++i];
        } else if (args[i] == "--scores" && i + 1 < args.size()) {
            scores_path = args[++i];
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam eval DIR [--json] [--predictions FILE]\n"
                "Trains an intent model on DIR/train.jsonl, tunes its thresholds on DIR/val.jsonl\n"
                "when present, evaluates on DIR/test.jsonl and prints accuracy, macro-F1, the\n"
                "out-of-scope metrics (when the data has \"oos\" labels), training time, model "
                "size\n"
                "and prediction latency. --predictions writes one predicted intent per test line.\n"
                "--set KEY=VALUE overrides a training option: epochs, learning_rate, l2, min_df,\n"
                "prune_below, average, hinge, seed, char_min, char_max, span_char_min,\n"
                "span_char_max, bigrams, word_weight, bigram_weight, char_weight.\n"
                "--scores FILE writes the raw logits of every test example (JSON lines).\n");
            return 0;
        } else if (dir.empty() && args[i].rfind("--", 0) != 0) {
            dir = args[i];
        } else {
            std::fprintf(stderr, "seam eval: unexpected argument '%s' (see --help)\n",
                         args[i].c_str());
            return 2;
        }
    }
    if (dir.empty()) {
        std::fprintf(stderr, "usage: seam eval DIR [--json] [--predictions FILE]\n");
        return 2;
    }
    std::vector<nlu::Example> train, val, test;
    if (!LoadExamples(dir + "/train.jsonl", train) || !LoadExamples(dir + "/test.jsonl", test))
        return 1;
    const bool has_val = FileExists(dir + "/val.jsonl");
    if (has_val && !LoadExamples(dir + "/val.jsonl", val)) return 1;

    const auto t0 = Clock::now();
    Result<nlu::IntentModel> trained = nlu::IntentModel::Train(train, options);
    if (!trained) {
        std::fprintf(stderr, "seam eval: %s\n", trained.error().message.c_str());
        return 1;
    }
    nlu::IntentModel model = std::move(trained.value());
    if (has_val) model.Calibrate(val);
    const double train_seconds = Seconds(Clock::now() - t0);
    const std::size_t model_bytes = model.Serialize().size();

    std::vector<std::string> predicted;
    std::vector<double> latency_us;
    predicted.reserve(test.size());
    latency_us.reserve(test.size());
    for (const nlu::Example& e : test) {
        const auto s = Clock::now();
        nlu::Prediction p = model.Predict(e.text);
        latency_us.push_back(Seconds(Clock::now() - s) * 1e6);
        predicted.push_back(std::move(p.intent));
    }
    const nlu::EvalReport r = nlu::Evaluate(test, predicted);

    if (!scores_path.empty()) {  // raw logits per test example, for studying decision rules
        std::ofstream out(scores_path, std::ios::binary);
        for (const nlu::Example& e : test) {
            float coverage = 0;
            const std::vector<float> logits = model.Logits(e.text, &coverage);
            nlohmann::json row = {{"gold", e.intent}, {"logits", logits}, {"coverage", coverage}};
            out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        }
        nlohmann::json meta = {{"intents", model.intents()}};
        std::ofstream(scores_path + ".intents.json") << meta.dump();
    }
    if (!predictions_path.empty()) {
        std::ofstream out(predictions_path, std::ios::binary);
        for (const std::string& p : predicted)
            out << p << '\n';
        if (!out) {
            std::fprintf(stderr, "seam eval: cannot write %s\n", predictions_path.c_str());
            return 1;
        }
    }
    nlohmann::json j = {{"dataset", dir},
                        {"examples", r.examples},
                        {"accuracy", r.accuracy},
                        {"macro_f1", r.macro_f1},
                        {"train_seconds", train_seconds},
                        {"model_bytes", model_bytes},
                        {"latency_p50_us", Percentile(latency_us, 0.50)},
                        {"latency_p99_us", Percentile(latency_us, 0.99)},
                        {"intents", model.intents().size()},
                        {"oos_threshold", model.calibration().oos_threshold},
                        {"temperature", model.calibration().temperature}};
    if (r.has_oos) {
        j["in_scope_accuracy"] = r.in_scope_accuracy;
        j["oos_recall"] = r.oos_recall;
        j["oos_precision"] = r.oos_precision;
    } else {
        j["in_scope_accuracy"] = nullptr;
        j["oos_recall"] = nullptr;
        j["oos_precision"] = nullptr;
    }
    if (json) {
        std::printf("%s\n", j.dump().c_str());
        return 0;
    }
    std::printf("dataset            %s (%zu test examples, %zu intents%s)\n", dir.c_str(),
                r.examples, model.intents().size(), has_val ? ", thresholds tuned on val" : "");
    std::printf("accuracy           %.4f\n", r.accuracy);
    std::printf("macro-F1           %.4f\n", r.macro_f1);
    if (r.has_oos) {
        std::printf("in-scope accuracy  %.4f\n", r.in_scope_accuracy);
        std::printf("oos recall         %.4f\n", r.oos_recall);
        std::printf("oos precision      %.4f\n", r.oos_precision);
    }
    std::printf("training           %.2f s\n", train_seconds);
    std::printf("model size         %zu bytes\n", model_bytes);
    std::printf("latency p50 / p99  %.1f / %.1f us\n", Percentile(latency_us, 0.50),
                Percentile(latency_us, 0.99));
    return 0;
}

}  // namespace seam::cli

namespace seam::cli {

int CmdTrain(const Args& args) {
    std::vector<std::string> inputs;
    std::string output;
    std::string val_path;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size()) {
            output = args[++i];
        } else if (args[i] == "--val" && i + 1 < args.size()) {
            val_path = args[++i];
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam train FILE.jsonl... -o MODEL [--val FILE.jsonl]\n"
                "Trains an intent model on the examples of every FILE and writes it to MODEL.\n"
                "Thresholds are tuned on --val, or else on a holdout of the training data.\n");
            return 0;
        } else {
            inputs.push_back(args[i]);
        }
    }
    if (inputs.empty() || output.empty()) {
        std::fprintf(stderr, "usage: seam train FILE.jsonl... -o MODEL [--val FILE.jsonl]\n");
        return 2;
    }
    std::vector<nlu::Example> train, val;
    for (const std::string& path : inputs) {
        std::vector<nlu::Example> part;
        if (!LoadExamples(path, part)) return 1;
        train.insert(train.end(), part.begin(), part.end());
    }
    if (!val_path.empty() && !LoadExamples(val_path, val)) return 1;
    const auto t0 = Clock::now();
    Result<nlu::IntentModel> model = nlu::TrainCalibrated(train, val);
    if (!model) {
        std::fprintf(stderr, "seam train: %s\n", model.error().message.c_str());
        return 1;
    }
    const std::string bytes = model->Serialize();
    std::ofstream out(output, std::ios::binary);
    out << bytes;
    if (!out) {
        std::fprintf(stderr, "seam train: [seam.cli.write] cannot write %s\n", output.c_str());
        return 1;
    }
    std::printf("seam train: %zu examples, %zu intents, %zu bytes -> %s (%.2f s; threshold %.3f)\n",
                train.size(), model->intents().size(), bytes.size(), output.c_str(),
                Seconds(Clock::now() - t0), model->calibration().oos_threshold);
    return 0;
}

int CmdPredict(const Args& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::printf(
            "usage: seam predict MODEL [TEXT...]\n"
            "Prints the decision for TEXT (or each line of standard input) as one JSON object:\n"
            "{\"intent\", \"out_of_scope\", \"ambiguous\", \"ranked\": [{\"intent\", "
            "\"confidence\"}]}\n");
        return args.empty() ? 2 : 0;
    }
    std::string bytes;
    if (!ReadWholeFile(args[0], bytes)) {
        std::fprintf(stderr, "seam predict: [seam.cli.read] cannot read %s\n", args[0].c_str());
        return 1;
    }
    Result<nlu::IntentModel> model = nlu::IntentModel::Deserialize(bytes);
    if (!model) {
        std::fprintf(stderr, "seam predict: %s: %s\n", args[0].c_str(),
                     model.error().message.c_str());
        return 1;
    }
    auto predict = [&](const std::string& text) {
        const nlu::Prediction p = model->Predict(text, 3);
        nlohmann::json ranked = nlohmann::json::array();
        for (const nlu::IntentScore& s : p.ranked) {
            ranked.push_back({{"intent", s.intent}, {"confidence", s.confidence}});
        }
        const nlohmann::json j = {{"intent", p.intent},
                                  {"out_of_scope", p.out_of_scope},
                                  {"ambiguous", p.ambiguous},
                                  {"coverage", p.coverage},
                                  {"ranked", ranked}};
        std::printf("%s\n", j.dump().c_str());
    };
    if (args.size() > 1) {
        std::string joined;
        for (std::size_t i = 1; i < args.size(); ++i)
            joined += (i > 1 ? " " : "") + args[i];
        predict(joined);
        return 0;
    }
    std::string line;
    while (std::getline(std::cin, line))
        predict(line);
    return 0;
}

}  // namespace seam::cli

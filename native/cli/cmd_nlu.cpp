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

#include "commands.hpp"
#include "seam/nlu/dataset.hpp"
#include "seam/nlu/evaluate.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::cli {

namespace {

using Clock = std::chrono::steady_clock;

bool ReadFile(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

bool FileExists(const std::string& path) {
    return static_cast<bool>(std::ifstream(path));
}

// Loads DIR/name; prints a clear error and returns false when it cannot.
bool LoadExamples(const std::string& path, std::vector<nlu::Example>& out) {
    std::string content;
    if (!ReadFile(path, content)) {
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
    const auto eq = kv.find('=');
    if (eq == std::string::npos) return false;
    const std::string key = kv.substr(0, eq);
    const double v = std::atof(kv.c_str() + eq + 1);
    if (key == "epochs")
        o.epochs = static_cast<int>(v);
    else if (key == "learning_rate")
        o.learning_rate = static_cast<float>(v);
    else if (key == "l2")
        o.l2 = static_cast<float>(v);
    else if (key == "min_df")
        o.min_df = static_cast<std::size_t>(v);
    else if (key == "prune_below")
        o.prune_below = static_cast<float>(v);
    else if (key == "char_min")
        o.features.char_min = static_cast<int>(v);
    else if (key == "char_max")
        o.features.char_max = static_cast<int>(v);
    else if (key == "bigrams")
        o.features.bigrams = v != 0;
    else if (key == "word_weight")
        o.features.word_weight = static_cast<float>(v);
    else if (key == "bigram_weight")
        o.features.bigram_weight = static_cast<float>(v);
    else if (key == "char_weight")
        o.features.char_weight = static_cast<float>(v);
    else if (key == "seed")
        o.seed = static_cast<std::uint64_t>(v);
    else if (key == "average")
        o.average = v != 0;
    else if (key == "span_char_min")
        o.features.span_char_min = static_cast<int>(v);
    else if (key == "span_char_max")
        o.features.span_char_max = static_cast<int>(v);
    else
        return false;
    return true;
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
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam eval DIR [--json] [--predictions FILE]\n"
                "Trains an intent model on DIR/train.jsonl, tunes its thresholds on DIR/val.jsonl\n"
                "when present, evaluates on DIR/test.jsonl and prints accuracy, macro-F1, the\n"
                "out-of-scope metrics (when the data has \"oos\" labels), training time, model "
                "size\n"
                "and prediction latency. --predictions writes one predicted intent per test line.\n"
                "--set KEY=VALUE overrides a training option: epochs, learning_rate, l2, min_df,\n"
                "prune_below, char_min, char_max, bigrams, word_weight, bigram_weight,\n"
                "char_weight, seed.\n");
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

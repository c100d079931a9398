// native/cli/cmd_bundle.cpp — `seam bundle`: the widget's brain (flows, actions, knowledge base
// and a small intent model) as one JSON document, see seam/assistant/bundle.hpp.
// Portable C++ (files only): the same source builds natively and as a node program, which is how
// the WASM build tree writes build/web/widget/bundle.json.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assets/assets.hpp"
#include "commands.hpp"
#include "seam/assistant/bundle.hpp"
#include "seam/nlu/evaluate.hpp"
#include "seam/nlu/intent_model.hpp"

namespace seam::cli {

namespace {

// `path` relative to `root` ("assets/kb/en/x.md" -> "kb/en/x.md").
std::string Relative(const std::string& path, const std::string& root) {
    if (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
        path[root.size()] == '/') {
        return path.substr(root.size() + 1);
    }
    return path;
}

struct Scored {
    double accuracy = 0;
    double macro_f1 = 0;
    std::vector<std::string> predicted;
    std::size_t bytes = 0;
};

Scored Score(const std::vector<nlu::Example>& train, const std::vector<nlu::Example>& test,
             const nlu::TrainOptions& options) {
    Scored s;
    Result<nlu::IntentModel> model = nlu::TrainCalibrated(train, {}, options);
    if (!model) return s;
    s.bytes = model->Serialize().size();
    for (const nlu::Example& e : test)
        s.predicted.push_back(model->Predict(e.text).intent);
    const nlu::EvalReport r = nlu::Evaluate(test, s.predicted);
    s.accuracy = r.accuracy;
    s.macro_f1 = r.macro_f1;
    return s;
}

// Held-out comparison of the full model and the widget's: every fifth example (from the third
// on, so the split differs from TrainCalibrated's own calibration holdout) is test data.
int Report(const std::vector<nlu::Example>& examples) {
    std::vector<nlu::Example> train, test;
    for (std::size_t i = 0; i < examples.size(); ++i)
        (i % 5 == 2 ? test : train).push_back(examples[i]);
    const Scored full = Score(train, test, nlu::TrainOptions{});
    const Scored widget = Score(train, test, assistant::WidgetTrainOptions());
    std::size_t agree = 0;
    for (std::size_t i = 0; i < test.size(); ++i)
        agree += full.predicted[i] == widget.predicted[i];
    const nlohmann::json j = {
        {"train_examples", train.size()},
        {"test_examples", test.size()},
        {"full", {{"accuracy", full.accuracy}, {"macro_f1", full.macro_f1}, {"bytes", full.bytes}}},
        {"widget",
         {{"accuracy", widget.accuracy}, {"macro_f1", widget.macro_f1}, {"bytes", widget.bytes}}},
        {"agreement", test.empty() ? 0.0 : static_cast<double>(agree) / test.size()}};
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

}  // namespace

int CmdBundle(const Args& args) {
    std::string assets;
    std::string output;
    bool report = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size()) {
            output = args[++i];
        } else if (args[i] == "--report") {
            report = true;
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: seam bundle ASSETS -o FILE.json\n"
                "       seam bundle ASSETS --report\n"
                "Writes the widget's bundle: the flows and actions under ASSETS/flows (checked as\n"
                "by `seam check`), the articles under ASSETS/kb and a small intent model trained\n"
                "on ASSETS/nlu (format seam-widget-bundle/1, see seam/assistant/bundle.hpp).\n"
                "--report instead trains the full and the widget model on 80%% of ASSETS/nlu and\n"
                "prints their accuracy on the other 20%% and their sizes, as JSON.\n");
            return 0;
        } else if (assets.empty() && args[i].rfind("-", 0) != 0) {
            assets = args[i];
        } else {
            std::fprintf(stderr, "seam bundle: unexpected argument '%s' (see --help)\n",
                         args[i].c_str());
            return 2;
        }
    }
    while (assets.size() > 1 && assets.back() == '/')
        assets.pop_back();
    if (assets.empty() || (output.empty() && !report)) {
        std::fprintf(stderr, "usage: seam bundle ASSETS -o FILE.json | --report\n");
        return 2;
    }
    std::vector<nlu::Example> examples;
    if (!assets::LoadIntentExamples(assets + "/nlu", examples)) {
        std::fprintf(stderr, "seam bundle: no intent examples under %s/nlu\n", assets.c_str());
        return 1;
    }
    if (report) return Report(examples);

    std::vector<flow::Flow> checked;
    if (!assets::LoadFlows(assets + "/flows", checked)) return 1;
    assistant::BundleSources sources;
    const std::string actions_path = assets + "/flows/actions.json";
    if (!assets::ReadWholeFile(actions_path, sources.actions)) {
        std::fprintf(stderr, "seam: [seam.cli.read] cannot read %s\n", actions_path.c_str());
        return 1;
    }
    for (const std::string& path : assets::ListFiles(assets + "/flows", ".json")) {
        if (path == actions_path) continue;
        std::string text;
        assets::ReadWholeFile(path, text);
        sources.flows.emplace_back(Relative(path, assets), std::move(text));
    }
    for (const std::string& path : assets::ListFiles(assets + "/kb", ".md")) {
        std::string text;
        assets::ReadWholeFile(path, text);
        sources.articles.emplace_back(Relative(path, assets), std::move(text));
    }
    Result<nlu::IntentModel> model =
        nlu::TrainCalibrated(examples, {}, assistant::WidgetTrainOptions());
    if (!model) {
        std::fprintf(stderr, "seam bundle: %s\n", model.error().message.c_str());
        return 1;
    }
    sources.model = model->Serialize();
    Result<std::string> bundle = assistant::MakeBundle(sources);
    if (!bundle) {
        std::fprintf(stderr, "seam bundle: %s\n", bundle.error().message.c_str());
        return 1;
    }
    Result<assistant::Bundle> loaded = assistant::LoadBundle(*bundle);  // what the widget will do
    if (!loaded) {
        std::fprintf(stderr, "seam bundle: the bundle does not load: %s\n",
                     loaded.error().message.c_str());
        return 1;
    }
    std::ofstream out(output, std::ios::binary);
    out << *bundle;
    if (!out) {
        std::fprintf(stderr, "seam bundle: [seam.cli.write] cannot write %s\n", output.c_str());
        return 1;
    }
    std::printf(
        "seam bundle: %zu flows, %zu articles, %zu intents, model %zu bytes -> %s (%zu "
        "bytes)\n",
        sources.flows.size(), sources.articles.size(), model->intents().size(),
        sources.model.size(), output.c_str(), bundle->size());
    return 0;
}

}  // namespace seam::cli

// shared/src/assistant/bundle.cpp — see bundle.hpp.
#include "seam/assistant/bundle.hpp"

#include <nlohmann/json.hpp>

#include "seam/flow/check.hpp"
#include "seam/flow/parse.hpp"
#include "seam/flow/registry.hpp"
#include "seam/kb/article.hpp"

namespace seam::assistant {

using nlohmann::json;

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                           static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[v >> 18 & 63];
        out += kAlphabet[v >> 12 & 63];
        out += kAlphabet[v >> 6 & 63];
        out += kAlphabet[v & 63];
    }
    if (i < bytes.size()) {
        const bool two = i + 1 < bytes.size();
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                           (two ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0u);
        out += kAlphabet[v >> 18 & 63];
        out += kAlphabet[v >> 12 & 63];
        out += two ? kAlphabet[v >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

Result<std::string> DecodeBase64(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned acc = 0;
    int bits = 0;
    std::size_t padding = 0;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        const int s = Sextet(c);
        if (s < 0 || padding > 0) {
            return Error::Make("seam.base64.invalid", "not base64 text");
        }
        acc = (acc << 6 | static_cast<unsigned>(s)) & 0xFFFFFFu;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>(acc >> bits & 0xFF);
        }
    }
    if (padding > 2 || bits >= 6) return Error::Make("seam.base64.invalid", "truncated base64");
    return out;
}

nlu::TrainOptions WidgetTrainOptions() {
    nlu::TrainOptions o;
    o.features.char_min = 3;
    o.features.char_max = 3;
    o.min_df = 2;
    o.prune_below = 9.0f;
    return o;
}

Result<std::string> MakeBundle(const BundleSources& sources) {
    json doc = {{"format", kBundleFormat}};
    json flows = json::array();
    for (const auto& [name, text] : sources.flows) {
        json f = json::parse(text, nullptr, false);
        if (f.is_discarded()) return Error::Make("seam.bundle.json", name + " is not JSON");
        flows.push_back(std::move(f));
    }
    doc["flows"] = std::move(flows);
    json actions = json::parse(sources.actions, nullptr, false);
    if (actions.is_discarded()) return Error::Make("seam.bundle.json", "actions are not JSON");
    doc["actions"] = std::move(actions);
    json articles = json::array();
    for (const auto& [path, text] : sources.articles)
        articles.push_back({{"path", path}, {"text", text}});
    doc["articles"] = std::move(articles);
    doc["model"] = EncodeBase64(sources.model);
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Bundle> LoadBundle(std::string_view json_text) {
    const json doc = json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return Error::Make("seam.bundle.json", "the bundle is not a JSON object");
    }
    if (!doc.contains("format") || doc["format"] != kBundleFormat) {
        return Error::Make("seam.bundle.format", "not a widget bundle (\"format\" must be \"" +
                                                     std::string(kBundleFormat) + "\")");
    }
    if (!doc.contains("flows") || !doc["flows"].is_array() || doc["flows"].empty() ||
        !doc.contains("actions") || !doc["actions"].is_object() || !doc.contains("articles") ||
        !doc["articles"].is_array() || !doc.contains("model") || !doc["model"].is_string()) {
        return Error::Make("seam.bundle.format",
                           "a bundle has \"flows\" (non-empty array), \"actions\" (object), "
                           "\"articles\" (array) and \"model\" (base64 string)");
    }
    Bundle b;
    std::vector<flow::Diagnostic> diagnostics;
    const flow::Registry registry =
        flow::ParseRegistry(doc["actions"].dump(), "actions.json", diagnostics);
    for (std::size_t i = 0; i < doc["flows"].size(); ++i) {
        const json& f = doc["flows"][i];
        const std::string source = "flows/" +
                                   (f.is_object() && f.contains("flow") && f["flow"].is_string()
                                        ? f["flow"].get<std::string>()
                                        : std::to_string(i)) +
                                   ".json";
        flow::Flow parsed;
        if (flow::ParseFlow(f.dump(), source, parsed, diagnostics) &&
            flow::CheckFlow(parsed, registry, diagnostics)) {
            b.flows.push_back(std::move(parsed));
        }
    }
    if (!diagnostics.empty()) {
        std::string all;
        for (const flow::Diagnostic& d : diagnostics)
            all += (all.empty() ? "" : "\n") + d.ToString();
        return Error::Make("seam.bundle.flows", all);
    }
    std::vector<kb::Article> articles;
    for (const json& a : doc["articles"]) {
        if (!a.is_object() || !a.contains("path") || !a["path"].is_string() ||
            !a.contains("text") || !a["text"].is_string()) {
            return Error::Make("seam.bundle.format", "an article is {\"path\", \"text\"}");
        }
        Result<kb::Article> article =
            kb::ParseArticle(a["text"].get<std::string>(), a["path"].get<std::string>());
        if (!article) return article.error();
        articles.push_back(std::move(article.value()));
    }
    Result<kb::Index> index = kb::Index::Build(std::move(articles));
    if (!index) return index.error();
    b.index = std::move(index.value());
    Result<std::string> bytes = DecodeBase64(doc["model"].get<std::string>());
    if (!bytes) return Error::Make("seam.bundle.model", "the model is not base64");
    Result<nlu::IntentModel> model = nlu::IntentModel::Deserialize(*bytes);
    if (!model) return Error::Make("seam.bundle.model", model.error().message);
    b.model = std::move(model.value());
    return b;
}

}  // namespace seam::assistant

// shared/src/nlu/dataset.cpp — JSON Lines parsing with line-precise errors.
#include "seam/nlu/dataset.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "seam/text/utf8.hpp"

namespace seam::nlu {

Result<std::vector<Example>> ParseJsonLines(std::string_view content, std::string_view source) {
    std::vector<Example> out;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    const std::string where(source);
    while (pos <= content.size()) {
        std::size_t end = content.find('\n', pos);
        if (end == std::string_view::npos) end = content.size();
        std::string_view line = content.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            if (end == content.size()) break;
            continue;
        }
        const std::string at = where + ":" + std::to_string(line_no) + ": ";
        if (!text::IsValidUtf8(line)) {
            return Error::Make("seam.dataset.utf8", at + "line is not valid UTF-8");
        }
        const nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            return Error::Make("seam.dataset.json", at + "not a JSON object");
        }
        const auto text = j.find("text");
        const auto intent = j.find("intent");
        if (text == j.end() || !text->is_string()) {
            return Error::Make("seam.dataset.field", at + "missing string field \"text\"");
        }
        if (intent == j.end() || !intent->is_string() ||
            intent->get_ref<const std::string&>().empty()) {
            return Error::Make("seam.dataset.field", at + "missing string field \"intent\"");
        }
        out.push_back({text->get<std::string>(), intent->get<std::string>()});
        if (end == content.size()) break;
    }
    return out;
}

std::vector<std::string> IntentLabels(const std::vector<Example>& examples) {
    std::vector<std::string> labels;
    labels.reserve(examples.size());
    for (const Example& e : examples)
        labels.push_back(e.intent);
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    return labels;
}

}  // namespace seam::nlu

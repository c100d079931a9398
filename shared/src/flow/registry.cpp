// shared/src/flow/registry.cpp — slot types and the actions file.
#include "seam/flow/registry.hpp"

#include <nlohmann/json.hpp>

namespace seam::flow {

std::set<std::string> BuiltinSlotTypes() {
    return {"text",           "email",       "phone", "date",   "money",  "order_number",
            "invoice_number", "postal_code", "enum",  "yes_no", "number", "rating"};
}

Registry ParseRegistry(std::string_view json_text, std::string_view source,
                       std::vector<Diagnostic>& diagnostics) {
    Registry r;
    r.slot_types = BuiltinSlotTypes();
    const std::string file(source);
    auto error = [&](const std::string& at, const std::string& message) {
        diagnostics.push_back({"seam.flow.registry", file, at, message});
    };
    const nlohmann::json doc =
        nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("actions") ||
        !doc["actions"].is_object()) {
        error("", "an actions file must be a JSON object {\"actions\": {name: {...}}}");
        return r;
    }
    for (const auto& [name, spec] : doc["actions"].items()) {
        const std::string at = "/actions/" + name;
        if (!spec.is_object()) {
            error(at, "an action must be an object {description, params, outcomes}");
            continue;
        }
        ActionSpec a;
        a.name = name;
        if (spec.contains("description")) {
            if (spec["description"].is_string())
                a.description = spec["description"].get<std::string>();
            else
                error(at + "/description", "description must be a string");
        }
        if (spec.contains("params")) {
            if (!spec["params"].is_object()) {
                error(at + "/params", "params must be an object of name -> {type, required}");
            } else {
                for (const auto& [p, ps] : spec["params"].items()) {
                    ActionParam param;
                    if (!ps.is_object() || !ps.contains("type") || !ps["type"].is_string()) {
                        error(at + "/params/" + p, "a parameter needs a \"type\"");
                        continue;
                    }
                    param.type = ps["type"].get<std::string>();
                    if (r.slot_types.count(param.type) == 0) {
                        error(at + "/params/" + p + "/type", "unknown type \"" + param.type + "\"");
                    }
                    if (ps.contains("required")) {
                        if (ps["required"].is_boolean())
                            param.required = ps["required"].get<bool>();
                        else
                            error(at + "/params/" + p + "/required", "required is true or false");
                    }
                    a.params[p] = param;
                }
            }
        }
        if (!spec.contains("outcomes") || !spec["outcomes"].is_array() ||
            spec["outcomes"].empty()) {
            error(at + "/outcomes", "outcomes must be a non-empty array of names");
        } else {
            const nlohmann::json& outcomes = spec["outcomes"];
            for (std::size_t i = 0; i < outcomes.size(); ++i) {
                if (outcomes[i].is_string())
                    a.outcomes.insert(outcomes[i].get<std::string>());
                else
                    error(at + "/outcomes/" + std::to_string(i), "an outcome is a name (a string)");
            }
        }
        r.actions[name] = std::move(a);
    }
    return r;
}

}  // namespace seam::flow

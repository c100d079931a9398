// shared/src/proactive/render.cpp — "{{fact.name}}" templates filled from facts (trigger.hpp).
// A missing fact is an error, never an empty hole in a customer's message.
#include <cmath>
#include <cstdint>

#include "internal.hpp"
#include "seam/proactive/trigger.hpp"

namespace seam::proactive {

namespace detail {

bool ScanTemplate(std::string_view text, std::vector<Hole>& holes) {
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        const std::size_t close = text.find("}}", pos + 2);
        if (close == std::string_view::npos) return false;
        std::string_view name = text.substr(pos + 2, close - pos - 2);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        holes.push_back({pos, close + 2, std::string(name)});
        pos = close + 2;
    }
    return true;
}

Result<std::string> FactText(const nlohmann::json& value, std::string_view name) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
    if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
    if (value.is_number_float()) {
        const double d = value.get<double>();
        // Whole and exactly representable: "12", not "12.0". Anything else as JSON writes it.
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
            return std::to_string(static_cast<std::int64_t>(d));
        }
        return Dump(value);
    }
    if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
    return Error::Make("seam.proactive.template",
                       "fact \"" + std::string(name) +
                           "\" is not a string, a number or true/false, so it cannot be written "
                           "into a message");
}

std::string Dump(const nlohmann::json& v) {
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string PointerEscape(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace detail

Result<std::string> Render(std::string_view text, const nlohmann::json& facts) {
    std::vector<detail::Hole> holes;
    if (!detail::ScanTemplate(text, holes)) {
        return Error::Make("seam.proactive.template",
                           "\"{{\" without a closing \"}}\" in \"" + std::string(text) + "\"");
    }
    std::string out;
    std::size_t pos = 0;
    for (const detail::Hole& hole : holes) {
        out.append(text.substr(pos, hole.begin - pos));
        const nlohmann::json* value = Fact(facts, hole.name);
        if (value == nullptr) {
            return Error::Make("seam.proactive.template", "fact \"" + hole.name +
                                                              "\" is missing, so \"{{" + hole.name +
                                                              "}}\" cannot be filled");
        }
        Result<std::string> written = detail::FactText(*value, hole.name);
        if (!written) return written.error();
        out += *written;
        pos = hole.end;
    }
    out.append(text.substr(pos));
    return out;
}

}  // namespace seam::proactive

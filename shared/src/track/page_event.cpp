// shared/src/track/page_event.cpp — page event rules (see page_event.hpp).
#include "seam/track/page_event.hpp"

#include "seam/text/utf8.hpp"

namespace seam::track {

using nlohmann::json;

namespace {

bool IsAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool GoodName(const std::string& s) {
    if (s.empty() || s.size() > kMaxNameLength || !IsAlnum(s.front())) return false;
    for (char c : s) {
        if (!IsAlnum(c) && c != '_' && c != '.' && c != ':' && c != '-') return false;
    }
    return true;
}

bool GoodKey(const std::string& s) {
    if (s.empty() || s.size() > kMaxKeyLength) return false;
    for (char c : s) {
        if (!IsAlnum(c) && c != '_') return false;
    }
    return true;
}

Error BadProps(const std::string& detail) {
    return Error::Make("seam.track.bad_props", detail);
}

}  // namespace

Result<PageEvent> ValidatePageEvent(const json& name, const json& props) {
    if (!name.is_string() || !GoodName(name.get<std::string>())) {
        return Error::Make("seam.track.bad_name",
                           "an event name is 1-64 letters, digits, _ . : or - (starting with a "
                           "letter or a digit), like \"add_to_bag\"");
    }
    PageEvent event;
    event.name = name.get<std::string>();
    if (props.is_null()) return event;
    if (!props.is_object()) return BadProps("the properties are an object, like {\"sku\": \"A1\"}");
    if (props.size() > kMaxProps) {
        return BadProps("at most " + std::to_string(kMaxProps) + " properties, not " +
                        std::to_string(props.size()));
    }
    for (const auto& [key, value] : props.items()) {
        if (!GoodKey(key)) {
            return BadProps("property names are 1-40 letters, digits or _; \"" +
                            key.substr(0, kMaxKeyLength) + "\" is not");
        }
        if (value.is_string()) {
            const std::string& s = value.get_ref<const std::string&>();
            if (s.size() > kMaxValueBytes || !text::IsValidUtf8(s)) {
                return BadProps("\"" + key + "\" is text of at most " +
                                std::to_string(kMaxValueBytes) + " bytes of UTF-8");
            }
        } else if (value.is_number_float()) {
            const double d = value.get<double>();
            if (!(d == d) || d > 1e300 || d < -1e300) {
                return BadProps("\"" + key + "\" is not a finite number");
            }
        } else if (!value.is_number() && !value.is_boolean() && !value.is_null()) {
            return BadProps("\"" + key + "\" is a string, a number, true, false or null (no " +
                            "lists or objects)");
        }
    }
    if (props.dump().size() > kMaxPropsBytes) {
        return BadProps("the properties take at most " + std::to_string(kMaxPropsBytes) +
                        " bytes as JSON");
    }
    event.props = props;
    return event;
}

std::string Describe(const PageEvent& event) {
    std::string out = event.name;
    bool first = true;
    for (const auto& [key, value] : event.props.items()) {
        out += first ? ": " : ", ";
        first = false;
        out += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    return out;
}

}  // namespace seam::track

// shared/src/flow/context.cpp — variable lookup, conditions, templates and phrasing choice.
#include "seam/flow/context.hpp"

#include <algorithm>

namespace seam::flow {

namespace {

using nlohmann::json;

const json& Null() {
    static const json kNull = nullptr;
    return kNull;
}

// Numbers compare as numbers, strings as strings, booleans for ==/!= only.
Result<bool> Compare(const json& a, const std::string& op, const json& b) {
    if (op == "==")
        return a == b || (a.is_number() && b.is_number() && a.get<double>() == b.get<double>());
    if (op == "!=")
        return !(a == b || (a.is_number() && b.is_number() && a.get<double>() == b.get<double>()));
    if (a.is_null() || b.is_null()) return false;
    if (a.is_number() && b.is_number()) {
        const double x = a.get<double>();
        const double y = b.get<double>();
        if (op == "<") return x < y;
        if (op == "<=") return x <= y;
        if (op == ">") return x > y;
        if (op == ">=") return x >= y;
    }
    if (a.is_string() && b.is_string()) {
        const std::string& x = a.get_ref<const std::string&>();
        const std::string& y = b.get_ref<const std::string&>();
        if (op == "<") return x < y;
        if (op == "<=") return x <= y;
        if (op == ">") return x > y;
        if (op == ">=") return x >= y;
    }
    return Error::Make("seam.flow.bad_condition",
                       "cannot compare " + a.dump() + " " + op + " " + b.dump());
}

std::string Print(const json& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_number_float()) {
        std::string s = v.dump();
        if (s.find('.') != std::string::npos && s.find('e') == std::string::npos) {
            while (!s.empty() && s.back() == '0')
                s.pop_back();
            if (!s.empty() && s.back() == '.') s.pop_back();
        }
        return s;
    }
    if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
    return v.dump();
}

}  // namespace

const json& Lookup(const json& context, std::string_view path) {
    const json* node = &context;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        std::size_t dot = path.find('.', pos);
        if (dot == std::string_view::npos) dot = path.size();
        const std::string key(path.substr(pos, dot - pos));
        if (node->is_array()) {  // result.candidates.0.amount
            if (key.empty() || key.size() > 4 ||
                key.find_first_not_of("0123456789") != std::string::npos) {
                return Null();
            }
            std::size_t index = 0;
            for (char c : key)
                index = index * 10 + static_cast<std::size_t>(c - '0');
            if (index >= node->size()) return Null();
            node = &(*node)[index];
        } else {
            if (!node->is_object()) return Null();
            const auto it = node->find(key);
            if (it == node->end()) return Null();
            node = &*it;
        }
        pos = dot + 1;
        if (dot == path.size()) break;
    }
    return *node;
}

Result<bool> EvaluateCondition(const json& c, const json& context) {
    if (!c.is_object())
        return Error::Make("seam.flow.bad_condition", "a condition must be an object");
    if (c.contains("all") || c.contains("any")) {
        const bool all = c.contains("all");
        const json& list = all ? c["all"] : c["any"];
        if (!list.is_array())
            return Error::Make("seam.flow.bad_condition", "all/any need an array");
        for (const json& sub : list) {
            Result<bool> r = EvaluateCondition(sub, context);
            if (!r) return r;
            if (all && !*r) return false;
            if (!all && *r) return true;
        }
        return all;
    }
    if (c.contains("not")) {
        Result<bool> r = EvaluateCondition(c["not"], context);
        if (!r) return r;
        return !*r;
    }
    const auto var = c.find("var");
    const auto op_it = c.find("op");
    if (var == c.end() || !var->is_string() || op_it == c.end() || !op_it->is_string()) {
        return Error::Make("seam.flow.bad_condition", "a comparison needs \"var\" and \"op\"");
    }
    const json& value = Lookup(context, var->get_ref<const std::string&>());
    const std::string& op = op_it->get_ref<const std::string&>();
    static const char* const kOps[] = {"==", "!=", "<",      "<=",     ">",
                                       ">=", "in", "not_in", "exists", "missing"};
    if (std::find(std::begin(kOps), std::end(kOps), op) == std::end(kOps)) {
        return Error::Make("seam.flow.bad_condition", "unknown operator \"" + op + "\"");
    }
    if (op == "exists") return !value.is_null();
    if (op == "missing") return value.is_null();
    const auto rhs = c.find("value");
    if (rhs == c.end()) return Error::Make("seam.flow.bad_condition", op + " needs a value");
    if (op == "in" || op == "not_in") {
        if (!rhs->is_array()) return Error::Make("seam.flow.bad_condition", op + " needs an array");
        const bool found = std::find(rhs->begin(), rhs->end(), value) != rhs->end();
        return op == "in" ? found : !found;
    }
    return Compare(value, op, *rhs);
}

std::string RenderTemplate(std::string_view text, const json& context) {
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t open = text.find("{{", pos);
        if (open == std::string_view::npos) break;
        const std::size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos) break;
        out.append(text.substr(pos, open - pos));
        std::string name(text.substr(open + 2, close - open - 2));
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        out += Print(Lookup(context, name));
        pos = close + 2;
    }
    out.append(text.substr(pos));
    // Placeholders that printed nothing can leave doubled or leading spaces: tidy them, and a
    // space before punctuation that ends a clause ("Hi , Ana" -> "Hi, Ana"; ".com" is kept).
    std::string tidy;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char ch = out[i];
        if (ch == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
        const bool punct =
            ch == ',' || ch == '.' || ch == '!' || ch == '?' || ch == ';' || ch == ':';
        const bool ends_clause = i + 1 == out.size() || out[i + 1] == ' ';
        if (punct && ends_clause && !tidy.empty() && tidy.back() == ' ') tidy.pop_back();
        tidy.push_back(ch);
    }
    while (!tidy.empty() && tidy.back() == ' ')
        tidy.pop_back();
    return tidy;
}

const std::string& PickPhrasing(const Text& text, std::string_view lang, std::uint64_t seed) {
    static const std::string kEmpty;
    if (text.by_lang.empty()) return kEmpty;
    const std::string full(lang);
    const std::string primary = full.substr(0, full.find('-'));
    for (const std::string& key : {full, primary, std::string("en"), std::string()}) {
        const auto it = text.by_lang.find(key);
        if (it != text.by_lang.end() && !it->second.empty()) {
            return it->second[seed % it->second.size()];
        }
    }
    const auto& any = text.by_lang.begin()->second;
    return any.empty() ? kEmpty : any[seed % any.size()];
}

}  // namespace seam::flow

// shared/src/core/json_read.cpp — total, typed readers for JSON from outside (json_read.hpp).
//
// Only is_*(), find(), size() and get_ref on a checked type are used here: none of them can
// throw (or, without exceptions, abort).
#include "seam/core/json_read.hpp"

#include <limits>

namespace seam::json_read {

std::string KindOf(const json& v) {
    switch (v.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "true or false";
        case json::value_t::string:
            return "a string";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return "a number";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        case json::value_t::binary:
            return "binary data";
        case json::value_t::discarded:
            return "nothing";
    }
    return "something else";
}

std::string Join(std::string_view parent, std::string_view key) {
    std::string out(parent);
    if (!out.empty()) out += '.';
    out.append(key);
    return out;
}

std::string Join(std::string_view parent, std::size_t index) {
    std::string out(parent);
    out += '[';
    out += std::to_string(index);
    out += ']';
    return out;
}

namespace {

std::string Named(std::string_view path) {
    return path.empty() ? std::string("the document") : std::string(path);
}

}  // namespace

Error WrongType(std::string_view path, std::string_view expected, const json& found) {
    return Error::Make("seam.json.wrong_type", Named(path) + ": expected " + std::string(expected) +
                                                   ", got " + KindOf(found));
}

Error Missing(std::string_view path, std::string_view expected) {
    return Error::Make("seam.json.missing",
                       Named(path) + ": missing (expected " + std::string(expected) + ")");
}

Error BadValue(std::string_view path, std::string_view why) {
    return Error::Make("seam.json.bad_value", Named(path) + ": " + std::string(why));
}

Result<json> Parse(std::string_view text) {
    json out = json::parse(text.begin(), text.end(), nullptr, false);
    if (out.is_discarded()) return Error::Make("seam.json.parse", "the text is not valid JSON");
    return out;
}

Result<json> ParseObject(std::string_view text, std::string_view what) {
    auto parsed = Parse(text);
    if (!parsed) return parsed.error();
    if (!parsed->is_object()) return WrongType(what, "an object", *parsed);
    return parsed;
}

Result<std::string> String(const json& v, std::string_view path) {
    if (!v.is_string()) return WrongType(path, "a string", v);
    return v.get_ref<const std::string&>();
}

Result<bool> Bool(const json& v, std::string_view path) {
    if (!v.is_boolean()) return WrongType(path, "true or false", v);
    return v.get_ref<const bool&>();
}

Result<std::int64_t> Int(const json& v, std::string_view path) {
    if (v.is_number_integer() && !v.is_number_unsigned()) return v.get_ref<const std::int64_t&>();
    if (v.is_number_unsigned()) {
        const std::uint64_t u = v.get_ref<const std::uint64_t&>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return BadValue(path, "the number is too large");
        return static_cast<std::int64_t>(u);
    }
    return WrongType(path, "a whole number", v);
}

Result<double> Number(const json& v, std::string_view path) {
    if (v.is_number_float()) return v.get_ref<const double&>();
    if (v.is_number_unsigned()) return static_cast<double>(v.get_ref<const std::uint64_t&>());
    if (v.is_number_integer()) return static_cast<double>(v.get_ref<const std::int64_t&>());
    return WrongType(path, "a number", v);
}

Result<const json*> Object(const json& v, std::string_view path) {
    if (!v.is_object()) return WrongType(path, "an object", v);
    return &v;
}

Result<const json*> Array(const json& v, std::string_view path) {
    if (!v.is_array()) return WrongType(path, "an array", v);
    return &v;
}

const json* Find(const json& obj, std::string_view key) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(std::string(key));
    return it == obj.end() ? nullptr : &*it;
}

Result<const json*> Field(const json& obj, std::string_view key, std::string_view path) {
    if (!obj.is_object()) {
        // The path names the field; its parent is what has the wrong type.
        const std::size_t dot = path.rfind('.');
        return WrongType(dot == std::string_view::npos ? std::string_view() : path.substr(0, dot),
                         "an object", obj);
    }
    const json* found = Find(obj, key);
    if (!found) return Missing(path, "a value");
    return found;
}

namespace {

// A required field read with `read`; the "missing" message names the expected kind.
template <typename T, typename Read>
Result<T> Required(const json& obj, std::string_view key, std::string_view path,
                   const char* expected, Read read) {
    auto f = Field(obj, key, path);
    if (!f) {
        if (f.error().id == "seam.json.missing") return Missing(path, expected);
        return f.error();
    }
    return read(**f, path);
}

// An optional field: absent or null gives the fallback.
template <typename T, typename Read>
Result<T> Optional(const json& obj, std::string_view key, std::string_view path, T fallback,
                   Read read) {
    if (!obj.is_object()) return Field(obj, key, path).error();
    const json* f = Find(obj, key);
    if (!f || f->is_null()) return fallback;
    return read(*f, path);
}

}  // namespace

Result<std::string> StringField(const json& obj, std::string_view key, std::string_view path) {
    return Required<std::string>(obj, key, path, "a string", String);
}
Result<bool> BoolField(const json& obj, std::string_view key, std::string_view path) {
    return Required<bool>(obj, key, path, "true or false", Bool);
}
Result<std::int64_t> IntField(const json& obj, std::string_view key, std::string_view path) {
    return Required<std::int64_t>(obj, key, path, "a whole number", Int);
}
Result<double> NumberField(const json& obj, std::string_view key, std::string_view path) {
    return Required<double>(obj, key, path, "a number", Number);
}
Result<const json*> ObjectField(const json& obj, std::string_view key, std::string_view path) {
    return Required<const json*>(obj, key, path, "an object", Object);
}
Result<const json*> ArrayField(const json& obj, std::string_view key, std::string_view path) {
    return Required<const json*>(obj, key, path, "an array", Array);
}

Result<std::string> OptString(const json& obj, std::string_view key, std::string_view path,
                              std::string fallback) {
    return Optional<std::string>(obj, key, path, std::move(fallback), String);
}
Result<bool> OptBool(const json& obj, std::string_view key, std::string_view path, bool fallback) {
    return Optional<bool>(obj, key, path, fallback, Bool);
}
Result<std::int64_t> OptInt(const json& obj, std::string_view key, std::string_view path,
                            std::int64_t fallback) {
    return Optional<std::int64_t>(obj, key, path, fallback, Int);
}
Result<double> OptNumber(const json& obj, std::string_view key, std::string_view path,
                         double fallback) {
    return Optional<double>(obj, key, path, fallback, Number);
}

std::string StringOr(const json& obj, std::string_view key, std::string fallback) {
    const json* f = Find(obj, key);
    return f && f->is_string() ? f->get_ref<const std::string&>() : fallback;
}

bool BoolOr(const json& obj, std::string_view key, bool fallback) {
    const json* f = Find(obj, key);
    return f && f->is_boolean() ? f->get_ref<const bool&>() : fallback;
}

std::int64_t IntOr(const json& obj, std::string_view key, std::int64_t fallback) {
    const json* f = Find(obj, key);
    if (!f) return fallback;
    auto v = Int(*f, "");
    return v ? *v : fallback;
}

}  // namespace seam::json_read

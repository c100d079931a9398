// shared/include/seam/core/json_read.hpp — total, typed readers for JSON that comes from outside.
//
// The core is built without exceptions: nlohmann's `get`, `get_to`, `value`, `at` and `operator[]`
// on a wrong type (or a missing key, for `at` and const `operator[]`) end in abort(). One odd
// field in a stored state, a flow file or a request body would take the whole process down.
// Everything read from data the program did not just build itself goes through these readers:
// they never abort, and a missing or wrong-typed field is an Error whose message names the
// field's path and what was found ("history.steps[2]: expected a string, got a number").
//
// Error ids: seam.json.missing (a required field is absent), seam.json.wrong_type (present, with
// another type), seam.json.bad_value (the right type, a value out of range), seam.json.parse
// (text that is not JSON).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "seam/core/result.hpp"

namespace seam::json_read {

using nlohmann::json;

//! "a string", "a number", "true or false", "null", "an array", "an object": what `v` is, in the
//! words the error messages use.
std::string KindOf(const json& v);

//! `parent.key` (just `key` when parent is empty).
std::string Join(std::string_view parent, std::string_view key);
//! `parent[index]`.
std::string Join(std::string_view parent, std::size_t index);

//! seam.json.wrong_type: "<path>: expected <expected>, got <KindOf(found)>".
Error WrongType(std::string_view path, std::string_view expected, const json& found);
//! seam.json.missing: "<path>: missing (expected <expected>)".
Error Missing(std::string_view path, std::string_view expected);
//! seam.json.bad_value: "<path>: <why>".
Error BadValue(std::string_view path, std::string_view why);

//! Parses `text` without exceptions. Errors: seam.json.parse (with the byte offset when known).
Result<json> Parse(std::string_view text);
//! Parses `text` and requires an object. Errors: seam.json.parse, seam.json.wrong_type.
Result<json> ParseObject(std::string_view text, std::string_view what);

// [SECTION] Values (the `path` names `v` in errors)

Result<std::string> String(const json& v, std::string_view path);
Result<bool> Bool(const json& v, std::string_view path);
//! An integer (a float with no fraction is refused: ids and counts are written as integers).
Result<std::int64_t> Int(const json& v, std::string_view path);
//! Any number, as a double.
Result<double> Number(const json& v, std::string_view path);
//! `v` itself, when it is an object.
Result<const json*> Object(const json& v, std::string_view path);
//! `v` itself, when it is an array.
Result<const json*> Array(const json& v, std::string_view path);

// [SECTION] Fields of an object (`obj` must be an object: checked, an error otherwise)

//! The field, or seam.json.missing.
Result<const json*> Field(const json& obj, std::string_view key, std::string_view path);
//! The field, or nullptr when it is absent (present with any type: returned as is).
const json* Find(const json& obj, std::string_view key);

Result<std::string> StringField(const json& obj, std::string_view key, std::string_view path);
Result<bool> BoolField(const json& obj, std::string_view key, std::string_view path);
Result<std::int64_t> IntField(const json& obj, std::string_view key, std::string_view path);
Result<double> NumberField(const json& obj, std::string_view key, std::string_view path);
Result<const json*> ObjectField(const json& obj, std::string_view key, std::string_view path);
Result<const json*> ArrayField(const json& obj, std::string_view key, std::string_view path);

//! Optional fields: absent or null gives `fallback`; present with another type is an error.
Result<std::string> OptString(const json& obj, std::string_view key, std::string_view path,
                              std::string fallback = {});
Result<bool> OptBool(const json& obj, std::string_view key, std::string_view path,
                     bool fallback = false);
Result<std::int64_t> OptInt(const json& obj, std::string_view key, std::string_view path,
                            std::int64_t fallback = 0);
Result<double> OptNumber(const json& obj, std::string_view key, std::string_view path,
                         double fallback = 0);

// [SECTION] Lenient reads for data the program itself wrote

//! The string at `key`, or `fallback` when `obj` is not an object, the key is absent, or it is
//! not a string. For values whose type was already validated (a loaded state) or that are
//! informative only; never for deciding whether input is acceptable.
std::string StringOr(const json& obj, std::string_view key, std::string fallback = {});
//! Likewise for true/false.
bool BoolOr(const json& obj, std::string_view key, bool fallback = false);
//! Likewise for an integer.
std::int64_t IntOr(const json& obj, std::string_view key, std::int64_t fallback = 0);

}  // namespace seam::json_read

// shared/include/seam/core/result.hpp — errors as values for the portable core.
//
// The core is built without C++ exceptions (both toolchains), so every API that can fail returns a
// Result<T>. An Error carries a stable id ("seam.<module>.<what>") that documentation and tests can
// rely on, and a human-readable message that starts with that id in brackets.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace seam {

//! A failure: `id` is stable across versions; `message` is for people and may change.
struct Error {
    std::string id;
    std::string message;

    //! Builds an error whose message reads "[id] detail".
    static Error Make(std::string id, const std::string& detail) {
        Error e;
        e.message = "[" + id + "] " + detail;
        e.id = std::move(id);
        return e;
    }
};

//! Either a value or an Error. Test with `if (result)`; reading the wrong side is a programming
//! error and aborts in debug builds through std::get.
template <typename T>
class Result {
  public:
    Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    explicit operator bool() const { return data_.index() == 0; }
    bool ok() const { return data_.index() == 0; }

    T& value() & { return std::get<0>(data_); }
    const T& value() const& { return std::get<0>(data_); }
    T&& value() && { return std::get<0>(std::move(data_)); }
    const Error& error() const { return std::get<1>(data_); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

  private:
    std::variant<T, Error> data_;
};

}  // namespace seam

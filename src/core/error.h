#pragma once

// Ordinary failures (bad input, a missing file, a refused event) are values, not exceptions:
// a function that can fail returns ErrorOr<T>, and TRY() passes the error up in one line.
// Exceptions are kept for what ends an operation (out of memory, a broken invariant of a
// library we call).

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace opennrm {

struct Error {
  // A stable machine-readable code (e.g. "invalid_event", "policy_invalid").
  std::string code;
  // A sentence for a person, naming what is wrong.
  std::string message;
  // The line, field or key concerned, when there is one ("reflection.days", "line 7").
  std::string field;

  static Error make(std::string code, std::string message, std::string field = {}) {
    return Error{std::move(code), std::move(message), std::move(field)};
  }
};

template <typename T>
class [[nodiscard]] ErrorOr {
 public:
  ErrorOr(T value) : value_(std::move(value)) {}      // NOLINT: implicit by design.
  ErrorOr(Error error) : value_(std::move(error)) {}  // NOLINT: implicit by design.

  bool is_error() const { return std::holds_alternative<Error>(value_); }
  explicit operator bool() const { return !is_error(); }

  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T release_value() { return std::get<T>(std::move(value_)); }

  const Error& error() const { return std::get<Error>(value_); }
  Error release_error() { return std::get<Error>(std::move(value_)); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, Error> value_;
};

// ErrorOr<void>: success carries nothing.
template <>
class [[nodiscard]] ErrorOr<void> {
 public:
  ErrorOr() = default;
  ErrorOr(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design.

  bool is_error() const { return error_.has_value(); }
  explicit operator bool() const { return !is_error(); }
  const Error& error() const { return *error_; }
  Error release_error() { return std::move(*error_); }
  void release_value() {}

 private:
  std::optional<Error> error_;
};

}  // namespace opennrm

// TRY(expr) evaluates an ErrorOr expression; on error it returns the error from the enclosing
// function, otherwise it yields the value. It uses a GNU statement expression, which g++ and
// clang both support.
#define TRY(expression)                   \
  ({                                      \
    auto&& _try_result = (expression);    \
    if (_try_result.is_error()) {         \
      return _try_result.release_error(); \
    }                                     \
    _try_result.release_value();          \
  })

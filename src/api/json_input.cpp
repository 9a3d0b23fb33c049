#include "api/json_input.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "security/utf8.h"

namespace opennrm::api {

namespace {

Error invalid(std::string_view name, std::string_view expected) {
  return Error::make("invalid_field", fmt::format("{} must be {}", name, expected),
                     std::string(name));
}

// The field's value, or nullptr when absent or null; missing required fields are an error.
ErrorOr<const boost::json::value*> present(const boost::json::object& body, std::string_view name,
                                           bool required) {
  const auto* value = body.if_contains(name);
  if (value != nullptr && !value->is_null()) return value;
  if (required) {
    return Error::make("missing_field", fmt::format("{} is required", name), std::string(name));
  }
  return static_cast<const boost::json::value*>(nullptr);
}

}  // namespace

ErrorOr<boost::json::object> json_object_body(const http::Request& request,
                                              std::initializer_list<std::string_view> allowed) {
  auto value = TRY(request.json());
  if (!value.is_object()) {
    return Error::make("invalid_body", "the request body must be a JSON object", "body");
  }
  for (const auto& field : value.as_object()) {
    if (std::find(allowed.begin(), allowed.end(), field.key()) == allowed.end()) {
      // The name is not echoed: it is whatever the client sent, possibly not printable.
      return Error::make("unknown_field",
                         "the request body has a field this endpoint does not take", "body");
    }
  }
  return std::move(value.as_object());
}

ErrorOr<std::optional<std::string>> string_field(const boost::json::object& body,
                                                 std::string_view name, bool required,
                                                 std::size_t max_length) {
  const auto* value = TRY(present(body, name, required));
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return invalid(name, "a string");
  const auto& text = value->as_string();
  if (text.size() > max_length) {
    return invalid(name, fmt::format("at most {} bytes long", max_length));
  }
  if (!security::decode_utf8(text)) return invalid(name, "valid UTF-8");
  return std::optional(std::string(text));
}

ErrorOr<std::optional<int64_t>> integer_field(const boost::json::object& body,
                                              std::string_view name, bool required) {
  const auto* value = TRY(present(body, name, required));
  if (value == nullptr) return std::optional<int64_t>();
  if (value->is_int64()) return std::optional(value->as_int64());
  return invalid(name, "an integer");
}

ErrorOr<std::optional<bool>> bool_field(const boost::json::object& body, std::string_view name) {
  const auto* value = TRY(present(body, name, false));
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_bool()) return invalid(name, "true or false");
  return std::optional(value->as_bool());
}

int status_for(const Error& error) {
  static constexpr std::array<std::string_view, 10> kBadInput = {
      "invalid_json", "invalid_body",  "unknown_field",   "missing_field",  "invalid_field",
      "bad_request",  "invalid_value", "password_policy", "invalid_agency", "invalid_role"};
  if (std::find(kBadInput.begin(), kBadInput.end(), error.code) != kBadInput.end()) return 400;
  if (error.code == "unauthenticated") return 401;
  if (error.code == "forbidden" || error.code == "self_escalation") return 403;
  if (error.code == "not_found") return 404;
  if (error.code == "duplicate") return 409;
  if (error.code == "busy") return 503;
  return 500;
}

http::Response error_response(const Error& error) {
  int status = status_for(error);
  if (status == 500) return http::Response::internal_error();
  auto response = http::Response::error(status, error);
  if (status == 503) response.headers.set("Retry-After", "1");
  return response;
}

}  // namespace opennrm::api

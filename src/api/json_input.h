#pragma once

// Reading API request bodies strictly: a JSON object with only known fields, each of the
// expected type, so that bad input is a 400 naming the field and never reaches the store.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/error.h"
#include "http/request.h"
#include "http/response.h"

namespace opennrm::api {

// The body as a JSON object whose fields are all in `allowed`. Errors (code, field):
// "invalid_json" (body), "invalid_body" (body) when it is not an object, "unknown_field" (the
// field).
ErrorOr<boost::json::object> json_object_body(const http::Request& request,
                                              std::initializer_list<std::string_view> allowed);

// A string field of at most `max_length` bytes of valid UTF-8; nullopt when absent or null and
// not `required`. Errors: "missing_field", "invalid_field".
ErrorOr<std::optional<std::string>> string_field(const boost::json::object& body,
                                                 std::string_view name, bool required,
                                                 std::size_t max_length = 256);
// An integer field (a JSON number without fraction); nullopt when absent or null.
ErrorOr<std::optional<int64_t>> integer_field(const boost::json::object& body,
                                              std::string_view name, bool required);
// A boolean field; nullopt when absent or null.
ErrorOr<std::optional<bool>> bool_field(const boost::json::object& body, std::string_view name);

// The HTTP status of an ordinary failure, by its code: bad input 400, "unauthenticated" 401,
// "forbidden" 403, "not_found" 404, "duplicate" 409, "busy" 503; anything else is the server's
// own failure (500, with a message that reveals nothing).
int status_for(const Error& error);
http::Response error_response(const Error& error);

}  // namespace opennrm::api

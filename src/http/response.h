#pragma once

// The response a handler returns. The server adds the security headers, compresses and frames
// it; a handler only decides status, headers and body.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/error.h"
#include "http/headers.h"
#include "http/hold.h"

namespace opennrm::http {

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, the answer leaves only once this is released (http/hold.h).
  std::shared_ptr<Hold> hold;

  // A JSON document with Content-Type application/json.
  static Response json(int status, const boost::json::value& value);
  // The API's error shape: {"error": {"code": ..., "message": ..., "field": ...}}, where
  // "field" is null when the error concerns no particular field.
  static Response error(int status, std::string_view code, std::string_view message,
                        std::string_view field = {});
  // The same shape from an ordinary failure value (ErrorOr's Error).
  static Response error(int status, const Error& error);
  // 500 "internal_error" with a message that reveals nothing of the failure.
  static Response internal_error();
  // An HTML page (text/html; charset=utf-8).
  static Response html(int status, std::string body);
  // Plain text (text/plain; charset=utf-8).
  static Response text(int status, std::string body);

  // Adds a Set-Cookie for the whole site, sent only over HTTPS and only to this site
  // (SameSite=Strict), for `max_age` seconds (0 deletes it); http_only hides it from scripts.
  void set_cookie(std::string_view name, std::string_view value, bool http_only, int64_t max_age);
};

}  // namespace opennrm::http

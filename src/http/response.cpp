#include "http/response.h"

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

namespace opennrm::http {

namespace {

Response with_body(int status, std::string_view content_type, std::string body) {
  Response response;
  response.status = status;
  response.headers.set("Content-Type", content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace

Response Response::json(int status, const boost::json::value& value) {
  return with_body(status, "application/json", boost::json::serialize(value));
}

Response Response::error(int status, std::string_view code, std::string_view message,
                         std::string_view field) {
  boost::json::object detail{{"code", code}, {"message", message}, {"field", nullptr}};
  if (!field.empty()) detail["field"] = field;
  return json(status, boost::json::object{{"error", std::move(detail)}});
}

Response Response::error(int status, const Error& error) {
  return Response::error(status, error.code, error.message, error.field);
}

Response Response::internal_error() {
  return error(500, "internal_error", "The server could not complete the request.");
}

Response Response::html(int status, std::string body) {
  return with_body(status, "text/html; charset=utf-8", std::move(body));
}

Response Response::text(int status, std::string body) {
  return with_body(status, "text/plain; charset=utf-8", std::move(body));
}

void Response::set_cookie(std::string_view name, std::string_view value, bool http_only,
                          int64_t max_age) {
  headers.add("Set-Cookie", fmt::format("{}={}; Path=/; Max-Age={}; Secure; SameSite=Strict{}",
                                        name, value, max_age, http_only ? "; HttpOnly" : ""));
}

}  // namespace opennrm::http

#include "http/request.h"

#include <stdexcept>

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include "core/json.h"

namespace opennrm::http {

std::optional<std::string_view> Params::get(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::vector<std::string_view> Params::get_all(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : params_) {
    if (key == name) values.emplace_back(value);
  }
  return values;
}

void Params::add(std::string name, std::string value) {
  params_.emplace_back(std::move(name), std::move(value));
}

ErrorOr<Params> parse_urlencoded(std::string_view text, std::string_view field) {
  Params params;
  if (text.empty()) return params;
  // Boost.URL 1.81's parse_query reads past the end of a view up to the next NUL, so it is
  // given a string of its own.
  const std::string terminated(text);
  auto parsed = boost::urls::parse_query(terminated);
  if (!parsed) {
    return Error::make("bad_request", "The " + std::string(field) + " is not properly encoded.",
                       std::string(field));
  }
  boost::urls::encoding_opts form_encoding;
  form_encoding.space_as_plus = true;
  for (const auto& param : *parsed) {
    // "a&&b" yields empty keys without values; they carry nothing and are skipped.
    if (param.key.empty() && !param.has_value) continue;
    params.add(param.key.decode(form_encoding), param.value.decode(form_encoding));
  }
  return params;
}

ErrorOr<Request> Request::make(std::string method, std::string_view target, Headers headers,
                               std::string body, std::string remote_address, bool tls) {
  // The path and the query are checked apart so that the error can name the part at fault.
  size_t question_mark = target.find('?');
  const std::string path(target.substr(0, question_mark));
  if (!boost::urls::parse_origin_form(path)) {
    return Error::make("bad_request", "The request target is not a valid path.", "target");
  }
  Request request;
  request.method_ = std::move(method);
  request.path_ = path;
  if (question_mark != std::string_view::npos) {
    request.query_ = TRY(parse_urlencoded(target.substr(question_mark + 1), "query"));
  }
  request.headers_ = std::move(headers);
  request.body_ = std::move(body);
  request.remote_address_ = std::move(remote_address);
  request.tls_ = tls;
  return request;
}

std::string_view Request::path_param(std::string_view name) const {
  auto value = path_params_.get(name);
  if (!value) {
    throw std::logic_error("route " + route_ + " has no path parameter " + std::string(name));
  }
  return *value;
}

void Request::set_route(std::string pattern, Params path_params) {
  route_ = std::move(pattern);
  path_params_ = std::move(path_params);
}

ErrorOr<Params> Request::form() const {
  return parse_urlencoded(body_, "body");
}

ErrorOr<boost::json::value> Request::json() const {
  auto value = parse_json(body_);
  if (value.is_error()) {
    return Error::make("invalid_json",
                       "The request body is not valid JSON: " + value.error().message, "body");
  }
  return value;
}

std::optional<std::string_view> Request::cookie(std::string_view name) const {
  auto trim = [](std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
  };
  auto cookies = header("Cookie");
  if (!cookies) return std::nullopt;
  std::string_view rest = *cookies;
  while (!rest.empty()) {
    auto end = rest.find(';');
    std::string_view pair = trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return pair.substr(equals + 1);
    }
  }
  return std::nullopt;
}

}  // namespace opennrm::http

#pragma once

// The request a handler sees: everything it needs is already decoded, and nothing of the
// HTTP library shows through.

#include <any>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "core/error.h"
#include "http/headers.h"

namespace opennrm::http {

// Decoded name/value pairs in arrival order (query parameters, form fields, path parameters).
// Names compare exactly, as the URL standard says.
class Params {
 public:
  using Param = std::pair<std::string, std::string>;

  // The first value given for this name, if any.
  std::optional<std::string_view> get(std::string_view name) const;
  // Every value given for this name, in order (e.g. ?status=open&status=closed).
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }
  void add(std::string name, std::string value);

  std::vector<Param>::const_iterator begin() const { return params_.begin(); }
  std::vector<Param>::const_iterator end() const { return params_.end(); }
  size_t size() const { return params_.size(); }
  bool empty() const { return params_.empty(); }

 private:
  std::vector<Param> params_;
};

// Decodes application/x-www-form-urlencoded text, which is both a query string and an HTML form
// body: '+' is a space and percent escapes are decoded. A malformed escape is an error with code
// "bad_request" naming `field`.
ErrorOr<Params> parse_urlencoded(std::string_view text, std::string_view field);

class Request {
 public:
  // Builds a request from what arrived. The target must be an origin-form path with an
  // optional query ("/api/v1/cases?status=open"); anything else is a "bad_request" error on
  // field "target".
  static ErrorOr<Request> make(std::string method, std::string_view target, Headers headers,
                               std::string body, std::string remote_address, bool tls);

  // The method as sent, e.g. "GET"; methods are case-sensitive in HTTP.
  const std::string& method() const { return method_; }
  // The path still percent-encoded as received, without the query: "/api/v1/cases/c%201".
  const std::string& path() const { return path_; }
  const Params& query() const { return query_; }
  std::optional<std::string_view> query(std::string_view name) const { return query_.get(name); }
  const Headers& headers() const { return headers_; }
  std::optional<std::string_view> header(std::string_view name) const { return headers_.get(name); }
  // The value of a cookie in the Cookie header ("a=1; opennrm_session=..."), nullopt without one.
  std::optional<std::string_view> cookie(std::string_view name) const;
  const std::string& body() const { return body_; }
  // The peer's IP address, e.g. "127.0.0.1" (no port).
  const std::string& remote_address() const { return remote_address_; }
  // True when the request came over HTTPS.
  bool is_tls() const { return tls_; }

  // The route pattern that matched, e.g. "/api/v1/cases/{case_id}"; empty when no route did.
  // Middleware can use it to decide permissions or to audit without logging concrete ids.
  const std::string& route() const { return route_; }
  // Decoded path parameters of the matched route.
  const Params& path_params() const { return path_params_; }
  // The decoded value of a parameter of the matched route's pattern. Asking for a name the
  // pattern does not have is a programmer error and throws std::logic_error (a 500).
  std::string_view path_param(std::string_view name) const;
  // Called by the router once it has matched a route.
  void set_route(std::string pattern, Params path_params);

  // The body as an HTML form (application/x-www-form-urlencoded), field "body" on error.
  ErrorOr<Params> form() const;
  // The body as JSON: an "invalid_json" error on field "body" when it does not parse.
  ErrorOr<boost::json::value> json() const;

  // Values that middleware hands on to handlers (e.g. the signed-in account), one per type.
  template <typename T>
  void set_attribute(T value) {
    attributes_[std::type_index(typeid(T))] = std::move(value);
  }
  template <typename T>
  const T* attribute() const {
    auto found = attributes_.find(std::type_index(typeid(T)));
    return found == attributes_.end() ? nullptr : std::any_cast<T>(&found->second);
  }

 private:
  Request() = default;

  std::string method_;
  std::string path_;
  Params query_;
  Headers headers_;
  std::string body_;
  std::string remote_address_;
  bool tls_ = false;
  std::string route_;
  Params path_params_;
  std::unordered_map<std::type_index, std::any> attributes_;
};

}  // namespace opennrm::http

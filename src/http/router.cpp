#include "http/router.h"

#include <algorithm>
#include <exception>
#include <set>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <boost/core/demangle.hpp>
#include <boost/url/pct_string_view.hpp>

namespace opennrm::http {

namespace {

// Splits "/a/b" into {"a", "b"}; the root "/" has no segments and "/a/" ends in an empty one.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path == "/") return segments;
  path.remove_prefix(1);
  for (size_t slash; (slash = path.find('/')) != std::string_view::npos;) {
    segments.push_back(path.substr(0, slash));
    path.remove_prefix(slash + 1);
  }
  segments.push_back(path);
  return segments;
}

bool is_parameter_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Percent-decodes each segment of a path that Request::make has already validated; returns
// false for a segment that is not valid percent-encoding, which then matches no route.
bool decode_segments(std::string_view path, std::vector<std::string>& decoded) {
  for (std::string_view segment : split_path(path)) {
    auto pct = boost::urls::make_pct_string_view(segment);
    if (!pct) return false;
    decoded.push_back(pct->decode());
  }
  return true;
}

Response not_found(Request&) {
  return Response::error(404, "not_found", "No resource at this path.");
}

}  // namespace

void Router::add(std::string method, std::string_view pattern, Handler handler) {
  if (method.empty() || pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  Route route{std::move(method), std::string(pattern), {}, std::move(handler)};
  std::set<std::string_view> names;
  for (std::string_view text : split_path(pattern)) {
    bool braced = text.size() >= 2 && text.front() == '{' && text.back() == '}';
    std::string_view name = braced ? text.substr(1, text.size() - 2) : text;
    bool stray_brace = name.find_first_of("{}") != std::string_view::npos;
    if (stray_brace || (braced && (!is_parameter_name(name) || !names.insert(name).second))) {
      throw std::invalid_argument("ill-formed route pattern: " + route.pattern);
    }
    route.segments.push_back({std::string(name), braced});
  }
  for (const Route& other : routes_) {
    bool same_shape =
        other.method == route.method &&
        std::equal(other.segments.begin(), other.segments.end(), route.segments.begin(),
                   route.segments.end(), [](const Segment& a, const Segment& b) {
                     return a.is_parameter == b.is_parameter &&
                            (a.is_parameter || a.text == b.text);
                   });
    if (same_shape) {
      throw std::invalid_argument("two handlers for " + route.method + " " + route.pattern);
    }
  }
  routes_.push_back(std::move(route));
}

void Router::use(Middleware middleware) {
  middleware_.push_back(std::move(middleware));
}

Handler Router::endpoint_for(Request& request) const {
  std::vector<std::string> segments;
  if (!decode_segments(request.path(), segments)) return not_found;
  auto matches = [&](const Route& route) {
    return std::equal(route.segments.begin(), route.segments.end(), segments.begin(),
                      segments.end(), [](const Segment& pattern, const std::string& segment) {
                        return pattern.is_parameter ? !segment.empty() : pattern.text == segment;
                      });
  };
  // At the first segment where two matching patterns differ, the literal one is more specific.
  auto more_specific = [](const Route& a, const Route& b) {
    for (size_t i = 0; i < a.segments.size(); ++i) {
      if (a.segments[i].is_parameter != b.segments[i].is_parameter) {
        return !a.segments[i].is_parameter;
      }
    }
    return false;
  };
  const Route* best = nullptr;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    if (!matches(route)) continue;
    allowed.insert(route.method);
    // A GET route answers HEAD as well; the server sends its headers without the body.
    bool answers =
        route.method == request.method() || (route.method == "GET" && request.method() == "HEAD");
    if (answers && (!best || more_specific(route, *best))) best = &route;
  }
  if (best) {
    Params params;
    for (size_t i = 0; i < segments.size(); ++i) {
      if (best->segments[i].is_parameter) params.add(best->segments[i].text, segments[i]);
    }
    request.set_route(best->pattern, std::move(params));
    return best->handler;
  }
  if (allowed.empty()) return not_found;
  std::string allow;
  for (const std::string& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
  return [allow](Request& rejected) {
    Response response = Response::error(405, "method_not_allowed",
                                        "This resource does not accept " + rejected.method() + ".");
    response.headers.set("Allow", allow);
    return response;
  };
}

Response Router::run_chain(size_t index, Request& request, const Handler& endpoint) const {
  if (index == middleware_.size()) return endpoint(request);
  Next next = [&, index](Request& passed) { return run_chain(index + 1, passed, endpoint); };
  return middleware_[index](request, next);
}

Response Router::handle(Request& request) const {
  try {
    Handler endpoint = endpoint_for(request);
    return run_chain(0, request, endpoint);
  } catch (const std::exception& exception) {
    spdlog::error("{} {} failed with exception {}", request.method(),
                  request.route().empty() ? "(no route)" : request.route(),
                  boost::core::demangle(typeid(exception).name()));
  } catch (...) {
    spdlog::error("{} {} failed with a non-standard exception", request.method(),
                  request.route().empty() ? "(no route)" : request.route());
  }
  return Response::internal_error();
}

}  // namespace opennrm::http

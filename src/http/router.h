#pragma once

// Routes requests by method and path pattern to handlers, through a chain of middleware
// (authentication, CSRF checks, audit) that the application installs.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace opennrm::http {

using Handler = std::function<Response(Request&)>;
// What a middleware calls to pass the request on to the rest of the chain and the handler.
using Next = std::function<Response(Request&)>;
// A middleware either answers itself (e.g. 401) or returns next(request), possibly after
// changing the request or the response.
using Middleware = std::function<Response(Request&, const Next&)>;

class Router {
 public:
  // Registers a handler for a method and a pattern such as "/api/v1/cases/{case_id}/events":
  // a segment "{name}" matches any one non-empty segment and is handed to the handler decoded
  // as a path parameter; other segments must match exactly. An ill-formed pattern or a second
  // handler for the same method and pattern is a programmer error (std::invalid_argument).
  // Register everything before the server starts; the router is not changed while serving.
  void add(std::string method, std::string_view pattern, Handler handler);
  void get(std::string_view pattern, Handler handler) { add("GET", pattern, std::move(handler)); }
  void post(std::string_view pattern, Handler handler) { add("POST", pattern, std::move(handler)); }
  void put(std::string_view pattern, Handler handler) { add("PUT", pattern, std::move(handler)); }
  void patch(std::string_view pattern, Handler handler) {
    add("PATCH", pattern, std::move(handler));
  }
  void del(std::string_view pattern, Handler handler) {
    add("DELETE", pattern, std::move(handler));
  }

  // Appends a middleware; the first one added is the outermost. Middleware runs for every
  // request, also for those that end in 404 or 405, after the route is matched so that it can
  // read request.route().
  void use(Middleware middleware);

  // Answers one request. Among the routes matching the path and method the most specific wins
  // (a literal segment beats a parameter at the first place they differ). A path that some
  // route matches with another method gets 405 with an Allow header; an unknown path gets a
  // 404 JSON error. A handler or middleware that throws yields a 500 JSON error; only the
  // exception's type is logged, never its message, which may quote request data.
  Response handle(Request& request) const;

 private:
  struct Segment {
    std::string text;  // The literal, or the parameter's name.
    bool is_parameter = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  Response run_chain(size_t index, Request& request, const Handler& endpoint) const;
  Handler endpoint_for(Request& request) const;

  std::vector<Route> routes_;
  std::vector<Middleware> middleware_;
};

}  // namespace opennrm::http

#include "api/app.h"

#include <stdexcept>
#include <string>

#include "api/plan_service.h"
#include "http/security_headers.h"
#include "security/secret.h"
#include "web/routes.h"

namespace opennrm::api {

namespace {

using http::Request;
using http::Response;

constexpr std::string_view kApiPrefix = "/api/v1/";

bool is_state_change(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool is_api(const Request& request) {
  return request.path().starts_with(kApiPrefix) || request.path() == "/api/v1";
}

bool is_sign_in(const Request& request) {
  return request.method() == "POST" && request.route() == "/api/v1/sessions";
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct Credential {
  std::string_view token;
  bool via_cookie = false;
};

// An API client's bearer token wins over a browser's cookie.
std::optional<Credential> credential_of(const Request& request) {
  if (auto authorization = request.header("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization->size() > kBearer.size() &&
        http::equals_ignoring_case(authorization->substr(0, kBearer.size()), kBearer)) {
      return Credential{trim(authorization->substr(kBearer.size())), false};
    }
    return std::nullopt;
  }
  if (auto token = request.cookie(kSessionCookie)) return Credential{*token, true};
  return std::nullopt;
}

Response security_headers(Request& request, const http::Next& next) {
  Response response = next(request);
  http::apply_security_headers(response, request.is_tls());
  return response;
}

// A browser names the page that sent a request in Origin; a state change must come from a page
// of this server, whatever credential it carries.
bool same_origin(const Request& request) {
  auto origin = request.header("Origin");
  if (!origin) return true;
  auto host = request.header("Host");
  if (!host) return false;
  std::string expected =
      std::string(request.is_tls() ? "https://" : "http://") + std::string(*host);
  return http::equals_ignoring_case(*origin, expected);
}

std::optional<std::string> submitted_csrf_token(const Request& request) {
  if (auto header = request.header(kCsrfHeader)) return std::string(*header);
  auto type = request.header("Content-Type");
  if (type && type->starts_with("application/x-www-form-urlencoded")) {
    auto form = request.form();
    if (!form.is_error()) {
      if (auto field = form->get(kCsrfFormField)) return std::string(*field);
    }
  }
  return std::nullopt;
}

Response check_forgery(Request& request, const http::Next& next) {
  if (!is_state_change(request.method())) return next(request);
  if (!same_origin(request)) {
    return Response::error(403, "origin_mismatch", "The request comes from a page of another site.",
                           "Origin");
  }
  const auto* signed_in = request.attribute<Principal>();
  if (signed_in != nullptr && signed_in->via_cookie) {
    auto submitted = submitted_csrf_token(request);
    if (!submitted || !security::constant_time_equal(*submitted, signed_in->csrf_token)) {
      return Response::error(403, "csrf_failed", "The request lacks this session's CSRF token.",
                             kCsrfHeader);
    }
  }
  return next(request);
}

http::Middleware authentication(std::shared_ptr<Accounts> accounts) {
  return [accounts](Request& request, const http::Next& next) {
    if (auto credential = credential_of(request)) {
      auto found = accounts->authenticate(credential->token, credential->via_cookie);
      if (found.is_error()) return Response::internal_error();
      if (*found) {
        request.set_attribute<Principal>(std::move((*found)->principal));
        request.set_attribute<CurrentSession>(std::move((*found)->session));
      }
    }
    if (is_api(request) && !is_sign_in(request) && request.attribute<Principal>() == nullptr) {
      Response response =
          Response::error(401, "unauthenticated", "Sign in first: no valid session.");
      response.headers.set("WWW-Authenticate", "Bearer");
      return response;
    }
    return next(request);
  };
}

}  // namespace

http::Router make_router(AppContext& context, std::shared_ptr<Accounts> accounts) {
  http::Router router;
  router.use(security_headers);
  router.use(authentication(accounts));
  router.use(check_forgery);
  add_session_routes(router, context, *accounts);
  add_admin_routes(router, context, *accounts);
  add_case_routes(router, context);
  add_referral_routes(router, context);
  add_policy_routes(router, context);
  // One plan store serves the API and the pages.
  auto plans = open_plan_store(context);
  add_plan_routes(router, context, plans);
  add_stats_routes(router, context);
  web::add_web_routes(router, context, accounts, plans);
  return router;
}

http::Router make_router(AppContext& context) {
  auto accounts = Accounts::make(context, AuthSettings{});
  if (accounts.is_error()) throw std::runtime_error(accounts.error().message);
  return make_router(context, std::shared_ptr<Accounts>(accounts.release_value()));
}

const Principal& principal(const http::Request& request) {
  const auto* found = request.attribute<Principal>();
  if (found == nullptr) throw std::logic_error("principal() on a request without a session");
  return *found;
}

}  // namespace opennrm::api

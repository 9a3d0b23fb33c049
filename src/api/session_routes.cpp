// POST /api/v1/sessions (sign in), DELETE /api/v1/sessions/current (sign out), GET and PATCH
// /api/v1/me.

#include <fmt/format.h>
#include <boost/json/object.hpp>

#include "api/accounts.h"
#include "api/app.h"
#include "api/json_input.h"
#include "store/account_store.h"
#include "store/audit_log.h"

namespace opennrm::api {

namespace {

using http::Request;
using http::Response;

ErrorOr<Credentials> read_credentials(const Request& request) {
  auto body = TRY(json_object_body(request, {"username", "password", "totp"}));
  Credentials credentials;
  credentials.username = *TRY(string_field(body, "username", true));
  credentials.password = *TRY(string_field(body, "password", true, 1024));
  credentials.totp = TRY(string_field(body, "totp", false, 16));
  credentials.address = request.remote_address();
  return credentials;
}

Response refused_sign_in(const Error& error) {
  if (error.code == "rate_limited") {
    auto response = Response::error(429, error.code, error.message);
    response.headers.set("Retry-After", error.field);
    return response;
  }
  if (error.code == "account_locked") {
    auto response = Response::error(401, error.code, error.message);
    response.headers.set("Retry-After", error.field);
    return response;
  }
  if (error.code == "invalid_credentials" || error.code == "totp_required") {
    return Response::error(401, error);
  }
  return error_response(error);
}

Response sign_in(Accounts& accounts, Request& request) {
  auto credentials = read_credentials(request);
  if (credentials.is_error()) return error_response(credentials.error());
  auto session = accounts.sign_in(*credentials);
  if (session.is_error()) return refused_sign_in(session.error());
  auto response = Response::json(
      201, boost::json::object{{"token", session->token},
                               {"expires_at", store::utc_timestamp(session->expires_at)}});
  int64_t max_age = accounts.settings().session_absolute.count();
  response.set_cookie(kSessionCookie, session->token, true, max_age);
  response.set_cookie(kCsrfCookie, session->csrf_token, false, max_age);
  response.headers.set(kCsrfHeader, session->csrf_token);
  return response;
}

Response sign_out(Accounts& accounts, Request& request) {
  const auto* session = request.attribute<CurrentSession>();
  if (session == nullptr) return Response::internal_error();
  auto done = accounts.sign_out(principal(request), *session);
  if (done.is_error()) return error_response(done.error());
  Response response{204, {}, {}};
  response.set_cookie(kSessionCookie, "", true, 0);
  response.set_cookie(kCsrfCookie, "", false, 0);
  return response;
}

Response me(const Request& request) {
  const auto& who = principal(request);
  return Response::json(200, boost::json::object{{"username", who.username},
                                                 {"role", access::role_id(who.role)},
                                                 {"agency_id", who.agency_id}});
}

bool valid_locale(std::string_view locale) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (locale.size() != 2 && locale.size() != 5) return false;
  if (!lower(locale[0]) || !lower(locale[1])) return false;
  return locale.size() == 2 || (locale[2] == '-' && upper(locale[3]) && upper(locale[4]));
}

// A user may change their own locale, never their own role, agency or username: those are an
// administrator's decision about someone else (see admin_routes.cpp).
Response change_me(AppContext& context, Accounts& accounts, Request& request) {
  auto body = json_object_body(request, {"locale", "role", "agency_id", "username"});
  if (body.is_error()) return error_response(body.error());
  for (std::string_view field : {"role", "agency_id", "username"}) {
    if (body->contains(field)) {
      return Response::error(403, "self_escalation",
                             "Nobody can change their own role, agency or username.", field);
    }
  }
  auto locale = string_field(*body, "locale", true, 5);
  if (locale.is_error()) return error_response(locale.error());
  if (!valid_locale(**locale)) {
    return Response::error(400, "invalid_field", "locale must look like en or pt-BR", "locale");
  }
  const auto& who = principal(request);
  auto changed = context.store.transact([&](store::Connection& db) -> ErrorOr<void> {
    auto account = TRY(store::account_by_id(db, who.user_id));
    if (!account) return Error::make("not_found", "no such user");
    account->locale = **locale;
    TRY(store::update_account(db, *account));
    return store::append_audit(
        db, {who.username, "user.update", fmt::format("user:{}", who.user_id), "locale"},
        accounts.now_text());
  });
  if (changed.is_error()) return error_response(changed.error());
  return Response{204, {}, {}};
}

}  // namespace

void add_session_routes(http::Router& router, AppContext& context, Accounts& accounts) {
  router.post("/api/v1/sessions",
              [&accounts](Request& request) { return sign_in(accounts, request); });
  router.del("/api/v1/sessions/current",
             [&accounts](Request& request) { return sign_out(accounts, request); });
  router.get("/api/v1/me", [](Request& request) { return me(request); });
  router.patch("/api/v1/me", [&context, &accounts](Request& request) {
    return change_me(context, accounts, request);
  });
}

}  // namespace opennrm::api

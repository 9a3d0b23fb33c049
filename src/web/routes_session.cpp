// Signing in (password, then the one-time code for roles that need one), signing out, the
// home address and the language switch.

#include <fmt/format.h>

#include "api/app.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

using http::Request;
using http::Response;

constexpr int64_t kLocaleCookieSeconds = 365 * 24 * 3600;

// Where a signed-in user starts: their alerts, or the page their role is for.
std::string home_of(const api::AppContext& app, const api::Principal& who) {
  if (app.matrix.allows(who.role, "alerts.read")) return "/today";
  if (app.matrix.allows(who.role, "user.manage")) return "/admin";
  if (app.matrix.allows(who.role, "stats.controlled")) return "/statistics";
  return "/jurisdiction";
}

Response bad_form(const Request& request) {
  const Catalog& catalog = catalog_for(request);
  View view;
  view.set("heading", catalog.text("common.error_title"));
  view.set("text", catalog.text("error.bad_input", {{"field", "body"}}));
  return render_public(request, catalog, catalog.text("common.error_title"), "message", view, 400);
}

struct SignInForm {
  std::string username;
  std::string password;
  std::string totp;
};

Response sign_in_page(const Request& request, const SignInForm& form, bool totp_step,
                      std::string error, int status) {
  const Catalog& catalog = catalog_for(request);
  View view;
  view.set("username", form.username);
  view.set("totp_step", totp_step);
  // The second step posts the password again, as the sign-in service checks both together;
  // the page is never cached (Cache-Control: no-store).
  if (totp_step) view.set("password", form.password);
  if (!error.empty()) view.set("error", std::move(error));
  if (request.query("expired")) {
    View flash;
    flash.set("kind", std::string("warning"));
    flash.set("text", catalog.text("signin.expired"));
    view.set("flash", flash);
  } else if (request.query("signed_out")) {
    View flash;
    flash.set("kind", std::string("info"));
    flash.set("text", catalog.text("signin.signed_out"));
    view.set("flash", flash);
  }
  std::string title = catalog.text(totp_step ? "signin.totp_title" : "signin.title");
  return render_public(request, catalog, title, "signin", view, status);
}

Response refused_sign_in(const Request& request, const SignInForm& form, const Error& error) {
  const Catalog& catalog = catalog_for(request);
  if (error.code == "totp_required") return sign_in_page(request, form, true, "", 200);
  if (error.code == "invalid_credentials") {
    bool in_totp_step = !form.totp.empty();
    return sign_in_page(request, form, in_totp_step,
                        catalog.text(in_totp_step ? "signin.totp_failed" : "signin.failed"), 401);
  }
  if (error.code == "account_locked" || error.code == "rate_limited") {
    auto response = sign_in_page(request, form, false,
                                 catalog.text("signin.locked", {{"seconds", error.field}}), 429);
    response.headers.set("Retry-After", error.field);
    return response;
  }
  if (error.code == "busy") {
    return sign_in_page(request, form, false, catalog.text("signin.busy"), 503);
  }
  return sign_in_page(request, form, false, catalog.text("error.internal"), 500);
}

Response sign_in(const WebPtr& web, Request& request) {
  auto posted = request.form();
  if (posted.is_error()) return bad_form(request);
  SignInForm form{std::string(posted->get("username").value_or("")),
                  std::string(posted->get("password").value_or("")),
                  std::string(posted->get("totp").value_or(""))};
  api::Credentials credentials{form.username, form.password, std::nullopt,
                               request.remote_address()};
  if (!form.totp.empty()) credentials.totp = form.totp;
  auto session = web->accounts->sign_in(credentials);
  if (session.is_error()) return refused_sign_in(request, form, session.error());
  Response response = redirect("/");
  int64_t max_age = web->accounts->settings().session_absolute.count();
  response.set_cookie(api::kSessionCookie, session->token, true, max_age);
  response.set_cookie(api::kCsrfCookie, session->csrf_token, false, max_age);
  return response;
}

Response sign_out(const WebPtr& web, Request& request) {
  const auto* who = request.attribute<api::Principal>();
  const auto* session = request.attribute<api::CurrentSession>();
  if (who == nullptr || session == nullptr) return redirect("/signin");
  auto done = web->accounts->sign_out(*who, *session);
  if (done.is_error()) return Response::internal_error();
  Response response = redirect("/signin?signed_out=1");
  response.set_cookie(api::kSessionCookie, "", true, 0);
  response.set_cookie(api::kCsrfCookie, "", false, 0);
  return response;
}

// A path of this site to go back to; anything else (another site, "//host") goes home.
std::string local_path(std::string_view back) {
  if (back.starts_with("/") && !back.starts_with("//") && back.find('\\') == back.npos) {
    return std::string(back);
  }
  return "/";
}

ErrorOr<void> save_locale(api::AppContext& app, const api::Principal& who,
                          const std::string& locale) {
  return app.store.transact([&](store::Connection& db) -> ErrorOr<void> {
    auto account = TRY(store::account_by_id(db, who.user_id));
    if (!account) return Error::make("not_found", "no such user");
    account->locale = locale;
    TRY(store::update_account(db, *account));
    return store::append_audit(
        db, {who.username, "user.update", fmt::format("user:{}", who.user_id), "locale"},
        store::utc_timestamp(app.clock.now()));
  });
}

// The language switch: the browser keeps the choice, and a signed-in user's account too, so
// that it follows them to another device (the web form of PATCH /api/v1/me).
Response change_locale(const WebPtr& web, Request& request) {
  auto posted = request.form();
  if (posted.is_error()) return bad_form(request);
  std::string locale(posted->get("locale").value_or(""));
  if (!Catalogs::shipped().has(locale)) return bad_form(request);
  if (const auto* who = request.attribute<api::Principal>()) {
    if (save_locale(web->app, *who, locale).is_error()) return Response::internal_error();
  }
  Response response = redirect(local_path(posted->get("back").value_or("/")));
  response.set_cookie(kLocaleCookie, locale, true, kLocaleCookieSeconds);
  return response;
}

}  // namespace

void add_session_pages(http::Router& router, const WebPtr& web) {
  router.get("/", [web](Request& request) {
    const auto* who = request.attribute<api::Principal>();
    return redirect(who ? home_of(web->app, *who) : "/signin");
  });
  router.get("/signin", [web](Request& request) {
    if (const auto* who = request.attribute<api::Principal>()) {
      return redirect(home_of(web->app, *who));
    }
    return sign_in_page(request, {}, false, "", 200);
  });
  router.post("/signin", [web](Request& request) { return sign_in(web, request); });
  router.post("/signout", [web](Request& request) { return sign_out(web, request); });
  router.post("/locale", [web](Request& request) { return change_locale(web, request); });
}

}  // namespace opennrm::web

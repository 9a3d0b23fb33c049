#pragma once

// What every page handler shares: the request's catalog and principal, the layout around a
// page (navigation, language switcher, sign-out, flash message), redirects after a post, and
// the error pages. A page is rendered whole for a plain request and without the layout for an
// htmx request that asks for a fragment, so that htmx stays an enhancement.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/accounts.h"
#include "api/context.h"
#include "core/date.h"
#include "core/error.h"
#include "http/request.h"
#include "http/response.h"
#include "rules/vocabulary.h"
#include "store/plan_store.h"
#include "web/i18n.h"
#include "web/view.h"

namespace opennrm::web {

// The browser's chosen language when no one is signed in (a signed-in user's is their account's).
inline constexpr std::string_view kLocaleCookie = "opennrm_locale";

struct WebContext {
  api::AppContext& app;
  std::shared_ptr<api::Accounts> accounts;
  std::shared_ptr<store::PlanStore> plans;
};

// The catalog of the request: the signed-in user's locale, else the locale cookie, else the
// best match for Accept-Language.
const Catalog& catalog_for(const http::Request& request);

// 303 See Other to a path of this site (redirect after post).
http::Response redirect(std::string location);

// A page being answered for a signed-in principal.
struct Page {
  WebContext& web;
  http::Request& request;
  const api::Principal& who;
  const Catalog& catalog;

  // The day pages are about: today in the server's local time.
  Date today() const;
  bool allows(std::string_view permission) const;
  // The page in the layout (or alone for an htmx fragment request), titled `title`.
  http::Response render(std::string_view title, std::string_view template_name, View view,
                        int status = 200) const;
  // A page with one heading and one sentence (errors, bad input).
  http::Response message(int status, std::string_view heading, std::string_view text) const;
  // The error page of a failure of a service: 404, 403, 400 with the message's field, or 500.
  http::Response failure(const Error& error) const;
  // A flash message on the next page ("success", "info" or "warning").
  void flash(View& view, std::string_view kind, std::string text) const;
};

using PageHandler = std::function<http::Response(Page&)>;

// A route for signed-in users whose role has `permission` (empty: any role). Without a session
// it redirects to the sign-in page, saying the session ended when a session cookie came with
// the request; a role without the permission gets a 403 page.
http::Handler signed_in(std::shared_ptr<WebContext> web, std::string permission,
                        PageHandler handler);

// Renders a page in the layout for a visitor who is not signed in (sign-in, errors).
http::Response render_public(const http::Request& request, const Catalog& catalog,
                             std::string_view title, std::string_view template_name, View view,
                             int status = 200);

// The label of a vocabulary word ("vocab.<vocabulary>.<word>"), or the word itself when the
// catalog has none (a value from an older version of the rulebook).
std::string vocabulary_label(const Catalog& catalog, std::string_view vocabulary,
                             std::string_view word);
// The options of a <select>: every word of a vocabulary, `chosen` selected.
View options_view(const Catalog& catalog, std::string_view vocabulary, rules::Vocabulary words,
                  std::string_view chosen);
// "2026-11-29" or "2026-11-29T10:00:00Z" as the catalog's long date; other text unchanged.
std::string date_text(const Catalog& catalog, std::string_view iso);

}  // namespace opennrm::web

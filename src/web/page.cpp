#include "web/page.h"

#include <array>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/app.h"
#include "api/case_json.h"
#include "web/assets.h"
#include "web/static_files.h"

namespace opennrm::web {

namespace {

struct NavItem {
  std::string_view href;
  std::string_view label_key;
  std::string_view permission;
};

// The main navigation; each entry shows only to roles whose permission it needs.
constexpr std::array<NavItem, 9> kNavigation = {{
    {"/today", "nav.today", "alerts.read"},
    {"/cases", "nav.cases", "case.read"},
    {"/cases/new", "nav.new_case", "case.open"},
    {"/referrals", "nav.referrals", "referral.respond"},
    {"/overview", "nav.overview", "stats.raw"},
    {"/plans", "nav.plans", "plan.read"},
    {"/statistics", "nav.statistics", "stats.controlled"},
    {"/jurisdiction", "nav.jurisdiction", "policy.read"},
    {"/admin", "nav.admin", "user.manage"},
}};

// The navigation entry a path belongs to: the longest href that is the path or a parent of it.
std::string_view current_section(std::string_view path) {
  std::string_view best;
  for (const NavItem& item : kNavigation) {
    bool under =
        path == item.href || (path.starts_with(item.href) && path.size() > item.href.size() &&
                              path[item.href.size()] == '/');
    if (under && item.href.size() > best.size()) best = item.href;
  }
  return best;
}

View navigation(const api::AppContext& app, const api::Principal& who, const Catalog& catalog,
                std::string_view path) {
  View items = view_list();
  std::string_view current = current_section(path);
  for (const NavItem& item : kNavigation) {
    if (!app.matrix.allows(who.role, item.permission)) continue;
    View entry;
    entry.set("href", std::string(item.href));
    entry.set("label", catalog.text(item.label_key));
    entry.set("current", item.href == current);
    items.push_back(entry);
  }
  return items;
}

View languages(const Catalog& catalog) {
  View items = view_list();
  for (const std::string& code : Catalogs::shipped().offered()) {
    View language;
    language.set("code", code);
    language.set("name", Catalogs::shipped().get(code).text("meta.language_name"));
    language.set("selected", code == catalog.locale());
    items.push_back(language);
  }
  return items;
}

// The layout's values common to every page.
View layout_view(const http::Request& request, const Catalog& catalog, std::string_view title,
                 std::string content) {
  View layout;
  layout.set("title", std::string(title));
  layout.set("content", std::move(content));
  layout.set("languages", languages(catalog));
  layout.set("current_path", request.path());
  layout.set("css_href", static_href("app.css"));
  if (find_asset("static/htmx.min.js")) {
    layout.set("has_htmx", true);
    layout.set("htmx_href", static_href("htmx.min.js"));
  }
  return layout;
}

// An HTML page. Its Referrer-Policy is same-origin rather than the server's default no-referrer:
// under no-referrer a browser sends "Origin: null" with the page's form posts, which the
// forgery check must refuse; same-origin still tells other sites nothing.
http::Response html_page(int status, std::string body) {
  http::Response response = http::Response::html(status, std::move(body));
  response.headers.set("Referrer-Policy", "same-origin");
  return response;
}

}  // namespace

const Catalog& catalog_for(const http::Request& request) {
  const Catalogs& catalogs = Catalogs::shipped();
  if (const auto* who = request.attribute<api::Principal>()) {
    if (catalogs.has(who->locale)) return catalogs.get(who->locale);
  }
  if (auto chosen = request.cookie(kLocaleCookie); chosen && catalogs.has(*chosen)) {
    return catalogs.get(*chosen);
  }
  return catalogs.get(catalogs.negotiate(request.header("Accept-Language").value_or("")));
}

http::Response redirect(std::string location) {
  http::Response response;
  response.status = 303;
  response.headers.set("Location", location);
  return response;
}

Date Page::today() const {
  auto date = api::as_of_parameter(request, web.app.clock);
  return date.is_error() ? Date::today_local() : *date;
}

bool Page::allows(std::string_view permission) const {
  return web.app.matrix.allows(who.role, permission);
}

http::Response Page::render(std::string_view title, std::string_view template_name, View view,
                            int status) const {
  view.set("csrf_token", who.csrf_token);
  View layout = layout_view(request, catalog, title, render_template(template_name, view, catalog));
  layout.set("csrf_token", who.csrf_token);
  layout.set("nav", navigation(web.app, who, catalog, request.path()));
  View user;
  user.set("name", who.username);
  layout.set("user", user);
  layout.set("signed_in_as",
             catalog.text("layout.signed_in_as",
                          {{"user", who.username},
                           {"agency", vocabulary_label(catalog, "agency_type", who.agency_type)}}));
  if (const auto* flash = view.get("flash")) layout.set("flash", *flash);
  return html_page(status, render_template("layout", layout, catalog));
}

http::Response Page::message(int status, std::string_view heading, std::string_view text) const {
  View view;
  view.set("heading", std::string(heading));
  view.set("text", std::string(text));
  return render(heading, "message", view, status);
}

http::Response Page::failure(const Error& error) const {
  int status = api::error_status(error);
  switch (status) {
    case 404:
      return message(
          404, catalog.text("common.error_title"),
          catalog.text(error.code == "case_not_found" ? "case.not_found" : "error.not_found"));
    case 403:
      return message(403, catalog.text("common.error_title"), catalog.text("error.forbidden"));
    case 400:
    case 409:
    case 422:
      return message(400, catalog.text("common.error_title"),
                     catalog.text("error.bad_input",
                                  {{"field", error.field.empty() ? error.code : error.field}}));
    default:
      spdlog::error("{} {} failed: {}", request.method(), request.route(), error.code);
      return message(500, catalog.text("common.error_title"), catalog.text("error.internal"));
  }
}

void Page::flash(View& view, std::string_view kind, std::string text) const {
  View flash;
  flash.set("kind", std::string(kind));
  flash.set("text", std::move(text));
  view.set("flash", flash);
}

http::Handler signed_in(std::shared_ptr<WebContext> web, std::string permission,
                        PageHandler handler) {
  return [web = std::move(web), permission = std::move(permission),
          handler = std::move(handler)](http::Request& request) {
    const auto* who = request.attribute<api::Principal>();
    if (who == nullptr) {
      bool had_session = request.cookie(api::kSessionCookie).has_value();
      return redirect(had_session ? "/signin?expired=1" : "/signin");
    }
    Page page{*web, request, *who, catalog_for(request)};
    if (!permission.empty() && !page.allows(permission)) {
      return page.message(403, page.catalog.text("common.error_title"),
                          page.catalog.text("error.forbidden"));
    }
    return handler(page);
  };
}

http::Response render_public(const http::Request& request, const Catalog& catalog,
                             std::string_view title, std::string_view template_name, View view,
                             int status) {
  View layout = layout_view(request, catalog, title, render_template(template_name, view, catalog));
  if (const auto* flash = view.get("flash")) layout.set("flash", *flash);
  return html_page(status, render_template("layout", layout, catalog));
}

std::string vocabulary_label(const Catalog& catalog, std::string_view vocabulary,
                             std::string_view word) {
  std::string key = fmt::format("vocab.{}.{}", vocabulary, word);
  return catalog.has(key) ? catalog.text(key) : std::string(word);
}

View options_view(const Catalog& catalog, std::string_view vocabulary, rules::Vocabulary words,
                  std::string_view chosen) {
  View options = view_list();
  for (std::string_view word : words) {
    View option;
    option.set("value", std::string(word));
    option.set("label", vocabulary_label(catalog, vocabulary, word));
    option.set("selected", word == chosen);
    options.push_back(option);
  }
  return options;
}

std::string date_text(const Catalog& catalog, std::string_view iso) {
  auto date = Date::parse(iso.substr(0, 10));
  return date.is_error() ? std::string(iso) : catalog.date(*date);
}

}  // namespace opennrm::web

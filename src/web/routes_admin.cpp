// Administration for admins: agencies, user accounts and their roles, and resetting a second
// factor. A new password or second-factor secret is shown once, on the answer to the form that
// made it, and never put in an address or a log.

#include <fmt/format.h>

#include "access/role.h"
#include "api/case_json.h"
#include "core/number.h"
#include "rules/vocabulary.h"
#include "security/encoding.h"
#include "store/account_store.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

struct Directory {
  std::vector<store::Agency> agencies;
  std::vector<store::Account> accounts;
};

ErrorOr<Directory> read_directory(store::Connection& db) {
  return Directory{TRY(store::list_agencies(db)), TRY(store::list_accounts(db))};
}

View agencies_view(const Catalog& catalog, const Directory& directory) {
  View items = view_list();
  for (const auto& agency : directory.agencies) {
    View item;
    item.set("id", std::to_string(agency.id));
    item.set("name", agency.name);
    item.set("type", vocabulary_label(catalog, "agency_type", agency.type));
    items.push_back(item);
  }
  return items;
}

View users_view(const Catalog& catalog, const Directory& directory) {
  std::map<int64_t, std::string> names;
  for (const auto& agency : directory.agencies) names[agency.id] = agency.name;
  View items = view_list();
  for (const auto& account : directory.accounts) {
    View item;
    item.set("id", std::to_string(account.id));
    item.set("username", account.username);
    item.set("role", vocabulary_label(catalog, "role", account.role));
    item.set("agency", names[account.agency_id]);
    item.set("disabled", account.disabled);
    item.set("has_totp", account.totp_secret.has_value());
    items.push_back(item);
  }
  return items;
}

View roles_view(const Catalog& catalog) {
  View items = view_list();
  for (std::string_view role : access::kRoleIds) {
    View item;
    item.set("value", std::string(role));
    item.set("label", vocabulary_label(catalog, "role", role));
    items.push_back(item);
  }
  return items;
}

// The administration page, with `view` carrying a notice or an error when a form was posted.
http::Response admin_page(Page& page, View view, int status = 200) {
  auto directory = api::read_store<Directory>(page.web.app.store, read_directory);
  if (directory.is_error()) return page.failure(directory.error());
  view.set("agencies", agencies_view(page.catalog, *directory));
  view.set("users", users_view(page.catalog, *directory));
  view.set("roles", roles_view(page.catalog));
  view.set("agency_types", options_view(page.catalog, "agency_type", rules::kAgencyTypes, ""));
  auto added = parse_id(page.request.query("added").value_or(""));
  for (const auto& agency : directory->agencies) {
    if (added && agency.id == *added) {
      page.flash(view, "success",
                 page.catalog.text("admin.agency_added", {{"agency", agency.name}}));
    }
  }
  return page.render(page.catalog.text("admin.title"), "admin", view, status);
}

http::Response refused(Page& page, const Error& error) {
  if (api::error_status(error) == 500) return page.failure(error);
  View view;
  view.set("error", page.catalog.text("error.bad_input",
                                      {{"field", error.field.empty() ? error.code : error.field}}));
  return admin_page(page, view, 400);
}

http::Response show(Page& page) {
  return admin_page(page, View());
}

http::Response add_agency(Page& page) {
  auto posted = page.request.form();
  if (posted.is_error()) return refused(page, posted.error());
  auto id = page.web.accounts->create_agency(posted->get("name").value_or(""),
                                             posted->get("type").value_or(""), page.who.username);
  if (id.is_error()) return refused(page, id.error());
  return redirect(fmt::format("/admin?added={}", *id));
}

View secret_notice(const Catalog& catalog, const std::string& username,
                   const std::optional<std::string>& password,
                   const std::optional<security::Bytes>& secret) {
  View view;
  std::string text = catalog.text("admin.created_user", {{"user", username}});
  if (secret) {
    text +=
        " " + catalog.text("admin.totp_once",
                           {{"secret", api::second_factor_for(username, *secret).secret_base32}});
  }
  view.set("secret_notice", text);
  if (password)
    view.set("password_notice", catalog.text("admin.password_once", {{"password", *password}}));
  return view;
}

http::Response add_user(Page& page) {
  auto posted = page.request.form();
  if (posted.is_error()) return refused(page, posted.error());
  auto agency = parse_id(posted->get("agency_id").value_or(""));
  if (!agency) return refused(page, Error::make("invalid_field", "no agency", "agency_id"));
  std::string password(posted->get("password").value_or(""));
  bool generated = password.empty();
  if (generated) password = api::generate_password();
  api::NewUser user{std::string(posted->get("username").value_or("")), *agency,
                    std::string(posted->get("role").value_or("")), password};
  auto created = page.web.accounts->create_user(user, page.who.username);
  if (created.is_error()) return refused(page, created.error());
  return admin_page(page, secret_notice(page.catalog, user.username,
                                        generated ? std::optional(password) : std::nullopt,
                                        created->totp_secret));
}

http::Response reset_totp(Page& page) {
  auto user_id = parse_id(page.request.path_param("user_id"));
  if (!user_id) return page.failure(Error::make("not_found", "no such user", "user_id"));
  auto account = api::read_store<std::optional<store::Account>>(
      page.web.app.store,
      [&](store::Connection& db) { return store::account_by_id(db, *user_id); });
  if (account.is_error()) return page.failure(account.error());
  if (!*account) return page.failure(Error::make("not_found", "no such user", "user_id"));
  auto secret = page.web.accounts->reset_second_factor(*user_id, page.who.username);
  if (secret.is_error()) return refused(page, secret.error());
  std::string username = (*account)->username;
  View view;
  view.set(
      "secret_notice",
      page.catalog.text("admin.totp_reset", {{"user", username}}) + " " +
          page.catalog.text("admin.totp_once",
                            {{"secret", api::second_factor_for(username, *secret).secret_base32}}));
  return admin_page(page, view);
}

}  // namespace

void add_admin_pages(http::Router& router, const WebPtr& web) {
  router.get("/admin", signed_in(web, "user.manage", show));
  router.post("/admin/agencies", signed_in(web, "agency.manage", add_agency));
  router.post("/admin/users", signed_in(web, "user.manage", add_user));
  router.post("/admin/users/{user_id}/reset-totp", signed_in(web, "user.manage", reset_totp));
}

}  // namespace opennrm::web

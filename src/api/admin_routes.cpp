// Agencies and user accounts: /api/v1/agencies and /api/v1/users. Managing them is the admin's
// job (permissions agency.manage and user.manage); an admin cannot change their own role or
// agency, nor disable themselves, so nobody widens their own access.

#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>
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
using store::Connection;

std::optional<Response> refuse_unless(AppContext& context, const Request& request,
                                      std::string_view permission) {
  if (context.matrix.allows(principal(request).role, permission)) return std::nullopt;
  return Response::error(403, "forbidden", "Your role may not do this.");
}

boost::json::object agency_json(const store::Agency& agency) {
  return {{"id", agency.id}, {"name", agency.name}, {"type", agency.type}};
}

boost::json::object user_json(const store::Account& account) {
  return {{"id", account.id},
          {"username", account.username},
          {"role", account.role},
          {"agency_id", account.agency_id},
          {"disabled", account.disabled},
          {"second_factor", account.totp_secret.has_value()}};
}

void add_second_factor(boost::json::object& json, std::string_view username,
                       const security::Bytes& secret) {
  auto factor = second_factor_for(username, secret);
  json["totp_secret"] = factor.secret_base32;
  json["otpauth_uri"] = factor.otpauth_uri;
}

ErrorOr<int64_t> path_id(const Request& request, std::string_view name) {
  std::string_view text = request.path_param(name);
  int64_t id = 0;
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Error::make("not_found", "no such record", std::string(name));
  }
  for (char c : text) id = id * 10 + (c - '0');
  return id;
}

Response list_agencies(AppContext& context, const Request& request) {
  if (auto refused = refuse_unless(context, request, "agency.read")) return *refused;
  std::vector<store::Agency> agencies;
  auto read = context.store.read([&](Connection& db) -> ErrorOr<void> {
    agencies = TRY(store::list_agencies(db));
    return {};
  });
  if (read.is_error()) return error_response(read.error());
  boost::json::array list;
  for (const auto& agency : agencies) list.push_back(agency_json(agency));
  return Response::json(200, boost::json::object{{"agencies", std::move(list)}});
}

Response create_agency(AppContext& context, Accounts& accounts, Request& request) {
  if (auto refused = refuse_unless(context, request, "agency.manage")) return *refused;
  auto run = [&]() -> ErrorOr<store::Agency> {
    auto body = TRY(json_object_body(request, {"name", "type"}));
    store::Agency agency;
    agency.name = *TRY(string_field(body, "name", true, 200));
    agency.type = *TRY(string_field(body, "type", true, 64));
    agency.id = TRY(accounts.create_agency(agency.name, agency.type, principal(request).username));
    return agency;
  };
  auto created = run();
  if (created.is_error()) return error_response(created.error());
  return Response::json(201, agency_json(*created));
}

Response list_users(AppContext& context, const Request& request) {
  if (auto refused = refuse_unless(context, request, "user.manage")) return *refused;
  std::vector<store::Account> accounts;
  auto read = context.store.read([&](Connection& db) -> ErrorOr<void> {
    accounts = TRY(store::list_accounts(db));
    return {};
  });
  if (read.is_error()) return error_response(read.error());
  boost::json::array list;
  for (const auto& account : accounts) list.push_back(user_json(account));
  return Response::json(200, boost::json::object{{"users", std::move(list)}});
}

Response create_user(AppContext& context, Accounts& accounts, Request& request) {
  if (auto refused = refuse_unless(context, request, "user.manage")) return *refused;
  auto run = [&]() -> ErrorOr<boost::json::object> {
    auto body = TRY(json_object_body(request, {"username", "agency_id", "role", "password"}));
    NewUser user;
    user.username = *TRY(string_field(body, "username", true, 64));
    user.agency_id = *TRY(integer_field(body, "agency_id", true));
    user.role = *TRY(string_field(body, "role", true, 64));
    auto password = TRY(string_field(body, "password", false, 1024));
    user.password = password ? *password : generate_password();
    auto created = TRY(accounts.create_user(user, principal(request).username));
    boost::json::object json{{"id", created.id},
                             {"username", user.username},
                             {"role", user.role},
                             {"agency_id", user.agency_id}};
    if (!password) json["password"] = user.password;
    if (created.totp_secret) add_second_factor(json, user.username, *created.totp_secret);
    return json;
  };
  auto created = run();
  if (created.is_error()) return error_response(created.error());
  return Response::json(201, *created);
}

struct AccountChange {
  std::optional<std::string> role;
  std::optional<int64_t> agency_id;
  std::optional<bool> disabled;
};

ErrorOr<AccountChange> read_change(const Request& request) {
  auto body = TRY(json_object_body(request, {"role", "agency_id", "disabled"}));
  AccountChange change{TRY(string_field(body, "role", false, 64)),
                       TRY(integer_field(body, "agency_id", false)),
                       TRY(bool_field(body, "disabled"))};
  if (!change.role && !change.agency_id && !change.disabled) {
    return Error::make("invalid_body", "give role, agency_id or disabled to change", "body");
  }
  if (change.role && !access::parse_role(*change.role)) {
    return Error::make("invalid_field", "role is not a known role id", "role");
  }
  return change;
}

// Applies the change in one transaction; any change of role, agency or state ends the
// account's sessions, so the old rights stop at once.
ErrorOr<store::Account> apply_change(AppContext& context, Accounts& accounts,
                                     const Principal& admin, int64_t user_id,
                                     const AccountChange& change) {
  store::Account changed;
  auto update = [&](Connection& db) -> ErrorOr<void> {
    auto account = TRY(store::account_by_id(db, user_id));
    if (!account) return Error::make("not_found", "no such user", "user_id");
    if (change.agency_id && !TRY(store::agency_of(db, *change.agency_id))) {
      return Error::make("invalid_field", "agency_id names no agency", "agency_id");
    }
    if (change.role) account->role = *change.role;
    if (change.agency_id) account->agency_id = *change.agency_id;
    if (change.disabled) account->disabled = *change.disabled;
    TRY(store::update_account(db, *account));
    TRY(store::revoke_sessions_of(db, user_id));
    std::string detail = fmt::format("role={};agency={};disabled={}", account->role,
                                     account->agency_id, account->disabled ? 1 : 0);
    TRY(store::append_audit(
        db, {admin.username, "user.update", fmt::format("user:{}", user_id), detail},
        accounts.now_text()));
    changed = std::move(*account);
    return {};
  };
  TRY(context.store.transact(update));
  return changed;
}

Response change_user(AppContext& context, Accounts& accounts, Request& request) {
  if (auto refused = refuse_unless(context, request, "user.manage")) return *refused;
  auto run = [&]() -> ErrorOr<boost::json::object> {
    int64_t user_id = TRY(path_id(request, "user_id"));
    auto change = TRY(read_change(request));
    const auto& admin = principal(request);
    if (user_id == admin.user_id) {
      return Error::make("self_escalation",
                         "An administrator cannot change their own role, agency or state.");
    }
    auto account = TRY(apply_change(context, accounts, admin, user_id, change));
    auto json = user_json(account);
    auto role = access::parse_role(account.role);
    if (role && access::requires_second_factor(*role) && !account.totp_secret) {
      auto secret = TRY(accounts.reset_second_factor(user_id, admin.username));
      json["second_factor"] = true;
      add_second_factor(json, account.username, secret);
    }
    return json;
  };
  auto changed = run();
  if (changed.is_error()) return error_response(changed.error());
  return Response::json(200, *changed);
}

Response reset_second_factor(AppContext& context, Accounts& accounts, Request& request) {
  if (auto refused = refuse_unless(context, request, "user.manage")) return *refused;
  auto run = [&]() -> ErrorOr<boost::json::object> {
    int64_t user_id = TRY(path_id(request, "user_id"));
    std::optional<store::Account> account;
    auto lookup = [&](Connection& db) -> ErrorOr<void> {
      account = TRY(store::account_by_id(db, user_id));
      return {};
    };
    TRY(context.store.read(lookup));
    if (!account) return Error::make("not_found", "no such user", "user_id");
    auto secret = TRY(accounts.reset_second_factor(user_id, principal(request).username));
    boost::json::object json{{"id", user_id}};
    add_second_factor(json, account->username, secret);
    return json;
  };
  auto reset = run();
  if (reset.is_error()) return error_response(reset.error());
  return Response::json(200, *reset);
}

}  // namespace

void add_admin_routes(http::Router& router, AppContext& context, Accounts& accounts) {
  router.get("/api/v1/agencies",
             [&context](Request& request) { return list_agencies(context, request); });
  router.post("/api/v1/agencies", [&context, &accounts](Request& request) {
    return create_agency(context, accounts, request);
  });
  router.get("/api/v1/users",
             [&context](Request& request) { return list_users(context, request); });
  router.post("/api/v1/users", [&context, &accounts](Request& request) {
    return create_user(context, accounts, request);
  });
  router.patch("/api/v1/users/{user_id}", [&context, &accounts](Request& request) {
    return change_user(context, accounts, request);
  });
  router.post("/api/v1/users/{user_id}/second-factor", [&context, &accounts](Request& request) {
    return reset_second_factor(context, accounts, request);
  });
}

}  // namespace opennrm::api

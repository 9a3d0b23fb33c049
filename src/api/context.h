#pragma once

// What every API and web handler works with: the signed-in principal (set on the request by the
// authentication middleware) and the application's shared services.

#include <cstdint>
#include <memory>
#include <string>

#include "access/permission_matrix.h"
#include "access/role.h"
#include "access/scope.h"
#include "core/clock.h"
#include "http/router.h"
#include "security/field_cipher.h"
#include "store/case_store.h"

namespace opennrm::store {
class PlanStore;  // store/plan_store.h
}

namespace opennrm::api {

// The user behind a request, attached with Request::set_attribute<Principal>() by the
// authentication middleware. Handlers never trust anything else about who is asking.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  access::Role role = access::Role::frontline_officer;
  int64_t agency_id = 0;
  std::string agency_type;
  std::string locale = "en";
  std::string csrf_token;   // The session's CSRF token (cookie sessions).
  bool via_cookie = false;  // Browser session (CSRF applies) or Bearer token (API client).

  access::Viewer viewer() const { return {role, agency_id, agency_type}; }
};

struct AppContext {
  store::CaseStore& store;
  const access::PermissionMatrix& matrix;
  const security::FieldCipher& cipher;
  const Clock& clock;
};

class Accounts;  // Sign-in, sessions and account creation (api/accounts.h).

// Route groups; each is registered on the router by make_router (api/app.h).
void add_session_routes(http::Router& router, AppContext& context, Accounts& accounts);  // me
void add_admin_routes(http::Router& router, AppContext& context, Accounts& accounts);    // users
void add_case_routes(http::Router& router, AppContext& context);      // cases, events, alerts
void add_referral_routes(http::Router& router, AppContext& context);  // referral inbox
void add_policy_routes(http::Router& router, AppContext& context);    // policy, compliance
// Action plans, kept in the server's plan store (open_plan_store, api/plan_service.h).
void add_plan_routes(http::Router& router, AppContext& context,
                     std::shared_ptr<store::PlanStore> plans);
void add_stats_routes(http::Router& router, AppContext& context);  // rapporteur statistics

}  // namespace opennrm::api

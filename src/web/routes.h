#pragma once

// The web application: server-rendered pages over the same services as the JSON API
// (api/case_service.h, api/accounts.h), with plain forms that work without JavaScript and
// htmx as an enhancement. Pages: sign-in (with the second factor) and sign-out, Today, Cases,
// New identification, the case page, referrals, the coordinator's overview, the national action
// plans, the jurisdiction, and administration; plus /static/ files and the language switch.

#include <memory>

#include "api/accounts.h"
#include "api/context.h"
#include "http/router.h"
#include "store/plan_store.h"

namespace opennrm::web {

// Registers every page route; the accounts service and the plan store (the API's own) are kept
// alive by the routes.
void add_web_routes(http::Router& router, api::AppContext& context,
                    std::shared_ptr<api::Accounts> accounts,
                    std::shared_ptr<store::PlanStore> plans);

}  // namespace opennrm::web

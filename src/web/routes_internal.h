#pragma once

// The page groups add_web_routes registers, one file each.

#include <memory>

#include "http/router.h"
#include "web/page.h"

namespace opennrm::web {

using WebPtr = std::shared_ptr<WebContext>;

void add_session_pages(http::Router& router, const WebPtr& web);      // routes_session.cpp
void add_today_page(http::Router& router, const WebPtr& web);         // routes_today.cpp
void add_cases_pages(http::Router& router, const WebPtr& web);        // routes_cases.cpp
void add_case_page(http::Router& router, const WebPtr& web);          // routes_case.cpp
void add_referral_pages(http::Router& router, const WebPtr& web);     // routes_referrals.cpp
void add_overview_page(http::Router& router, const WebPtr& web);      // routes_overview.cpp
void add_plan_pages(http::Router& router, const WebPtr& web);         // routes_plans.cpp
void add_statistics_page(http::Router& router, const WebPtr& web);    // routes_statistics.cpp
void add_jurisdiction_page(http::Router& router, const WebPtr& web);  // routes_jurisdiction.cpp
void add_admin_pages(http::Router& router, const WebPtr& web);        // routes_admin.cpp

}  // namespace opennrm::web

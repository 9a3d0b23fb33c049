#include "web/routes.h"

#include "web/routes_internal.h"
#include "web/static_files.h"

namespace opennrm::web {

namespace {

// A browser that asks for a page that does not exist gets a page saying so, in its language,
// rather than the API's JSON error.
http::Response page_not_found(http::Request& request, const http::Next& next) {
  bool api = request.path().starts_with("/api/");
  if (api || !request.route().empty() || request.method() != "GET") return next(request);
  const Catalog& catalog = catalog_for(request);
  View view;
  view.set("heading", catalog.text("common.error_title"));
  view.set("text", catalog.text("error.not_found"));
  return render_public(request, catalog, catalog.text("common.error_title"), "message", view, 404);
}

}  // namespace

void add_web_routes(http::Router& router, api::AppContext& context,
                    std::shared_ptr<api::Accounts> accounts,
                    std::shared_ptr<store::PlanStore> plans) {
  auto web =
      std::make_shared<WebContext>(WebContext{context, std::move(accounts), std::move(plans)});
  router.use(page_not_found);
  add_static_routes(router);
  add_session_pages(router, web);
  add_today_page(router, web);
  add_cases_pages(router, web);
  add_case_page(router, web);
  add_referral_pages(router, web);
  add_overview_page(router, web);
  add_plan_pages(router, web);
  add_statistics_page(router, web);
  add_jurisdiction_page(router, web);
  add_admin_pages(router, web);
}

}  // namespace opennrm::web

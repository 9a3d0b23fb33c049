// Today: my alerts, soonest due first, each linking to its case and saying what to do and which
// rule requires it; and the referrals waiting for my agency.

#include "api/case_json.h"
#include "api/case_service.h"
#include "store/referral_store.h"
#include "web/case_views.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

// The pending referrals to the principal's agency, for Today and the referrals page.
ErrorOr<View> waiting_referrals(const Page& page) {
  auto referrals = TRY(
      api::read_store<std::vector<store::Referral>>(page.web.app.store, [&](store::Connection& db) {
        return store::referral_inbox(db, page.who.agency_id, "pending");
      }));
  View items = view_list();
  for (const auto& referral : referrals) {
    View item;
    item.set("id", std::to_string(referral.id));
    item.set("case_number", referral.case_number);
    item.set("service", vocabulary_label(page.catalog, "service", referral.service));
    item.set("received", date_text(page.catalog, referral.created_at));
    items.push_back(item);
  }
  return items;
}

http::Response today(Page& page) {
  Date today = page.today();
  auto alerts = api::alerts_in_scope(page.web.app, page.who, today);
  if (alerts.is_error()) return page.failure(alerts.error());
  View view;
  View items = view_list();
  for (const auto& item : *alerts) {
    items.push_back(alert_view(page.catalog, item.alert, today, item.case_id, item.case_number));
  }
  view.set("alerts", items);
  view.set("has_alerts", !alerts->empty());
  if (page.allows("referral.respond")) {
    auto referrals = waiting_referrals(page);
    if (referrals.is_error()) return page.failure(referrals.error());
    view.set("has_referrals", !referrals->is_empty_list());
    view.set("referrals", *referrals);
  }
  return page.render(page.catalog.text("today.title"), "today", view);
}

}  // namespace

void add_today_page(http::Router& router, const WebPtr& web) {
  router.get("/today", signed_in(web, "alerts.read", today));
}

}  // namespace opennrm::web

// Referrals: referring a case with the person's consent first (their answer is recorded as
// `consent_recorded`, then the `referral_made` the rules check against it), and the receiving
// agency's inbox to accept or decline.

#include <fmt/format.h>

#include "api/case_json.h"
#include "api/case_service.h"
#include "core/number.h"
#include "rules/vocabulary.h"
#include "store/account_store.h"
#include "store/referral_store.h"
#include "web/case_views.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

using boost::json::object;

constexpr std::size_t kMaxReasonBytes = 1000;

std::optional<int64_t> path_id(const Page& page, std::string_view name) {
  return parse_id(page.request.path_param(name));
}

View refer_view(const Page& page, int64_t case_id, const std::string& case_number,
                const http::Params& posted) {
  auto get = [&](std::string_view name) { return posted.get(name).value_or(""); };
  View view;
  view.set("case_id", std::to_string(case_id));
  view.set("heading", page.catalog.text("refer.title", {{"case", case_number}}));
  view.set("date", std::string(posted.get("date").value_or(page.today().to_string())));
  view.set("agency_types",
           options_view(page.catalog, "agency_type", rules::kAgencyTypes, get("to_agency_type")));
  view.set("services", options_view(page.catalog, "service", rules::kServices, get("service")));
  view.set("override_bases", options_view(page.catalog, "override_basis", rules::kOverrideBases,
                                          get("override_basis")));
  view.set("consent_given", get("consent") == "given");
  view.set("consent_refused", get("consent") == "refused");
  return view;
}

http::Response refer_page(Page& page, int64_t case_id, const http::Params& posted,
                          const std::optional<View>& refusal) {
  auto read = api::read_case(page.web.app, page.who, case_id);
  if (read.is_error()) return page.failure(read.error());
  View view = refer_view(page, case_id, read->loaded->summary.case_number, posted);
  if (refusal) view.set("refusal", *refusal);
  auto response =
      page.render(page.catalog.text("refer.title", {{"case", read->loaded->summary.case_number}}),
                  "refer", view, refusal ? 422 : 200);
  response.hold = read->audited;
  return response;
}

http::Response show_refer(Page& page) {
  auto case_id = path_id(page, "case_id");
  if (!case_id) return page.failure(api::case_not_found_error());
  http::Params defaults;
  return refer_page(page, *case_id, defaults, std::nullopt);
}

// The two events of a referral: the person's answer, then the referral itself when they
// consent or a legal basis allows it. Returns the notice for the case page, or the refusal.
struct Referred {
  std::string notice;
  std::optional<rules::Rejection> rejection;
  object refused_event;
};

ErrorOr<Referred> record_referral(Page& page, int64_t case_id, const http::Params& posted) {
  auto get = [&](std::string_view name) { return std::string(posted.get(name).value_or("")); };
  std::string consent = get("consent");
  if (consent != "given" && consent != "refused") {
    return Error::make("invalid_field", "answer whether the person consents", "consent");
  }
  object answer{{"type", "consent_recorded"},
                {"date", get("date")},
                {"scope", "referral"},
                {"given", consent == "given"},
                {"recipient_agency_type", get("to_agency_type")}};
  auto recorded = TRY(api::record_event(page.web.app, page.who, case_id, answer));
  if (recorded.rejection) return Referred{"", recorded.rejection, answer};
  if (consent == "refused" && get("override_basis").empty()) return Referred{"consent", {}, {}};
  object referral{{"type", "referral_made"},
                  {"date", get("date")},
                  {"to_agency_type", get("to_agency_type")},
                  {"service", get("service")}};
  if (!get("override_basis").empty()) referral["override_basis"] = get("override_basis");
  recorded = TRY(api::record_event(page.web.app, page.who, case_id, referral));
  if (recorded.rejection) return Referred{"", recorded.rejection, referral};
  return Referred{"referred", {}, {}};
}

http::Response refer(Page& page) {
  auto case_id = path_id(page, "case_id");
  if (!case_id) return page.failure(api::case_not_found_error());
  auto posted = page.request.form();
  if (posted.is_error()) return page.failure(posted.error());
  auto referred = record_referral(page, *case_id, *posted);
  if (referred.is_error()) return page.failure(referred.error());
  if (referred->rejection) {
    View refusal = refusal_view(page.catalog, *referred->rejection, referred->refused_event, {});
    return refer_page(page, *case_id, *posted, refusal);
  }
  return redirect(fmt::format("/cases/{}?notice={}", *case_id, referred->notice));
}

View referral_view(const Page& page, const store::Referral& referral,
                   const std::map<int64_t, std::string>& agencies) {
  View item;
  item.set("id", std::to_string(referral.id));
  item.set("case_id", std::to_string(referral.case_id));
  item.set("case_number", referral.case_number);
  item.set("service", vocabulary_label(page.catalog, "service", referral.service));
  item.set("received", date_text(page.catalog, referral.created_at));
  item.set("status", page.catalog.text("referrals.status." + referral.status));
  if (referral.from_agency_id) {
    auto found = agencies.find(*referral.from_agency_id);
    if (found != agencies.end()) item.set("from", found->second);
  }
  return item;
}

http::Response inbox(Page& page) {
  std::vector<store::Referral> referrals;
  std::map<int64_t, std::string> agencies;
  auto read = page.web.app.store.read([&](store::Connection& db) -> ErrorOr<void> {
    referrals = TRY(store::referral_inbox(db, page.who.agency_id, ""));
    for (const auto& agency : TRY(store::list_agencies(db))) agencies[agency.id] = agency.name;
    return {};
  });
  if (read.is_error()) return page.failure(read.error());
  View pending = view_list();
  View answered = view_list();
  for (const auto& referral : referrals) {
    (referral.status == "pending" ? pending : answered)
        .push_back(referral_view(page, referral, agencies));
  }
  View view;
  view.set("has_pending", !pending.is_empty_list());
  view.set("pending", pending);
  view.set("has_answered", !answered.is_empty_list());
  view.set("answered", answered);
  auto declined = parse_id(page.request.query("declined").value_or(""));
  for (const auto& referral : referrals) {
    if (declined && referral.id == *declined) {
      page.flash(view, "info",
                 page.catalog.text("referrals.declined", {{"case", referral.case_number}}));
    }
  }
  return page.render(page.catalog.text("referrals.title"), "referrals", view);
}

http::Response answer(Page& page, std::string_view status) {
  auto id = path_id(page, "referral_id");
  if (!id) return page.failure(Error::make("referral_not_found", "no such referral"));
  auto posted = page.request.form();
  if (posted.is_error()) return page.failure(posted.error());
  std::optional<std::string> reason;
  if (status == "declined") {
    std::string given(posted->get("reason").value_or(""));
    if (given.size() > kMaxReasonBytes) {
      return page.failure(Error::make("invalid_field", "reason is too long", "reason"));
    }
    if (!given.empty()) reason = std::move(given);
  }
  auto case_id = api::answer_referral(page.web.app, page.who, *id, status, reason);
  if (case_id.is_error()) return page.failure(case_id.error());
  if (status == "accepted") return redirect(fmt::format("/cases/{}?notice=accepted", *case_id));
  return redirect(fmt::format("/referrals?declined={}", *id));
}

}  // namespace

void add_referral_pages(http::Router& router, const WebPtr& web) {
  router.get("/cases/{case_id}/refer", signed_in(web, "referral.make", show_refer));
  router.post("/cases/{case_id}/refer", signed_in(web, "referral.make", refer));
  router.get("/referrals", signed_in(web, "referral.respond", inbox));
  router.post("/referrals/{referral_id}/accept", signed_in(web, "referral.respond", [](Page& page) {
                return answer(page, "accepted");
              }));
  router.post(
      "/referrals/{referral_id}/decline",
      signed_in(web, "referral.respond", [](Page& page) { return answer(page, "declined"); }));
}

}  // namespace opennrm::web

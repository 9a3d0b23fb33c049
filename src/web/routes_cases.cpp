// Cases: the cases in my scope, filtered by stage, alert, form of exploitation and child, or
// found by case number; and New identification, the `identified` event as a short form.

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "api/case_json.h"
#include "api/case_service.h"
#include "rules/alerts.h"
#include "store/case_scope.h"
#include "store/identity_store.h"
#include "web/case_views.h"
#include "web/event_forms.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

// More than a page of results is a search to narrow, not a list to read.
constexpr int kMaxListed = 100;

struct CaseFilter {
  std::string q, stage, alert, form;
  bool child = false;
};

struct CaseLine {
  int64_t id = 0;
  std::string case_number, stage, identified_on, age_status, sex;
  bool open = true;
};

CaseFilter filter_of(const http::Request& request) {
  auto get = [&](std::string_view name) { return std::string(request.query(name).value_or("")); };
  return {get("q"), get("stage"), get("alert"), get("form"), !get("child").empty()};
}

// The cases matching the filter's stage, form, child and number, newest first, limited to those
// the viewer may see and to those with the filter's alert.
ErrorOr<std::vector<CaseLine>> matching_cases(
    store::Connection& db, const access::Viewer& viewer, const CaseFilter& filter,
    const std::map<int64_t, std::vector<std::string>>& alerts) {
  auto visible = TRY(store::case_ids_in_scope(db, viewer));
  auto select = TRY(db.prepare(
      "SELECT c.id, c.case_number, coalesce(f.stage, ''), coalesce(f.identified_on, ''), "
      "f.closed_on IS NULL, coalesce(f.age_status_recorded, ''), coalesce(f.sex, '') "
      "FROM cases c LEFT JOIN case_facts f ON f.case_id = c.id "
      "WHERE (?1 = '' OR f.stage = ?1) AND (?2 = 0 OR f.age_group = 'child') "
      "AND (?3 = '' OR EXISTS (SELECT 1 FROM case_forms m WHERE m.case_id = c.id AND m.form = ?3)) "
      "AND (?4 = '' OR instr(lower(c.case_number), lower(?4)) > 0) ORDER BY c.id DESC"));
  select.bind(1, filter.stage).bind(2, int64_t(filter.child ? 1 : 0)).bind(3, filter.form);
  select.bind(4, filter.q);
  std::vector<CaseLine> lines;
  while (lines.size() < kMaxListed && TRY(select.step())) {
    int64_t id = select.column_int(0);
    if (!std::ranges::binary_search(visible, id)) continue;
    if (!filter.alert.empty()) {
      auto found = alerts.find(id);
      if (found == alerts.end() ||
          std::ranges::find(found->second, filter.alert) == found->second.end()) {
        continue;
      }
    }
    lines.push_back({id, select.column_text(1), select.column_text(2), select.column_text(3),
                     select.column_text(5), select.column_text(6), select.column_int(4) != 0});
  }
  select.reset();
  return lines;
}

View filter_options(const Catalog& catalog, const CaseFilter& filter) {
  View view;
  view.set("q", filter.q);
  view.set("child", filter.child);
  static constexpr std::array<std::string_view, 4> kStages = {"identified", "reasonable_grounds",
                                                              "victim", "not_victim"};
  view.set("stages", options_view(catalog, "stage", kStages, filter.stage));
  view.set("forms", options_view(catalog, "forms", rules::kForms, filter.form));
  View codes = view_list();
  for (std::string_view code : rules::alert_codes()) {
    View option;
    option.set("value", std::string(code));
    option.set("label", catalog.text("alert." + std::string(code) + ".title"));
    option.set("selected", code == filter.alert);
    codes.push_back(option);
  }
  view.set("alert_codes", codes);
  return view;
}

http::Response list_cases(Page& page) {
  CaseFilter filter = filter_of(page.request);
  auto alerts = api::alerts_in_scope(page.web.app, page.who, page.today());
  if (alerts.is_error()) return page.failure(alerts.error());
  std::map<int64_t, std::vector<std::string>> alert_codes;
  for (const auto& item : *alerts) alert_codes[item.case_id].push_back(item.alert.code);
  auto lines =
      api::read_store<std::vector<CaseLine>>(page.web.app.store, [&](store::Connection& db) {
        return matching_cases(db, page.who.viewer(), filter, alert_codes);
      });
  if (lines.is_error()) return page.failure(lines.error());
  auto audited = api::audit(page.web.app, page.who, "case.list", "cases",
                            fmt::format("count:{}", lines->size()));
  if (audited.is_error()) return page.failure(audited.error());
  View view = filter_options(page.catalog, filter);
  View cases = view_list();
  for (const auto& line : *lines) {
    View item;
    item.set("id", std::to_string(line.id));
    item.set("case_number", line.case_number);
    item.set("stage", vocabulary_label(page.catalog, "stage", line.stage));
    item.set("open", line.open);
    item.set("identified_on", date_text(page.catalog, line.identified_on));
    item.set("person", vocabulary_label(page.catalog, "age_status", line.age_status) + ", " +
                           vocabulary_label(page.catalog, "sex", line.sex));
    View tags = view_list();
    for (const auto& code : alert_codes[line.id]) {
      tags.push_back(View(page.catalog.text("alert." + code + ".title")));
    }
    item.set("alerts", tags);
    cases.push_back(item);
  }
  view.set("cases", cases);
  view.set("has_cases", !lines->empty());
  return page.render(page.catalog.text("cases.title"), "cases", view);
}

// The identity fields of the form, named "identity_<field>", with what was posted; the field
// that failed is marked.
View identity_fields_view(const Page& page, const http::Params& posted,
                          std::string_view error_field) {
  View fields = view_list();
  for (std::string_view name : store::kIdentityFields) {
    std::string input = "identity_" + std::string(name);
    View field;
    field.set("name", input);
    field.set("label", page.catalog.text("identity." + std::string(name)));
    field.set("value", std::string(posted.get(input).value_or("")));
    field.set("is_date", name == "date_of_birth");
    field.set("invalid", error_field == "identity." + std::string(name));
    fields.push_back(field);
  }
  return fields;
}

// The form's values: what was posted, or for a new form today's date and the officer's own
// agency type.
View new_case_view(const Page& page, const http::Params& posted, std::string_view error_field) {
  const EventForm& form = *find_event_form("identified");
  View view;
  view.set("fields", form_fields_view(form, posted, page.catalog, error_field));
  view.set("identity_fields", identity_fields_view(page, posted, error_field));
  view.set("date", std::string(posted.get("date").value_or(page.today().to_string())));
  return view;
}

// The identity the officer typed, or nullopt when every field was left empty. The store's own
// reading of an identity checks it, as it does for the API.
ErrorOr<std::optional<store::Identity>> posted_identity(const http::Params& posted) {
  boost::json::object given;
  for (std::string_view name : store::kIdentityFields) {
    auto value = posted.get("identity_" + std::string(name));
    if (value && !value->empty()) given[name] = *value;
  }
  if (given.empty()) return std::optional<store::Identity>();
  return std::optional(TRY(store::parse_identity(given)));
}

// The new-case form again, its values kept, with the problem that stopped it.
http::Response new_case_refused(Page& page, const http::Params& posted, std::string_view field,
                                View refusal) {
  View view = new_case_view(page, posted, field);
  view.set("refusal", std::move(refusal));
  return page.render(page.catalog.text("new.title"), "new_case", view, 422);
}

http::Response new_case_form(Page& page) {
  http::Params defaults;
  defaults.add("by_agency_type", page.who.agency_type);
  defaults.add("date", page.today().to_string());
  return page.render(page.catalog.text("new.title"), "new_case", new_case_view(page, defaults, ""));
}

http::Response open_case(Page& page) {
  auto posted = page.request.form();
  if (posted.is_error()) return page.failure(posted.error());
  auto event = event_from_form(*find_event_form("identified"), *posted);
  auto identity = posted_identity(*posted);
  if (identity.is_error()) {
    const std::string& field = identity.error().field;
    std::string_view name = std::string_view(field).substr(field.find('.') + 1);
    View problem;
    problem.set("heading", page.catalog.text("new.identity_problem_title"));
    problem.set("intro", page.catalog.text("new.identity_not_saved"));
    problem.set("reason",
                page.catalog.text("new.identity_problem",
                                  {{"field", page.catalog.text("identity." + std::string(name))}}));
    return new_case_refused(page, *posted, field, problem);
  }
  auto opened = api::open_case(page.web.app, page.who, event, *identity);
  if (opened.is_error()) return page.failure(opened.error());
  if (opened->rejection) {
    return new_case_refused(page, *posted, opened->rejection->field,
                            refusal_view(page.catalog, *opened->rejection, event, {}));
  }
  // A possible duplicate is a warning on the new case's page, not a refusal: two people may
  // share a name and a date of birth.
  std::string duplicate = opened->warnings.empty()
                              ? ""
                              : fmt::format("&duplicate={}", opened->warnings.front().case_id);
  return redirect(fmt::format("/cases/{}?notice=opened{}", opened->case_id, duplicate));
}

}  // namespace

void add_cases_pages(http::Router& router, const WebPtr& web) {
  router.get("/cases", signed_in(web, "case.read", list_cases));
  router.get("/cases/new", signed_in(web, "case.open", new_case_form));
  router.post("/cases/new", signed_in(web, "case.open", open_case));
}

}  // namespace opennrm::web

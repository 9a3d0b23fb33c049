// The coordinator's overview: open caseload by stage and by agency, overdue alerts by the
// agency that opened the case, children without a guardian, and permits expiring in the next
// 30 days.

#include <map>

#include "api/case_json.h"
#include "api/case_service.h"
#include "web/case_views.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

constexpr int kPermitHorizonDays = 30;

using Counts = std::vector<std::pair<std::string, int64_t>>;

ErrorOr<Counts> counts(store::Connection& db, std::string_view sql) {
  auto select = TRY(db.prepare(std::string(sql)));
  Counts rows;
  while (TRY(select.step())) rows.emplace_back(select.column_text(0), select.column_int(1));
  return rows;
}

struct CaseMention {
  int64_t case_id = 0;
  std::string case_number;
  std::string date;
};

struct Overview {
  Counts by_stage, by_agency;
  std::map<int64_t, std::string> opened_by;  // Case id to the name of its opening agency.
  std::vector<CaseMention> without_guardian;
  std::vector<int64_t> with_permits;
};

// Open children with no `guardian_appointed` in their history.
ErrorOr<std::vector<CaseMention>> children_without_guardian(store::Connection& db) {
  auto select = TRY(db.prepare(
      "SELECT c.id, c.case_number, f.identified_on FROM cases c JOIN case_facts f "
      "ON f.case_id = c.id WHERE f.closed_on IS NULL AND f.age_group = 'child' AND NOT EXISTS "
      "(SELECT 1 FROM events e WHERE e.case_id = c.id AND e.type = 'guardian_appointed') "
      "ORDER BY f.identified_on"));
  std::vector<CaseMention> cases;
  while (TRY(select.step())) {
    cases.push_back({select.column_int(0), select.column_text(1), select.column_text(2)});
  }
  return cases;
}

ErrorOr<Overview> read_overview(store::Connection& db) {
  Overview overview;
  overview.by_stage = TRY(counts(db,
                                 "SELECT f.stage, count(*) FROM case_facts f WHERE f.closed_on "
                                 "IS NULL GROUP BY f.stage ORDER BY count(*) DESC"));
  overview.by_agency = TRY(
      counts(db,
             "SELECT a.name, count(*) FROM case_agencies l JOIN agencies a ON a.id = l.agency_id "
             "JOIN case_facts f ON f.case_id = l.case_id WHERE f.closed_on IS NULL "
             "GROUP BY a.id ORDER BY count(*) DESC, a.name"));
  auto opened = TRY(db.prepare(
      "SELECT l.case_id, a.name FROM case_agencies l JOIN agencies a ON a.id = l.agency_id "
      "WHERE l.relation = 'opened'"));
  while (TRY(opened.step())) overview.opened_by[opened.column_int(0)] = opened.column_text(1);
  overview.without_guardian = TRY(children_without_guardian(db));
  auto permits = TRY(db.prepare(
      "SELECT DISTINCT e.case_id FROM events e JOIN case_facts f ON f.case_id = e.case_id "
      "WHERE e.type = 'permit_granted' AND f.closed_on IS NULL"));
  while (TRY(permits.step())) overview.with_permits.push_back(permits.column_int(0));
  return overview;
}

View count_table(std::string id, std::string heading, std::string key_heading,
                 const std::string& count_heading, const Counts& rows) {
  View table;
  table.set("id", std::move(id));
  table.set("heading", std::move(heading));
  table.set("key_heading", std::move(key_heading));
  table.set("count_heading", count_heading);
  View items = view_list();
  for (const auto& [label, count] : rows) {
    View row;
    row.set("label", label);
    row.set("count", std::to_string(count));
    items.push_back(row);
  }
  table.set("rows", items);
  table.set("has_rows", !rows.empty());
  return table;
}

View mention_list(std::string id, std::string heading, const std::vector<CaseMention>& cases) {
  View list;
  list.set("id", std::move(id));
  list.set("heading", std::move(heading));
  View items = view_list();
  for (const auto& mention : cases) {
    View item;
    item.set("case_id", std::to_string(mention.case_id));
    item.set("case_number", mention.case_number);
    item.set("text", mention.date);
    items.push_back(item);
  }
  list.set("items", items);
  list.set("has_items", !cases.empty());
  return list;
}

// The permits (as last renewed) that end within the horizon, soonest first.
ErrorOr<std::vector<CaseMention>> expiring_permits(const Page& page,
                                                   const std::vector<int64_t>& case_ids) {
  Date today = page.today();
  std::vector<std::pair<Date, CaseMention>> found;
  for (int64_t case_id : case_ids) {
    auto loaded = TRY(page.web.app.store.load_case(case_id));
    auto state = loaded->file.as_of(today).state;
    if (!state || !state->residence_permit || !state->residence_permit->valid_until) continue;
    Date until = *state->residence_permit->valid_until;
    if (until < today || today.days_until(until) > kPermitHorizonDays) continue;
    found.push_back(
        {until,
         {case_id, loaded->summary.case_number,
          page.catalog.text("case.permit_valid", {{"date", page.catalog.date(until)}})}});
  }
  std::ranges::sort(found, [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CaseMention> mentions;
  for (auto& [until, mention] : found) mentions.push_back(std::move(mention));
  return mentions;
}

http::Response overview(Page& page) {
  const Catalog& catalog = page.catalog;
  Date today = page.today();
  auto read = api::read_store<Overview>(page.web.app.store, read_overview);
  if (read.is_error()) return page.failure(read.error());
  auto alerts = api::alerts_in_scope(page.web.app, page.who, today);
  if (alerts.is_error()) return page.failure(alerts.error());
  std::map<std::string, int64_t> overdue;
  for (const auto& item : *alerts) {
    if (!item.alert.due || !(*item.alert.due < today)) continue;
    auto agency = read->opened_by.find(item.case_id);
    ++overdue[agency == read->opened_by.end() ? catalog.text("overview.no_agency")
                                              : agency->second];
  }
  auto permits = expiring_permits(page, read->with_permits);
  if (permits.is_error()) return page.failure(permits.error());
  Counts by_stage;
  for (const auto& [stage, count] : read->by_stage) {
    by_stage.emplace_back(vocabulary_label(catalog, "stage", stage), count);
  }
  std::string cases = catalog.text("overview.cases");
  View tables = view_list();
  tables.push_back(count_table("by-stage", catalog.text("overview.by_stage"),
                               catalog.text("cases.stage"), cases, by_stage));
  tables.push_back(count_table("by-agency", catalog.text("overview.by_agency"),
                               catalog.text("overview.agency"), cases, read->by_agency));
  tables.push_back(count_table("overdue", catalog.text("overview.overdue"),
                               catalog.text("overview.agency"), catalog.text("overview.count"),
                               Counts(overdue.begin(), overdue.end())));
  std::vector<CaseMention> children = read->without_guardian;
  for (auto& child : children) child.date = date_text(catalog, child.date);
  View lists = view_list();
  lists.push_back(mention_list("no-guardian", catalog.text("overview.no_guardian"), children));
  lists.push_back(mention_list("permits", catalog.text("overview.permits"), *permits));
  View view;
  view.set("intro", catalog.text("overview.intro", {{"date", catalog.date(today)}}));
  view.set("tables", tables);
  view.set("lists", lists);
  return page.render(catalog.text("overview.title"), "overview", view);
}

}  // namespace

void add_overview_page(http::Router& router, const WebPtr& web) {
  router.get("/overview", signed_in(web, "stats.raw", overview));
}

}  // namespace opennrm::web

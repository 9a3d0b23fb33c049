#include "store/case_scope.h"

namespace opennrm::store {

namespace {

// Whether the viewer's role sees every case, or none, whatever the case's agencies: asked of
// access::in_scope itself, so that the role rules stay written in one place. No agency has id
// -1, so a case "opened" by it is in scope only for a role that sees everything.
bool sees_every_case(const access::Viewer& viewer) {
  return access::in_scope(viewer, access::CaseScope{-1, {}});
}
bool sees_no_case(const access::Viewer& viewer) {
  return !access::in_scope(viewer, access::CaseScope{viewer.agency_id, {}});
}

constexpr std::string_view kCaseColumns =
    "SELECT c.id, c.case_number, coalesce(f.stage, ''), coalesce(f.identified_on, ''), "
    "f.closed_on IS NULL, c.created_at, ";

ScopedCase read_scoped_case(const Statement& row) {
  return ScopedCase{row.column_int(0),  row.column_text(1),     row.column_text(2),
                    row.column_text(3), row.column_int(4) != 0, row.column_text(5),
                    row.column_text(6)};
}

}  // namespace

ErrorOr<Statement> prepare_link_case_agency(Connection& db) {
  return db.prepare(
      "INSERT OR IGNORE INTO case_agencies (case_id, agency_id, relation, since) "
      "VALUES (?, ?, ?, ?)");
}

ErrorOr<void> link_case_agency(Statement& insert, int64_t case_id, int64_t agency_id,
                               std::string_view relation, const std::string& since) {
  return insert.bind(1, case_id).bind(2, agency_id).bind(3, relation).bind(4, since).run();
}

ErrorOr<void> link_case_agency(Connection& db, int64_t case_id, int64_t agency_id,
                               std::string_view relation, const std::string& since) {
  auto insert = TRY(prepare_link_case_agency(db));
  return link_case_agency(insert, case_id, agency_id, relation, since);
}

ErrorOr<std::optional<access::CaseScope>> find_case_scope(Connection& db, int64_t case_id) {
  // One row per agency holding the case, or one row of nulls for a case that none holds (one
  // opened from the command line): no row at all means there is no such case. Every case read
  // asks this first, so it is one statement rather than an existence check and a second query.
  auto lease =
      TRY(db.cached("SELECT a.agency_id, a.relation FROM cases c "
                    "LEFT JOIN case_agencies a ON a.case_id = c.id WHERE c.id = ?"));
  auto& select = *lease;
  select.bind(1, case_id);
  std::optional<access::CaseScope> scope;
  while (TRY(select.step())) {
    if (!scope) scope.emplace();
    if (select.column_is_null(0)) continue;
    if (select.column_text(1) == "opened") {
      scope->opening_agency_id = select.column_int(0);
    } else {
      scope->accepting_agency_ids.push_back(select.column_int(0));
    }
  }
  return scope;
}

ErrorOr<CasePage> cases_in_scope(Connection& db, const access::Viewer& viewer, int64_t limit,
                                 int64_t offset) {
  CasePage page;
  if (sees_no_case(viewer)) return page;
  bool everything = sees_every_case(viewer);
  std::string from = everything ? "FROM cases c LEFT JOIN case_facts f ON f.case_id = c.id "
                                : "FROM case_agencies a JOIN cases c ON c.id = a.case_id "
                                  "LEFT JOIN case_facts f ON f.case_id = c.id "
                                  "WHERE a.agency_id = ?1 ";
  auto count = TRY(db.prepare("SELECT count(*) " + from));
  if (!everything) count.bind(1, viewer.agency_id);
  if (TRY(count.step())) page.total = count.column_int(0);
  count.reset();

  auto select =
      TRY(db.prepare(std::string(kCaseColumns) + (everything ? "'coordinator' " : "a.relation ") +
                     from + "ORDER BY c.id DESC LIMIT ?2 OFFSET ?3"));
  if (!everything) select.bind(1, viewer.agency_id);
  select.bind(2, limit).bind(3, offset);
  while (TRY(select.step())) page.cases.push_back(read_scoped_case(select));
  return page;
}

ErrorOr<std::vector<int64_t>> case_ids_in_scope(Connection& db, const access::Viewer& viewer) {
  std::vector<int64_t> ids;
  if (sees_no_case(viewer)) return ids;
  bool everything = sees_every_case(viewer);
  auto select = TRY(db.prepare(everything ? "SELECT id FROM cases ORDER BY id"
                                          : "SELECT case_id FROM case_agencies "
                                            "WHERE agency_id = ? ORDER BY case_id"));
  if (!everything) select.bind(1, viewer.agency_id);
  while (TRY(select.step())) ids.push_back(select.column_int(0));
  return ids;
}

}  // namespace opennrm::store

#pragma once

// Which agencies a case belongs to (the one that opened it, and those that accepted a referral
// of it), kept in `case_agencies`, and the lookups that need-to-know access makes on it. The
// decisions themselves are access/scope.h's; this file only supplies their data.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/scope.h"
#include "core/error.h"
#include "store/sqlite.h"

namespace opennrm::store {

// Links an agency to a case: `relation` is "opened" or "referral_accepted". A link that already
// exists is kept as it was (an agency that opened a case does not become a mere recipient).
ErrorOr<void> link_case_agency(Connection& db, int64_t case_id, int64_t agency_id,
                               std::string_view relation, const std::string& since);
// The same with a statement from prepare_link_case_agency(db), for bulk writes that link many.
ErrorOr<Statement> prepare_link_case_agency(Connection& db);
ErrorOr<void> link_case_agency(Statement& insert, int64_t case_id, int64_t agency_id,
                               std::string_view relation, const std::string& since);

// The case's agencies, or nullopt when there is no such case. A case stored without an opening
// agency (imported from the command line) has opening_agency_id 0: only the coordinator sees it.
ErrorOr<std::optional<access::CaseScope>> find_case_scope(Connection& db, int64_t case_id);

// One line of a viewer's case list, from the case and its statistics facts.
struct ScopedCase {
  int64_t case_id = 0;
  std::string case_number;
  std::string stage;
  std::string identified_on;
  bool open = true;
  std::string created_at;
  // How the viewer's agency holds the case: "opened", "referral_accepted", or "coordinator"
  // for a coordinator who sees it through their role.
  std::string relation;
};

struct CasePage {
  std::vector<ScopedCase> cases;
  int64_t total = 0;  // Cases in scope altogether, of which `cases` is one page.
};

// The cases in the viewer's scope, newest first (highest id first), `limit` from `offset`.
ErrorOr<CasePage> cases_in_scope(Connection& db, const access::Viewer& viewer, int64_t limit,
                                 int64_t offset);

// The ids of every case in the viewer's scope, ascending; for filtering store-wide results.
ErrorOr<std::vector<int64_t>> case_ids_in_scope(Connection& db, const access::Viewer& viewer);

}  // namespace opennrm::store

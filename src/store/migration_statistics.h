#pragma once

// Migration 4: the statistics facts that the first schema lacked (store/fact_tables.h): the
// protection measures taken in each case, for the `protection_outcomes` table, and the countries
// of exploitation, for the HTCDS case export. Both are rewritten with the other facts in the
// transaction of every write to a case.
//
// A database that already held cases before this migration (only development builds made such
// databases) has no rows here for those cases until each is next written.

#include <string_view>

namespace opennrm::store {

constexpr std::string_view kStatisticsMigration = R"sql(
CREATE TABLE case_measures (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  measure TEXT NOT NULL,
  PRIMARY KEY (case_id, measure)
) STRICT, WITHOUT ROWID;

CREATE TABLE case_exploitation_countries (
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  position INTEGER NOT NULL,
  country  TEXT NOT NULL,
  PRIMARY KEY (case_id, position)
) STRICT, WITHOUT ROWID;
)sql";

}  // namespace opennrm::store

#include "store/migrations.h"

#include <array>

#include <fmt/format.h>

#include "store/migration_plans.h"
#include "store/migration_server.h"
#include "store/migration_statistics.h"

namespace opennrm::store {

namespace {

// Migration 1: the case store.
//
// A case is its append-only event history (`cases` + `events`); nothing is updated in place
// there. `case_facts` and `case_forms` are a denormalised copy of what statistics group by (the
// person's latest recorded facts and the case's current stage), rewritten in the same
// transaction as every append so that statistics are plain SQL aggregations and never replay
// histories. Dates are TEXT 'YYYY-MM-DD', which sorts and compares as dates.
constexpr std::string_view kCaseStore = R"sql(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE cases (
  id          INTEGER PRIMARY KEY,
  case_number TEXT NOT NULL UNIQUE,
  ref         TEXT UNIQUE,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE events (
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  seq         INTEGER NOT NULL,
  date        TEXT NOT NULL,
  type        TEXT NOT NULL,
  body        TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT,
  agency      TEXT,
  PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE case_facts (
  case_id                INTEGER PRIMARY KEY REFERENCES cases(id),
  identified_on          TEXT NOT NULL,
  identified_year        INTEGER NOT NULL,
  by_agency_type         TEXT NOT NULL,
  sex                    TEXT NOT NULL,
  age_status_recorded    TEXT NOT NULL,
  age_group              TEXT NOT NULL,
  birth_year             INTEGER,
  residence_status       TEXT NOT NULL,
  citizenship            TEXT,
  trafficking            TEXT NOT NULL,
  stage                  TEXT NOT NULL,
  closed_on              TEXT
) STRICT;

CREATE INDEX case_facts_by_year ON case_facts(identified_year);

CREATE TABLE case_forms (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  form    TEXT NOT NULL,
  PRIMARY KEY (case_id, form)
) STRICT, WITHOUT ROWID;

CREATE TABLE case_citizenships (
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  position INTEGER NOT NULL,
  country  TEXT NOT NULL,
  PRIMARY KEY (case_id, position)
) STRICT, WITHOUT ROWID;
)sql";

// Append only: a released migration is never edited, and the number of each is its position.
constexpr std::array<std::string_view, 4> kMigrations = {kCaseStore, kServerMigration,
                                                         kPlansMigration, kStatisticsMigration};

}  // namespace

std::span<const std::string_view> migrations() {
  return kMigrations;
}

ErrorOr<void> migrate(Connection& connection) {
  int64_t version = TRY(connection.query_int("PRAGMA user_version"));
  if (version > int64_t(kMigrations.size())) {
    return Error::make("database_error",
                       fmt::format("database {} has schema version {}, newer than this program "
                                   "knows ({}); use a newer opennrm",
                                   connection.path(), version, kMigrations.size()),
                       connection.path());
  }
  for (auto next = size_t(version); next < kMigrations.size(); ++next) {
    auto transaction = TRY(Transaction::begin(connection));
    // Another process may have migrated while this one waited for the write lock.
    if (TRY(connection.query_int("PRAGMA user_version")) > int64_t(next)) continue;
    TRY(connection.execute(kMigrations[next]));
    TRY(connection.execute(fmt::format("PRAGMA user_version = {}", next + 1)));
    TRY(transaction.commit());
  }
  return {};
}

}  // namespace opennrm::store

#pragma once

// Migration 3: national action plans. A plan keeps every version imported or edited (its
// history), and progress updates are appended, never changed, so the coordinator can show how
// the plan and its execution evolved.
//
// - `plan_versions.toml` is the plan file as it was given, comments included. The actions of the
//   latest version are the plan; progress lives only in `plan_progress` (a file's [[progress]]
//   entries are copied there when the version is stored), so one progress report is one row.
// - `plan_progress.version` is the version that was current when the report was recorded, which
//   orders versions and reports into one history; `id` orders reports recorded under a version,
//   and on equal dates the later report wins, as the later line of a file does.
// - `percent` and `spent` hold the shortest decimal text that reads back to the same number, so
//   an exported plan reproduces every number exactly (and with it the assessment's shares).
// - Times are UTC, "YYYY-MM-DDTHH:MM:SSZ", as in the case store.

#include <string_view>

namespace opennrm::store {

constexpr std::string_view kPlansMigration = R"sql(
CREATE TABLE plans (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL,
  country    TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE plan_versions (
  plan_id     INTEGER NOT NULL REFERENCES plans(id),
  version     INTEGER NOT NULL,
  toml        TEXT NOT NULL,
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  recorded_by TEXT,
  PRIMARY KEY (plan_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE plan_progress (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  action_id   TEXT NOT NULL,
  date        TEXT NOT NULL,
  percent     TEXT NOT NULL,
  spent       TEXT NOT NULL,
  note        TEXT,
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  recorded_by TEXT,
  FOREIGN KEY (plan_id, version) REFERENCES plan_versions(plan_id, version)
) STRICT;

CREATE INDEX plan_progress_by_plan ON plan_progress(plan_id, id);
)sql";

}  // namespace opennrm::store

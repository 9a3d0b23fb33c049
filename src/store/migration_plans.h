#pragma once

// Migration 3: national action plans. A plan keeps every version imported or edited (its
// history), and progress updates are appended, never changed, so the coordinator can show how
// the plan and its execution evolved.

#include <string_view>

namespace opennrm::store {

constexpr std::string_view kPlansMigration = R"sql(
CREATE TABLE plans (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL,
  country    TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE plan_versions (
  plan_id     INTEGER NOT NULL REFERENCES plans(id),
  version     INTEGER NOT NULL,
  toml        TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT,
  PRIMARY KEY (plan_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE plan_progress (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans(id),
  action_id   TEXT NOT NULL,
  date        TEXT NOT NULL,
  percent     REAL NOT NULL,
  spent       REAL NOT NULL DEFAULT 0,
  note        TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT
) STRICT;

CREATE INDEX plan_progress_by_plan ON plan_progress(plan_id, action_id, date);
)sql";

}  // namespace opennrm::store

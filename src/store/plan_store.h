#pragma once

// National action plans in the database (action-plan.md), beside the cases: a plan is the
// versions of its file (every one kept) and the progress reports recorded on its actions. The
// plan as it stands is its latest version with every report, so the assessment, the export and
// the history all read the same rows. Every write is one transaction and is checked with the
// rules of the plan file first, so a refused write stores nothing.
//
// Threads: one connection, guarded by one mutex, serves every call, as in the case store.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "plans/plan.h"

namespace opennrm::store {

struct PlanSummary {
  int64_t id = 0;
  std::string title;    // Of the latest version.
  std::string country;  // Of the latest version.
  int64_t version = 0;  // The latest version, counting from 1.
  std::string created_at;
};

struct PlanVersion {
  int64_t version = 0;
  std::string recorded_at;  // UTC, "YYYY-MM-DDTHH:MM:SSZ".
  std::optional<std::string> recorded_by;
};

struct ProgressRecord {
  int64_t id = 0;       // Orders the reports of a plan as they were recorded.
  int64_t version = 0;  // The plan version current when the report was recorded.
  plans::Progress progress;
  std::string recorded_at;  // UTC, "YYYY-MM-DDTHH:MM:SSZ".
  std::optional<std::string> recorded_by;
};

// A plan's versions and progress reports, each in the order they were recorded; a report
// recorded under version N came after version N and before version N + 1.
struct PlanHistory {
  PlanSummary summary;
  std::vector<PlanVersion> versions;
  std::vector<ProgressRecord> progress;
};

class PlanStore {
 public:
  enum class Create { if_missing, never };

  // Opens the database at `path` (the case store's file) and brings its schema up to date. With
  // Create::never a missing file is an error naming the path.
  static ErrorOr<PlanStore> open(const std::string& path, Create create = Create::never);
  PlanStore(PlanStore&&) noexcept;
  PlanStore& operator=(PlanStore&&) noexcept;
  ~PlanStore();

  // Stores plan TOML as version 1 of a new plan, its [[progress]] entries as progress reports,
  // and returns the plan's id. `source_name` (a path) starts the message of an invalid file.
  ErrorOr<int64_t> import_plan(std::string_view toml_text, std::string_view source_name,
                               const std::optional<std::string>& recorded_by = {});

  // Stores plan TOML as the plan's next version and returns its number. Reports already
  // recorded stay; the file's [[progress]] entries that are not among them (an exported plan
  // carries them all) are recorded too. A version that drops an action with reports is refused.
  ErrorOr<int64_t> replace_plan(int64_t plan_id, std::string_view toml_text,
                                std::string_view source_name,
                                const std::optional<std::string>& recorded_by = {});

  // Records a progress report on an action of the plan's latest version, under the rules of the
  // file format; a refused report is an error naming the action and the key.
  ErrorOr<ProgressRecord> record_progress(int64_t plan_id, const plans::Progress& progress,
                                          const std::optional<std::string>& recorded_by = {});

  ErrorOr<std::vector<PlanSummary>> list_plans();
  // The latest version with every progress report, in the order recorded: what `assess` takes.
  ErrorOr<plans::Plan> load_plan(int64_t plan_id);
  ErrorOr<PlanHistory> history(int64_t plan_id);

  // Without a version, the plan as load_plan gives it, as TOML that parses back to an equal
  // plan; with one, that version's file exactly as it was stored.
  ErrorOr<std::string> export_toml(int64_t plan_id, std::optional<int64_t> version = {});

 private:
  struct State;
  explicit PlanStore(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace opennrm::store

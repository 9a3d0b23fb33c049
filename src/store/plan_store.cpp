#include "store/plan_store.h"

#include <filesystem>
#include <mutex>

#include <fmt/format.h>

#include "core/number.h"
#include "plans/plan_file.h"
#include "store/migrations.h"
#include "store/sqlite.h"

namespace opennrm::store {

namespace {

// The shortest decimal that reads back to the same double (see migration_plans.h).
std::string number_text(double number) {
  return fmt::format("{}", number);
}

PlanSummary read_plan_summary(const Statement& row) {
  return PlanSummary{row.column_int(0), row.column_text(1), row.column_text(2), row.column_int(3),
                     row.column_text(4)};
}

constexpr std::string_view kSelectSummaries =
    "SELECT p.id, p.title, p.country, max(v.version), p.created_at FROM plans p "
    "JOIN plan_versions v ON v.plan_id = p.id ";

Error unknown_plan(const Connection& db, int64_t plan_id) {
  return Error::make("unknown_plan", fmt::format("there is no plan {} in {}", plan_id, db.path()),
                     "plan");
}

}  // namespace

// Every member function expects the caller to hold `mutex`.
struct PlanStore::State {
  Connection db;
  std::mutex mutex;

  ErrorOr<PlanSummary> summary(int64_t plan_id) {
    auto select = TRY(db.prepare(std::string(kSelectSummaries) + "WHERE p.id = ? GROUP BY p.id"));
    select.bind(1, plan_id);
    if (!TRY(select.step())) return unknown_plan(db, plan_id);
    return read_plan_summary(select);
  }

  ErrorOr<std::string> version_text(int64_t plan_id, int64_t version) {
    auto select =
        TRY(db.prepare("SELECT toml FROM plan_versions WHERE plan_id = ? AND version = ?"));
    select.bind(1, plan_id).bind(2, version);
    if (!TRY(select.step())) {
      auto latest = TRY(summary(plan_id)).version;
      return Error::make("unknown_version",
                         fmt::format("plan {} has no version {} (the latest is version {})",
                                     plan_id, version, latest),
                         "version");
    }
    return select.column_text(0);
  }

  // A stored version always parsed when it was stored; if it no longer does, the database was
  // changed behind the store's back, which ends the operation.
  ErrorOr<plans::Plan> parse_version(int64_t plan_id, int64_t version) {
    auto text = TRY(version_text(plan_id, version));
    auto source = fmt::format("database {}, plan {} version {}", db.path(), plan_id, version);
    auto plan = plans::parse_plan(text, source);
    if (plan.is_error()) {
      return Error::make("database_error",
                         fmt::format("stored plan no longer reads: {}", plan.error().message),
                         db.path());
    }
    return plan;
  }

  ErrorOr<double> stored_number(const Statement& row, int column, int64_t id) {
    std::string text = row.column_text(column);
    auto number = parse_number(text);
    if (!number) {
      return Error::make("database_error",
                         fmt::format("database {}: progress report {} holds \"{}\", not a number",
                                     db.path(), id, text),
                         db.path());
    }
    return *number;
  }

  ErrorOr<ProgressRecord> read_record(const Statement& row) {
    ProgressRecord record;
    record.id = row.column_int(0);
    record.version = row.column_int(1);
    record.progress.action = row.column_text(2);
    auto date = Date::parse(row.column_text(3));
    if (date.is_error()) {
      return Error::make("database_error",
                         fmt::format("database {}: progress report {}: {}", db.path(), record.id,
                                     date.error().message),
                         db.path());
    }
    record.progress.date = date.value();
    record.progress.percent = TRY(stored_number(row, 4, record.id));
    record.progress.spent = TRY(stored_number(row, 5, record.id));
    record.progress.note = row.column_optional_text(6);
    record.recorded_at = row.column_text(7);
    record.recorded_by = row.column_optional_text(8);
    return record;
  }

  ErrorOr<std::vector<ProgressRecord>> progress(int64_t plan_id) {
    auto select = TRY(db.prepare(
        "SELECT id, version, action_id, date, percent, spent, note, recorded_at, recorded_by "
        "FROM plan_progress WHERE plan_id = ? ORDER BY id"));
    select.bind(1, plan_id);
    std::vector<ProgressRecord> records;
    while (TRY(select.step())) records.push_back(TRY(read_record(select)));
    return records;
  }

  ErrorOr<plans::Plan> load(int64_t plan_id) {
    auto latest = TRY(summary(plan_id)).version;
    auto plan = TRY(parse_version(plan_id, latest));
    auto records = TRY(progress(plan_id));
    plan.progress.clear();
    for (auto& record : records) plan.progress.push_back(std::move(record.progress));
    return plan;
  }

  ErrorOr<void> insert_version(int64_t plan_id, int64_t version, std::string_view toml_text,
                               const std::optional<std::string>& recorded_by) {
    auto insert = TRY(db.prepare(
        "INSERT INTO plan_versions (plan_id, version, toml, recorded_by) VALUES (?, ?, ?, ?)"));
    return insert.bind(1, plan_id)
        .bind(2, version)
        .bind(3, toml_text)
        .bind_optional(4, recorded_by)
        .run();
  }

  ErrorOr<ProgressRecord> insert_progress(int64_t plan_id, int64_t version,
                                          const plans::Progress& progress,
                                          const std::optional<std::string>& recorded_by) {
    auto insert = TRY(db.prepare(
        "INSERT INTO plan_progress (plan_id, version, action_id, date, percent, spent, note, "
        "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, recorded_at"));
    insert.bind(1, plan_id)
        .bind(2, version)
        .bind(3, progress.action)
        .bind(4, progress.date.to_string())
        .bind(5, number_text(progress.percent))
        .bind(6, number_text(progress.spent))
        .bind_optional(7, progress.note)
        .bind_optional(8, recorded_by);
    if (!TRY(insert.step())) return db.error("recording a progress report");
    ProgressRecord record{insert.column_int(0), version, progress, insert.column_text(1),
                          recorded_by};
    TRY(insert.step());
    return record;
  }
};

PlanStore::PlanStore(std::unique_ptr<State> state) : state_(std::move(state)) {}
PlanStore::PlanStore(PlanStore&&) noexcept = default;
PlanStore& PlanStore::operator=(PlanStore&&) noexcept = default;
PlanStore::~PlanStore() = default;

ErrorOr<PlanStore> PlanStore::open(const std::string& path, Create create) {
  if (create == Create::never && !std::filesystem::exists(path)) {
    return Error::make("database_error",
                       fmt::format("database {} does not exist (import a plan into it with "
                                   "`opennrm plan import`)",
                                   path),
                       path);
  }
  auto db = TRY(Connection::open(path, create == Create::if_missing));
  TRY(migrate(db));
  // State holds a mutex, so it is built in place rather than moved.
  return PlanStore(std::unique_ptr<State>(new State{std::move(db), {}}));
}

ErrorOr<int64_t> PlanStore::import_plan(std::string_view toml_text, std::string_view source_name,
                                        const std::optional<std::string>& recorded_by) {
  auto plan = TRY(plans::parse_plan(toml_text, source_name));
  std::lock_guard lock(state_->mutex);
  auto& db = state_->db;
  auto transaction = TRY(Transaction::begin(db));
  auto insert = TRY(db.prepare("INSERT INTO plans (title, country) VALUES (?, ?)"));
  TRY(insert.bind(1, plan.title).bind(2, plan.country).run());
  int64_t plan_id = db.last_insert_rowid();
  TRY(state_->insert_version(plan_id, 1, toml_text, recorded_by));
  for (const auto& report : plan.progress) {
    TRY(state_->insert_progress(plan_id, 1, report, recorded_by));
  }
  TRY(transaction.commit());
  return plan_id;
}

ErrorOr<int64_t> PlanStore::replace_plan(int64_t plan_id, std::string_view toml_text,
                                         std::string_view source_name,
                                         const std::optional<std::string>& recorded_by) {
  auto plan = TRY(plans::parse_plan(toml_text, source_name));
  std::lock_guard lock(state_->mutex);
  auto& db = state_->db;
  auto transaction = TRY(Transaction::begin(db));
  int64_t version = TRY(state_->summary(plan_id)).version + 1;
  auto recorded = TRY(state_->progress(plan_id));
  for (const auto& record : recorded) {
    if (plans::find_action(plan, record.progress.action)) continue;
    return Error::make(
        "plan_invalid",
        fmt::format("{}: action \"{}\" is missing, but plan {} has progress reports on it; a new "
                    "version must keep every action with reports",
                    source_name, record.progress.action, plan_id),
        fmt::format("action[{}]", record.progress.action));
  }
  TRY(state_->insert_version(plan_id, version, toml_text, recorded_by));
  auto update = TRY(db.prepare("UPDATE plans SET title = ?, country = ? WHERE id = ?"));
  TRY(update.bind(1, plan.title).bind(2, plan.country).bind(3, plan_id).run());
  // A file entry equal to a recorded report is that report (an exported plan carries them all).
  // Each recorded report matches at most one entry, so a report the file repeats on purpose is
  // recorded again.
  std::vector<bool> matched(recorded.size(), false);
  for (const auto& report : plan.progress) {
    bool known = false;
    for (size_t i = 0; i < recorded.size() && !known; ++i) {
      known = !matched[i] && recorded[i].progress == report;
      if (known) matched[i] = true;
    }
    if (!known) TRY(state_->insert_progress(plan_id, version, report, recorded_by));
  }
  TRY(transaction.commit());
  return version;
}

ErrorOr<ProgressRecord> PlanStore::record_progress(int64_t plan_id, const plans::Progress& progress,
                                                   const std::optional<std::string>& recorded_by) {
  std::lock_guard lock(state_->mutex);
  auto& db = state_->db;
  auto transaction = TRY(Transaction::begin(db));
  int64_t version = TRY(state_->summary(plan_id)).version;
  auto plan = TRY(state_->parse_version(plan_id, version));
  if (auto fault = plans::progress_fault(plan, progress)) {
    return Error::make("progress_invalid",
                       fmt::format("plan {}: progress on action \"{}\": key \"{}\" {}", plan_id,
                                   progress.action, fault->key, fault->what),
                       fault->key);
  }
  auto record = TRY(state_->insert_progress(plan_id, version, progress, recorded_by));
  TRY(transaction.commit());
  return record;
}

ErrorOr<std::vector<PlanSummary>> PlanStore::list_plans() {
  std::lock_guard lock(state_->mutex);
  auto select =
      TRY(state_->db.prepare(std::string(kSelectSummaries) + "GROUP BY p.id ORDER BY p.id"));
  std::vector<PlanSummary> summaries;
  while (TRY(select.step())) summaries.push_back(read_plan_summary(select));
  return summaries;
}

ErrorOr<plans::Plan> PlanStore::load_plan(int64_t plan_id) {
  std::lock_guard lock(state_->mutex);
  return state_->load(plan_id);
}

ErrorOr<PlanHistory> PlanStore::history(int64_t plan_id) {
  std::lock_guard lock(state_->mutex);
  PlanHistory history;
  history.summary = TRY(state_->summary(plan_id));
  auto select = TRY(state_->db.prepare(
      "SELECT version, recorded_at, recorded_by FROM plan_versions WHERE plan_id = ? "
      "ORDER BY version"));
  select.bind(1, plan_id);
  while (TRY(select.step())) {
    history.versions.push_back(
        {select.column_int(0), select.column_text(1), select.column_optional_text(2)});
  }
  history.progress = TRY(state_->progress(plan_id));
  return history;
}

ErrorOr<std::string> PlanStore::export_toml(int64_t plan_id, std::optional<int64_t> version) {
  std::lock_guard lock(state_->mutex);
  if (version) return state_->version_text(plan_id, *version);
  return plans::to_toml(TRY(state_->load(plan_id)));
}

}  // namespace opennrm::store

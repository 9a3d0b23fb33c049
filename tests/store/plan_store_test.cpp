#include "store/plan_store.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "../core/date_literal.h"
#include "../plans/plan_toml.h"
#include "core/json.h"
#include "plans/assessment.h"
#include "plans/plan_file.h"
#include "plans/report.h"
#include "store/sqlite.h"
#include "store_test_support.h"

namespace opennrm::store {
namespace {

using plans::testing::ActionToml;
using plans::testing::plan_toml;
using plans::testing::progress_toml;
using testing::TempDatabase;

using opennrm::testing::d;

PlanStore open_store(const TempDatabase& dir) {
  return PlanStore::open(dir.path(), PlanStore::Create::if_missing).release_value();
}

int64_t count(const TempDatabase& dir, const std::string& table) {
  auto db = Connection::open(dir.path(), false).release_value();
  return db.query_int("SELECT count(*) FROM " + table).value();
}

std::string assessment_json(const plans::Plan& plan, Date as_of) {
  return to_json_text(plans::to_json(plans::assess(plan, as_of, false)));
}

// Two actions with budgets in two currencies, and reports whose numbers have no short decimal
// form, a note with quotes and two reports on one date.
const std::string kPlan =
    plan_toml({ActionToml("A1").set("end", "2026-06-30").set("budget", "3000"),
               ActionToml("A2", "protection").set("currency", "\"USD\"").set("budget", "0.3")}) +
    progress_toml("A1", "2026-05-01", "33.333333333333336", "1000.1") +
    progress_toml("A2", "2026-05-01", "10", "0.1") + progress_toml("A1", "2026-05-01", "40") +
    "note = \"Said \\\"done\\\" twice\"\n";

TEST(PlanStore, AnExportedPlanReadsBackAsTheStoredPlanWithTheSameAssessment) {
  TempDatabase dir;
  auto store = open_store(dir);
  auto plan_id = store.import_plan(kPlan, "plan.toml");
  ASSERT_FALSE(plan_id.is_error()) << plan_id.error().message;
  auto stored = store.load_plan(*plan_id).release_value();
  EXPECT_EQ(stored, plans::parse_plan(kPlan, "plan.toml").value());

  auto exported = store.export_toml(*plan_id).release_value();
  auto reread = plans::parse_plan(exported, "export.toml");
  ASSERT_FALSE(reread.is_error()) << reread.error().message;
  EXPECT_EQ(*reread, stored);
  for (auto as_of : {d("2026-04-01"), d("2026-05-01"), d("2027-01-01")}) {
    EXPECT_EQ(assessment_json(*reread, as_of), assessment_json(stored, as_of));
  }
}

TEST(PlanStore, AnInvalidFileIsRefusedWithItsActionAndKeyAndNothingIsStored) {
  TempDatabase dir;
  auto store = open_store(dir);
  auto result =
      store.import_plan(plan_toml({ActionToml("A1").set("pillar", "\"protest\"")}), "bad.toml");
  ASSERT_TRUE(result.is_error());
  EXPECT_EQ(result.error().code, "plan_invalid");
  EXPECT_NE(result.error().message.find("bad.toml"), std::string::npos);
  EXPECT_NE(result.error().message.find("\"A1\""), std::string::npos);
  EXPECT_NE(result.error().message.find("\"pillar\""), std::string::npos);
  EXPECT_TRUE(store.list_plans()->empty());
  EXPECT_EQ(count(dir, "plan_versions"), 0);
}

TEST(PlanStore, AProgressReportBreakingTheFileRulesIsRefusedAndNothingIsStored) {
  TempDatabase dir;
  auto store = open_store(dir);
  auto plan_id = store.import_plan(plan_toml({ActionToml("A1")}), "plan.toml").value();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double infinity = std::numeric_limits<double>::infinity();
  const std::tuple<const char*, double, double, const char*> refused[] = {
      {"A9", 10, 0, "action"},   {"A1", 101, 0, "percent"},     {"A1", -1, 0, "percent"},
      {"A1", nan, 0, "percent"}, {"A1", 10, -0.5, "spent"},     {"A1", 10, infinity, "spent"},
      {"A1", 10, nan, "spent"},  {"A1", infinity, 0, "percent"}};
  for (auto [action, percent, spent, key] : refused) {
    auto result = store.record_progress(plan_id, {action, d("2026-05-01"), percent, spent, {}});
    ASSERT_TRUE(result.is_error()) << action << " " << percent << " " << spent;
    EXPECT_EQ(result.error().code, "progress_invalid");
    EXPECT_EQ(result.error().field, key);
    EXPECT_NE(result.error().message.find(fmt::format("\"{}\"", action)), std::string::npos)
        << result.error().message;
    EXPECT_NE(result.error().message.find(fmt::format("\"{}\"", key)), std::string::npos)
        << result.error().message;
  }
  EXPECT_EQ(count(dir, "plan_progress"), 0);
  auto unknown = store.record_progress(plan_id + 1, {"A1", d("2026-05-01"), 10, 0, {}});
  ASSERT_TRUE(unknown.is_error());
  EXPECT_EQ(unknown.error().code, "unknown_plan");
  EXPECT_EQ(count(dir, "plan_progress"), 0);
  // The bounds themselves are allowed.
  EXPECT_FALSE(store.record_progress(plan_id, {"A1", d("2026-05-01"), 0, 0, {}}).is_error());
  EXPECT_FALSE(store.record_progress(plan_id, {"A1", d("2026-05-02"), 100, 5, "x"}).is_error());
  EXPECT_EQ(count(dir, "plan_progress"), 2);
}

TEST(PlanStore, StoredProgressIsMonitoredAsOfADate) {
  TempDatabase dir;
  auto store = open_store(dir);
  auto plan_id =
      store
          .import_plan(plan_toml({ActionToml("A1").set("end", "2026-06-30").set("budget", "1000")}),
                       "plan.toml")
          .value();
  auto record = store.record_progress(plan_id, {"A1", d("2026-05-01"), 50, 400, {}}, "coordinator");
  ASSERT_FALSE(record.is_error()) << record.error().message;
  EXPECT_EQ(record->version, 1);
  EXPECT_EQ(record->recorded_by, "coordinator");
  ASSERT_FALSE(store.record_progress(plan_id, {"A1", d("2026-07-15"), 90, 900, {}}).is_error());
  // On equal dates the report recorded later wins.
  ASSERT_FALSE(store.record_progress(plan_id, {"A1", d("2026-07-15"), 100, 950, {}}).is_error());

  auto plan = store.load_plan(plan_id).release_value();
  auto july = plans::assess(plan, d("2026-07-01"), false);
  ASSERT_EQ(july.overdue.size(), 1u);
  EXPECT_EQ(july.overdue[0].percent, 50);
  EXPECT_DOUBLE_EQ(july.budget_execution.at("EUR").share(), 0.4);
  auto august = plans::assess(plan, d("2026-08-01"), false);
  EXPECT_TRUE(august.overdue.empty());
  EXPECT_DOUBLE_EQ(august.budget_execution.at("EUR").share(), 0.95);
}

TEST(PlanStore, ReplacingAPlanKeepsEveryVersionAndTheProgress) {
  TempDatabase dir;
  auto store = open_store(dir);
  const std::string first = "# As the ministry sent it.\n" + plan_toml({ActionToml("A1")});
  auto plan_id = store.import_plan(first, "v1.toml").value();
  ASSERT_FALSE(store.record_progress(plan_id, {"A1", d("2026-05-01"), 20, 0, {}}).is_error());

  std::string second = plan_toml({ActionToml("A1"), ActionToml("A2", "protection")});
  second.replace(second.find("National Action Plan"), 20, "Revised Plan");
  auto version = store.replace_plan(plan_id, second, "v2.toml", "editor");
  ASSERT_FALSE(version.is_error()) << version.error().message;
  EXPECT_EQ(*version, 2);
  ASSERT_FALSE(store.record_progress(plan_id, {"A2", d("2026-06-01"), 10, 0, {}}).is_error());

  auto plan = store.load_plan(plan_id).release_value();
  EXPECT_EQ(plan.title, "Revised Plan 2026-2028");
  ASSERT_EQ(plan.actions.size(), 2u);
  ASSERT_EQ(plan.progress.size(), 2u);
  EXPECT_EQ(plan.progress[0].action, "A1");
  EXPECT_EQ(plan.progress[1].action, "A2");

  auto history = store.history(plan_id).release_value();
  EXPECT_EQ(history.summary.version, 2);
  EXPECT_EQ(history.summary.title, "Revised Plan 2026-2028");
  ASSERT_EQ(history.versions.size(), 2u);
  EXPECT_EQ(history.versions[1].recorded_by, "editor");
  ASSERT_EQ(history.progress.size(), 2u);
  EXPECT_EQ(history.progress[0].version, 1);
  EXPECT_EQ(history.progress[1].version, 2);
  EXPECT_LT(history.progress[0].id, history.progress[1].id);

  EXPECT_EQ(store.export_toml(plan_id, 1).value(), first);
  EXPECT_EQ(store.export_toml(plan_id, 2).value(), second);
  auto missing = store.export_toml(plan_id, 3);
  ASSERT_TRUE(missing.is_error());
  EXPECT_EQ(missing.error().code, "unknown_version");
  ASSERT_EQ(store.list_plans()->size(), 1u);
  EXPECT_EQ(store.list_plans()->front().version, 2);
}

TEST(PlanStore, ReplacingWithAnExportRecordsOnlyTheNewReports) {
  TempDatabase dir;
  auto store = open_store(dir);
  auto plan_id = store.import_plan(kPlan, "plan.toml").value();
  auto exported = store.export_toml(plan_id).value();
  ASSERT_EQ(store.replace_plan(plan_id, exported, "export.toml").value(), 2);
  EXPECT_EQ(count(dir, "plan_progress"), 3);
  // A report written into the file, and one already recorded written twice, are recorded.
  auto edited = exported + progress_toml("A2", "2026-06-01", "20") +
                progress_toml("A2", "2026-05-01", "10", "0.1");
  ASSERT_EQ(store.replace_plan(plan_id, edited, "edited.toml").value(), 3);
  EXPECT_EQ(count(dir, "plan_progress"), 5);
  EXPECT_EQ(store.load_plan(plan_id)->progress, plans::parse_plan(edited, "edited.toml")->progress);
}

TEST(PlanStore, AVersionDroppingAnActionWithProgressIsRefused) {
  TempDatabase dir;
  auto store = open_store(dir);
  auto plan_id =
      store.import_plan(plan_toml({ActionToml("A1"), ActionToml("A2")}), "plan.toml").value();
  ASSERT_FALSE(store.record_progress(plan_id, {"A2", d("2026-05-01"), 20, 0, {}}).is_error());
  auto result = store.replace_plan(plan_id, plan_toml({ActionToml("A1")}), "v2.toml");
  ASSERT_TRUE(result.is_error());
  EXPECT_EQ(result.error().code, "plan_invalid");
  EXPECT_NE(result.error().message.find("\"A2\""), std::string::npos) << result.error().message;
  EXPECT_EQ(count(dir, "plan_versions"), 1);
  EXPECT_EQ(store.load_plan(plan_id)->actions.size(), 2u);
}

TEST(PlanStore, AWriteThatFailsHalfwayStoresNothing) {
  TempDatabase dir;
  auto store = open_store(dir);
  {
    // A trigger stands in for a disk that fills up while the second report is written.
    auto db = Connection::open(dir.path(), false).release_value();
    ASSERT_FALSE(db.execute("CREATE TRIGGER fail_on_a2 BEFORE INSERT ON plan_progress "
                            "WHEN NEW.action_id = 'A2' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
                     .is_error());
  }
  auto text = plan_toml({ActionToml("A1"), ActionToml("A2")}) +
              progress_toml("A1", "2026-05-01", "10") + progress_toml("A2", "2026-05-01", "10");
  auto result = store.import_plan(text, "plan.toml");
  ASSERT_TRUE(result.is_error());
  EXPECT_EQ(result.error().code, "database_error");
  EXPECT_EQ(count(dir, "plans"), 0);
  EXPECT_EQ(count(dir, "plan_versions"), 0);
  EXPECT_EQ(count(dir, "plan_progress"), 0);

  auto plan_id = store.import_plan(plan_toml({ActionToml("A1"), ActionToml("A2")}), "plan.toml");
  ASSERT_FALSE(plan_id.is_error());
  ASSERT_TRUE(store.replace_plan(*plan_id, text, "v2.toml").is_error());
  EXPECT_EQ(count(dir, "plan_versions"), 1);
  EXPECT_EQ(count(dir, "plan_progress"), 0);
  EXPECT_EQ(store.history(*plan_id)->summary.version, 1);
}

TEST(PlanStore, PlansLiveInTheDatabaseFile) {
  TempDatabase dir;
  auto missing = PlanStore::open(dir.path());
  ASSERT_TRUE(missing.is_error());
  EXPECT_NE(missing.error().message.find(dir.path()), std::string::npos);
  {
    auto store = open_store(dir);
    EXPECT_EQ(store.import_plan(kPlan, "a.toml").value(), 1);
    EXPECT_EQ(store.import_plan(kPlan, "b.toml").value(), 2);
  }
  auto reopened = PlanStore::open(dir.path()).release_value();
  auto plans = reopened.list_plans().release_value();
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[1].id, 2);
  EXPECT_EQ(plans[1].title, "National Action Plan 2026-2028");
  EXPECT_EQ(plans[1].country, "XX");
  EXPECT_EQ(reopened.load_plan(3).error().code, "unknown_plan");
}

}  // namespace
}  // namespace opennrm::store

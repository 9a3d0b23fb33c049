// The command-line contract of the stored plans: `opennrm plan import`, `list`, `progress`,
// `replace`, `show`, `history` and `export` over a database, their JSON and exit codes.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cli_runner.h"

namespace opennrm {
namespace {

using testing::CommandResult;
using testing::run_opennrm;
using testing::temp_dir;
using testing::write_file;

std::string example(const std::string& name) {
  return std::string(OPENNRM_SOURCE_DIR) + "/examples/plans/" + name + ".toml";
}

const std::string kPlan = R"([plan]
title = "National Action Plan"
country = "XX"
start = 2026-01-01
end = 2028-12-31

[[action]]
id = "A1"
title = "Train labour inspectors"
pillar = "prevention"
covers = ["all"]
responsible = "Labour Inspectorate"
start = 2026-01-01
end = 2026-06-30
staff_fte = 2
budget = 1000
currency = "EUR"
indicator = "Inspectors trained"

[[action]]
id = "A2"
title = "Shelter places"
pillar = "protection"
covers = ["all"]
responsible = "Ministry of Social Affairs"
start = 2026-01-01
end = 2027-12-31
staff_fte = 4
budget = 5000
currency = "EUR"
indicator = "Places open"

[[progress]]
action = "A2"
date = 2026-03-31
percent = 10
spent = 500
)";

// A fresh database in its own directory, and the commands run against it.
class PlanDatabase {
 public:
  PlanDatabase() : db_(temp_dir() + "/nrm.db") {}

  CommandResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), "plan");
    args.insert(args.begin() + 2, {"--db", db_});
    return run_opennrm(args);
  }

  int64_t import(const std::string& toml) const {
    return import_file(write_file(temp_dir() + "/plan.toml", toml));
  }

  int64_t import_file(const std::string& path) const {
    auto result = run({"import", path});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return boost::json::parse(result.out).at("plan_id").as_int64();
  }

 private:
  std::string db_;
};

boost::json::value json_of(const CommandResult& result) {
  return boost::json::parse(result.out);
}

void expect_invalid(const CommandResult& result, const std::vector<std::string>& fragments) {
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_EQ(result.out, "") << "nothing on standard output";
  for (const auto& fragment : fragments) {
    EXPECT_NE(result.err.find(fragment), std::string::npos)
        << "'" << fragment << "' not in: " << result.err;
  }
}

TEST(PlanStoreCli, ImportPrintsThePlanIdAndListShowsThePlans) {
  PlanDatabase db;
  auto first = db.run({"import", example("actionable")});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(json_of(first), boost::json::parse(R"({"plan_id": 1})"));
  EXPECT_EQ(db.import(kPlan), 2);

  auto list = db.run({"list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto plans = json_of(list).at("plans").as_array();
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[1].at("plan_id"), 2);
  EXPECT_EQ(plans[1].at("title"), "National Action Plan");
  EXPECT_EQ(plans[1].at("country"), "XX");
  EXPECT_EQ(plans[1].at("version"), 1);
}

TEST(PlanStoreCli, ShowGivesTheAssessmentAndExitCodeOfPlanCheck) {
  PlanDatabase db;
  for (const char* name : {"actionable", "needs-work", "paper-tiger"}) {
    auto id = std::to_string(db.import_file(example(name)));
    for (std::vector<std::string> options : {std::vector<std::string>{"--as-of", "2026-07-01"},
                                             {"--as-of", "2027-02-01", "--eu"},
                                             {"--as-of", "2026-07-01", "--format", "text"}}) {
      std::vector<std::string> check{"plan", "check"};
      check.insert(check.end(), options.begin(), options.end());
      check.push_back(example(name));
      auto expected = run_opennrm(check);
      std::vector<std::string> show{"show", "--plan", id};
      show.insert(show.end(), options.begin(), options.end());
      auto shown = db.run(show);
      EXPECT_EQ(shown.exit_code, expected.exit_code) << name << shown.err;
      EXPECT_EQ(shown.out, expected.out) << name;
    }
  }
}

TEST(PlanStoreCli, RecordedProgressChangesWhatShowMonitors) {
  PlanDatabase db;
  auto id = std::to_string(db.import(kPlan));
  auto before = json_of(db.run({"show", "--plan", id, "--as-of", "2026-07-01"}));
  EXPECT_EQ(before.at("overdue"), boost::json::array{"A1"});
  EXPECT_DOUBLE_EQ(before.at("budget_execution").at("EUR").to_number<double>(), 500.0 / 6000.0);

  auto recorded = db.run({"progress", "--plan", id, "--action", "A1", "--date", "2026-06-30",
                          "--percent", "100", "--spent", "900.5", "--note", "All regions done"});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  auto record = json_of(recorded);
  EXPECT_EQ(record.at("plan_id"), std::stoll(id));
  EXPECT_EQ(record.at("action"), "A1");
  EXPECT_EQ(record.at("date"), "2026-06-30");
  EXPECT_EQ(record.at("percent").to_number<double>(), 100);
  EXPECT_EQ(record.at("spent").to_number<double>(), 900.5);
  EXPECT_EQ(record.at("note"), "All regions done");

  auto after = db.run({"show", "--plan", id, "--as-of", "2026-07-01"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(json_of(after).at("overdue"), boost::json::array{});
  EXPECT_DOUBLE_EQ(json_of(after).at("budget_execution").at("EUR").to_number<double>(),
                   1400.5 / 6000.0);
  // Progress dated after the monitoring date is ignored.
  auto earlier = json_of(db.run({"show", "--plan", id, "--as-of", "2026-06-29"}));
  EXPECT_DOUBLE_EQ(earlier.at("budget_execution").at("EUR").to_number<double>(), 500.0 / 6000.0);
}

TEST(PlanStoreCli, RefusedProgressExitsTwoNamingActionAndFieldAndStoresNothing) {
  PlanDatabase db;
  auto id = std::to_string(db.import(kPlan));
  auto progress = [&](const std::string& action, const std::string& date,
                      const std::string& percent, const std::string& spent) {
    return db.run({"progress", "--plan", id, "--action", action, "--date", date, "--percent",
                   percent, "--spent", spent});
  };
  expect_invalid(progress("A9", "2026-05-01", "10", "0"), {"A9", "action"});
  expect_invalid(progress("A1", "2026-05-01", "101", "0"), {"A1", "percent", "101"});
  expect_invalid(progress("A1", "2026-05-01", "-5", "0"), {"A1", "percent"});
  expect_invalid(progress("A1", "2026-05-01", "10", "-1"), {"A1", "spent"});
  expect_invalid(progress("A1", "2026-02-30", "10", "0"), {"date"});
  expect_invalid(progress("A1", "2026-05-01", "ten", "0"), {"percent"});
  expect_invalid(db.run({"progress", "--plan", "99", "--action", "A1", "--date", "2026-05-01",
                         "--percent", "10"}),
                 {"plan 99"});
  auto history = json_of(db.run({"history", "--plan", id}));
  EXPECT_EQ(history.at("progress").as_array().size(), 1u) << "only the file's report";
}

TEST(PlanStoreCli, CheckingTheExportGivesTheStoredPlansAssessment) {
  PlanDatabase db;
  auto id = std::to_string(db.import(kPlan));
  ASSERT_EQ(db.run({"progress", "--plan", id, "--action", "A1", "--date", "2026-05-01", "--percent",
                    "33.3", "--spent", "123.45"})
                .exit_code,
            0);
  auto exported = db.run({"export", "--plan", id});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto path = write_file(temp_dir() + "/export.toml", exported.out);
  for (const char* as_of : {"2026-04-01", "2026-05-01", "2026-07-01"}) {
    auto checked = run_opennrm({"plan", "check", "--as-of", as_of, path});
    auto shown = db.run({"show", "--plan", id, "--as-of", as_of});
    EXPECT_EQ(checked.exit_code, shown.exit_code) << as_of;
    EXPECT_EQ(checked.out, shown.out) << as_of;
  }
}

TEST(PlanStoreCli, HistoryListsVersionsAndProgressInOrder) {
  PlanDatabase db;
  auto original = write_file(temp_dir() + "/v1.toml", kPlan);
  auto id = std::to_string(json_of(db.run({"import", original})).at("plan_id").as_int64());
  ASSERT_EQ(db.run({"progress", "--plan", id, "--action", "A1", "--date", "2026-04-01", "--percent",
                    "50"})
                .exit_code,
            0);
  std::string revised = kPlan;
  revised.replace(revised.find("title = \"National Action Plan\""), 30,
                  "title = \"Revised Action Plan\"");
  auto replaced = db.run({"replace", "--plan", id, write_file(temp_dir() + "/v2.toml", revised)});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(json_of(replaced).at("version"), 2);

  auto result = db.run({"history", "--plan", id});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto history = json_of(result);
  EXPECT_EQ(history.at("title"), "Revised Action Plan");
  auto versions = history.at("versions").as_array();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].at("version"), 1);
  EXPECT_EQ(versions[1].at("version"), 2);
  auto progress = history.at("progress").as_array();
  ASSERT_EQ(progress.size(), 2u) << "the replacing file's report was recorded already";
  EXPECT_EQ(progress[0].at("action"), "A2");
  EXPECT_EQ(progress[0].at("version"), 1);
  EXPECT_EQ(progress[1].at("action"), "A1");
  EXPECT_EQ(progress[1].at("percent").to_number<double>(), 50);

  auto first = db.run({"export", "--plan", id, "--version", "1"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, kPlan);
  expect_invalid(db.run({"export", "--plan", id, "--version", "3"}), {"version 3"});
}

TEST(PlanStoreCli, InvalidInputExitsTwo) {
  PlanDatabase db;
  std::string bad = kPlan;
  bad.replace(bad.find("pillar = \"protection\""), 21, "pillar = \"protest\"");
  expect_invalid(db.run({"import", write_file(temp_dir() + "/bad.toml", bad)}), {"A2", "pillar"});
  expect_invalid(db.run({"show", "--plan", "1"}), {"plan 1"});
  expect_invalid(run_opennrm({"plan", "list", "--db", temp_dir() + "/missing.db"}), {"missing.db"});
  auto id = std::to_string(db.import(kPlan));
  expect_invalid(db.run({"show", "--plan", id, "--as-of", "2026-13-01"}), {"as-of"});
  EXPECT_EQ(db.run({"show", "--plan", id, "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(db.run({"show"}).exit_code, 2);
}

TEST(PlanStoreCli, EveryCommandHasHelp) {
  for (const char* command :
       {"import", "list", "progress", "replace", "show", "history", "export", "check"}) {
    auto result = run_opennrm({"plan", command, "--help"});
    EXPECT_EQ(result.exit_code, 0) << command;
    EXPECT_NE(result.out.find(command), std::string::npos) << command;
  }
}

}  // namespace
}  // namespace opennrm

// The database commands as a user runs them: init, case new/record/show, alerts, demo.

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "cli_runner.h"

namespace opennrm::testing {
namespace {

const std::string kIdentifiedChild =
    R"({"type": "identified", "date": "2026-01-10", "by_agency_type": "police", "sex": "female",
        "age_status": "child", "residence_status": "irregular", "citizenship": ["NG"],
        "forms": ["sexual_exploitation"], "countries_of_exploitation": ["AT"]})";

boost::json::value json(const CommandResult& result) {
  return boost::json::parse(result.out);
}

std::string init_db() {
  std::string db = temp_dir() + "/cases.db";
  auto result = run_opennrm({"init", "--db", db});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return db;
}

TEST(StoreCli, InitRefusesAnUnwritablePathNamingIt) {
  auto result = run_opennrm({"init", "--db", "/nonexistent-opennrm-dir/cases.db"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("/nonexistent-opennrm-dir/cases.db"), std::string::npos);
}

TEST(StoreCli, InitTwiceIsRefused) {
  std::string db = init_db();
  auto again = run_opennrm({"init", "--db", db});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already initialised"), std::string::npos) << again.err;
}

TEST(StoreCli, CommandsOnAMissingDatabaseFailWithoutCreatingIt) {
  std::string db = temp_dir() + "/missing.db";
  auto result = run_opennrm({"case", "new", "--db", db, "-"}, kIdentifiedChild);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(db), std::string::npos);
  EXPECT_EQ(run_opennrm({"alerts", "--db", db}).exit_code, 2);
}

TEST(StoreCli, NewRecordShow) {
  std::string db = init_db();
  auto opened = run_opennrm({"case", "new", "--db", db, "-"}, kIdentifiedChild);
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  int64_t id = json(opened).at("case_id").as_int64();

  auto refused = run_opennrm(
      {"case", "record", "--db", db, "--case", std::to_string(id), "-"},
      R"({"type": "returned", "date": "2026-01-12", "country": "NG", "voluntary": false})");
  EXPECT_EQ(refused.exit_code, 1);
  auto rejected = json(refused).at("rejected").as_object();
  EXPECT_EQ(rejected.at("code"), "removal_prohibited");
  EXPECT_TRUE(rejected.contains("message"));
  EXPECT_TRUE(rejected.contains("source"));

  std::string event_file = write_file(temp_dir() + "/guardian.json",
                                      R"({"type": "guardian_appointed", "date": "2026-01-12"})");
  auto stored =
      run_opennrm({"case", "record", "--db", db, "--case", std::to_string(id), event_file});
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_EQ(json(stored), boost::json::parse(R"({"stored": true, "seq": 2})"));

  auto shown = run_opennrm(
      {"case", "show", "--db", db, "--case", std::to_string(id), "--as-of", "2026-01-20"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  auto show = json(shown).as_object();
  EXPECT_EQ(show.at("case_id").as_int64(), id);
  EXPECT_EQ(show.at("state").at("stage"), "reasonable_grounds");
  EXPECT_TRUE(show.at("alerts").as_array().empty());
  ASSERT_EQ(show.at("events").as_array().size(), 2u);  // The refused return is not there.
  EXPECT_EQ(show.at("events").as_array()[1].at("type"), "guardian_appointed");
}

TEST(StoreCli, NewWithARefusedEventExitsOneAndStoresNothing) {
  std::string db = init_db();
  auto refused = run_opennrm({"case", "new", "--db", db, "-"},
                             R"({"type": "permit_applied", "date": "2026-01-10"})");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(json(refused).at("rejected").at("code"), "invalid_event");
  auto shown = run_opennrm({"case", "show", "--db", db, "--case", "1"});
  EXPECT_EQ(shown.exit_code, 2);
}

TEST(StoreCli, BadInputExitsTwo) {
  std::string db = init_db();
  EXPECT_EQ(run_opennrm({"case", "new", "--db", db, "-"}, "{not json").exit_code, 2);
  EXPECT_EQ(run_opennrm({"case", "show", "--db", db, "--case", "7"}).exit_code, 2);
  EXPECT_EQ(run_opennrm({"alerts", "--db", db, "--as-of", "2026-02-30"}).exit_code, 2);
  EXPECT_EQ(run_opennrm({"alerts", "--db", db, "--format", "xml"}).exit_code, 2);
}

TEST(StoreCli, AlertsAcrossCasesSoonestFirst) {
  std::string db = init_db();
  std::string later = kIdentifiedChild;
  later.replace(later.find("2026-01-10"), 10, "2026-01-15");
  ASSERT_EQ(run_opennrm({"case", "new", "--db", db, "-"}, later).exit_code, 0);
  ASSERT_EQ(run_opennrm({"case", "new", "--db", db, "-"}, kIdentifiedChild).exit_code, 0);
  auto result = run_opennrm({"alerts", "--db", db, "--as-of", "2026-01-25"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto output = json(result);
  const auto& alerts = output.at("alerts").as_array();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].at("case_id").as_int64(), 2);
  EXPECT_EQ(alerts[0].at("due"), "2026-01-13");
  EXPECT_EQ(alerts[1].at("case_id").as_int64(), 1);
  EXPECT_EQ(alerts[1].at("code"), "guardian_missing");

  auto text = run_opennrm({"alerts", "--db", db, "--as-of", "2026-01-25", "--format", "text"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_LT(text.out.find("2026-01-13"), text.out.find("2026-01-18")) << text.out;
  EXPECT_NE(text.out.find("guardian_missing"), std::string::npos);
}

TEST(StoreCli, DemoIsReproducibleAndRejectsNothing) {
  std::string dir = temp_dir();
  auto first = run_opennrm({"demo", "--db", dir + "/a.db", "--cases", "150", "--seed", "3"});
  auto second = run_opennrm({"demo", "--db", dir + "/b.db", "--cases", "150", "--seed", "3"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(json(first).at("rejected").as_int64(), 0);
  EXPECT_EQ(json(first).at("cases").as_int64(), 150);
  EXPECT_EQ(first.out, second.out);
  auto show_a =
      run_opennrm({"case", "show", "--db", dir + "/a.db", "--case", "77", "--as-of", "2026-01-01"});
  auto show_b =
      run_opennrm({"case", "show", "--db", dir + "/b.db", "--case", "77", "--as-of", "2026-01-01"});
  ASSERT_EQ(show_a.exit_code, 0) << show_a.err;
  auto events_a = json(show_a).at("events").as_array();
  auto events_b = json(show_b).at("events").as_array();
  for (auto* events : {&events_a, &events_b}) {
    for (auto& event : *events) event.as_object().erase("recorded_at");
  }
  EXPECT_EQ(events_a, events_b);
}

}  // namespace
}  // namespace opennrm::testing

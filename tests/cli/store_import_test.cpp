// `opennrm import cases` (rulebook section 5) as a user runs it.

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "cli_runner.h"

namespace opennrm::testing {
namespace {

std::string identified(const std::string& date) {
  return R"({"type": "identified", "date": ")" + date +
         R"(", "by_agency_type": "ngo", "sex": "male", "age_status": "adult",
            "residence_status": "irregular", "citizenship": ["UA"], "forms": ["forced_labour"],
            "countries_of_exploitation": ["AT"]})";
}

std::string line(const std::string& ref, const std::string& events) {
  std::string text = R"({"ref": ")" + ref + R"(", "events": [)" + events + "]}";
  // One case a line: the events above span lines only for readability.
  std::erase(text, '\n');
  return text + "\n";
}

CommandResult import(const std::string& db, const std::string& cases,
                     const std::vector<std::string>& extra = {}) {
  std::string file = write_file(temp_dir() + "/cases.jsonl", cases);
  std::vector<std::string> args = {"import", "cases", "--db", db};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(file);
  return run_opennrm(args);
}

int case_events(const std::string& db, int case_id) {
  auto shown = run_opennrm({"case", "show", "--db", db, "--case", std::to_string(case_id)});
  if (shown.exit_code != 0) return -1;
  return int(boost::json::parse(shown.out).at("events").as_array().size());
}

TEST(ImportCases, PrintsTheSummaryAndCreatesTheDatabase) {
  std::string db = temp_dir() + "/new.db";
  std::string cases =
      line("A",
           identified("2026-01-10") + R"(, {"type": "permit_applied", "date": "2026-01-11"})") +
      "   \n" +
      line("B", R"({"type": "permit_applied", "date": "2026-01-09"}, )" + identified("2026-01-10") +
                    R"(, {"type": "returned", "date": "2026-01-12", "country": "UA",
                          "voluntary": false})");
  auto result = import(db, cases);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(boost::json::parse(result.out), boost::json::parse(R"({"cases": 2, "events": 3,
      "rejected": [{"ref": "B", "index": 0, "code": "invalid_event"},
                   {"ref": "B", "index": 2, "code": "removal_prohibited"}]})"));
  EXPECT_EQ(case_events(db, 1), 2);
  EXPECT_EQ(case_events(db, 2), 1);
}

TEST(ImportCases, AStoredRefExtendsThatCaseAcrossRuns) {
  std::string db = temp_dir() + "/cases.db";
  ASSERT_EQ(import(db, line("A", identified("2026-01-10"))).exit_code, 0);
  auto second = import(db, line("A", R"({"type": "permit_applied", "date": "2026-01-20"})") +
                               line("A", R"({"type": "permit_applied", "date": "2026-01-05"})"));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(boost::json::parse(second.out), boost::json::parse(R"({"cases": 2, "events": 1,
      "rejected": [{"ref": "A", "index": 0, "code": "out_of_order"}]})"));
  EXPECT_EQ(case_events(db, 1), 2);
  EXPECT_EQ(case_events(db, 2), -1);
}

TEST(ImportCases, StopsAtTheFirstMalformedLineKeepingTheLinesBefore) {
  std::string db = temp_dir() + "/cases.db";
  std::string cases =
      line("A", identified("2026-01-10")) + "\n" + line("B", identified("2026-01-11")) +
      line("C", identified("2026-01-12") + ", 5") + line("D", identified("2026-01-13"));
  auto result = import(db, cases);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("line 4"), std::string::npos) << result.err;
  EXPECT_EQ(case_events(db, 1), 1);
  EXPECT_EQ(case_events(db, 2), 1);
  EXPECT_EQ(case_events(db, 3), -1);
}

TEST(ImportCases, RefusesLinesThatAreNotCases) {
  std::string db = temp_dir() + "/cases.db";
  for (std::string bad :
       {std::string("[1, 2]"), std::string(R"({"ref": 7, "events": []})"),
        std::string(R"({"ref": "A"})"), std::string(R"({"ref": "A", "events": [NaN]})"),
        std::string(R"({"ref": "A", "events": [{"type": "identified", "note": -1e400}]})"),
        std::string("{\"ref\": \"\xff\", \"events\": []}")}) {
    auto result = import(db, bad + "\n");
    EXPECT_EQ(result.exit_code, 2) << bad;
    EXPECT_EQ(result.out, "") << bad;
    EXPECT_NE(result.err.find("line 1"), std::string::npos) << result.err;
  }
}

TEST(ImportCases, AnUnreadableFileExitsTwo) {
  auto result =
      run_opennrm({"import", "cases", "--db", temp_dir() + "/x.db", "/nonexistent.jsonl"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("/nonexistent.jsonl"), std::string::npos);
}

TEST(ImportCases, UsesThePolicyGivenForANewDatabaseAndKeepsIt) {
  std::string dir = temp_dir();
  std::string policy_text = read_file(OPENNRM_SOURCE_DIR "/tests/data/two-stage.toml");
  std::string policy = write_file(dir + "/two-stage.toml", policy_text);
  std::string db = dir + "/cases.db";
  ASSERT_EQ(import(db, line("A", identified("2026-01-10")), {"--policy", policy}).exit_code, 0);
  auto shown = run_opennrm({"case", "show", "--db", db, "--case", "1", "--as-of", "2026-01-10"});
  EXPECT_EQ(boost::json::parse(shown.out).at("state").at("stage"), "identified");
  // The same policy again is fine; another one would change the jurisdiction and is refused.
  EXPECT_EQ(import(db, line("B", identified("2026-01-10")), {"--policy", policy}).exit_code, 0);
  policy_text.replace(policy_text.find("two_stage = true"), 16, "two_stage = false");
  std::string other = write_file(dir + "/other.toml", policy_text);
  EXPECT_EQ(import(db, line("C", identified("2026-01-10")), {"--policy", other}).exit_code, 2);
}

}  // namespace
}  // namespace opennrm::testing

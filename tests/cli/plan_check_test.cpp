// The command-line contract of `opennrm plan check` (action-plan.md): the JSON shape, the
// verdicts and the exit codes.

#include <gtest/gtest.h>

#include <regex>

#include <boost/json.hpp>

#include "cli_runner.h"
#include "core/date.h"

namespace opennrm {
namespace {

using testing::run_opennrm;
using testing::temp_dir;
using testing::write_file;

std::string example(const std::string& name) {
  return std::string(OPENNRM_SOURCE_DIR) + "/examples/plans/" + name + ".toml";
}

const std::string kHeader =
    "[plan]\ntitle = \"National Action Plan\"\ncountry = \"XX\"\n"
    "start = 2026-01-01\nend = 2028-12-31\n";

// A fully specified action of the given pillar covering `covers`, ending on `end`.
std::string action(const std::string& id, const std::string& pillar, const std::string& covers,
                   const std::string& end = "2026-12-31") {
  return "\n[[action]]\nid = \"" + id + "\"\ntitle = \"Action " + id + "\"\npillar = \"" + pillar +
         "\"\ncovers = " + covers +
         "\nresponsible = \"Ministry\"\nstart = 2026-01-01\nend = " + end +
         "\nstaff_fte = 1\nbudget = 1000\ncurrency = \"EUR\"\nindicator = \"Done\"\n";
}

std::string four_pillars(const std::string& covers) {
  return action("A1", "prevention", covers) + action("A2", "protection", covers) +
         action("A3", "prosecution", covers) + action("A4", "partnership", covers);
}

std::string plan_file(const std::string& body) {
  static int count = 0;
  return write_file(temp_dir() + "/plan" + std::to_string(++count) + ".toml", kHeader + body);
}

boost::json::object json_of(const testing::CommandResult& result) {
  return boost::json::parse(result.out).as_object();
}

TEST(PlanCheck, ExamplesGetTheirVerdictAndExitCode) {
  const std::tuple<const char*, const char*, int> examples[] = {{"actionable", "actionable", 0},
                                                                {"needs-work", "needs_work", 0},
                                                                {"paper-tiger", "paper_tiger", 1}};
  for (auto [name, verdict, code] : examples) {
    auto result = run_opennrm({"plan", "check", "--as-of", "2026-07-01", example(name)});
    EXPECT_EQ(result.exit_code, code) << name << result.err;
    EXPECT_EQ(json_of(result).at("verdict").as_string(), verdict) << name;
  }
}

TEST(PlanCheck, JsonHasExactlyTheContractsKeys) {
  auto result = run_opennrm(
      {"plan", "check", "--as-of", "2026-07-01", "--format", "json", example("needs-work")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = json_of(result);
  EXPECT_EQ(json.size(), 7u);
  for (const char* key : {"verdict", "specified_share", "actions", "uncovered_dimensions",
                          "uncovered_pillars", "overdue", "budget_execution"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_DOUBLE_EQ(json.at("specified_share").to_number<double>(), 0.9);
  EXPECT_EQ(json.at("actions"),
            boost::json::parse(R"([{"id": "A4", "missing": ["staff", "budget"]}])"));
  EXPECT_EQ(json.at("uncovered_pillars"), boost::json::array{"partnership"});
  EXPECT_EQ(json.at("overdue"), boost::json::array{"A2"});
  EXPECT_DOUBLE_EQ(json.at("budget_execution").at("EUR").to_number<double>(), 89000.0 / 775000.0);
}

TEST(PlanCheck, SharesArePrintedAsPlainDecimals) {
  auto result = run_opennrm({"plan", "check", "--as-of", "2026-07-01", example("needs-work")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"specified_share\":0.9,"), std::string::npos) << result.out;
  EXPECT_FALSE(std::regex_search(result.out, std::regex("[0-9][eE][-+]?[0-9]")))
      << "no exponent form: " << result.out;
}

TEST(PlanCheck, APlanWithoutActionsIsAPaperTiger) {
  auto result = run_opennrm({"plan", "check", plan_file("")});
  EXPECT_EQ(result.exit_code, 1);
  auto json = json_of(result);
  EXPECT_EQ(json.at("verdict").as_string(), "paper_tiger");
  EXPECT_EQ(json.at("specified_share").to_number<double>(), 0.0);
}

TEST(PlanCheck, EuAddsItsDimensions) {
  auto path = plan_file(four_pillars(
      R"(["sexual_exploitation", "forced_labour", "domestic_servitude", "forced_marriage",
          "organ_removal", "internal_trafficking"])"));
  EXPECT_EQ(run_opennrm({"plan", "check", path}).exit_code, 0);
  auto eu = run_opennrm({"plan", "check", "--eu", path});
  EXPECT_EQ(eu.exit_code, 1);
  EXPECT_EQ(json_of(eu).at("uncovered_dimensions").as_array().size(), 4u);
}

TEST(PlanCheck, AsOfDefaultsToToday) {
  auto yesterday = Date::today_local().add_days(-1).to_string();
  auto today = Date::today_local().to_string();
  auto path =
      plan_file(four_pillars(R"(["all"])") + action("B1", "prevention", R"(["all"])", yesterday) +
                action("B2", "prevention", R"(["all"])", today));
  auto result = run_opennrm({"plan", "check", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto overdue = json_of(result).at("overdue").as_array();
  EXPECT_NE(std::find(overdue.begin(), overdue.end(), boost::json::value("B1")), overdue.end());
  EXPECT_EQ(std::find(overdue.begin(), overdue.end(), boost::json::value("B2")), overdue.end());
}

TEST(PlanCheck, TextIsForPeople) {
  auto result = run_opennrm(
      {"plan", "check", "--as-of", "2026-07-01", "--format", "text", example("paper-tiger")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("PAPER TIGER"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find('{'), std::string::npos) << "not JSON";
}

void expect_invalid(const std::vector<std::string>& args,
                    const std::vector<std::string>& fragments) {
  auto result = run_opennrm(args);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "") << "nothing on standard output";
  for (const auto& fragment : fragments) {
    EXPECT_NE(result.err.find(fragment), std::string::npos)
        << "'" << fragment << "' not in: " << result.err;
  }
}

TEST(PlanCheck, InvalidFilesExitTwoNamingActionAndKey) {
  expect_invalid({"plan", "check", plan_file(action("A1", "education", R"(["all"])"))},
                 {"A1", "pillar"});
  expect_invalid({"plan", "check",
                  plan_file(action("A1", "prevention", R"(["all"])") +
                            action("A1", "protection", R"(["all"])"))},
                 {"A1", "id"});
  expect_invalid({"plan", "check",
                  plan_file(action("A1", "prevention", R"(["all"])") +
                            "\n[[progress]]\naction = \"A7\"\ndate = 2026-02-01\npercent = 5\n")},
                 {"A7", "action"});
  expect_invalid(
      {"plan", "check", plan_file(action("A1", "prevention", R"(["all"])") + "owner = \"me\"\n")},
      {"A1", "owner"});
  expect_invalid({"plan", "check", "/nonexistent/plan.toml"}, {"/nonexistent/plan.toml"});
}

TEST(PlanCheck, UsageErrorsExitTwo) {
  expect_invalid({"plan", "check", "--as-of", "2026-02-30", example("actionable")}, {"as-of"});
  EXPECT_EQ(run_opennrm({"plan", "check", "--format", "xml", example("actionable")}).exit_code, 2);
  EXPECT_EQ(run_opennrm({"plan", "check"}).exit_code, 2);
}

}  // namespace
}  // namespace opennrm

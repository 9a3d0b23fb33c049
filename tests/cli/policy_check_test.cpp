// `opennrm policy check` (rulebook section 5): the JSON shape, the text format and the exit
// codes, run through the real binary.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli_runner.h"

namespace opennrm {
namespace {

using testing::run_opennrm;

const std::string kPolicies = OPENNRM_SOURCE_DIR "/policies/";

std::string read_policy(const std::string& name) {
  std::ifstream in(kPolicies + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A copy of the treaty minimum with some text replaced, written to a temporary file.
std::string policy_file_with(const std::vector<std::pair<std::string, std::string>>& changes) {
  std::string text = read_policy("coe-minimum.toml");
  for (const auto& [original, replacement] : changes) {
    std::size_t at = text.find(original);
    EXPECT_NE(at, std::string::npos) << original;
    if (at != std::string::npos) text.replace(at, original.size(), replacement);
  }
  return testing::write_file(testing::temp_dir() + "/policy.toml", text);
}

boost::json::object parse_report(const std::string& out) {
  boost::system::error_code error;
  boost::json::value report = boost::json::parse(out, error);
  EXPECT_FALSE(error) << out;
  EXPECT_TRUE(report.is_object()) << out;
  return report.is_object() ? report.as_object() : boost::json::object{};
}

TEST(PolicyCheck, TheTreatyMinimumIsCompliantWithNoFinding) {
  auto result = run_opennrm({"policy", "check", kPolicies + "coe-minimum.toml"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto report = parse_report(result.out);
  EXPECT_EQ(report.size(), 3u);
  EXPECT_EQ(report.at("jurisdiction"), "coe-minimum");
  EXPECT_EQ(report.at("compliant"), true);
  EXPECT_TRUE(report.at("findings").as_array().empty());
}

TEST(PolicyCheck, AViolationExitsOneWithEveryFindingField) {
  auto result = run_opennrm({"policy", "check", "--format", "json", kPolicies + "it.toml"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  auto report = parse_report(result.out);
  EXPECT_EQ(report.at("jurisdiction"), "it");
  EXPECT_EQ(report.at("compliant"), false);
  const auto& findings = report.at("findings").as_array();
  ASSERT_FALSE(findings.empty());
  for (const auto& item : findings) {
    const auto& finding = item.as_object();
    EXPECT_EQ(finding.size(), 5u);
    for (const char* field : {"rule", "level", "key", "message", "source"}) {
      EXPECT_TRUE(finding.contains(field) && finding.at(field).is_string()) << field;
    }
  }
  EXPECT_EQ(findings[0].as_object().at("rule"), "C6");
  EXPECT_EQ(findings[0].as_object().at("level"), "violation");
  EXPECT_EQ(findings[0].as_object().at("key"), "justice.non_punishment");
  EXPECT_EQ(findings[0].as_object().at("source"), "CETS 197 Art. 26");
}

TEST(PolicyCheck, ShortfallsAgainstRecommendationsStillExitZero) {
  auto result = run_opennrm({"policy", "check", kPolicies + "gb-eaw.toml"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto report = parse_report(result.out);
  EXPECT_EQ(report.at("compliant"), true);
  const auto& findings = report.at("findings").as_array();
  ASSERT_FALSE(findings.empty());
  for (const auto& item : findings) {
    EXPECT_EQ(item.as_object().at("level"), "below_recommendation");
  }
}

TEST(PolicyCheck, AShortPermitInAnEuMemberIsAViolation) {
  std::string file = policy_file_with(
      {{"eu_member = false", "eu_member = true"}, {"min_months = 6", "min_months = 3"}});
  auto result = run_opennrm({"policy", "check", file});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  auto findings = parse_report(result.out).at("findings").as_array();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].as_object().at("rule"), "E1");
  EXPECT_EQ(findings[0].as_object().at("key"), "residence.min_months");
}

TEST(PolicyCheck, TextFormatIsReadableAndKeepsTheExitCode) {
  auto violation = run_opennrm({"policy", "check", "--format", "text", kPolicies + "it.toml"});
  EXPECT_EQ(violation.exit_code, 1) << violation.err;
  for (const char* part : {"Italy", "Verdict: NOT COMPLIANT", "C6", "CETS 197 Art. 26",
                           "What it means for victims", "O8"}) {
    EXPECT_NE(violation.out.find(part), std::string::npos) << part << "\n" << violation.out;
  }
  EXPECT_EQ(violation.out.find('{'), std::string::npos) << "text, not JSON";

  auto clean = run_opennrm({"policy", "check", "--format", "text", kPolicies + "coe-minimum.toml"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_NE(clean.out.find("Verdict: Compliant"), std::string::npos) << clean.out;
}

void expect_invalid(const std::vector<std::string>& args, const std::string& named) {
  auto result = run_opennrm(args);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_NE(result.err.find(named), std::string::npos) << result.err;
}

TEST(PolicyCheck, AnInvalidFileExitsTwoNamingTheKey) {
  expect_invalid({"policy", "check", policy_file_with({{"notice_days = 7\n", ""}})},
                 "reflection.notice_days");
  expect_invalid(
      {"policy", "check", policy_file_with({{"[compensation]", "[compensation]\nfund = 1"}})},
      "compensation.fund");
  expect_invalid({"policy", "check", policy_file_with({{"child_days = 30", "child_days = -30"}})},
                 "reflection.child_days");
  expect_invalid(
      {"policy", "check", policy_file_with({{"state_fund = true", "state_fund = \"yes\""}})},
      "compensation.state_fund");
  expect_invalid(
      {"policy", "check", policy_file_with({{"country = \"AT\"", "country = \"Austria\""}})},
      "jurisdiction.country");
  expect_invalid(
      {"policy", "check", "--format", "text", policy_file_with({{"days = 30", "days = thirty"}})},
      "policy.toml");
}

TEST(PolicyCheck, AMissingFileOrBadFormatExitsTwo) {
  expect_invalid({"policy", "check", "/nonexistent/policy.toml"}, "/nonexistent/policy.toml");
  auto bad_format =
      run_opennrm({"policy", "check", "--format", "xml", kPolicies + "coe-minimum.toml"});
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_TRUE(bad_format.out.empty()) << bad_format.out;
  EXPECT_EQ(run_opennrm({"policy", "check"}).exit_code, 2);
}

}  // namespace
}  // namespace opennrm

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "policy/compliance.h"
#include "policy/policy_file.h"

namespace opennrm::policy {
namespace {

const std::string kPolicies = OPENNRM_SOURCE_DIR "/policies/";

Policy load(const std::string& name) {
  auto loaded = load_policy_file(kPolicies + name);
  EXPECT_FALSE(loaded.is_error()) << loaded.error().message;
  return loaded.is_error() ? Policy{} : loaded.value();
}

using RuleLevels = std::vector<std::pair<std::string, std::string>>;

RuleLevels rule_levels(const Policy& policy) {
  RuleLevels found;
  for (const auto& finding : check_compliance(policy))
    found.emplace_back(finding.rule, finding.level);
  return found;
}

TEST(ShippedPolicies, TheTreatyMinimumFileEqualsCoeMinimum) {
  EXPECT_EQ(load("coe-minimum.toml"), coe_minimum());
}

TEST(ShippedPolicies, EveryFileLoadsAndItsIdIsItsFileName) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kPolicies)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    SCOPED_TRACE(entry.path().string());
    EXPECT_EQ(load(entry.path().filename().string()).jurisdiction.id, entry.path().stem().string());
  }
  EXPECT_GE(files, 6);
}

// The findings each shipped policy gives; a change to a policy or a rule that moves them must
// be a deliberate change to this table.
TEST(ShippedPolicies, FindingsArePinned) {
  const std::string kBelow = "below_recommendation";
  const std::map<std::string, RuleLevels> expected = {
      {"coe-minimum.toml", {}},
      {"osce-recommended.toml", {}},
      {"gb-eaw.toml", {{"O6", kBelow}, {"O8", kBelow}, {"O10", kBelow}}},
      {"gb-sct.toml", {{"O6", kBelow}, {"O8", kBelow}, {"O10", kBelow}}},
      {"nl.toml", {{"O1", kBelow}, {"O6", kBelow}, {"O8", kBelow}}},
      {"it.toml", {{"C6", "violation"}, {"O8", kBelow}}},
  };
  for (const auto& [file, findings] : expected) {
    SCOPED_TRACE(file);
    EXPECT_EQ(rule_levels(load(file)), findings);
  }
}

TEST(ShippedPolicies, NationalProfilesUseTheirCountryAndEuMembership) {
  struct Expected {
    std::string file, country;
    bool eu_member;
  };
  for (const auto& e : {Expected{"gb-eaw.toml", "GB", false}, Expected{"gb-sct.toml", "GB", false},
                        Expected{"nl.toml", "NL", true}, Expected{"it.toml", "IT", true}}) {
    SCOPED_TRACE(e.file);
    Policy policy = load(e.file);
    EXPECT_EQ(policy.jurisdiction.country, e.country);
    EXPECT_EQ(policy.jurisdiction.eu_member, e.eu_member);
  }
  EXPECT_TRUE(load("gb-eaw.toml").identification.two_stage);
  EXPECT_EQ(load("gb-eaw.toml").reflection.days, 30);
  EXPECT_EQ(load("gb-sct.toml").reflection.days, 90);
  EXPECT_TRUE(load("nl.toml").residence.conditional_on_cooperation);
  EXPECT_EQ(load("it.toml").residence.min_months, 6);
  EXPECT_FALSE(load("it.toml").residence.conditional_on_cooperation);
}

// Every value of a national profile cites its legal source (or says it is an operational
// choice) in a comment on its own line.
TEST(ShippedPolicies, EveryNationalValueHasAComment) {
  for (const char* file :
       {"gb-eaw.toml", "gb-sct.toml", "nl.toml", "it.toml", "osce-recommended.toml"}) {
    std::ifstream in(kPolicies + file);
    std::string line;
    int values = 0;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#' || line[0] == '[') continue;
      ++values;
      EXPECT_NE(line.find(" # "), std::string::npos) << file << ": " << line;
    }
    EXPECT_EQ(values, 28) << file;
  }
}

}  // namespace
}  // namespace opennrm::policy

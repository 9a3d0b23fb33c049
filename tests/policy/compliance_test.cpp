#include "policy/compliance.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace opennrm::policy {
namespace {

std::vector<std::string> rule_ids(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const auto& finding : findings) ids.push_back(finding.rule);
  return ids;
}

Policy changed(const std::function<void(Policy&)>& change) {
  Policy policy = coe_minimum();
  change(policy);
  return policy;
}

TEST(Compliance, TheTreatyMinimumHasNoFinding) {
  auto findings = check_compliance(coe_minimum());
  EXPECT_TRUE(findings.empty());
  EXPECT_TRUE(is_compliant(findings));
}

// Each rule of the rulebook's compliance table, failing alone on the CETS 197 minimum.
struct RuleCase {
  std::string rule;
  std::string level;
  std::string key;
  std::string source;
  std::function<void(Policy&)> change;
};

const std::vector<RuleCase> kRuleCases = {
    {"C1", "violation", "reflection.days", "CETS 197 Art. 13(1)",
     [](Policy& p) { p.reflection.days = 29; }},
    {"C2", "violation", "reflection.refusal_reasons", "CETS 197 Art. 13(3)",
     [](Policy& p) { p.reflection.refusal_reasons.push_back("no_cooperation"); }},
    {"C3", "violation", "residence.renewable", "CETS 197 Art. 14(1)",
     [](Policy& p) { p.residence.renewable = false; }},
    {"C4", "violation", "children.presumption_of_minority", "CETS 197 Art. 10(3)",
     [](Policy& p) { p.children.presumption_of_minority = false; }},
    {"C5", "violation", "children.best_interests_before_return", "CETS 197 Art. 16(7)",
     [](Policy& p) { p.children.best_interests_before_return = false; }},
    {"C6", "violation", "justice.non_punishment", "CETS 197 Art. 26",
     [](Policy& p) { p.justice.non_punishment = false; }},
    {"C7", "violation", "assistance.conditional_on_cooperation", "CETS 197 Art. 12(6)",
     [](Policy& p) { p.assistance.conditional_on_cooperation = true; }},
    {"E1", "violation", "residence.min_months", "EU 2004/81 Art. 8",
     [](Policy& p) {
       p.jurisdiction.eu_member = true;
       p.residence.min_months = 5;
     }},
    {"O1", "below_recommendation", "residence.conditional_on_cooperation", "OSCE",
     [](Policy& p) { p.residence.conditional_on_cooperation = true; }},
    {"O2", "below_recommendation", "residence.min_months", "OSCE",
     [](Policy& p) { p.residence.min_months = 5; }},
    {"O3", "below_recommendation", "residence.labour_market_access", "OSCE",
     [](Policy& p) { p.residence.labour_market_access = false; }},
    {"O4", "below_recommendation", "residence.welfare_access", "OSCE",
     [](Policy& p) { p.residence.welfare_access = false; }},
    {"O5", "below_recommendation", "compensation.state_fund", "OSCE; CETS 197 Art. 15(4)",
     [](Policy& p) { p.compensation.state_fund = false; }},
    {"O6", "below_recommendation", "children.extended_stay_until_durable_solution", "OSCE",
     [](Policy& p) { p.children.extended_stay_until_durable_solution = false; }},
    {"O7", "below_recommendation", "return.risk_assessment_required", "OSCE",
     [](Policy& p) { p.return_.risk_assessment_required = false; }},
    {"O8", "below_recommendation", "justice.right_to_refuse_testimony", "OSCE",
     [](Policy& p) { p.justice.right_to_refuse_testimony = false; }},
    {"O9", "below_recommendation", "justice.non_confrontational_testimony",
     "OSCE; EU 2011/36 Art. 12",
     [](Policy& p) { p.justice.non_confrontational_testimony = false; }},
    {"O10", "below_recommendation", "residence.permanent_route", "OSCE",
     [](Policy& p) { p.residence.permanent_route = false; }},
};

TEST(Compliance, EachRuleFailsAloneWithItsLevelKeyAndSource) {
  for (const auto& c : kRuleCases) {
    SCOPED_TRACE(c.rule);
    auto findings = check_compliance(changed(c.change));
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].rule, c.rule);
    EXPECT_EQ(findings[0].level, c.level);
    EXPECT_EQ(findings[0].key, c.key);
    EXPECT_EQ(findings[0].source, c.source);
    EXPECT_FALSE(findings[0].message.empty());
    EXPECT_EQ(is_compliant(findings), c.level != "violation");
  }
}

TEST(Compliance, EveryRuleAtOnceComesInTheTablesOrder) {
  Policy policy = coe_minimum();
  for (const auto& c : kRuleCases) c.change(policy);
  // E1 and O2 exclude each other; with eu_member set, E1 is the one that applies.
  std::vector<std::string> expected;
  for (const auto& c : kRuleCases) {
    if (c.rule != "O2") expected.push_back(c.rule);
  }
  EXPECT_EQ(rule_ids(check_compliance(policy)), expected);
}

TEST(Compliance, ReflectionOfThirtyDaysIsTheFloor) {
  EXPECT_TRUE(check_compliance(changed([](Policy& p) { p.reflection.days = 30; })).empty());
  EXPECT_TRUE(check_compliance(changed([](Policy& p) { p.reflection.child_days = 30; })).empty());
  auto adults = check_compliance(changed([](Policy& p) { p.reflection.days = 29; }));
  ASSERT_EQ(rule_ids(adults), std::vector<std::string>{"C1"});
  EXPECT_EQ(adults[0].key, "reflection.days");
  auto children = check_compliance(changed([](Policy& p) { p.reflection.child_days = 29; }));
  ASSERT_EQ(rule_ids(children), std::vector<std::string>{"C1"});
  EXPECT_EQ(children[0].key, "reflection.child_days");
}

TEST(Compliance, BothShortReflectionPeriodsGiveOneFindingOnTheFirstKey) {
  auto findings = check_compliance(changed([](Policy& p) {
    p.reflection.days = 0;
    p.reflection.child_days = 10;
  }));
  ASSERT_EQ(rule_ids(findings), std::vector<std::string>{"C1"});
  EXPECT_EQ(findings[0].key, "reflection.days");
}

TEST(Compliance, RefusalReasonsBeyondTheTreatysTwo) {
  auto with_reasons = [](std::vector<std::string> reasons) {
    return check_compliance(changed([&](Policy& p) { p.reflection.refusal_reasons = reasons; }));
  };
  EXPECT_TRUE(with_reasons({}).empty());
  EXPECT_TRUE(with_reasons({"public_order"}).empty());
  EXPECT_TRUE(with_reasons({"improper_claim", "public_order"}).empty());
  auto findings = with_reasons({"public_order", "refused_to_testify"});
  ASSERT_EQ(rule_ids(findings), std::vector<std::string>{"C2"});
  EXPECT_NE(findings[0].message.find("refused_to_testify"), std::string::npos);
  EXPECT_EQ(rule_ids(with_reasons({"Public_Order"})), std::vector<std::string>{"C2"});
}

TEST(Compliance, PermitLengthIsAViolationOnlyForEuMembers) {
  auto months = [](int min_months, bool eu_member) {
    return rule_ids(check_compliance(changed([&](Policy& p) {
      p.residence.min_months = min_months;
      p.jurisdiction.eu_member = eu_member;
    })));
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(months(6, false), Ids{});
  EXPECT_EQ(months(6, true), Ids{});
  EXPECT_EQ(months(5, false), Ids{"O2"});
  EXPECT_EQ(months(5, true), Ids{"E1"});
  EXPECT_EQ(months(0, true), Ids{"E1"});
  EXPECT_EQ(months(12, true), Ids{});
}

TEST(Compliance, OnlyViolationsMakeAPolicyNonCompliant) {
  auto below = check_compliance(changed([](Policy& p) {
    p.residence.permanent_route = false;
    p.compensation.state_fund = false;
  }));
  EXPECT_EQ(below.size(), 2u);
  EXPECT_TRUE(is_compliant(below));
  auto violation = check_compliance(changed([](Policy& p) {
    p.residence.permanent_route = false;
    p.justice.non_punishment = false;
  }));
  EXPECT_FALSE(is_compliant(violation));
}

TEST(Compliance, JsonReportHasTheContractShape) {
  Policy policy = changed([](Policy& p) {
    p.jurisdiction.id = "xx-test";
    p.reflection.days = 14;
    p.residence.welfare_access = false;
  });
  auto findings = check_compliance(policy);
  boost::json::object report = compliance_report_json(policy, findings);
  EXPECT_EQ(report.size(), 3u);
  EXPECT_EQ(report.at("jurisdiction"), "xx-test");
  EXPECT_EQ(report.at("compliant"), false);
  const auto& items = report.at("findings").as_array();
  ASSERT_EQ(items.size(), 2u);
  const auto& first = items[0].as_object();
  EXPECT_EQ(first.size(), 5u);
  EXPECT_EQ(first.at("rule"), "C1");
  EXPECT_EQ(first.at("level"), "violation");
  EXPECT_EQ(first.at("key"), "reflection.days");
  EXPECT_EQ(first.at("source"), "CETS 197 Art. 13(1)");
  EXPECT_TRUE(first.at("message").is_string());
  EXPECT_EQ(items[1].as_object().at("rule"), "O4");

  EXPECT_EQ(compliance_report_json(coe_minimum(), {}).at("compliant"), true);
}

TEST(Compliance, TextReportExplainsEachFindingForVictims) {
  Policy policy = changed([](Policy& p) {
    p.jurisdiction.name = "Testland";
    p.justice.non_punishment = false;
    p.residence.labour_market_access = false;
  });
  std::string text = compliance_report_text(policy, check_compliance(policy));
  EXPECT_NE(text.find("Testland"), std::string::npos) << text;
  EXPECT_NE(text.find("NOT COMPLIANT"), std::string::npos) << text;
  EXPECT_NE(text.find("CETS 197 Art. 26"), std::string::npos) << text;
  EXPECT_NE(text.find("justice.non_punishment"), std::string::npos) << text;
  EXPECT_NE(text.find("residence.labour_market_access"), std::string::npos) << text;
  std::size_t explanations = 0;
  for (std::size_t at = text.find("for victims"); at != std::string::npos;
       at = text.find("for victims", at + 1)) {
    ++explanations;
  }
  EXPECT_EQ(explanations, 2u) << text;
}

TEST(Compliance, TextVerdictSaysWhetherTheFloorIsMet) {
  std::string clean = compliance_report_text(coe_minimum(), {});
  EXPECT_NE(clean.find("Verdict: Compliant"), std::string::npos) << clean;
  Policy below = changed([](Policy& p) { p.residence.permanent_route = false; });
  std::string text = compliance_report_text(below, check_compliance(below));
  EXPECT_NE(text.find("Verdict: Compliant"), std::string::npos) << text;
  EXPECT_NE(text.find("falls short of 1 OSCE recommendation"), std::string::npos) << text;
}

}  // namespace
}  // namespace opennrm::policy

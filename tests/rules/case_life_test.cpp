// Case life (rulebook section 3): closing, date order, the order of checks, `as_of`, returns.

#include <gtest/gtest.h>

#include "case_builder.h"

namespace opennrm::rules::testing {
namespace {

TEST(CaseLife, ClosedCaseRefusesEverythingButReopening) {
  TestCase c;
  c.ok(child_identified("2026-01-10"));
  c.ok(event("case_closed", "2026-01-20", {{"reason", "moved away"}}));
  EXPECT_EQ(c.code(event("permit_applied", "2026-01-21")), "case_closed");
  EXPECT_EQ(c.code(event("case_closed", "2026-01-21", {{"reason", "again"}})), "case_closed");
  // A closed case keeps its state, with open false, and has no alerts (the guardian is missing).
  CaseState closed = c.state("2026-02-01");
  EXPECT_FALSE(closed.open);
  EXPECT_EQ(closed.stage, "reasonable_grounds");
  EXPECT_TRUE(closed.child);
  EXPECT_TRUE(c.alerts("2026-02-01").empty());
  EXPECT_EQ(c.alerts("2026-01-19"), std::vector<std::string>{"guardian_missing"});

  c.ok(event("case_reopened", "2026-02-10"));
  EXPECT_TRUE(c.state("2026-02-10").open);
  EXPECT_EQ(c.alerts("2026-02-10"), std::vector<std::string>{"guardian_missing"});
  c.ok(event("permit_applied", "2026-02-11"));
}

TEST(CaseLife, OutOfOrderWhenBeforeThePreviousAppliedEvent) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("permit_applied", "2026-01-15"));
  EXPECT_EQ(c.code(event("testimony_decision", "2026-01-14", {{"decision", "agrees"}})),
            "out_of_order");
  // The same date is in order, and a refused event does not move the case's latest date.
  c.ok(event("testimony_decision", "2026-01-15", {{"decision", "agrees"}}));
  EXPECT_EQ(c.code(with(event("permit_applied", "2026-02-01"), {{"date", "2026-02-31"}})),
            "invalid_event");
  c.ok(event("permit_applied", "2026-01-16"));
}

TEST(CaseLife, CheckOrderInvalidThenClosedThenOutOfOrderThenRules) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("case_closed", "2026-01-20", {{"reason", "done"}}));
  // invalid_event comes first, even on a closed case and out of order.
  EXPECT_EQ(c.code(event("age_assessed", "2026-01-01", {{"result", "teen"}})), "invalid_event");
  EXPECT_EQ(c.code(event("case_reopened", "2026-01-01", {{"note", "x"}})), "out_of_order");
  // case_closed comes before out_of_order.
  EXPECT_EQ(c.code(event("permit_applied", "2026-01-01")), "case_closed");
  c.ok(event("case_reopened", "2026-01-21"));
  // out_of_order comes before the rules: this return would be prohibited too.
  EXPECT_EQ(c.code(returned("2026-01-12", false)), "out_of_order");
  EXPECT_EQ(c.code(returned("2026-01-22", false)), "removal_prohibited");
}

TEST(CaseLife, CheckOrderAmongRulesFollowsTheRulebook) {
  TestCase child;
  child.ok(child_identified("2026-01-10"));
  // R7 comes before R8 and R9: protected, no assessment, no best-interests determination.
  EXPECT_EQ(child.code(returned("2026-01-12", true)), "removal_prohibited");
  child.ok(event("durable_solution_determined", "2026-03-01", {{"solution", "return"}}));
  child.ok(event("conclusive_grounds_decision", "2026-03-01", {{"positive", true}}));
  // No ground holds now, so R8 is next: no risk assessment.
  EXPECT_EQ(child.code(returned("2026-03-02", true)), "risk_assessment_required");
  child.ok(risk_assessment("2026-03-02", "low"));
  // Then R9: no best-interests determination recommending return.
  EXPECT_EQ(child.code(returned("2026-03-03", true)), "best_interests_determination_required");
  child.ok(event("best_interests_determined", "2026-03-03", {{"recommendation", "return"}}));
  child.ok(returned("2026-03-04", true));
}

TEST(CaseLife, AsOfUsesOnlyEventsOnOrBeforeIt) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("testimony_decision", "2026-01-20", {{"decision", "agrees"}}));
  EXPECT_FALSE(c.view("2026-01-09").state.has_value());
  EXPECT_TRUE(c.view("2026-01-09").alerts.empty());
  EXPECT_EQ(c.state("2026-01-19").testimony, std::nullopt);
  EXPECT_EQ(c.state("2026-01-20").testimony, "agrees");
}

TEST(CaseLife, ReturnEndsReflectionAndProtectionLeavingThreeAlerts) {
  policy::Policy policy = policy::coe_minimum();
  policy.return_.risk_assessment_required = false;
  TestCase c(policy);
  c.ok(identified("2026-01-10"));
  c.ok(event("charged_with_offence", "2026-01-11",
             {{"offence", "document fraud"}, {"related_to_trafficking", "yes"}}));
  c.ok(event("charged_with_offence", "2026-01-11",
             {{"offence", "theft"}, {"related_to_trafficking", "unknown"}}));
  c.ok(event("charge_resolved", "2026-01-12", {{"outcome", "convicted"}, {"offence", "theft"}}));
  c.ok(permit_granted("2026-01-12", "2026-01-12", "2026-02-01", {{"labour_market_access", false}}));
  c.ok(testimony_scheduled("2026-01-12", "2026-01-20", json::array{}, true));
  c.ok(risk_assessment("2026-01-13", "high"));
  // An adult's voluntary return while protected is their own choice.
  c.ok(returned("2026-01-14", true));
  c.ok(event("reasonable_grounds_decision", "2026-01-15", {{"positive", true}}));

  CaseState state = c.state("2026-01-15");
  ASSERT_TRUE(state.reflection);
  EXPECT_EQ(state.reflection->start, day("2026-01-10"));
  EXPECT_EQ(state.reflection->last_day, day("2026-01-13"));
  EXPECT_FALSE(state.reflection->active);
  EXPECT_TRUE(state.protection_grounds.empty());
  EXPECT_FALSE(state.protected_from_removal);
  EXPECT_EQ(c.alerts("2026-01-15"),
            (std::vector<std::string>{"high_risk_return", "non_punishment_review",
                                      "punished_for_trafficking_related_offence"}));
  // The day before the return the other alerts were there.
  EXPECT_TRUE(c.has_alert("2026-01-13", "labour_market_access_missing"));
  EXPECT_TRUE(c.has_alert("2026-01-13", "confrontational_testimony"));
}

TEST(CaseLife, EachAlertCodeAppearsOnce) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(testimony_scheduled("2026-03-01", "2026-04-01", json::array{}, true));
  c.ok(testimony_scheduled("2026-03-02", "2026-04-02", json::array{"screen"}, true));
  EXPECT_EQ(c.alerts("2026-03-03"), std::vector<std::string>{"confrontational_testimony"});
}

TEST(CaseLife, ViewJsonHasTheReplayShape) {
  TestCase c;
  c.ok(child_identified("2026-01-10"));
  json::value view = to_json(c.view("2026-01-20"));
  const json::object& state = view.at("state").as_object();
  EXPECT_EQ(state.at("stage"), "reasonable_grounds");
  EXPECT_EQ(state.at("age_status"), "child");
  EXPECT_EQ(state.at("child"), true);
  EXPECT_EQ(state.at("protected_from_removal"), true);
  EXPECT_EQ(state.at("reflection").at("start"), "2026-01-10");
  EXPECT_EQ(state.at("reflection").at("last_day"), "2026-02-08");
  EXPECT_EQ(state.at("reflection").at("active"), true);
  EXPECT_TRUE(state.at("residence_permit").is_null());
  EXPECT_TRUE(state.at("testimony").is_null());
  EXPECT_EQ(state.at("open"), true);
  EXPECT_EQ(view.at("alerts").as_array().size(), 1u);
  EXPECT_EQ(view.at("alerts").at(0).at("code"), "guardian_missing");
  EXPECT_EQ(view.at("alerts").at(0).at("due"), "2026-01-13");
  EXPECT_TRUE(to_json(c.view("2026-01-01")).at("state").is_null());
}

}  // namespace
}  // namespace opennrm::rules::testing

// One test group per rule of rulebook section 3, named after its id, with the first and last day
// of every period the rule counts.

#include <gtest/gtest.h>

#include "case_builder.h"

namespace opennrm::rules::testing {
namespace {

using Codes = std::vector<std::string>;

policy::Policy without_presumption() {
  policy::Policy policy = policy::coe_minimum();
  policy.children.presumption_of_minority = false;
  return policy;
}

// ---- R1 Presumption of minority ----

TEST(R1, PresumedChildIsAChildUntilAgeAssessed) {
  TestCase c;
  c.ok(identified("2026-01-10", {{"age_status", "presumed_child"}}));
  EXPECT_EQ(c.state("2026-01-10").age_status, "presumed_child");
  EXPECT_TRUE(c.state("2026-01-10").child);
  c.ok(event("age_assessed", "2026-01-12", {{"result", "adult"}}));
  EXPECT_EQ(c.state("2026-01-12").age_status, "adult");
  EXPECT_FALSE(c.state("2026-01-12").child);
  EXPECT_TRUE(c.state("2026-01-11").child);
}

TEST(R1, UnknownAgeWithBirthYearAtMostEighteenYearsBeforeIsPresumedChild) {
  TestCase eighteen;
  eighteen.ok(identified("2026-12-31", {{"age_status", "unknown"}, {"birth_year", 2008}}));
  EXPECT_EQ(eighteen.state("2026-12-31").age_status, "presumed_child");
  EXPECT_TRUE(eighteen.state("2026-12-31").child);

  TestCase nineteen;
  nineteen.ok(identified("2026-01-01", {{"age_status", "unknown"}, {"birth_year", 2007}}));
  EXPECT_EQ(nineteen.state("2026-01-01").age_status, "unknown");
  EXPECT_FALSE(nineteen.state("2026-01-01").child);

  TestCase no_year;
  no_year.ok(identified("2026-01-01", {{"age_status", "unknown"}}));
  EXPECT_FALSE(no_year.state("2026-01-01").child);
  // A corrected birth year makes the presumption apply from then on.
  no_year.ok(event("details_corrected", "2026-02-01", {{"birth_year", 2010}}));
  EXPECT_FALSE(no_year.state("2026-01-31").child);
  EXPECT_TRUE(no_year.state("2026-02-01").child);
  EXPECT_EQ(no_year.state("2026-02-01").age_status, "presumed_child");
}

TEST(R1, RecordedAdultStaysAdultAndAssessedChildIsAChild) {
  TestCase c;
  c.ok(identified("2026-01-10", {{"age_status", "adult"}, {"birth_year", 2015}}));
  EXPECT_EQ(c.state("2026-01-10").age_status, "adult");
  c.ok(event("age_assessed", "2026-01-11", {{"result", "child"}}));
  EXPECT_EQ(c.state("2026-01-11").age_status, "child");
  EXPECT_TRUE(c.state("2026-01-11").child);
}

TEST(R1, WithoutThePolicyOnlyChildCountsAndStatusIsReportedAsRecorded) {
  TestCase presumed(without_presumption());
  presumed.ok(identified("2026-01-10", {{"age_status", "presumed_child"}}));
  EXPECT_EQ(presumed.state("2026-01-10").age_status, "presumed_child");
  EXPECT_FALSE(presumed.state("2026-01-10").child);

  TestCase unknown(without_presumption());
  unknown.ok(identified("2026-01-10", {{"age_status", "unknown"}, {"birth_year", 2012}}));
  EXPECT_EQ(unknown.state("2026-01-10").age_status, "unknown");
  EXPECT_FALSE(unknown.state("2026-01-10").child);

  TestCase child(without_presumption());
  child.ok(child_identified("2026-01-10"));
  EXPECT_TRUE(child.state("2026-01-10").child);
}

// ---- Stage ----

TEST(Stage, OneStageStartsAtReasonableGroundsTwoStageAtIdentified) {
  TestCase one;
  one.ok(identified("2026-01-10"));
  EXPECT_EQ(one.state("2026-01-10").stage, "reasonable_grounds");
  TestCase two(two_stage_policy());
  two.ok(identified("2026-01-10"));
  EXPECT_EQ(two.state("2026-01-10").stage, "identified");
}

TEST(Stage, LatestDecisionSetsTheStage) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  c.ok(event("reasonable_grounds_decision", "2026-01-12", {{"positive", true}}));
  EXPECT_EQ(c.state("2026-01-12").stage, "reasonable_grounds");
  c.ok(event("conclusive_grounds_decision", "2026-03-01", {{"positive", true}}));
  EXPECT_EQ(c.state("2026-03-01").stage, "victim");
  c.ok(event("conclusive_grounds_decision", "2026-04-01", {{"positive", false}}));
  EXPECT_EQ(c.state("2026-04-01").stage, "not_victim");
  EXPECT_EQ(c.code(event("reasonable_grounds_decision", "2026-04-02", {{"positive", true}})),
            "invalid_event");
  c.ok(event("conclusive_grounds_decision", "2026-05-01", {{"positive", true}}));
  EXPECT_EQ(c.state("2026-05-01").stage, "victim");

  TestCase negative(two_stage_policy());
  negative.ok(identified("2026-01-10"));
  negative.ok(event("reasonable_grounds_decision", "2026-01-12", {{"positive", false}}));
  EXPECT_EQ(negative.state("2026-01-12").stage, "not_victim");
}

// ---- R2 Reasonable grounds ----

TEST(R2, OverdueFromTheDayAfterTheDueDateUntilADecision) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  EXPECT_FALSE(c.has_alert("2026-01-15", "reasonable_grounds_overdue"));
  EXPECT_TRUE(c.has_alert("2026-01-16", "reasonable_grounds_overdue"));
  EXPECT_EQ(c.due("2026-01-16", "reasonable_grounds_overdue"), "2026-01-15");
  c.ok(event("reasonable_grounds_decision", "2026-01-20", {{"positive", false}}));
  EXPECT_TRUE(c.has_alert("2026-01-19", "reasonable_grounds_overdue"));
  EXPECT_FALSE(c.has_alert("2026-01-20", "reasonable_grounds_overdue"));
}

TEST(R2, ConclusiveDecisionAlsoEndsTheAlertAndOneStageNeverHasIt) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  c.ok(event("conclusive_grounds_decision", "2026-01-30", {{"positive", true}}));
  EXPECT_FALSE(c.has_alert("2026-01-30", "reasonable_grounds_overdue"));
  TestCase one;
  one.ok(identified("2026-01-10"));
  EXPECT_FALSE(one.has_alert("2026-06-01", "reasonable_grounds_overdue"));
}

// ---- R3 Reflection period ----

TEST(R3, OneStageIdentificationStartsThePeriodActiveFromStartThroughLastDay) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  auto first = c.state("2026-01-10").reflection;
  ASSERT_TRUE(first);
  EXPECT_EQ(first->start, day("2026-01-10"));
  EXPECT_EQ(first->last_day, day("2026-02-08"));
  EXPECT_TRUE(first->active);
  EXPECT_TRUE(c.state("2026-02-08").reflection->active);
  EXPECT_FALSE(c.state("2026-02-09").reflection->active);
}

TEST(R3, ChildGetsTheChildPeriod) {
  policy::Policy policy = policy::coe_minimum();
  policy.reflection.child_days = 45;
  TestCase child(policy);
  child.ok(child_identified("2026-01-10"));
  EXPECT_EQ(child.state("2026-01-10").reflection->last_day, day("2026-02-23"));
  TestCase adult(policy);
  adult.ok(identified("2026-01-10"));
  EXPECT_EQ(adult.state("2026-01-10").reflection->last_day, day("2026-02-08"));
}

TEST(R3, TwoStageStartsAtPositiveReasonableGrounds) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  EXPECT_FALSE(c.state("2026-01-10").reflection);
  c.ok(event("reasonable_grounds_decision", "2026-01-15", {{"positive", true}}));
  EXPECT_EQ(c.state("2026-01-15").reflection->start, day("2026-01-15"));
  EXPECT_EQ(c.state("2026-01-15").reflection->last_day, day("2026-02-13"));
  // A second positive decision while the period is active does not restart it, and a positive
  // conclusive decision after reasonable grounds starts no new one.
  c.ok(event("reasonable_grounds_decision", "2026-01-20", {{"positive", true}}));
  c.ok(event("conclusive_grounds_decision", "2026-03-01", {{"positive", true}}));
  EXPECT_EQ(c.state("2026-03-01").reflection->start, day("2026-01-15"));
}

TEST(R3, PositiveConclusiveDecisionWithoutEarlierReasonableGroundsStartsThePeriod) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  c.ok(event("conclusive_grounds_decision", "2026-01-20", {{"positive", true}}));
  EXPECT_EQ(c.state("2026-01-20").reflection->start, day("2026-01-20"));
  EXPECT_EQ(c.state("2026-01-20").reflection->last_day, day("2026-02-18"));
}

TEST(R3, NegativeDecisionEndsTheActivePeriodTheDayBefore) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("reasonable_grounds_decision", "2026-01-20", {{"positive", false}}));
  EXPECT_EQ(c.state("2026-01-20").reflection->last_day, day("2026-01-19"));
  EXPECT_TRUE(c.state("2026-01-19").reflection->active);
  EXPECT_FALSE(c.state("2026-01-20").reflection->active);
}

TEST(R3, EndedOnItsStartDayThePeriodIsNeverActive) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  c.ok(event("reasonable_grounds_decision", "2026-01-15", {{"positive", true}}));
  c.ok(event("conclusive_grounds_decision", "2026-01-15", {{"positive", false}}));
  auto period = c.state("2026-01-15").reflection;
  ASSERT_TRUE(period);
  EXPECT_EQ(period->start, day("2026-01-15"));
  EXPECT_EQ(period->last_day, day("2026-01-14"));
  EXPECT_FALSE(period->active);
}

TEST(R3, RefusalEndsAnActivePeriodAndPreventsALaterOne) {
  TestCase active;
  active.ok(identified("2026-01-10"));
  active.ok(event("reflection_refused", "2026-01-12", {{"reason", "public_order"}}));
  EXPECT_EQ(active.state("2026-01-12").reflection->last_day, day("2026-01-11"));

  TestCase before(two_stage_policy());
  before.ok(identified("2026-01-10"));
  before.ok(event("reflection_refused", "2026-01-11", {{"reason", "improper_claim"}}));
  before.ok(event("reasonable_grounds_decision", "2026-01-15", {{"positive", true}}));
  EXPECT_FALSE(before.state("2026-01-15").reflection);
}

TEST(R3, NewReasonableGroundsAfterAnEndedPeriodStartANewOne) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("reasonable_grounds_decision", "2026-03-01", {{"positive", true}}));
  EXPECT_EQ(c.state("2026-03-01").reflection->start, day("2026-03-01"));
  EXPECT_EQ(c.state("2026-03-01").reflection->last_day, day("2026-03-30"));
}

// ---- R4 Refusal reasons ----

TEST(R4, RefusalOnlyForPublicOrderOrImproperClaimAllowedByPolicy) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  EXPECT_EQ(c.code(event("reflection_refused", "2026-01-11", {{"reason", "no_cooperation"}})),
            "reflection_refusal_reason_invalid");
  EXPECT_EQ(c.code(event("reflection_refused", "2026-01-11", {{"reason", 7}})), "invalid_event");
  EXPECT_TRUE(c.state("2026-01-11").reflection->active);
  c.ok(event("reflection_refused", "2026-01-11", {{"reason", "improper_claim"}}));

  policy::Policy narrow = policy::coe_minimum();
  narrow.reflection.refusal_reasons = {"public_order", "no_cooperation"};
  TestCase n(narrow);
  n.ok(identified("2026-01-10"));
  EXPECT_EQ(n.code(event("reflection_refused", "2026-01-11", {{"reason", "improper_claim"}})),
            "reflection_refusal_reason_invalid");
  EXPECT_EQ(n.code(event("reflection_refused", "2026-01-11", {{"reason", "no_cooperation"}})),
            "reflection_refusal_reason_invalid");
  n.ok(event("reflection_refused", "2026-01-11", {{"reason", "public_order"}}));
}

// ---- R5 Reflection ending ----

TEST(R5, AlertFromNoticeDaysBeforeTheLastDayThroughIt) {
  TestCase c;
  c.ok(identified("2026-01-10"));  // Period 2026-01-10 to 2026-02-08, notice 7 days.
  EXPECT_FALSE(c.has_alert("2026-01-31", "reflection_ending"));
  EXPECT_TRUE(c.has_alert("2026-02-01", "reflection_ending"));
  EXPECT_EQ(c.due("2026-02-01", "reflection_ending"), "2026-02-08");
  EXPECT_TRUE(c.has_alert("2026-02-08", "reflection_ending"));
  EXPECT_FALSE(c.has_alert("2026-02-09", "reflection_ending"));
}

TEST(R5, PendingApplicationOrGrantOrNoNeedForAPermitSilencesIt) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("permit_applied", "2026-01-20"));
  EXPECT_FALSE(c.has_alert("2026-02-02", "reflection_ending"));
  c.ok(event("permit_refused", "2026-02-03", {{"reason", "public_order"}}));
  EXPECT_TRUE(c.has_alert("2026-02-03", "reflection_ending"));
  c.ok(permit_granted("2026-02-04", "2026-02-04", "2026-12-31"));
  EXPECT_FALSE(c.has_alert("2026-02-04", "reflection_ending"));

  TestCase national;
  national.ok(identified("2026-01-10", {{"residence_status", "national"}}));
  EXPECT_FALSE(national.has_alert("2026-02-05", "reflection_ending"));
  national.ok(event("details_corrected", "2026-02-06", {{"residence_status", "asylum_seeker"}}));
  EXPECT_TRUE(national.has_alert("2026-02-06", "reflection_ending"));
}

// ---- R6 Protection grounds ----

TEST(R6, IdentificationPendingWhileIdentifiedOrReasonableGrounds) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  EXPECT_EQ(c.grounds("2026-01-10"), Codes{"identification_pending"});
  EXPECT_TRUE(c.state("2026-01-10").protected_from_removal);
  c.ok(event("conclusive_grounds_decision", "2026-01-12", {{"positive", true}}));
  EXPECT_EQ(c.grounds("2026-01-12"), Codes{"reflection_period"});
  EXPECT_TRUE(c.grounds("2026-02-11").empty());
  EXPECT_FALSE(c.state("2026-02-11").protected_from_removal);
}

TEST(R6, ResidencePermitFromValidFromThroughValidUntil) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  c.ok(event("conclusive_grounds_decision", "2026-01-10", {{"positive", true}}));
  c.ok(permit_granted("2026-01-20", "2026-03-01", "2026-09-30"));
  EXPECT_TRUE(c.grounds("2026-02-28").empty());
  EXPECT_FALSE(c.state("2026-02-28").residence_permit->active);
  EXPECT_EQ(c.grounds("2026-03-01"), Codes{"residence_permit"});
  EXPECT_TRUE(c.state("2026-03-01").residence_permit->active);
  EXPECT_EQ(c.grounds("2026-09-30"), Codes{"residence_permit"});
  EXPECT_TRUE(c.grounds("2026-10-01").empty());
  c.ok(event("permit_renewed", "2026-09-01", {{"valid_until", "2027-03-31"}}));
  EXPECT_EQ(c.grounds("2026-10-01"), Codes{"residence_permit"});
  EXPECT_EQ(c.state("2026-10-01").residence_permit->valid_until, day("2027-03-31"));
  c.ok(permit_granted("2026-10-02", "2026-10-02", std::nullopt, {{"kind", "permanent"}}));
  EXPECT_EQ(c.grounds("2090-01-01"), Codes{"residence_permit"});
  EXPECT_FALSE(c.state("2090-01-01").residence_permit->valid_until);
}

TEST(R6, ChildExtendedStayUntilADurableSolutionElsewhere) {
  TestCase c;
  c.ok(child_identified("2026-01-10"));
  EXPECT_EQ(c.grounds("2026-01-10"),
            (Codes{"child_extended_stay", "identification_pending", "reflection_period"}));
  c.ok(event("conclusive_grounds_decision", "2026-03-01", {{"positive", true}}));
  EXPECT_EQ(c.grounds("2026-03-01"), Codes{"child_extended_stay"});
  c.ok(event("durable_solution_determined", "2026-04-01", {{"solution", "local_integration"}}));
  EXPECT_EQ(c.grounds("2026-04-01"), Codes{"child_extended_stay"});
  c.ok(event("durable_solution_determined", "2026-05-01", {{"solution", "third_country"}}));
  EXPECT_TRUE(c.grounds("2026-05-01").empty());

  TestCase not_victim;
  not_victim.ok(child_identified("2026-01-10"));
  not_victim.ok(event("conclusive_grounds_decision", "2026-03-01", {{"positive", false}}));
  EXPECT_TRUE(not_victim.grounds("2026-03-01").empty());

  policy::Policy no_stay = policy::coe_minimum();
  no_stay.children.extended_stay_until_durable_solution = false;
  TestCase without(no_stay);
  without.ok(child_identified("2026-01-10"));
  without.ok(event("conclusive_grounds_decision", "2026-03-01", {{"positive", true}}));
  EXPECT_TRUE(without.grounds("2026-03-01").empty());
}

// ---- R7 No removal while protected ----

TEST(R7, ForcedReturnWhileProtectedIsProhibited) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(risk_assessment("2026-01-11", "low"));
  EXPECT_EQ(c.code(returned("2026-01-12", false)), "removal_prohibited");
  EXPECT_EQ(c.file().applied_count(), 2u);
  // An adult's voluntary return is not blocked.
  c.ok(returned("2026-01-12", true));
}

TEST(R7, AnyReturnOfAProtectedChildIsProhibited) {
  TestCase c;
  c.ok(child_identified("2026-01-10"));
  c.ok(risk_assessment("2026-01-11", "low"));
  c.ok(event("best_interests_determined", "2026-01-11", {{"recommendation", "return"}}));
  EXPECT_EQ(c.code(returned("2026-01-12", true)), "removal_prohibited");
}

TEST(R7, ForcedReturnWithoutAnyGroundPasses) {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  c.ok(event("conclusive_grounds_decision", "2026-01-11", {{"positive", false}}));
  c.ok(risk_assessment("2026-01-11", "medium"));
  c.ok(returned("2026-01-12", false));
}

// ---- R8 Risk assessment before return ----

// An adult with no protection ground left, so that only R8 decides.
TestCase unprotected_adult() {
  TestCase c(two_stage_policy());
  c.ok(identified("2026-01-10"));
  c.ok(event("conclusive_grounds_decision", "2026-01-10", {{"positive", false}}));
  return c;
}

TEST(R8, RequiresARecentIndividualAssessment) {
  TestCase none = unprotected_adult();
  EXPECT_EQ(none.code(returned("2026-01-12", false)), "risk_assessment_required");
  none.ok(risk_assessment("2026-01-12", "low", false));
  EXPECT_EQ(none.code(returned("2026-01-12", false)), "risk_assessment_required");

  // Valid for 90 days: an assessment of 2026-01-11 covers returns through 2026-04-11.
  TestCase last_day = unprotected_adult();
  last_day.ok(risk_assessment("2026-01-11", "low"));
  last_day.ok(returned("2026-04-11", false));
  TestCase too_old = unprotected_adult();
  too_old.ok(risk_assessment("2026-01-11", "low"));
  EXPECT_EQ(too_old.code(returned("2026-04-12", false)), "risk_assessment_required");

  policy::Policy optional_assessment = two_stage_policy();
  optional_assessment.return_.risk_assessment_required = false;
  TestCase not_required(optional_assessment);
  not_required.ok(identified("2026-01-10"));
  not_required.ok(event("conclusive_grounds_decision", "2026-01-10", {{"positive", false}}));
  not_required.ok(returned("2026-01-12", false));
}

TEST(R8, HighRiskBlocksForcedReturnAndFlagsVoluntaryOne) {
  TestCase c = unprotected_adult();
  c.ok(risk_assessment("2026-01-11", "low"));
  c.ok(risk_assessment("2026-01-12", "high"));
  EXPECT_EQ(c.code(returned("2026-01-13", false)), "return_unsafe");
  EXPECT_FALSE(c.has_alert("2026-01-13", "high_risk_return"));
  c.ok(returned("2026-01-13", true));
  EXPECT_TRUE(c.has_alert("2026-01-13", "high_risk_return"));
  EXPECT_FALSE(c.has_alert("2026-01-12", "high_risk_return"));
  c.ok(event("case_closed", "2026-02-01", {{"reason", "returned"}}));
  EXPECT_FALSE(c.has_alert("2026-02-01", "high_risk_return"));

  TestCase later_low = unprotected_adult();
  later_low.ok(risk_assessment("2026-01-11", "high"));
  later_low.ok(risk_assessment("2026-01-12", "medium"));
  later_low.ok(returned("2026-01-13", false));
  EXPECT_FALSE(later_low.has_alert("2026-01-13", "high_risk_return"));
}

// ---- R9 Children's return ----

// A child whose durable solution is return, conclusively a victim and past the reflection
// period, so that no protection ground holds; with a low risk assessment.
TestCase child_ready_to_return(policy::Policy policy) {
  TestCase c(std::move(policy));
  c.ok(child_identified("2026-01-10"));
  c.ok(event("conclusive_grounds_decision", "2026-03-01", {{"positive", true}}));
  c.ok(event("durable_solution_determined", "2026-03-01", {{"solution", "return"}}));
  c.ok(risk_assessment("2026-03-01", "low"));
  return c;
}

TEST(R9, ChildReturnNeedsBestInterestsRecommendingIt) {
  TestCase c = child_ready_to_return(policy::coe_minimum());
  EXPECT_EQ(c.code(returned("2026-03-02", true)), "best_interests_determination_required");
  c.ok(event("best_interests_determined", "2026-03-02", {{"recommendation", "stay"}}));
  EXPECT_EQ(c.code(returned("2026-03-02", false)), "best_interests_determination_required");
  c.ok(event("best_interests_determined", "2026-03-03", {{"recommendation", "third_country"}}));
  c.ok(returned("2026-03-03", false));

  policy::Policy lax = policy::coe_minimum();
  lax.children.best_interests_before_return = false;
  TestCase without = child_ready_to_return(lax);
  without.ok(returned("2026-03-02", true));
}

// ---- R10 Permit length ----

TEST(R10, ShortWhenBeforeValidFromPlusMinMonthsMinusOneDayAtMonthEnd) {
  // 2026-08-31 + 6 months = 2027-02-28 (clamped); minus one day: 2027-02-27.
  TestCase short_permit;
  short_permit.ok(identified("2026-08-01"));
  short_permit.ok(permit_granted("2026-08-31", "2026-08-31", "2027-02-26"));
  EXPECT_TRUE(short_permit.has_alert("2026-09-01", "permit_too_short"));
  short_permit.ok(event("permit_renewed", "2026-10-01", {{"valid_until", "2027-02-27"}}));
  EXPECT_FALSE(short_permit.has_alert("2026-10-01", "permit_too_short"));
  EXPECT_TRUE(short_permit.has_alert("2026-09-30", "permit_too_short"));

  TestCase long_enough;
  long_enough.ok(identified("2026-08-01"));
  long_enough.ok(permit_granted("2026-08-31", "2026-08-31", "2027-02-27"));
  EXPECT_FALSE(long_enough.has_alert("2026-09-01", "permit_too_short"));
}

TEST(R10, ShortInMidMonthAndOnlyWhileTheLatestGrant) {
  TestCase c;
  c.ok(identified("2026-01-01"));
  c.ok(permit_granted("2026-01-15", "2026-01-15", "2026-07-13"));
  EXPECT_TRUE(c.has_alert("2026-01-15", "permit_too_short"));
  c.ok(permit_granted("2026-02-01", "2026-02-01", std::nullopt, {{"kind", "permanent"}}));
  EXPECT_FALSE(c.has_alert("2026-02-01", "permit_too_short"));

  TestCase exact;
  exact.ok(identified("2026-01-01"));
  exact.ok(permit_granted("2026-01-15", "2026-01-15", "2026-07-14"));
  EXPECT_FALSE(exact.has_alert("2026-01-15", "permit_too_short"));
}

// ---- R11 Independent of testimony ----

TEST(R11, PermitRefusalForNotTestifyingOnlyWhereLawMakesItConditional) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("permit_applied", "2026-01-11"));
  EXPECT_EQ(c.code(event("permit_refused", "2026-01-12", {{"reason", "no_cooperation"}})),
            "conditional_on_testimony");
  EXPECT_EQ(c.code(event("permit_refused", "2026-01-12", {{"reason", "refused_to_testify"}})),
            "conditional_on_testimony");
  c.ok(event("permit_refused", "2026-01-12", {{"reason", "not_a_victim"}}));

  policy::Policy conditional = policy::coe_minimum();
  conditional.residence.conditional_on_cooperation = true;
  TestCase d(conditional);
  d.ok(identified("2026-01-10"));
  d.ok(event("permit_refused", "2026-01-12", {{"reason", "refused_to_testify"}}));
}

TEST(R11, AssistanceIsNeverWithdrawnForNotTestifying) {
  policy::Policy conditional = policy::coe_minimum();
  conditional.residence.conditional_on_cooperation = true;
  conditional.assistance.conditional_on_cooperation = true;
  TestCase c(conditional);
  c.ok(identified("2026-01-10"));
  c.ok(event("assistance_provided", "2026-01-10", {{"service", "shelter"}}));
  for (const char* reason : {"no_cooperation", "refused_to_testify"}) {
    EXPECT_EQ(c.code(event("assistance_withdrawn", "2026-01-12",
                           {{"service", "shelter"}, {"reason", reason}})),
              "conditional_on_testimony");
  }
  c.ok(event("assistance_withdrawn", "2026-01-12",
             {{"service", "shelter"}, {"reason", "no_longer_needed"}}));
}

// ---- R12 Renewal ----

TEST(R12, ExpiringFromNoticeDaysBeforeValidUntilThenExpired) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(permit_granted("2026-02-01", "2026-02-01", "2026-12-31"));
  EXPECT_FALSE(c.has_alert("2026-11-30", "permit_expiring"));
  EXPECT_TRUE(c.has_alert("2026-12-01", "permit_expiring"));
  EXPECT_EQ(c.due("2026-12-01", "permit_expiring"), "2026-12-31");
  EXPECT_TRUE(c.has_alert("2026-12-31", "permit_expiring"));
  EXPECT_FALSE(c.has_alert("2026-12-31", "permit_expired"));
  EXPECT_TRUE(c.has_alert("2027-01-01", "permit_expired"));
  EXPECT_FALSE(c.has_alert("2027-01-01", "permit_expiring"));
  EXPECT_EQ(c.due("2027-01-01", "permit_expired"), "2026-12-31");
  c.ok(event("permit_renewed", "2026-12-15", {{"valid_until", "2027-12-31"}}));
  EXPECT_FALSE(c.has_alert("2027-01-01", "permit_expired"));
  EXPECT_TRUE(c.has_alert("2027-12-01", "permit_expiring"));
}

TEST(R12, PermanentPermitWithEndDateAlsoExpiresAndRenewalNeedsAGrant) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  EXPECT_EQ(c.code(event("permit_renewed", "2026-01-11", {{"valid_until", "2027-01-01"}})),
            "no_permit_to_renew");
  c.ok(permit_granted("2026-01-12", "2026-01-12", "2030-01-01", {{"kind", "permanent"}}));
  EXPECT_TRUE(c.has_alert("2030-01-02", "permit_expired"));
  c.ok(permit_granted("2026-01-13", "2026-01-13", std::nullopt, {{"kind", "permanent"}}));
  EXPECT_FALSE(c.has_alert("2030-01-02", "permit_expired"));
}

// ---- R13 Rights that come with the permit ----

TEST(R13, PermitWithoutLabourMarketOrWelfareAccess) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(permit_granted("2026-01-12", "2026-01-12", "2027-01-12",
                      {{"labour_market_access", false}, {"welfare_access", false}}));
  EXPECT_TRUE(c.has_alert("2026-01-12", "labour_market_access_missing"));
  EXPECT_TRUE(c.has_alert("2026-01-12", "welfare_access_missing"));
  c.ok(permit_granted("2026-02-01", "2026-02-01", "2027-02-01", {{"welfare_access", false}}));
  EXPECT_FALSE(c.has_alert("2026-02-01", "labour_market_access_missing"));
  EXPECT_TRUE(c.has_alert("2026-02-01", "welfare_access_missing"));
}

// ---- R14 Guardian ----

TEST(R14, GuardianMissingFromTheDayAfterTheDeadline) {
  TestCase c;
  c.ok(child_identified("2026-01-10"));
  EXPECT_FALSE(c.has_alert("2026-01-13", "guardian_missing"));
  EXPECT_TRUE(c.has_alert("2026-01-14", "guardian_missing"));
  EXPECT_EQ(c.due("2026-01-14", "guardian_missing"), "2026-01-13");
  c.ok(event("guardian_appointed", "2026-01-15"));
  EXPECT_TRUE(c.has_alert("2026-01-14", "guardian_missing"));
  EXPECT_FALSE(c.has_alert("2026-01-15", "guardian_missing"));

  TestCase adult;
  adult.ok(identified("2026-01-10"));
  EXPECT_FALSE(adult.has_alert("2026-03-01", "guardian_missing"));
}

TEST(R14, DeadlineCountsFromTheDayThePersonBecameAChild) {
  TestCase c;
  c.ok(identified("2026-01-10", {{"age_status", "unknown"}}));
  c.ok(event("guardian_appointed", "2026-01-20"));
  c.ok(event("age_assessed", "2026-02-01", {{"result", "child"}}));
  // The guardian of 2026-01-20 was appointed before the person became a child.
  EXPECT_FALSE(c.has_alert("2026-02-04", "guardian_missing"));
  EXPECT_TRUE(c.has_alert("2026-02-05", "guardian_missing"));
  EXPECT_EQ(c.due("2026-02-05", "guardian_missing"), "2026-02-04");

  TestCase corrected;
  corrected.ok(identified("2026-01-10", {{"age_status", "unknown"}}));
  corrected.ok(event("details_corrected", "2026-03-01", {{"birth_year", 2012}}));
  EXPECT_EQ(corrected.due("2026-03-05", "guardian_missing"), "2026-03-04");
  EXPECT_FALSE(corrected.has_alert("2026-03-04", "guardian_missing"));
}

// ---- R15 Non-punishment ----

TEST(R15, TraffickingRelatedChargeNeedsReviewUntilResolved) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("charged_with_offence", "2026-01-11",
             {{"offence", "cannabis cultivation"}, {"related_to_trafficking", "yes"}}));
  c.ok(event("charged_with_offence", "2026-01-11",
             {{"offence", "shoplifting"}, {"related_to_trafficking", "no"}}));
  EXPECT_TRUE(c.has_alert("2026-01-11", "non_punishment_review"));
  c.ok(event("charge_resolved", "2026-01-12",
             {{"outcome", "convicted"}, {"offence", "shoplifting"}}));
  EXPECT_TRUE(c.has_alert("2026-01-12", "non_punishment_review"));
  EXPECT_FALSE(c.has_alert("2026-01-12", "punished_for_trafficking_related_offence"));
  c.ok(event("charge_resolved", "2026-01-13", {{"outcome", "not_punished"}}));
  EXPECT_FALSE(c.has_alert("2026-01-13", "non_punishment_review"));

  TestCase unknown;
  unknown.ok(identified("2026-01-10"));
  unknown.ok(event("charged_with_offence", "2026-01-11",
                   {{"offence", "false papers"}, {"related_to_trafficking", "unknown"}}));
  EXPECT_TRUE(unknown.has_alert("2026-01-11", "non_punishment_review"));
}

TEST(R15, ConvictionForRelatedOffenceStaysFlagged) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("charged_with_offence", "2026-01-11",
             {{"offence", "begging"}, {"related_to_trafficking", "yes"}}));
  c.ok(event("charge_resolved", "2026-02-01", {{"outcome", "convicted"}}));
  EXPECT_FALSE(c.has_alert("2026-02-01", "non_punishment_review"));
  EXPECT_TRUE(c.has_alert("2027-02-01", "punished_for_trafficking_related_offence"));
}

// ---- R16 Testimony is a choice ----

TEST(R16, SchedulingAfterARefusalIsFlaggedAndRefusalChangesNoEntitlement) {
  TestCase refuses;
  refuses.ok(identified("2026-01-10"));
  refuses.ok(event("testimony_decision", "2026-01-11", {{"decision", "refuses"}}));
  TestCase agrees;
  agrees.ok(identified("2026-01-10"));
  agrees.ok(event("testimony_decision", "2026-01-11", {{"decision", "agrees"}}));
  for (const char* date : {"2026-01-11", "2026-02-05", "2026-03-01"}) {
    EXPECT_EQ(refuses.grounds(date), agrees.grounds(date)) << date;
    EXPECT_EQ(refuses.alerts(date), agrees.alerts(date)) << date;
  }
  EXPECT_EQ(refuses.state("2026-01-11").testimony, "refuses");

  refuses.ok(testimony_scheduled("2026-03-01", "2026-04-01"));
  agrees.ok(testimony_scheduled("2026-03-01", "2026-04-01"));
  EXPECT_TRUE(refuses.has_alert("2026-03-01", "testimony_despite_refusal"));
  EXPECT_FALSE(agrees.has_alert("2026-03-01", "testimony_despite_refusal"));
}

// ---- R17 Not too early ----

TEST(R17, TestimonyBeforeIdentificationOrWithinReflectionIsFlagged) {
  TestCase identified_only(two_stage_policy());
  identified_only.ok(identified("2026-01-10"));
  identified_only.ok(testimony_scheduled("2026-01-11", "2026-06-01"));
  EXPECT_TRUE(identified_only.has_alert("2026-01-11", "testimony_during_reflection"));

  TestCase on_last_day;  // Reflection 2026-01-10 to 2026-02-08.
  on_last_day.ok(identified("2026-01-10"));
  on_last_day.ok(testimony_scheduled("2026-01-20", "2026-02-08"));
  EXPECT_TRUE(on_last_day.has_alert("2026-01-20", "testimony_during_reflection"));

  TestCase day_after;
  day_after.ok(identified("2026-01-10"));
  day_after.ok(testimony_scheduled("2026-01-20", "2026-02-09"));
  EXPECT_FALSE(day_after.has_alert("2026-01-20", "testimony_during_reflection"));

  TestCase after_period;
  after_period.ok(identified("2026-01-10"));
  after_period.ok(testimony_scheduled("2026-02-09", "2026-02-09"));
  EXPECT_FALSE(after_period.has_alert("2026-02-09", "testimony_during_reflection"));
}

// ---- R18 Non-confrontational ----

TEST(R18, FaceToFaceOrNoMeasureIsConfrontational) {
  TestCase face;
  face.ok(identified("2026-01-10"));
  face.ok(testimony_scheduled("2026-03-01", "2026-04-01", json::array{"screen"}, true));
  EXPECT_TRUE(face.has_alert("2026-03-01", "confrontational_testimony"));

  TestCase bare;
  bare.ok(identified("2026-01-10"));
  bare.ok(testimony_scheduled("2026-03-01", "2026-04-01", json::array{}, false));
  EXPECT_TRUE(bare.has_alert("2026-03-01", "confrontational_testimony"));

  TestCase protected_hearing;
  protected_hearing.ok(identified("2026-01-10"));
  protected_hearing.ok(
      testimony_scheduled("2026-03-01", "2026-04-01", json::array{"video_link", "support_person"}));
  EXPECT_TRUE(protected_hearing.alerts("2026-03-01").empty());
}

// ---- R19 Consent to referral ----

json::object referral(std::string_view date, std::string_view to) {
  return event("referral_made", date, {{"to_agency_type", to}, {"service", "shelter"}});
}
json::object consent(std::string_view date, bool given,
                     std::optional<std::string_view> recipient = std::nullopt,
                     std::string_view scope = "referral") {
  json::object fields{{"scope", scope}, {"given", given}};
  if (recipient) fields["recipient_agency_type"] = *recipient;
  return event("consent_recorded", date, std::move(fields));
}

TEST(R19, ReferralNeedsStandingConsentForThatRecipient) {
  TestCase c;
  c.ok(identified("2026-01-10"));
  EXPECT_EQ(c.code(referral("2026-01-11", "ngo")), "consent_required");
  c.ok(consent("2026-01-11", true, std::nullopt, "assistance"));
  EXPECT_EQ(c.code(referral("2026-01-11", "ngo")), "consent_required");
  c.ok(consent("2026-01-11", true, "health"));
  EXPECT_EQ(c.code(referral("2026-01-11", "ngo")), "consent_required");
  c.ok(referral("2026-01-11", "health"));
  c.ok(consent("2026-01-12", true));
  c.ok(referral("2026-01-12", "ngo"));
  // Withdrawal for another recipient changes nothing for this one; a general one ends all.
  c.ok(consent("2026-01-13", false, "health"));
  EXPECT_EQ(c.code(referral("2026-01-13", "health")), "consent_required");
  c.ok(referral("2026-01-13", "ngo"));
  c.ok(consent("2026-01-14", false));
  EXPECT_EQ(c.code(referral("2026-01-14", "ngo")), "consent_required");
  c.ok(consent("2026-01-15", true, "ngo"));
  c.ok(referral("2026-01-15", "ngo"));
}

TEST(R19, OverrideBasisOrAChildsReferralToChildProtection) {
  TestCase adult;
  adult.ok(identified("2026-01-10"));
  EXPECT_EQ(adult.code(referral("2026-01-11", "child_protection")), "consent_required");
  adult.ok(with(referral("2026-01-11", "police"), {{"override_basis", "vital_interests"}}));

  TestCase child;
  child.ok(child_identified("2026-01-10"));
  child.ok(referral("2026-01-11", "child_protection"));
  EXPECT_EQ(child.code(referral("2026-01-11", "ngo")), "consent_required");
}

}  // namespace
}  // namespace opennrm::rules::testing

#include "plans/assessment.h"

#include <gtest/gtest.h>
#include "../core/date_literal.h"

namespace opennrm::plans {
namespace {

using opennrm::testing::d;

// A fully specified action; tests break it one element at a time.
Action specified(std::string id, std::string pillar = "prevention",
                 std::vector<std::string> covers = {"all"}) {
  Action action;
  action.id = std::move(id);
  action.title = "Train labour inspectors";
  action.pillar = std::move(pillar);
  action.covers = std::move(covers);
  action.responsible = "Labour Inspectorate";
  action.start = d("2026-03-01");
  action.end = d("2026-12-31");
  action.staff_fte = 2.5;
  action.budget = 120000;
  action.currency = "EUR";
  action.indicator = "Inspectors trained";
  return action;
}

Action unspecified(std::string id, std::string pillar = "prevention",
                   std::vector<std::string> covers = {"all"}) {
  Action action = specified(std::move(id), std::move(pillar), std::move(covers));
  action.indicator.reset();
  return action;
}

Plan plan_of(std::vector<Action> actions, std::vector<Progress> progress = {}) {
  Plan plan;
  plan.title = "National Action Plan 2026-2028";
  plan.country = "XX";
  plan.start = d("2026-01-01");
  plan.end = d("2028-12-31");
  plan.actions = std::move(actions);
  plan.progress = std::move(progress);
  return plan;
}

// One specified action per pillar, covering every dimension: an actionable plan to extend.
std::vector<Action> four_pillars() {
  return {specified("P1", "prevention"), specified("P2", "protection"),
          specified("P3", "prosecution"), specified("P4", "partnership")};
}

const Date kAsOf = d("2026-07-01");

std::vector<Element> missing_of(const Action& action) {
  return missing_elements(action);
}

TEST(Findings, ASpecifiedActionHasNone) {
  EXPECT_TRUE(missing_of(specified("A1")).empty());
}

TEST(Findings, Timeframe) {
  auto without_start = specified("A1");
  without_start.start.reset();
  auto without_end = specified("A1");
  without_end.end.reset();
  auto ending_before_start = specified("A1");
  ending_before_start.end = d("2026-02-28");
  auto one_day = specified("A1");
  one_day.end = one_day.start;
  for (const auto& action : {without_start, without_end, ending_before_start}) {
    EXPECT_EQ(missing_of(action), std::vector<Element>{Element::timeframe});
  }
  EXPECT_TRUE(missing_of(one_day).empty()) << "an end on the start day is not before it";
}

TEST(Findings, ResponsibleAndIndicatorMissingOrOnlyWhiteSpace) {
  for (std::optional<std::string> text :
       {std::optional<std::string>{}, std::optional<std::string>{""},
        std::optional<std::string>{" \t\n"}}) {
    auto action = specified("A1");
    action.responsible = text;
    EXPECT_EQ(missing_of(action), std::vector<Element>{Element::responsible});
    action = specified("A1");
    action.indicator = text;
    EXPECT_EQ(missing_of(action), std::vector<Element>{Element::indicator});
  }
}

TEST(Findings, StaffMustBeAboveZero) {
  for (std::optional<double> fte :
       {std::optional<double>{}, std::optional<double>{0.0}, std::optional<double>{-1.0}}) {
    auto action = specified("A1");
    action.staff_fte = fte;
    EXPECT_EQ(missing_of(action), std::vector<Element>{Element::staff});
  }
  auto small = specified("A1");
  small.staff_fte = 0.1;
  EXPECT_TRUE(missing_of(small).empty());
}

TEST(Findings, BudgetNeedsAnAmountAboveZeroAndACurrency) {
  auto without_amount = specified("A1");
  without_amount.budget.reset();
  auto zero = specified("A1");
  zero.budget = 0;
  auto negative = specified("A1");
  negative.budget = -100;
  auto without_currency = specified("A1");
  without_currency.currency.reset();
  auto blank_currency = specified("A1");
  blank_currency.currency = "  ";
  for (const auto& action : {without_amount, zero, negative, without_currency, blank_currency}) {
    EXPECT_EQ(missing_of(action), std::vector<Element>{Element::budget});
    EXPECT_FALSE(has_budget(action));
  }
}

TEST(Findings, AllFiveAreReportedTogether) {
  Action bare;
  bare.id = "A1";
  bare.title = "x";
  bare.pillar = "prevention";
  bare.covers = {"all"};
  auto assessment = assess(plan_of({bare}), kAsOf, false);
  ASSERT_EQ(assessment.unspecified.size(), 1u);
  EXPECT_EQ(assessment.unspecified[0].id, "A1");
  EXPECT_EQ(assessment.unspecified[0].missing,
            (std::vector<Element>{Element::timeframe, Element::responsible, Element::staff,
                                  Element::budget, Element::indicator}));
}

TEST(Verdict, ActionableWhenEverythingIsSpecifiedAndCovered) {
  auto assessment = assess(plan_of(four_pillars()), kAsOf, false);
  EXPECT_EQ(assessment.verdict, Verdict::actionable);
  EXPECT_EQ(assessment.specified_share, 1.0);
  EXPECT_TRUE(assessment.unspecified.empty());
  EXPECT_TRUE(assessment.uncovered_dimensions.empty());
  EXPECT_TRUE(assessment.uncovered_pillars.empty());
}

TEST(Verdict, APlanWithoutActionsIsAPaperTigerWithShareZero) {
  auto assessment = assess(plan_of({}), kAsOf, false);
  EXPECT_EQ(assessment.verdict, Verdict::paper_tiger);
  EXPECT_EQ(assessment.specified_share, 0.0);
  EXPECT_EQ(assessment.uncovered_dimensions.size(), kRequiredDimensions.size());
  EXPECT_EQ(assessment.uncovered_pillars.size(), kPillars.size());
}

// `total` actions of which `unspecified_count` lack an indicator, every pillar covered.
Assessment with_unspecified(std::size_t total, std::size_t unspecified_count) {
  auto actions = four_pillars();
  while (actions.size() < total) actions.push_back(specified("S" + std::to_string(actions.size())));
  for (std::size_t i = 0; i < unspecified_count; ++i) actions[total - 1 - i].indicator.reset();
  return assess(plan_of(actions), kAsOf, false);
}

TEST(Verdict, ExactlyEightyPercentSpecifiedIsNotAPaperTiger) {
  auto four_of_five = with_unspecified(5, 1);
  EXPECT_EQ(four_of_five.verdict, Verdict::needs_work);
  EXPECT_DOUBLE_EQ(four_of_five.specified_share, 0.8);
  auto eighty_of_hundred = with_unspecified(100, 20);
  EXPECT_EQ(eighty_of_hundred.verdict, Verdict::needs_work);
  EXPECT_EQ(eighty_of_hundred.specified_count, 80u);
}

TEST(Verdict, JustBelowEightyPercentIsAPaperTiger) {
  auto seventy_nine = with_unspecified(100, 21);
  EXPECT_EQ(seventy_nine.verdict, Verdict::paper_tiger);
  EXPECT_DOUBLE_EQ(seventy_nine.specified_share, 0.79);
  EXPECT_EQ(with_unspecified(5, 2).verdict, Verdict::paper_tiger);
  auto share = with_unspecified(6, 2).specified_share;
  EXPECT_EQ(share, 4.0 / 6.0) << "the share is not rounded";
}

TEST(Verdict, AllCoversEveryDimension) {
  auto assessment = assess(plan_of(four_pillars()), kAsOf, true);
  EXPECT_TRUE(assessment.uncovered_dimensions.empty()) << "including those of EU law";
  EXPECT_EQ(assessment.verdict, Verdict::actionable);
}

std::vector<Action> covering_each_required_dimension() {
  return {specified("A1", "prevention", {"sexual_exploitation", "forced_labour"}),
          specified("A2", "protection", {"domestic_servitude", "forced_marriage"}),
          specified("A3", "prosecution", {"organ_removal"}),
          specified("A4", "partnership", {"internal_trafficking", "child_trafficking"})};
}

TEST(Verdict, DimensionsCoveredDirectly) {
  auto assessment = assess(plan_of(covering_each_required_dimension()), kAsOf, false);
  EXPECT_EQ(assessment.verdict, Verdict::actionable);
}

TEST(Verdict, ADimensionCoveredOnlyByUnspecifiedActionsIsUncovered) {
  auto actions = covering_each_required_dimension();
  actions[2].budget.reset();  // A3 alone covers organ_removal.
  actions.push_back(specified("S1", "prosecution", {"forced_labour"}));
  auto assessment = assess(plan_of(actions), kAsOf, false);
  EXPECT_EQ(assessment.specified_count * 5, assessment.action_count * 4) << "80 %: share passes";
  EXPECT_EQ(assessment.uncovered_dimensions, std::vector<std::string>{"organ_removal"});
  EXPECT_EQ(assessment.verdict, Verdict::paper_tiger);
}

TEST(Verdict, AnUnspecifiedActionWithAllCoversNothing) {
  auto actions = covering_each_required_dimension();
  actions.pop_back();  // Nothing specified covers internal trafficking any more...
  actions.push_back(unspecified("A4", "partnership", {"all"}));  // ...and this does not count.
  actions.push_back(specified("A5", "partnership", {"forced_labour"}));
  auto assessment = assess(plan_of(actions), kAsOf, false);
  EXPECT_EQ(assessment.uncovered_dimensions, std::vector<std::string>{"internal_trafficking"});
  EXPECT_EQ(assessment.verdict, Verdict::paper_tiger);
}

TEST(Verdict, EuLawAddsFourDimensions) {
  auto actions = covering_each_required_dimension();
  EXPECT_EQ(assess(plan_of(actions), kAsOf, false).verdict, Verdict::actionable);
  auto eu = assess(plan_of(actions), kAsOf, true);
  EXPECT_EQ(eu.verdict, Verdict::paper_tiger);
  EXPECT_EQ(eu.uncovered_dimensions,
            (std::vector<std::string>{"illegal_adoption", "surrogacy_exploitation",
                                      "forced_criminality", "forced_begging"}));
  actions.push_back(specified(
      "A5", "protection",
      {"illegal_adoption", "surrogacy_exploitation", "forced_criminality", "forced_begging"}));
  EXPECT_EQ(assess(plan_of(actions), kAsOf, true).verdict, Verdict::actionable);
}

TEST(Verdict, APillarWithoutASpecifiedActionNeedsWork) {
  auto actions = four_pillars();
  actions.pop_back();
  auto assessment = assess(plan_of(actions), kAsOf, false);
  EXPECT_EQ(assessment.verdict, Verdict::needs_work);
  EXPECT_EQ(assessment.uncovered_pillars, std::vector<std::string>{"partnership"});

  actions.push_back(unspecified("P4", "partnership"));
  for (int i = 0; i < 2; ++i) actions.push_back(specified("S" + std::to_string(i)));
  assessment = assess(plan_of(actions), kAsOf, false);
  EXPECT_EQ(assessment.uncovered_pillars, std::vector<std::string>{"partnership"})
      << "an unspecified action does not cover its pillar";
  EXPECT_EQ(assessment.verdict, Verdict::needs_work);
}

Progress report(std::string action, const char* date, double percent, double spent = 0) {
  return Progress{std::move(action), d(date), percent, spent, std::nullopt};
}

// Overdue ids of a one-action plan whose action ends on `end`.
std::vector<std::string> overdue_ids(const char* end, std::vector<Progress> progress,
                                     Date as_of = kAsOf) {
  auto action = specified("A1");
  action.start = d("2026-01-01");
  action.end = d(end);
  std::vector<std::string> ids;
  for (const auto& overdue : assess(plan_of({action}, progress), as_of, false).overdue) {
    ids.push_back(overdue.id);
  }
  return ids;
}

const std::vector<std::string> kA1 = {"A1"};
const std::vector<std::string> kNone = {};

TEST(Monitoring, AnActionEndingBeforeTheDateUnfinishedIsOverdue) {
  EXPECT_EQ(overdue_ids("2026-06-30", {}), kA1) << "no progress counts as 0 %";
  EXPECT_EQ(overdue_ids("2026-07-01", {}), kNone) << "ending on the date is not overdue yet";
  EXPECT_EQ(overdue_ids("2026-07-02", {}), kNone);
}

TEST(Monitoring, FinishedMeansOneHundredPercent) {
  EXPECT_EQ(overdue_ids("2026-06-30", {report("A1", "2026-06-30", 100)}), kNone);
  EXPECT_EQ(overdue_ids("2026-06-30", {report("A1", "2026-06-30", 99)}), kA1);
  EXPECT_EQ(overdue_ids("2026-06-30", {report("A1", "2026-06-30", 99.9)}), kA1);
}

TEST(Monitoring, ProgressAfterTheDateIsIgnored) {
  EXPECT_EQ(overdue_ids("2026-06-30", {report("A1", "2026-07-02", 100)}), kA1);
  EXPECT_EQ(overdue_ids("2026-06-30", {report("A1", "2026-07-01", 100)}), kNone)
      << "progress on the date itself counts";
  EXPECT_EQ(overdue_ids("2026-06-30", {report("A1", "2026-06-01", 100)}, d("2026-05-31")), kNone)
      << "as of an earlier date the action was not due yet";
}

TEST(Monitoring, TheLatestDateWinsWhateverTheOrder) {
  EXPECT_EQ(
      overdue_ids("2026-06-30", {report("A1", "2026-06-30", 100), report("A1", "2026-05-01", 50)}),
      kNone);
  EXPECT_EQ(
      overdue_ids("2026-06-30", {report("A1", "2026-05-01", 100), report("A1", "2026-06-30", 90)}),
      kA1)
      << "a later report can lower the percent";
}

TEST(Monitoring, OnEqualDatesTheLaterLineWins) {
  EXPECT_EQ(
      overdue_ids("2026-06-30", {report("A1", "2026-06-15", 40), report("A1", "2026-06-15", 100)}),
      kNone);
  EXPECT_EQ(
      overdue_ids("2026-06-30", {report("A1", "2026-06-15", 100), report("A1", "2026-06-15", 40)}),
      kA1);
}

TEST(Monitoring, AnActionWithoutEndIsNeverOverdue) {
  auto action = specified("A1");
  action.end.reset();
  EXPECT_TRUE(assess(plan_of({action}), d("2030-01-01"), false).overdue.empty());
}

TEST(Monitoring, BudgetExecutionPerCurrency) {
  auto eur1 = specified("E1");
  eur1.budget = 100000;
  auto eur2 = specified("E2");  // No progress: spent 0, budget still counted.
  eur2.budget = 300000;
  auto usd = specified("U1");
  usd.budget = 50000;
  usd.currency = "USD";
  auto no_currency = specified("N1");  // Budget element absent: excluded, even its spending.
  no_currency.currency.reset();
  auto zero_budget = specified("N2");
  zero_budget.budget = 0;
  Plan plan = plan_of({eur1, eur2, usd, no_currency, zero_budget},
                      {report("E1", "2026-03-01", 10, 10000), report("E1", "2026-06-01", 40, 60000),
                       report("E1", "2026-08-01", 90, 95000), report("U1", "2026-05-01", 50, 20000),
                       report("N1", "2026-05-01", 50, 7000), report("N2", "2026-05-01", 50, 9000)});
  auto assessment = assess(plan, kAsOf, false);
  ASSERT_EQ(assessment.budget_execution.size(), 2u);
  const auto& eur = assessment.budget_execution.at("EUR");
  EXPECT_EQ(eur.spent, 60000) << "the latest spent as of the date, not a sum of reports";
  EXPECT_EQ(eur.budget, 400000);
  EXPECT_DOUBLE_EQ(eur.share(), 0.15);
  EXPECT_DOUBLE_EQ(assessment.budget_execution.at("USD").share(), 0.4);
}

TEST(Monitoring, NoBudgetNoExecution) {
  auto action = specified("A1");
  action.budget.reset();
  EXPECT_TRUE(assess(plan_of({action}), kAsOf, false).budget_execution.empty());
}

}  // namespace
}  // namespace opennrm::plans

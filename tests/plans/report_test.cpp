#include "plans/report.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../core/date_literal.h"
#include "plan_toml.h"
#include "plans/plan_file.h"

namespace opennrm::plans {
namespace {

using testing::ActionToml;
using testing::plan_toml;
using testing::progress_toml;

using opennrm::testing::d;

// The spec's JSON example: A4 lacks budget and staff (and is the only partnership action), A2
// is overdue, and EUR is partly spent.
Plan needs_work_plan() {
  auto text = plan_toml(
      {ActionToml("A1", "prevention"), ActionToml("A2", "protection").set("end", "2026-05-31"),
       ActionToml("A3", "prosecution"), ActionToml("A5", "prevention"),
       ActionToml("A6", "prevention"), ActionToml("A7", "prevention"),
       ActionToml("A8", "prevention"), ActionToml("A9", "prevention"),
       ActionToml("A10", "prevention"),
       ActionToml("A4", "partnership").drop("budget").drop("staff_fte")},
      progress_toml("A2", "2026-05-31", "60", "31000"));
  return parse_plan(text, "plan.toml").value();
}

TEST(Json, HasTheShapeOfTheContract) {
  auto json = to_json(assess(needs_work_plan(), d("2026-07-01"), false));
  EXPECT_EQ(json.size(), 7u);
  EXPECT_EQ(json.at("verdict").as_string(), "needs_work");
  EXPECT_DOUBLE_EQ(json.at("specified_share").as_double(), 0.9);
  auto expected_actions = boost::json::parse(R"([{"id": "A4", "missing": ["staff", "budget"]}])");
  EXPECT_EQ(json.at("actions"), expected_actions);
  EXPECT_EQ(json.at("uncovered_dimensions"), boost::json::array{});
  EXPECT_EQ(json.at("uncovered_pillars"), boost::json::array{"partnership"});
  EXPECT_EQ(json.at("overdue"), boost::json::array{"A2"});
  const auto& execution = json.at("budget_execution").as_object();
  ASSERT_EQ(execution.size(), 1u);
  EXPECT_DOUBLE_EQ(execution.at("EUR").as_double(), 31000.0 / (9 * 120000.0));
}

TEST(Json, ThePlanWithoutActionsHasShareZero) {
  Plan plan = parse_plan(testing::kPlanHeader, "plan.toml").value();
  auto json = to_json(assess(plan, d("2026-07-01"), false));
  EXPECT_EQ(json.at("verdict").as_string(), "paper_tiger");
  EXPECT_EQ(json.at("specified_share").to_number<double>(), 0.0);
  EXPECT_EQ(json.at("uncovered_dimensions").as_array().size(), 6u);
  EXPECT_TRUE(json.at("budget_execution").as_object().empty());
}

TEST(Json, NamesTheFiveFindingsAsTheSpecDoes) {
  auto text = plan_toml({ActionToml("A1")
                             .set("responsible", "\" \"")
                             .drop("end")
                             .set("staff_fte", "0")
                             .drop("currency")
                             .set("indicator", "\"\"")});
  auto json = to_json(assess(parse_plan(text, "plan.toml").value(), d("2026-07-01"), false));
  EXPECT_EQ(json.at("actions"), boost::json::parse(R"([{"id": "A1", "missing": ["timeframe",
      "responsible", "staff", "budget", "indicator"]}])"));
}

TEST(Text, SaysTheVerdictAndPutsOverdueActionsBeforeMissingElements) {
  Plan plan = needs_work_plan();
  auto text = to_text(plan, assess(plan, d("2026-07-01"), false));
  EXPECT_NE(text.find("NEEDS WORK"), std::string::npos) << text;
  EXPECT_NE(text.find("partnership"), std::string::npos) << text;
  auto overdue = text.find("A2 \"");
  auto missing = text.find("A4 \"");
  ASSERT_NE(overdue, std::string::npos) << text;
  ASSERT_NE(missing, std::string::npos) << text;
  EXPECT_LT(overdue, missing) << text;
  EXPECT_NE(text.find("60 % done"), std::string::npos) << text;
  EXPECT_NE(text.find("staff"), std::string::npos) << text;
  EXPECT_NE(text.find("EUR: 31000.00 spent of 1080000.00"), std::string::npos) << text;
}

TEST(Text, ExplainsWhatMakesAPaperTiger) {
  auto text_of = [](const std::vector<ActionToml>& actions) {
    Plan plan = parse_plan(plan_toml(actions), "plan.toml").value();
    return to_text(plan, assess(plan, d("2026-07-01"), false));
  };
  auto none = text_of({});
  EXPECT_NE(none.find("PAPER TIGER"), std::string::npos) << none;
  EXPECT_NE(none.find("no action"), std::string::npos) << none;
  auto thin = text_of(
      {ActionToml("A1", "prevention", R"(["forced_labour"])"), ActionToml("A2").drop("indicator")});
  EXPECT_NE(thin.find("1 of 2 actions"), std::string::npos) << thin;
  EXPECT_NE(thin.find("80 %"), std::string::npos) << thin;
  EXPECT_NE(thin.find("trafficking in organs"), std::string::npos) << thin;
}

}  // namespace
}  // namespace opennrm::plans

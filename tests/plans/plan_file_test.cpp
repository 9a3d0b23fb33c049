#include "plans/plan_file.h"

#include <gtest/gtest.h>

#include "../core/date_literal.h"
#include "plan_toml.h"
#include "plans/assessment.h"

namespace opennrm::plans {
namespace {

using testing::ActionToml;
using testing::kPlanHeader;
using testing::plan_toml;
using testing::progress_toml;

using opennrm::testing::d;

// The example of action-plan.md, word for word.
const std::string kSpecExample = R"([plan]
title = "National Action Plan against Trafficking in Human Beings 2026-2028"
country = "XX"
start = 2026-01-01
end = 2028-12-31

[[action]]
id = "A1"
title = "Train labour inspectors in identifying and referring victims"
pillar = "prevention"        # prevention | protection | prosecution | partnership
covers = ["forced_labour", "domestic_servitude"]
responsible = "Labour Inspectorate"
partners = ["NGO Coalition"]  # optional
start = 2026-03-01
end = 2026-12-31
staff_fte = 2.5
budget = 120000
currency = "EUR"
indicator = "Inspectors trained"
target = "300"               # optional

[[progress]]                 # optional, any number
action = "A1"
date = 2026-06-30
percent = 40
spent = 50000
note = "First two regions done"   # optional
)";

TEST(PlanFile, ReadsTheSpecExample) {
  auto parsed = parse_plan(kSpecExample, "plan.toml");
  ASSERT_FALSE(parsed.is_error()) << parsed.error().message;
  const Plan& plan = parsed.value();
  EXPECT_EQ(plan.title, "National Action Plan against Trafficking in Human Beings 2026-2028");
  EXPECT_EQ(plan.country, "XX");
  EXPECT_EQ(plan.start, d("2026-01-01"));
  EXPECT_EQ(plan.end, d("2028-12-31"));
  ASSERT_EQ(plan.actions.size(), 1u);
  const Action& a1 = plan.actions[0];
  EXPECT_EQ(a1.id, "A1");
  EXPECT_EQ(a1.pillar, "prevention");
  EXPECT_EQ(a1.covers, (std::vector<std::string>{"forced_labour", "domestic_servitude"}));
  EXPECT_EQ(a1.responsible, "Labour Inspectorate");
  EXPECT_EQ(a1.partners, std::vector<std::string>{"NGO Coalition"});
  EXPECT_EQ(a1.start, d("2026-03-01"));
  EXPECT_EQ(a1.end, d("2026-12-31"));
  EXPECT_EQ(a1.staff_fte, 2.5);
  EXPECT_EQ(a1.budget, 120000.0);
  EXPECT_EQ(a1.currency, "EUR");
  EXPECT_EQ(a1.indicator, "Inspectors trained");
  EXPECT_EQ(a1.target, "300");
  ASSERT_EQ(plan.progress.size(), 1u);
  EXPECT_EQ(plan.progress[0].action, "A1");
  EXPECT_EQ(plan.progress[0].date, d("2026-06-30"));
  EXPECT_EQ(plan.progress[0].percent, 40.0);
  EXPECT_EQ(plan.progress[0].spent, 50000.0);
  EXPECT_EQ(plan.progress[0].note, "First two regions done");
}

TEST(PlanFile, MissingElementsAreFindingsNotInvalidFiles) {
  auto text = plan_toml({ActionToml("A1")
                             .drop("responsible")
                             .drop("start")
                             .drop("end")
                             .drop("staff_fte")
                             .drop("budget")
                             .drop("currency")
                             .drop("indicator")});
  auto parsed = parse_plan(text, "plan.toml");
  ASSERT_FALSE(parsed.is_error()) << parsed.error().message;
  EXPECT_FALSE(parsed->actions[0].responsible.has_value());
  EXPECT_FALSE(parsed->actions[0].budget.has_value());
}

TEST(PlanFile, AcceptsEveryCoversValueAndIntegerNumbers) {
  auto text =
      plan_toml({ActionToml("A1", "protection",
                            R"(["sexual_exploitation", "forced_labour", "domestic_servitude",
       "forced_marriage", "organ_removal", "forced_criminality", "forced_begging",
       "illegal_adoption", "surrogacy_exploitation", "other", "internal_trafficking",
       "child_trafficking", "all"])")
                     .set("staff_fte", "3")
                     .set("budget", "1000.5")},
                progress_toml("A1", "2026-04-01", "12.5"));
  auto parsed = parse_plan(text, "plan.toml");
  ASSERT_FALSE(parsed.is_error()) << parsed.error().message;
  EXPECT_EQ(parsed->actions[0].covers.size(), 13u);
  EXPECT_EQ(parsed->actions[0].staff_fte, 3.0);
  EXPECT_EQ(parsed->actions[0].budget, 1000.5);
  EXPECT_EQ(parsed->progress[0].percent, 12.5);
  EXPECT_EQ(parsed->progress[0].spent, 0.0) << "spent is optional and defaults to 0";
}

TEST(PlanFile, APlanWithoutActionsIsValid) {
  auto parsed = parse_plan(kPlanHeader, "plan.toml");
  ASSERT_FALSE(parsed.is_error()) << parsed.error().message;
  EXPECT_TRUE(parsed->actions.empty());
}

TEST(PlanFile, NegativeStaffAndBudgetAreFindingsNotInvalidFiles) {
  auto parsed = parse_plan(plan_toml({ActionToml("A1").set("staff_fte", "-1").set("budget", "-5")}),
                           "plan.toml");
  ASSERT_FALSE(parsed.is_error()) << parsed.error().message;
  auto missing = missing_elements(parsed->actions[0]);
  EXPECT_EQ(missing, (std::vector<Element>{Element::staff, Element::budget}));
}

struct InvalidCase {
  const char* name;
  std::string toml;
  // Every fragment must appear in the message: the entry (action id) and the key.
  std::vector<std::string> fragments;
};

std::string with_plan_key(const std::string& key, const std::string& line) {
  std::string text = "[plan]\n";
  for (std::string known : {"title", "country", "start", "end"}) {
    if (known != key) {
      text += known + " = " +
              (known == "title"     ? "\"Plan\""
               : known == "country" ? "\"XX\""
               : known == "start"   ? "2026-01-01"
                                    : "2028-12-31") +
              "\n";
    }
  }
  return text + line + "\n";
}

std::vector<InvalidCase> invalid_cases() {
  ActionToml a1("A1");
  return {
      {"not TOML", kPlanHeader + "[[action]\nid = 1", {"plan.toml:", "TOML"}},
      {"no plan table", ActionToml("A1").str(), {"\"plan\"", "missing"}},
      {"plan not a table", "plan = \"x\"\n", {"\"plan\"", "table"}},
      {"plan without title", with_plan_key("title", ""), {"[plan]", "\"title\"", "missing"}},
      {"plan with blank title", with_plan_key("title", "title = \"  \""), {"[plan]", "\"title\""}},
      {"plan without country", with_plan_key("country", ""), {"[plan]", "\"country\""}},
      {"plan without start", with_plan_key("start", ""), {"[plan]", "\"start\""}},
      {"plan without end", with_plan_key("end", ""), {"[plan]", "\"end\""}},
      {"lower-case country", with_plan_key("country", "country = \"xx\""), {"\"country\"", "xx"}},
      {"three-letter country", with_plan_key("country", "country = \"XXX\""), {"\"country\""}},
      {"country with a digit", with_plan_key("country", "country = \"X1\""), {"\"country\""}},
      {"country not text", with_plan_key("country", "country = 12"), {"\"country\"", "integer"}},
      {"start as a string",
       with_plan_key("start", "start = \"2026-01-01\""),
       {"[plan]", "\"start\"", "date"}},
      {"start as a date-time",
       with_plan_key("start", "start = 2026-01-01T10:00:00"),
       {"[plan]", "\"start\"", "date-time"}},
      {"plan ending before its start",
       with_plan_key("end", "end = 2025-12-31"),
       {"[plan]", "\"end\""}},
      {"unknown plan key", with_plan_key("", "owner = \"me\""), {"[plan]", "\"owner\"", "unknown"}},
      {"unknown top-level key",
       kPlanHeader + "version = 2\n" + a1.str(),
       {"\"version\"", "unknown"}},
      {"action as a single table",
       kPlanHeader + "[action]\nid = \"A1\"\n",
       {"\"action\"", "[[action]]"}},
      {"action without id", plan_toml({ActionToml("A1").drop("id")}), {"action #1", "\"id\""}},
      {"action with blank id", plan_toml({ActionToml(" ")}), {"action #1", "\"id\""}},
      {"action with an integer id",
       plan_toml({ActionToml("A1").set("id", "1")}),
       {"action #1", "\"id\"", "integer"}},
      {"second action without title",
       plan_toml({ActionToml("A1"), ActionToml("A2").drop("title")}),
       {"action \"A2\"", "\"title\"", "missing"}},
      {"action without pillar",
       plan_toml({ActionToml("A1").drop("pillar")}),
       {"action \"A1\"", "\"pillar\"", "missing"}},
      {"action without covers",
       plan_toml({ActionToml("A1").drop("covers")}),
       {"action \"A1\"", "\"covers\"", "missing"}},
      {"unknown pillar",
       plan_toml({ActionToml("A1", "education")}),
       {"action \"A1\"", "\"pillar\"", "education"}},
      {"unknown covers value",
       plan_toml({ActionToml("A1", "prevention", R"(["all", "smuggling"])")}),
       {"action \"A1\"", "\"covers\"", "smuggling"}},
      {"empty covers",
       plan_toml({ActionToml("A1", "prevention", "[]")}),
       {"action \"A1\"", "\"covers\""}},
      {"covers as text",
       plan_toml({ActionToml("A1", "prevention", "\"all\"")}),
       {"action \"A1\"", "\"covers\"", "array"}},
      {"title not text",
       plan_toml({ActionToml("A1").set("title", "42")}),
       {"action \"A1\"", "\"title\"", "integer"}},
      {"responsible not text",
       plan_toml({ActionToml("A1").set("responsible", "true")}),
       {"action \"A1\"", "\"responsible\"", "boolean"}},
      {"partners with a number",
       plan_toml({ActionToml("A1").set("partners", "[\"NGO\", 3]")}),
       {"action \"A1\"", "\"partners\""}},
      {"action start as a string",
       plan_toml({ActionToml("A1").set("start", "\"2026-03-01\"")}),
       {"action \"A1\"", "\"start\"", "date"}},
      {"action end as a local time",
       plan_toml({ActionToml("A1").set("end", "10:00:00")}),
       {"action \"A1\"", "\"end\"", "time"}},
      {"staff as text",
       plan_toml({ActionToml("A1").set("staff_fte", "\"two\"")}),
       {"action \"A1\"", "\"staff_fte\"", "number"}},
      {"budget as a boolean",
       plan_toml({ActionToml("A1").set("budget", "true")}),
       {"action \"A1\"", "\"budget\"", "number"}},
      {"budget not finite",
       plan_toml({ActionToml("A1").set("budget", "inf")}),
       {"action \"A1\"", "\"budget\"", "finite"}},
      {"currency as a number",
       plan_toml({ActionToml("A1").set("currency", "978")}),
       {"action \"A1\"", "\"currency\""}},
      {"indicator as an array",
       plan_toml({ActionToml("A1").set("indicator", "[\"x\"]")}),
       {"action \"A1\"", "\"indicator\"", "array"}},
      {"target as a number",
       plan_toml({ActionToml("A1").set("target", "300")}),
       {"action \"A1\"", "\"target\""}},
      {"unknown action key",
       plan_toml({ActionToml("A1").set("budgett", "5")}),
       {"action \"A1\"", "\"budgett\"", "unknown"}},
      {"duplicate action id",
       plan_toml({ActionToml("A1"), ActionToml("A2"), ActionToml("A1")}),
       {"action \"A1\"", "\"id\"", "line"}},
      {"progress on an unknown action",
       plan_toml({ActionToml("A1")}, progress_toml("A9", "2026-05-01", "10")),
       {"progress #1", "\"action\"", "A9"}},
      {"progress without action",
       plan_toml({ActionToml("A1")}, "[[progress]]\ndate = 2026-05-01\npercent = 1\n"),
       {"progress #1", "\"action\"", "missing"}},
      {"progress without date",
       plan_toml({ActionToml("A1")}, "[[progress]]\naction = \"A1\"\npercent = 1\n"),
       {"progress #1", "A1", "\"date\"", "missing"}},
      {"progress without percent",
       plan_toml({ActionToml("A1")}, "[[progress]]\naction = \"A1\"\ndate = 2026-05-01\n"),
       {"progress #1", "A1", "\"percent\"", "missing"}},
      {"progress date as a string",
       plan_toml({ActionToml("A1")}, progress_toml("A1", "\"2026-05-01\"", "10")),
       {"progress #1", "\"date\""}},
      {"percent above 100",
       plan_toml({ActionToml("A1")}, progress_toml("A1", "2026-05-01", "101")),
       {"progress #1", "A1", "\"percent\"", "101"}},
      {"negative percent",
       plan_toml({ActionToml("A1")}, progress_toml("A1", "2026-05-01", "-1")),
       {"progress #1", "\"percent\""}},
      {"negative spent",
       plan_toml({ActionToml("A1")}, progress_toml("A1", "2026-05-01", "10", "-100")),
       {"progress #1", "\"spent\""}},
      {"spent as text",
       plan_toml({ActionToml("A1")}, progress_toml("A1", "2026-05-01", "10", "\"100\"")),
       {"progress #1", "\"spent\"", "number"}},
      {"second progress with an unknown key",
       plan_toml({ActionToml("A1")}, progress_toml("A1", "2026-05-01", "10") +
                                         progress_toml("A1", "2026-06-01", "20") + "by = \"me\"\n"),
       {"progress #2", "\"by\"", "unknown"}},
      {"progress as a single table",
       plan_toml({ActionToml("A1")}, "[progress]\naction = \"A1\"\n"),
       {"\"progress\"", "[[progress]]"}},
  };
}

TEST(PlanFile, RejectsInvalidFilesNamingTheActionAndKey) {
  for (const auto& invalid : invalid_cases()) {
    auto parsed = parse_plan(invalid.toml, "plan.toml");
    ASSERT_TRUE(parsed.is_error()) << invalid.name;
    EXPECT_EQ(parsed.error().code, "plan_invalid") << invalid.name;
    const auto& message = parsed.error().message;
    EXPECT_TRUE(message.starts_with("plan.toml:")) << invalid.name << ": " << message;
    for (const auto& fragment : invalid.fragments) {
      EXPECT_NE(message.find(fragment), std::string::npos)
          << invalid.name << ": '" << fragment << "' not in: " << message;
    }
  }
}

TEST(PlanFile, NamesTheLineOfTheOffendingKey) {
  auto text = plan_toml({ActionToml("A1"), ActionToml("A2", "education")});
  auto parsed = parse_plan(text, "plans/xx.toml");
  ASSERT_TRUE(parsed.is_error());
  // The header has 5 lines, a blank line and 11 keys per action: A2's pillar is on line 23.
  EXPECT_TRUE(parsed.error().message.starts_with("plans/xx.toml:23: ")) << parsed.error().message;
  EXPECT_EQ(parsed.error().field, "action[A2].pillar");
}

TEST(PlanFile, AMissingFileIsAnErrorNamingThePath) {
  auto loaded = load_plan_file("/nonexistent/plan.toml");
  ASSERT_TRUE(loaded.is_error());
  EXPECT_NE(loaded.error().message.find("/nonexistent/plan.toml"), std::string::npos);
}

void expect_round_trip(const Plan& plan) {
  auto text = to_toml(plan);
  auto again = parse_plan(text, "export.toml");
  ASSERT_FALSE(again.is_error()) << again.error().message << "\n" << text;
  EXPECT_EQ(again.value(), plan) << text;
  EXPECT_EQ(to_toml(again.value()), text);
}

TEST(PlanFile, ExportReadsBackIdentically) {
  expect_round_trip(parse_plan(kSpecExample, "plan.toml").value());
  for (const char* example : {"actionable", "needs-work", "paper-tiger"}) {
    auto plan =
        load_plan_file(std::string(OPENNRM_SOURCE_DIR) + "/examples/plans/" + example + ".toml");
    ASSERT_FALSE(plan.is_error()) << plan.error().message;
    expect_round_trip(plan.value());
  }
}

TEST(PlanFile, ExportKeepsAwkwardTextNumbersAndAbsentKeys) {
  Plan plan;
  plan.title = "Plan \"2026\" \\ with\ttabs,\nnew lines, \x01 and Unicode: Ελλάδα ✓";
  plan.country = "XK";
  plan.start = d("2026-01-01");
  plan.end = d("2026-01-01");
  Action action;
  action.id = "A 1 'quoted'";
  action.title = "x";
  action.pillar = "partnership";
  action.covers = {"child_trafficking"};
  action.responsible = "   ";
  action.staff_fte = 0.1;
  action.budget = 1e20;
  action.currency = "";
  plan.actions.push_back(action);
  Action bare = action;
  bare.id = "A2";
  bare.responsible.reset();
  bare.staff_fte = -0.333333333333333314829616256247;
  bare.budget = 123456789.125;
  bare.partners = {"a", "b"};
  bare.start = d("2026-02-01");
  bare.target = "";
  plan.actions.push_back(bare);
  plan.progress.push_back({"A2", d("2026-03-01"), 33.3, 0.01, std::nullopt});
  plan.progress.push_back({"A 1 'quoted'", d("2026-03-01"), 0, 0, "  "});
  expect_round_trip(plan);
}

TEST(PlanFile, EachExampleGetsItsVerdict) {
  const std::pair<const char*, Verdict> examples[] = {{"actionable", Verdict::actionable},
                                                      {"needs-work", Verdict::needs_work},
                                                      {"paper-tiger", Verdict::paper_tiger}};
  for (auto [name, verdict] : examples) {
    auto plan =
        load_plan_file(std::string(OPENNRM_SOURCE_DIR) + "/examples/plans/" + name + ".toml");
    ASSERT_FALSE(plan.is_error()) << plan.error().message;
    EXPECT_EQ(assess(plan.value(), d("2026-07-01"), false).verdict, verdict) << name;
  }
  auto actionable =
      load_plan_file(std::string(OPENNRM_SOURCE_DIR) + "/examples/plans/actionable.toml");
  EXPECT_EQ(assess(actionable.value(), d("2026-07-01"), true).verdict, Verdict::actionable)
      << "the actionable example also covers the dimensions of EU law";
}

}  // namespace
}  // namespace opennrm::plans

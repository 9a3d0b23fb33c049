// Assessing a national action plan of 500 actions, the size of a large federal plan. The goal
// is under 50 ms per assessment; each benchmark prints `goal_ratio`, the measured time per
// assessment divided by 50 ms (below 1 meets the goal).

#include <benchmark/benchmark.h>

#include <chrono>

#include "plans/assessment.h"
#include "plans/plan_file.h"

namespace {

using opennrm::Date;
using namespace opennrm::plans;

constexpr int kActions = 500;
constexpr int kReportsPerAction = 4;
constexpr double kGoalSeconds = 0.050;

// A generated plan: actions spread over pillars and dimensions, one in ten lacking an element,
// two currencies, and quarterly progress reports on every action.
Plan generated_plan() {
  Plan plan;
  plan.title = "Generated National Action Plan";
  plan.country = "XX";
  plan.start = Date::from_ymd(2026, 1, 1);
  plan.end = Date::from_ymd(2028, 12, 31);
  for (int i = 0; i < kActions; ++i) {
    Action action;
    action.id = "A" + std::to_string(i + 1);
    action.title = "Generated action " + std::to_string(i + 1);
    action.pillar = std::string(kPillars[i % kPillars.size()]);
    action.covers = {std::string(kCoverValues[i % kCoverValues.size()])};
    action.responsible = "Ministry " + std::to_string(i % 12);
    action.start = plan.start.add_days(i % 300);
    action.end = action.start->add_months(6 + i % 18);
    action.staff_fte = 0.5 + i % 4;
    if (i % 10 != 9) action.budget = 10000.0 * (1 + i % 20);
    action.currency = i % 3 == 0 ? "USD" : "EUR";
    action.indicator = "Indicator " + std::to_string(i);
    for (int q = 1; q <= kReportsPerAction; ++q) {
      plan.progress.push_back({action.id, action.start->add_months(3 * q), 25.0 * q,
                               2000.0 * q * (1 + i % 5), std::nullopt});
    }
    plan.actions.push_back(std::move(action));
  }
  return plan;
}

void set_goal_ratio(benchmark::State& state, std::chrono::steady_clock::duration elapsed) {
  double seconds = std::chrono::duration<double>(elapsed).count();
  state.counters["goal_ratio"] = seconds / double(state.iterations()) / kGoalSeconds;
}

void BM_AssessPlan500(benchmark::State& state) {
  const Plan plan = generated_plan();
  const Date as_of = Date::from_ymd(2027, 6, 30);
  auto started = std::chrono::steady_clock::now();
  for (auto _ : state) {
    benchmark::DoNotOptimize(assess(plan, as_of, true));
  }
  set_goal_ratio(state, std::chrono::steady_clock::now() - started);
}
BENCHMARK(BM_AssessPlan500)->Unit(benchmark::kMicrosecond);

// What `opennrm plan check` does besides reading the file: parse, then assess.
void BM_ParseAndAssessPlan500(benchmark::State& state) {
  const std::string text = to_toml(generated_plan());
  const Date as_of = Date::from_ymd(2027, 6, 30);
  auto started = std::chrono::steady_clock::now();
  for (auto _ : state) {
    auto plan = parse_plan(text, "generated.toml");
    benchmark::DoNotOptimize(assess(plan.value(), as_of, true));
  }
  set_goal_ratio(state, std::chrono::steady_clock::now() - started);
}
BENCHMARK(BM_ParseAndAssessPlan500)->Unit(benchmark::kMillisecond);

}  // namespace

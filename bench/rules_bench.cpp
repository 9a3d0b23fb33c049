// The rules engine's cost for one case of 50 events: recording every event (parse, check,
// apply) and computing the state and alerts on a date. The goal is printed as a ratio against
// a baseline of the same run: only parsing the 50 JSON lines, which any reader of the case pays.

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/date.h"
#include "policy/policy.h"
#include "rules/case_file.h"

namespace {

namespace json = boost::json;
using opennrm::Date;

// A plausible 50-event history of a generated person: identification, decisions, consent and
// referrals, assistance, a permit and its renewals, testimony, a charge and compensation.
std::vector<std::string> fifty_event_history() {
  Date start = Date::from_ymd(2026, 1, 10);
  auto on = [&](int day) { return start.add_days(day).to_string(); };
  std::vector<std::string> lines = {
      fmt::format(R"({{"type":"identified","date":"{}","by_agency_type":"police","sex":"female",)"
                  R"("age_status":"unknown","birth_year":2009,"residence_status":"irregular",)"
                  R"("citizenship":["NG"],"forms":["sexual_exploitation","forced_criminality"],)"
                  R"("countries_of_exploitation":["IT","AT"]}})",
                  on(0)),
      fmt::format(R"({{"type":"guardian_appointed","date":"{}"}})", on(1)),
      fmt::format(R"({{"type":"consent_recorded","date":"{}","scope":"referral","given":true}})",
                  on(1)),
      fmt::format(R"({{"type":"permit_applied","date":"{}"}})", on(2)),
      fmt::format(R"({{"type":"age_assessed","date":"{}","result":"child"}})", on(3)),
      fmt::format(R"({{"type":"testimony_decision","date":"{}","decision":"undecided"}})", on(4)),
      fmt::format(R"({{"type":"charged_with_offence","date":"{}","offence":"cultivation",)"
                  R"("related_to_trafficking":"yes"}})",
                  on(5)),
  };
  const char* services[] = {"shelter", "medical", "psychological", "legal", "interpretation"};
  for (int i = 0; lines.size() < 40; ++i) {
    lines.push_back(fmt::format(
        R"({{"type":"referral_made","date":"{}","to_agency_type":"ngo","service":"{}"}})",
        on(6 + i), services[i % 5]));
    lines.push_back(fmt::format(R"({{"type":"assistance_provided","date":"{}","service":"{}"}})",
                                on(6 + i), services[i % 5]));
  }
  lines.push_back(fmt::format(
      R"({{"type":"conclusive_grounds_decision","date":"{}","positive":true}})", on(60)));
  lines.push_back(fmt::format(
      R"({{"type":"permit_granted","date":"{}","valid_from":"{}","valid_until":"{}",)"
      R"("basis":"child_best_interests","kind":"temporary","labour_market_access":true,)"
      R"("welfare_access":true}})",
      on(61), on(61), on(61 + 180)));
  lines.push_back(
      fmt::format(R"({{"type":"testimony_scheduled","date":"{}","hearing_date":"{}",)"
                  R"("measures":["video_link","support_person"],"face_to_face":false}})",
                  on(70), on(120)));
  lines.push_back(
      fmt::format(R"({{"type":"charge_resolved","date":"{}","outcome":"not_punished"}})", on(90)));
  lines.push_back(fmt::format(
      R"({{"type":"compensation_claimed","date":"{}","source":"state_fund"}})", on(100)));
  for (int renewal = 1; lines.size() < 50; ++renewal) {
    lines.push_back(fmt::format(R"({{"type":"permit_renewed","date":"{}","valid_until":"{}"}})",
                                on(61 + 150 * renewal), on(61 + 180 * (renewal + 1))));
  }
  return lines;
}

const std::vector<std::string>& history() {
  static const std::vector<std::string> lines = fifty_event_history();
  return lines;
}

const Date kAsOf = Date::from_ymd(2027, 3, 1);

void parse_all() {
  for (const std::string& line : history()) benchmark::DoNotOptimize(json::parse(line));
}

void record_and_view() {
  opennrm::rules::CaseFile file(opennrm::policy::coe_minimum());
  for (const std::string& line : history())
    benchmark::DoNotOptimize(file.record(json::parse(line)));
  benchmark::DoNotOptimize(file.as_of(kAsOf));
}

// Seconds per call of `work`, measured over enough calls to be steady.
template <typename Work>
double seconds_per_call(Work work) {
  constexpr int kCalls = 2000;
  auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < kCalls; ++i) work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count() / kCalls;
}

// Baseline: parsing the 50 lines, nothing else.
void BM_RulesParseFiftyEvents(benchmark::State& state) {
  for (auto _ : state) parse_all();
}
BENCHMARK(BM_RulesParseFiftyEvents);

// Goal: recording 50 events and computing the state and alerts, as a multiple of the baseline.
void BM_RulesRecordAndViewFiftyEvents(benchmark::State& state) {
  auto begin = std::chrono::steady_clock::now();
  for (auto _ : state) record_and_view();
  double per_case =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count() /
      double(state.iterations());
  state.counters["x_json_parse"] = per_case / seconds_per_call(parse_all);
}
BENCHMARK(BM_RulesRecordAndViewFiftyEvents);

// The view of one date of an already recorded 50-event case (what a case page or alert list
// computes).
void BM_RulesViewOfFiftyEventCase(benchmark::State& state) {
  opennrm::rules::CaseFile file(opennrm::policy::coe_minimum());
  for (const std::string& line : history()) {
    if (file.record(json::parse(line))) state.SkipWithError("the benchmark history was refused");
  }
  for (auto _ : state) benchmark::DoNotOptimize(file.as_of(kAsOf));
  state.counters["events"] = double(file.applied_count());
}
BENCHMARK(BM_RulesViewOfFiftyEventCase);

}  // namespace

#pragma once

// Whether a national action plan is a paper tiger (action-plan.md, "Assessment"), and how its
// actions stand as of a date ("Monitoring"). The assessment is a pure function of the plan and
// the date, so the command line, the server and the benchmark share it.

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "plans/plan.h"

namespace opennrm::plans {

// The five elements without which an action is not specified. Each one missing is a finding on
// the action, named as in the spec.
enum class Element { timeframe, responsible, staff, budget, indicator };
std::string_view element_name(Element element);

// The elements an action lacks, in the order above; empty when the action is specified.
std::vector<Element> missing_elements(const Action& action);

// Whether an action has a budget the spec counts: above zero, with a currency.
bool has_budget(const Action& action);

// The dimensions every plan must cover, and those a plan assessed against EU law adds.
inline constexpr std::array<std::string_view, 6> kRequiredDimensions = {
    "sexual_exploitation", "forced_labour", "domestic_servitude",
    "forced_marriage",     "organ_removal", "internal_trafficking"};
inline constexpr std::array<std::string_view, 4> kEuDimensions = {
    "illegal_adoption", "surrogacy_exploitation", "forced_criminality", "forced_begging"};

// Each action's latest progress report as of a date ("Monitoring"): reports dated after it are
// ignored, the latest date wins, and on equal dates the later report. Keyed by action id; an
// action without a report is absent. Keys and values point into the plan, which must outlive
// the map.
using LatestProgress = std::unordered_map<std::string_view, const Progress*>;
LatestProgress latest_progress(const Plan& plan, Date as_of);

enum class Verdict { paper_tiger, needs_work, actionable };
std::string_view verdict_name(Verdict verdict);

// Whether at least 80 % of the actions are specified (exactly 80 % is enough). Counts are
// compared as integers so that the boundary does not depend on floating-point rounding.
inline bool enough_specified(std::size_t specified_count, std::size_t action_count) {
  return specified_count * 5 >= action_count * 4;
}

struct UnspecifiedAction {
  std::string id;
  std::string title;
  std::vector<Element> missing;
};

struct OverdueAction {
  std::string id;
  std::string title;
  Date end;
  // The latest reported percent as of the assessment date (0 without any report).
  double percent = 0;
};

// Money spent against money planned, in one currency.
struct BudgetExecution {
  double spent = 0;
  double budget = 0;
  double share() const { return spent / budget; }
};

struct Assessment {
  Date as_of;
  bool eu = false;
  Verdict verdict = Verdict::paper_tiger;
  std::size_t action_count = 0;
  std::size_t specified_count = 0;
  // specified_count / action_count, unrounded; 0 for a plan without actions.
  double specified_share = 0;
  // Only the actions with something missing, in plan order.
  std::vector<UnspecifiedAction> unspecified;
  // In the order of kRequiredDimensions, then kEuDimensions.
  std::vector<std::string> uncovered_dimensions;
  // In the order of kPillars.
  std::vector<std::string> uncovered_pillars;
  // In plan order.
  std::vector<OverdueAction> overdue;
  // Keyed by currency, as written in the plan.
  std::map<std::string, BudgetExecution> budget_execution;
};

// Assesses a plan as of a date; `eu` adds the EU dimensions to the required ones.
Assessment assess(const Plan& plan, Date as_of, bool eu);

}  // namespace opennrm::plans

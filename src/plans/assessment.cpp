#include "plans/assessment.h"

#include <algorithm>
#include <set>

namespace opennrm::plans {

namespace {

bool has_text(const std::optional<std::string>& text) {
  return text && !is_blank(*text);
}

bool has_timeframe(const Action& action) {
  return action.start && action.end && !(*action.end < *action.start);
}

// The required dimensions that no specified action covers, directly or through `all`.
std::vector<std::string> uncovered_dimensions(const std::vector<const Action*>& specified,
                                              bool eu) {
  std::vector<std::string> uncovered;
  auto check = [&](std::string_view dimension) {
    bool covered = std::ranges::any_of(
        specified, [&](const Action* action) { return addresses(*action, dimension); });
    if (!covered) uncovered.emplace_back(dimension);
  };
  std::for_each(kRequiredDimensions.begin(), kRequiredDimensions.end(), check);
  if (eu) std::for_each(kEuDimensions.begin(), kEuDimensions.end(), check);
  return uncovered;
}

std::vector<std::string> uncovered_pillars(const std::vector<const Action*>& specified) {
  std::vector<std::string> uncovered;
  for (auto pillar : kPillars) {
    bool covered = std::any_of(specified.begin(), specified.end(),
                               [&](const Action* action) { return action->pillar == pillar; });
    if (!covered) uncovered.emplace_back(pillar);
  }
  return uncovered;
}

Verdict verdict_of(const Assessment& assessment) {
  if (assessment.action_count == 0 ||
      !enough_specified(assessment.specified_count, assessment.action_count) ||
      !assessment.uncovered_dimensions.empty()) {
    return Verdict::paper_tiger;
  }
  if (assessment.specified_count < assessment.action_count ||
      !assessment.uncovered_pillars.empty()) {
    return Verdict::needs_work;
  }
  return Verdict::actionable;
}

void monitor(const Plan& plan, Assessment& assessment) {
  auto latest = latest_progress(plan, assessment.as_of);
  for (const auto& action : plan.actions) {
    auto found = latest.find(action.id);
    const Progress* report = found == latest.end() ? nullptr : found->second;
    double percent = report ? report->percent : 0;
    if (action.end && *action.end < assessment.as_of && percent < 100) {
      assessment.overdue.push_back({action.id, action.title, *action.end, percent});
    }
    if (has_budget(action)) {
      auto& execution = assessment.budget_execution[*action.currency];
      execution.budget += *action.budget;
      execution.spent += report ? report->spent : 0;
    }
  }
}

}  // namespace

LatestProgress latest_progress(const Plan& plan, Date as_of) {
  LatestProgress latest;
  for (const auto& report : plan.progress) {
    if (as_of < report.date) continue;
    const Progress*& current = latest[report.action];
    if (!current || !(report.date < current->date)) current = &report;
  }
  return latest;
}

std::string_view element_name(Element element) {
  switch (element) {
    case Element::timeframe:
      return "timeframe";
    case Element::responsible:
      return "responsible";
    case Element::staff:
      return "staff";
    case Element::budget:
      return "budget";
    case Element::indicator:
      return "indicator";
  }
  return "unknown";
}

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::paper_tiger:
      return "paper_tiger";
    case Verdict::needs_work:
      return "needs_work";
    case Verdict::actionable:
      return "actionable";
  }
  return "unknown";
}

bool has_budget(const Action& action) {
  return action.budget && *action.budget > 0 && has_text(action.currency);
}

std::vector<Element> missing_elements(const Action& action) {
  std::vector<Element> missing;
  if (!has_timeframe(action)) missing.push_back(Element::timeframe);
  if (!has_text(action.responsible)) missing.push_back(Element::responsible);
  if (!(action.staff_fte && *action.staff_fte > 0)) missing.push_back(Element::staff);
  if (!has_budget(action)) missing.push_back(Element::budget);
  if (!has_text(action.indicator)) missing.push_back(Element::indicator);
  return missing;
}

Assessment assess(const Plan& plan, Date as_of, bool eu) {
  Assessment assessment;
  assessment.as_of = as_of;
  assessment.eu = eu;
  assessment.action_count = plan.actions.size();
  std::vector<const Action*> specified;
  for (const auto& action : plan.actions) {
    auto missing = missing_elements(action);
    if (missing.empty()) {
      specified.push_back(&action);
    } else {
      assessment.unspecified.push_back({action.id, action.title, std::move(missing)});
    }
  }
  assessment.specified_count = specified.size();
  if (!plan.actions.empty()) {
    assessment.specified_share = double(specified.size()) / double(plan.actions.size());
  }
  assessment.uncovered_dimensions = uncovered_dimensions(specified, eu);
  assessment.uncovered_pillars = uncovered_pillars(specified);
  assessment.verdict = verdict_of(assessment);
  monitor(plan, assessment);
  return assessment;
}

}  // namespace opennrm::plans

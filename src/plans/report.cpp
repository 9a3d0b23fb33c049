#include "plans/report.h"

#include <boost/json/array.hpp>

#include <fmt/format.h>

namespace opennrm::plans {

namespace {

boost::json::array string_array(const std::vector<std::string>& items) {
  return boost::json::array(items.begin(), items.end());
}

// What the office reads instead of an element's code.
std::string_view element_words(Element element) {
  switch (element) {
    case Element::timeframe:
      return "timeframe (start and end, the end not before the start)";
    case Element::responsible:
      return "responsible body";
    case Element::staff:
      return "staff (full-time equivalents above zero)";
    case Element::budget:
      return "budget (an amount above zero, with its currency)";
    case Element::indicator:
      return "indicator";
  }
  return element_name(element);
}

// What the office reads instead of a dimension's code; the words of the OSCE recommendation
// and of the EU anti-trafficking directive.
std::string_view dimension_words(std::string_view dimension) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"sexual_exploitation", "trafficking for sexual exploitation"},
      {"forced_labour", "trafficking for labour exploitation"},
      {"domestic_servitude", "domestic servitude"},
      {"forced_marriage", "forced marriage"},
      {"organ_removal", "trafficking in organs"},
      {"internal_trafficking", "internal trafficking"},
      {"illegal_adoption", "illegal adoption"},
      {"surrogacy_exploitation", "exploitation of surrogacy"},
      {"forced_criminality", "forced criminal activities"},
      {"forced_begging", "forced begging"}};
  for (auto [code, words] : kWords) {
    if (code == dimension) return words;
  }
  return dimension;
}

template <typename Items, typename Words>
std::string listed(const Items& items, Words words) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += "; ";
    text += words(item);
  }
  return text;
}

std::string percent(double share) {
  return fmt::format("{:.1f} %", share * 100);
}

void write_verdict(std::string& out, const Assessment& a) {
  switch (a.verdict) {
    case Verdict::paper_tiger:
      out += "Verdict: PAPER TIGER. As written, this plan cannot be carried out.\n";
      break;
    case Verdict::needs_work:
      out += "Verdict: NEEDS WORK. The plan can be carried out, but it has gaps.\n";
      break;
    case Verdict::actionable:
      out +=
          "Verdict: ACTIONABLE. Every action sets out a timeframe, a responsible body, staff, "
          "a budget and an indicator, and every dimension and pillar is covered.\n";
      return;
  }
  if (a.action_count == 0) out += "  - The plan has no action.\n";
  if (!a.unspecified.empty()) {
    out += fmt::format(
        "  - {} of {} actions ({}) are fully specified{}; a specified action sets out a "
        "timeframe, a responsible body, staff, a budget and an indicator.\n",
        a.specified_count, a.action_count, percent(a.specified_share),
        enough_specified(a.specified_count, a.action_count) ? ""
                                                            : ", fewer than the 80 % required");
  }
  if (!a.uncovered_dimensions.empty()) {
    out += fmt::format("  - No specified action addresses: {}.\n",
                       listed(a.uncovered_dimensions, dimension_words));
  }
  if (!a.uncovered_pillars.empty()) {
    out += fmt::format("  - No specified action serves these pillars: {}.\n",
                       listed(a.uncovered_pillars, [](const std::string& p) { return p; }));
  }
}

void write_overdue(std::string& out, const Assessment& a) {
  if (a.overdue.empty()) {
    out += fmt::format("\nNo action is overdue as of {}.\n", a.as_of.to_string());
    return;
  }
  out += fmt::format("\nOverdue as of {} (end date passed, not finished):\n", a.as_of.to_string());
  for (const auto& action : a.overdue) {
    out += fmt::format("  - {} \"{}\": due {}, {:g} % done.\n", action.id, action.title,
                       action.end.to_string(), action.percent);
  }
}

void write_unspecified(std::string& out, const Assessment& a) {
  if (a.unspecified.empty()) return;
  out += "\nActions with missing elements:\n";
  for (const auto& action : a.unspecified) {
    out += fmt::format("  - {} \"{}\": missing {}.\n", action.id, action.title,
                       listed(action.missing, element_words));
  }
}

void write_budget(std::string& out, const Assessment& a) {
  if (a.budget_execution.empty()) {
    out += "\nNo action has a budget with its currency.\n";
    return;
  }
  out += "\nBudget execution (latest reported spending against the budget):\n";
  for (const auto& [currency, execution] : a.budget_execution) {
    out += fmt::format("  - {}: {:.2f} spent of {:.2f} ({}).\n", currency, execution.spent,
                       execution.budget, percent(execution.share()));
  }
}

}  // namespace

boost::json::object to_json(const Assessment& assessment) {
  boost::json::array actions;
  for (const auto& action : assessment.unspecified) {
    boost::json::array missing;
    for (auto element : action.missing) missing.emplace_back(element_name(element));
    actions.push_back(boost::json::object{{"id", action.id}, {"missing", std::move(missing)}});
  }
  boost::json::array overdue;
  for (const auto& action : assessment.overdue) overdue.emplace_back(action.id);
  boost::json::object budget_execution;
  for (const auto& [currency, execution] : assessment.budget_execution) {
    budget_execution[currency] = execution.share();
  }
  return boost::json::object{
      {"verdict", verdict_name(assessment.verdict)},
      {"specified_share", assessment.specified_share},
      {"actions", std::move(actions)},
      {"uncovered_dimensions", string_array(assessment.uncovered_dimensions)},
      {"uncovered_pillars", string_array(assessment.uncovered_pillars)},
      {"overdue", std::move(overdue)},
      {"budget_execution", std::move(budget_execution)}};
}

std::string to_text(const Plan& plan, const Assessment& assessment) {
  std::string out =
      fmt::format("{}\n{}, {} to {}; assessed as of {}{}.\n\n", plan.title, plan.country,
                  plan.start.to_string(), plan.end.to_string(), assessment.as_of.to_string(),
                  assessment.eu ? ", with the dimensions EU law adds" : "");
  write_verdict(out, assessment);
  write_overdue(out, assessment);
  write_unspecified(out, assessment);
  write_budget(out, assessment);
  return out;
}

}  // namespace opennrm::plans

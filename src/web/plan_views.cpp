#include "web/plan_views.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "web/page.h"

namespace opennrm::web {

namespace {

using plans::Action;
using plans::Assessment;
using plans::Element;
using plans::Plan;

// Dimensions are the rulebook's forms of exploitation (labelled as on the case pages) plus the
// values only a plan's `covers` takes (internal and child trafficking, and "all").
std::string dimension_label(const Catalog& catalog, std::string_view dimension) {
  std::string key = "vocab.covers." + std::string(dimension);
  if (catalog.has(key)) return catalog.text(key);
  return vocabulary_label(catalog, "forms", dimension);
}

std::string pillar_label(const Catalog& catalog, std::string_view pillar) {
  return vocabulary_label(catalog, "pillar", pillar);
}

std::string element_label(const Catalog& catalog, Element element) {
  return catalog.text("plan.element." + std::string(plans::element_name(element)));
}

template <typename Items, typename Label>
std::string joined(const Items& items, Label label) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += ", ";
    text += label(item);
  }
  return text;
}

// A whole number within what int64_t holds exactly, printed without decimals.
bool is_whole(double value) {
  return value == std::floor(value) && std::fabs(value) < 1e15;
}

// Whole amounts as whole numbers, others with cents, grouped as the catalog groups digits.
std::string amount_text(const Catalog& catalog, double amount) {
  if (is_whole(amount)) return catalog.number(static_cast<int64_t>(amount));
  return catalog.decimal(amount, 2);
}

// Staff: whole numbers as they are, others with one decimal or, when needed, two.
std::string quantity_text(const Catalog& catalog, double value) {
  if (is_whole(value)) return catalog.number(static_cast<int64_t>(value));
  return catalog.decimal(value, is_whole(value * 10) ? 1 : 2);
}

std::string money_text(const Catalog& catalog, double amount, const std::string& currency) {
  return catalog.text("plan.money",
                      {{"amount", amount_text(catalog, amount)}, {"currency", currency}});
}

std::string period_text(const Catalog& catalog, Date start, Date end) {
  return catalog.text("plans.period", {{"start", catalog.date(start)}, {"end", catalog.date(end)}});
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::ranges::find(items, item) != items.end();
}

// The action ids with something missing, from the assessment (which decides what "specified"
// means).
std::set<std::string_view> unspecified_ids(const Assessment& assessment) {
  std::set<std::string_view> ids;
  for (const auto& action : assessment.unspecified) ids.insert(action.id);
  return ids;
}

std::string anchor(size_t index) {
  return "action-" + std::to_string(index + 1);
}

std::string specified_text(const Catalog& catalog, const Assessment& assessment) {
  return catalog.text("plans.specified_share",
                      {{"specified", catalog.number(int64_t(assessment.specified_count))},
                       {"count", catalog.number(int64_t(assessment.action_count))},
                       {"share", percent_text(catalog, assessment.specified_share * 100)}});
}

// The findings of the assessment as sentences, in the order of `plan check --format text`.
View findings_view(const Catalog& catalog, const Assessment& assessment) {
  View items = view_list();
  auto add = [&](std::string text) { items.push_back(View(std::move(text))); };
  if (assessment.action_count == 0) add(catalog.text("plan.finding.no_action"));
  if (!assessment.unspecified.empty()) {
    add(catalog.text("plan.finding.specified",
                     {{"specified", specified_text(catalog, assessment)}}));
    if (!plans::enough_specified(assessment.specified_count, assessment.action_count)) {
      add(catalog.text("plan.finding.too_few_specified"));
    }
  }
  if (!assessment.uncovered_dimensions.empty()) {
    add(catalog.text("plan.finding.uncovered_dimensions",
                     {{"dimensions", joined(assessment.uncovered_dimensions, [&](const auto& d) {
                         return dimension_label(catalog, d);
                       })}}));
  }
  if (!assessment.uncovered_pillars.empty()) {
    add(catalog.text("plan.finding.uncovered_pillars",
                     {{"pillars", joined(assessment.uncovered_pillars, [&](const auto& p) {
                         return pillar_label(catalog, p);
                       })}}));
  }
  if (!assessment.overdue.empty()) {
    add(catalog.plural("plan.finding.overdue", int64_t(assessment.overdue.size())));
  }
  return items;
}

View pillars_view(const Catalog& catalog, const Assessment& assessment) {
  View pillars = view_list();
  for (std::string_view pillar : plans::kPillars) {
    View column;
    column.set("label", pillar_label(catalog, pillar));
    column.set("uncovered", contains(assessment.uncovered_pillars, pillar));
    pillars.push_back(column);
  }
  return pillars;
}

// One cell of the matrix: the actions of a pillar that address a dimension, marked when none of
// them is specified (coverage itself is per dimension and per pillar: the row and column
// headers say it, from the assessment).
View matrix_cell(const Catalog& catalog, const Plan& plan,
                 const std::set<std::string_view>& unspecified, std::string_view dimension,
                 std::string_view pillar) {
  View actions = view_list();
  bool any_specified = false;
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    if (action.pillar != pillar || !plans::addresses(action, dimension)) continue;
    bool specified = !unspecified.contains(action.id);
    any_specified = any_specified || specified;
    View item;
    item.set("id", action.id);
    item.set("anchor", anchor(i));
    item.set("specified", specified);
    actions.push_back(item);
  }
  View cell;
  // Narrow screens show each row as a block, with the pillar named in each cell.
  cell.set("pillar", pillar_label(catalog, pillar));
  cell.set("actions", actions);
  cell.set("gap", !any_specified);
  return cell;
}

View matrix_view(const Catalog& catalog, const Plan& plan, const Assessment& assessment) {
  std::vector<std::string_view> dimensions(plans::kRequiredDimensions.begin(),
                                           plans::kRequiredDimensions.end());
  if (assessment.eu) {
    dimensions.insert(dimensions.end(), plans::kEuDimensions.begin(), plans::kEuDimensions.end());
  }
  auto unspecified = unspecified_ids(assessment);
  View rows = view_list();
  for (std::string_view dimension : dimensions) {
    View cells = view_list();
    for (std::string_view pillar : plans::kPillars) {
      cells.push_back(matrix_cell(catalog, plan, unspecified, dimension, pillar));
    }
    View row;
    row.set("label", dimension_label(catalog, dimension));
    row.set("uncovered", contains(assessment.uncovered_dimensions, dimension));
    row.set("cells", cells);
    rows.push_back(row);
  }
  return rows;
}

View element_view(std::string label, bool missing, std::string value, bool data) {
  View element;
  element.set("label", std::move(label));
  element.set("missing", missing);
  if (!value.empty()) element.set(data ? "data" : "value", std::move(value));
  return element;
}

// The five elements of an action with their values; a missing one is marked, with what the
// plan wrote for it when that is not enough (an end before the start, a budget of zero).
View elements_view(const Catalog& catalog, const Action& action,
                   const std::vector<Element>& missing) {
  auto is_missing = [&](Element element) {
    return std::ranges::find(missing, element) != missing.end();
  };
  View elements = view_list();
  std::string timeframe;
  if (action.start && action.end) timeframe = period_text(catalog, *action.start, *action.end);
  elements.push_back(element_view(element_label(catalog, Element::timeframe),
                                  is_missing(Element::timeframe), timeframe, false));
  elements.push_back(element_view(element_label(catalog, Element::responsible),
                                  is_missing(Element::responsible), action.responsible.value_or(""),
                                  true));
  std::string staff;
  if (action.staff_fte) {
    staff = catalog.text("plan.staff_fte", {{"fte", quantity_text(catalog, *action.staff_fte)}});
  }
  elements.push_back(element_view(element_label(catalog, Element::staff),
                                  is_missing(Element::staff), staff, false));
  std::string budget;
  if (action.budget) budget = money_text(catalog, *action.budget, action.currency.value_or(""));
  elements.push_back(element_view(element_label(catalog, Element::budget),
                                  is_missing(Element::budget), budget, false));
  std::string indicator = action.indicator.value_or("");
  bool with_target = action.target && !plans::is_blank(*action.target) && !indicator.empty();
  if (with_target) {
    indicator = catalog.text("plan.indicator_target",
                             {{"indicator", indicator}, {"target", *action.target}});
  }
  elements.push_back(element_view(element_label(catalog, Element::indicator),
                                  is_missing(Element::indicator), indicator, !with_target));
  return elements;
}

void set_progress(View& view, const Catalog& catalog, const Action& action,
                  const plans::Progress* report) {
  double percent = report ? report->percent : 0;
  // The <progress> element reads its value as a plain decimal, whatever the language.
  view.set("percent_value", fmt::format("{}", percent));
  view.set("progress_label", catalog.text("plan.progress_of", {{"action", action.id}}));
  view.set("progress_text",
           catalog.text("plan.progress_done", {{"percent", percent_text(catalog, percent)}}));
  if (!report) {
    view.set("reported", catalog.text("plan.progress_none"));
    return;
  }
  view.set("reported",
           catalog.text("plan.progress_reported", {{"date", catalog.date(report->date)}}));
  if (report->note && !plans::is_blank(*report->note)) view.set("note", *report->note);
}

std::string spending_text(const Catalog& catalog, const Action& action,
                          const plans::Progress* report) {
  if (!plans::has_budget(action)) return catalog.text("plan.no_budget");
  double spent = report ? report->spent : 0;
  return catalog.text("plan.spent_of",
                      {{"spent", money_text(catalog, spent, *action.currency)},
                       {"budget", money_text(catalog, *action.budget, *action.currency)},
                       {"share", percent_text(catalog, spent / *action.budget * 100)}});
}

View action_view(const Catalog& catalog, const Plan& plan, size_t index,
                 const Assessment& assessment, const plans::LatestProgress& latest) {
  const Action& action = plan.actions[index];
  View view;
  view.set("id", action.id);
  view.set("title", action.title);
  view.set("anchor", anchor(index));
  auto overdue = std::ranges::find(assessment.overdue, action.id, &plans::OverdueAction::id);
  view.set("overdue", overdue != assessment.overdue.end());
  if (overdue != assessment.overdue.end()) {
    view.set("overdue_text", catalog.text("plan.overdue", {{"date", catalog.date(overdue->end)}}));
  }
  auto missing = plans::missing_elements(action);
  view.set("specified", missing.empty());
  view.set("missing_text",
           catalog.text("plan.missing", {{"elements", joined(missing, [&](Element element) {
                                            return element_label(catalog, element);
                                          })}}));
  view.set("pillar", pillar_label(catalog, action.pillar));
  view.set("covers", joined(action.covers,
                            [&](const auto& value) { return dimension_label(catalog, value); }));
  view.set("elements", elements_view(catalog, action, missing));
  if (!action.partners.empty()) {
    view.set("partners", joined(action.partners, [](const std::string& name) { return name; }));
  }
  auto found = latest.find(action.id);
  const plans::Progress* report = found == latest.end() ? nullptr : found->second;
  set_progress(view, catalog, action, report);
  view.set("spending", spending_text(catalog, action, report));
  return view;
}

// Overdue actions first, in plan order, then the others in plan order.
View actions_view(const Catalog& catalog, const Plan& plan, const Assessment& assessment,
                  const plans::LatestProgress& latest) {
  std::vector<size_t> order(plan.actions.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::ranges::stable_partition(order, [&](size_t i) {
    return std::ranges::find(assessment.overdue, plan.actions[i].id, &plans::OverdueAction::id) !=
           assessment.overdue.end();
  });
  View actions = view_list();
  for (size_t index : order)
    actions.push_back(action_view(catalog, plan, index, assessment, latest));
  return actions;
}

View totals_view(const Catalog& catalog, const Assessment& assessment) {
  View totals = view_list();
  for (const auto& [currency, execution] : assessment.budget_execution) {
    View row;
    row.set("currency", currency);
    row.set("budget", amount_text(catalog, execution.budget));
    row.set("spent", amount_text(catalog, execution.spent));
    row.set("share", percent_text(catalog, execution.share() * 100));
    totals.push_back(row);
  }
  return totals;
}

}  // namespace

std::string percent_text(const Catalog& catalog, double percent) {
  double tenths = std::round(percent * 10);
  std::string value = std::fmod(tenths, 10) == 0 ? catalog.number(static_cast<int64_t>(tenths / 10))
                                                 : catalog.decimal(tenths / 10, 1);
  return catalog.text("plans.percent", {{"value", value}});
}

double overall_progress(const Plan& plan, const plans::LatestProgress& latest) {
  if (plan.actions.empty()) return 0;
  double sum = 0;
  for (const auto& [id, report] : latest) sum += report->percent;
  return sum / double(plan.actions.size());
}

View plan_row_view(const Catalog& catalog, const store::PlanSummary& summary, const Plan& plan,
                   const Assessment& assessment) {
  View row;
  row.set("id", std::to_string(summary.id));
  row.set("title", plan.title);
  row.set("period", period_text(catalog, plan.start, plan.end));
  row.set("verdict", std::string(plans::verdict_name(assessment.verdict)));
  row.set("verdict_label",
          catalog.text("plans.verdict." + std::string(plans::verdict_name(assessment.verdict))));
  row.set("specified", specified_text(catalog, assessment));
  row.set("progress", percent_text(catalog, overall_progress(plan, plans::latest_progress(
                                                                       plan, assessment.as_of))));
  return row;
}

View plan_view(const Catalog& catalog, const Plan& plan, const Assessment& assessment) {
  std::string verdict(plans::verdict_name(assessment.verdict));
  View view;
  view.set("title", plan.title);
  view.set("verdict", verdict);
  view.set("verdict_label", catalog.text("plans.verdict." + verdict));
  view.set("verdict_text", catalog.text("plan.verdict_text." + verdict));
  View findings = findings_view(catalog, assessment);
  view.set("has_findings", !findings.is_empty_list());
  view.set("findings", findings);
  view.set("pillars", pillars_view(catalog, assessment));
  view.set("matrix", matrix_view(catalog, plan, assessment));
  // Each action's latest report, found once for the actions and for the overall progress.
  auto latest = plans::latest_progress(plan, assessment.as_of);
  view.set("actions", actions_view(catalog, plan, assessment, latest));
  view.set("actions_count", catalog.plural("plan.actions_count", int64_t(plan.actions.size())));
  view.set("has_actions", !plan.actions.empty());
  view.set("totals", totals_view(catalog, assessment));
  view.set("has_totals", !assessment.budget_execution.empty());
  view.set("progress", percent_text(catalog, overall_progress(plan, latest)));
  return view;
}

}  // namespace opennrm::web

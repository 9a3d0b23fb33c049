#pragma once

// Views of national action plans for the templates, in the request's language (action-plan.md):
// a plan's row in the list, and a plan's page: the verdict and its findings in plain words, the
// coverage matrix of dimensions and pillars, every action with its missing elements, progress
// and spending (overdue actions first), and the budget execution per currency.

#include <string>

#include "plans/assessment.h"
#include "plans/plan.h"
#include "store/plan_store.h"
#include "web/i18n.h"
#include "web/view.h"

namespace opennrm::web {

// A percentage (0 to 100) in the catalog's words: whole numbers without decimals, others with
// one ("40 %", "62.5 %").
std::string percent_text(const Catalog& catalog, double percent);

// The plan's overall progress: the mean of its actions' latest reported percent (`latest`, as
// plans::latest_progress finds them), 0 for an action without a report; 0 for a plan without
// actions.
double overall_progress(const plans::Plan& plan, const plans::LatestProgress& latest);

// One row of the plans list: id, title, period, verdict, share of actions specified, progress.
View plan_row_view(const Catalog& catalog, const store::PlanSummary& summary,
                   const plans::Plan& plan, const plans::Assessment& assessment);

// The plan page's values: verdict and findings, the coverage matrix (the assessment's required
// dimensions by the four pillars), the actions (overdue first, then in plan order) and the
// budget execution per currency.
View plan_view(const Catalog& catalog, const plans::Plan& plan,
               const plans::Assessment& assessment);

}  // namespace opennrm::web

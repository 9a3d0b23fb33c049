#pragma once

// Renderings of an assessment: the JSON of the command-line contract (action-plan.md), and a
// text a minister's office can read without knowing the format.

#include <string>

#include <boost/json/object.hpp>

#include "plans/assessment.h"
#include "plans/plan.h"

namespace opennrm::plans {

// {"verdict", "specified_share", "actions": [{"id", "missing"}], "uncovered_dimensions",
//  "uncovered_pillars", "overdue", "budget_execution": {currency: share}}.
boost::json::object to_json(const Assessment& assessment);

// The verdict in words and why, overdue actions first, then the actions' missing elements,
// the uncovered pillars and the budget execution.
std::string to_text(const Plan& plan, const Assessment& assessment);

}  // namespace opennrm::plans

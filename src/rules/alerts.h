#pragma once

// The alerts of rulebook section 3: what needs someone's attention on a date, and a plain
// description of each for officers, the web application and the command line.

#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"
#include "rules/case_facts.h"
#include "rules/case_view.h"

namespace opennrm::rules {

// The alerts on `date` of a case whose applied events dated on or before it folded into
// `facts`. A closed case has none; after a return only three remain; each code appears once.
std::vector<Alert> alerts_on(const CaseFacts& facts, Date date, const policy::Policy& policy);

struct AlertText {
  std::string rule;        // The rulebook's rule id and name, e.g. "R14 Guardian".
  std::string what_to_do;  // One plain sentence for the officer in charge of the case.
  std::string source;      // The legal source as the rulebook cites it.
};

// The description of an alert code; an unknown code gets a generic text naming it.
AlertText describe_alert(std::string_view code);

// Every alert code the engine can raise, in rulebook order.
const std::vector<std::string_view>& alert_codes();

}  // namespace opennrm::rules

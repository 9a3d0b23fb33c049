#pragma once

// The compliance check of rulebook section 4: where a jurisdiction's law, as its policy
// describes it, falls below the binding floor of CETS 197 (and of EU law for member states) or
// below the OSCE recommendations.

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "policy/policy.h"

namespace opennrm::policy {

struct Finding {
  std::string rule;     // "C1" ... "C7", "E1", "O1" ... "O10".
  std::string level;    // "violation" or "below_recommendation".
  std::string key;      // The dotted policy key that fails ("reflection.days").
  std::string message;  // What the policy says, in a sentence.
  std::string source;   // The instrument the rule comes from ("CETS 197 Art. 13(1)").
};

// One finding per failing rule, in the order of the rulebook's table.
std::vector<Finding> check_compliance(const Policy& policy);

// True when no finding is a violation; shortfalls against recommendations do not count.
bool is_compliant(const std::vector<Finding>& findings);

// {"jurisdiction": id, "compliant": bool, "findings": [{"rule", "level", "key", "message",
// "source"}]}, the shape of `opennrm policy check --format json`.
boost::json::object compliance_report_json(const Policy& policy,
                                           const std::vector<Finding>& findings);

// The same report for a reader who is not a lawyer: the jurisdiction, a one-line verdict, and
// for each finding what it means for victims and where the rule comes from.
std::string compliance_report_text(const Policy& policy, const std::vector<Finding>& findings);

}  // namespace opennrm::policy

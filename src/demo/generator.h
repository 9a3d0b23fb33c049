#pragma once

// Synthetic case histories for demonstrations, training and load tests. A generated person has
// no name and no identity, only the facts the rulebook records; the histories follow the
// national referral mechanism as the OSCE recommendations describe it (identification,
// reflection, referrals with consent, residence permits and renewals, testimony, some charges,
// returns after a risk assessment, closures) with a plausible mix of people and forms of
// exploitation. Every event goes through the rules engine and only accepted ones are kept.

#include <cstdint>
#include <vector>

#include <boost/json/value.hpp>

#include "core/date.h"
#include "demo/random.h"
#include "policy/policy.h"
#include "rules/case_file.h"

namespace opennrm::demo {

struct History {
  rules::CaseFile file;
  std::vector<boost::json::value> events;  // Accepted, in order.
  std::size_t rejected = 0;                // Events the rules refused (a generator defect).
};

class Generator {
 public:
  Generator(policy::Policy policy, uint64_t seed);

  // The date the histories are generated up to: fixed by the seed, so that output does not
  // depend on the day the demo runs.
  Date anchor() const { return anchor_; }
  History next_case();

 private:
  policy::Policy policy_;
  Random random_;
  Date anchor_;
};

}  // namespace opennrm::demo

#include "policy/policy.h"

namespace opennrm::policy {

Policy coe_minimum() {
  // The member initialisers of Policy are the CETS 197 floor; only the identity is set here.
  Policy policy;
  policy.jurisdiction = {"coe-minimum", "CETS 197 minimum", "AT", false};
  return policy;
}

}  // namespace opennrm::policy

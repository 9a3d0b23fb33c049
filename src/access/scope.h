#pragma once

// Need-to-know scope: which cases a user may see at all, and whose identity fields. These are
// pure decisions over data the store supplies, so the rules can be tested without a server.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "access/role.h"

namespace opennrm::access {

struct Viewer {
  Role role;
  int64_t agency_id = 0;
  std::string agency_type;  // The rulebook's agency_type of the viewer's agency.
};

struct CaseScope {
  int64_t opening_agency_id = 0;
  std::vector<int64_t> accepting_agency_ids;  // Agencies that accepted a referral of the case.
};

// A case belongs to the agency that opened it and to the agencies that accepted a referral of it;
// the coordinator sees every case, and the rapporteur and admin see none.
bool in_scope(const Viewer& viewer, const CaseScope& scope);

// With whom the person's identity data may be shared, derived from the case's events: the
// latest data-sharing consent (for everyone or one agency type, given or withdrawn) and every
// referral made with an override basis, which is an override for its recipient agency type.
struct IdentitySharing {
  bool everyone = false;
  std::set<std::string> agency_types;
  std::set<std::string> override_agency_types;
};
IdentitySharing identity_sharing(const std::vector<boost::json::object>& events);

// Identity fields (name, date of birth, contact, address, documents) are for the opening agency,
// and for other agencies in scope only with consent or a recorded override.
bool may_see_identity(const Viewer& viewer, const CaseScope& scope, const IdentitySharing& sharing);

}  // namespace opennrm::access

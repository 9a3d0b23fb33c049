#pragma once

// Need-to-know scope: which cases a user may see at all, and whose identity fields. These are
// pure decisions over data the store supplies, so the rules can be tested without a server.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "access/role.h"
#include "rules/case_facts.h"

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

// An event that decides with whom the identity may be shared: its place in the case's history
// and its JSON, which the caller's history holds (every case read decides this, so the events
// are not copied). Only `consent_recorded` and `referral_made` events matter.
struct SharingEvent {
  int64_t seq = 0;
  const boost::json::object* event = nullptr;
};

// With whom the person's identity data may be shared, derived from the case's events.
struct IdentitySharing {
  // The person's data-sharing consents in history order (for everyone or one agency type).
  std::vector<rules::ConsentFacts> consents;
  // The `referral_made` events (by seq) that shared the case without consent, under an override
  // basis. An override speaks for the agencies that accepted that referral only: never for the
  // agency that made it, nor for other agencies of the recipient's type.
  std::vector<int64_t> override_referral_seqs;
};
IdentitySharing identity_sharing(const std::vector<SharingEvent>& events);

// Identity fields (name, date of birth, contact, address, documents) are for the opening agency,
// and for other agencies in scope only with the person's standing data-sharing consent for their
// agency type, or when they accepted a referral made under an override (`override_recipients`:
// the ids of the agencies that accepted one of `sharing.override_referral_seqs`).
bool may_see_identity(const Viewer& viewer, const CaseScope& scope, const IdentitySharing& sharing,
                      const std::vector<int64_t>& override_recipients);

}  // namespace opennrm::access

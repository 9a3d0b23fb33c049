#include "access/scope.h"

#include <algorithm>
#include <optional>

#include "core/json.h"

namespace opennrm::access {

namespace {

// A data-sharing consent as the rules read consents, or nullopt when `given` is not a bool
// (the rules refused such an event, so it was never stored).
std::optional<rules::ConsentFacts> data_sharing_consent(const boost::json::object& event) {
  const auto* given = event.if_contains("given");
  if (given == nullptr || !given->is_bool()) return std::nullopt;
  std::string recipient = text_field(event, "recipient_agency_type");
  rules::ConsentFacts consent{.given = given->as_bool()};
  if (!recipient.empty()) consent.recipient_agency_type = std::move(recipient);
  return consent;
}

}  // namespace

bool in_scope(const Viewer& viewer, const CaseScope& scope) {
  if (viewer.role == Role::coordinator) return true;
  if (viewer.role == Role::rapporteur || viewer.role == Role::admin) return false;
  if (viewer.agency_id == scope.opening_agency_id) return true;
  return std::ranges::find(scope.accepting_agency_ids, viewer.agency_id) !=
         scope.accepting_agency_ids.end();
}

IdentitySharing identity_sharing(const std::vector<SharingEvent>& events) {
  IdentitySharing sharing;
  for (const auto& [seq, pointer] : events) {
    const boost::json::object& event = *pointer;
    std::string type = text_field(event, "type");
    if (type == "consent_recorded" && text_field(event, "scope") == "data_sharing") {
      if (auto consent = data_sharing_consent(event)) sharing.consents.push_back(*consent);
    } else if (type == "referral_made" && !text_field(event, "override_basis").empty()) {
      sharing.override_referral_seqs.push_back(seq);
    }
  }
  return sharing;
}

bool may_see_identity(const Viewer& viewer, const CaseScope& scope, const IdentitySharing& sharing,
                      const std::vector<int64_t>& override_recipients) {
  if (!in_scope(viewer, scope)) return false;
  if (viewer.agency_id == scope.opening_agency_id) return true;
  return rules::consent_stands(sharing.consents, viewer.agency_type) ||
         std::ranges::find(override_recipients, viewer.agency_id) != override_recipients.end();
}

}  // namespace opennrm::access

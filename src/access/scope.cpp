#include "access/scope.h"

#include <algorithm>

namespace opennrm::access {

namespace {

std::string string_field(const boost::json::object& event, std::string_view key) {
  const auto* value = event.if_contains(key);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->as_string());
}

void apply_data_sharing_consent(const boost::json::object& event, IdentitySharing& sharing) {
  const auto* given = event.if_contains("given");
  if (given == nullptr || !given->is_bool()) return;
  std::string recipient = string_field(event, "recipient_agency_type");
  if (recipient.empty()) {
    // A consent without a recipient speaks for every agency; withdrawing it withdraws them all.
    sharing.everyone = given->as_bool();
    if (!given->as_bool()) sharing.agency_types.clear();
  } else if (given->as_bool()) {
    sharing.agency_types.insert(recipient);
  } else {
    sharing.agency_types.erase(recipient);
  }
}

}  // namespace

bool in_scope(const Viewer& viewer, const CaseScope& scope) {
  if (viewer.role == Role::coordinator) return true;
  if (viewer.role == Role::rapporteur || viewer.role == Role::admin) return false;
  if (viewer.agency_id == scope.opening_agency_id) return true;
  return std::ranges::find(scope.accepting_agency_ids, viewer.agency_id) !=
         scope.accepting_agency_ids.end();
}

IdentitySharing identity_sharing(const std::vector<boost::json::object>& events) {
  IdentitySharing sharing;
  for (const auto& event : events) {
    std::string type = string_field(event, "type");
    if (type == "consent_recorded" && string_field(event, "scope") == "data_sharing") {
      apply_data_sharing_consent(event, sharing);
    } else if (type == "referral_made" && !string_field(event, "override_basis").empty()) {
      sharing.override_agency_types.insert(string_field(event, "to_agency_type"));
    }
  }
  return sharing;
}

bool may_see_identity(const Viewer& viewer, const CaseScope& scope,
                      const IdentitySharing& sharing) {
  if (!in_scope(viewer, scope)) return false;
  if (viewer.agency_id == scope.opening_agency_id) return true;
  return sharing.everyone || sharing.agency_types.contains(viewer.agency_type) ||
         sharing.override_agency_types.contains(viewer.agency_type);
}

}  // namespace opennrm::access

#include "rules/case_file.h"

#include <utility>

#include "rules/rules.h"

namespace opennrm::rules {

CaseFile::CaseFile(policy::Policy policy) : policy_(std::move(policy)) {}

std::optional<Rejection> CaseFile::record(const boost::json::value& event) {
  auto parsed = parse_event(event);
  if (parsed.is_error()) return invalid_event(parsed.error());
  return record(parsed.value());
}

std::optional<Rejection> CaseFile::record(const Event& event) {
  if (auto rejection = check_event(facts_, event, policy_)) return rejection;
  apply(facts_, event, policy_);
  applied_.push_back(event);
  return std::nullopt;
}

CaseView CaseFile::as_of(Date as_of) const {
  // Events are applied in date order, so those dated on or before `as_of` are a prefix, and
  // folding only that prefix keeps the view independent of anything recorded for later dates.
  CaseFacts facts;
  for (const Event& event : applied_) {
    if (event.date > as_of) break;
    apply(facts, event, policy_);
  }
  return view_on(facts, as_of, policy_);
}

std::string CaseFile::age_status_at_identification() const {
  if (!facts_.person) return "unknown";
  CaseFacts facts;
  for (const Event& event : applied_) {
    if (event.date > facts_.person->identified_on) break;
    apply(facts, event, policy_);
  }
  facts.person = facts_.person;
  return reported_age_status(facts, policy_);
}

CaseView view_on(const CaseFacts& facts, Date as_of, const policy::Policy& policy) {
  CaseView view;
  if (!facts.person) return view;
  CaseState state;
  state.stage = facts.stage;
  state.age_status = reported_age_status(facts, policy);
  state.child = is_child(facts, policy);
  state.protection_grounds = protection_grounds_on(facts, as_of, policy);
  state.protected_from_removal = !state.protection_grounds.empty();
  if (facts.reflection) {
    state.reflection = ReflectionPeriod{facts.reflection->start, facts.reflection->last_day,
                                        reflection_active_on(facts, as_of)};
  }
  if (facts.latest_grant) {
    const GrantFacts& grant = *facts.latest_grant;
    state.residence_permit = ResidencePermit{grant.valid_from, grant.valid_until, grant.basis,
                                             grant.kind, permit_valid_on(facts, as_of)};
  }
  state.testimony = facts.testimony;
  state.open = facts.open;
  view.state = std::move(state);
  view.alerts = alerts_on(facts, as_of, policy);
  return view;
}

}  // namespace opennrm::rules

#pragma once

// A case file: the append-only history of a case's accepted events under a jurisdiction
// policy, and the state and alerts it gives on any date (rulebook sections 1–3). Pure: no I/O
// and no clock; the date of a view is always a parameter.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "core/date.h"
#include "policy/policy.h"
#include "rules/alerts.h"
#include "rules/case_facts.h"
#include "rules/case_view.h"
#include "rules/events.h"

namespace opennrm::rules {

class CaseFile {
 public:
  explicit CaseFile(policy::Policy policy);

  // Checks `event` (any JSON value: a non-object is invalid_event) against the history applied
  // so far, in the rulebook's check order; applies it when accepted, else returns the rejection
  // and leaves the history unchanged.
  std::optional<Rejection> record(const boost::json::value& event);
  // The same for an event already read.
  std::optional<Rejection> record(const Event& event);

  // State and alerts from the applied events dated on or before `as_of`.
  CaseView as_of(Date as_of) const;

  std::size_t applied_count() const { return applied_.size(); }
  const std::vector<Event>& applied_events() const { return applied_; }
  // The person as last recorded; nullopt before an applied `identified`.
  std::optional<Person> person() const { return facts_.person; }
  const policy::Policy& policy() const { return policy_; }
  // The age status on the day of identification (statistics' age group): from the person's
  // latest details, since a `details_corrected` corrects what `identified` recorded (rulebook
  // section 2), and from an `age_assessed` only when dated on or before that day.
  // "unknown" before an applied `identified`.
  std::string age_status_at_identification() const;

 private:
  policy::Policy policy_;
  std::vector<Event> applied_;
  CaseFacts facts_;  // The fold of every applied event, which the rules check against.
};

// The view of `as_of` from facts that fold the events dated on or before it.
CaseView view_on(const CaseFacts& facts, Date as_of, const policy::Policy& policy);

}  // namespace opennrm::rules

#pragma once

// The checks of rulebook section 3 that can refuse an event. An event is checked in the
// rulebook's order: invalid_event, case_closed, out_of_order, then R1–R19 in file order; the
// first failing check gives the rejection.

#include <optional>

#include "policy/policy.h"
#include "rules/case_facts.h"
#include "rules/case_view.h"
#include "rules/events.h"

namespace opennrm::rules {

// Checks a well-formed event against the facts of the history applied so far.
std::optional<Rejection> check_event(const CaseFacts& facts, const Event& event,
                                     const policy::Policy& policy);

// The rejection of an event that could not be read (parse_event's error).
Rejection invalid_event(const Error& error);

}  // namespace opennrm::rules

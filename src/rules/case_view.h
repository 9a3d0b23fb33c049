#pragma once

// What the rules engine reports about a case: a refused event, the alerts and the state on a
// date, and the person as last recorded. The JSON form is the one of `opennrm case replay`
// (rulebook section 5).

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "core/date.h"

namespace opennrm::rules {

// An event the rules refused; the history stays as it was.
struct Rejection {
  // The rulebook's rejection code (invalid_event, case_closed, out_of_order, removal_prohibited,
  // ...).
  std::string code;
  // One plain sentence for a frontline officer: why the event is refused and what to do.
  std::string message;
  // The legal source as the rulebook cites it ("CETS 197 Art. 13(3)", "OSCE"); empty for the
  // rules of case life, which no legal text states.
  std::string source;
  // The offending field, when there is one.
  std::string field;
};

struct Alert {
  std::string code;
  std::optional<Date> due;
};

struct ReflectionPeriod {
  Date start;
  Date last_day;
  bool active = false;
};

struct ResidencePermit {
  Date valid_from;
  std::optional<Date> valid_until;
  std::string basis;
  std::string kind;
  bool active = false;
};

struct CaseState {
  std::string stage;
  std::string age_status;
  bool child = false;
  bool protected_from_removal = false;
  std::vector<std::string> protection_grounds;
  std::optional<ReflectionPeriod> reflection;
  std::optional<ResidencePermit> residence_permit;
  std::optional<std::string> testimony;
  bool open = true;
};

// The state is absent when no `identified` was applied on or before the date.
struct CaseView {
  std::optional<CaseState> state;
  std::vector<Alert> alerts;
};

// The person as last recorded (`identified`, then each `details_corrected`), for the store and
// statistics.
struct Person {
  Date identified_on;
  std::string by_agency_type, sex, age_status_recorded, residence_status;
  std::vector<std::string> citizenship, forms, countries_of_exploitation;
  std::optional<int> birth_year;

  bool operator==(const Person&) const = default;
};

// {"state": ..., "alerts": [...]} exactly as `case replay` prints them.
boost::json::value to_json(const CaseView& view);
boost::json::value to_json(const CaseState& state);
boost::json::value to_json(const Alert& alert);

}  // namespace opennrm::rules

#pragma once

// The events of a case (rulebook section 2), typed. Parsing checks everything an event says on
// its own: the type, the dates, the presence and type of each field and its vocabulary. What
// depends on the history (a second `identified`, a renewal shorter than the grant) is checked
// by the rules in case_file.cpp.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include "core/date.h"
#include "core/error.h"

namespace opennrm::rules {

struct Identified {
  static constexpr std::string_view kType = "identified";
  std::string by_agency_type, sex, age_status, residence_status;
  std::vector<std::string> citizenship, forms, countries_of_exploitation;
  std::optional<int> birth_year;
};
struct ReasonableGroundsDecision {
  static constexpr std::string_view kType = "reasonable_grounds_decision";
  bool positive = false;
};
struct ConclusiveGroundsDecision {
  static constexpr std::string_view kType = "conclusive_grounds_decision";
  bool positive = false;
};
struct ReflectionRefused {
  static constexpr std::string_view kType = "reflection_refused";
  std::string reason;
};
struct DetailsCorrected {
  static constexpr std::string_view kType = "details_corrected";
  std::optional<std::string> sex, residence_status;
  std::optional<std::vector<std::string>> citizenship, forms, countries_of_exploitation;
  std::optional<int> birth_year;
};
struct AgeAssessed {
  static constexpr std::string_view kType = "age_assessed";
  std::string result;
};
struct GuardianAppointed {
  static constexpr std::string_view kType = "guardian_appointed";
  std::optional<std::string> name;
};
struct BestInterestsDetermined {
  static constexpr std::string_view kType = "best_interests_determined";
  std::string recommendation;
};
struct DurableSolutionDetermined {
  static constexpr std::string_view kType = "durable_solution_determined";
  std::string solution;
};
struct ConsentRecorded {
  static constexpr std::string_view kType = "consent_recorded";
  std::string scope;
  bool given = false;
  std::optional<std::string> recipient_agency_type;
};
struct ReferralMade {
  static constexpr std::string_view kType = "referral_made";
  std::string to_agency_type, service;
  std::optional<std::string> override_basis;
};
struct AssistanceProvided {
  static constexpr std::string_view kType = "assistance_provided";
  std::string service;
};
struct AssistanceWithdrawn {
  static constexpr std::string_view kType = "assistance_withdrawn";
  std::string service, reason;
};
struct PermitApplied {
  static constexpr std::string_view kType = "permit_applied";
};
struct PermitGranted {
  static constexpr std::string_view kType = "permit_granted";
  Date valid_from;
  std::optional<Date> valid_until;
  std::string basis, kind;
  bool labour_market_access = false, welfare_access = false;
};
struct PermitRenewed {
  static constexpr std::string_view kType = "permit_renewed";
  Date valid_until;
};
struct PermitRefused {
  static constexpr std::string_view kType = "permit_refused";
  std::string reason;
};
struct TestimonyDecision {
  static constexpr std::string_view kType = "testimony_decision";
  std::string decision;
};
struct TestimonyScheduled {
  static constexpr std::string_view kType = "testimony_scheduled";
  Date hearing_date;
  std::vector<std::string> measures;
  bool face_to_face = false;
};
struct ChargedWithOffence {
  static constexpr std::string_view kType = "charged_with_offence";
  std::string offence, related_to_trafficking;
};
struct ChargeResolved {
  static constexpr std::string_view kType = "charge_resolved";
  std::string outcome;
  std::optional<std::string> offence;
};
struct RiskAssessment {
  static constexpr std::string_view kType = "risk_assessment";
  std::string outcome;
  bool individual = false;
};
struct Returned {
  static constexpr std::string_view kType = "returned";
  std::string country;
  bool voluntary = false;
};
struct CompensationClaimed {
  static constexpr std::string_view kType = "compensation_claimed";
  std::string source;
};
struct CompensationAwarded {
  static constexpr std::string_view kType = "compensation_awarded";
  std::string source;
  double amount = 0;
  std::string currency;
};
struct CaseClosed {
  static constexpr std::string_view kType = "case_closed";
  std::string reason;
};
struct CaseReopened {
  static constexpr std::string_view kType = "case_reopened";
};

using EventDetails =
    std::variant<Identified, ReasonableGroundsDecision, ConclusiveGroundsDecision,
                 ReflectionRefused, DetailsCorrected, AgeAssessed, GuardianAppointed,
                 BestInterestsDetermined, DurableSolutionDetermined, ConsentRecorded, ReferralMade,
                 AssistanceProvided, AssistanceWithdrawn, PermitApplied, PermitGranted,
                 PermitRenewed, PermitRefused, TestimonyDecision, TestimonyScheduled,
                 ChargedWithOffence, ChargeResolved, RiskAssessment, Returned, CompensationClaimed,
                 CompensationAwarded, CaseClosed, CaseReopened>;

struct Event {
  Date date;
  EventDetails details;

  // The rulebook's `type` word of this event ("identified", "permit_granted", ...).
  std::string_view type() const;

  template <typename T>
  const T* as() const {
    return std::get_if<T>(&details);
  }
};

// Reads one event from JSON. Any failure is an Error with code `invalid_event`, a sentence
// naming the problem and, when one field is at fault, that field.
ErrorOr<Event> parse_event(const boost::json::value& json);

}  // namespace opennrm::rules

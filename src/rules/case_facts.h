#pragma once

// What a case's applied history has established, folded event by event. The rules (rules.h)
// read these facts to decide on the next event, and the view of a date (alerts.h, case_file.h)
// is the fold of the events dated on or before it, evaluated on that date. Facts hold no
// date-dependent conclusion: "is the reflection period active" is asked of a date.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "policy/policy.h"
#include "rules/case_view.h"
#include "rules/events.h"

namespace opennrm::rules {

struct ReflectionFacts {
  Date start;
  Date last_day;  // As shortened by a negative decision, a refusal or a return.
};

struct GrantFacts {
  Date valid_from;
  std::optional<Date> valid_until;  // As last renewed.
  std::string basis, kind;
  bool labour_market_access = false, welfare_access = false;
};

// One `consent_recorded` of a scope: for every agency (no recipient) or for one agency type.
struct ConsentFacts {
  std::optional<std::string> recipient_agency_type;
  bool given = false;
};

// Whether the person's consent stands for `agency_type`: the latest consent that concerns it
// (one without a recipient, or one naming that type) decides, so a later withdrawal undoes an
// earlier consent and a later consent renews one withdrawn before. `consents` in history order.
bool consent_stands(const std::vector<ConsentFacts>& consents, std::string_view agency_type);

struct ChargeFacts {
  std::string offence;
  bool trafficking_related = false;  // `related_to_trafficking` is `yes` or `unknown`.
};

struct RiskAssessmentFacts {
  Date date;
  std::string outcome;
};

struct CaseFacts {
  std::optional<Person> person;  // Set by `identified`.
  std::optional<Date> last_event_date;
  bool open = false;

  std::optional<std::string> assessed_age;  // The latest `age_assessed` result.
  std::optional<Date> child_since;          // The day the person last became a child.
  std::optional<Date> latest_guardian_appointed;

  std::string stage;
  bool grounds_decided = false;         // Any reasonable- or conclusive-grounds decision.
  bool conclusive_decided = false;      // Any conclusive-grounds decision.
  bool had_reasonable_grounds = false;  // An event counted as reasonable grounds (R3).

  std::optional<ReflectionFacts> reflection;  // The latest period.
  bool reflection_refused = false;
  bool returned = false;

  bool permit_application_pending = false;
  std::optional<GrantFacts> latest_grant;

  std::optional<std::string> testimony;
  std::optional<std::string> best_interests_recommendation;
  std::optional<std::string> durable_solution;
  std::vector<ConsentFacts> referral_consents;  // In history order.
  std::vector<ChargeFacts> open_charges;
  std::optional<RiskAssessmentFacts> latest_individual_risk_assessment;

  // Findings of events that stay while the case is open (R8, R15–R18).
  bool high_risk_return = false;
  bool punished_for_trafficking_related_offence = false;
  bool testimony_despite_refusal = false;
  bool testimony_during_reflection = false;
  bool confrontational_testimony = false;
};

// Folds one accepted event into the facts.
void apply(CaseFacts& facts, const Event& event, const policy::Policy& policy);

// R1: whether the person counts as a child, and the age status reported for them.
bool is_child(const CaseFacts& facts, const policy::Policy& policy);
std::string reported_age_status(const CaseFacts& facts, const policy::Policy& policy);

// A person whose residence status is irregular, asylum_seeker or unknown needs a permit.
bool needs_permit(const CaseFacts& facts);

// R3: the latest reflection period is active on `date`.
bool reflection_active_on(const CaseFacts& facts, Date date);

// R6: the latest grant is valid on `date`.
bool permit_valid_on(const CaseFacts& facts, Date date);

// R6: the grounds that protect the person from removal on `date`, in the rulebook's order.
std::vector<std::string> protection_grounds_on(const CaseFacts& facts, Date date,
                                               const policy::Policy& policy);

// R8: the latest individual risk assessment dated no more than
// `return.risk_assessment_valid_days` before a return on `return_date`.
std::optional<RiskAssessmentFacts> risk_assessment_for_return(const CaseFacts& facts,
                                                              Date return_date,
                                                              const policy::Policy& policy);

// R10: a temporary grant is short when its valid_until (as renewed) is before
// (valid_from + residence.min_months months) − 1 day.
bool permit_too_short(const GrantFacts& grant, const policy::Policy& policy);

}  // namespace opennrm::rules

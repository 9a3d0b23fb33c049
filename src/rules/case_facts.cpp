#include "rules/case_facts.h"

#include <algorithm>
#include <cstdint>

namespace opennrm::rules {

namespace {

// R3: reasonable grounds on `date` start a reflection period, unless one is active on that date,
// the authority refused one earlier, or the person has returned.
void reasonable_grounds_on(CaseFacts& facts, Date date, const policy::Policy& policy) {
  facts.had_reasonable_grounds = true;
  if (reflection_active_on(facts, date) || facts.reflection_refused || facts.returned) return;
  int days = is_child(facts, policy) ? policy.reflection.child_days : policy.reflection.days;
  facts.reflection = ReflectionFacts{date, date.add_days(days - 1)};
}

// R3: a negative decision, an accepted refusal or a return ends an active period the day
// before; on the start day itself the period is never active.
void end_reflection_on(CaseFacts& facts, Date date) {
  if (reflection_active_on(facts, date)) facts.reflection->last_day = date.add_days(-1);
}

// R14 counts the guardian deadline from the day the person became a child, so that day is
// kept while the person stays a child.
void track_child_since(CaseFacts& facts, Date date, const policy::Policy& policy) {
  if (!is_child(facts, policy)) {
    facts.child_since.reset();
  } else if (!facts.child_since) {
    facts.child_since = date;
  }
}

bool is_trafficking_related(const std::string& relation) {
  return relation == "yes" || relation == "unknown";
}

// Applies one type of event; each overload is the effect column of the rulebook's table.
struct Folder {
  CaseFacts& facts;
  Date date;
  const policy::Policy& policy;

  void operator()(const Identified& event) {
    facts.person = Person{date,
                          event.by_agency_type,
                          event.sex,
                          event.age_status,
                          event.residence_status,
                          event.citizenship,
                          event.forms,
                          event.countries_of_exploitation,
                          event.birth_year};
    facts.open = true;
    // A one-stage jurisdiction counts `identified` as reasonable grounds on its date.
    if (policy.identification.two_stage) {
      facts.stage = "identified";
    } else {
      facts.stage = "reasonable_grounds";
      reasonable_grounds_on(facts, date, policy);
    }
  }
  void operator()(const ReasonableGroundsDecision& event) {
    facts.grounds_decided = true;
    if (event.positive) {
      facts.stage = "reasonable_grounds";
      reasonable_grounds_on(facts, date, policy);
    } else {
      facts.stage = "not_victim";
      end_reflection_on(facts, date);
    }
  }
  void operator()(const ConclusiveGroundsDecision& event) {
    facts.grounds_decided = true;
    facts.conclusive_decided = true;
    if (event.positive) {
      facts.stage = "victim";
      if (!facts.had_reasonable_grounds) reasonable_grounds_on(facts, date, policy);
    } else {
      facts.stage = "not_victim";
      end_reflection_on(facts, date);
    }
  }
  void operator()(const ReflectionRefused&) {
    end_reflection_on(facts, date);
    facts.reflection_refused = true;
  }
  void operator()(const DetailsCorrected& event) {
    Person& person = *facts.person;
    if (event.sex) person.sex = *event.sex;
    if (event.residence_status) person.residence_status = *event.residence_status;
    if (event.citizenship) person.citizenship = *event.citizenship;
    if (event.forms) person.forms = *event.forms;
    if (event.countries_of_exploitation) {
      person.countries_of_exploitation = *event.countries_of_exploitation;
    }
    if (event.birth_year) person.birth_year = event.birth_year;
  }
  void operator()(const AgeAssessed& event) { facts.assessed_age = event.result; }
  void operator()(const GuardianAppointed&) { facts.latest_guardian_appointed = date; }
  void operator()(const BestInterestsDetermined& event) {
    facts.best_interests_recommendation = event.recommendation;
  }
  void operator()(const DurableSolutionDetermined& event) {
    facts.durable_solution = event.solution;
  }
  void operator()(const ConsentRecorded& event) {
    if (event.scope == "referral") {
      facts.referral_consents.push_back({event.recipient_agency_type, event.given});
    }
  }
  void operator()(const PermitApplied&) { facts.permit_application_pending = true; }
  void operator()(const PermitGranted& event) {
    facts.latest_grant =
        GrantFacts{event.valid_from, event.valid_until,          event.basis,
                   event.kind,       event.labour_market_access, event.welfare_access};
  }
  void operator()(const PermitRenewed& event) {
    facts.latest_grant->valid_until = event.valid_until;
  }
  void operator()(const PermitRefused&) { facts.permit_application_pending = false; }
  void operator()(const TestimonyDecision& event) { facts.testimony = event.decision; }
  void operator()(const TestimonyScheduled& event) {
    // R16, R17 and R18 judge the hearing as it stands when it is scheduled.
    if (facts.testimony == "refuses") facts.testimony_despite_refusal = true;
    if (facts.stage == "identified" ||
        (reflection_active_on(facts, date) && event.hearing_date <= facts.reflection->last_day)) {
      facts.testimony_during_reflection = true;
    }
    if (event.face_to_face || event.measures.empty()) facts.confrontational_testimony = true;
  }
  void operator()(const ChargedWithOffence& event) {
    facts.open_charges.push_back(
        {event.offence, is_trafficking_related(event.related_to_trafficking)});
  }
  void operator()(const ChargeResolved& event) {
    auto resolved = [&](const ChargeFacts& charge) {
      return !event.offence || charge.offence == *event.offence;
    };
    for (const ChargeFacts& charge : facts.open_charges) {
      if (resolved(charge) && charge.trafficking_related && event.outcome == "convicted") {
        facts.punished_for_trafficking_related_offence = true;
      }
    }
    std::erase_if(facts.open_charges, resolved);
  }
  void operator()(const RiskAssessment& event) {
    if (event.individual) facts.latest_individual_risk_assessment = {date, event.outcome};
  }
  void operator()(const Returned&) {
    // R8.3: a voluntary return despite a high risk is applied and stays flagged.
    auto assessment = risk_assessment_for_return(facts, date, policy);
    if (assessment && assessment->outcome == "high") facts.high_risk_return = true;
    end_reflection_on(facts, date);
    facts.returned = true;
  }
  void operator()(const CaseClosed&) { facts.open = false; }
  void operator()(const CaseReopened&) { facts.open = true; }
  // These events are recorded for the file and statistics; no rule reads them back.
  void operator()(const ReferralMade&) {}
  void operator()(const AssistanceProvided&) {}
  void operator()(const AssistanceWithdrawn&) {}
  void operator()(const CompensationClaimed&) {}
  void operator()(const CompensationAwarded&) {}
};

}  // namespace

void apply(CaseFacts& facts, const Event& event, const policy::Policy& policy) {
  std::visit(Folder{facts, event.date, policy}, event.details);
  track_child_since(facts, event.date, policy);
  facts.last_event_date = event.date;
}

bool consent_stands(const std::vector<ConsentFacts>& consents, std::string_view agency_type) {
  auto latest = std::find_if(consents.rbegin(), consents.rend(), [&](const ConsentFacts& consent) {
    return !consent.recipient_agency_type || *consent.recipient_agency_type == agency_type;
  });
  return latest != consents.rend() && latest->given;
}

std::string reported_age_status(const CaseFacts& facts, const policy::Policy& policy) {
  if (!facts.person) return "unknown";
  if (facts.assessed_age) return *facts.assessed_age;
  const Person& person = *facts.person;
  if (!policy.children.presumption_of_minority) return person.age_status_recorded;
  // R1: a birth year 18 years before the year of identification is included on purpose, since
  // the person may still be 17.
  bool young_by_birth_year =
      person.birth_year && int64_t(person.identified_on.year()) - *person.birth_year <= 18;
  if (person.age_status_recorded == "unknown" && young_by_birth_year) return "presumed_child";
  return person.age_status_recorded;
}

bool is_child(const CaseFacts& facts, const policy::Policy& policy) {
  std::string status = reported_age_status(facts, policy);
  return status == "child" ||
         (status == "presumed_child" && policy.children.presumption_of_minority);
}

bool needs_permit(const CaseFacts& facts) {
  if (!facts.person) return false;
  const std::string& status = facts.person->residence_status;
  return status == "irregular" || status == "asylum_seeker" || status == "unknown";
}

bool reflection_active_on(const CaseFacts& facts, Date date) {
  return facts.reflection && facts.reflection->start <= date && date <= facts.reflection->last_day;
}

bool permit_valid_on(const CaseFacts& facts, Date date) {
  if (!facts.latest_grant) return false;
  const GrantFacts& grant = *facts.latest_grant;
  return grant.valid_from <= date && (!grant.valid_until || date <= *grant.valid_until);
}

std::vector<std::string> protection_grounds_on(const CaseFacts& facts, Date date,
                                               const policy::Policy& policy) {
  // After a return the person has left, and nothing protects them here any more.
  if (facts.returned) return {};
  std::vector<std::string> grounds;
  if (facts.stage == "identified" || facts.stage == "reasonable_grounds") {
    grounds.push_back("identification_pending");
  }
  if (reflection_active_on(facts, date)) grounds.push_back("reflection_period");
  if (permit_valid_on(facts, date)) grounds.push_back("residence_permit");
  bool solution_elsewhere =
      facts.durable_solution == "return" || facts.durable_solution == "third_country";
  if (is_child(facts, policy) && facts.stage != "not_victim" &&
      policy.children.extended_stay_until_durable_solution && !solution_elsewhere) {
    grounds.push_back("child_extended_stay");
  }
  return grounds;
}

std::optional<RiskAssessmentFacts> risk_assessment_for_return(const CaseFacts& facts,
                                                              Date return_date,
                                                              const policy::Policy& policy) {
  const auto& assessment = facts.latest_individual_risk_assessment;
  if (!assessment ||
      assessment->date.days_until(return_date) > policy.return_.risk_assessment_valid_days) {
    return std::nullopt;
  }
  return assessment;
}

bool permit_too_short(const GrantFacts& grant, const policy::Policy& policy) {
  return grant.kind == "temporary" && grant.valid_until &&
         *grant.valid_until < grant.valid_from.add_months(policy.residence.min_months).add_days(-1);
}

}  // namespace opennrm::rules

#include "rules/rules.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace opennrm::rules {

namespace {

using policy::Policy;
using Check = std::optional<Rejection> (*)(const CaseFacts&, const Event&, const Policy&);

Rejection reject(std::string code, std::string message, std::string source,
                 std::string field = {}) {
  return Rejection{std::move(code), std::move(message), std::move(source), std::move(field)};
}

// Case life: what makes an event impossible given the history, beyond what parse_event checks
// on the event alone (rulebook sections 2 and 3).
std::optional<Rejection> history_makes_invalid(const CaseFacts& facts, const Event& event,
                                               const Policy& /*policy*/) {
  auto invalid = [](std::string message, std::string field = {}) {
    return invalid_event(Error::make("invalid_event", std::move(message), std::move(field)));
  };
  bool identifies = event.as<Identified>() != nullptr;
  if (!facts.person && !identifies) {
    return invalid(
        "Record 'identified' first: a case starts when a presumed victim is identified.");
  }
  if (facts.person && identifies) {
    return invalid(
        "This case already has its 'identified' event; record changes with "
        "'details_corrected'.");
  }
  if (event.as<CaseReopened>() && facts.open) {
    return invalid("The case is open, so it cannot be reopened.");
  }
  if (event.as<ReasonableGroundsDecision>() && facts.conclusive_decided) {
    return invalid(
        "A reasonable-grounds decision cannot follow a conclusive-grounds decision; "
        "record a new conclusive-grounds decision to revise it.");
  }
  const auto* correction = event.as<DetailsCorrected>();
  if (correction && correction->birth_year &&
      *correction->birth_year > facts.person->identified_on.year()) {
    return invalid("The birth year is after the year the person was identified.", "birth_year");
  }
  const auto* renewal = event.as<PermitRenewed>();
  if (renewal && facts.latest_grant) {
    if (!facts.latest_grant->valid_until) {
      return invalid("The latest permit is permanent without an end date; it needs no renewal.",
                     "valid_until");
    }
    if (renewal->valid_until < *facts.latest_grant->valid_until) {
      return invalid(fmt::format("A renewal must not end before the permit's current end ({}).",
                                 facts.latest_grant->valid_until->to_string()),
                     "valid_until");
    }
  }
  return std::nullopt;
}

std::optional<Rejection> case_is_closed(const CaseFacts& facts, const Event& event,
                                        const Policy& /*policy*/) {
  if (!facts.person || facts.open || event.as<CaseReopened>()) return std::nullopt;
  return reject("case_closed",
                "The case is closed; record 'case_reopened' before adding anything to it.", "");
}

std::optional<Rejection> out_of_order(const CaseFacts& facts, const Event& event,
                                      const Policy& /*policy*/) {
  if (!facts.last_event_date || event.date >= *facts.last_event_date) return std::nullopt;
  return reject("out_of_order",
                fmt::format("This event is dated {}, before the case's latest event ({}); "
                            "events must be recorded in date order.",
                            event.date.to_string(), facts.last_event_date->to_string()),
                "", "date");
}

// R4: the reflection period may be refused only on grounds of public order or an improper
// claim of victim status, and only where national law allows that reason.
std::optional<Rejection> r4_refusal_reasons(const CaseFacts& /*facts*/, const Event& event,
                                            const Policy& policy) {
  const auto* refusal = event.as<ReflectionRefused>();
  if (!refusal) return std::nullopt;
  const auto& allowed = policy.reflection.refusal_reasons;
  bool in_policy = std::find(allowed.begin(), allowed.end(), refusal->reason) != allowed.end();
  bool in_convention = refusal->reason == "public_order" || refusal->reason == "improper_claim";
  if (in_policy && in_convention) return std::nullopt;
  return reject("reflection_refusal_reason_invalid",
                "The reflection period can be refused only for public order or an improper claim "
                "of victim status, where national law allows that reason.",
                "CETS 197 Art. 13(3)", "reason");
}

// R7: no removal, and no return of a child, while any protection ground holds. An adult's
// voluntary return is the person's own choice.
std::optional<Rejection> r7_no_removal_while_protected(const CaseFacts& facts, const Event& event,
                                                       const Policy& policy) {
  const auto* returned = event.as<Returned>();
  if (!returned || (returned->voluntary && !is_child(facts, policy))) return std::nullopt;
  auto grounds = protection_grounds_on(facts, event.date, policy);
  if (grounds.empty()) return std::nullopt;
  return reject("removal_prohibited",
                fmt::format("The person is protected from removal on this date ({}); they may "
                            "not be returned or removed.",
                            fmt::join(grounds, ", ")),
                "CETS 197 Art. 10(2); CETS 197 Art. 13(1); OSCE", "voluntary");
}

// R8: a return needs a recent individual risk assessment, and a high risk blocks a forced one.
std::optional<Rejection> r8_risk_assessment(const CaseFacts& facts, const Event& event,
                                            const Policy& policy) {
  const auto* returned = event.as<Returned>();
  if (!returned) return std::nullopt;
  auto assessment = risk_assessment_for_return(facts, event.date, policy);
  if (!assessment && policy.return_.risk_assessment_required) {
    return reject("risk_assessment_required",
                  fmt::format("Record an individual risk assessment, made no more than {} days "
                              "before the return, before anyone is returned.",
                              policy.return_.risk_assessment_valid_days),
                  "OSCE; CETS 197 Art. 16");
  }
  if (assessment && assessment->outcome == "high" && !returned->voluntary) {
    return reject("return_unsafe",
                  "The individual risk assessment found a high risk; the person may not be "
                  "returned against their will.",
                  "OSCE; CETS 197 Art. 16", "voluntary");
  }
  return std::nullopt;
}

// R9: a child returns only when the best-interests determination recommends it.
std::optional<Rejection> r9_childrens_return(const CaseFacts& facts, const Event& event,
                                             const Policy& policy) {
  if (!event.as<Returned>() || !policy.children.best_interests_before_return ||
      !is_child(facts, policy)) {
    return std::nullopt;
  }
  const auto& recommendation = facts.best_interests_recommendation;
  if (recommendation == "return" || recommendation == "third_country") return std::nullopt;
  return reject("best_interests_determination_required",
                "A child may be returned only after a best-interests determination that "
                "recommends return or a third country.",
                "CETS 197 Art. 16(7)");
}

// R11: residence and assistance do not depend on cooperating or testifying.
std::optional<Rejection> r11_independent_of_testimony(const CaseFacts& /*facts*/,
                                                      const Event& event, const Policy& policy) {
  auto about_testimony = [](const std::string& reason) {
    return reason == "no_cooperation" || reason == "refused_to_testify";
  };
  const auto* refusal = event.as<PermitRefused>();
  bool refused_for_testimony =
      refusal && about_testimony(refusal->reason) && !policy.residence.conditional_on_cooperation;
  const auto* withdrawal = event.as<AssistanceWithdrawn>();
  bool withdrawn_for_testimony = withdrawal && about_testimony(withdrawal->reason);
  if (!refused_for_testimony && !withdrawn_for_testimony) return std::nullopt;
  return reject("conditional_on_testimony",
                refused_for_testimony
                    ? "A residence permit may not be refused because the person does not "
                      "cooperate or refuses to testify."
                    : "Assistance may not be withdrawn because the person does not cooperate or "
                      "refuses to testify.",
                "OSCE; CETS 197 Art. 12(6)", "reason");
}

// R12: only a granted permit can be renewed.
std::optional<Rejection> r12_renewal(const CaseFacts& facts, const Event& event,
                                     const Policy& /*policy*/) {
  if (!event.as<PermitRenewed>() || facts.latest_grant) return std::nullopt;
  return reject("no_permit_to_renew",
                "There is no residence permit to renew; record the grant ('permit_granted') "
                "first.",
                "CETS 197 Art. 14(1)");
}

// R19: a referral needs the person's standing consent for that recipient, unless an override
// basis is given or a child is referred to child protection.
std::optional<Rejection> r19_consent_to_referral(const CaseFacts& facts, const Event& event,
                                                 const Policy& policy) {
  const auto* referral = event.as<ReferralMade>();
  if (!referral || referral->override_basis) return std::nullopt;
  if (referral->to_agency_type == "child_protection" && is_child(facts, policy)) {
    return std::nullopt;
  }
  if (consent_stands(facts.referral_consents, referral->to_agency_type)) return std::nullopt;
  return reject("consent_required",
                fmt::format("The person has not consented to a referral to '{}'; record their "
                            "consent, or the legal basis for sharing without it.",
                            referral->to_agency_type),
                "CETS 197 Art. 12(7)", "to_agency_type");
}

// The checks in the rulebook's order. R1–R3, R5, R6, R10 and R13–R18 only shape the state and
// alerts; they never refuse an event.
constexpr std::array<Check, 10> kChecks = {history_makes_invalid,
                                           case_is_closed,
                                           out_of_order,
                                           r4_refusal_reasons,
                                           r7_no_removal_while_protected,
                                           r8_risk_assessment,
                                           r9_childrens_return,
                                           r11_independent_of_testimony,
                                           r12_renewal,
                                           r19_consent_to_referral};

}  // namespace

Rejection invalid_event(const Error& error) {
  return reject("invalid_event", error.message, "", error.field);
}

std::optional<Rejection> check_event(const CaseFacts& facts, const Event& event,
                                     const Policy& policy) {
  for (Check check : kChecks) {
    if (auto rejection = check(facts, event, policy)) return rejection;
  }
  return std::nullopt;
}

}  // namespace opennrm::rules

#include "rules/alerts.h"

#include <algorithm>
#include <array>

namespace opennrm::rules {

namespace {

using policy::Policy;
using Alerts = std::vector<Alert>;

// R2 (two-stage only): the reasonable-grounds decision is overdue from the day after its due
// date while no decision exists.
void r2_reasonable_grounds(const CaseFacts& facts, Date date, const Policy& policy, Alerts& out) {
  if (!policy.identification.two_stage || facts.grounds_decided) return;
  Date due = facts.person->identified_on.add_days(policy.identification.reasonable_grounds_days);
  if (date > due) out.push_back({"reasonable_grounds_overdue", due});
}

// R5: a person who needs a permit and has neither applied nor been granted one is warned
// before the reflection period ends.
void r5_reflection_ending(const CaseFacts& facts, Date date, const Policy& policy, Alerts& out) {
  if (!facts.reflection || !needs_permit(facts) || facts.permit_application_pending ||
      facts.latest_grant) {
    return;
  }
  Date last_day = facts.reflection->last_day;
  if (last_day.add_days(-policy.reflection.notice_days) <= date && date <= last_day) {
    out.push_back({"reflection_ending", last_day});
  }
}

// R8.3: a voluntary return despite a high risk stays flagged while the case is open.
void r8_high_risk_return(const CaseFacts& facts, Date, const Policy&, Alerts& out) {
  if (facts.high_risk_return) out.push_back({"high_risk_return", std::nullopt});
}

// R10: the latest grant, as renewed, is shorter than the minimum.
void r10_permit_length(const CaseFacts& facts, Date, const Policy& policy, Alerts& out) {
  if (facts.latest_grant && permit_too_short(*facts.latest_grant, policy)) {
    out.push_back({"permit_too_short", std::nullopt});
  }
}

// R12: the latest grant with an end date is about to expire, or has expired.
void r12_renewal(const CaseFacts& facts, Date date, const Policy& policy, Alerts& out) {
  if (!facts.latest_grant || !facts.latest_grant->valid_until) return;
  Date valid_until = *facts.latest_grant->valid_until;
  if (date > valid_until) {
    out.push_back({"permit_expired", valid_until});
  } else if (valid_until.add_days(-policy.residence.renewal_notice_days) <= date) {
    out.push_back({"permit_expiring", valid_until});
  }
}

// R13: the latest grant lacks the rights that come with it.
void r13_permit_rights(const CaseFacts& facts, Date, const Policy&, Alerts& out) {
  if (!facts.latest_grant) return;
  if (!facts.latest_grant->labour_market_access) {
    out.push_back({"labour_market_access_missing", std::nullopt});
  }
  if (!facts.latest_grant->welfare_access) out.push_back({"welfare_access_missing", std::nullopt});
}

// R14: a child has no guardian appointed since becoming a child, past the deadline.
void r14_guardian(const CaseFacts& facts, Date date, const Policy& policy, Alerts& out) {
  if (!is_child(facts, policy) || !facts.child_since) return;
  Date since = *facts.child_since;
  if (facts.latest_guardian_appointed && *facts.latest_guardian_appointed >= since) return;
  Date deadline = since.add_days(policy.children.guardian_within_days);
  if (date > deadline) out.push_back({"guardian_missing", deadline});
}

// R15: a trafficking-related charge awaits review, or ended in a conviction.
void r15_non_punishment(const CaseFacts& facts, Date, const Policy&, Alerts& out) {
  bool review_pending =
      std::any_of(facts.open_charges.begin(), facts.open_charges.end(),
                  [](const ChargeFacts& charge) { return charge.trafficking_related; });
  if (review_pending) out.push_back({"non_punishment_review", std::nullopt});
  if (facts.punished_for_trafficking_related_offence) {
    out.push_back({"punished_for_trafficking_related_offence", std::nullopt});
  }
}

// R16–R18: how testimony was scheduled.
void r16_to_r18_testimony(const CaseFacts& facts, Date, const Policy&, Alerts& out) {
  if (facts.testimony_despite_refusal) out.push_back({"testimony_despite_refusal", std::nullopt});
  if (facts.testimony_during_reflection) {
    out.push_back({"testimony_during_reflection", std::nullopt});
  }
  if (facts.confrontational_testimony) out.push_back({"confrontational_testimony", std::nullopt});
}

using AlertRule = void (*)(const CaseFacts&, Date, const Policy&, Alerts&);
constexpr std::array<AlertRule, 9> kAlertRules = {
    r2_reasonable_grounds, r5_reflection_ending, r8_high_risk_return,
    r10_permit_length,     r12_renewal,          r13_permit_rights,
    r14_guardian,          r15_non_punishment,   r16_to_r18_testimony};

// After a return the person has left; only these concern them still.
bool remains_after_return(const Alert& alert) {
  return alert.code == "high_risk_return" || alert.code == "non_punishment_review" ||
         alert.code == "punished_for_trafficking_related_offence";
}

struct AlertEntry {
  std::string_view code;
  AlertText text;
};

const std::vector<AlertEntry>& alert_entries() {
  static const std::vector<AlertEntry> entries = {
      {"reasonable_grounds_overdue",
       {"R2 Reasonable grounds",
        "Take the reasonable-grounds decision now: the deadline after identification has "
        "passed.",
        "CETS 197 Art. 10(2)"}},
      {"reflection_ending",
       {"R5 Reflection ending",
        "The reflection period ends soon and the person has no residence permit or pending "
        "application: help them apply for a permit now.",
        "OSCE"}},
      {"high_risk_return",
       {"R8 Risk assessment before return",
        "The person returned despite a high risk: arrange support and follow-up in the country "
        "of return.",
        "OSCE; CETS 197 Art. 16"}},
      {"permit_too_short",
       {"R10 Permit length",
        "The residence permit is shorter than the minimum period: ask the authority to extend "
        "it.",
        "OSCE; EU 2004/81 Art. 8"}},
      {"permit_expiring",
       {"R12 Renewal", "The residence permit expires soon: apply for its renewal now.",
        "CETS 197 Art. 14(1)"}},
      {"permit_expired",
       {"R12 Renewal",
        "The residence permit has expired: seek its renewal or another status without delay.",
        "CETS 197 Art. 14(1)"}},
      {"labour_market_access_missing",
       {"R13 Rights that come with the permit",
        "The permit does not give access to the labour market: ask the authority to add it.",
        "OSCE"}},
      {"welfare_access_missing",
       {"R13 Rights that come with the permit",
        "The permit does not give access to welfare: ask the authority to add it.", "OSCE"}},
      {"guardian_missing",
       {"R14 Guardian",
        "The child still has no guardian past the deadline: have one appointed immediately.",
        "CETS 197 Art. 10(4)"}},
      {"non_punishment_review",
       {"R15 Non-punishment",
        "The person faces a charge that may be linked to their trafficking: ask the prosecutor "
        "to review it under the non-punishment principle.",
        "CETS 197 Art. 26; OSCE"}},
      {"punished_for_trafficking_related_offence",
       {"R15 Non-punishment",
        "The person was convicted of an offence linked to their trafficking: seek legal help to "
        "have the conviction reviewed or cleared.",
        "CETS 197 Art. 26; OSCE"}},
      {"testimony_despite_refusal",
       {"R16 Testimony is a choice",
        "A hearing is scheduled although the person refused to testify: respect their choice "
        "and cancel or review it.",
        "OSCE"}},
      {"testimony_during_reflection",
       {"R17 Not too early",
        "Testimony is scheduled before identification is complete or within the reflection "
        "period: postpone it.",
        "OSCE"}},
      {"confrontational_testimony",
       {"R18 Non-confrontational",
        "The hearing is face to face or has no protective measure: arrange a video link, screen "
        "or other measure.",
        "OSCE; CETS 197 Art. 30; EU 2011/36 Art. 12"}},
  };
  return entries;
}

}  // namespace

std::vector<Alert> alerts_on(const CaseFacts& facts, Date date, const Policy& policy) {
  if (!facts.person || !facts.open) return {};
  Alerts alerts;
  for (AlertRule rule : kAlertRules) rule(facts, date, policy, alerts);
  if (facts.returned)
    std::erase_if(alerts, [](const Alert& a) { return !remains_after_return(a); });
  return alerts;
}

AlertText describe_alert(std::string_view code) {
  for (const AlertEntry& entry : alert_entries()) {
    if (entry.code == code) return entry.text;
  }
  return {"", "Unknown alert '" + std::string(code) + "': check the case file.", ""};
}

const std::vector<std::string_view>& alert_codes() {
  static const std::vector<std::string_view> codes = [] {
    std::vector<std::string_view> all;
    for (const AlertEntry& entry : alert_entries()) all.push_back(entry.code);
    return all;
  }();
  return codes;
}

}  // namespace opennrm::rules

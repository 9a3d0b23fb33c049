#include "policy/compliance.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <optional>
#include <sstream>
#include <string_view>

namespace opennrm::policy {

namespace {

constexpr std::string_view kViolation = "violation";
constexpr std::string_view kBelowRecommendation = "below_recommendation";

// CETS 197 Art. 13(3) allows only these two grounds for refusing the reflection period.
constexpr std::string_view kAllowedRefusalReasons[] = {"public_order", "improper_claim"};

// The treaty floors of the reflection period and of a residence permit's length.
constexpr int kMinReflectionDays = 30;
constexpr int kMinPermitMonths = 6;

struct Failure {
  std::string key;
  std::string message;
};

// A rule of the compliance table. `check` returns the failing key and a sentence about the
// policy when the rule fails; `for_victims` says, for a reader who is not a lawyer, what the
// failure means for the people the law should protect.
struct Rule {
  std::string_view id;
  std::string_view level;
  std::string_view source;
  std::optional<Failure> (*check)(const Policy&);
  std::string_view for_victims;
};

std::optional<Failure> fails_when(bool failing, std::string key, std::string message) {
  if (!failing) return std::nullopt;
  return Failure{std::move(key), std::move(message)};
}

bool eu_permit_too_short(const Policy& p) {
  return p.jurisdiction.eu_member && p.residence.min_months < kMinPermitMonths;
}

std::string months(int count) {
  return std::to_string(count) + (count == 1 ? " month" : " months");
}

std::optional<Failure> check_reflection_length(const Policy& p) {
  std::string message = "The reflection period is " + std::to_string(p.reflection.days) +
                        " days for adults and " + std::to_string(p.reflection.child_days) +
                        " days for children; CETS 197 requires at least 30 days.";
  if (p.reflection.days < kMinReflectionDays) return Failure{"reflection.days", message};
  if (p.reflection.child_days < kMinReflectionDays) {
    return Failure{"reflection.child_days", message};
  }
  return std::nullopt;
}

std::optional<Failure> check_refusal_reasons(const Policy& p) {
  std::string disallowed;
  for (const auto& reason : p.reflection.refusal_reasons) {
    if (std::ranges::find(kAllowedRefusalReasons, reason) != std::end(kAllowedRefusalReasons)) {
      continue;
    }
    disallowed += (disallowed.empty() ? "\"" : ", \"") + reason + "\"";
  }
  return fails_when(!disallowed.empty(), "reflection.refusal_reasons",
                    "The reflection period may be refused for reasons CETS 197 does not allow: " +
                        disallowed + " (only public_order and improper_claim are allowed).");
}

// The compliance table of rulebook section 4, in its order.
const Rule kRules[] = {
    {"C1", kViolation, "CETS 197 Art. 13(1)", check_reflection_length,
     "A presumed victim may be removed, or pressed to decide whether to cooperate with the "
     "authorities, before having had 30 days to recover and escape the traffickers' influence."},
    {"C2", kViolation, "CETS 197 Art. 13(3)", check_refusal_reasons,
     "A person can be denied time to recover on grounds the treaty does not allow; only public "
     "order or an improper claim to be a victim can justify a refusal."},
    {"C3", kViolation, "CETS 197 Art. 14(1)",
     [](const Policy& p) {
       return fails_when(!p.residence.renewable, "residence.renewable",
                         "Residence permits for victims cannot be renewed.");
     },
     "When the permit ends, a victim who still needs protection or is still involved in "
     "proceedings loses the right to stay and may be removed."},
    {"C4", kViolation, "CETS 197 Art. 10(3)",
     [](const Policy& p) {
       return fails_when(!p.children.presumption_of_minority, "children.presumption_of_minority",
                         "A person whose age is uncertain is not presumed to be a child while "
                         "the age is assessed.");
     },
     "A child whose age is in doubt can be treated as an adult, without a guardian or the "
     "protection owed to children, until the age is settled."},
    {"C5", kViolation, "CETS 197 Art. 16(7)",
     [](const Policy& p) {
       return fails_when(!p.children.best_interests_before_return,
                         "children.best_interests_before_return",
                         "A child may be returned without a prior best-interests determination.");
     },
     "A child can be sent back without anyone first establishing that return is in the child's "
     "best interests, which risks the child being trafficked again."},
    {"C6", kViolation, "CETS 197 Art. 26",
     [](const Policy& p) {
       return fails_when(!p.justice.non_punishment, "justice.non_punishment",
                         "The law does not provide for not punishing victims for offences they "
                         "were compelled to commit.");
     },
     "Victims can be prosecuted or fined for what the traffickers forced them to do (illegal "
     "entry, false papers, drug offences), which deters them from asking for help."},
    {"C7", kViolation, "CETS 197 Art. 12(6)",
     [](const Policy& p) {
       return fails_when(p.assistance.conditional_on_cooperation,
                         "assistance.conditional_on_cooperation",
                         "Assistance depends on the victim's cooperation with the investigation "
                         "or prosecution.");
     },
     "A victim too afraid or too traumatised to help the police can lose shelter, medical care "
     "and counselling."},
    {"E1", kViolation, "EU 2004/81 Art. 8",
     [](const Policy& p) {
       return fails_when(eu_permit_too_short(p), "residence.min_months",
                         "Residence permits can be as short as " + months(p.residence.min_months) +
                             "; EU law requires at least 6 months in a member state.");
     },
     "A victim's right to stay can end sooner than EU law allows, cutting short recovery and "
     "access to justice."},
    {"O1", kBelowRecommendation, "OSCE",
     [](const Policy& p) {
       return fails_when(p.residence.conditional_on_cooperation,
                         "residence.conditional_on_cooperation",
                         "The residence permit depends on the victim's cooperation with the "
                         "authorities.");
     },
     "A victim who cannot or will not testify may get no permit, and so may have to choose "
     "between testifying and being removed."},
    {"O2", kBelowRecommendation, "OSCE",
     [](const Policy& p) {
       return fails_when(p.residence.min_months < kMinPermitMonths && !eu_permit_too_short(p),
                         "residence.min_months",
                         "Residence permits can be as short as " + months(p.residence.min_months) +
                             "; the OSCE recommends at least six months.");
     },
     "A short permit leaves little time to recover and rebuild a life, and keeps the person "
     "insecure about the future."},
    {"O3", kBelowRecommendation, "OSCE",
     [](const Policy& p) {
       return fails_when(!p.residence.labour_market_access, "residence.labour_market_access",
                         "The residence permit does not allow the victim to work.");
     },
     "Without the right to work, a victim depends on handouts or informal work, which leaves "
     "them open to being exploited again."},
    {"O4", kBelowRecommendation, "OSCE",
     [](const Policy& p) {
       return fails_when(!p.residence.welfare_access, "residence.welfare_access",
                         "The residence permit does not give access to welfare benefits.");
     },
     "A victim without income or welfare can be pushed back towards the people who exploited "
     "them."},
    {"O5", kBelowRecommendation, "OSCE; CETS 197 Art. 15(4)",
     [](const Policy& p) {
       return fails_when(!p.compensation.state_fund, "compensation.state_fund",
                         "There is no state fund that compensates victims.");
     },
     "A victim is compensated only if an offender is convicted and able to pay, which rarely "
     "happens."},
    {"O6", kBelowRecommendation, "OSCE",
     [](const Policy& p) {
       return fails_when(!p.children.extended_stay_until_durable_solution,
                         "children.extended_stay_until_durable_solution",
                         "Child victims are not automatically allowed to stay until a durable "
                         "solution is found.");
     },
     "A child can lose the right to stay before anyone has found a safe and lasting solution "
     "for them."},
    {"O7", kBelowRecommendation, "OSCE",
     [](const Policy& p) {
       return fails_when(!p.return_.risk_assessment_required, "return.risk_assessment_required",
                         "A victim may be returned without an individual risk assessment.");
     },
     "A person can be sent back into danger from traffickers or reprisals without anyone "
     "checking that risk first."},
    {"O8", kBelowRecommendation, "OSCE",
     [](const Policy& p) {
       return fails_when(!p.justice.right_to_refuse_testimony, "justice.right_to_refuse_testimony",
                         "Victims do not have the right to refuse to testify.");
     },
     "A victim can be made to give evidence against the exploiters, which can expose them to "
     "retaliation and renewed trauma."},
    {"O9", kBelowRecommendation, "OSCE; EU 2011/36 Art. 12",
     [](const Policy& p) {
       return fails_when(!p.justice.non_confrontational_testimony,
                         "justice.non_confrontational_testimony",
                         "Victims may have to testify face to face with the accused.");
     },
     "Facing the traffickers in court can retraumatise a victim and discourages people from "
     "testifying at all."},
    {"O10", kBelowRecommendation, "OSCE",
     [](const Policy& p) {
       return fails_when(!p.residence.permanent_route, "residence.permanent_route",
                         "There is no path from the temporary permit to permanent residence.");
     },
     "A victim who cannot safely go home has no prospect of settling and rebuilding a secure "
     "life."},
};

std::string_view for_victims(std::string_view rule_id) {
  const auto* rule = std::ranges::find(kRules, rule_id, &Rule::id);
  return rule == std::end(kRules) ? std::string_view() : rule->for_victims;
}

std::string count_of(std::size_t count, std::string_view singular, std::string_view plural) {
  return std::to_string(count) + " " + std::string(count == 1 ? singular : plural);
}

std::string verdict(const Policy& policy, const std::vector<Finding>& findings) {
  auto violations = static_cast<std::size_t>(
      std::ranges::count(findings, std::string(kViolation), &Finding::level));
  std::size_t shortfalls = findings.size() - violations;
  std::string floor = policy.jurisdiction.eu_member ? "CETS 197 and EU law" : "CETS 197";
  std::string recommendations = count_of(shortfalls, "OSCE recommendation", "OSCE recommendations");
  if (violations > 0) {
    std::string text = "NOT COMPLIANT: " + count_of(violations, "breach", "breaches") +
                       " of the binding minimum of " + floor;
    if (shortfalls > 0) text += ", and falls short of " + recommendations;
    return text + ".";
  }
  if (shortfalls > 0) {
    return "Compliant with the binding minimum of " + floor + ", but falls short of " +
           recommendations + ".";
  }
  return "Compliant with the binding minimum of " + floor +
         " and with every OSCE recommendation checked.";
}

}  // namespace

std::vector<Finding> check_compliance(const Policy& policy) {
  std::vector<Finding> findings;
  for (const Rule& rule : kRules) {
    if (auto failure = rule.check(policy)) {
      findings.push_back(Finding{std::string(rule.id), std::string(rule.level),
                                 std::move(failure->key), std::move(failure->message),
                                 std::string(rule.source)});
    }
  }
  return findings;
}

bool is_compliant(const std::vector<Finding>& findings) {
  return std::ranges::none_of(findings,
                              [](const Finding& finding) { return finding.level == kViolation; });
}

boost::json::object compliance_report_json(const Policy& policy,
                                           const std::vector<Finding>& findings) {
  boost::json::array items;
  for (const Finding& finding : findings) {
    items.push_back(boost::json::object{{"rule", finding.rule},
                                        {"level", finding.level},
                                        {"key", finding.key},
                                        {"message", finding.message},
                                        {"source", finding.source}});
  }
  return boost::json::object{{"jurisdiction", policy.jurisdiction.id},
                             {"compliant", is_compliant(findings)},
                             {"findings", std::move(items)}};
}

std::string compliance_report_text(const Policy& policy, const std::vector<Finding>& findings) {
  std::ostringstream out;
  out << "Jurisdiction: " << policy.jurisdiction.name << " (" << policy.jurisdiction.id << ", "
      << policy.jurisdiction.country << ", "
      << (policy.jurisdiction.eu_member ? "EU member state" : "not an EU member state") << ")\n";
  out << "Verdict: " << verdict(policy, findings) << "\n";
  int number = 0;
  for (const Finding& finding : findings) {
    out << "\n"
        << ++number << ". "
        << (finding.level == kViolation ? "Breach of binding law" : "Below OSCE recommendation")
        << " (rule " << finding.rule << ", policy key " << finding.key << ")\n";
    out << "   " << finding.message << "\n";
    if (auto meaning = for_victims(finding.rule); !meaning.empty()) {
      out << "   What it means for victims: " << meaning << "\n";
    }
    out << "   Source: " << finding.source << "\n";
  }
  return out.str();
}

}  // namespace opennrm::policy

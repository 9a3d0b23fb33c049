#pragma once

// A jurisdiction policy (rulebook section 4): the national law the rules engine applies and the
// compliance check measures against CETS 197, EU law and the OSCE recommendations.

#include <string>
#include <vector>

namespace opennrm::policy {

struct Policy {
  struct Jurisdiction {
    std::string id;
    std::string name;
    std::string country;  // Two capital letters.
    bool eu_member = false;

    bool operator==(const Jurisdiction&) const = default;
  } jurisdiction;

  struct Identification {
    bool two_stage = false;
    int reasonable_grounds_days = 5;

    bool operator==(const Identification&) const = default;
  } identification;

  struct Reflection {
    int days = 30;
    int child_days = 30;
    int notice_days = 7;
    std::vector<std::string> refusal_reasons = {"public_order", "improper_claim"};

    bool operator==(const Reflection&) const = default;
  } reflection;

  struct Assistance {
    bool conditional_on_cooperation = false;

    bool operator==(const Assistance&) const = default;
  } assistance;

  struct Residence {
    int min_months = 6;
    bool renewable = true;
    bool conditional_on_cooperation = false;
    bool labour_market_access = true;
    bool welfare_access = true;
    bool permanent_route = true;
    int renewal_notice_days = 30;

    bool operator==(const Residence&) const = default;
  } residence;

  struct Children {
    bool presumption_of_minority = true;
    bool extended_stay_until_durable_solution = true;
    int guardian_within_days = 3;
    bool best_interests_before_return = true;

    bool operator==(const Children&) const = default;
  } children;

  struct Return {
    bool risk_assessment_required = true;
    int risk_assessment_valid_days = 90;

    bool operator==(const Return&) const = default;
  } return_;

  struct Justice {
    bool non_punishment = true;
    bool right_to_refuse_testimony = true;
    bool non_confrontational_testimony = true;

    bool operator==(const Justice&) const = default;
  } justice;

  struct Compensation {
    bool state_fund = true;

    bool operator==(const Compensation&) const = default;
  } compensation;

  // Two policies are equal when every key has the same value (a loaded file against
  // coe_minimum(), a policy against its to_toml round trip).
  bool operator==(const Policy&) const = default;
};

// The CETS 197 minimum policy, the default of `case replay` when no --policy is given. It equals
// policies/coe-minimum.toml; a test keeps the two the same.
Policy coe_minimum();

}  // namespace opennrm::policy

#pragma once

// Builds rulebook events as JSON and replays them, so that each test reads as a short case
// history: record this, expect that.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "policy/policy.h"
#include "rules/case_file.h"

namespace opennrm::rules::testing {

namespace json = boost::json;

// An event of `type` on `date` with the given fields.
inline json::object event(std::string_view type, std::string_view date, json::object fields = {}) {
  fields["type"] = type;
  fields["date"] = date;
  return fields;
}

// Overwrites fields of an event (a value of null means "absent" to the rules).
inline json::object with(json::object base, const json::object& changes) {
  for (const auto& [key, value] : changes) base[key] = value;
  return base;
}

// An adult with an irregular residence status, exploited abroad.
inline json::object identified(std::string_view date, const json::object& changes = {}) {
  return with(event("identified", date,
                    {{"by_agency_type", "police"},
                     {"sex", "female"},
                     {"age_status", "adult"},
                     {"residence_status", "irregular"},
                     {"citizenship", json::array{"NG"}},
                     {"forms", json::array{"sexual_exploitation"}},
                     {"countries_of_exploitation", json::array{"IT"}}}),
              changes);
}

inline json::object child_identified(std::string_view date) {
  return identified(date, {{"age_status", "child"}});
}

inline json::object permit_granted(std::string_view date, std::string_view valid_from,
                                   std::optional<std::string_view> valid_until,
                                   const json::object& changes = {}) {
  json::object fields{{"valid_from", valid_from},
                      {"basis", "personal_situation"},
                      {"kind", "temporary"},
                      {"labour_market_access", true},
                      {"welfare_access", true}};
  if (valid_until) fields["valid_until"] = *valid_until;
  return with(event("permit_granted", date, std::move(fields)), changes);
}

inline json::object returned(std::string_view date, bool voluntary) {
  return event("returned", date, {{"country", "NG"}, {"voluntary", voluntary}});
}

inline json::object risk_assessment(std::string_view date, std::string_view outcome,
                                    bool individual = true) {
  return event("risk_assessment", date, {{"outcome", outcome}, {"individual", individual}});
}

inline json::object testimony_scheduled(std::string_view date, std::string_view hearing_date,
                                        json::array measures = {"video_link"},
                                        bool face_to_face = false) {
  return event("testimony_scheduled", date,
               {{"hearing_date", hearing_date},
                {"measures", std::move(measures)},
                {"face_to_face", face_to_face}});
}

inline Date day(std::string_view text) {
  return Date::parse(text).value();
}

inline policy::Policy two_stage_policy() {
  policy::Policy policy = policy::coe_minimum();
  policy.identification.two_stage = true;
  return policy;
}

// A case under a policy, with assertions that name the refused event.
class TestCase {
 public:
  explicit TestCase(policy::Policy policy = policy::coe_minimum()) : file_(std::move(policy)) {}

  // Records an event the test expects to be accepted.
  TestCase& ok(const json::value& event) {
    auto rejection = file_.record(event);
    EXPECT_FALSE(rejection.has_value())
        << json::serialize(event) << " was refused: " << rejection->code << " ("
        << rejection->message << ")";
    return *this;
  }

  // Records an event and returns the rejection code, or "accepted".
  std::string code(const json::value& event) {
    auto rejection = file_.record(event);
    return rejection ? rejection->code : "accepted";
  }

  CaseView view(std::string_view date) const { return file_.as_of(day(date)); }

  CaseState state(std::string_view date) const {
    auto current = view(date).state;
    EXPECT_TRUE(current.has_value()) << "no state on " << date;
    return current.value_or(CaseState{});
  }

  std::vector<std::string> alerts(std::string_view date) const {
    std::vector<std::string> codes;
    for (const Alert& alert : view(date).alerts) codes.push_back(alert.code);
    std::sort(codes.begin(), codes.end());
    return codes;
  }

  bool has_alert(std::string_view date, std::string_view code) const {
    auto codes = alerts(date);
    return std::find(codes.begin(), codes.end(), code) != codes.end();
  }

  // The due date of an alert on a date; nullopt when the alert is absent or has no due date.
  std::optional<std::string> due(std::string_view date, std::string_view code) const {
    for (const Alert& alert : view(date).alerts) {
      if (alert.code == code && alert.due) return alert.due->to_string();
    }
    return std::nullopt;
  }

  std::vector<std::string> grounds(std::string_view date) const {
    auto list = state(date).protection_grounds;
    std::sort(list.begin(), list.end());
    return list;
  }

  CaseFile& file() { return file_; }

 private:
  CaseFile file_;
};

}  // namespace opennrm::rules::testing

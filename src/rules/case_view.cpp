#include "rules/case_view.h"

#include <boost/json.hpp>

namespace opennrm::rules {

namespace json = boost::json;

namespace {

json::value date_or_null(const std::optional<Date>& date) {
  if (!date) return nullptr;
  return json::value(date->to_string());
}

}  // namespace

json::value to_json(const Alert& alert) {
  return json::object{{"code", alert.code}, {"due", date_or_null(alert.due)}};
}

json::value to_json(const CaseState& state) {
  json::array grounds;
  for (const auto& ground : state.protection_grounds) grounds.emplace_back(ground);
  json::value reflection = nullptr;
  if (state.reflection) {
    reflection = json::object{{"start", state.reflection->start.to_string()},
                              {"last_day", state.reflection->last_day.to_string()},
                              {"active", state.reflection->active}};
  }
  json::value permit = nullptr;
  if (state.residence_permit) {
    const ResidencePermit& grant = *state.residence_permit;
    permit = json::object{{"valid_from", grant.valid_from.to_string()},
                          {"valid_until", date_or_null(grant.valid_until)},
                          {"basis", grant.basis},
                          {"kind", grant.kind},
                          {"active", grant.active}};
  }
  json::value testimony = nullptr;
  if (state.testimony) testimony = json::value(*state.testimony);
  return json::object{{"stage", state.stage},
                      {"age_status", state.age_status},
                      {"child", state.child},
                      {"protected_from_removal", state.protected_from_removal},
                      {"protection_grounds", std::move(grounds)},
                      {"reflection", std::move(reflection)},
                      {"residence_permit", std::move(permit)},
                      {"testimony", std::move(testimony)},
                      {"open", state.open}};
}

json::value to_json(const CaseView& view) {
  json::array alerts;
  for (const Alert& alert : view.alerts) alerts.push_back(to_json(alert));
  json::value state = nullptr;
  if (view.state) state = to_json(*view.state);
  return json::object{{"state", std::move(state)}, {"alerts", std::move(alerts)}};
}

}  // namespace opennrm::rules

#include "web/case_views.h"

#include <fmt/format.h>
#include <boost/json/parse.hpp>

#include "core/number.h"
#include "web/event_forms.h"
#include "web/page.h"

namespace opennrm::web {

namespace {

using boost::json::object;
using boost::json::value;

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += ", ";
    out += part;
  }
  return out;
}

std::string reflection_text(const Catalog& catalog, const rules::ReflectionPeriod& period,
                            Date today) {
  if (period.last_day < today || !period.active) {
    return catalog.text("case.reflection_ended", {{"date", catalog.date(period.last_day)}});
  }
  return catalog.text("case.reflection_active", {{"date", catalog.date(period.last_day)}});
}

std::string permit_text(const Catalog& catalog, const rules::ResidencePermit& permit) {
  if (!permit.valid_until) return catalog.text("case.permit_permanent");
  std::string until = catalog.date(*permit.valid_until);
  return catalog.text(permit.active ? "case.permit_valid" : "case.permit_inactive",
                      {{"date", until}});
}

// A recorded value in words: yes or no, a vocabulary word's label, a date, a list.
std::string value_text(const Catalog& catalog, const FieldSpec& field, const value& given) {
  if (given.is_bool()) return catalog.text(given.as_bool() ? "common.yes" : "common.no");
  if (given.is_array()) {
    std::vector<std::string> words;
    for (const auto& item : given.as_array()) words.push_back(value_text(catalog, field, item));
    return joined(words);
  }
  if (given.is_int64()) return catalog.number(given.as_int64());
  if (given.is_double()) return catalog.decimal(given.as_double(), 2);
  if (!given.is_string()) return {};
  std::string_view text = given.as_string();
  if (field.kind == FieldKind::date) return date_text(catalog, text);
  if (field.kind == FieldKind::choice || field.kind == FieldKind::choices) {
    return vocabulary_label(catalog, field.vocabulary_name, text);
  }
  return std::string(text);
}

// "Age: Presumed child; Sex: Female" from the event's fields its form knows.
std::string event_details(const Catalog& catalog, const object& event) {
  const EventForm* form = find_event_form(event.at("type").as_string());
  if (form == nullptr) return {};
  std::vector<std::string> parts;
  for (const FieldSpec& field : form->fields) {
    const auto* given = event.if_contains(field.name);
    if (given == nullptr || given->is_null()) continue;
    std::string text = value_text(catalog, field, *given);
    if (text.empty()) continue;
    parts.push_back(catalog.text("field." + std::string(field.name)) + ": " + text);
  }
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += "; ";
    out += part;
  }
  return out;
}

std::string agency_name(const std::optional<std::string>& agency,
                        const std::map<int64_t, std::string>& agency_names) {
  if (!agency) return {};
  auto id = parse_id(*agency);
  auto found = id ? agency_names.find(*id) : agency_names.end();
  return found == agency_names.end() ? *agency : found->second;
}

}  // namespace

View alert_view(const Catalog& catalog, const rules::Alert& alert, Date today, int64_t case_id,
                const std::string& case_number) {
  std::string key = "alert." + alert.code;
  View item;
  item.set("title", catalog.text(key + ".title"));
  item.set("what", catalog.text(key + ".what"));
  item.set("required_by",
           catalog.text("today.required_by", {{"rule", catalog.text(key + ".rule")},
                                              {"source", catalog.text(key + ".source")}}));
  item.set("due_text", alert.due ? catalog.text("common.due", {{"date", catalog.date(*alert.due)}})
                                 : catalog.text("common.no_due"));
  item.set("overdue", alert.due.has_value() && *alert.due < today);
  item.set("case_id", std::to_string(case_id));
  if (!case_number.empty()) item.set("case_number", case_number);
  return item;
}

std::string grounds_text(const Catalog& catalog, const rules::CaseState& state) {
  std::vector<std::string> grounds;
  for (const auto& ground : state.protection_grounds) {
    grounds.push_back(vocabulary_label(catalog, "ground", ground));
  }
  return joined(grounds);
}

View status_view(const Catalog& catalog, const rules::CaseView& view, Date today) {
  View status;
  if (!view.state) return status;
  const rules::CaseState& state = *view.state;
  status.set("stage", vocabulary_label(catalog, "stage", state.stage));
  status.set("age_status", vocabulary_label(catalog, "age_status", state.age_status));
  status.set("child", state.child);
  status.set("protected", state.protected_from_removal);
  View grounds = view_list();
  for (const auto& ground : state.protection_grounds) {
    grounds.push_back(View(vocabulary_label(catalog, "ground", ground)));
  }
  status.set("grounds", grounds);
  status.set("has_grounds", !state.protection_grounds.empty());
  if (state.reflection) {
    status.set("reflection", reflection_text(catalog, *state.reflection, today));
    if (state.reflection->active && !(state.reflection->last_day < today)) {
      int64_t left = today.days_until(state.reflection->last_day) + 1;
      status.set("days_left", catalog.plural("case.days_left", left));
    }
  } else {
    status.set("reflection", catalog.text("case.reflection_none"));
  }
  status.set("permit", state.residence_permit ? permit_text(catalog, *state.residence_permit)
                                              : catalog.text("case.permit_none"));
  status.set("testimony", state.testimony ? vocabulary_label(catalog, "testimony", *state.testimony)
                                          : catalog.text("common.not_set"));
  status.set("open", state.open);
  View alerts = view_list();
  for (const auto& alert : view.alerts) alerts.push_back(alert_view(catalog, alert, today, 0, ""));
  status.set("alerts", alerts);
  status.set("has_alerts", !view.alerts.empty());
  return status;
}

View timeline_view(const Catalog& catalog, const store::LoadedCase& loaded,
                   const std::map<int64_t, std::string>& agency_names) {
  View events = view_list();
  for (const auto& stored : loaded.events) {
    const object& event = stored.event;
    View item;
    item.set("iso_date", stored.date);
    item.set("date", date_text(catalog, stored.date));
    item.set("label", catalog.text("event." + stored.type));
    std::string details = event_details(catalog, event);
    if (!details.empty()) item.set("details", details);
    if (stored.recorded_by) {
      item.set("recorded_by", catalog.text("case.recorded_by",
                                           {{"user", *stored.recorded_by},
                                            {"agency", agency_name(stored.agency, agency_names)}}));
    }
    events.push_back(item);
  }
  return events;
}

View refusal_view(const Catalog& catalog, const rules::Rejection& rejection, const object& event,
                  const RefusalContext& context) {
  std::string key = "rejection." + rejection.code;
  auto text_of = [&](const char* name) {
    const auto* field = event.if_contains(name);
    return field && field->is_string() ? std::string(field->as_string()) : std::string();
  };
  std::string agency = vocabulary_label(catalog, "agency_type", text_of("to_agency_type"));
  std::string days = catalog.number(context.risk_assessment_days);
  std::string date = date_text(catalog, text_of("date"));
  std::string latest = date_text(catalog, context.latest_date);
  View refusal;
  refusal.set("heading",
              catalog.text("case.refused_title", {{"rule", catalog.text(key + ".rule")}}));
  refusal.set("reason", catalog.text(key + ".reason", {{"agency", agency},
                                                       {"days", days},
                                                       {"date", date},
                                                       {"latest", latest},
                                                       {"grounds", context.grounds}}));
  if (!rejection.field.empty()) {
    std::string label_key = "field." + rejection.field;
    std::string label = catalog.has(label_key) ? catalog.text(label_key) : rejection.field;
    refusal.set("field", catalog.text("case.field_problem", {{"field", label}}));
  }
  if (!rejection.source.empty()) {
    refusal.set("source", catalog.text("case.source", {{"source", rejection.source}}));
  }
  refusal.set("code", rejection.code);
  return refusal;
}

}  // namespace opennrm::web

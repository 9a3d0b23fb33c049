// The case endpoints: open a case, list the cases in my scope, read one (state, alerts,
// timeline and, when I may see them, the person's identity fields), record an event, and the
// alerts across my scope. The work is the case services' (api/case_service.h), which the web
// pages share; these handlers read the JSON request and write the JSON answer.

#include <algorithm>
#include <ranges>

#include <fmt/format.h>
#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>

#include "api/case_json.h"
#include "api/case_service.h"
#include "api/context.h"
#include "core/json.h"
#include "rules/alerts.h"
#include "store/case_scope.h"

namespace opennrm::api {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

ErrorOr<int64_t> case_id_of(const http::Request& request) {
  auto id = parse_id(request.path_param("case_id"));
  if (!id) return case_not_found_error();
  return *id;
}

// 422 with the rulebook's rejection code, the officer's sentence and its legal source.
http::Response rejection_response(const rules::Rejection& rejection) {
  object detail{{"code", rejection.code}, {"message", rejection.message}, {"field", nullptr}};
  if (!rejection.field.empty()) detail["field"] = rejection.field;
  if (!rejection.source.empty()) detail["source"] = rejection.source;
  return json_response(422, object{{"error", std::move(detail)}});
}

ErrorOr<http::Response> post_case(AppContext& context, const Principal& who,
                                  http::Request& request) {
  object event = TRY(event_body(request));
  std::optional<store::Identity> identity;
  if (const auto* given = event.if_contains("identity")) {
    // Identity fields are not part of the event: they are stored encrypted, apart from the
    // history, and never in clear in events.body.
    if (!given->is_null()) identity = TRY(store::parse_identity(*given));
    event.erase("identity");
  }
  auto opened = TRY(api::open_case(context, who, event, identity));
  if (opened.rejection) return rejection_response(*opened.rejection);
  array warnings;
  for (const auto& warning : opened.warnings) {
    warnings.push_back(object{{"code", "possible_duplicate"},
                              {"message", warning.message},
                              {"case_id", warning.case_id}});
  }
  auto response = json_response(201, object{{"case_id", opened.case_id},
                                            {"case_number", opened.case_number},
                                            {"warnings", std::move(warnings)}});
  response.headers.set("Location", fmt::format("/api/v1/cases/{}", opened.case_id));
  return response;
}

ErrorOr<http::Response> append_event(AppContext& context, const Principal& who,
                                     http::Request& request) {
  object event = TRY(event_body(request));
  // The permission by event type is checked before the case id, so that the answer to a role
  // that may never record this does not depend on whether the case exists.
  auto case_id = case_id_of(request);
  auto recorded = record_event(context, who, case_id.is_error() ? 0 : *case_id, event);
  if (recorded.is_error()) return recorded.release_error();
  if (recorded->rejection) return rejection_response(*recorded->rejection);
  object body{{"case_id", *case_id}, {"seq", recorded->seq}};
  const auto* type = event.if_contains("type");
  if (type != nullptr && type->is_string() && type->as_string() == "referral_made") {
    body["referral_ids"] = boost::json::value_from(recorded->referral_ids);
  }
  return json_response(201, body);
}

// The events dated on or before `as_of`, each as recorded plus who recorded it, when and for
// which agency (store::event_record), as a JSON array's text.
std::string timeline(const store::LoadedCase& loaded, Date as_of) {
  std::string last = as_of.to_string();
  auto shown = std::views::take_while(loaded.events,
                                      [&](const auto& stored) { return stored.date <= last; });
  std::size_t size = 2;
  for (const auto& stored : shown) size += stored.record_text.size() + 1;
  std::string events;
  events.reserve(size);
  events += '[';
  for (const auto& stored : shown) {
    if (events.size() > 1) events += ',';
    events += stored.record_text;
  }
  events += ']';
  return events;
}

ErrorOr<http::Response> get_case(AppContext& context, const Principal& who,
                                 http::Request& request) {
  int64_t case_id = TRY(case_id_of(request));
  Date as_of = TRY(as_of_parameter(request, context.clock));
  auto read = TRY(read_case(context, who, case_id));
  const store::LoadedCase& loaded = *read.loaded;
  auto view = loaded.view_text(as_of);
  std::string events = timeline(loaded, as_of);
  JsonObjectWriter body(events.size() + view->state.size() + view->alerts.size() + 512);
  body.member("case_id", case_id)
      .member("case_number", value(loaded.summary.case_number))
      .member("as_of", value(as_of.to_string()))
      .member_text("state", view->state)
      .member_text("alerts", view->alerts)
      .member_text("events", events);
  if (read.identity_visible) {
    body.member("identity", read.identity ? value(store::to_json(*read.identity)) : value(nullptr));
  }
  body.member("identity_hidden", !read.identity_visible);
  auto response = json_text_response(200, std::move(body).finish());
  response.hold = read.audited;
  return response;
}

ErrorOr<int64_t> integer_parameter(const http::Request& request, std::string_view name,
                                   int64_t fallback, int64_t low, int64_t high) {
  auto given = request.query(name);
  if (!given) return fallback;
  auto number = parse_integer(*given);
  if (!number || *number < low || *number > high) {
    return Error::make("invalid_field",
                       fmt::format("{} must be an integer from {} to {}", name, low, high),
                       std::string(name));
  }
  return *number;
}

ErrorOr<http::Response> list_cases(AppContext& context, const Principal& who,
                                   http::Request& request) {
  int64_t limit = TRY(integer_parameter(request, "limit", 100, 1, 1000));
  int64_t offset = TRY(integer_parameter(request, "offset", 0, 0, INT64_MAX));
  auto page = TRY(read_store<store::CasePage>(context.store, [&](store::Connection& db) {
    return store::cases_in_scope(db, who.viewer(), limit, offset);
  }));
  array cases;
  for (const auto& line : page.cases) {
    cases.push_back(object{{"case_id", line.case_id},
                           {"case_number", line.case_number},
                           {"stage", line.stage},
                           {"open", line.open},
                           {"identified_on", line.identified_on},
                           {"created_at", line.created_at},
                           {"relation", line.relation}});
  }
  TRY(audit(context, who, "case.list", "cases", fmt::format("count:{}", page.cases.size())));
  return json_response(200, object{{"cases", std::move(cases)},
                                   {"total", page.total},
                                   {"limit", limit},
                                   {"offset", offset}});
}

ErrorOr<http::Response> list_alerts(AppContext& context, const Principal& who,
                                    http::Request& request) {
  Date as_of = TRY(as_of_parameter(request, context.clock));
  array alerts;
  for (const auto& item : TRY(alerts_in_scope(context, who, as_of))) {
    auto text = rules::describe_alert(item.alert.code);
    object alert = rules::to_json(item.alert).as_object();
    alert["case_id"] = item.case_id;
    alert["case_number"] = item.case_number;
    alert["rule"] = text.rule;
    alert["what_to_do"] = text.what_to_do;
    alert["source"] = text.source;
    alerts.push_back(std::move(alert));
  }
  return json_response(200, object{{"as_of", as_of.to_string()}, {"alerts", std::move(alerts)}});
}

}  // namespace

void add_case_routes(http::Router& router, AppContext& context) {
  router.post("/api/v1/cases", guarded(context, "case.open", post_case));
  router.get("/api/v1/cases", guarded(context, "case.read", list_cases));
  router.get("/api/v1/cases/{case_id}", guarded(context, "case.read", get_case));
  router.post("/api/v1/cases/{case_id}/events",
              guarded(context, "case.record_event", append_event));
  router.get("/api/v1/alerts", guarded(context, "alerts.read", list_alerts));
}

}  // namespace opennrm::api

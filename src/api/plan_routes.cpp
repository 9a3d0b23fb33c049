// National action plans over the API (action-plan.md): every signed-in role may read them and
// their assessment (plan.read), only the coordinator stores versions and progress (plan.write).
// The plans live in the case store's database file, kept by one PlanStore per server with its
// own connection (api/plan_service.h), which the web pages share.

#include <memory>

#include <fmt/format.h>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/case_json.h"
#include "api/context.h"
#include "api/json_input.h"
#include "api/plan_json.h"
#include "api/plan_service.h"
#include "plans/assessment.h"
#include "plans/report.h"
#include "store/plan_store.h"

namespace opennrm::api {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// A plan file may be as large as a request body may be (1 MiB).
constexpr std::size_t kMaxPlanBytes = 1 << 20;
// How messages about the body's plan file name it: by its field.
constexpr std::string_view kPlanSource = "toml";

using Plans = std::shared_ptr<store::PlanStore>;

http::Response plan_not_found() {
  return http::Response::error(404, "plan_not_found", "There is no plan with this id.", "plan_id");
}

// The answer to a failure of the plan store: an invalid plan file or progress report is the
// caller's (400, the store's message naming the action and key), an unknown plan 404 (without
// the store's message, which names the database file); anything else is the server's own.
ErrorOr<http::Response> refused(Error error) {
  if (error.code == "plan_invalid" || error.code == "progress_invalid" ||
      error.code == "unknown_version") {
    return http::Response::error(400, error);
  }
  if (error.code == "unknown_plan") return plan_not_found();
  return error;
}

// The plan id of the path; nullopt (answered 404) for anything but a positive integer.
std::optional<int64_t> plan_id_of(const http::Request& request) {
  return parse_id(request.path_param("plan_id"));
}

// A JSON number, integer or not; nullopt when absent or null.
ErrorOr<std::optional<double>> number_field(const object& body, std::string_view name,
                                            bool required) {
  const auto* found = body.if_contains(name);
  if (found == nullptr || found->is_null()) {
    if (!required) return std::optional<double>();
    return Error::make("missing_field", fmt::format("{} is required", name), std::string(name));
  }
  if (!found->is_number()) {
    return Error::make("invalid_field", fmt::format("{} must be a number", name),
                       std::string(name));
  }
  return std::optional(found->to_number<double>());
}

ErrorOr<std::string> plan_text(const http::Request& request) {
  auto body = TRY(json_object_body(request, {"toml"}));
  return *TRY(string_field(body, "toml", true, kMaxPlanBytes));
}

ErrorOr<plans::Progress> progress_body(const http::Request& request) {
  auto body = TRY(json_object_body(request, {"action", "date", "percent", "spent", "note"}));
  plans::Progress progress;
  progress.action = *TRY(string_field(body, "action", true));
  auto date = Date::parse(*TRY(string_field(body, "date", true)));
  if (date.is_error()) {
    return Error::make("invalid_field", "date must be a date YYYY-MM-DD", "date");
  }
  progress.date = date.value();
  progress.percent = *TRY(number_field(body, "percent", true));
  progress.spent = TRY(number_field(body, "spent", false)).value_or(0);
  progress.note = TRY(string_field(body, "note", false, kMaxProgressNoteBytes));
  return progress;
}

ErrorOr<http::Response> list_plans(store::PlanStore& plans) {
  auto summaries = plans.list_plans();
  if (summaries.is_error()) return refused(summaries.release_error());
  array listed;
  for (const auto& summary : *summaries) listed.push_back(plan_summary_json(summary));
  return json_response(200, object{{"plans", std::move(listed)}});
}

ErrorOr<http::Response> import_plan(AppContext& context, store::PlanStore& plans,
                                    const Principal& who, const http::Request& request) {
  auto text = TRY(plan_text(request));
  auto plan_id = plans.import_plan(text, kPlanSource, who.username);
  if (plan_id.is_error()) return refused(plan_id.release_error());
  TRY(audit(context, who, "plan.import", fmt::format("plan:{}", *plan_id), "version:1"));
  return json_response(201, object{{"plan_id", *plan_id}, {"version", 1}});
}

ErrorOr<http::Response> replace_plan(AppContext& context, store::PlanStore& plans,
                                     const Principal& who, const http::Request& request) {
  auto plan_id = plan_id_of(request);
  if (!plan_id) return plan_not_found();
  auto text = TRY(plan_text(request));
  auto version = plans.replace_plan(*plan_id, text, kPlanSource, who.username);
  if (version.is_error()) return refused(version.release_error());
  TRY(audit(context, who, "plan.replace", fmt::format("plan:{}", *plan_id),
            fmt::format("version:{}", *version)));
  return json_response(200, object{{"plan_id", *plan_id}, {"version", *version}});
}

ErrorOr<http::Response> record_progress(AppContext& context, store::PlanStore& plans,
                                        const Principal& who, const http::Request& request) {
  auto plan_id = plan_id_of(request);
  if (!plan_id) return plan_not_found();
  auto progress = TRY(progress_body(request));
  auto record = record_plan_progress(context, plans, who, *plan_id, progress);
  if (record.is_error()) return refused(record.release_error());
  return json_response(201, plan_progress_json(*plan_id, *record));
}

// The plan as it stands, with its assessment as `plan check` prints it, as of `?as_of=`.
ErrorOr<http::Response> show_plan(AppContext& context, store::PlanStore& plans,
                                  const http::Request& request) {
  auto plan_id = plan_id_of(request);
  if (!plan_id) return plan_not_found();
  Date as_of = TRY(as_of_parameter(request, context.clock));
  bool eu = TRY(eu_parameter(request));
  auto history = plans.history(*plan_id);
  if (history.is_error()) return refused(history.release_error());
  auto plan = plans.load_plan(*plan_id);
  if (plan.is_error()) return refused(plan.release_error());
  auto json = plan_summary_json(history->summary);
  json["as_of"] = as_of.to_string();
  json["eu"] = eu;
  json["assessment"] = plans::to_json(plans::assess(*plan, as_of, eu));
  return json_response(200, json);
}

ErrorOr<http::Response> plan_history(store::PlanStore& plans, const http::Request& request) {
  auto plan_id = plan_id_of(request);
  if (!plan_id) return plan_not_found();
  auto history = plans.history(*plan_id);
  if (history.is_error()) return refused(history.release_error());
  auto json = plan_history_json(*history);
  return json_response(200, json);
}

// The plan file as it stands (every report in [[progress]]), or `?version=N` exactly as stored.
ErrorOr<http::Response> export_plan(store::PlanStore& plans, const http::Request& request) {
  auto plan_id = plan_id_of(request);
  if (!plan_id) return plan_not_found();
  std::optional<int64_t> version;
  if (auto given = request.query("version")) {
    version = parse_id(*given);
    if (!version) {
      return Error::make("invalid_field", "version must be a positive whole number", "version");
    }
  }
  auto text = plans.export_toml(*plan_id, version);
  if (text.is_error()) return refused(text.release_error());
  http::Response response = http::Response::text(200, text.release_value());
  response.headers.set("Content-Type", "application/toml; charset=utf-8");
  return response;
}

}  // namespace

void add_plan_routes(http::Router& router, AppContext& context, Plans plans) {
  router.get("/api/v1/plans",
             guarded(context, "plan.read", [plans](AppContext&, const Principal&, http::Request&) {
               return list_plans(*plans);
             }));
  router.post("/api/v1/plans",
              guarded(context, "plan.write",
                      [plans](AppContext& app, const Principal& who, http::Request& request) {
                        return import_plan(app, *plans, who, request);
                      }));
  router.get("/api/v1/plans/{plan_id}",
             guarded(context, "plan.read",
                     [plans](AppContext& app, const Principal&, http::Request& request) {
                       return show_plan(app, *plans, request);
                     }));
  router.put("/api/v1/plans/{plan_id}",
             guarded(context, "plan.write",
                     [plans](AppContext& app, const Principal& who, http::Request& request) {
                       return replace_plan(app, *plans, who, request);
                     }));
  router.get(
      "/api/v1/plans/{plan_id}/history",
      guarded(context, "plan.read", [plans](AppContext&, const Principal&, http::Request& request) {
        return plan_history(*plans, request);
      }));
  router.post("/api/v1/plans/{plan_id}/progress",
              guarded(context, "plan.write",
                      [plans](AppContext& app, const Principal& who, http::Request& request) {
                        return record_progress(app, *plans, who, request);
                      }));
  router.get(
      "/api/v1/plans/{plan_id}/export",
      guarded(context, "plan.read", [plans](AppContext&, const Principal&, http::Request& request) {
        return export_plan(*plans, request);
      }));
}

}  // namespace opennrm::api

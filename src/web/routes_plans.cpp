// National action plans (action-plan.md), for every role that may read them: the list of stored
// plans with their verdicts, and a plan's page with its verdict, findings, coverage matrix,
// actions and budget execution, assessed as of today. The coordinator records progress on the
// plan's page; a refused report comes back with its reason, the form still filled in, and
// nothing saved.

#include <optional>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "api/case_json.h"
#include "api/plan_service.h"
#include "core/number.h"
#include "plans/assessment.h"
#include "web/plan_views.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

// A posted progress report that was refused: the form's values and the field at fault.
struct RefusedProgress {
  const http::Params& posted;
  std::string field;
};

std::optional<int64_t> plan_id_of(const Page& page) {
  return parse_id(page.request.path_param("plan_id"));
}

// The same page for a plan that does not exist and for an id that is not one.
http::Response plan_not_found(const Page& page) {
  return page.message(404, page.catalog.text("common.error_title"),
                      page.catalog.text("plan.not_found"));
}

http::Response plan_failure(const Page& page, const Error& error) {
  if (error.code == "unknown_plan") return plan_not_found(page);
  return page.failure(error);
}

http::Response plan_list(Page& page) {
  auto summaries = page.web.plans->list_plans();
  if (summaries.is_error()) return page.failure(summaries.error());
  Date today = page.today();
  View rows = view_list();
  for (const auto& summary : *summaries) {
    auto plan = page.web.plans->load_plan(summary.id);
    if (plan.is_error()) return plan_failure(page, plan.error());
    rows.push_back(plan_row_view(page.catalog, summary, *plan, plans::assess(*plan, today, false)));
  }
  View view;
  view.set("intro", page.catalog.text("plans.intro", {{"date", page.catalog.date(today)}}));
  view.set("plans", rows);
  view.set("has_plans", !summaries->empty());
  return page.render(page.catalog.text("plans.title"), "plans", view);
}

View text_field(std::string_view name, const http::Params& posted, std::string_view error_field,
                std::string fallback = {}) {
  View field;
  auto given = posted.get(name);
  field.set("value", given ? std::string(*given) : std::move(fallback));
  field.set("invalid", name == error_field);
  return field;
}

// The coordinator's form, filled with what was posted (or today's date and the first action).
View progress_form_view(const Page& page, int64_t plan_id, const plans::Plan& plan,
                        const std::optional<RefusedProgress>& refused) {
  http::Params none;
  const http::Params& posted = refused ? refused->posted : none;
  std::string_view field = refused ? std::string_view(refused->field) : "";
  std::string_view chosen = posted.get("action").value_or("");
  View options = view_list();
  for (const auto& action : plan.actions) {
    View option;
    option.set("value", action.id);
    option.set("label", action.id + " · " + action.title);
    option.set("selected", action.id == chosen);
    options.push_back(option);
  }
  View form;
  form.set("plan_id", std::to_string(plan_id));
  form.set("action_options", options);
  form.set("action_invalid", field == "action");
  form.set("date", text_field("date", posted, field, page.today().to_string()));
  form.set("percent", text_field("percent", posted, field));
  form.set("spent", text_field("spent", posted, field));
  form.set("note", text_field("note", posted, field));
  if (refused) {
    std::string key = "plan.error." + refused->field;
    View refusal;
    refusal.set("reason", page.catalog.has(key) ? page.catalog.text(key)
                                                : page.catalog.text("plan.error.other"));
    form.set("refusal", refusal);
  }
  return form;
}

http::Response render_plan(Page& page, int64_t plan_id,
                           const std::optional<RefusedProgress>& refused) {
  auto eu = api::eu_parameter(page.request);
  if (eu.is_error()) return page.failure(eu.error());
  auto history = page.web.plans->history(plan_id);
  if (history.is_error()) return plan_failure(page, history.error());
  auto plan = page.web.plans->load_plan(plan_id);
  if (plan.is_error()) return plan_failure(page, plan.error());
  const Catalog& catalog = page.catalog;
  Date today = page.today();
  auto assessment = plans::assess(*plan, today, *eu);
  View view = plan_view(catalog, *plan, assessment);
  view.set("summary",
           catalog.text("plan.summary", {{"country", plan->country},
                                         {"start", catalog.date(plan->start)},
                                         {"end", catalog.date(plan->end)},
                                         {"version", catalog.number(history->summary.version)},
                                         {"date", catalog.date(today)}}));
  std::string path = fmt::format("/plans/{}", plan_id);
  view.set("eu_href", *eu ? path : path + "?eu=true");
  view.set("eu_link", catalog.text(*eu ? "plan.eu_off" : "plan.eu_on"));
  if (*eu) view.set("eu_note", catalog.text("plan.eu_note"));
  if (page.allows("plan.write") && !plan->actions.empty()) {
    view.set("form", progress_form_view(page, plan_id, *plan, refused));
  }
  if (page.request.query("notice") == "recorded") {
    page.flash(view, "success", catalog.text("plan.recorded"));
  }
  return page.render(plan->title, "plan", view, refused ? 422 : 200);
}

http::Response show_plan(Page& page) {
  auto plan_id = plan_id_of(page);
  if (!plan_id) return plan_not_found(page);
  return render_plan(page, *plan_id, std::nullopt);
}

// A finite number written in full ("40", "12.5"); surrounding spaces are ignored.
std::optional<double> number_of(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return parse_number(text);
}

// The report of the form, or the name of the first field that does not read. The rules of the
// plan file (an action of the plan, percent from 0 to 100, spent not below zero) are the
// store's to check, so that the API, the command line and this form refuse alike.
std::variant<plans::Progress, std::string> progress_of(const http::Params& posted) {
  plans::Progress progress;
  progress.action = std::string(posted.get("action").value_or(""));
  if (plans::is_blank(progress.action)) return std::string("action");
  auto date = Date::parse(posted.get("date").value_or(""));
  if (date.is_error()) return std::string("date");
  progress.date = *date;
  auto percent = number_of(posted.get("percent").value_or(""));
  if (!percent) return std::string("percent");
  progress.percent = *percent;
  std::string_view spent = posted.get("spent").value_or("");
  if (!plans::is_blank(spent)) {
    auto amount = number_of(spent);
    if (!amount) return std::string("spent");
    progress.spent = *amount;
  }
  std::string_view note = posted.get("note").value_or("");
  if (!plans::is_blank(note)) progress.note = std::string(note);
  return progress;
}

http::Response record_progress(Page& page) {
  auto plan_id = plan_id_of(page);
  if (!plan_id) return plan_not_found(page);
  auto posted = page.request.form();
  if (posted.is_error()) return page.failure(posted.error());
  auto progress = progress_of(*posted);
  if (auto* field = std::get_if<std::string>(&progress)) {
    return render_plan(page, *plan_id, RefusedProgress{*posted, *field});
  }
  auto recorded = api::record_plan_progress(page.web.app, *page.web.plans, page.who, *plan_id,
                                            std::get<plans::Progress>(progress));
  if (recorded.is_error()) {
    const Error& error = recorded.error();
    if (error.code == "progress_invalid" || error.code == "invalid_field") {
      return render_plan(page, *plan_id, RefusedProgress{*posted, error.field});
    }
    return plan_failure(page, error);
  }
  return redirect(fmt::format("/plans/{}?notice=recorded#actions", *plan_id));
}

}  // namespace

void add_plan_pages(http::Router& router, const WebPtr& web) {
  router.get("/plans", signed_in(web, "plan.read", plan_list));
  router.get("/plans/{plan_id}", signed_in(web, "plan.read", show_plan));
  router.post("/plans/{plan_id}/progress", signed_in(web, "plan.write", record_progress));
}

}  // namespace opennrm::web

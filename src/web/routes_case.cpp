// The case page: the status panel first, then the timeline, then a form for every event type
// the role may record. A refused event comes back with the rulebook's reason and legal source,
// its form still filled in, and nothing saved.

#include <algorithm>

#include <fmt/format.h>

#include "api/case_json.h"
#include "api/case_service.h"
#include "core/number.h"
#include "store/account_store.h"
#include "web/case_views.h"
#include "web/event_forms.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

// A posted event that the rules refused, to show again with its reason.
struct RefusedEvent {
  const http::Params& posted;
  const rules::Rejection& rejection;
  const boost::json::object& event;
};

std::vector<std::string_view> recordable_types(const Page& page) {
  std::vector<std::string_view> types;
  for (const EventForm& form : event_forms()) {
    if (form.type != "identified" && page.web.app.matrix.may_record(page.who.role, form.type)) {
      types.push_back(form.type);
    }
  }
  return types;
}

// The chosen event type when the role may record it, else the first one it may.
std::string_view chosen_type(const Page& page, std::string_view wanted) {
  auto types = recordable_types(page);
  if (types.empty()) return {};
  for (std::string_view type : types) {
    if (type == wanted) return type;
  }
  return types.front();
}

View event_form_view(const Page& page, int64_t case_id, std::string_view type,
                     const http::Params& posted, std::string_view error_field) {
  View form;
  form.set("case_id", std::to_string(case_id));
  form.set("type", std::string(type));
  form.set("type_label", page.catalog.text("event." + std::string(type)));
  form.set("date", std::string(posted.get("date").value_or(page.today().to_string())));
  const EventForm& event_form = *find_event_form(type);
  form.set("fields", form_fields_view(event_form, posted, page.catalog, error_field));
  form.set("has_countries", std::ranges::any_of(event_form.fields, [](const FieldSpec& field) {
             return field.kind == FieldKind::countries || field.kind == FieldKind::country;
           }));
  form.set("csrf_token", page.who.csrf_token);
  return form;
}

View event_chooser(const Page& page, std::string_view chosen) {
  View options = view_list();
  for (std::string_view type : recordable_types(page)) {
    View option;
    option.set("value", std::string(type));
    option.set("label", page.catalog.text("event." + std::string(type)));
    option.set("selected", type == chosen);
    options.push_back(option);
  }
  return options;
}

ErrorOr<std::map<int64_t, std::string>> agency_names(api::AppContext& app) {
  auto agencies = TRY(api::read_store<std::vector<store::Agency>>(
      app.store, [](store::Connection& db) { return store::list_agencies(db); }));
  std::map<int64_t, std::string> names;
  for (const auto& agency : agencies) names[agency.id] = agency.name;
  return names;
}

// The message a redirect after a post asks the case page to show.
void notice(const Page& page, View& view, const std::string& case_number) {
  auto asked = page.request.query("notice");
  if (!asked) return;
  const Catalog& catalog = page.catalog;
  std::string event(page.request.query("event").value_or(""));
  if (*asked == "opened") {
    page.flash(view, "success", catalog.text("new.created", {{"case", case_number}}));
    if (auto other = parse_id(page.request.query("duplicate").value_or(""))) {
      view.set("duplicate_href", fmt::format("/cases/{}", *other));
    }
  } else if (*asked == "recorded" && find_event_form(event)) {
    page.flash(view, "success",
               catalog.text("case.recorded", {{"event", catalog.text("event." + event)}}));
  } else if (*asked == "referred") {
    page.flash(view, "success", catalog.text("refer.done"));
  } else if (*asked == "consent") {
    page.flash(view, "info", catalog.text("refer.consent_recorded"));
  } else if (*asked == "accepted") {
    page.flash(view, "success", catalog.text("referrals.accepted", {{"case", case_number}}));
  }
}

RefusalContext refusal_context(const Catalog& catalog, const store::LoadedCase& loaded,
                               const boost::json::object& event) {
  RefusalContext context;
  if (!loaded.events.empty()) context.latest_date = loaded.events.back().date;
  context.risk_assessment_days = loaded.file.policy().return_.risk_assessment_valid_days;
  const auto* date = event.if_contains("date");
  if (date && date->is_string()) {
    auto on = Date::parse(date->as_string());
    if (!on.is_error()) {
      auto state = loaded.file.as_of(*on).state;
      if (state) context.grounds = grounds_text(catalog, *state);
    }
  }
  return context;
}

// The person's identity fields that were recorded, in the API's order; only ever called with
// an identity the reader may see (api::read_case decides).
View identity_view(const Catalog& catalog, const store::Identity& identity) {
  View fields = view_list();
  for (std::string_view name : store::kIdentityFields) {
    auto found = identity.fields.find(name);
    if (found == identity.fields.end()) continue;
    View field;
    field.set("label", catalog.text("identity." + std::string(name)));
    field.set("value", found->second);
    fields.push_back(field);
  }
  View view;
  view.set("fields", fields);
  return view;
}

http::Response render_case(Page& page, int64_t case_id, std::string_view wanted,
                           const std::optional<RefusedEvent>& refused) {
  auto read = api::read_case(page.web.app, page.who, case_id);
  if (read.is_error()) return page.failure(read.error());
  auto names = agency_names(page.web.app);
  if (names.is_error()) return page.failure(names.error());
  const store::LoadedCase& loaded = *read->loaded;
  Date today = page.today();
  const Catalog& catalog = page.catalog;
  View view = status_view(catalog, loaded.file.as_of(today), today);
  view.set("case_id", std::to_string(case_id));
  view.set("heading", catalog.text("case.title", {{"case", loaded.summary.case_number}}));
  view.set("events", timeline_view(catalog, loaded, *names));
  if (read->identity) view.set("identity", identity_view(catalog, *read->identity));
  view.set("events_count", catalog.plural("case.events_count", int64_t(loaded.events.size())));
  std::string_view type = chosen_type(page, wanted);
  view.set("may_record", !type.empty());
  view.set("may_refer", page.allows("referral.make") &&
                            page.web.app.matrix.may_record(page.who.role, "referral_made"));
  if (!type.empty()) {
    view.set("event_types", event_chooser(page, type));
    http::Params none;
    const http::Params& posted = refused ? refused->posted : none;
    std::string_view field = refused ? std::string_view(refused->rejection.field) : "";
    view.set("form", event_form_view(page, case_id, type, posted, field));
  }
  if (refused) {
    view.set("refusal", refusal_view(catalog, refused->rejection, refused->event,
                                     refusal_context(catalog, loaded, refused->event)));
  }
  notice(page, view, loaded.summary.case_number);
  auto response = page.render(loaded.summary.case_number, "case", view, refused ? 422 : 200);
  response.hold = read->audited;
  return response;
}

std::optional<int64_t> case_id_of(const Page& page) {
  return parse_id(page.request.path_param("case_id"));
}

http::Response show_case(Page& page) {
  auto case_id = case_id_of(page);
  if (!case_id) return page.failure(api::case_not_found_error());
  return render_case(page, *case_id, page.request.query("event").value_or(""), std::nullopt);
}

// The htmx enhancement of the event chooser: only the chosen event's form.
http::Response event_form_fragment(Page& page) {
  auto case_id = case_id_of(page);
  if (!case_id) return page.failure(api::case_not_found_error());
  auto scope = api::visible_scope(page.web.app, page.who, *case_id);
  if (scope.is_error()) return page.failure(scope.error());
  std::string_view type = chosen_type(page, page.request.query("event").value_or(""));
  View view;
  if (!type.empty()) view.set("form", event_form_view(page, *case_id, type, {}, ""));
  return http::Response::html(200, render_template("event_form", view, page.catalog));
}

http::Response record(Page& page) {
  auto case_id = case_id_of(page);
  if (!case_id) return page.failure(api::case_not_found_error());
  auto posted = page.request.form();
  if (posted.is_error()) return page.failure(posted.error());
  const EventForm* form = find_event_form(posted->get("type").value_or(""));
  if (form == nullptr || form->type == "identified") {
    return page.failure(Error::make("invalid_field", "unknown event type", "type"));
  }
  auto event = event_from_form(*form, *posted);
  auto recorded = api::record_event(page.web.app, page.who, *case_id, event);
  if (recorded.is_error()) return page.failure(recorded.error());
  if (recorded->rejection) {
    return render_case(page, *case_id, form->type,
                       RefusedEvent{*posted, *recorded->rejection, event});
  }
  return redirect(fmt::format("/cases/{}?notice=recorded&event={}", *case_id, form->type));
}

}  // namespace

void add_case_page(http::Router& router, const WebPtr& web) {
  router.get("/cases/{case_id}", signed_in(web, "case.read", show_case));
  router.get("/cases/{case_id}/event-form",
             signed_in(web, "case.record_event", event_form_fragment));
  router.post("/cases/{case_id}/events", signed_in(web, "case.record_event", record));
}

}  // namespace opennrm::web

// The national rapporteur statistics over the API (statistics.md): the rapporteur role gets
// disclosure-controlled tables only, the coordinator may also ask for raw counts, and every
// request, answered or refused, leaves an audit record of the options asked (never who the
// counted people are: a table holds no identity).
//
// A role with stats.controlled but not stats.raw may raise the threshold k above the default
// of 10 but not lower it: a lower k publishes smaller groups, which is the coordinator's call.

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/app.h"
#include "api/case_json.h"
#include "api/context.h"
#include "api/stats_service.h"
#include "stats/disclosure.h"
#include "stats/render.h"
#include "stats/victim_tables.h"

namespace opennrm::api {

namespace {

// The table that needs a population file, which the API has no way to take; it stays with the
// command line (`opennrm stats --population`).
constexpr std::string_view kRateTable = "sdg_16_2_2";
constexpr int64_t kMaxOptionValue = 1'000'000'000;

struct TableOptions {
  stats::TableRequest request;
  std::optional<stats::DisclosureOptions> disclosure;  // Absent for raw counts.
  std::string_view format;                             // json, csv or xlsx.
};

Error invalid_parameter(std::string_view name, std::string_view expected) {
  return Error::make("invalid_field", fmt::format("{} must be {}", name, expected),
                     std::string(name));
}

// `?NAME=N`, a whole number from 1 to a billion; nullopt when absent.
ErrorOr<std::optional<int64_t>> positive_parameter(const http::Request& request,
                                                   std::string_view name) {
  auto given = request.query(name);
  if (!given) return std::optional<int64_t>();
  const bool digits = !given->empty() && given->size() <= 10 &&
                      given->find_first_not_of("0123456789") == std::string_view::npos;
  const int64_t number = digits ? std::stoll(std::string(*given)) : 0;
  if (number < 1 || number > kMaxOptionValue) {
    return invalid_parameter(name, "a whole number from 1 to 1000000000");
  }
  return std::optional(number);
}

// `?NAME=` one of `choices`, `fallback` when absent.
ErrorOr<std::string_view> choice_parameter(const http::Request& request, std::string_view name,
                                           std::initializer_list<std::string_view> choices,
                                           std::string_view expected) {
  auto given = request.query(name);
  if (!given) return *choices.begin();
  for (auto choice : choices) {
    if (*given == choice) return choice;
  }
  return invalid_parameter(name, expected);
}

ErrorOr<void> only_known_parameters(const http::Request& request) {
  static constexpr std::array<std::string_view, 7> kKnown = {"from",   "to",  "threshold", "round",
                                                             "status", "raw", "format"};
  for (const auto& [name, unused] : request.query()) {
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      return Error::make("unknown_field", fmt::format("unknown parameter {}", name), name);
    }
  }
  return {};
}

// Reads and checks every parameter; a raw table or a threshold below the default is refused
// (403) to a role without stats.raw.
ErrorOr<TableOptions> table_options(AppContext& context, const Principal& who,
                                    const http::Request& request) {
  TRY(only_known_parameters(request));
  TableOptions options;
  options.request.table_id = std::string(request.path_param("table_id"));
  if (options.request.table_id == kRateTable) {
    return Error::make("invalid_field",
                       "sdg_16_2_2 needs a population file: use `opennrm stats --population`",
                       "table_id");
  }
  if (stats::table_builder(options.request.table_id, stats::VictimStatus::registered, {}, {})
          .is_error()) {
    return Error::make("not_found", "There is no statistics table with this id.", "table_id");
  }
  auto status = TRY(choice_parameter(request, "status", {"registered", "identified"},
                                     "registered or identified"));
  options.request.status =
      status == "identified" ? stats::VictimStatus::identified : stats::VictimStatus::registered;
  options.request.from_year = TRY(year_parameter(request, "from"));
  options.request.to_year = TRY(year_parameter(request, "to"));
  if (options.request.from_year && options.request.to_year &&
      *options.request.from_year > *options.request.to_year) {
    return Error::make("invalid_field", "from must not be after to", "from");
  }
  options.format =
      TRY(choice_parameter(request, "format", {"json", "csv", "xlsx"}, "json, csv or xlsx"));
  const bool raw =
      TRY(choice_parameter(request, "raw", {"false", "true"}, "true or false")) == "true";
  auto threshold = TRY(positive_parameter(request, "threshold"));
  auto round_to = TRY(positive_parameter(request, "round"));
  const bool may_see_raw = context.matrix.allows(who.role, "stats.raw");
  if (raw) {
    if (threshold || round_to) {
      return Error::make("invalid_field",
                         "raw counts have no disclosure control: raw=true cannot be combined "
                         "with threshold or round",
                         "raw");
    }
    if (!may_see_raw) return Error::make("forbidden", "Raw counts need stats.raw.", "raw");
    return options;
  }
  stats::DisclosureOptions disclosure;
  if (threshold && *threshold < disclosure.threshold && !may_see_raw) {
    return Error::make("forbidden",
                       fmt::format("A threshold below {} needs stats.raw.", disclosure.threshold),
                       "threshold");
  }
  if (threshold) disclosure.threshold = *threshold;
  disclosure.round_to = round_to;
  options.disclosure = disclosure;
  return options;
}

ErrorOr<http::Response> list_tables(AppContext&, const Principal&, http::Request&) {
  boost::json::array ids;
  for (const auto& id : stats::table_ids()) {
    if (id != kRateTable) ids.push_back(boost::json::value(id));
  }
  return json_response(200, boost::json::object{{"tables", std::move(ids)}});
}

// A file answer of the table in `format` (csv or xlsx), named after the table for a download.
http::Response table_file(const stats::PublishedTable& table, std::string_view format,
                          std::string body) {
  http::Response response;
  response.status = 200;
  response.body = std::move(body);
  response.headers.set("Content-Type",
                       format == "csv" ? "text/csv; charset=utf-8" : stats::kXlsxContentType);
  // The id is one of the known table ids (checked by table_options), so it needs no quoting.
  if (format == "xlsx") {
    response.headers.set("Content-Disposition",
                         fmt::format("attachment; filename=\"{}.xlsx\"", table.id));
  }
  return response;
}

ErrorOr<http::Response> show_table(AppContext& context, const Principal& who,
                                   http::Request& request) {
  const TableOptions options = TRY(table_options(context, who, request));
  const stats::PublishedTable published =
      TRY(published_table(context, options.request, options.disclosure));
  if (options.format == "csv") return table_file(published, "csv", stats::render_csv(published));
  if (options.format == "xlsx") {
    return table_file(published, "xlsx", TRY(stats::render_xlsx(published)));
  }
  return json_response(200, stats::table_to_json(published));
}

// Wraps a statistics route so that every request, refused ones included, is audited before it
// is answered; an answer whose record could not be written is not given.
http::Handler audited(AppContext& context, std::string action, http::Handler handler) {
  return
      [&context, action = std::move(action), handler = std::move(handler)](http::Request& request) {
        http::Response response = handler(request);
        auto table_id = request.path_params().get("table_id");
        std::string object = table_id ? "table:" + clipped_for_audit(*table_id) : "tables";
        auto recorded = audit(context, principal(request), action, std::move(object),
                              stats_audit_detail(request, response.status));
        if (recorded.is_error()) return http::Response::internal_error();
        return response;
      };
}

}  // namespace

void add_stats_routes(http::Router& router, AppContext& context) {
  router.get("/api/v1/stats/tables",
             audited(context, "stats.tables", guarded(context, "stats.controlled", list_tables)));
  router.get("/api/v1/stats/tables/{table_id}",
             audited(context, "stats.table", guarded(context, "stats.controlled", show_table)));
}

}  // namespace opennrm::api

// The national rapporteur's statistics page (statistics.md): trends by year, victims by form
// of exploitation, and victims by sex and age, each as a chart drawn on the server
// (web/charts.h) with a table of the same numbers beside it.
//
// Every number comes from the disclosure-controlled tables the API serves
// (api/stats_service.h), with the default threshold, whatever the role: raw counts stay with
// the coordinator's API and command line, never on a page that may be printed and passed on.
// A suppressed cell is drawn as a marked gap and named in the table with its reason. Every
// request, refused ones included, is audited like the API's statistics requests.

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "api/case_json.h"
#include "api/stats_service.h"
#include "web/charts.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

using stats::PublishedCell;
using stats::PublishedTable;
using stats::Suppression;

// A page of years beyond this span is refused: the charts would be unreadable.
constexpr int kMaxYears = 50;

struct Tables {
  PublishedTable registered;    // victims_by_sex_age, registered victims.
  PublishedTable identified;    // victims_by_sex_age, formally identified victims.
  PublishedTable by_form;       // victims_by_form.
  std::vector<int> data_years;  // Every year with registered victims, for the year filter.
};

// `?from=` and `?to=`: empty (the filter's "all years") is no bound.
ErrorOr<std::optional<int>> year_bound(const http::Request& request, std::string_view name) {
  auto given = request.query(name);
  if (given && given->empty()) return std::optional<int>();
  return api::year_parameter(request, name);
}

std::vector<int> years_of(const PublishedTable& table) {
  std::vector<int> years;
  for (const auto& row : table.rows) {
    if (row != stats::kTotal) years.push_back(std::stoi(row));
  }
  return years;
}

ErrorOr<PublishedTable> controlled(api::AppContext& app, std::string_view id,
                                   stats::VictimStatus status, std::optional<int> from,
                                   std::optional<int> to) {
  stats::TableRequest request{std::string(id), from, to, status};
  return api::published_table(app, request, stats::DisclosureOptions{});
}

// The three tables for the years asked; the identified and form tables are asked for exactly
// the years of the registered one, so that the rows line up. Without a first year, the page
// shows at most the last kMaxYears years (a stray old date must not make it unreadable).
ErrorOr<Tables> read_tables(const Page& page) {
  api::AppContext& app = page.web.app;
  auto from = TRY(year_bound(page.request, "from"));
  const auto to = TRY(year_bound(page.request, "to"));
  if (from && to && *from > *to) {
    return Error::make("invalid_field", "from must not be after to", "from");
  }
  Tables tables;
  const auto registered = stats::VictimStatus::registered;
  PublishedTable all_years =
      TRY(controlled(app, "victims_by_sex_age", registered, std::nullopt, std::nullopt));
  tables.data_years = years_of(all_years);
  if (!from && !tables.data_years.empty()) {
    const int last = to.value_or(tables.data_years.back());
    if (last - tables.data_years.front() >= kMaxYears) from = last - kMaxYears + 1;
  }
  tables.registered = from || to ? TRY(controlled(app, "victims_by_sex_age", registered, from, to))
                                 : std::move(all_years);
  const std::vector<int> years = years_of(tables.registered);
  if (!years.empty() && years.back() - years.front() >= kMaxYears) {
    return Error::make("invalid_field", fmt::format("at most {} years at once", kMaxYears), "to");
  }
  std::optional<int> first = years.empty() ? from : years.front();
  std::optional<int> last = years.empty() ? to : years.back();
  tables.identified =
      TRY(controlled(app, "victims_by_sex_age", stats::VictimStatus::identified, first, last));
  tables.by_form = TRY(controlled(app, "victims_by_form", registered, first, last));
  return tables;
}

const PublishedCell& cell(const PublishedTable& table, std::string_view row,
                          std::string_view column) {
  auto index = [](const std::vector<std::string>& labels, std::string_view label) {
    return static_cast<size_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
  };
  return table.cells.at(index(table.rows, row)).at(index(table.columns, column));
}

ChartValue chart_value(const Catalog& catalog, const PublishedCell& cell) {
  if (!cell.value) return {std::nullopt, ""};
  return {cell.value, catalog.number(*cell.value)};
}

View table_cell(const Catalog& catalog, const PublishedCell& cell, int64_t threshold) {
  View view;
  if (cell.value) {
    view.set("text", catalog.number(*cell.value));
    return view;
  }
  view.set("suppressed", true);
  view.set("text", cell.suppressed == Suppression::primary
                       ? catalog.text("statistics.suppressed.primary",
                                      {{"threshold", catalog.number(threshold)}})
                       : catalog.text("statistics.suppressed.secondary"));
  return view;
}

// A chart with its table: rows of the table are the chart's categories (plus any extra rows,
// such as totals), columns its series.
struct Section {
  BarChart chart;
  std::string heading;
  std::string row_heading;
  // The table's rows: a label and one cell per series.
  std::vector<std::pair<std::string, std::vector<const PublishedCell*>>> rows;
  // Rows of the table beyond the chart's categories (totals), after them.
  std::vector<std::pair<std::string, std::vector<const PublishedCell*>>> extra_rows;
};

struct SuppressionCount {
  size_t suppressed = 0;
  size_t values = 0;
  bool any_published_count = false;  // A published value above zero.
};

SuppressionCount count_suppressed(const BarChart& chart) {
  SuppressionCount count;
  for (const auto& series : chart.series) {
    for (const auto& value : series.values) {
      ++count.values;
      if (!value.count) ++count.suppressed;
      if (value.count.value_or(0) > 0) count.any_published_count = true;
    }
  }
  return count;
}

std::string period_text(const Catalog& catalog, const std::vector<int>& years) {
  if (years.empty()) return "";
  if (years.front() == years.back()) return std::to_string(years.front());
  return catalog.text("statistics.period", {{"from", std::to_string(years.front())},
                                            {"to", std::to_string(years.back())}});
}

// Fills a section's chart from its rows: the rows are the categories, each row's cells the
// values of the series.
void fill_chart(const Catalog& catalog, Section& section, std::vector<std::string> series_names,
                std::string_view description_key) {
  section.chart.suppressed_label = catalog.text("statistics.suppressed_legend");
  section.chart.format_number = [&catalog](int64_t n) { return catalog.number(n); };
  for (auto& name : series_names) section.chart.series.push_back({std::move(name), {}});
  for (const auto& [label, cells] : section.rows) {
    section.chart.categories.push_back(label);
    for (size_t s = 0; s < cells.size(); ++s) {
      section.chart.series[s].values.push_back(chart_value(catalog, *cells[s]));
    }
  }
  const SuppressionCount count = count_suppressed(section.chart);
  section.chart.description =
      catalog.text(description_key) + " " +
      catalog.text("statistics.suppressed_count",
                   {{"suppressed", catalog.number(static_cast<int64_t>(count.suppressed))},
                    {"values", catalog.number(static_cast<int64_t>(count.values))}});
}

// A section's heading, chart title and axes, all named from the catalog under `key`
// ("statistics.<key>.heading", ".title"); the category axis is also the table's row heading.
Section start_section(const Catalog& catalog, std::string id, ChartLayout layout,
                      const std::string& key, const std::string& period,
                      const std::string& category_key) {
  Section section;
  section.chart.id = std::move(id);
  section.chart.layout = layout;
  section.heading = catalog.text("statistics." + key + ".heading");
  section.chart.title = catalog.text("statistics." + key + ".title", {{"period", period}});
  section.chart.value_axis_label = catalog.text("statistics.victims");
  section.chart.category_axis_label = catalog.text(category_key);
  section.row_heading = section.chart.category_axis_label;
  return section;
}

Section trend_section(const Catalog& catalog, const Tables& tables, const std::string& period) {
  Section section =
      start_section(catalog, "trend", ChartLayout::columns, "trend", period, "statistics.year");
  for (const auto& row : tables.registered.rows) {
    std::vector<const PublishedCell*> cells = {&cell(tables.registered, row, stats::kTotal),
                                               &cell(tables.identified, row, stats::kTotal)};
    if (row == stats::kTotal) {
      section.extra_rows.emplace_back(catalog.text("statistics.total"), cells);
    } else {
      section.rows.emplace_back(row, cells);
    }
  }
  fill_chart(
      catalog, section,
      {catalog.text("statistics.trend.registered"), catalog.text("statistics.trend.identified")},
      "statistics.trend.desc");
  return section;
}

Section form_section(const Catalog& catalog, const Tables& tables, const std::string& period) {
  Section section =
      start_section(catalog, "forms", ChartLayout::bars, "form", period, "statistics.form.form");
  for (const auto& form : stats::forms_of_exploitation()) {
    section.rows.emplace_back(vocabulary_label(catalog, "forms", form),
                              std::vector{&cell(tables.by_form, stats::kTotal, form)});
  }
  section.extra_rows.emplace_back(catalog.text("statistics.form.all_victims"),
                                  std::vector{&cell(tables.by_form, stats::kTotal, stats::kTotal)});
  fill_chart(catalog, section, {catalog.text("statistics.victims")}, "statistics.form.desc");
  return section;
}

Section sex_age_section(const Catalog& catalog, const Tables& tables, const std::string& period) {
  Section section =
      start_section(catalog, "sex-age", ChartLayout::columns, "sex_age", period, "statistics.sex");
  std::vector<std::string> age_names;
  for (const auto& age : stats::age_groups()) {
    age_names.push_back(catalog.text("statistics.age." + age));
  }
  for (const auto& sex : stats::sexes()) {
    std::vector<const PublishedCell*> cells;
    for (const auto& age : stats::age_groups()) {
      cells.push_back(&cell(tables.registered, stats::kTotal, stats::sex_age_label(sex, age)));
    }
    section.rows.emplace_back(vocabulary_label(catalog, "sex", sex), cells);
  }
  fill_chart(catalog, section, std::move(age_names), "statistics.sex_age.desc");
  return section;
}

View section_view(const Catalog& catalog, const Section& section, int64_t threshold) {
  View view;
  view.set("id", section.chart.id);
  view.set("heading", section.heading);
  view.set("svg", render_bar_chart(section.chart));
  view.set("caption", section.chart.title);
  view.set("row_heading", section.row_heading);
  View columns = view_list();
  for (const auto& series : section.chart.series) columns.push_back(View(series.name));
  view.set("columns", columns);
  View rows = view_list();
  auto add_rows = [&](const auto& list, bool total) {
    for (const auto& [label, cells] : list) {
      View row;
      row.set("label", label);
      row.set("total", total);
      View row_cells = view_list();
      for (const auto* published : cells) {
        row_cells.push_back(table_cell(catalog, *published, threshold));
      }
      row.set("cells", row_cells);
      rows.push_back(row);
    }
  };
  add_rows(section.rows, false);
  add_rows(section.extra_rows, true);
  view.set("rows", rows);
  return view;
}

View year_options(const std::vector<int>& years, std::optional<int> chosen) {
  View options = view_list();
  for (int year : years) {
    View option;
    option.set("value", std::to_string(year));
    option.set("selected", chosen == year);
    options.push_back(option);
  }
  return options;
}

View notes_view(const Catalog& catalog, int64_t threshold) {
  View notes = view_list();
  notes.push_back(
      View(catalog.text("statistics.note.primary", {{"threshold", catalog.number(threshold)},
                                                    {"max", catalog.number(threshold - 1)}})));
  for (std::string_view key :
       {"statistics.note.secondary", "statistics.note.year", "statistics.note.identified",
        "statistics.note.forms", "statistics.note.age"}) {
    notes.push_back(View(catalog.text(key)));
  }
  return notes;
}

// The spreadsheets of the API for the same years (audited there as every API request is).
View downloads_view(const Catalog& catalog, const std::vector<int>& years) {
  std::string query = "?format=xlsx";
  if (!years.empty()) {
    query += "&from=" + std::to_string(years.front()) + "&to=" + std::to_string(years.back());
  }
  View downloads = view_list();
  for (const auto& [table, key] : {std::pair{"victims_by_sex_age", "statistics.download.sex_age"},
                                   std::pair{"victims_by_form", "statistics.download.form"}}) {
    View link;
    link.set("href", std::string("/api/v1/stats/tables/") + table + query);
    link.set("label", catalog.text(key));
    downloads.push_back(link);
  }
  return downloads;
}

http::Response statistics_page(Page& page) {
  const Catalog& catalog = page.catalog;
  auto tables = read_tables(page);
  if (tables.is_error()) return page.failure(tables.error());
  const int64_t threshold = tables->registered.threshold.value_or(0);
  const std::vector<int> years = years_of(tables->registered);
  const std::string period = period_text(catalog, years);

  View view;
  view.set("intro", catalog.text("statistics.intro", {{"max", catalog.number(threshold - 1)}}));
  view.set("has_years", !tables->data_years.empty());
  auto chosen = [&](std::string_view name) {
    auto bound = year_bound(page.request, name);
    return bound.is_error() ? std::nullopt : *bound;
  };
  view.set("from_options", year_options(tables->data_years, chosen("from")));
  view.set("to_options", year_options(tables->data_years, chosen("to")));
  view.set("period", period);
  view.set("has_data", !years.empty());
  if (!years.empty()) {
    View sections = view_list();
    bool any_published = false;
    bool any_suppressed = false;
    for (const Section& section :
         {trend_section(catalog, *tables, period), form_section(catalog, *tables, period),
          sex_age_section(catalog, *tables, period)}) {
      const SuppressionCount count = count_suppressed(section.chart);
      any_published = any_published || count.any_published_count;
      any_suppressed = any_suppressed || count.suppressed > 0;
      sections.push_back(section_view(catalog, section, threshold));
    }
    view.set("sections", sections);
    if (any_suppressed && !any_published) {
      view.set("all_suppressed", catalog.text("statistics.all_suppressed",
                                              {{"threshold", catalog.number(threshold)}}));
    }
  }
  view.set("notes", notes_view(catalog, threshold));
  view.set("downloads", downloads_view(catalog, years));
  return page.render(catalog.text("statistics.title"), "statistics", view);
}

// The page for roles with stats.controlled, a 403 page for others; both audited, with the
// parameters asked and the answer's status, as the API's statistics requests are.
http::Response statistics(Page& page) {
  http::Response response = page.allows("stats.controlled")
                                ? statistics_page(page)
                                : page.message(403, page.catalog.text("common.error_title"),
                                               page.catalog.text("error.forbidden"));
  auto recorded = api::audit(page.web.app, page.who, "stats.page", "statistics",
                             api::stats_audit_detail(page.request, response.status));
  if (recorded.is_error()) return page.failure(recorded.error());
  return response;
}

}  // namespace

void add_statistics_page(http::Router& router, const WebPtr& web) {
  // The permission is checked in the handler, so that a refusal is audited too.
  router.get("/statistics", signed_in(web, "", statistics));
}

}  // namespace opennrm::web

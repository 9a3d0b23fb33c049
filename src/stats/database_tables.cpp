#include "stats/database_tables.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "stats/classify.h"
#include "store/fact_tables.h"

namespace opennrm::stats {

namespace {

// A count the database gave, placed in the table: the cell (row, column) of victims identified
// in `year`; either label may be kTotal.
struct Placed {
  int year = 0;
  std::string row;
  std::string column;
  int64_t count = 0;
};

// The grouped values of one result row after the year, NULL read as empty.
using Values = std::vector<std::string>;
using Place = std::function<std::pair<std::string, std::string>(const std::string& year,
                                                                const Values& values)>;

// One GROUP BY over `case_facts f` (joined with a list table `m` on the case when `join` is
// set), by identification year and the `values` expressions, and how its groups are placed.
struct Aggregation {
  std::vector<std::string_view> values;
  std::string_view join;
  Place place;
};

Place year_by(std::function<std::string(const Values&)> column) {
  return [column = std::move(column)](const std::string& year, const Values& values) {
    return std::pair(year, column(values));
  };
}

std::string first(const Values& values) {
  return values.at(0);
}

// The per-year count of victims, each once: the row totals of a table where a victim can fall
// in several columns (forms, measures).
Aggregation victims_per_year() {
  return {{}, {}, year_by([](const Values&) { return std::string(kTotal); })};
}

std::vector<Aggregation> aggregations(std::string_view table_id, std::string_view country) {
  auto sex_age = [](const Values& values) { return sex_age_label(values.at(0), values.at(1)); };
  if (table_id == "victims_by_sex_age") return {{{"f.sex", "f.age_group"}, {}, year_by(sex_age)}};
  if (table_id == "victims_by_form") {
    return {{{"m.form"}, "case_forms", year_by(first)}, victims_per_year()};
  }
  if (table_id == "victims_by_citizenship") {
    return {{{"f.citizenship"}, {}, year_by([country = std::string(country)](const Values& v) {
               return citizenship_group(v.at(0), country, eu_member_states());
             })}};
  }
  if (table_id == "victims_by_country") {
    return {{{"f.citizenship"}, {}, [](const std::string& year, const Values& values) {
               return std::pair(citizenship_country(values.at(0)), year);
             }}};
  }
  if (table_id == "victims_by_identifying_agency") {
    return {{{"f.by_agency_type"}, {}, year_by(first)}};
  }
  if (table_id == "internal_vs_transnational") return {{{"f.trafficking"}, {}, year_by(first)}};
  if (table_id == "protection_outcomes") {
    return {{{"m.measure"}, "case_measures", year_by(first)}, victims_per_year()};
  }
  if (table_id == "sdg_16_2_2") {
    // Form × sex/age over all the years; a victim counts once in each column total and in the
    // grand total, whatever the number of its forms.
    return {{{"m.form", "f.sex", "f.age_group"},
             "case_forms",
             [](const std::string&, const Values& values) {
               return std::pair(values.at(0), sex_age_label(values.at(1), values.at(2)));
             }},
            {{"f.sex", "f.age_group"},
             {},
             [=](const std::string&, const Values& values) {
               return std::pair(std::string(kTotal), sex_age(values));
             }},
            {{}, {}, [](const std::string&, const Values&) {
               return std::pair(std::string(kTotal), std::string(kTotal));
             }}};
  }
  return {};
}

// The WHERE clause of a request: its status and years.
std::string filter(const TableRequest& request) {
  std::vector<std::string> conditions;
  if (request.status == VictimStatus::identified) {
    conditions.push_back(fmt::format("f.stage = '{}'", store::kIdentifiedVictimStage));
  }
  if (request.from_year)
    conditions.push_back(fmt::format("f.identified_year >= {}", *request.from_year));
  if (request.to_year)
    conditions.push_back(fmt::format("f.identified_year <= {}", *request.to_year));
  return conditions.empty() ? "1" : fmt::format("{}", fmt::join(conditions, " AND "));
}

ErrorOr<void> run(store::Connection& db, const Aggregation& aggregation, const std::string& where,
                  std::vector<Placed>& placed) {
  std::string group_by = "1";
  for (size_t i = 0; i < aggregation.values.size(); ++i) group_by += fmt::format(", {}", i + 2);
  const std::string sql =
      fmt::format("SELECT f.identified_year{}{}, count(*) FROM case_facts f{} WHERE {} GROUP BY {}",
                  aggregation.values.empty() ? "" : ", ", fmt::join(aggregation.values, ", "),
                  aggregation.join.empty()
                      ? std::string()
                      : fmt::format(" JOIN {} m ON m.case_id = f.case_id", aggregation.join),
                  where, group_by);
  auto statement = TRY(db.prepare(sql));
  const int count_column = int(aggregation.values.size()) + 1;
  Values values(aggregation.values.size());
  while (TRY(statement.step())) {
    const int year = int(statement.column_int(0));
    for (size_t i = 0; i < values.size(); ++i) values[i] = statement.column_text(int(i) + 1);
    auto [row, column] = aggregation.place(std::to_string(year), values);
    placed.push_back({year, std::move(row), std::move(column), statement.column_int(count_column)});
  }
  return {};
}

}  // namespace

ErrorOr<Table> query_table(store::Connection& db, const TableRequest& request,
                           std::string_view jurisdiction_country, const Population* population) {
  const auto queries = aggregations(request.table_id, jurisdiction_country);
  // An unknown id gets table_builder()'s error, which lists the known ones; then the years are
  // checked, then the population, in the order of build_table().
  if (queries.empty())
    return table_builder(request.table_id, request.status, {}, {}).release_error();
  TRY(year_range(request.from_year, request.to_year, std::nullopt, std::nullopt));
  if (request.table_id == "sdg_16_2_2" && population == nullptr) {
    return Error::make("population_required", "sdg_16_2_2 needs a population file", "population");
  }
  std::vector<Placed> placed;
  const std::string where = filter(request);
  for (const auto& aggregation : queries) TRY(run(db, aggregation, where, placed));

  std::optional<int> first_year;
  std::optional<int> last_year;
  std::vector<std::string> countries;
  for (const auto& cell : placed) {
    first_year = std::min(first_year.value_or(cell.year), cell.year);
    last_year = std::max(last_year.value_or(cell.year), cell.year);
    if (request.table_id == "victims_by_country") countries.push_back(cell.row);
  }
  const auto years = TRY(year_range(request.from_year, request.to_year, first_year, last_year));
  auto builder = TRY(table_builder(request.table_id, request.status, years,
                                   citizenship_country_order(std::move(countries))));
  for (const auto& cell : placed) TRY(builder.add(cell.row, cell.column, cell.count));
  if (request.table_id == "sdg_16_2_2") TRY(use_population(builder, *population, years));
  return builder.build();
}

}  // namespace opennrm::stats

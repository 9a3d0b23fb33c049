#pragma once

// The tables of statistics.md built from per-victim facts, and the dimension values of every
// table id. The same layouts serve counts aggregated by SQL: table_builder() gives a builder
// with the right rows, columns and notes, to be filled with TableBuilder::add.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "rules/case_file.h"
#include "stats/population.h"
#include "stats/table.h"

namespace opennrm::stats {

// What the statistics need to know about one victim, as the case store denormalises it from
// the case's events (with the latest values after `details_corrected`; store/fact_tables.h).
struct VictimFacts {
  // The year of the `identified` event (the registration year).
  int identified_year = 0;
  // Rulebook `sex`: female, male, other, unknown.
  std::string sex;
  // child, adult or unknown at identification (store::age_group() of the `age_status`).
  std::string age_group;
  // The first citizenship recorded (a country code or `stateless`), empty when none.
  std::string first_citizenship;
  // citizenship_group() of the first citizenship.
  std::string citizenship_group;
  // Rulebook `forms`; several may apply, none may be recorded.
  std::vector<std::string> forms;
  // `by_agency_type` of the `identified` event.
  std::string agency_type;
  // rules::trafficking_kind(): internal, transnational or unknown.
  std::string trafficking_scope;
  // The protection_measures() taken in the case (store::statistics_facts()), in any order.
  std::vector<std::string> protection_outcomes;
  // Whether a positive conclusive-grounds decision stands (formally identified victim).
  bool identified = false;
};

// The facts of a case file with an applied `identified`, in its policy's jurisdiction, as the
// case store writes them: the same counts come from build_table() over these and from the
// database (database_tables.h) over the stored cases.
VictimFacts victim_facts(const rules::CaseFile& file);

// Which victims a table counts: `registered` (every case with an `identified` event) or
// `identified` (positive conclusive-grounds decision), the `--status` of the command line.
enum class VictimStatus { registered, identified };

// The table ids of statistics.md, in its order.
const std::vector<std::string>& table_ids();

// Dimension values, in display order.
const std::vector<std::string>& sexes();       // female, male, other, unknown
const std::vector<std::string>& age_groups();  // child, adult, unknown
const std::vector<std::string>& forms_of_exploitation();
const std::vector<std::string>& citizenship_groups();  // national, eu, non_eu, stateless, unknown
const std::vector<std::string>& agency_types();        // rulebook `agency_type`
const std::vector<std::string>& trafficking_scopes();  // internal, transnational, unknown
// The measures of `protection_outcomes`, store::kProtectionMeasures (whose comment defines
// when a case has taken each).
const std::vector<std::string>& protection_measures();

// The sex × age group column label: sex, a slash, age group ("female/child"). The columns run
// through the age groups of each sex in turn: female/child, female/adult, female/unknown,
// male/child, ...
std::string sex_age_label(std::string_view sex, std::string_view age_group);
std::vector<std::string> sex_age_labels();

// The row of victims_by_country for a first citizenship: the country code, `stateless`, or
// `unknown` when none is recorded. Rows are ordered by citizenship_country_order().
std::string citizenship_country(std::string_view first_citizenship);
// Sorts country rows: codes alphabetically, then `stateless`, then `unknown`; without repeats.
std::vector<std::string> citizenship_country_order(std::vector<std::string> countries);

// A year as the command line and the API take it: exactly four digits, not starting with 0;
// nullopt for anything else.
std::optional<int> parse_year(std::string_view text);

// The years a table covers: `from` through `to`; a missing bound is taken from the data's first
// or last year; no years when neither a bound nor data exists. `from` after `to` is an error.
ErrorOr<std::vector<int>> year_range(std::optional<int> from, std::optional<int> to,
                                     std::optional<int> first_data_year,
                                     std::optional<int> last_data_year);

// An empty builder for a table id with its rows, columns and notes. `years` are the years
// covered (rows or columns of the yearly tables, and the years counted in sdg_16_2_2);
// `citizenship_countries` the rows of victims_by_country in citizenship_country_order().
// An unknown id is an error listing the known ones.
ErrorOr<TableBuilder> table_builder(std::string_view table_id, VictimStatus status,
                                    const std::vector<int>& years,
                                    const std::vector<std::string>& citizenship_countries);

// Turns a sdg_16_2_2 builder into rates: its counts are divided by the population of `years`
// summed (person-years), times 100,000. Every year must be in the population file.
ErrorOr<void> use_population(TableBuilder& builder, const Population& population,
                             const std::vector<int>& years);

struct TableRequest {
  std::string table_id;
  std::optional<int> from_year;
  std::optional<int> to_year;
  VictimStatus status = VictimStatus::registered;
};

// Counts the victims of `facts` that match the request into its table. sdg_16_2_2 needs the
// population, other tables ignore it.
ErrorOr<Table> build_table(const TableRequest& request, const std::vector<VictimFacts>& facts,
                           const Population* population = nullptr);

}  // namespace opennrm::stats

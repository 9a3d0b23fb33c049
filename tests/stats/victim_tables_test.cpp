#include "stats/victim_tables.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "rules/trafficking.h"
#include "stats/classify.h"
#include "store/fact_tables.h"

namespace opennrm::stats {
namespace {

using Labels = std::vector<std::string>;

bool contains(const Labels& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// The test's own reading of statistics.md: whether a victim falls in a row or column.
bool falls_in(const std::string& dimension, const std::string& label, const VictimFacts& v) {
  if (label == "total") return true;
  if (dimension == "year") return std::to_string(v.identified_year) == label;
  if (dimension == "sex/age_group") return v.sex + "/" + v.age_group == label;
  if (dimension == "form") return contains(v.forms, label);
  if (dimension == "citizenship_group") return v.citizenship_group == label;
  if (dimension == "citizenship") {
    return (v.first_citizenship.empty() ? "unknown" : v.first_citizenship) == label;
  }
  if (dimension == "by_agency_type") return v.agency_type == label;
  if (dimension == "trafficking") return v.trafficking_scope == label;
  if (dimension == "measure") return contains(v.protection_outcomes, label);
  ADD_FAILURE() << "unexpected dimension " << dimension;
  return false;
}

template <typename T>
const T& pick(std::mt19937& random, const std::vector<T>& values) {
  return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(random)];
}

Labels some_of(std::mt19937& random, const Labels& values, int at_most) {
  Labels chosen;
  const int n = std::uniform_int_distribution<int>(0, at_most)(random);
  for (int i = 0; i < n; ++i) chosen.push_back(pick(random, values));
  return chosen;
}

std::vector<VictimFacts> generated_victims(size_t n, unsigned seed) {
  std::mt19937 random(seed);
  const Labels countries{"AT", "AT", "DE", "RO", "UA", "NG", "stateless"};
  std::vector<VictimFacts> victims;
  for (size_t i = 0; i < n; ++i) {
    VictimFacts v;
    v.identified_year = std::uniform_int_distribution<int>(2020, 2024)(random);
    v.sex = pick(random, sexes());
    v.age_group =
        store::age_group(pick(random, Labels{"adult", "child", "presumed_child", "unknown"}));
    const Labels citizenship = some_of(random, countries, 2);
    v.first_citizenship = citizenship.empty() ? "" : citizenship.front();
    v.citizenship_group = citizenship_group(v.first_citizenship, "AT", eu_member_states());
    v.forms = some_of(random, forms_of_exploitation(), 3);
    v.agency_type = pick(random, agency_types());
    rules::Person person;
    person.citizenship = citizenship;
    person.countries_of_exploitation = some_of(random, Labels{"AT", "AT", "IT"}, 2);
    v.trafficking_scope = rules::trafficking_kind(person, "AT");
    v.protection_outcomes = some_of(random, protection_measures(), 4);
    v.identified = std::bernoulli_distribution(0.6)(random);
    victims.push_back(v);
  }
  return victims;
}

Population population_2020_to_2024() {
  Population population;
  for (int year = 2020; year <= 2024; ++year) population.by_year[year] = 1000000 + year;
  return population;
}

void expect_counts_match(const Table& table, const TableRequest& request,
                         const std::vector<VictimFacts>& victims) {
  for (size_t row = 0; row < table.rows.size(); ++row) {
    for (size_t column = 0; column < table.columns.size(); ++column) {
      int64_t expected = 0;
      for (const auto& v : victims) {
        if (request.status == VictimStatus::identified && !v.identified) continue;
        if (request.from_year && v.identified_year < *request.from_year) continue;
        if (request.to_year && v.identified_year > *request.to_year) continue;
        expected += falls_in(table.row_dimension, table.rows[row], v) &&
                    falls_in(table.column_dimension, table.columns[column], v);
      }
      EXPECT_EQ(table.counts[row][column], expected)
          << table.id << " " << table.rows[row] << " x " << table.columns[column];
    }
  }
}

TEST(VictimTables, EveryTableCountsEachVictimOncePerCell) {
  const auto victims = generated_victims(3000, 7);
  const Population population = population_2020_to_2024();
  for (const auto status : {VictimStatus::registered, VictimStatus::identified}) {
    for (const auto& id : table_ids()) {
      const TableRequest request{id, 2021, 2023, status};
      auto table = build_table(request, victims, &population);
      ASSERT_FALSE(table.is_error()) << id << ": " << table.error().message;
      EXPECT_EQ(table->rows.back(), "total");
      EXPECT_EQ(table->columns.back(), "total");
      expect_counts_match(*table, request, victims);
    }
  }
}

TEST(VictimTables, DimensionValuesAreThoseOfTheSpec) {
  const TableRequest base{"", 2023, 2024};
  auto columns_of = [&](const std::string& id) {
    TableRequest request = base;
    request.table_id = id;
    return build_table(request, {}).value().columns;
  };
  EXPECT_EQ(table_ids(),
            (Labels{"victims_by_sex_age", "victims_by_form", "victims_by_citizenship",
                    "victims_by_country", "victims_by_identifying_agency",
                    "internal_vs_transnational", "protection_outcomes", "sdg_16_2_2"}));
  EXPECT_EQ(columns_of("victims_by_citizenship"),
            (Labels{"national", "eu", "non_eu", "stateless", "unknown", "total"}));
  EXPECT_EQ(columns_of("internal_vs_transnational"),
            (Labels{"internal", "transnational", "unknown", "total"}));
  EXPECT_EQ(columns_of("protection_outcomes"),
            (Labels{"reflection_started", "reflection_refused", "permit_granted_personal_situation",
                    "permit_granted_cooperation", "permit_granted_child", "permit_refused",
                    "testimony_agreed", "testimony_refused", "returned_voluntary",
                    "returned_forced", "non_punishment_flagged", "compensation_awarded", "total"}));
  const Labels sex_age = columns_of("victims_by_sex_age");
  ASSERT_EQ(sex_age.size(), 13u);
  EXPECT_EQ(sex_age.front(), "female/child");
  EXPECT_EQ(sex_age[1], "female/adult");
  EXPECT_EQ(sex_age[11], "unknown/unknown");
  EXPECT_EQ(columns_of("victims_by_form").size(), 11u);
  EXPECT_EQ(columns_of("victims_by_identifying_agency").size(), 15u);
  EXPECT_EQ(columns_of("victims_by_country"), (Labels{"2023", "2024", "total"}));
  auto unknown = build_table({"victims_by_colour"}, {});
  ASSERT_TRUE(unknown.is_error());
  EXPECT_EQ(unknown.error().code, "unknown_table");
}

TEST(VictimTables, MultiFormVictimCountsUnderEachFormOnceInTotalAndSaysSo) {
  VictimFacts v;
  v.identified_year = 2024;
  v.forms = {"sexual_exploitation", "forced_labour"};
  auto table = build_table({"victims_by_form"}, {v});
  ASSERT_FALSE(table.is_error());
  ASSERT_EQ(table->rows, (Labels{"2024", "total"}));
  const auto& counts = table->counts[0];
  EXPECT_EQ(counts[0], 1);   // sexual_exploitation
  EXPECT_EQ(counts[1], 1);   // forced_labour
  EXPECT_EQ(counts[2], 0);   // domestic_servitude
  EXPECT_EQ(counts[10], 1);  // total: one victim
  EXPECT_TRUE(std::any_of(table->notes.begin(), table->notes.end(), [](const std::string& n) {
    return n.find("once under each form") != std::string::npos;
  }));
}

TEST(VictimTables, AYearIsFourDigitsNotStartingWithZero) {
  EXPECT_EQ(parse_year("2025"), 2025);
  EXPECT_EQ(parse_year("1999"), 1999);
  for (std::string_view bad : {"", "25", "02025", "0999", "20x5", "-202", " 2025", "2025 "}) {
    EXPECT_EQ(parse_year(bad), std::nullopt) << bad;
  }
}

TEST(VictimTables, YearsRunThroughTheRangeEvenWithoutVictims) {
  VictimFacts v;
  v.identified_year = 2022;
  v.trafficking_scope = "internal";
  auto table = build_table({"internal_vs_transnational", 2020, 2023}, {v});
  ASSERT_FALSE(table.is_error());
  EXPECT_EQ(table->rows, (Labels{"2020", "2021", "2022", "2023", "total"}));
  EXPECT_EQ(table->counts[2][0], 1);
  EXPECT_EQ(table->counts[0][3], 0);
  auto reversed = build_table({"internal_vs_transnational", 2024, 2020}, {v});
  ASSERT_TRUE(reversed.is_error());
  EXPECT_EQ(reversed.error().code, "invalid_year_range");
  auto no_data = build_table({"internal_vs_transnational"}, {});
  ASSERT_FALSE(no_data.is_error());
  EXPECT_EQ(no_data->rows, (Labels{"total"}));
}

TEST(VictimTables, CountryRowsAreCodesThenStatelessThenUnknown) {
  std::vector<VictimFacts> victims(4);
  const Labels firsts{"", "UA", "stateless", "DE"};
  for (size_t i = 0; i < victims.size(); ++i) {
    victims[i].identified_year = 2024;
    victims[i].first_citizenship = firsts[i];
  }
  auto table = build_table({"victims_by_country"}, victims);
  ASSERT_FALSE(table.is_error());
  EXPECT_EQ(table->rows, (Labels{"DE", "UA", "stateless", "unknown", "total"}));
  EXPECT_EQ(table->row_dimension, "citizenship");
}

TEST(VictimTables, SdgRatesUseThePopulationOfTheYears) {
  const auto victims = generated_victims(500, 11);
  const Population population = population_2020_to_2024();
  auto table = build_table({"sdg_16_2_2", 2023, 2024}, victims, &population);
  ASSERT_FALSE(table.is_error()) << table.error().message;
  EXPECT_EQ(table->rate_population, population.by_year.at(2023) + population.by_year.at(2024));
  EXPECT_EQ(table->row_dimension, "form");
  EXPECT_EQ(table->column_dimension, "sex/age_group");
  auto without = build_table({"sdg_16_2_2", 2023, 2024}, victims);
  ASSERT_TRUE(without.is_error());
  EXPECT_EQ(without.error().code, "population_required");
  auto missing_year = build_table({"sdg_16_2_2", 2019, 2024}, victims, &population);
  ASSERT_TRUE(missing_year.is_error());
  EXPECT_EQ(missing_year.error().code, "population_missing_year");
}

TEST(VictimTables, BuilderForSqlCountsHasTheSameLayout) {
  const auto victims = generated_victims(200, 3);
  auto from_facts = build_table({"victims_by_sex_age", 2020, 2024}, victims).value();
  auto builder = table_builder("victims_by_sex_age", VictimStatus::registered,
                               {2020, 2021, 2022, 2023, 2024}, {})
                     .value();
  for (const auto& v : victims) {
    ASSERT_FALSE(
        builder.add(std::to_string(v.identified_year), v.sex + "/" + v.age_group, 1).is_error());
  }
  const Table from_sql = builder.build();
  EXPECT_EQ(from_sql.rows, from_facts.rows);
  EXPECT_EQ(from_sql.columns, from_facts.columns);
  EXPECT_EQ(from_sql.counts, from_facts.counts);
  EXPECT_EQ(from_sql.notes, from_facts.notes);
}

}  // namespace
}  // namespace opennrm::stats

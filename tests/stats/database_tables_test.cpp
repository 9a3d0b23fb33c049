#include "stats/database_tables.h"

#include <gtest/gtest.h>

#include <optional>

#include <boost/json/serialize.hpp>

#include "demo/generator.h"
#include "policy/policy_file.h"
#include "stats_test_support.h"

namespace opennrm::stats {
namespace {

using Labels = std::vector<std::string>;
using testing::identified;
using testing::TempStore;

ErrorOr<Table> query(TempStore& db, const TableRequest& request,
                     const Population* population = nullptr) {
  std::optional<ErrorOr<Table>> result;
  auto read = db.store().read([&](store::Connection& connection) -> ErrorOr<void> {
    result = query_table(connection, request, db.store().policy().jurisdiction.country, population);
    return {};
  });
  if (read.is_error()) return read.release_error();
  return std::move(*result);
}

// The table's counts as {row label: {column label: count}}, so that failures name the cell.
std::map<std::string, std::map<std::string, int64_t>> cells(const Table& table) {
  std::map<std::string, std::map<std::string, int64_t>> by_label;
  for (size_t row = 0; row < table.rows.size(); ++row) {
    for (size_t column = 0; column < table.columns.size(); ++column) {
      by_label[table.rows[row]][table.columns[column]] = table.counts[row][column];
    }
  }
  return by_label;
}

void expect_same_table(const Table& from_database, const Table& in_memory,
                       const std::string& what) {
  EXPECT_EQ(from_database.rows, in_memory.rows) << what;
  EXPECT_EQ(from_database.columns, in_memory.columns) << what;
  EXPECT_EQ(cells(from_database), cells(in_memory)) << what;
  EXPECT_EQ(from_database.notes, in_memory.notes) << what;
  EXPECT_EQ(from_database.row_dimension, in_memory.row_dimension) << what;
  EXPECT_EQ(from_database.column_dimension, in_memory.column_dimension) << what;
  EXPECT_EQ(from_database.rate_population, in_memory.rate_population) << what;
}

Population population_for_every_year() {
  Population population;
  for (int year = 2015; year <= 2030; ++year) population.by_year[year] = 8'000'000 + year;
  return population;
}

// Generated histories stored through each write path of the store (bulk add, bulk import of a
// ref, one append at a time), and the victim facts of the same histories kept in memory.
std::vector<VictimFacts> store_generated_cases(TempStore& db, size_t cases, uint64_t seed) {
  demo::Generator generator(db.store().policy(), seed);
  std::vector<VictimFacts> victims;
  std::vector<std::vector<std::string>> appended_one_by_one;
  {
    auto bulk = db.store().bulk(500).release_value();
    for (size_t i = 0; i < cases; ++i) {
      auto history = generator.next_case();
      if (history.events.empty()) continue;
      victims.push_back(victim_facts(history.file));
      // Appends are one durable transaction each, hence fewer of them.
      if (i % 20 == 2) {
        std::vector<std::string> events;
        for (const auto& event : history.events) events.push_back(boost::json::serialize(event));
        appended_one_by_one.push_back(std::move(events));
      } else if (i % 2 == 0) {
        EXPECT_FALSE(bulk.add_case(history.file, history.events).is_error());
      } else {
        auto imported = bulk.import_case("case-" + std::to_string(i), history.events);
        EXPECT_EQ(imported->stored, history.events.size());
      }
    }
    EXPECT_FALSE(bulk.commit().is_error());
  }
  // The bulk writer holds the store until it is gone, so the appends come after it.
  for (const auto& events : appended_one_by_one) db.record(events);
  return victims;
}

TEST(DatabaseTables, EqualTheInMemoryTablesOnGeneratedCases) {
  auto two_stage = policy::load_policy_file(OPENNRM_SOURCE_DIR "/policies/gb-eaw.toml");
  ASSERT_FALSE(two_stage.is_error()) << two_stage.error().message;
  const Population population = population_for_every_year();
  for (const auto& jurisdiction : {policy::coe_minimum(), two_stage.value()}) {
    TempStore db(jurisdiction);
    const auto victims = store_generated_cases(db, 1500, 5);
    for (const auto& id : table_ids()) {
      for (auto status : {VictimStatus::registered, VictimStatus::identified}) {
        for (auto [from, to] : std::vector<std::pair<std::optional<int>, std::optional<int>>>{
                 {{}, {}}, {2024, {}}, {{}, 2023}, {2023, 2025}, {2010, 2011}}) {
          const TableRequest request{id, from, to, status};
          auto in_memory = build_table(request, victims, &population);
          auto from_database = query(db, request, &population);
          const std::string what = jurisdiction.jurisdiction.id + " " + id + " " +
                                   std::to_string(from.value_or(0)) + "-" +
                                   std::to_string(to.value_or(0));
          ASSERT_EQ(in_memory.is_error(), from_database.is_error()) << what;
          if (in_memory.is_error()) {
            EXPECT_EQ(in_memory.error().code, from_database.error().code) << what;
          } else {
            expect_same_table(*from_database, *in_memory, what);
          }
        }
      }
    }
  }
}

// Five victims in a one-stage jurisdiction (AT), where `identified` starts a reflection period.
void record_known_cases(TempStore& db) {
  // A national exploited at home for two forms, formally identified, who agreed to testify.
  db.record({identified("2024-03-01", "female", "adult", R"(["AT"])",
                        R"(["sexual_exploitation", "forced_labour"])", R"(["AT"])"),
             R"({"type": "conclusive_grounds_decision", "date": "2024-04-01", "positive": true})",
             R"({"type": "testimony_decision", "date": "2024-04-10", "decision": "agrees"})"});
  // An EU boy whose reflection period the authority refused.
  db.record(
      {identified("2024-05-01", "male", "child", R"(["RO"])", R"(["forced_begging"])", R"(["AT"])"),
       R"({"type": "guardian_appointed", "date": "2024-05-02"})",
       R"({"type": "reflection_refused", "date": "2024-05-03", "reason": "public_order"})"});
  // A stateless presumed child (also Nigerian, recorded second) found not to be a victim.
  db.record(
      {identified("2025-01-10", "unknown", "presumed_child", R"(["stateless", "NG"])",
                  R"(["organ_removal"])", "[]"),
       R"({"type": "conclusive_grounds_decision", "date": "2025-02-01", "positive": false})"});
  // No citizenship recorded, exploited abroad: a permit for cooperation, a charge that needs a
  // non-punishment review, compensation.
  db.record(
      {identified("2025-03-01", "other", "adult", "[]", R"(["forced_criminality"])", R"(["DE"])"),
       R"({"type": "conclusive_grounds_decision", "date": "2025-03-20", "positive": true})",
       R"({"type": "permit_granted", "date": "2025-03-21", "valid_from": "2025-03-21",
                 "valid_until": "2026-03-20", "basis": "cooperation", "kind": "temporary",
                 "labour_market_access": true, "welfare_access": true})",
       R"({"type": "charged_with_offence", "date": "2025-04-01", "offence": "theft",
                 "related_to_trafficking": "unknown"})",
       R"({"type": "compensation_awarded", "date": "2025-06-01", "source": "state_fund",
                 "amount": 5000, "currency": "EUR"})"});
  // A Nigerian woman whose forms were corrected later, who went home voluntarily.
  db.record({identified("2025-07-01", "female", "adult", R"(["NG"])", R"(["forced_labour"])",
                        R"(["AT"])"),
             R"({"type": "details_corrected", "date": "2025-07-05",
                 "forms": ["domestic_servitude"]})",
             R"({"type": "risk_assessment", "date": "2025-08-01", "outcome": "low",
                 "individual": true})",
             R"({"type": "returned", "date": "2025-08-10", "country": "NG", "voluntary": true})"});
}

using Cells = std::map<std::string, std::map<std::string, int64_t>>;

// Only the non-zero cells, for readable expectations.
Cells non_zero(const Table& table) {
  Cells found;
  for (const auto& [row, columns] : cells(table)) {
    for (const auto& [column, count] : columns) {
      if (count != 0) found[row][column] = count;
    }
  }
  return found;
}

class KnownCases : public ::testing::Test {
 protected:
  KnownCases() : db_(policy::coe_minimum()) { record_known_cases(db_); }
  Cells table(const std::string& id, VictimStatus status = VictimStatus::registered) {
    auto built = query(db_, {id, std::nullopt, std::nullopt, status});
    EXPECT_FALSE(built.is_error()) << built.error().message;
    return built.is_error() ? Cells{} : non_zero(*built);
  }
  TempStore db_;
};

TEST_F(KnownCases, SexAndAgeGroupAtIdentification) {
  EXPECT_EQ(table("victims_by_sex_age"),
            (Cells{{"2024", {{"female/adult", 1}, {"male/child", 1}, {"total", 2}}},
                   {"2025",
                    {{"unknown/child", 1}, {"other/adult", 1}, {"female/adult", 1}, {"total", 3}}},
                   {"total",
                    {{"female/adult", 2},
                     {"male/child", 1},
                     {"unknown/child", 1},
                     {"other/adult", 1},
                     {"total", 5}}}}));
}

TEST_F(KnownCases, SeveralFormsCountOnceEachAndOnceInTheTotalWithTheLatestRecord) {
  EXPECT_EQ(
      table("victims_by_form"),
      (Cells{
          {"2024",
           {{"sexual_exploitation", 1}, {"forced_labour", 1}, {"forced_begging", 1}, {"total", 2}}},
          {"2025",
           {{"organ_removal", 1},
            {"forced_criminality", 1},
            {"domestic_servitude", 1},
            {"total", 3}}},
          {"total",
           {{"sexual_exploitation", 1},
            {"forced_labour", 1},
            {"forced_begging", 1},
            {"organ_removal", 1},
            {"forced_criminality", 1},
            {"domestic_servitude", 1},
            {"total", 5}}}}));
}

TEST_F(KnownCases, CitizenshipGroupsAndCountriesByTheFirstCitizenship) {
  EXPECT_EQ(table("victims_by_citizenship"),
            (Cells{{"2024", {{"national", 1}, {"eu", 1}, {"total", 2}}},
                   {"2025", {{"stateless", 1}, {"unknown", 1}, {"non_eu", 1}, {"total", 3}}},
                   {"total",
                    {{"national", 1},
                     {"eu", 1},
                     {"stateless", 1},
                     {"unknown", 1},
                     {"non_eu", 1},
                     {"total", 5}}}}));
  auto countries = query(db_, {"victims_by_country"}).value();
  EXPECT_EQ(countries.rows, (Labels{"AT", "NG", "RO", "stateless", "unknown", "total"}));
  EXPECT_EQ(non_zero(countries)["NG"], (std::map<std::string, int64_t>{{"2025", 1}, {"total", 1}}));
}

TEST_F(KnownCases, InternalOnlyForTheNationalExploitedAtHome) {
  EXPECT_EQ(
      table("internal_vs_transnational"),
      (Cells{{"2024", {{"internal", 1}, {"transnational", 1}, {"total", 2}}},
             {"2025", {{"unknown", 1}, {"transnational", 2}, {"total", 3}}},
             {"total", {{"internal", 1}, {"transnational", 3}, {"unknown", 1}, {"total", 5}}}}));
}

TEST_F(KnownCases, ProtectionOutcomesFollowTheHistories) {
  EXPECT_EQ(table("protection_outcomes"), (Cells{{"2024",
                                                  {{"reflection_started", 2},
                                                   {"reflection_refused", 1},
                                                   {"testimony_agreed", 1},
                                                   {"total", 2}}},
                                                 {"2025",
                                                  {{"reflection_started", 3},
                                                   {"permit_granted_cooperation", 1},
                                                   {"non_punishment_flagged", 1},
                                                   {"compensation_awarded", 1},
                                                   {"returned_voluntary", 1},
                                                   {"total", 3}}},
                                                 {"total",
                                                  {{"reflection_started", 5},
                                                   {"reflection_refused", 1},
                                                   {"testimony_agreed", 1},
                                                   {"permit_granted_cooperation", 1},
                                                   {"non_punishment_flagged", 1},
                                                   {"compensation_awarded", 1},
                                                   {"returned_voluntary", 1},
                                                   {"total", 5}}}}));
}

TEST_F(KnownCases, IdentifiedVictimsHaveAStandingPositiveConclusiveDecision) {
  EXPECT_EQ(table("victims_by_identifying_agency", VictimStatus::identified),
            (Cells{{"2024", {{"police", 1}, {"total", 1}}},
                   {"2025", {{"police", 1}, {"total", 1}}},
                   {"total", {{"police", 2}, {"total", 2}}}}));
}

TEST_F(KnownCases, YearsOutsideTheRangeAreLeftOut) {
  auto only_2025 = query(db_, {"victims_by_sex_age", 2025, 2025}).value();
  EXPECT_EQ(only_2025.rows, (Labels{"2025", "total"}));
  EXPECT_EQ(only_2025.counts.back().back(), 3);
  auto reversed = query(db_, {"victims_by_sex_age", 2025, 2024});
  ASSERT_TRUE(reversed.is_error());
  EXPECT_EQ(reversed.error().code, "invalid_year_range");
  auto unknown = query(db_, {"victims_by_colour"});
  ASSERT_TRUE(unknown.is_error());
  EXPECT_EQ(unknown.error().code, "unknown_table");
  auto no_population = query(db_, {"sdg_16_2_2"});
  ASSERT_TRUE(no_population.is_error());
  EXPECT_EQ(no_population.error().code, "population_required");
}

TEST(DatabaseTables, NoReflectionStartsWithoutReasonableGroundsInATwoStageJurisdiction) {
  auto policy = policy::coe_minimum();
  policy.identification.two_stage = true;
  TempStore db(policy);
  db.record({identified("2025-01-10", "female", "adult", R"(["UA"])", "[]", R"(["AT"])")});
  db.record({identified("2025-01-10", "female", "adult", R"(["UA"])", "[]", R"(["AT"])"),
             R"({"type": "reasonable_grounds_decision", "date": "2025-01-12", "positive": true})"});
  auto table = query(db, {"protection_outcomes"}).value();
  EXPECT_EQ(non_zero(table)["total"],
            (std::map<std::string, int64_t>{{"reflection_started", 1}, {"total", 2}}));
}

// The age group is the status on the day of identification, computed from the person's latest
// details: a birth year corrected later counts (rulebook: later statistics use the latest
// values), an age assessment made later does not (it settles the status from its own date).
TEST(DatabaseTables, AgeGroupAtIdentificationUsesCorrectedBirthYearButNotLaterAssessments) {
  TempStore db(policy::coe_minimum());
  db.record({identified("2024-01-01", "male", "unknown", "[]", "[]", "[]"),
             R"({"type": "details_corrected", "date": "2024-01-05", "birth_year": 2015})"});
  db.record({identified("2024-01-01", "female", "presumed_child", "[]", "[]", "[]"),
             R"({"type": "age_assessed", "date": "2024-03-01", "result": "adult"})"});
  db.record({identified("2024-01-01", "female", "presumed_child", "[]", "[]", "[]"),
             R"({"type": "age_assessed", "date": "2024-01-01", "result": "adult"})"});
  auto table = query(db, {"victims_by_sex_age"}).value();
  EXPECT_EQ(non_zero(table)["2024"],
            (std::map<std::string, int64_t>{
                {"male/child", 1}, {"female/child", 1}, {"female/adult", 1}, {"total", 3}}));
}

}  // namespace
}  // namespace opennrm::stats

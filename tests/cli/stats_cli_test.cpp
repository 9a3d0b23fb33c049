// `opennrm stats` (statistics.md command-line contract) as the rapporteur's analyst runs it, over
// a database filled by `import cases`.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <boost/json/parse.hpp>

#include "cli_runner.h"

namespace opennrm::testing {
namespace {

namespace json = boost::json;

// One imported case: identified on `date` with that first citizenship, then optionally a
// positive conclusive-grounds decision.
std::string case_line(int number, const std::string& date, const std::string& citizenship,
                      bool positive_decision = false) {
  std::string events = R"({"type": "identified", "date": ")" + date +
                       R"(", "by_agency_type": "ngo", "sex": "female", "age_status": "adult",
      "residence_status": "irregular", "citizenship": [")" +
                       citizenship +
                       R"("], "forms": ["forced_labour"], "countries_of_exploitation": ["AT"]})";
  if (positive_decision) {
    events +=
        R"(, {"type": "conclusive_grounds_decision", "date": ")" + date + R"(", "positive": true})";
  }
  std::string line = R"({"ref": "c)" + std::to_string(number) + R"(", "events": [)" + events + "]}";
  std::erase(line, '\n');
  return line + "\n";
}

// 2024: 12 nationals (AT; 5 formally identified), 3 from the EU (RO), 11 from outside (NG).
// 2025: 15 nationals.
std::string database() {
  static const std::string path = [] {
    std::string cases;
    int number = 0;
    for (int i = 0; i < 12; ++i) cases += case_line(++number, "2024-02-01", "AT", i < 5);
    for (int i = 0; i < 3; ++i) cases += case_line(++number, "2024-03-01", "RO");
    for (int i = 0; i < 11; ++i) cases += case_line(++number, "2024-04-01", "NG");
    for (int i = 0; i < 15; ++i) cases += case_line(++number, "2025-05-01", "AT");
    const std::string dir = temp_dir();
    const std::string db = dir + "/cases.db";
    auto imported =
        run_opennrm({"import", "cases", "--db", db, write_file(dir + "/cases.jsonl", cases)});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    return db;
  }();
  return path;
}

CommandResult stats(std::vector<std::string> args) {
  args.insert(args.begin(), {"stats", "--db", database()});
  return run_opennrm(args);
}

json::object stats_json(const std::vector<std::string>& args) {
  auto result = stats(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out).as_object();
}

std::vector<std::string> labels(const json::value& list) {
  std::vector<std::string> found;
  for (const auto& label : list.as_array()) found.emplace_back(label.as_string());
  return found;
}

const json::object& cell(const json::object& table, size_t row, size_t column) {
  return table.at("cells").as_array().at(row).as_array().at(column).as_object();
}

TEST(StatsCommand, RawTableHasTheSpecShapeWithTotalsLast) {
  auto table = stats_json({"--table", "victims_by_citizenship", "--raw"});
  EXPECT_EQ(table.at("table"), "victims_by_citizenship");
  EXPECT_TRUE(table.at("threshold").is_null());
  EXPECT_EQ(labels(table.at("rows")), (std::vector<std::string>{"2024", "2025", "total"}));
  EXPECT_EQ(
      labels(table.at("columns")),
      (std::vector<std::string>{"national", "eu", "non_eu", "stateless", "unknown", "total"}));
  const std::vector<std::vector<int64_t>> expected{
      {12, 3, 11, 0, 0, 26}, {15, 0, 0, 0, 0, 15}, {27, 3, 11, 0, 0, 41}};
  for (size_t row = 0; row < expected.size(); ++row) {
    for (size_t column = 0; column < expected[row].size(); ++column) {
      EXPECT_EQ(cell(table, row, column).at("value").as_int64(), expected[row][column])
          << row << "," << column;
    }
  }
}

TEST(StatsCommand, SmallCountsAreSuppressedAndCannotBeRecoveredFromTotals) {
  auto table = stats_json({"--table", "victims_by_citizenship"});
  EXPECT_EQ(table.at("threshold"), 10);
  // The three EU citizens of 2024, and their column total, are below the threshold.
  EXPECT_TRUE(cell(table, 0, 1).at("value").is_null());
  EXPECT_EQ(cell(table, 0, 1).at("suppressed"), "primary");
  EXPECT_EQ(cell(table, 2, 1).at("suppressed"), "primary");
  // No row or column with a published total has exactly one suppressed cell.
  const auto& cells = table.at("cells").as_array();
  const size_t rows = cells.size(), columns = cells[0].as_array().size();
  auto suppressed = [&](size_t row, size_t column) {
    return cell(table, row, column).at("value").is_null();
  };
  size_t secondary = 0;
  for (size_t row = 0; row < rows; ++row) {
    size_t count = 0;
    for (size_t column = 0; column < columns; ++column) {
      count += suppressed(row, column);
      if (suppressed(row, column)) {
        const auto reason = cell(table, row, column).at("suppressed").as_string();
        EXPECT_TRUE(reason == "primary" || reason == "secondary") << reason;
        secondary += reason == "secondary";
      }
    }
    if (!suppressed(row, columns - 1)) {
      EXPECT_NE(count, 1u) << "row " << row;
    }
  }
  for (size_t column = 0; column < columns; ++column) {
    size_t count = 0;
    for (size_t row = 0; row < rows; ++row) count += suppressed(row, column);
    if (!suppressed(rows - 1, column)) {
      EXPECT_NE(count, 1u) << "column " << column;
    }
  }
  EXPECT_GT(secondary, 0u);
  // A lower threshold publishes the three.
  auto lower = stats_json({"--table", "victims_by_citizenship", "--threshold", "3"});
  EXPECT_EQ(cell(lower, 0, 1).at("value"), 3);
}

TEST(StatsCommand, RoundingPublishesMultiples) {
  auto table =
      stats_json({"--table", "victims_by_citizenship", "--threshold", "1", "--round", "5"});
  EXPECT_EQ(cell(table, 0, 0).at("value"), 10);  // 12
  EXPECT_EQ(cell(table, 0, 2).at("value"), 10);  // 11
  EXPECT_EQ(cell(table, 2, 5).at("value"), 40);  // 41
}

TEST(StatsCommand, IdentifiedStatusAndYearRange) {
  auto identified =
      stats_json({"--table", "victims_by_citizenship", "--status", "identified", "--raw"});
  EXPECT_EQ(labels(identified.at("rows")), (std::vector<std::string>{"2024", "total"}));
  EXPECT_EQ(cell(identified, 1, 5).at("value"), 5);
  auto only_2025 =
      stats_json({"--table", "victims_by_sex_age", "--from", "2025", "--to", "2025", "--raw"});
  EXPECT_EQ(labels(only_2025.at("rows")), (std::vector<std::string>{"2025", "total"}));
  EXPECT_EQ(cell(only_2025, 1, 12).at("value"), 15);
}

TEST(StatsCommand, CsvShowsSuppressedCellsAsFootnoteMarks) {
  auto result = stats({"--table", "victims_by_citizenship", "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.substr(0, result.out.find("\r\n")),
            "year,national,eu,non_eu,stateless,unknown,total");
  EXPECT_NE(result.out.find("\r\n2024,"), std::string::npos);
  EXPECT_NE(result.out.find(",[p],"), std::string::npos);
  EXPECT_NE(result.out.find("[p],\"Suppressed: a count from 1 to 9"), std::string::npos);
}

TEST(StatsCommand, XlsxGoesToTheOutFile) {
  auto without_out = stats({"--table", "victims_by_form", "--format", "xlsx"});
  EXPECT_EQ(without_out.exit_code, 2);
  EXPECT_TRUE(without_out.out.empty());
  EXPECT_NE(without_out.err.find("--out"), std::string::npos);
  const std::string path = temp_dir() + "/forms.xlsx";
  auto written = stats({"--table", "victims_by_form", "--format", "xlsx", "--out", path});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  std::ifstream file(path, std::ios::binary);
  char signature[2] = {};
  file.read(signature, 2);
  EXPECT_EQ(std::string(signature, 2), "PK");
  const std::string json_path = temp_dir() + "/forms.json";
  ASSERT_EQ(stats({"--table", "victims_by_form", "--out", json_path}).exit_code, 0);
  std::ifstream json_file(json_path);
  std::string text((std::istreambuf_iterator<char>(json_file)), {});
  EXPECT_EQ(json::parse(text).at("table"), "victims_by_form");
}

TEST(StatsCommand, SdgRatesNeedAPopulationAndPrintPlainDecimals) {
  auto without = stats({"--table", "sdg_16_2_2"});
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.err.find("population"), std::string::npos);
  const std::string population =
      write_file(temp_dir() + "/population.csv", "year,population\n2024,8000000\n2025,8000000\n");
  auto result = stats({"--table", "sdg_16_2_2", "--population", population, "--raw"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto table = json::parse(result.out).as_object();
  EXPECT_EQ(table.at("population"), 16000000);
  // 41 victims of forced labour, female adults, per 100,000 of 16,000,000 person-years.
  EXPECT_NE(result.out.find("0.256"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("E-"), std::string::npos);
}

TEST(StatsCommand, InvalidInputExitsTwoWithAMessage) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--table", "victims_by_colour"}, "victims_by_colour"},
      {{"--table", "victims_by_form", "--from", "20x4"}, "--from"},
      {{"--table", "victims_by_form", "--to", "99999"}, "--to"},
      {{"--table", "victims_by_form", "--from", "2025", "--to", "2024"}, "2025"},
      {{"--table", "victims_by_form", "--threshold", "0"}, "--threshold"},
      {{"--table", "victims_by_form", "--threshold", "ten"}, "--threshold"},
      {{"--table", "victims_by_form", "--round", "-5"}, "--round"},
      {{"--table", "victims_by_form", "--raw", "--threshold", "5"}, "--raw"},
      {{"--table", "victims_by_form", "--format", "pdf"}, "--format"},
      {{"--table", "victims_by_form", "--status", "suspected"}, "--status"},
  };
  for (const auto& [args, named] : cases) {
    auto result = stats(args);
    EXPECT_EQ(result.exit_code, 2) << args[1] << " " << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
    EXPECT_NE(result.err.find(named), std::string::npos) << result.err;
  }
  const std::string missing = temp_dir() + "/missing.db";
  auto no_db = run_opennrm({"stats", "--db", missing, "--table", "victims_by_form"});
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_NE(no_db.err.find(missing), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace opennrm::testing

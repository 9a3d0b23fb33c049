#include "stats/render.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "xlsx_reader.h"

namespace opennrm::stats {
namespace {

// A published table with primary and secondary cells:
//        a   b  | total
// 2024   3  20  | 23      (3 primary, 20 secondary: the row total 23 is published)
// 2025  30  40  | 70      (both secondary: each column had one suppressed cell)
PublishedTable sample(std::optional<int64_t> round_to = std::nullopt) {
  TableBuilder builder("victims_by_form", "year", {"2024", "2025"}, "form", {"a", "b"});
  for (auto [row, column, count] :
       {std::tuple{"2024", "a", 3}, {"2024", "b", 20}, {"2025", "a", 30}, {"2025", "b", 40}}) {
    EXPECT_FALSE(builder.add(row, column, count).is_error());
  }
  builder.add_note("A victim with several forms counts once under each form.");
  return apply_disclosure_control(builder.build(), {10, round_to}).value();
}

std::vector<std::string> csv_lines(const std::string& csv) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = csv.find("\r\n", start)) != std::string::npos; start = end + 2) {
    lines.push_back(csv.substr(start, end - start));
  }
  EXPECT_EQ(start, csv.size()) << "every line ends with CRLF";
  return lines;
}

TEST(RenderJson, HasTheContractShape) {
  const auto json = boost::json::parse(render_json(sample())).as_object();
  EXPECT_EQ(json.at("table"), "victims_by_form");
  EXPECT_EQ(json.at("threshold"), 10);
  EXPECT_EQ(json.at("rows"), boost::json::parse(R"(["2024","2025","total"])"));
  EXPECT_EQ(json.at("columns"), boost::json::parse(R"(["a","b","total"])"));
  const auto& cells = json.at("cells").as_array();
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[0], boost::json::parse(R"([{"value": null, "suppressed": "primary"},
      {"value": null, "suppressed": "secondary"}, {"value": 23}])"));
  EXPECT_EQ(cells[2].as_array()[2], boost::json::parse(R"({"value": 93})"));
  const auto& notes = json.at("notes").as_array();
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), [](const boost::json::value& note) {
    return note.as_string().find("once under each form") != boost::json::string::npos;
  }));
}

TEST(RenderJson, RawHasNullThresholdAndEveryValue) {
  TableBuilder builder("victims_by_form", "year", {"2024"}, "form", {"a"});
  ASSERT_FALSE(builder.add("2024", "a", 3).is_error());
  const auto json = boost::json::parse(render_json(publish_raw(builder.build()))).as_object();
  EXPECT_TRUE(json.at("threshold").is_null());
  EXPECT_EQ(json.at("cells").as_array()[0].as_array()[0], boost::json::parse(R"({"value": 3})"));
}

TEST(RenderJson, RateTablesShowRatesAndThePopulation) {
  TableBuilder builder("sdg_16_2_2", "form", {"a"}, "sex/age_group", {"female/adult"});
  ASSERT_FALSE(builder.add("a", "female/adult", 25).is_error());
  builder.set_rate_population(2000000);
  const auto json = boost::json::parse(render_json(publish_raw(builder.build()))).as_object();
  EXPECT_EQ(json.at("population"), 2000000);
  EXPECT_DOUBLE_EQ(json.at("cells").as_array()[0].as_array()[0].at("value").as_double(), 1.25);
}

TEST(RenderCsv, SuppressedCellsHoldTheirMarkExplainedAtTheEnd) {
  const auto lines = csv_lines(render_csv(sample()));
  ASSERT_GE(lines.size(), 7u);
  EXPECT_EQ(lines[0], "year,a,b,total");
  EXPECT_EQ(lines[1], "2024,[p],[s],23");
  EXPECT_EQ(lines[2], "2025,[s],[s],70");
  EXPECT_EQ(lines[3], "total,33,60,93");
  EXPECT_EQ(lines[4], "");
  EXPECT_EQ(lines[5].rfind("[p],", 0), 0u);
  EXPECT_NE(lines[5].find("1 to 9"), std::string::npos);
  EXPECT_EQ(lines[6].rfind("[s],", 0), 0u);
}

TEST(RenderCsv, RoundingIsExplained) {
  const std::string csv = render_csv(sample(5));
  EXPECT_NE(csv.find("total,35,60,95"), std::string::npos);
  EXPECT_NE(csv.find("multiple of 5"), std::string::npos);
}

TEST(RenderCsv, NeutralisesFormulasAndQuotes) {
  TableBuilder builder("t", "=row", {"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "a,b"}, "column",
                       {"say \"hi\"", "plain"});
  const auto lines = csv_lines(render_csv(publish_raw(builder.build())));
  EXPECT_EQ(lines[0], "'=row,\"say \"\"hi\"\"\",plain,total");
  EXPECT_EQ(lines[1], "\"'=HYPERLINK(\"\"x\"\")\",0,0,0");
  EXPECT_EQ(lines[2], "'+1,0,0,0");
  EXPECT_EQ(lines[3], "'-2,0,0,0");
  EXPECT_EQ(lines[4], "'@SUM(A1),0,0,0");
  EXPECT_EQ(lines[5], "\"a,b\",0,0,0");
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// The sample's workbook holds its sheets, its published counts, the marks of its suppressed
// cells and the notes that explain them.
void expect_sample_workbook(const std::string& bytes) {
  ASSERT_TRUE(bytes.starts_with("PK\x03\x04")) << "not a ZIP archive";
  auto files = opennrm::testing::zip_entries(bytes);
  ASSERT_TRUE(files.has_value()) << "the archive cannot be read";
  const std::string& workbook = (*files)["xl/workbook.xml"];
  EXPECT_NE(workbook.find("name=\"data\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"notes\""), std::string::npos);
  // Row 1 is the header, column A the labels: 2024 is row 2, the totals row 4, the totals
  // column D. The published totals are numbers; the suppressed cells of 2024 are not.
  const auto numbers = opennrm::testing::numeric_cells((*files)["xl/worksheets/sheet1.xml"]);
  EXPECT_EQ(numbers.at("D4"), "93");
  EXPECT_EQ(numbers.at("D3"), "70");
  EXPECT_EQ(numbers.at("D2"), "23");
  EXPECT_FALSE(numbers.contains("B2"));
  EXPECT_FALSE(numbers.contains("C2"));
  for (const auto& [cell, value] : numbers) EXPECT_NE(value, "3") << cell;
  EXPECT_TRUE(files->contains("xl/worksheets/sheet2.xml"));
  const std::string& strings = (*files)["xl/sharedStrings.xml"];
  EXPECT_NE(strings.find("[p]"), std::string::npos);
  EXPECT_NE(strings.find("[s]"), std::string::npos);
  EXPECT_NE(strings.find("secondary suppression"), std::string::npos);
  EXPECT_NE(strings.find("once under each form"), std::string::npos);
}

TEST(RenderXlsx, WritesAWorkbookWithDataAndNotesSheets) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("opennrm_stats_xlsx_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "table.xlsx";
  auto written = write_xlsx(sample(), path);
  ASSERT_FALSE(written.is_error()) << written.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir / "table.xlsx.partial"));
  expect_sample_workbook(read_bytes(path));
  std::filesystem::remove_all(dir);
}

// The temporary directory of the process, pointed at a fresh directory for one test.
class PrivateTemp {
 public:
  PrivateTemp()
      : dir_(std::filesystem::temp_directory_path() /
             ("opennrm_stats_tmp_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    ::setenv("TMPDIR", dir_.c_str(), 1);
  }
  ~PrivateTemp() {
    if (old_) {
      ::setenv("TMPDIR", old_->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
    std::filesystem::remove_all(dir_);
  }
  bool empty() const { return std::filesystem::is_empty(dir_); }
  const std::filesystem::path& path() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::optional<std::string> old_;
};

TEST(RenderXlsx, RendersTheSameWorkbookInMemoryAndLeavesNoTemporaryFile) {
  PrivateTemp temp;
  auto bytes = render_xlsx(sample());
  ASSERT_FALSE(bytes.is_error()) << bytes.error().message;
  expect_sample_workbook(*bytes);
  EXPECT_TRUE(temp.empty()) << "a temporary file was left in " << temp.path();
}

TEST(RenderXlsx, AnUnusableTemporaryDirectoryIsAnErrorWithNoBytes) {
  PrivateTemp temp;
  ::setenv("TMPDIR", (temp.path() / "missing").c_str(), 1);
  auto bytes = render_xlsx(sample());
  ASSERT_TRUE(bytes.is_error());
  EXPECT_EQ(bytes.error().code, "xlsx_write_failed");
}

TEST(RenderXlsx, AnUnwritablePathIsAnErrorAndLeavesNoFile) {
  const std::filesystem::path path = "/nonexistent-opennrm-dir/table.xlsx";
  auto written = write_xlsx(sample(), path);
  ASSERT_TRUE(written.is_error());
  EXPECT_EQ(written.error().code, "xlsx_write_failed");
  EXPECT_EQ(written.error().field, path.string());
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace opennrm::stats

// `opennrm case replay` (rulebook section 5), run as a user runs it.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cli_runner.h"

namespace opennrm::testing {
namespace {

namespace json = boost::json;

const char* const kIdentifiedChild =
    R"({"type": "identified", "date": "2026-01-10", "by_agency_type": "police", "sex": "female", )"
    R"("age_status": "presumed_child", "residence_status": "irregular", "citizenship": ["NG"], )"
    R"("forms": ["sexual_exploitation"], "countries_of_exploitation": ["IT"]})";

const char* const kForcedReturn =
    R"({"type": "returned", "date": "2026-01-12", "country": "NG", "voluntary": false})";

std::string events_file(const std::string& text) {
  return write_file(temp_dir() + "/events.jsonl", text);
}

json::object parse_output(const CommandResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out).as_object();
}

TEST(CaseReplay, PrintsStateAlertsAndRejectedLinesCountingBlankLines) {
  std::string text = std::string(kIdentifiedChild) + "\n\n   \n\t\n" + kForcedReturn +
                     "\n{\"type\": \"discovered\", \"date\": \"2026-01-12\"}\n";
  auto result = run_opennrm({"case", "replay", "--as-of", "2026-01-20", events_file(text)});
  json::object output = parse_output(result);
  ASSERT_EQ(output.size(), 3u);

  const json::object& state = output.at("state").as_object();
  EXPECT_EQ(state.at("stage"), "reasonable_grounds");
  EXPECT_EQ(state.at("age_status"), "presumed_child");
  EXPECT_EQ(state.at("child"), true);
  EXPECT_EQ(state.at("protected_from_removal"), true);
  EXPECT_EQ(state.at("protection_grounds").as_array().size(), 3u);
  EXPECT_EQ(state.at("reflection"),
            json::parse(R"({"start": "2026-01-10", "last_day": "2026-02-08", "active": true})"));
  EXPECT_TRUE(state.at("residence_permit").is_null());
  EXPECT_TRUE(state.at("testimony").is_null());
  EXPECT_EQ(state.at("open"), true);

  EXPECT_EQ(output.at("alerts"),
            json::parse(R"([{"code": "guardian_missing", "due": "2026-01-13"}])"));
  EXPECT_EQ(output.at("rejected"), json::parse(R"([{"line": 5, "code": "removal_prohibited"},
                                                   {"line": 6, "code": "invalid_event"}])"));
}

TEST(CaseReplay, ReadsStandardInputAndShowsNullStateBeforeIdentification) {
  auto result = run_opennrm({"case", "replay", "--as-of", "2026-01-09", "-"},
                            std::string(kIdentifiedChild) + "\n");
  json::object output = parse_output(result);
  EXPECT_TRUE(output.at("state").is_null());
  EXPECT_TRUE(output.at("alerts").as_array().empty());
  EXPECT_TRUE(output.at("rejected").as_array().empty());
}

TEST(CaseReplay, AsOfDefaultsToToday) {
  std::string in_2001 = kIdentifiedChild;
  in_2001.replace(in_2001.find("2026-01-10"), 10, "2001-01-10");
  auto result = run_opennrm({"case", "replay", events_file(in_2001)});
  json::object output = parse_output(result);
  // Today the case exists, and its reflection period of 2001 is long over.
  ASSERT_TRUE(output.at("state").is_object());
  EXPECT_EQ(output.at("state").at("reflection").at("active"), false);
}

TEST(CaseReplay, PolicyFileChangesTheRules) {
  std::string policy = OPENNRM_SOURCE_DIR "/tests/data/two-stage.toml";
  auto result = run_opennrm({"case", "replay", "--policy", policy, "--as-of", "2026-01-16",
                             events_file(kIdentifiedChild)});
  json::object output = parse_output(result);
  EXPECT_EQ(output.at("state").at("stage"), "identified");
  EXPECT_TRUE(output.at("state").at("reflection").is_null());
  bool overdue = false;
  for (const auto& alert : output.at("alerts").as_array()) {
    overdue = overdue || alert.at("code") == "reasonable_grounds_overdue";
  }
  EXPECT_TRUE(overdue);
}

void expect_invalid_input(const CommandResult& result, const std::string& mention) {
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_NE(result.err.find(mention), std::string::npos) << result.err;
}

TEST(CaseReplay, ExitsTwoOnALineThatIsNotAJsonObject) {
  std::string first = std::string(kIdentifiedChild) + "\n\n";
  for (std::string bad : {std::string("{\"type\": \"returned\""), std::string("[1, 2]"),
                          std::string("\"identified\""),
                          std::string("{\"type\": \"compensation_awarded\", \"amount\": NaN}"),
                          std::string("{\"type\": \"compensation_awarded\", \"amount\": Infinity}"),
                          std::string("{\"type\": \"compensation_awarded\", \"amount\": 1e400}"),
                          std::string("{\"type\": \"case_closed\", \"reason\": \"\xff\xfe\"}"),
                          std::string("{\"type\": \"case_closed\", \"reason\": \"\xc3\x28\"}")}) {
    auto result = run_opennrm({"case", "replay", "--as-of", "2026-01-20", "-"},
                              first + bad + "\n" + kForcedReturn + "\n");
    expect_invalid_input(result, "line 3");
  }
}

TEST(CaseReplay, AJsonObjectThatIsABadEventIsARejection) {
  auto result = run_opennrm({"case", "replay", "--as-of", "2026-01-20", "-"},
                            std::string(kIdentifiedChild) + "\n{\"type\": \"returned\"}\n{}\n");
  json::object output = parse_output(result);
  EXPECT_EQ(output.at("rejected"), json::parse(R"([{"line": 2, "code": "invalid_event"},
                                                   {"line": 3, "code": "invalid_event"}])"));
}

TEST(CaseReplay, ExitsTwoOnUnreadableFileOrInvalidOptions) {
  std::string events = events_file(kIdentifiedChild);
  expect_invalid_input(run_opennrm({"case", "replay", temp_dir() + "/missing.jsonl"}),
                       "missing.jsonl");
  expect_invalid_input(run_opennrm({"case", "replay", temp_dir()}), "cannot read");
  expect_invalid_input(run_opennrm({"case", "replay", "--as-of", "2026-02-30", events}), "--as-of");
  expect_invalid_input(run_opennrm({"case", "replay", "--as-of", "20260110", events}), "--as-of");
  expect_invalid_input(
      run_opennrm({"case", "replay", "--policy", temp_dir() + "/none.toml", events}), "--policy");
  std::string incomplete =
      write_file(temp_dir() + "/incomplete.toml", "[jurisdiction]\nid = \"x\"\n");
  expect_invalid_input(run_opennrm({"case", "replay", "--policy", incomplete, events}), "--policy");
}

}  // namespace
}  // namespace opennrm::testing

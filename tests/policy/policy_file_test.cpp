#include "policy/policy_file.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace opennrm::policy {
namespace {

// Every key of rulebook section 4, written out here rather than taken from the loader so that a
// key the loader forgot is caught.
const std::vector<std::string> kAllKeys = {
    "jurisdiction.id",
    "jurisdiction.name",
    "jurisdiction.country",
    "jurisdiction.eu_member",
    "identification.two_stage",
    "identification.reasonable_grounds_days",
    "reflection.days",
    "reflection.child_days",
    "reflection.notice_days",
    "reflection.refusal_reasons",
    "assistance.conditional_on_cooperation",
    "residence.min_months",
    "residence.renewable",
    "residence.conditional_on_cooperation",
    "residence.labour_market_access",
    "residence.welfare_access",
    "residence.permanent_route",
    "residence.renewal_notice_days",
    "children.presumption_of_minority",
    "children.extended_stay_until_durable_solution",
    "children.guardian_within_days",
    "children.best_interests_before_return",
    "return.risk_assessment_required",
    "return.risk_assessment_valid_days",
    "justice.non_punishment",
    "justice.right_to_refuse_testimony",
    "justice.non_confrontational_testimony",
    "compensation.state_fund",
};

std::string valid_text() {
  return to_toml(coe_minimum());
}

// The index of the line that holds `table.name = ...` in TOML written by to_toml.
std::size_t line_of(const std::string& text, const std::string& dotted) {
  std::string table = "[" + dotted.substr(0, dotted.find('.')) + "]\n";
  std::string name = dotted.substr(dotted.find('.') + 1);
  std::size_t table_start = text.find(table);
  EXPECT_NE(table_start, std::string::npos) << dotted;
  std::size_t line = text.find("\n" + name + " = ", table_start);
  EXPECT_NE(line, std::string::npos) << dotted;
  return line + 1;
}

std::string with_value(std::string text, const std::string& dotted, const std::string& value) {
  std::size_t start = line_of(text, dotted);
  std::size_t end = text.find('\n', start);
  std::string name = dotted.substr(dotted.find('.') + 1);
  return text.replace(start, end - start, name + " = " + value);
}

std::string without_key(std::string text, const std::string& dotted) {
  std::size_t start = line_of(text, dotted);
  return text.erase(start, text.find('\n', start) + 1 - start);
}

std::string with_line_in_table(std::string text, const std::string& table,
                               const std::string& line) {
  std::string header = "[" + table + "]\n";
  return text.insert(text.find(header) + header.size(), line + "\n");
}

Error parse_error(const std::string& text) {
  auto parsed = parse_policy(text, "test-policy.toml");
  EXPECT_TRUE(parsed.is_error()) << text;
  if (!parsed.is_error()) return {};
  EXPECT_EQ(parsed.error().code, "policy_invalid");
  EXPECT_NE(parsed.error().message.find("test-policy.toml"), std::string::npos)
      << parsed.error().message;
  return parsed.error();
}

void expect_names(const Error& error, const std::string& key) {
  EXPECT_EQ(error.field, key) << error.message;
  EXPECT_NE(error.message.find(key), std::string::npos) << error.message;
}

TEST(PolicyFile, ParsesTheRulebookExampleIntoEveryMember) {
  auto parsed = load_policy_file(OPENNRM_SOURCE_DIR "/policies/coe-minimum.toml");
  ASSERT_FALSE(parsed.is_error()) << parsed.error().message;
  EXPECT_EQ(parsed.value(), coe_minimum());
}

TEST(PolicyFile, ReadsValuesThatDifferFromTheDefaults) {
  std::string text = valid_text();
  text = with_value(text, "jurisdiction.country", "\"XK\"");
  text = with_value(text, "jurisdiction.eu_member", "true");
  text = with_value(text, "reflection.days", "90");
  text = with_value(text, "reflection.refusal_reasons", "[]");
  text = with_value(text, "return.risk_assessment_valid_days", "0");
  text = with_value(text, "justice.non_punishment", "false");
  auto parsed = parse_policy(text, "test-policy.toml");
  ASSERT_FALSE(parsed.is_error()) << parsed.error().message;
  EXPECT_EQ(parsed->jurisdiction.country, "XK");
  EXPECT_TRUE(parsed->jurisdiction.eu_member);
  EXPECT_EQ(parsed->reflection.days, 90);
  EXPECT_TRUE(parsed->reflection.refusal_reasons.empty());
  EXPECT_EQ(parsed->return_.risk_assessment_valid_days, 0);
  EXPECT_FALSE(parsed->justice.non_punishment);
}

TEST(PolicyFile, EveryMissingKeyIsNamed) {
  for (const auto& key : kAllKeys) {
    SCOPED_TRACE(key);
    expect_names(parse_error(without_key(valid_text(), key)), key);
  }
}

TEST(PolicyFile, AMissingTableNamesItsKeys) {
  std::string text = valid_text();
  text = without_key(text, "return.risk_assessment_required");
  text = without_key(text, "return.risk_assessment_valid_days");
  text.erase(text.find("[return]\n"), std::string("[return]\n").size());
  Error error = parse_error(text);
  EXPECT_EQ(error.field, "return");
  EXPECT_NE(error.message.find("return.risk_assessment_required"), std::string::npos);
  EXPECT_NE(error.message.find("return.risk_assessment_valid_days"), std::string::npos);
}

TEST(PolicyFile, UnknownKeysAreNamedAtEveryLevel) {
  expect_names(parse_error("extra = 1\n" + valid_text()), "extra");
  expect_names(parse_error(valid_text() + "\n[appeals]\ndays = 30\n"), "appeals");
  expect_names(parse_error(with_line_in_table(valid_text(), "reflection", "extra_days = 10")),
               "reflection.extra_days");
  expect_names(parse_error(valid_text() + "\n[reflection.extension]\ndays = 30\n"),
               "reflection.extension");
  expect_names(parse_error(valid_text() + "\n[children.guardian.deadline]\ndays = 3\n"),
               "children.guardian");
  expect_names(parse_error(with_line_in_table(valid_text(), "jurisdiction", "region.code = 1")),
               "jurisdiction.region");
}

TEST(PolicyFile, AMisspeltKeyIsBothUnknownAndMissing) {
  std::string text = valid_text();
  std::size_t line = line_of(text, "reflection.days");
  text.replace(line, std::string("days").size(), "dayz");
  Error error = parse_error(text);
  EXPECT_NE(error.message.find("reflection.dayz"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("reflection.days"), std::string::npos) << error.message;
}

TEST(PolicyFile, IllTypedValuesAreNamed) {
  struct Case {
    std::string key;
    std::string value;
  };
  const Case cases[] = {
      {"reflection.days", "-1"},
      {"reflection.days", "30.0"},
      {"reflection.days", "\"30\""},
      {"reflection.days", "true"},
      {"reflection.child_days", "3000000000"},
      {"residence.min_months", "-6"},
      {"children.guardian_within_days", "[3]"},
      {"jurisdiction.eu_member", "\"no\""},
      {"jurisdiction.eu_member", "0"},
      {"identification.two_stage", "{ value = true }"},
      {"jurisdiction.id", "5"},
      {"jurisdiction.name", "[\"CETS\"]"},
      {"reflection.refusal_reasons", "\"public_order\""},
      {"reflection.refusal_reasons", "[\"public_order\", 3]"},
      {"reflection.refusal_reasons", "[[\"public_order\"]]"},
      {"return.risk_assessment_valid_days", "1979-05-27"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key + " = " + c.value);
    expect_names(parse_error(with_value(valid_text(), c.key, c.value)), c.key);
  }
}

TEST(PolicyFile, ATableGivenAsAValueIsNamed) {
  std::string text = valid_text();
  std::string section = "[compensation]\nstate_fund = true\n";
  text.erase(text.find(section), section.size());
  expect_names(parse_error("compensation = true\n" + text), "compensation");
}

TEST(PolicyFile, CountryMustBeTwoCapitalLetters) {
  for (const char* bad : {"\"gb\"", "\"GBR\"", "\"G\"", "\"\"", "\"G1\"", "\"Gb\"", "\"ÄB\""}) {
    SCOPED_TRACE(bad);
    expect_names(parse_error(with_value(valid_text(), "jurisdiction.country", bad)),
                 "jurisdiction.country");
  }
}

TEST(PolicyFile, SyntaxErrorsNameTheLine) {
  std::string text = valid_text();
  text = with_value(text, "reflection.days", "= 30");
  Error error = parse_error(text);
  int line = 1;
  for (std::size_t i = 0; i < line_of(text, "reflection.days"); ++i) line += text[i] == '\n';
  EXPECT_EQ(error.field, "line " + std::to_string(line));
  EXPECT_NE(error.message.find("test-policy.toml:" + std::to_string(line)), std::string::npos)
      << error.message;
}

TEST(PolicyFile, ReportsEveryProblemAtOnce) {
  std::string text = without_key(valid_text(), "residence.renewable");
  text = with_value(text, "reflection.days", "-3");
  text += "\n[extra]\nx = 1\n";
  Error error = parse_error(text);
  for (const char* key : {"residence.renewable", "reflection.days", "extra"}) {
    EXPECT_NE(error.message.find(key), std::string::npos) << key << " in " << error.message;
  }
}

TEST(PolicyFile, AnUnreadableFileIsAnErrorNamingThePath) {
  auto loaded = load_policy_file("/nonexistent/opennrm/policy.toml");
  ASSERT_TRUE(loaded.is_error());
  EXPECT_NE(loaded.error().message.find("/nonexistent/opennrm/policy.toml"), std::string::npos);
  auto directory = load_policy_file(OPENNRM_SOURCE_DIR "/policies");
  ASSERT_TRUE(directory.is_error());
  EXPECT_NE(directory.error().message.find("directory"), std::string::npos);
}

TEST(PolicyFile, ToTomlRoundTripsEveryValue) {
  Policy policy;
  policy.jurisdiction = {"odd \"id\"", "Zürich\\Genève\nsecond line\ttab", "CH", true};
  policy.identification = {true, 0};
  policy.reflection = {1, 2147483647, 0, {}};
  policy.assistance.conditional_on_cooperation = true;
  policy.residence = {0, false, true, false, false, false, 365};
  policy.children = {false, false, 14, false};
  policy.return_ = {false, 1};
  policy.justice = {false, false, false};
  policy.compensation.state_fund = false;
  for (const Policy& original : {policy, coe_minimum()}) {
    auto parsed = parse_policy(to_toml(original), "round-trip");
    ASSERT_FALSE(parsed.is_error()) << parsed.error().message << "\n" << to_toml(original);
    EXPECT_EQ(parsed.value(), original) << to_toml(original);
  }
  Policy reasons = coe_minimum();
  reasons.reflection.refusal_reasons = {"public_order", "it's \"quoted\"", ""};
  EXPECT_EQ(parse_policy(to_toml(reasons), "round-trip").value(), reasons);
}

TEST(PolicyFile, ToTomlWritesTheRulebookLayout) {
  std::string text = to_toml(coe_minimum());
  EXPECT_NE(text.find("[jurisdiction]\nid = \"coe-minimum\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[return]\nrisk_assessment_required = true\n"), std::string::npos) << text;
  EXPECT_NE(text.find("refusal_reasons = [ \"public_order\", \"improper_claim\" ]"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace opennrm::policy

#include "stats/classify.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "rules/trafficking.h"
#include "store/fact_tables.h"

namespace opennrm::stats {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(EuMemberStates, EmbeddedListIsTheShippedFile) {
  const CountrySet& members = eu_member_states();
  EXPECT_EQ(members.size(), 27u);
  EXPECT_TRUE(members.contains("GR"));
  EXPECT_TRUE(members.contains("HR"));
  EXPECT_FALSE(members.contains("EL"));
  EXPECT_FALSE(members.contains("GB"));
  auto shipped = parse_country_list(
      read_text(std::string(OPENNRM_SOURCE_DIR) + "/data/eu-member-states.csv"), "shipped");
  ASSERT_FALSE(shipped.is_error()) << shipped.error().message;
  EXPECT_EQ(*shipped, members);
}

TEST(EuMemberStates, CountryListErrorsNameTheLine) {
  auto bad_header = parse_country_list("code,name\nAT,Austria\n", "f.csv");
  ASSERT_TRUE(bad_header.is_error());
  EXPECT_EQ(bad_header.error().field, "f.csv line 1");
  auto bad_code = parse_country_list("iso2,name\r\nAT,Austria\r\nde,Germany\r\n", "f.csv");
  ASSERT_TRUE(bad_code.is_error());
  EXPECT_EQ(bad_code.error().field, "f.csv line 3");
  auto twice = parse_country_list("iso2,name\nAT,Austria\nAT,Austria\n", "f.csv");
  ASSERT_TRUE(twice.is_error());
  EXPECT_EQ(twice.error().field, "f.csv line 3");
  EXPECT_TRUE(parse_country_list("", "f.csv").is_error());
}

TEST(CitizenshipGroup, GroupsTheFirstCitizenship) {
  const CountrySet& eu = eu_member_states();
  // The jurisdiction's own country is national even though it is an EU member.
  EXPECT_EQ(citizenship_group("AT", "AT", eu), "national");
  EXPECT_EQ(citizenship_group("DE", "AT", eu), "eu");
  EXPECT_EQ(citizenship_group("GR", "AT", eu), "eu");
  EXPECT_EQ(citizenship_group("UA", "AT", eu), "non_eu");
  EXPECT_EQ(citizenship_group("GB", "AT", eu), "non_eu");
  EXPECT_EQ(citizenship_group("XK", "AT", eu), "non_eu");
  EXPECT_EQ(citizenship_group("stateless", "AT", eu), "stateless");
  EXPECT_EQ(citizenship_group("", "AT", eu), "unknown");
  EXPECT_EQ(citizenship_group("unknown", "AT", eu), "unknown");
  // Outside the EU, EU citizens are still grouped as eu.
  EXPECT_EQ(citizenship_group("FR", "NO", eu), "eu");
  EXPECT_EQ(citizenship_group("NO", "NO", eu), "national");
}

// The one definition of rulebook section 1, which the store keeps in its facts and the
// statistics count by.
rules::Person exploited(std::vector<std::string> citizenship, std::vector<std::string> countries) {
  rules::Person person;
  person.citizenship = std::move(citizenship);
  person.countries_of_exploitation = std::move(countries);
  return person;
}

TEST(TraffickingKind, InternalOnlyForACitizenExploitedAtHome) {
  using V = std::vector<std::string>;
  auto kind = [](V citizenship, V countries) {
    return std::string(rules::trafficking_kind(exploited(citizenship, countries), "AT"));
  };
  EXPECT_EQ(kind(V{"AT"}, V{"AT"}), "internal");
  EXPECT_EQ(kind(V{"AT"}, V{"AT", "AT"}), "internal");
  // A dual national whose second citizenship is the jurisdiction's is still at home.
  EXPECT_EQ(kind(V{"RO", "AT"}, V{"AT"}), "internal");
  EXPECT_EQ(kind(V{"AT"}, V{"AT", "DE"}), "transnational");
  EXPECT_EQ(kind(V{"AT"}, V{"IT"}), "transnational");
  EXPECT_EQ(kind(V{"NG"}, V{"AT"}), "transnational");
  EXPECT_EQ(kind(V{"stateless"}, V{"AT"}), "transnational");
  // Exploitation abroad crosses a border whatever the citizenship.
  EXPECT_EQ(kind(V{}, V{"DE"}), "transnational");
  EXPECT_EQ(kind(V{"AT"}, V{}), "unknown");
  EXPECT_EQ(kind(V{}, V{}), "unknown");
  // Exploited only here with no citizenship recorded: the answer turns on the missing data.
  EXPECT_EQ(kind(V{}, V{"AT"}), "unknown");
}

TEST(AgeGroup, PresumedChildrenAreChildren) {
  EXPECT_EQ(store::age_group("child"), "child");
  EXPECT_EQ(store::age_group("presumed_child"), "child");
  EXPECT_EQ(store::age_group("adult"), "adult");
  EXPECT_EQ(store::age_group("unknown"), "unknown");
}

}  // namespace
}  // namespace opennrm::stats

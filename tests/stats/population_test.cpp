#include "stats/population.h"

#include <gtest/gtest.h>

namespace opennrm::stats {
namespace {

TEST(Population, ParsesYearsAndSumsPersonYears) {
  auto population =
      parse_population_csv("year,population\r\n2023,8000000\r\n\r\n2024,9000000\r\n", "pop.csv");
  ASSERT_FALSE(population.is_error()) << population.error().message;
  EXPECT_EQ(population->by_year.size(), 2u);
  auto sum = population_of_years(*population, {2023, 2024});
  ASSERT_FALSE(sum.is_error());
  EXPECT_EQ(*sum, 17000000);
  auto missing = population_of_years(*population, {2024, 2025});
  ASSERT_TRUE(missing.is_error());
  EXPECT_EQ(missing.error().code, "population_missing_year");
  EXPECT_TRUE(population_of_years(*population, {}).is_error());
}

TEST(Population, RejectsMalformedLinesNamingThem) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"year,pop\n2024,1\n", "pop.csv line 1"},
      {"year,population\n2024,1\n24,5\n", "pop.csv line 3"},
      {"year,population\n2024,-5\n", "pop.csv line 2"},
      {"year,population\n2024,0\n", "pop.csv line 2"},
      {"year,population\n2024,12x\n", "pop.csv line 2"},
      {"year,population\n2024,1,2\n", "pop.csv line 2"},
      {"year,population\n2024,1\n2024,2\n", "pop.csv line 3"},
  };
  for (const auto& [text, where] : cases) {
    auto parsed = parse_population_csv(text, "pop.csv");
    ASSERT_TRUE(parsed.is_error()) << text;
    EXPECT_EQ(parsed.error().code, "population_invalid");
    EXPECT_EQ(parsed.error().field, where) << text;
  }
  EXPECT_TRUE(load_population_csv("/nonexistent/pop.csv").is_error());
}

TEST(Population, RatesArePer100000RoundedToThreeDecimals) {
  EXPECT_DOUBLE_EQ(rate_per_100000(50, 1000000), 5.0);
  EXPECT_DOUBLE_EQ(rate_per_100000(1, 3000000), 0.033);
  EXPECT_DOUBLE_EQ(rate_per_100000(0, 3000000), 0.0);
}

}  // namespace
}  // namespace opennrm::stats

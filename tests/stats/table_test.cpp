#include "stats/table.h"

#include <gtest/gtest.h>

namespace opennrm::stats {
namespace {

TableBuilder small_builder() {
  return TableBuilder("t", "year", {"2023", "2024"}, "form", {"a", "b", "c"});
}

TEST(TableBuilder, AppendsTotalsAsLastRowAndColumn) {
  const Table table = small_builder().build();
  EXPECT_EQ(table.rows, (std::vector<std::string>{"2023", "2024", "total"}));
  EXPECT_EQ(table.columns, (std::vector<std::string>{"a", "b", "c", "total"}));
  ASSERT_EQ(table.counts.size(), 3u);
  for (const auto& row : table.counts) EXPECT_EQ(row, (std::vector<int64_t>{0, 0, 0, 0}));
}

TEST(TableBuilder, CountsEachVictimOncePerCellIncludingTotals) {
  auto builder = small_builder();
  ASSERT_FALSE(builder.count({"2023"}, {"a", "b"}).is_error());  // two forms
  ASSERT_FALSE(builder.count({"2023"}, {"a"}).is_error());
  ASSERT_FALSE(builder.count({"2024"}, {"c", "c"}).is_error());  // a repeated form counts once
  ASSERT_FALSE(builder.count({"2024"}, {}).is_error());          // no form: totals only
  const Table table = builder.build();
  EXPECT_EQ(table.counts[0], (std::vector<int64_t>{2, 1, 0, 2}));
  EXPECT_EQ(table.counts[1], (std::vector<int64_t>{0, 0, 1, 2}));
  EXPECT_EQ(table.counts[2], (std::vector<int64_t>{2, 1, 1, 4}));
}

TEST(TableBuilder, PreAggregatedTotalsAreSumsUnlessGiven) {
  auto summed = small_builder();
  ASSERT_FALSE(summed.add("2023", "a", 5).is_error());
  ASSERT_FALSE(summed.add("2023", "b", 7).is_error());
  ASSERT_FALSE(summed.add("2024", "c", 11).is_error());
  const Table sums = summed.build();
  EXPECT_EQ(sums.counts[0], (std::vector<int64_t>{5, 7, 0, 12}));
  EXPECT_EQ(sums.counts[1], (std::vector<int64_t>{0, 0, 11, 11}));
  EXPECT_EQ(sums.counts[2], (std::vector<int64_t>{5, 7, 11, 23}));

  // As SQL would give victims_by_form: row totals count distinct victims, fewer than the sum.
  auto given = small_builder();
  ASSERT_FALSE(given.add("2023", "a", 5).is_error());
  ASSERT_FALSE(given.add("2023", "b", 7).is_error());
  ASSERT_FALSE(given.add("2023", "total", 9).is_error());
  ASSERT_FALSE(given.add("2024", "c", 11).is_error());
  const Table explicit_totals = given.build();
  EXPECT_EQ(explicit_totals.counts[0][3], 9);
  EXPECT_EQ(explicit_totals.counts[1][3], 11);
  EXPECT_EQ(explicit_totals.counts[2], (std::vector<int64_t>{5, 7, 11, 20}));
}

TEST(TableBuilder, BothPathsGiveTheSameTable) {
  auto from_facts = small_builder();
  auto from_sql = small_builder();
  const std::vector<std::pair<std::string, std::string>> victims{
      {"2023", "a"}, {"2023", "a"}, {"2024", "b"}, {"2023", "c"}, {"2024", "b"}};
  for (const auto& [year, form] : victims) {
    ASSERT_FALSE(from_facts.count({year}, {form}).is_error());
    ASSERT_FALSE(from_sql.add(year, form, 1).is_error());
  }
  EXPECT_EQ(from_facts.build().counts, from_sql.build().counts);
}

TEST(TableBuilder, UnknownValuesAndNegativeCountsAreErrorsThatChangeNothing) {
  auto builder = small_builder();
  auto unknown = builder.count({"2023"}, {"a", "zz"});
  ASSERT_TRUE(unknown.is_error());
  EXPECT_EQ(unknown.error().code, "unknown_dimension_value");
  EXPECT_NE(unknown.error().message.find("zz"), std::string::npos);
  EXPECT_TRUE(builder.add("2025", "a", 1).is_error());
  auto negative = builder.add("2023", "a", -1);
  ASSERT_TRUE(negative.is_error());
  EXPECT_EQ(negative.error().code, "invalid_count");
  EXPECT_EQ(builder.build().counts[2][3], 0);
}

}  // namespace
}  // namespace opennrm::stats

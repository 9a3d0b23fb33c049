#include "stats/disclosure.h"

#include <gtest/gtest.h>

#include <random>

namespace opennrm::stats {
namespace {

using Matrix = std::vector<std::vector<int64_t>>;

// A table with the given inner counts; totals are sums unless row totals are given (as for a
// table where a victim can fall in several columns).
Table table_of(const Matrix& inner, const std::vector<int64_t>& row_totals = {}) {
  std::vector<std::string> rows;
  std::vector<std::string> columns;
  for (size_t r = 0; r < inner.size(); ++r) rows.push_back("r" + std::to_string(r));
  for (size_t c = 0; c < inner.front().size(); ++c) columns.push_back("c" + std::to_string(c));
  TableBuilder builder("t", "row", rows, "column", columns);
  for (size_t r = 0; r < inner.size(); ++r) {
    for (size_t c = 0; c < inner[r].size(); ++c) {
      EXPECT_FALSE(builder.add(rows[r], columns[c], inner[r][c]).is_error());
    }
    if (!row_totals.empty()) {
      EXPECT_FALSE(builder.add(rows[r], "total", row_totals[r]).is_error());
    }
  }
  return builder.build();
}

PublishedTable controlled(const Table& table, int64_t k = 10,
                          std::optional<int64_t> round_to = std::nullopt) {
  auto published = apply_disclosure_control(table, {k, round_to});
  EXPECT_FALSE(published.is_error());
  return published.release_value();
}

Suppression reason(const PublishedTable& t, size_t row, size_t column) {
  return t.cells[row][column].suppressed;
}

TEST(Disclosure, PrimarySuppressesOneToKMinusOneTotalsIncludedAndShowsZero) {
  const Table table = table_of({{0, 1, 9, 10}, {0, 12, 15, 20}});
  const auto t = controlled(table);
  EXPECT_EQ(t.threshold, 10);
  EXPECT_EQ(t.cells[0][0].value, 0);
  EXPECT_EQ(reason(t, 0, 1), Suppression::primary);
  EXPECT_FALSE(t.cells[0][1].value.has_value());
  EXPECT_EQ(reason(t, 0, 2), Suppression::primary);
  EXPECT_EQ(t.cells[0][3].value, 10);             // exactly k is published
  EXPECT_EQ(reason(t, 2, 0), Suppression::none);  // an all-zero column total is 0
  EXPECT_EQ(t.cells[2][0].value, 0);
  // Column c1's total 13 is published over one primary cell, so its other cell goes too.
  EXPECT_EQ(t.cells[2][1].value, 13);
  EXPECT_EQ(reason(t, 1, 1), Suppression::secondary);
  EXPECT_EQ(reason(t, 1, 2), Suppression::secondary);  // likewise in column c2
  EXPECT_EQ(t.cells[1][3].value, 20);
}

TEST(Disclosure, SmallTotalsAreSuppressedLikeAnyCell) {
  const auto t = controlled(table_of({{2, 3}, {0, 0}}));
  EXPECT_EQ(reason(t, 0, 2), Suppression::primary);  // row total 5
  EXPECT_EQ(reason(t, 2, 2), Suppression::primary);  // grand total 5
  EXPECT_EQ(t.cells[1][2].value, 0);                 // all-zero row stays published
}

TEST(Disclosure, SecondarySuppressionInRowsAndColumns) {
  //      c0  c1  c2 | total
  // r0    3  15  40 |  58
  // r1   20  25  50 |  95
  const auto t = controlled(table_of({{3, 15, 40}, {20, 25, 50}}));
  EXPECT_EQ(reason(t, 0, 0), Suppression::primary);
  EXPECT_EQ(reason(t, 0, 1), Suppression::secondary);  // smallest other cell of row r0
  EXPECT_EQ(reason(t, 1, 0), Suppression::secondary);  // column c0 had one suppressed cell
  EXPECT_EQ(reason(t, 1, 1), Suppression::secondary);  // column c1 had one suppressed cell
  EXPECT_EQ(t.cells[0][2].value, 40);
  EXPECT_EQ(t.cells[1][2].value, 50);
  EXPECT_EQ(t.cells[2][3].value, 153);
}

TEST(Disclosure, TiesPreferACellWhoseColumnAlreadyHasASuppressedCell) {
  //      c0  c1  c2
  // r0    3  15  15
  // r1   20  30   4
  const auto t = controlled(table_of({{3, 15, 15}, {20, 30, 4}}));
  EXPECT_EQ(reason(t, 0, 2), Suppression::secondary);
  EXPECT_EQ(reason(t, 0, 1), Suppression::none);
  EXPECT_EQ(reason(t, 1, 0), Suppression::secondary);
  EXPECT_EQ(reason(t, 1, 1), Suppression::none);
}

TEST(Disclosure, SecondarySuppressionReachesTheTotalsRowAndColumn) {
  // Column c0's total (5) is primary, so the totals row has one suppressed cell under the
  // published grand total.
  const Matrix inner{{2, 30, 40}, {3, 30, 50}};
  const auto by_rows = controlled(table_of(inner));
  EXPECT_EQ(reason(by_rows, 2, 0), Suppression::primary);
  EXPECT_EQ(reason(by_rows, 2, 1), Suppression::secondary);
  EXPECT_EQ(by_rows.cells[2][2].value, 90);
  // The same table transposed puts it in the totals column.
  const Matrix transposed{{2, 3}, {30, 30}, {40, 50}};
  const auto by_columns = controlled(table_of(transposed));
  EXPECT_EQ(reason(by_columns, 0, 2), Suppression::primary);
  EXPECT_EQ(reason(by_columns, 1, 2), Suppression::secondary);
  EXPECT_EQ(by_columns.cells[2][2].value, 90);
}

TEST(Disclosure, ZerosAreSuppressedOnlyWhenNoNonZeroCellRemains) {
  // Row totals count victims once while a victim may fall in several columns (or none), so a
  // row can have one small cell, zeros, and a published total.
  const auto zeros_only = controlled(table_of({{3, 0, 0}, {10, 20, 30}}, {12, 60}));
  EXPECT_EQ(reason(zeros_only, 0, 0), Suppression::primary);
  const int secondary_zeros = (reason(zeros_only, 0, 1) == Suppression::secondary) +
                              (reason(zeros_only, 0, 2) == Suppression::secondary);
  EXPECT_EQ(secondary_zeros, 1);
  const auto with_non_zero = controlled(table_of({{3, 0, 15}, {10, 20, 30}}));
  EXPECT_EQ(reason(with_non_zero, 0, 2), Suppression::secondary);
  EXPECT_EQ(with_non_zero.cells[0][1].value, 0);
}

TEST(Disclosure, RoundingAppliesToPublishedCountsOnly) {
  const auto t = controlled(table_of({{12, 13, 0, 35}}), 10, 5);
  EXPECT_EQ(t.rounding, 5);
  EXPECT_EQ(t.cells[0][0].value, 10);
  EXPECT_EQ(t.cells[0][1].value, 15);
  EXPECT_EQ(t.cells[0][2].value, 0);
  EXPECT_EQ(t.cells[0][3].value, 35);
  EXPECT_EQ(t.cells[0][4].value, 60);
  const auto small = controlled(table_of({{4, 4, 12}}), 10, 5);
  EXPECT_EQ(small.cells[0][0].value, std::nullopt);
  EXPECT_EQ(small.cells[0][2].value, 10);
  const auto tens = controlled(table_of({{15, 14}}), 10, 10);
  EXPECT_EQ(tens.cells[0][0].value, 20);  // halves round up
  EXPECT_EQ(tens.cells[0][1].value, 10);
  EXPECT_EQ(tens.cells[0][2].value, 30);  // the total 29, rounded on its own
}

TEST(Disclosure, OptionsAreCheckedAndRawPublishesEverything) {
  const Table table = table_of({{1, 2}});
  EXPECT_EQ(apply_disclosure_control(table, {0}).error().code, "invalid_threshold");
  EXPECT_EQ(apply_disclosure_control(table, {10, 0}).error().code, "invalid_rounding");
  const auto threshold_one = controlled(table, 1);
  EXPECT_EQ(threshold_one.cells[0][0].value, 1);
  const auto raw = publish_raw(table);
  EXPECT_FALSE(raw.threshold.has_value());
  EXPECT_EQ(raw.cells[0][0].value, 1);
  EXPECT_EQ(raw.cells[0][2].value, 3);
}

// Counts biased to the small values where suppression happens.
int64_t random_count(std::mt19937& random) {
  switch (std::uniform_int_distribution<int>(0, 3)(random)) {
    case 0:
      return 0;
    case 1:
      return std::uniform_int_distribution<int64_t>(1, 12)(random);
    case 2:
      return std::uniform_int_distribution<int64_t>(10, 40)(random);
    default:
      return std::uniform_int_distribution<int64_t>(0, 500)(random);
  }
}

size_t suppressed_in(const PublishedTable& t, bool is_row, size_t index) {
  size_t n = 0;
  const size_t length = is_row ? t.columns.size() : t.rows.size();
  for (size_t k = 0; k < length; ++k) {
    const auto& cell = is_row ? t.cells[index][k] : t.cells[k][index];
    n += cell.value ? 0 : 1;
  }
  return n;
}

bool total_published(const PublishedTable& t, bool is_row, size_t index) {
  return is_row ? t.cells[index].back().value.has_value() : t.cells.back()[index].value.has_value();
}

TEST(Disclosure, PropertiesHoldOnThousandsOfRandomTables) {
  std::mt19937 random(20240601);
  for (int iteration = 0; iteration < 4000; ++iteration) {
    const size_t rows = std::uniform_int_distribution<size_t>(1, 6)(random);
    const size_t columns = std::uniform_int_distribution<size_t>(1, 6)(random);
    Matrix inner(rows, std::vector<int64_t>(columns));
    for (auto& row : inner) {
      for (auto& count : row) count = random_count(random);
    }
    std::vector<int64_t> row_totals;
    if (std::bernoulli_distribution(0.3)(random)) {  // totals above the sum, as in by_form
      for (const auto& row : inner) {
        int64_t largest = *std::max_element(row.begin(), row.end());
        row_totals.push_back(largest + std::uniform_int_distribution<int64_t>(0, 15)(random));
      }
    }
    const Table table = table_of(inner, row_totals);
    const int64_t k = std::uniform_int_distribution<int64_t>(1, 12)(random);
    const std::optional<int64_t> round_to =
        std::bernoulli_distribution(0.3)(random)
            ? std::optional<int64_t>(std::uniform_int_distribution<int64_t>(1, 10)(random))
            : std::nullopt;
    const auto t = controlled(table, k, round_to);
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    for (size_t r = 0; r < t.rows.size(); ++r) {
      for (size_t c = 0; c < t.columns.size(); ++c) {
        const int64_t original = table.counts[r][c];
        const PublishedCell& cell = t.cells[r][c];
        if (original >= 1 && original < k) {
          ASSERT_EQ(cell.suppressed, Suppression::primary);
        }
        if (cell.suppressed == Suppression::none) {
          ASSERT_TRUE(cell.value.has_value());
          if (!round_to) {
            ASSERT_EQ(*cell.value, original);
          } else {
            // The nearest multiple, halves up.
            ASSERT_EQ(*cell.value % *round_to, 0);
            const int64_t distance = *cell.value - original;
            ASSERT_LE(2 * std::abs(distance), *round_to);
            if (2 * std::abs(distance) == *round_to) {
              ASSERT_GT(distance, 0);
            }
          }
        } else {
          ASSERT_FALSE(cell.value.has_value());
          if (cell.suppressed == Suppression::secondary) {
            ASSERT_FALSE(original >= 1 && original < k);
          }
        }
      }
    }
    for (bool is_row : {true, false}) {
      const size_t lines = is_row ? t.rows.size() : t.columns.size();
      for (size_t line = 0; line < lines; ++line) {
        if (total_published(t, is_row, line)) {
          ASSERT_NE(suppressed_in(t, is_row, line), 1u) << (is_row ? "row " : "column ") << line;
        }
      }
    }
  }
}

}  // namespace
}  // namespace opennrm::stats

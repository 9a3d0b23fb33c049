#include "core/date.h"

#include <gtest/gtest.h>
#include "date_literal.h"

namespace opennrm {
namespace {

using opennrm::testing::d;

TEST(Date, ParsesAndPrintsCivilDates) {
  EXPECT_EQ(d("2026-01-10").to_string(), "2026-01-10");
  EXPECT_EQ(d("2024-02-29").to_string(), "2024-02-29");
}

TEST(Date, RejectsMalformedAndImpossibleDates) {
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-10", "26-01-10",
                          "2026-01-10T00:00", "", "abcd-ef-gh", "0000-01-01", "2026-04-31"}) {
    auto parsed = Date::parse(bad);
    ASSERT_TRUE(parsed.is_error()) << bad;
    EXPECT_EQ(parsed.error().code, "invalid_date");
  }
}

TEST(Date, AddsDaysAcrossMonthAndYearEnds) {
  EXPECT_EQ(d("2026-01-10").add_days(29), d("2026-02-08"));
  EXPECT_EQ(d("2026-12-31").add_days(1), d("2027-01-01"));
  EXPECT_EQ(d("2026-03-01").add_days(-1), d("2026-02-28"));
  EXPECT_EQ(d("2026-01-01").days_until(d("2026-12-31")), 364);
}

TEST(Date, AddsMonthsClampingToTheMonthEnd) {
  EXPECT_EQ(d("2026-08-31").add_months(6), d("2027-02-28"));
  EXPECT_EQ(d("2027-08-31").add_months(6), d("2028-02-29"));
  EXPECT_EQ(d("2026-01-15").add_months(6), d("2026-07-15"));
  EXPECT_EQ(d("2026-10-31").add_months(1), d("2026-11-30"));
  EXPECT_EQ(d("2026-03-31").add_months(-1), d("2026-02-28"));
}

}  // namespace
}  // namespace opennrm

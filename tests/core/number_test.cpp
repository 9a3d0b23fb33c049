#include "core/number.h"

#include <gtest/gtest.h>

namespace opennrm {
namespace {

TEST(ParseInteger, ReadsTheWholeTextOrNothing) {
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_EQ(parse_integer("-7"), -7);
  EXPECT_EQ(parse_integer("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"", "+1", " 1", "1 ", "12a", "1.5", "0x10", "9223372036854775808"}) {
    EXPECT_EQ(parse_integer(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(ParseId, IsAboveZero) {
  EXPECT_EQ(parse_id("1"), 1);
  EXPECT_EQ(parse_id("0"), std::nullopt);
  EXPECT_EQ(parse_id("-3"), std::nullopt);
  EXPECT_EQ(parse_id("3/"), std::nullopt);
}

TEST(ParseNumber, ReadsFiniteDecimalsOnly) {
  EXPECT_EQ(parse_number("40"), 40.0);
  EXPECT_EQ(parse_number("-12.5"), -12.5);
  EXPECT_EQ(parse_number("1e3"), 1000.0);
  for (const char* bad : {"", "nan", "inf", "-infinity", "1e999", "+1", "0x10", "1,5", "2 "}) {
    EXPECT_EQ(parse_number(bad), std::nullopt) << '"' << bad << '"';
  }
}

}  // namespace
}  // namespace opennrm

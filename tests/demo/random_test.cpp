#include "demo/random.h"

#include <array>
#include <map>

#include <gtest/gtest.h>

namespace opennrm::demo {
namespace {

TEST(Random, TheSameSeedGivesTheSameDraws) {
  Random a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    auto x = a.between(0, 1000);
    EXPECT_EQ(x, b.between(0, 1000));
    differs |= x != c.between(0, 1000);
  }
  EXPECT_TRUE(differs);
}

TEST(Random, BetweenStaysInRangeAndReachesBothEnds) {
  Random random(1);
  std::map<int64_t, int> seen;
  for (int i = 0; i < 6000; ++i) {
    auto x = random.between(-2, 3);
    ASSERT_GE(x, -2);
    ASSERT_LE(x, 3);
    ++seen[x];
  }
  ASSERT_EQ(seen.size(), 6u);
  for (auto [value, times] : seen) EXPECT_NEAR(times, 1000, 150) << value;
}

TEST(Random, WeightedChoiceFollowsTheWeights) {
  Random random(3);
  constexpr std::array<Weighted, 2> words = {{{"often", 9}, {"rarely", 1}}};
  int often = 0;
  for (int i = 0; i < 10000; ++i) often += random.pick(words) == "often";
  EXPECT_NEAR(often, 9000, 300);
}

}  // namespace
}  // namespace opennrm::demo

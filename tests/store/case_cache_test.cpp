#include "store/case_cache.h"

#include <gtest/gtest.h>

#include "policy/policy.h"
#include "store/case_store.h"

namespace opennrm::store {
namespace {

std::shared_ptr<const LoadedCase> history(int64_t case_id) {
  return std::make_shared<const LoadedCase>(
      CaseSummary{case_id, "NRM-2026-00000" + std::to_string(case_id), std::nullopt,
                  "2026-01-10T00:00:00Z"},
      rules::CaseFile(policy::coe_minimum()));
}

TEST(CaseCache, GivesBackAHistoryOnlyWhileTheCaseHasAsManyEvents) {
  CaseCache cache(4);
  EXPECT_EQ(cache.find(1, 3), nullptr);
  auto kept = history(1);
  cache.keep(1, 3, kept);
  EXPECT_EQ(cache.find(1, 3), kept);
  // An event was appended since: the kept history is no longer the case's.
  EXPECT_EQ(cache.find(1, 4), nullptr);
  EXPECT_EQ(cache.find(2, 3), nullptr);
}

TEST(CaseCache, AReaderOnAnOlderSnapshotDoesNotReplaceANewerHistory) {
  CaseCache cache(4);
  auto newer = history(1);
  cache.keep(1, 5, newer);
  cache.keep(1, 4, history(1));
  EXPECT_EQ(cache.find(1, 5), newer);
  auto newest = history(1);
  cache.keep(1, 6, newest);
  EXPECT_EQ(cache.find(1, 6), newest);
}

TEST(CaseCache, WhenFullTheLeastRecentlyReadCaseMakesRoom) {
  CaseCache cache(2);
  cache.keep(1, 1, history(1));
  cache.keep(2, 1, history(2));
  ASSERT_NE(cache.find(1, 1), nullptr);  // Case 1 is read again, so case 2 is now the oldest.
  cache.keep(3, 1, history(3));
  EXPECT_NE(cache.find(1, 1), nullptr);
  EXPECT_EQ(cache.find(2, 1), nullptr);
  EXPECT_NE(cache.find(3, 1), nullptr);
}

}  // namespace
}  // namespace opennrm::store

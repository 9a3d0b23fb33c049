#include "http/hold.h"

#include <optional>

#include <gtest/gtest.h>

namespace opennrm::http {
namespace {

TEST(Hold, TellsTheWaiterWhenReleasedLater) {
  Hold hold;
  std::optional<bool> told;
  hold.on_release([&](bool sendable) { told = sendable; });
  EXPECT_FALSE(told);
  hold.release(true);
  EXPECT_EQ(told, true);
}

TEST(Hold, TellsAWaiterThatComesAfterTheReleaseAtOnce) {
  Hold hold;
  hold.release(false);
  std::optional<bool> told;
  hold.on_release([&](bool sendable) { told = sendable; });
  EXPECT_EQ(told, false);
}

// A failed commit cannot be turned into a success by a later call, nor the other way round.
TEST(Hold, OnlyTheFirstReleaseCounts) {
  Hold hold;
  int calls = 0;
  std::optional<bool> told;
  hold.on_release([&](bool sendable) {
    ++calls;
    told = sendable;
  });
  hold.release(false);
  hold.release(true);
  EXPECT_EQ(told, false);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace opennrm::http

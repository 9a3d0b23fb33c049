#include "security/throttle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace opennrm::security {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const ThrottleTime kStart = ThrottleTime{} + std::chrono::hours(1000);

void fail(AccountLockout& lockout, std::string_view account, int times, ThrottleTime at) {
  for (int i = 0; i < times; ++i) (void)lockout.record_failure(account, at);
}

TEST(AccountLockout, LocksOnTheFifthFailureForFifteenMinutes) {
  AccountLockout lockout;
  fail(lockout, "ana", 4, kStart);
  EXPECT_EQ(lockout.locked_until("ana", kStart), std::nullopt);
  EXPECT_EQ(lockout.record_failure("ana", kStart + seconds(10)),
            kStart + seconds(10) + minutes(15));
  const ThrottleTime until = kStart + seconds(10) + minutes(15);
  EXPECT_EQ(lockout.locked_until("ana", kStart + seconds(10)), until);
  EXPECT_EQ(lockout.locked_until("ana", until - seconds(1)), until);
  EXPECT_EQ(lockout.locked_until("ana", until), std::nullopt);
  EXPECT_EQ(lockout.locked_until("bob", kStart + seconds(10)), std::nullopt);
}

TEST(AccountLockout, FailuresWhileLockedDoNotExtendTheLock) {
  AccountLockout lockout;
  fail(lockout, "ana", 5, kStart);
  EXPECT_EQ(lockout.record_failure("ana", kStart + minutes(10)), kStart + minutes(15));
  EXPECT_EQ(lockout.locked_until("ana", kStart + minutes(15)), std::nullopt);
}

TEST(AccountLockout, CountStartsAgainAfterTheLock) {
  AccountLockout lockout;
  fail(lockout, "ana", 5, kStart);
  const ThrottleTime after = kStart + minutes(15);
  fail(lockout, "ana", 4, after);
  EXPECT_EQ(lockout.locked_until("ana", after), std::nullopt);
  fail(lockout, "ana", 1, after);
  EXPECT_EQ(lockout.locked_until("ana", after), after + minutes(15));
}

TEST(AccountLockout, SuccessResetsTheCount) {
  AccountLockout lockout;
  fail(lockout, "ana", 4, kStart);
  lockout.record_success("ana");
  fail(lockout, "ana", 4, kStart);
  EXPECT_EQ(lockout.locked_until("ana", kStart), std::nullopt);
  fail(lockout, "ana", 1, kStart);
  EXPECT_TRUE(lockout.locked_until("ana", kStart));
}

TEST(AccountLockout, ForgetsFailuresAfterFifteenQuietMinutes) {
  AccountLockout lockout;
  fail(lockout, "ana", 4, kStart);
  fail(lockout, "ana", 1, kStart + minutes(15) - seconds(1));
  EXPECT_TRUE(lockout.locked_until("ana", kStart + minutes(15)));

  fail(lockout, "bob", 4, kStart);
  fail(lockout, "bob", 1, kStart + minutes(15));
  EXPECT_EQ(lockout.locked_until("bob", kStart + minutes(15)), std::nullopt);
}

TEST(AccountLockout, MemoryIsBounded) {
  AccountLockout lockout(LockoutSettings{.max_accounts = 3});
  for (std::string name : {"a", "b", "c", "d", "e"}) fail(lockout, name, 1, kStart);
  EXPECT_EQ(lockout.tracked_accounts(), 3u);
  // Stale entries go away on their own.
  EXPECT_EQ(lockout.locked_until("x", kStart + minutes(16)), std::nullopt);
  EXPECT_EQ(lockout.tracked_accounts(), 0u);
}

TEST(AddressRateLimiter, AllowsTenPerMinuteThenOneEverySixSeconds) {
  AddressRateLimiter limiter;
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(limiter.try_attempt("192.0.2.1", kStart).allowed) << "attempt " << i + 1;
  }
  RateDecision refused = limiter.try_attempt("192.0.2.1", kStart);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(6));
  EXPECT_TRUE(limiter.try_attempt("198.51.100.7", kStart).allowed);

  EXPECT_FALSE(limiter.try_attempt("192.0.2.1", kStart + seconds(5)).allowed);
  EXPECT_EQ(limiter.try_attempt("192.0.2.1", kStart + seconds(5)).retry_after, seconds(1));
  EXPECT_TRUE(limiter.try_attempt("192.0.2.1", kStart + seconds(6)).allowed);
  EXPECT_FALSE(limiter.try_attempt("192.0.2.1", kStart + seconds(6)).allowed);
}

TEST(AddressRateLimiter, RefusedAttemptsDoNotCount) {
  AddressRateLimiter limiter;
  for (int i = 0; i < 50; ++i) (void)limiter.try_attempt("192.0.2.1", kStart);
  EXPECT_TRUE(limiter.try_attempt("192.0.2.1", kStart + seconds(6)).allowed);
}

TEST(AddressRateLimiter, FullBurstAgainAfterAQuietMinute) {
  AddressRateLimiter limiter;
  for (int i = 0; i < 10; ++i) (void)limiter.try_attempt("192.0.2.1", kStart);
  const ThrottleTime later = kStart + minutes(1);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.try_attempt("192.0.2.1", later).allowed);
  EXPECT_FALSE(limiter.try_attempt("192.0.2.1", later).allowed);
}

TEST(AddressRateLimiter, MemoryIsBounded) {
  AddressRateLimiter limiter(RateLimitSettings{.max_addresses = 2});
  for (std::string address : {"a", "b", "c", "d"}) (void)limiter.try_attempt(address, kStart);
  EXPECT_EQ(limiter.tracked_addresses(), 2u);
  (void)limiter.try_attempt("e", kStart + minutes(1));
  EXPECT_EQ(limiter.tracked_addresses(), 1u);
}

TEST(HashSlots, HandsOutAtMostItsSlots) {
  HashSlots slots(2);
  auto first = slots.try_acquire();
  auto second = slots.try_acquire();
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_FALSE(slots.try_acquire());
  EXPECT_EQ(slots.available(), 0u);
  first.reset();
  EXPECT_EQ(slots.available(), 1u);
  EXPECT_TRUE(slots.try_acquire());  // The temporary guard releases at once.
  EXPECT_EQ(slots.available(), 1u);
}

TEST(HashSlots, NeverExceedsTheCapUnderContention) {
  HashSlots slots(3);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::atomic<int> served{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        auto guard = slots.try_acquire();
        if (!guard) continue;
        int now_inside = ++inside;
        int seen = most.load();
        while (now_inside > seen && !most.compare_exchange_weak(seen, now_inside)) {
        }
        ++served;
        --inside;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(most.load(), 3);
  EXPECT_GT(served.load(), 0);
  EXPECT_EQ(slots.available(), 3u);
}

}  // namespace
}  // namespace opennrm::security

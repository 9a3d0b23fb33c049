#pragma once

// Building blocks against password guessing: a per-account lockout, a per-address rate limit
// and a cap on concurrent password hashes. The time is always a parameter (steady clock), so
// the rules are tested without waiting. All three are thread-safe.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string_view>

#include "security/recent_table.h"

namespace opennrm::security {

struct LockoutSettings {
  int max_failures = 5;
  std::chrono::seconds lock_duration = std::chrono::minutes(15);
  // A failure is forgotten when this long passes without another one.
  std::chrono::seconds failure_memory = std::chrono::minutes(15);
  // Beyond this many accounts, the one with the oldest failure is forgotten.
  std::size_t max_accounts = 100'000;
};

// Locks an account after max_failures failed sign-ins in a row, for lock_duration from the
// last of them. A success, or the end of the lock, starts the count again.
class AccountLockout {
 public:
  explicit AccountLockout(LockoutSettings settings = {});

  // When the account is locked at `now`, the time the lock ends; nullopt when it may sign in.
  // Callers check this before verifying the password, and do not verify while locked.
  std::optional<ThrottleTime> locked_until(std::string_view account, ThrottleTime now);

  // Counts a failed sign-in; returns the end of the lock when the account is now locked.
  std::optional<ThrottleTime> record_failure(std::string_view account, ThrottleTime now);

  void record_success(std::string_view account);

  std::size_t tracked_accounts();

 private:
  struct Entry {
    int failures = 0;
    ThrottleTime last_failure{};
    std::optional<ThrottleTime> locked_until;
  };

  void forget_stale(ThrottleTime now);

  LockoutSettings settings_;
  std::mutex mutex_;
  RecentTable<Entry> accounts_;
};

struct RateLimitSettings {
  int attempts = 10;
  std::chrono::seconds period = std::chrono::minutes(1);
  // Beyond this many addresses, the least recently seen one is forgotten.
  std::size_t max_addresses = 100'000;
};

struct RateDecision {
  bool allowed = false;
  // When refused: whole seconds until the next attempt is allowed (for Retry-After).
  std::chrono::seconds retry_after{0};
};

// Allows each address `attempts` attempts per `period`: a burst of that many, then one more
// each period/attempts (the generic cell rate algorithm, a token bucket kept as one time).
class AddressRateLimiter {
 public:
  explicit AddressRateLimiter(RateLimitSettings settings = {});

  // Decides on one attempt and counts it when allowed.
  RateDecision try_attempt(std::string_view address, ThrottleTime now);

  std::size_t tracked_addresses();

 private:
  struct Entry {
    // When the bucket would be full again; later than now by period at most.
    ThrottleTime theoretical_arrival{};
  };

  RateLimitSettings settings_;
  ThrottleClock::duration interval_;
  std::mutex mutex_;
  RecentTable<Entry> addresses_;
};

// A counting semaphore that caps concurrent argon2id hashes (each takes 64 MiB). A request that
// finds no free slot is answered "busy, retry" rather than queued.
class HashSlots {
 public:
  class Guard {
   public:
    Guard(Guard&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Guard& operator=(Guard&&) = delete;
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard();

   private:
    friend class HashSlots;
    explicit Guard(HashSlots* owner) : owner_(owner) {}
    HashSlots* owner_;
  };

  explicit HashSlots(std::size_t slots);
  // Every guard must be gone before the slots are destroyed.
  ~HashSlots();
  HashSlots(const HashSlots&) = delete;
  HashSlots& operator=(const HashSlots&) = delete;

  // A guard holding one slot until it is destroyed, or nullopt when all are taken.
  std::optional<Guard> try_acquire();
  std::size_t available();

 private:
  void release();

  std::mutex mutex_;
  std::size_t free_;
  std::size_t total_;
};

}  // namespace opennrm::security

#include "security/throttle.h"

#include <algorithm>
#include <cassert>

namespace opennrm::security {

AccountLockout::AccountLockout(LockoutSettings settings)
    : settings_(settings), accounts_(settings.max_accounts) {
  assert(settings.max_failures > 0);
}

void AccountLockout::forget_stale(ThrottleTime now) {
  // An entry last touched longer ago than both durations has neither a lock nor a failure left
  // that counts, so dropping it changes no decision.
  accounts_.forget_touched_until(now - std::max(settings_.lock_duration, settings_.failure_memory));
}

std::optional<ThrottleTime> AccountLockout::locked_until(std::string_view account,
                                                         ThrottleTime now) {
  std::lock_guard lock(mutex_);
  forget_stale(now);
  const Entry* entry = accounts_.find(account);
  if (entry && entry->locked_until && now < *entry->locked_until) return entry->locked_until;
  return std::nullopt;
}

std::optional<ThrottleTime> AccountLockout::record_failure(std::string_view account,
                                                           ThrottleTime now) {
  std::lock_guard lock(mutex_);
  forget_stale(now);
  if (Entry* entry = accounts_.find(account)) {
    if (entry->locked_until && now < *entry->locked_until) return entry->locked_until;
    bool forgotten = now - entry->last_failure >= settings_.failure_memory;
    if (entry->locked_until || forgotten) *entry = Entry{};
  }
  Entry& entry = accounts_.touch(account, now);
  entry.failures += 1;
  entry.last_failure = now;
  if (entry.failures >= settings_.max_failures) {
    entry.locked_until = now + settings_.lock_duration;
  }
  return entry.locked_until;
}

void AccountLockout::record_success(std::string_view account) {
  std::lock_guard lock(mutex_);
  accounts_.erase(account);
}

std::size_t AccountLockout::tracked_accounts() {
  std::lock_guard lock(mutex_);
  return accounts_.size();
}

AddressRateLimiter::AddressRateLimiter(RateLimitSettings settings)
    : settings_(settings),
      interval_(std::chrono::duration_cast<ThrottleClock::duration>(settings.period) /
                settings.attempts),
      addresses_(settings.max_addresses) {
  assert(settings.attempts > 0);
}

RateDecision AddressRateLimiter::try_attempt(std::string_view address, ThrottleTime now) {
  std::lock_guard lock(mutex_);
  // An address last allowed a full period ago has a full bucket again, like a new one.
  addresses_.forget_touched_until(now - settings_.period);
  const Entry* entry = addresses_.find(address);
  ThrottleTime arrival = entry ? std::max(entry->theoretical_arrival, now) : now;
  ThrottleTime next_arrival = arrival + interval_;
  if (next_arrival - now > settings_.period) {
    auto wait = next_arrival - settings_.period - now;
    return RateDecision{false, std::chrono::ceil<std::chrono::seconds>(wait)};
  }
  addresses_.touch(address, now).theoretical_arrival = next_arrival;
  return RateDecision{true, std::chrono::seconds(0)};
}

std::size_t AddressRateLimiter::tracked_addresses() {
  std::lock_guard lock(mutex_);
  return addresses_.size();
}

HashSlots::HashSlots(std::size_t slots) : free_(slots), total_(slots) {
  assert(slots > 0);
}

HashSlots::~HashSlots() {
  assert(free_ == total_ && "a HashSlots guard outlived its slots");
}

std::optional<HashSlots::Guard> HashSlots::try_acquire() {
  std::lock_guard lock(mutex_);
  if (free_ == 0) return std::nullopt;
  --free_;
  return Guard(this);
}

std::size_t HashSlots::available() {
  std::lock_guard lock(mutex_);
  return free_;
}

void HashSlots::release() {
  std::lock_guard lock(mutex_);
  ++free_;
}

HashSlots::Guard::~Guard() {
  if (owner_) owner_->release();
}

}  // namespace opennrm::security

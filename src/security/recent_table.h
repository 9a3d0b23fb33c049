#pragma once

// A string-keyed table with a hard size limit for the throttles: entries are kept in the order
// they were last touched, so stale ones are dropped from the front cheaply, and when the table
// is full the least recently touched entry makes room. Attackers choose the keys (addresses,
// account names), so without the limit they could make the server run out of memory.
// Not thread-safe by itself: its owners hold a mutex.

#include <cassert>
#include <chrono>
#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace opennrm::security {

using ThrottleClock = std::chrono::steady_clock;
using ThrottleTime = ThrottleClock::time_point;

template <typename Entry>
class RecentTable {
 public:
  explicit RecentTable(std::size_t capacity) : capacity_(capacity) { assert(capacity > 0); }

  // The entry for key, or nullptr when there is none.
  Entry* find(std::string_view key) {
    auto it = slots_.find(std::string(key));
    return it == slots_.end() ? nullptr : &it->second.entry;
  }

  // The entry for key (a new value-initialised one when missing), now the most recently touched.
  Entry& touch(std::string_view key, ThrottleTime now) {
    auto [it, inserted] = slots_.try_emplace(std::string(key));
    if (inserted) {
      it->second.order = order_.insert(order_.end(), it->first);
      if (slots_.size() > capacity_) erase(order_.front());
    } else {
      order_.splice(order_.end(), order_, it->second.order);
    }
    it->second.touched = now;
    return it->second.entry;
  }

  void erase(std::string_view key) {
    auto it = slots_.find(std::string(key));
    if (it == slots_.end()) return;
    order_.erase(it->second.order);
    slots_.erase(it);
  }

  // Drops every entry last touched at or before the cutoff.
  void forget_touched_until(ThrottleTime cutoff) {
    while (!order_.empty()) {
      auto it = slots_.find(order_.front());
      if (it->second.touched > cutoff) break;
      order_.pop_front();
      slots_.erase(it);
    }
  }

  std::size_t size() const { return slots_.size(); }

 private:
  struct Slot {
    Entry entry{};
    ThrottleTime touched{};
    std::list<std::string>::iterator order;
  };

  std::size_t capacity_;
  std::unordered_map<std::string, Slot> slots_;
  std::list<std::string> order_;  // Least recently touched first.
};

}  // namespace opennrm::security

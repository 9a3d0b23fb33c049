#pragma once

// The replayed histories of recently read cases, kept for their next read. Replaying a history
// (reading, parsing and checking every event) is most of what a case read costs, and a history
// only grows: a kept one is still the case's history exactly when the case has as many events
// as it had, which the reader checks in its own read transaction (one index lookup) before using
// it. Bounded: when full, the least recently read case makes room.
//
// Shared by the store's reader threads; what it hands out is immutable.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "security/recent_table.h"

namespace opennrm::store {

struct LoadedCase;  // store/case_store.h

class CaseCache {
 public:
  // A few days of a national referral mechanism's case reads; a case of a dozen events takes a
  // few tens of kilobytes, so the cache stays well under a hundred megabytes.
  static constexpr std::size_t kCases = 2048;

  explicit CaseCache(std::size_t capacity = kCases);

  // The kept history of the case if it has `events` events, else nullptr.
  std::shared_ptr<const LoadedCase> find(int64_t case_id, int64_t events);
  // Keeps a history of `events` events just read, in place of an older one of the same case.
  void keep(int64_t case_id, int64_t events, std::shared_ptr<const LoadedCase> loaded);

 private:
  struct Kept {
    int64_t events = 0;
    std::shared_ptr<const LoadedCase> loaded;
  };

  std::mutex mutex_;
  security::RecentTable<Kept> kept_;
};

}  // namespace opennrm::store

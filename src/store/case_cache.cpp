#include "store/case_cache.h"

#include <string>

namespace opennrm::store {

CaseCache::CaseCache(std::size_t capacity) : kept_(capacity) {}

std::shared_ptr<const LoadedCase> CaseCache::find(int64_t case_id, int64_t events) {
  std::lock_guard lock(mutex_);
  std::string key = std::to_string(case_id);
  const Kept* kept = kept_.find(key);
  if (kept == nullptr || kept->events != events) return nullptr;
  // Touched again, so that the cases being worked on stay while others make room.
  return kept_.touch(key, security::ThrottleClock::now()).loaded;
}

void CaseCache::keep(int64_t case_id, int64_t events, std::shared_ptr<const LoadedCase> loaded) {
  std::lock_guard lock(mutex_);
  Kept& kept = kept_.touch(std::to_string(case_id), security::ThrottleClock::now());
  // A reader on an older snapshot may finish after one on a newer: the longer history stays.
  if (kept.loaded != nullptr && kept.events > events) return;
  kept = Kept{events, std::move(loaded)};
}

}  // namespace opennrm::store

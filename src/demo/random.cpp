#include "demo/random.h"

#include <cassert>

namespace opennrm::demo {

int64_t Random::between(int64_t low, int64_t high) {
  assert(low <= high);
  uint64_t span = uint64_t(high - low) + 1;
  if (span == 0) return int64_t(engine_());  // The whole 64-bit range.
  // The largest multiple of `span` that fits; draws at or above it would bias the modulo.
  uint64_t limit = UINT64_MAX - (UINT64_MAX % span + 1) % span;
  uint64_t draw = engine_();
  while (draw > limit) draw = engine_();
  return low + int64_t(draw % span);
}

std::string_view Random::pick(std::span<const std::string_view> words) {
  assert(!words.empty());
  return words[size_t(between(0, int64_t(words.size()) - 1))];
}

std::string_view Random::pick(std::span<const Weighted> words) {
  int total = 0;
  for (const auto& word : words) total += word.weight;
  assert(total > 0);
  int64_t draw = between(0, total - 1);
  for (const auto& word : words) {
    if (draw < word.weight) return word.word;
    draw -= word.weight;
  }
  return words.back().word;
}

}  // namespace opennrm::demo

#pragma once

// Reproducible randomness for the demo. std::mt19937_64's output is fixed by the standard, but
// the std:: distributions are not (they differ between library versions), so the distributions
// here are our own: the same seed gives the same cases on every platform.

#include <cstdint>
#include <random>
#include <span>
#include <string_view>

namespace opennrm::demo {

// A word and its relative weight, for weighted choices.
struct Weighted {
  std::string_view word;
  int weight;
};

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  // Uniform in [low, high]: draws that would favour the small values are rejected.
  int64_t between(int64_t low, int64_t high);
  // True with probability percent / 100.
  bool percent(int percent) { return between(0, 99) < percent; }
  std::string_view pick(std::span<const std::string_view> words);
  std::string_view pick(std::span<const Weighted> words);

 private:
  std::mt19937_64 engine_;
};

}  // namespace opennrm::demo

#include "core/number.h"

#include <charconv>
#include <cmath>

namespace opennrm {

std::optional<int64_t> parse_integer(std::string_view text) {
  int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return number;
}

std::optional<int64_t> parse_id(std::string_view text) {
  auto id = parse_integer(text);
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

std::optional<double> parse_number(std::string_view text) {
  double number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(number)) {
    return std::nullopt;
  }
  return number;
}

}  // namespace opennrm

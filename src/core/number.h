#pragma once

// Reading numbers written as text: ids in paths, forms and stored columns, query parameters,
// counts in data files, figures in forms. std::from_chars stops at the first character it cannot
// read; these read the whole text or nothing.

#include <cstdint>
#include <optional>
#include <string_view>

namespace opennrm {

// The whole text as a decimal integer that fits in int64_t: an optional "-", then digits; no
// "+", no spaces.
std::optional<int64_t> parse_integer(std::string_view text);

// The same, above zero: a row id.
std::optional<int64_t> parse_id(std::string_view text);

// The whole text as a finite decimal number ("40", "-12.5", "1e3"); not "inf" or "nan", which
// JSON cannot write, nor a number too large for a double.
std::optional<double> parse_number(std::string_view text);

}  // namespace opennrm

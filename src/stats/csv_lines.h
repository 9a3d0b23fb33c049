#pragma once

// Reading the small CSV data files of the statistics (country lists, populations) line by line.

#include <string>
#include <string_view>

#include "core/error.h"

namespace opennrm::stats {

// Calls `visit(line, where)` for each line of `csv` (LF or CRLF endings removed), where `where`
// is "SOURCE line N" for messages; the first error `visit` returns stops the walk and is
// returned.
template <typename Visit>
ErrorOr<void> for_each_csv_line(std::string_view csv, std::string_view source, Visit&& visit) {
  size_t line_number = 0;
  while (!csv.empty()) {
    const size_t end = csv.find('\n');
    std::string_view line = csv.substr(0, end);
    csv = end == std::string_view::npos ? std::string_view{} : csv.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    TRY(visit(line, std::string(source) + " line " + std::to_string(line_number)));
  }
  return {};
}

}  // namespace opennrm::stats

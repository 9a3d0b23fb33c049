#include "stats/population.h"

#include "core/number.h"
#include "stats/csv_lines.h"

#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace opennrm::stats {

namespace {

// Digits only (no sign, no spaces), fitting in int64_t.
std::optional<int64_t> parse_whole_number(std::string_view text) {
  if (text.empty() || text.front() == '-') return std::nullopt;
  return parse_integer(text);
}

ErrorOr<void> parse_population_line(std::string_view line, const std::string& where,
                                    Population& population) {
  const size_t comma = line.find(',');
  if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos) {
    return Error::make("population_invalid", "expected two fields: year,population", where);
  }
  const std::string_view year_text = line.substr(0, comma);
  const auto year = parse_whole_number(year_text);
  if (year_text.size() != 4 || !year || *year < 1000) {
    return Error::make("population_invalid",
                       "'" + std::string(year_text) + "' is not a four-digit year", where);
  }
  const std::string_view count_text = line.substr(comma + 1);
  const auto count = parse_whole_number(count_text);
  if (!count || *count <= 0) {
    return Error::make("population_invalid",
                       "'" + std::string(count_text) + "' is not a positive whole population",
                       where);
  }
  if (!population.by_year.emplace(static_cast<int>(*year), *count).second) {
    return Error::make("population_invalid", "year " + std::string(year_text) + " appears twice",
                       where);
  }
  return {};
}

}  // namespace

ErrorOr<Population> parse_population_csv(std::string_view csv, std::string_view source) {
  Population population;
  bool header_seen = false;
  TRY(for_each_csv_line(
      csv, source, [&](std::string_view line, const std::string& where) -> ErrorOr<void> {
        if (!header_seen) {
          if (line != "year,population") {
            return Error::make("population_invalid", "the header must be 'year,population'", where);
          }
          header_seen = true;
          return {};
        }
        if (line.empty()) return {};
        return parse_population_line(line, where, population);
      }));
  if (!header_seen) {
    return Error::make("population_invalid", "the population file is empty", std::string(source));
  }
  return population;
}

ErrorOr<Population> load_population_csv(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Error::make("population_unreadable", "cannot read the population file", path.string());
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parse_population_csv(text.str(), path.string());
}

ErrorOr<int64_t> population_of_years(const Population& population, const std::vector<int>& years) {
  if (years.empty()) {
    return Error::make("population_invalid", "there is no year to compute a rate for");
  }
  int64_t sum = 0;
  for (int year : years) {
    auto found = population.by_year.find(year);
    if (found == population.by_year.end()) {
      return Error::make("population_missing_year",
                         "the population file has no figure for " + std::to_string(year),
                         std::to_string(year));
    }
    sum += found->second;
  }
  return sum;
}

double rate_per_100000(int64_t count, int64_t population) {
  const double rate = static_cast<double>(count) * 100000.0 / static_cast<double>(population);
  return std::round(rate * 1000.0) / 1000.0;
}

}  // namespace opennrm::stats

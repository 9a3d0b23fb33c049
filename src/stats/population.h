#pragma once

// Population figures for the rate of SDG indicator 16.2.2 (victims per 100,000 population).
//
// File format: CSV with the header `year,population`, then one line per year: a four-digit
// year and the jurisdiction's whole population that year as a positive integer, e.g.
//   year,population
//   2024,8917205
// A year may appear once; blank lines are ignored.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace opennrm::stats {

struct Population {
  std::map<int, int64_t> by_year;
};

// `source` names the file in error messages, which give the line.
ErrorOr<Population> parse_population_csv(std::string_view csv, std::string_view source);
ErrorOr<Population> load_population_csv(const std::filesystem::path& path);

// The population of `years` summed (person-years); a year missing from the file is an error.
ErrorOr<int64_t> population_of_years(const Population& population, const std::vector<int>& years);

// A count per 100,000 of `population`, rounded to three decimals, as every rendering shows it.
double rate_per_100000(int64_t count, int64_t population);

}  // namespace opennrm::stats

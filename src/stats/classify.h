#pragma once

// How the statistics group a person: citizenship group, internal or transnational trafficking,
// and age group (statistics.md "Counting"; rulebook section 1).

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace opennrm::stats {

// A set of ISO 3166-1 alpha-2 country codes.
using CountrySet = std::set<std::string, std::less<>>;

// Parses a country list in the format of data/eu-member-states.csv: a header whose first field
// is `iso2`, then one country a line, its code (two capital letters) first. `source` names the
// file in error messages, which give the line.
ErrorOr<CountrySet> parse_country_list(std::string_view csv, std::string_view source);

// The EU member states of data/eu-member-states.csv, embedded at build time.
const CountrySet& eu_member_states();

// `national` (the jurisdiction's country), `eu` (another member of `eu_members`), `non_eu`,
// `stateless`, or `unknown` (no citizenship recorded, or recorded as `unknown`), for the first
// citizenship recorded.
std::string citizenship_group(std::string_view first_citizenship,
                              std::string_view jurisdiction_country, const CountrySet& eu_members);

// Rulebook section 1, read literally: `internal` when every country of exploitation is the
// jurisdiction's country and that is one of the person's citizenships; `unknown` without
// countries of exploitation; otherwise `transnational` (also when no citizenship is recorded).
std::string trafficking_scope(const std::vector<std::string>& citizenship,
                              const std::vector<std::string>& countries_of_exploitation,
                              std::string_view jurisdiction_country);

// The age group of a rulebook `age_status` at identification: `child` for `child` and
// `presumed_child`, `adult`, otherwise `unknown`.
std::string age_group(std::string_view age_status);

}  // namespace opennrm::stats

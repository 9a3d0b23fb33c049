#pragma once

// How the statistics group a person by citizenship (statistics.md "Counting"). Internal or
// transnational trafficking is the rules' definition (rules/trafficking.h) and the age group the
// case store's (store/fact_tables.h), since both are kept in the database's facts.

#include <set>
#include <string>
#include <string_view>

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

}  // namespace opennrm::stats

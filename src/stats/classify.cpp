#include "stats/classify.h"

#include "stats/csv_lines.h"

#include <stdexcept>

#include "rules/vocabulary.h"

namespace opennrm::stats {

// Defined in the file CMake generates from data/eu-member-states.csv.
extern const std::string_view kEuMemberStatesCsv;

namespace {

std::string_view first_field(std::string_view line) {
  return line.substr(0, line.find(','));
}

}  // namespace

ErrorOr<CountrySet> parse_country_list(std::string_view csv, std::string_view source) {
  CountrySet countries;
  bool header_seen = false;
  TRY(for_each_csv_line(
      csv, source, [&](std::string_view line, const std::string& where) -> ErrorOr<void> {
        if (!header_seen) {
          if (first_field(line) != "iso2") {
            return Error::make("country_list_invalid", "the header must start with 'iso2'", where);
          }
          header_seen = true;
          return {};
        }
        if (line.empty()) return {};
        const std::string_view code = first_field(line);
        if (!rules::is_country_code(code)) {
          return Error::make("country_list_invalid",
                             "'" + std::string(code) + "' is not a two-capital-letter country code",
                             where);
        }
        if (!countries.emplace(code).second) {
          return Error::make("country_list_invalid", "'" + std::string(code) + "' is listed twice",
                             where);
        }
        return {};
      }));
  if (!header_seen) {
    return Error::make("country_list_invalid", "the country list is empty", std::string(source));
  }
  return countries;
}

const CountrySet& eu_member_states() {
  static const CountrySet members = [] {
    auto parsed = parse_country_list(kEuMemberStatesCsv, "data/eu-member-states.csv");
    // The file is checked by the tests; a broken copy is a build defect, not a user error.
    if (parsed.is_error()) throw std::logic_error(parsed.error().message);
    return parsed.release_value();
  }();
  return members;
}

std::string citizenship_group(std::string_view first_citizenship,
                              std::string_view jurisdiction_country, const CountrySet& eu_members) {
  if (first_citizenship.empty() || first_citizenship == "unknown") return "unknown";
  if (first_citizenship == "stateless") return "stateless";
  if (first_citizenship == jurisdiction_country) return "national";
  if (eu_members.contains(first_citizenship)) return "eu";
  return "non_eu";
}

}  // namespace opennrm::stats

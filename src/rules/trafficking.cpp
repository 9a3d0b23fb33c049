#include "rules/trafficking.h"

#include <algorithm>

namespace opennrm::rules {

std::string_view trafficking_kind(const Person& person, std::string_view jurisdiction_country) {
  const auto& countries = person.countries_of_exploitation;
  if (countries.empty()) return "unknown";
  const bool only_here = std::all_of(countries.begin(), countries.end(), [&](const auto& country) {
    return country == jurisdiction_country;
  });
  if (!only_here) return "transnational";
  if (person.citizenship.empty()) return "unknown";
  const bool citizen = std::find(person.citizenship.begin(), person.citizenship.end(),
                                 jurisdiction_country) != person.citizenship.end();
  return citizen ? "internal" : "transnational";
}

}  // namespace opennrm::rules

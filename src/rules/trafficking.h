#pragma once

// Whether a person's trafficking was internal or transnational (rulebook section 1). The case
// store keeps this in its statistics facts and the statistics count by it; both call this one
// definition.

#include <string_view>

#include "rules/case_view.h"

namespace opennrm::rules {

// `internal` when every country of exploitation is the jurisdiction's country and that country
// is one of the person's citizenships; `transnational` when a country of exploitation is
// another country, or when every one is the jurisdiction's country and the person is not its
// citizen (a foreigner or a stateless person brought here); `unknown` without data: without a
// country of exploitation, or when the person was exploited only here and no citizenship is
// recorded (the answer turns on the missing citizenship).
std::string_view trafficking_kind(const Person& person, std::string_view jurisdiction_country);

}  // namespace opennrm::rules

#pragma once

// A date written in a test as text ("2026-01-10"); a malformed one is a mistake in the test.

#include "core/date.h"

namespace opennrm::testing {

inline Date d(const char* text) {
  return Date::parse(text).value();
}

}  // namespace opennrm::testing

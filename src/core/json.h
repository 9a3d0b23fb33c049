#pragma once

// Writing JSON for people and programs alike. Boost.JSON prints doubles in exponent form
// ("9E-1"), which is valid but hard to read in a report; this writer prints the shortest decimal
// that reads back to the same double ("0.9"), and otherwise matches boost::json::serialize.

#include <string>

#include <boost/json/value.hpp>

namespace opennrm {

std::string to_json_text(const boost::json::value& value);

}  // namespace opennrm

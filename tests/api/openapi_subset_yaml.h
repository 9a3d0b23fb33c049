#pragma once

// A reader for the plain subset of YAML that docs/api/openapi.yaml keeps to: block mappings and
// sequences by indentation, flow sequences of scalars, plain, single- and double-quoted scalars,
// folded block scalars (">" and ">-"), and comment lines. Anything else is a test failure
// (std::runtime_error naming the line), not a silent misreading.

#include <string>

#include <boost/json/value.hpp>

namespace opennrm::api::testing {

boost::json::value read_yaml_subset(const std::string& text);

}  // namespace opennrm::api::testing

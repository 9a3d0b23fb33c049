#pragma once

// Reading a jurisdiction policy from TOML (rulebook section 4). Every key is required; an
// unknown, missing or ill-typed key makes the file invalid, and the error names the dotted key.

#include <string>
#include <string_view>

#include "core/error.h"
#include "policy/policy.h"

namespace opennrm::policy {

// Parses policy TOML text. `source_name` (a path, or "database") is used in messages.
ErrorOr<Policy> parse_policy(std::string_view toml_text, std::string_view source_name);

// Reads and parses a policy file; a file that cannot be read is an error naming the path.
ErrorOr<Policy> load_policy_file(const std::string& path);

// Writes a policy back as TOML that parse_policy accepts (used to keep a database's policy).
std::string to_toml(const Policy& policy);

}  // namespace opennrm::policy

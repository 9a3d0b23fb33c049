#include "cli/commands.h"

namespace opennrm::cli {

// Placeholder until this area's commands exist.
void add_policy_commands(CLI::App& /*app*/, int& /*exit_code*/) {}

}  // namespace opennrm::cli

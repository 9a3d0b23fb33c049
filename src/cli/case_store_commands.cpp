#include "cli/commands.h"

namespace opennrm::cli {

// Placeholder until this area's commands exist.
void add_case_store_commands(CLI::App& /*case_command*/, int& /*exit_code*/) {}

}  // namespace opennrm::cli

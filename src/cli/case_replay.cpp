#include "cli/commands.h"

namespace opennrm::cli {

// Placeholder until this area's commands exist.
void add_case_replay(CLI::App& /*case_command*/, int& /*exit_code*/) {}

}  // namespace opennrm::cli

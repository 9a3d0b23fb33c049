#include "cli/commands.h"

namespace opennrm::cli {

// Placeholder until this area's commands exist.
void add_store_commands(CLI::App& /*app*/, int& /*exit_code*/) {}

}  // namespace opennrm::cli

#pragma once

// Each area of OpenNRM adds its own subcommands to the `opennrm` command line. A command's
// callback stores its exit code in `exit_code`: 0 success, 1 a finding the spec calls a failure
// (a policy violation, a paper tiger, a broken audit chain), 2 invalid input.

#include <CLI/CLI.hpp>

namespace opennrm::cli {

// `case replay` (rulebook section 5), on the `case` subcommand.
void add_case_replay(CLI::App& case_command, int& exit_code);
// `case new`, `case record`, `case show` over a database, on the `case` subcommand.
void add_case_store_commands(CLI::App& case_command, int& exit_code);
// `init`, `alerts`, `import cases`, `demo`.
void add_store_commands(CLI::App& app, int& exit_code);
// `policy check`.
void add_policy_commands(CLI::App& app, int& exit_code);
// `stats` (statistics.md) and `export htcds`.
void add_stats_commands(CLI::App& app, int& exit_code);
// `agency add`, `user add`, `audit verify`.
void add_account_commands(CLI::App& app, int& exit_code);
// `serve`.
void add_serve_command(CLI::App& app, int& exit_code);
// `plan check` (action-plan.md) and the stored plans: import, list, progress, show, history,
// replace, export.
void add_plan_commands(CLI::App& app, int& exit_code);

}  // namespace opennrm::cli

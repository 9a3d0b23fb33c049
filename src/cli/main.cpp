#include <cstdio>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"OpenNRM: a National Referral Mechanism for victims of trafficking", "opennrm"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "opennrm 0.1.0");

  int exit_code = 0;
  auto* case_command = app.add_subcommand("case", "Replay, open, record and show cases");
  case_command->require_subcommand(1);
  opennrm::cli::add_case_replay(*case_command, exit_code);
  opennrm::cli::add_case_store_commands(*case_command, exit_code);
  opennrm::cli::add_store_commands(app, exit_code);
  opennrm::cli::add_policy_commands(app, exit_code);
  opennrm::cli::add_plan_commands(app, exit_code);
  opennrm::cli::add_account_commands(app, exit_code);
  opennrm::cli::add_serve_command(app, exit_code);
  opennrm::cli::add_stats_commands(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version are successes; every other usage error is invalid input (exit 2).
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  std::fflush(stdout);
  return exit_code;
}

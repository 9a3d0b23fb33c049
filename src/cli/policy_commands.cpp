#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "core/json.h"
#include "policy/compliance.h"
#include "policy/policy_file.h"

namespace opennrm::cli {

namespace {

struct PolicyCheckOptions {
  std::string format = "json";
  std::string file;
};

// `policy check` (rulebook section 5): 0 without a violation, 1 with one, 2 for a file that
// cannot be read or is not a valid policy (then nothing is printed on standard output).
int run_policy_check(const PolicyCheckOptions& options) {
  auto loaded = policy::load_policy_file(options.file);
  if (loaded.is_error()) {
    std::cerr << "opennrm policy check: " << loaded.error().message << "\n";
    return 2;
  }
  const policy::Policy& checked = loaded.value();
  auto findings = policy::check_compliance(checked);
  if (options.format == "text") {
    std::cout << policy::compliance_report_text(checked, findings);
  } else {
    std::cout << to_json_text(policy::compliance_report_json(checked, findings)) << "\n";
  }
  std::cout.flush();
  return policy::is_compliant(findings) ? 0 : 1;
}

}  // namespace

void add_policy_commands(CLI::App& app, int& exit_code) {
  auto* policy_command = app.add_subcommand("policy", "Jurisdiction policies");
  policy_command->require_subcommand(1);
  auto* check = policy_command->add_subcommand(
      "check", "Check a policy against CETS 197, EU law and the OSCE recommendations");
  auto options = std::make_shared<PolicyCheckOptions>();
  check->add_option("--format", options->format, "json (default) or text")
      ->check(CLI::IsMember({"json", "text"}));
  check->add_option("FILE.toml", options->file, "The policy file")->required();
  check->callback([options, &exit_code] { exit_code = run_policy_check(*options); });
}

}  // namespace opennrm::cli

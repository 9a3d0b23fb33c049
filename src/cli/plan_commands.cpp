#include <iostream>
#include <memory>
#include <string>

#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "core/date.h"
#include "plans/assessment.h"
#include "plans/plan_file.h"
#include "plans/report.h"

namespace opennrm::cli {

namespace {

struct PlanCheckOptions {
  bool eu = false;
  std::string as_of;
  std::string format = "json";
  std::string path;
};

// Exit 0 for an actionable plan or one that needs work, 1 for a paper tiger, 2 for an invalid
// file or date (with the message on standard error and nothing on standard output).
int run_plan_check(const PlanCheckOptions& options) {
  Date as_of = Date::today_local();
  if (!options.as_of.empty()) {
    auto parsed = Date::parse(options.as_of);
    if (parsed.is_error()) {
      std::cerr << "opennrm plan check: --as-of: " << parsed.error().message << "\n";
      return 2;
    }
    as_of = parsed.value();
  }
  auto plan = plans::load_plan_file(options.path);
  if (plan.is_error()) {
    std::cerr << "opennrm plan check: " << plan.error().message << "\n";
    return 2;
  }
  auto assessment = plans::assess(plan.value(), as_of, options.eu);
  if (options.format == "text") {
    std::cout << plans::to_text(plan.value(), assessment);
  } else {
    std::cout << boost::json::serialize(plans::to_json(assessment)) << "\n";
  }
  return assessment.verdict == plans::Verdict::paper_tiger ? 1 : 0;
}

}  // namespace

void add_plan_commands(CLI::App& app, int& exit_code) {
  auto* plan = app.add_subcommand("plan", "Check national action plans");
  plan->require_subcommand(1);
  auto options = std::make_shared<PlanCheckOptions>();
  auto* check = plan->add_subcommand(
      "check", "Assess whether an action plan is actionable, needs work or is a paper tiger");
  check->add_flag("--eu", options->eu, "Also require the dimensions EU law adds");
  check->add_option("--as-of", options->as_of,
                    "Monitoring date, YYYY-MM-DD (default: today's local date)");
  check->add_option("--format", options->format, "Output format (default: json)")
      ->check(CLI::IsMember({"json", "text"}));
  check->add_option("PLAN.toml", options->path, "The plan file")->required();
  check->callback([options, &exit_code] { exit_code = run_plan_check(*options); });
}

}  // namespace opennrm::cli

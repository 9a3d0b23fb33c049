// `plan check` assesses a plan file (action-plan.md); `plan import`, `list`, `progress`,
// `replace`, `show`, `history` and `export` keep plans, their versions and their progress in
// the database.

#include <iostream>
#include <memory>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/plan_json.h"
#include "cli/commands.h"
#include "cli/store_cli.h"
#include "core/date.h"
#include "core/json.h"
#include "plans/assessment.h"
#include "plans/plan_file.h"
#include "plans/report.h"
#include "store/plan_store.h"

namespace opennrm::cli {

namespace {

using store_cli::fail;

struct AssessOptions {
  bool eu = false;
  std::string as_of;
  std::string format = "json";
};

struct PlanOptions {
  AssessOptions assess;
  std::string path;
  std::string db;
  int64_t plan_id = 0;
  std::string action;
  std::string date;
  double percent = 0;
  double spent = 0;
  std::string note;
  const CLI::Option* note_given = nullptr;
  int64_t version = 0;
  const CLI::Option* version_given = nullptr;
};

void print_json(const boost::json::value& value) {
  std::cout << to_json_text(value) << "\n";
}

// Prints the assessment of a plan; exit 0 for an actionable plan or one that needs work, 1 for
// a paper tiger.
int print_assessment(const plans::Plan& plan, Date as_of, const AssessOptions& options) {
  auto assessment = plans::assess(plan, as_of, options.eu);
  if (options.format == "text") {
    std::cout << plans::to_text(plan, assessment);
  } else {
    print_json(plans::to_json(assessment));
  }
  return assessment.verdict == plans::Verdict::paper_tiger ? 1 : 0;
}

// Exit 2 for an invalid file or date, with the message on standard error and nothing on
// standard output.
int run_plan_check(const PlanOptions& options) {
  auto as_of = store_cli::as_of_option(options.assess.as_of);
  auto plan = as_of ? plans::load_plan_file(options.path) : as_of.release_error();
  if (plan.is_error()) {
    std::cerr << "opennrm plan check: " << plan.error().message << "\n";
    return 2;
  }
  return print_assessment(plan.value(), *as_of, options.assess);
}

// Runs a database command; its errors are invalid input (exit 2, message on standard error).
template <typename Command>
int run_on_store(const PlanOptions& options, store::PlanStore::Create create, Command command) {
  auto result = [&]() -> ErrorOr<int> {
    auto store = TRY(store::PlanStore::open(options.db, create));
    return command(store);
  }();
  return result.is_error() ? fail(result.error()) : *result;
}

// How messages name the plan file read from `path`.
std::string source_name(const std::string& path) {
  return path == "-" ? "standard input" : path;
}

int plan_import(const PlanOptions& options) {
  return run_on_store(options, store::PlanStore::Create::if_missing,
                      [&](store::PlanStore& store) -> ErrorOr<int> {
                        auto text = TRY(store_cli::read_input(options.path));
                        auto plan_id = TRY(store.import_plan(text, source_name(options.path)));
                        print_json(boost::json::object{{"plan_id", plan_id}});
                        return 0;
                      });
}

int plan_replace(const PlanOptions& options) {
  return run_on_store(
      options, store::PlanStore::Create::never, [&](store::PlanStore& store) -> ErrorOr<int> {
        auto text = TRY(store_cli::read_input(options.path));
        auto version = TRY(store.replace_plan(options.plan_id, text, source_name(options.path)));
        print_json(boost::json::object{{"plan_id", options.plan_id}, {"version", version}});
        return 0;
      });
}

int plan_list(const PlanOptions& options) {
  return run_on_store(options, store::PlanStore::Create::never,
                      [&](store::PlanStore& store) -> ErrorOr<int> {
                        auto summaries = TRY(store.list_plans());
                        boost::json::array plans;
                        for (const auto& summary : summaries) {
                          plans.push_back(api::plan_summary_json(summary));
                        }
                        print_json(boost::json::object{{"plans", std::move(plans)}});
                        return 0;
                      });
}

ErrorOr<plans::Progress> progress_option(const PlanOptions& options) {
  auto date = Date::parse(options.date);
  if (date.is_error()) {
    return Error::make("invalid_date", fmt::format("--date: {}", date.error().message), "date");
  }
  std::optional<std::string> note;
  if (options.note_given->count() > 0) note = options.note;
  return plans::Progress{options.action, date.value(), options.percent, options.spent, note};
}

int plan_progress(const PlanOptions& options) {
  return run_on_store(options, store::PlanStore::Create::never,
                      [&](store::PlanStore& store) -> ErrorOr<int> {
                        auto progress = TRY(progress_option(options));
                        auto record = TRY(store.record_progress(options.plan_id, progress));
                        print_json(api::plan_progress_json(options.plan_id, record));
                        return 0;
                      });
}

int plan_show(const PlanOptions& options) {
  return run_on_store(options, store::PlanStore::Create::never,
                      [&](store::PlanStore& store) -> ErrorOr<int> {
                        Date as_of = TRY(store_cli::as_of_option(options.assess.as_of));
                        auto plan = TRY(store.load_plan(options.plan_id));
                        return print_assessment(plan, as_of, options.assess);
                      });
}

int plan_history(const PlanOptions& options) {
  return run_on_store(options, store::PlanStore::Create::never,
                      [&](store::PlanStore& store) -> ErrorOr<int> {
                        auto history = TRY(store.history(options.plan_id));
                        auto json = api::plan_history_json(history);
                        print_json(json);
                        return 0;
                      });
}

int plan_export(const PlanOptions& options) {
  return run_on_store(options, store::PlanStore::Create::never,
                      [&](store::PlanStore& store) -> ErrorOr<int> {
                        std::optional<int64_t> version;
                        if (options.version_given->count() > 0) version = options.version;
                        std::cout << TRY(store.export_toml(options.plan_id, version));
                        return 0;
                      });
}

void add_assess_options(CLI::App& command, AssessOptions& options) {
  command.add_flag("--eu", options.eu, "Also require the dimensions EU law adds");
  command.add_option("--as-of", options.as_of,
                     "Monitoring date, YYYY-MM-DD (default: today's local date)");
  command.add_option("--format", options.format, "Output format (default: json)")
      ->check(CLI::IsMember({"json", "text"}));
}

void add_db_option(CLI::App& command, PlanOptions& options) {
  command.add_option("--db", options.db, "Database file")->required();
}

void add_plan_id_option(CLI::App& command, PlanOptions& options) {
  add_db_option(command, options);
  command.add_option("--plan", options.plan_id, "Plan id (as `plan import` printed it)")
      ->required();
}

}  // namespace

void add_plan_commands(CLI::App& app, int& exit_code) {
  auto* plan = app.add_subcommand("plan", "Check, store and monitor national action plans");
  plan->require_subcommand(1);
  auto options = std::make_shared<PlanOptions>();
  auto on_run = [options, &exit_code](CLI::App* command, int (*run)(const PlanOptions&)) {
    command->callback([options, &exit_code, run] { exit_code = run(*options); });
  };

  auto* check = plan->add_subcommand(
      "check", "Assess whether an action plan is actionable, needs work or is a paper tiger");
  add_assess_options(*check, options->assess);
  check->add_option("PLAN.toml", options->path, "The plan file")->required();
  on_run(check, run_plan_check);

  auto* import = plan->add_subcommand(
      "import", "Store a plan file as a new plan (version 1); prints {\"plan_id\": n}");
  import->add_option("--db", options->db, "Database file (created when missing)")->required();
  import->add_option("PLAN.toml", options->path, "The plan file, or - for stdin")->required();
  on_run(import, plan_import);

  auto* list = plan->add_subcommand("list", "List the stored plans with their latest version");
  add_db_option(*list, *options);
  on_run(list, plan_list);

  auto* progress =
      plan->add_subcommand("progress", "Record a progress report on an action of a stored plan");
  add_plan_id_option(*progress, *options);
  progress->add_option("--action", options->action, "Action id")->required();
  progress->add_option("--date", options->date, "Date of the report, YYYY-MM-DD")->required();
  progress->add_option("--percent", options->percent, "How much is done, 0 to 100")->required();
  progress->add_option("--spent", options->spent,
                       "Money spent on the action so far, in its currency (default: 0)");
  options->note_given = progress->add_option("--note", options->note, "A note on the report");
  on_run(progress, plan_progress);

  auto* replace = plan->add_subcommand(
      "replace", "Store a plan file as the next version of a stored plan; the history is kept");
  add_plan_id_option(*replace, *options);
  replace->add_option("PLAN.toml", options->path, "The plan file, or - for stdin")->required();
  on_run(replace, plan_replace);

  auto* show = plan->add_subcommand(
      "show", "Assess a stored plan with all its progress, as `plan check` assesses a file");
  add_plan_id_option(*show, *options);
  add_assess_options(*show, options->assess);
  on_run(show, plan_show);

  auto* history = plan->add_subcommand(
      "history", "Print a stored plan's versions and progress reports in the order recorded");
  add_plan_id_option(*history, *options);
  on_run(history, plan_history);

  auto* exported = plan->add_subcommand(
      "export", "Print a stored plan with all its progress as a plan file (TOML)");
  add_plan_id_option(*exported, *options);
  options->version_given = exported->add_option(
      "--version", options->version, "Print this version's file exactly as it was stored instead");
  on_run(exported, plan_export);
}

}  // namespace opennrm::cli

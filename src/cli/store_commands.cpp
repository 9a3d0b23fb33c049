// `init`, `alerts`, `import cases` and `demo`: the commands over a whole case database.

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "cli/commands.h"
#include "cli/key_file.h"
#include "cli/store_cli.h"
#include "core/json.h"
#include "demo/demo.h"

namespace opennrm::cli {

namespace {

using namespace store_cli;

struct StoreOptions {
  std::string db;
  std::string policy;
  std::string as_of;
  std::string format = "json";
  std::string input;
  std::size_t cases = 0;
  uint64_t seed = 1;
};

// Opens the database, creating and initialising it with the --policy (or default) policy when
// it is new. On a database that has a policy, a --policy that differs is refused: every command
// on a database uses the same jurisdiction.
ErrorOr<store::CaseStore> open_or_create(const StoreOptions& options) {
  auto policy = TRY(policy_option(options.policy));
  auto store = TRY(store::CaseStore::open(options.db, store::CaseStore::Create::if_missing));
  if (!store.initialised()) {
    TRY(store.initialise(policy));
  } else if (!options.policy.empty() &&
             policy::to_toml(policy) != policy::to_toml(store.policy())) {
    return Error::make("policy_mismatch",
                       fmt::format("database {} keeps the policy of jurisdiction {}; {} differs",
                                   options.db, store.policy().jurisdiction.id, options.policy),
                       "policy");
  }
  return store;
}

int init(const StoreOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    auto policy = TRY(policy_option(options.policy));
    auto store = TRY(store::CaseStore::open(options.db, store::CaseStore::Create::if_missing));
    TRY(store.initialise(policy));
    // The server's field-encryption key, next to the database (unless OPENNRM_KEY holds it).
    TRY(ensure_key_file(options.db));
    print_json(boost::json::object{{"db", options.db}, {"jurisdiction", policy.jurisdiction.id}});
    return 0;
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

void print_alerts_text(Date as_of, const std::vector<store::CaseAlert>& alerts) {
  fmt::print("Alerts as of {}: {}\n", as_of.to_string(), alerts.size());
  if (alerts.empty()) return;
  fmt::print("{:<10}  {:>7}  {:<16}  {}\n", "DUE", "CASE", "CASE NUMBER", "ALERT");
  for (const auto& item : alerts) {
    fmt::print("{:<10}  {:>7}  {:<16}  {}\n",
               item.alert.due ? item.alert.due->to_string() : std::string("-"), item.case_id,
               item.case_number, item.alert.code);
  }
}

int alerts(const StoreOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    if (options.format != "json" && options.format != "text") {
      return Error::make("invalid_format", "--format must be json or text", "format");
    }
    Date as_of = TRY(as_of_option(options.as_of));
    auto store = TRY(open_initialised(options.db));
    auto found = TRY(store.alerts_as_of(as_of));
    if (options.format == "text") {
      print_alerts_text(as_of, found);
      return 0;
    }
    boost::json::array list;
    for (const auto& item : found) {
      list.push_back(boost::json::object{
          {"case_id", item.case_id},
          {"case_number", item.case_number},
          {"code", item.alert.code},
          {"due", item.alert.due ? boost::json::value(item.alert.due->to_string())
                                 : boost::json::value(nullptr)}});
    }
    print_json(boost::json::object{{"as_of", as_of.to_string()}, {"alerts", std::move(list)}});
    return 0;
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
}

// One line of `import cases`: {"ref": string, "events": [objects]}, or an error naming the line.
ErrorOr<boost::json::object> read_case_line(const std::string& line, std::size_t number) {
  auto malformed = [&](std::string_view why) {
    return Error::make("invalid_case_line",
                       fmt::format("line {}: {} (expected {{\"ref\": string, \"events\": "
                                   "[objects]}})",
                                   number, why),
                       fmt::format("line {}", number));
  };
  auto parsed = parse_json(line);
  if (parsed.is_error()) return malformed(fmt::format("not JSON: {}", parsed.error().message));
  auto value = parsed.release_value();
  if (!value.is_object()) return malformed("not a JSON object");
  auto& object = value.as_object();
  const auto* ref = object.if_contains("ref");
  if (ref == nullptr || !ref->is_string()) return malformed("\"ref\" is missing or not a string");
  const auto* events = object.if_contains("events");
  if (events == nullptr || !events->is_array()) {
    return malformed("\"events\" is missing or not a list");
  }
  for (std::size_t index = 0; index < events->as_array().size(); ++index) {
    if (!events->as_array()[index].is_object()) {
      return malformed(fmt::format("event {} is not a JSON object", index));
    }
  }
  return std::move(object);
}

int import_cases(const StoreOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    std::ifstream file;
    if (options.input != "-") {
      file.open(options.input, std::ios::binary);
      if (!file) return Error::make("unreadable", fmt::format("cannot read {}", options.input));
    }
    std::istream& in = options.input == "-" ? std::cin : file;
    auto store = TRY(open_or_create(options));
    auto bulk = TRY(store.bulk());
    const auto audited = audited_by_command_line("case.import", "imported");
    std::size_t cases = 0, events = 0, number = 0;
    boost::json::array rejected;
    std::string line;
    while (std::getline(in, line)) {
      ++number;
      if (blank(line)) continue;
      auto parsed = read_case_line(line, number);
      if (parsed.is_error()) {
        // The lines before stay stored; nothing of this one was written.
        TRY(bulk.commit());
        return parsed.release_error();
      }
      const auto& ref = parsed->at("ref").as_string();
      const auto& list = parsed->at("events").as_array();
      auto imported =
          TRY(bulk.import_case(std::string(ref), std::span(list.data(), list.size()), audited));
      ++cases;
      events += imported.stored;
      for (const auto& refused : imported.rejected) {
        rejected.push_back(
            boost::json::object{{"ref", ref}, {"index", refused.index}, {"code", refused.code}});
      }
    }
    if (in.bad()) return Error::make("unreadable", fmt::format("cannot read {}", options.input));
    TRY(bulk.commit());
    print_json(boost::json::object{
        {"cases", cases}, {"events", events}, {"rejected", std::move(rejected)}});
    return 0;
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

int demo(const StoreOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    auto store = TRY(open_or_create(options));
    auto summary = TRY(demo::run_demo(store, options.cases, options.seed));
    print_json(boost::json::object{{"cases", summary.cases},
                                   {"events", summary.events},
                                   {"rejected", summary.rejected},
                                   {"anchor", summary.anchor.to_string()}});
    return 0;
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

}  // namespace

void add_store_commands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<StoreOptions>();

  auto* init_command = app.add_subcommand(
      "init", "Create a case database that keeps one jurisdiction policy for good");
  init_command->add_option("--db", options->db, "Database file to create")->required();
  init_command->add_option("--policy", options->policy,
                           "Jurisdiction policy TOML (default: CETS 197 minimum)");
  init_command->callback([options, &exit_code] { exit_code = init(*options); });

  auto* alerts_command =
      app.add_subcommand("alerts", "Alerts of every open case on a date, soonest due first");
  alerts_command->add_option("--db", options->db, "Database file")->required();
  alerts_command->add_option("--as-of", options->as_of, "Date YYYY-MM-DD (default: today)");
  alerts_command->add_option("--format", options->format, "json (default) or text");
  alerts_command->callback([options, &exit_code] { exit_code = alerts(*options); });

  auto* import_command = app.add_subcommand("import", "Bulk import into a database");
  import_command->require_subcommand(1);
  auto* cases_command = import_command->add_subcommand(
      "cases", "Import one case a line, {\"ref\": ..., \"events\": [...]}, through the rules");
  cases_command->add_option("--db", options->db, "Database file (created when missing)")
      ->required();
  cases_command->add_option("--policy", options->policy,
                            "Policy for a new database (default: CETS 197 minimum)");
  cases_command->add_option("cases", options->input, "CASES.jsonl, or - for stdin")->required();
  cases_command->callback([options, &exit_code] { exit_code = import_cases(*options); });

  auto* demo_command = app.add_subcommand(
      "demo", "Fill a database with generated, reproducible case histories (no real people)");
  demo_command->add_option("--db", options->db, "Database file (created when missing)")->required();
  demo_command->add_option("--cases", options->cases, "Number of cases")->required();
  demo_command->add_option("--seed", options->seed, "Seed (default 1)");
  demo_command->add_option("--policy", options->policy,
                           "Policy for a new database (default: CETS 197 minimum)");
  demo_command->callback([options, &exit_code] { exit_code = demo(*options); });
}

}  // namespace opennrm::cli

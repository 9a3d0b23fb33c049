// `case new`, `case record` and `case show`: one case of a database at a time.

#include <memory>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "core/json.h"
#include "rules/case_view.h"

namespace opennrm::cli {

namespace {

using namespace store_cli;

struct CaseOptions {
  std::string db;
  int64_t case_id = 0;
  std::string input = "-";
  std::string as_of;
};

// One event, the only JSON value of the input (surrounding white space allowed).
ErrorOr<boost::json::value> read_event(const std::string& path) {
  std::string text = TRY(read_input(path));
  auto event = parse_json(text);
  if (event.is_error()) {
    return Error::make("invalid_json",
                       fmt::format("{} is not one JSON event: {}",
                                   path == "-" ? "standard input" : path, event.error().message),
                       path);
  }
  return event;
}

// Exit 1 and the rejection when the rules refused the event, else exit 0 and `stored`.
int report(const store::Recorded& recorded, boost::json::object stored, bool with_source) {
  if (!recorded.rejection) {
    print_json(stored);
    return 0;
  }
  boost::json::object rejected{{"code", recorded.rejection->code},
                               {"message", recorded.rejection->message}};
  if (with_source) rejected["source"] = recorded.rejection->source;
  print_json(boost::json::object{{"rejected", std::move(rejected)}});
  return 1;
}

int case_new(const CaseOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    auto event = TRY(read_event(options.input));
    auto store = TRY(open_initialised(options.db));
    auto recorded = TRY(store.open_case(event, audited_by_command_line("case.open", "opened")));
    return report(recorded, {{"case_id", recorded.case_id}}, false);
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

int case_record(const CaseOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    auto event = TRY(read_event(options.input));
    auto store = TRY(open_initialised(options.db));
    auto audited = audited_by_command_line("case.event", "event:" + text_field(event, "type"));
    auto recorded = TRY(store.append_event(options.case_id, event, audited));
    return report(recorded, {{"stored", true}, {"seq", recorded.seq}}, true);
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

int case_show(const CaseOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    Date as_of = TRY(as_of_option(options.as_of));
    auto store = TRY(open_initialised(options.db));
    auto shared = TRY(store.load_case(options.case_id));
    const store::LoadedCase& loaded = *shared;
    auto view = rules::to_json(loaded.file.as_of(as_of)).as_object();
    boost::json::array events;
    for (const auto& stored : loaded.events) events.push_back(store::event_record(stored));
    print_json(
        boost::json::object{{"case_id", loaded.summary.id},
                            {"case_number", loaded.summary.case_number},
                            {"ref", loaded.summary.ref ? boost::json::value(*loaded.summary.ref)
                                                       : boost::json::value(nullptr)},
                            {"as_of", as_of.to_string()},
                            {"state", view["state"]},
                            {"alerts", view["alerts"]},
                            {"events", std::move(events)}});
    return 0;
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

}  // namespace

void add_case_store_commands(CLI::App& case_command, int& exit_code) {
  auto options = std::make_shared<CaseOptions>();

  auto* open = case_command.add_subcommand(
      "new", "Open a case in a database with its `identified` event; prints {\"case_id\": n}");
  open->add_option("--db", options->db, "Database file (created by `opennrm init`)")->required();
  open->add_option("event", options->input, "The `identified` event as JSON, or - for stdin");
  open->callback([options, &exit_code] { exit_code = case_new(*options); });

  auto* record = case_command.add_subcommand(
      "record", "Append one event to a case; a refused event is reported (exit 1), not stored");
  record->add_option("--db", options->db, "Database file")->required();
  record->add_option("--case", options->case_id, "Case id")->required();
  record->add_option("event", options->input, "The event as JSON, or - for stdin");
  record->callback([options, &exit_code] { exit_code = case_record(*options); });

  auto* show = case_command.add_subcommand(
      "show", "Print a case's state and alerts on a date, and its stored events");
  show->add_option("--db", options->db, "Database file")->required();
  show->add_option("--case", options->case_id, "Case id")->required();
  show->add_option("--as-of", options->as_of, "Date YYYY-MM-DD (default: today)");
  show->callback([options, &exit_code] { exit_code = case_show(*options); });
}

}  // namespace opennrm::cli

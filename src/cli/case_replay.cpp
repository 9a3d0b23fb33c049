// `opennrm case replay` (rulebook section 5): replays a case's events, one JSON object a line,
// through the rules, and prints its state and alerts on a date with the refused lines.

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "cli/commands.h"
#include "core/date.h"
#include "core/error.h"
#include "core/json.h"
#include "policy/policy.h"
#include "policy/policy_file.h"
#include "rules/case_file.h"

namespace opennrm::cli {

namespace {

namespace json = boost::json;

struct ReplayOptions {
  std::optional<std::string> policy_path;  // Absent: the CETS 197 minimum policy.
  std::optional<std::string> as_of;        // Absent: today's local date.
  std::string events_path = "-";
};

// Names the option whose value is at fault in front of the reason.
Error about_option(std::string_view option, const Error& error) {
  return Error::make("invalid_input", fmt::format("{}: {}", option, error.message),
                     std::string(option));
}

// Reads all of a file, or of standard input for "-", as bytes.
ErrorOr<std::string> read_events(const std::string& path) {
  bool from_stdin = path == "-";
  std::FILE* file = from_stdin ? stdin : std::fopen(path.c_str(), "rb");
  std::string name = from_stdin ? "standard input" : path;
  if (file == nullptr) {
    return Error::make("unreadable", fmt::format("cannot open '{}' for reading", name), path);
  }
  std::string text;
  char buffer[65536];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, count);
  bool failed = std::ferror(file) != 0;
  if (!from_stdin) std::fclose(file);
  if (failed) return Error::make("unreadable", fmt::format("cannot read '{}'", name), path);
  return text;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

// Parses one line strictly (no NaN or Infinity, no comments, valid UTF-8 only); anything but a
// JSON object is an error naming the line.
ErrorOr<json::value> parse_line(std::string_view line, std::size_t number,
                                const std::string& source) {
  auto parsed = parse_json(line);
  if (parsed.is_error()) {
    return Error::make(
        "invalid_input",
        fmt::format("{} line {}: not a JSON object ({})", source, number, parsed.error().message),
        fmt::format("line {}", number));
  }
  json::value value = parsed.release_value();
  if (!value.is_object()) {
    return Error::make("invalid_input",
                       fmt::format("{} line {}: not a JSON object", source, number),
                       fmt::format("line {}", number));
  }
  return value;
}

// Replays every line and returns the output object, or the first reason the input is unusable.
ErrorOr<json::value> replay(const std::string& text, const std::string& source,
                            const policy::Policy& policy, Date as_of) {
  rules::CaseFile file(policy);
  json::array rejected;
  std::size_t number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++number;
    if (is_blank(line)) continue;
    json::value event = TRY(parse_line(line, number, source));
    if (auto rejection = file.record(event)) {
      rejected.push_back(json::object{{"line", number}, {"code", rejection->code}});
    }
  }
  json::value output = rules::to_json(file.as_of(as_of));
  output.as_object()["rejected"] = std::move(rejected);
  return output;
}

ErrorOr<json::value> run(const ReplayOptions& options) {
  policy::Policy policy = policy::coe_minimum();
  if (options.policy_path) {
    auto loaded = policy::load_policy_file(*options.policy_path);
    if (loaded.is_error()) return about_option("--policy", loaded.error());
    policy = loaded.release_value();
  }
  Date as_of = Date::today_local();
  if (options.as_of) {
    auto parsed = Date::parse(*options.as_of);
    if (parsed.is_error()) return about_option("--as-of", parsed.error());
    as_of = parsed.value();
  }
  std::string text = TRY(read_events(options.events_path));
  std::string source = options.events_path == "-" ? "standard input" : options.events_path;
  return replay(text, source, policy, as_of);
}

}  // namespace

void add_case_replay(CLI::App& case_command, int& exit_code) {
  auto options = std::make_shared<ReplayOptions>();
  auto* command = case_command.add_subcommand(
      "replay", "Replay a case's events (JSON Lines) and print its state and alerts on a date");
  command->add_option("--policy", options->policy_path,
                      "Jurisdiction policy (TOML); default: the CETS 197 minimum");
  command->add_option("--as-of", options->as_of, "Date of the state, YYYY-MM-DD; default: today");
  command->add_option("events", options->events_path, "Events file, or - for standard input");
  command->callback([options, &exit_code] {
    auto output = run(*options);
    if (output.is_error()) {
      std::cerr << "opennrm case replay: " << output.error().message << "\n";
      exit_code = 2;
      return;
    }
    std::cout << to_json_text(output.value()) << "\n";
    exit_code = 0;
  });
}

}  // namespace opennrm::cli

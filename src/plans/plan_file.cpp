#include "plans/plan_file.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <map>
#include <span>
#include <sstream>

#include <fmt/format.h>

#include <toml++/toml.h>

namespace opennrm::plans {

namespace {

constexpr std::string_view kInvalid = "plan_invalid";

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "text";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string join(std::span<const std::string_view> words) {
  std::string joined;
  for (auto word : words) {
    if (!joined.empty()) joined += ", ";
    joined += word;
  }
  return joined;
}

// Reads the keys of one table of the file ([plan], one [[action]] or one [[progress]]) and
// makes every error name the source, the line, the entry and the key.
class EntryReader {
 public:
  EntryReader(const toml::table& table, std::string_view source, std::string entry,
              std::string field)
      : table_(table), source_(source), entry_(std::move(entry)), field_(std::move(field)) {}

  // Once an action's id is known, errors name the action by it.
  void rename(std::string entry, std::string field) {
    entry_ = std::move(entry);
    field_ = std::move(field);
  }

  Error error(std::string_view key, std::string_view what) const {
    const toml::node* node = table_.get(key);
    auto line = (node ? node->source() : table_.source()).begin.line;
    return Error::make(std::string(kInvalid),
                       fmt::format("{}:{}: {}: key \"{}\" {}", source_, line, entry_, key, what),
                       fmt::format("{}.{}", field_, key));
  }

  ErrorOr<void> reject_unknown_keys(std::initializer_list<std::string_view> known) const {
    for (auto&& [key, value] : table_) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
        std::vector<std::string_view> expected(known);
        return error(key.str(), fmt::format("is unknown (expected one of {})", join(expected)));
      }
    }
    return {};
  }

  ErrorOr<std::optional<std::string>> optional_text(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::optional<std::string>{};
    if (!node->is_string()) return wrong_type(key, "text", *node);
    return std::optional<std::string>{node->as_string()->get()};
  }

  ErrorOr<std::string> required_text(std::string_view key) const {
    auto text = TRY(optional_text(key));
    if (!text) return error(key, "is missing");
    if (is_blank(*text)) return error(key, "is missing (it holds only white space)");
    return std::move(*text);
  }

  // Text that must be one of `choices`; `what` names one choice ("a pillar").
  ErrorOr<std::string> required_choice(std::string_view key,
                                       std::span<const std::string_view> choices,
                                       std::string_view what) const {
    auto text = TRY(required_text(key));
    TRY(check_choice(key, text, choices, what));
    return text;
  }

  ErrorOr<std::vector<std::string>> text_list(std::string_view key) const {
    std::vector<std::string> list;
    const toml::node* node = table_.get(key);
    if (!node) return list;
    if (!node->is_array()) return wrong_type(key, "an array of text", *node);
    for (const toml::node& element : *node->as_array()) {
      if (!element.is_string()) return wrong_type(key, "an array of text", element);
      list.push_back(element.as_string()->get());
    }
    return list;
  }

  ErrorOr<std::vector<std::string>> required_choice_list(std::string_view key,
                                                         std::span<const std::string_view> choices,
                                                         std::string_view what) const {
    if (!table_.get(key)) return error(key, "is missing");
    auto list = TRY(text_list(key));
    if (list.empty()) return error(key, "is empty: it must name at least one value");
    for (const auto& text : list) TRY(check_choice(key, text, choices, what));
    return list;
  }

  ErrorOr<std::optional<Date>> optional_date(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::optional<Date>{};
    if (!node->is_date()) {
      return wrong_type(key, "a TOML date such as 2026-01-31 (without quotes)", *node);
    }
    auto date = node->as_date()->get();
    auto parsed = Date::parse(fmt::format("{:04}-{:02}-{:02}", unsigned(date.year),
                                          unsigned(date.month), unsigned(date.day)));
    if (parsed.is_error()) return error(key, "is not a calendar date between 0001 and 9999");
    return std::optional<Date>{parsed.value()};
  }

  ErrorOr<Date> required_date(std::string_view key) const {
    auto date = TRY(optional_date(key));
    if (!date) return error(key, "is missing");
    return *date;
  }

  ErrorOr<std::optional<double>> optional_number(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::optional<double>{};
    double number = 0;
    if (node->is_integer()) {
      number = double(node->as_integer()->get());
    } else if (node->is_floating_point()) {
      number = node->as_floating_point()->get();
      if (!std::isfinite(number)) return error(key, "must be a finite number");
    } else {
      return wrong_type(key, "a number", *node);
    }
    return std::optional<double>{number};
  }

  ErrorOr<double> required_number(std::string_view key) const {
    auto number = TRY(optional_number(key));
    if (!number) return error(key, "is missing");
    return *number;
  }

 private:
  Error wrong_type(std::string_view key, std::string_view expected, const toml::node& found) const {
    return error(key, fmt::format("must be {}, not {}", expected, type_name(found)));
  }

  ErrorOr<void> check_choice(std::string_view key, std::string_view text,
                             std::span<const std::string_view> choices,
                             std::string_view what) const {
    if (std::find(choices.begin(), choices.end(), text) != choices.end()) return {};
    return error(key, fmt::format("has \"{}\", which is not {} (expected one of {})", text, what,
                                  join(choices)));
  }

  const toml::table& table_;
  std::string_view source_;
  std::string entry_;
  std::string field_;
};

ErrorOr<Plan> read_plan_header(const toml::table& root, std::string_view source) {
  EntryReader file(root, source, "the file", "file");
  const toml::node* node = root.get("plan");
  if (!node) return file.error("plan", "is missing (the file needs a [plan] table)");
  if (!node->is_table()) return file.error("plan", "must be a table ([plan])");
  EntryReader reader(*node->as_table(), source, "[plan]", "plan");
  TRY(reader.reject_unknown_keys({"title", "country", "start", "end"}));
  Plan plan;
  plan.title = TRY(reader.required_text("title"));
  plan.country = TRY(reader.required_text("country"));
  bool two_capitals =
      plan.country.size() == 2 && std::all_of(plan.country.begin(), plan.country.end(),
                                              [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!two_capitals) {
    return reader.error("country", fmt::format("has \"{}\", which is not two capital letters "
                                               "(an ISO 3166-1 alpha-2 code such as \"XX\")",
                                               plan.country));
  }
  plan.start = TRY(reader.required_date("start"));
  plan.end = TRY(reader.required_date("end"));
  if (plan.end < plan.start) return reader.error("end", "is before the plan's start");
  return plan;
}

// The tables of an array of tables (`[[name]]`); absent, there are none.
ErrorOr<std::vector<const toml::table*>> tables_of(const toml::table& root, std::string_view name,
                                                   std::string_view source) {
  std::vector<const toml::table*> tables;
  const toml::node* node = root.get(name);
  if (!node) return tables;
  if (!node->is_array_of_tables()) {
    return EntryReader(root, source, "the file", "file")
        .error(name, fmt::format("must be an array of tables ([[{}]])", name));
  }
  for (const toml::node& element : *node->as_array()) tables.push_back(element.as_table());
  return tables;
}

ErrorOr<Action> read_action(const toml::table& table, std::string_view source, size_t number) {
  EntryReader reader(table, source, fmt::format("action #{}", number),
                     fmt::format("action[{}]", number));
  Action action;
  action.id = TRY(reader.required_text("id"));
  reader.rename(fmt::format("action \"{}\"", action.id), fmt::format("action[{}]", action.id));
  TRY(reader.reject_unknown_keys({"id", "title", "pillar", "covers", "responsible", "partners",
                                  "start", "end", "staff_fte", "budget", "currency", "indicator",
                                  "target"}));
  action.title = TRY(reader.required_text("title"));
  action.pillar = TRY(reader.required_choice("pillar", kPillars, "a pillar"));
  action.covers = TRY(reader.required_choice_list("covers", kCoverValues, "a dimension"));
  action.responsible = TRY(reader.optional_text("responsible"));
  action.partners = TRY(reader.text_list("partners"));
  action.start = TRY(reader.optional_date("start"));
  action.end = TRY(reader.optional_date("end"));
  action.staff_fte = TRY(reader.optional_number("staff_fte"));
  action.budget = TRY(reader.optional_number("budget"));
  action.currency = TRY(reader.optional_text("currency"));
  action.indicator = TRY(reader.optional_text("indicator"));
  action.target = TRY(reader.optional_text("target"));
  return action;
}

ErrorOr<std::vector<Action>> read_actions(const toml::table& root, std::string_view source) {
  std::vector<Action> actions;
  // The line where each id was first used, to point at both places of a duplicate.
  std::map<std::string, int64_t, std::less<>> first_line;
  auto tables = TRY(tables_of(root, "action", source));
  for (size_t i = 0; i < tables.size(); ++i) {
    Action action = TRY(read_action(*tables[i], source, i + 1));
    auto id_line = tables[i]->get("id")->source().begin.line;
    auto [previous, inserted] = first_line.emplace(action.id, id_line);
    if (!inserted) {
      EntryReader reader(*tables[i], source, fmt::format("action \"{}\"", action.id),
                         fmt::format("action[{}]", action.id));
      return reader.error("id", fmt::format("repeats the id \"{}\" already used on line {}",
                                            action.id, previous->second));
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

ErrorOr<Progress> read_progress_entry(const toml::table& table, std::string_view source,
                                      size_t number, const Plan& plan) {
  EntryReader reader(table, source, fmt::format("progress #{}", number),
                     fmt::format("progress[{}]", number));
  TRY(reader.reject_unknown_keys({"action", "date", "percent", "spent", "note"}));
  Progress progress;
  progress.action = TRY(reader.required_text("action"));
  reader.rename(fmt::format("progress #{} on action \"{}\"", number, progress.action),
                fmt::format("progress[{}]", number));
  progress.date = TRY(reader.required_date("date"));
  progress.percent = TRY(reader.required_number("percent"));
  progress.spent = TRY(reader.optional_number("spent")).value_or(0);
  progress.note = TRY(reader.optional_text("note"));
  if (auto fault = progress_fault(plan, progress)) return reader.error(fault->key, fault->what);
  return progress;
}

ErrorOr<std::vector<Progress>> read_progress(const toml::table& root, std::string_view source,
                                             const Plan& plan) {
  std::vector<Progress> reports;
  auto tables = TRY(tables_of(root, "progress", source));
  for (size_t i = 0; i < tables.size(); ++i) {
    reports.push_back(TRY(read_progress_entry(*tables[i], source, i + 1, plan)));
  }
  return reports;
}

// TOML basic strings: quotes, backslashes and control characters are escaped; the rest of
// UTF-8 is written as it is.
std::string toml_string(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\t':
        quoted += "\\t";
        break;
      case '\r':
        quoted += "\\r";
        break;
      default:
        if ((unsigned char)c < 0x20 || c == 0x7f) {
          quoted += fmt::format("\\u{:04X}", unsigned((unsigned char)c));
        } else {
          quoted += c;
        }
    }
  }
  return quoted + "\"";
}

// Whole numbers are written as integers (as people write budgets); others in the shortest form
// that reads back to the same double.
std::string toml_number(double number) {
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (std::trunc(number) == number && std::fabs(number) <= kExactIntegers) {
    return fmt::format("{}", int64_t(number));
  }
  std::string text = fmt::format("{}", number);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

std::string toml_list(const std::vector<std::string>& list) {
  std::string text = "[";
  for (const auto& item : list) {
    if (text.size() > 1) text += ", ";
    text += toml_string(item);
  }
  return text + "]";
}

void write_action(std::string& out, const Action& action) {
  auto line = [&](std::string_view key, const std::string& value) {
    out += fmt::format("{} = {}\n", key, value);
  };
  auto text = [&](std::string_view key, const std::optional<std::string>& value) {
    if (value) line(key, toml_string(*value));
  };
  auto date = [&](std::string_view key, const std::optional<Date>& value) {
    if (value) line(key, value->to_string());
  };
  auto number = [&](std::string_view key, const std::optional<double>& value) {
    if (value) line(key, toml_number(*value));
  };
  out += "\n[[action]]\n";
  line("id", toml_string(action.id));
  line("title", toml_string(action.title));
  line("pillar", toml_string(action.pillar));
  line("covers", toml_list(action.covers));
  text("responsible", action.responsible);
  if (!action.partners.empty()) line("partners", toml_list(action.partners));
  date("start", action.start);
  date("end", action.end);
  number("staff_fte", action.staff_fte);
  number("budget", action.budget);
  text("currency", action.currency);
  text("indicator", action.indicator);
  text("target", action.target);
}

void write_progress(std::string& out, const Progress& progress) {
  out += fmt::format("\n[[progress]]\naction = {}\ndate = {}\npercent = {}\nspent = {}\n",
                     toml_string(progress.action), progress.date.to_string(),
                     toml_number(progress.percent), toml_number(progress.spent));
  if (progress.note) out += fmt::format("note = {}\n", toml_string(*progress.note));
}

}  // namespace

ErrorOr<Plan> parse_plan(std::string_view toml_text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string(source_name));
  } catch (const toml::parse_error& e) {
    auto line = e.source().begin.line;
    return Error::make(std::string(kInvalid),
                       fmt::format("{}:{}: not valid TOML: {}", source_name, line, e.description()),
                       fmt::format("line {}", line));
  }
  TRY(EntryReader(root, source_name, "the file", "file")
          .reject_unknown_keys({"plan", "action", "progress"}));
  Plan plan = TRY(read_plan_header(root, source_name));
  plan.actions = TRY(read_actions(root, source_name));
  plan.progress = TRY(read_progress(root, source_name, plan));
  return plan;
}

ErrorOr<Plan> load_plan_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::make("file_unreadable", fmt::format("cannot read the plan file {}", path), path);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return Error::make("file_unreadable", fmt::format("cannot read the plan file {}", path), path);
  }
  return parse_plan(buffer.str(), path);
}

std::optional<ProgressFault> progress_fault(const Plan& plan, const Progress& progress) {
  if (!find_action(plan, progress.action)) {
    return ProgressFault{"action", fmt::format("names \"{}\", which is not an action of this plan",
                                               progress.action)};
  }
  // Written as negations so that NaN, which compares false with everything, is refused too.
  if (!(progress.percent >= 0 && progress.percent <= 100)) {
    return ProgressFault{"percent",
                         fmt::format("must lie between 0 and 100, not {}", progress.percent)};
  }
  if (!(progress.spent >= 0) || !std::isfinite(progress.spent)) {
    return ProgressFault{
        "spent", fmt::format("must be a finite number not below zero, not {}", progress.spent)};
  }
  return std::nullopt;
}

std::string to_toml(const Plan& plan) {
  std::string out = fmt::format("[plan]\ntitle = {}\ncountry = {}\nstart = {}\nend = {}\n",
                                toml_string(plan.title), toml_string(plan.country),
                                plan.start.to_string(), plan.end.to_string());
  for (const auto& action : plan.actions) write_action(out, action);
  for (const auto& progress : plan.progress) write_progress(out, progress);
  return out;
}

}  // namespace opennrm::plans

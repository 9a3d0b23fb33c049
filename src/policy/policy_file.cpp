#include "policy/policy_file.h"

#include <toml++/toml.h>
#include <climits>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>
#include <variant>
#include <vector>

namespace opennrm::policy {

namespace {

// Where a key's value lives in Policy: a function that returns a reference to the member. One
// template instance per key keeps the key table below to one line per key.
template <typename T>
using Member = T& (*)(Policy&);
using AnyMember =
    std::variant<Member<bool>, Member<int>, Member<std::string>, Member<std::vector<std::string>>>;

template <auto section, auto field>
auto& member_of(Policy& policy) {
  return (policy.*section).*field;
}

struct Key {
  std::string_view table;
  std::string_view name;
  AnyMember member;

  std::string dotted() const { return std::string(table) + "." + std::string(name); }
};

// A macro, because the key's name is needed both as text and as a member name, and the
// section's struct type is spelled through decltype of the member.
#define OPENNRM_POLICY_KEY(table, section, field)                                  \
  Key {                                                                            \
    table, #field, &member_of<&Policy::section, &decltype(Policy::section)::field> \
  }

// Every key of rulebook section 4, in the file's order. Parsing, checking and writing all walk
// this one table, so a key added to Policy needs one line here.
const Key kKeys[] = {
    OPENNRM_POLICY_KEY("jurisdiction", jurisdiction, id),
    OPENNRM_POLICY_KEY("jurisdiction", jurisdiction, name),
    OPENNRM_POLICY_KEY("jurisdiction", jurisdiction, country),
    OPENNRM_POLICY_KEY("jurisdiction", jurisdiction, eu_member),
    OPENNRM_POLICY_KEY("identification", identification, two_stage),
    OPENNRM_POLICY_KEY("identification", identification, reasonable_grounds_days),
    OPENNRM_POLICY_KEY("reflection", reflection, days),
    OPENNRM_POLICY_KEY("reflection", reflection, child_days),
    OPENNRM_POLICY_KEY("reflection", reflection, notice_days),
    OPENNRM_POLICY_KEY("reflection", reflection, refusal_reasons),
    OPENNRM_POLICY_KEY("assistance", assistance, conditional_on_cooperation),
    OPENNRM_POLICY_KEY("residence", residence, min_months),
    OPENNRM_POLICY_KEY("residence", residence, renewable),
    OPENNRM_POLICY_KEY("residence", residence, conditional_on_cooperation),
    OPENNRM_POLICY_KEY("residence", residence, labour_market_access),
    OPENNRM_POLICY_KEY("residence", residence, welfare_access),
    OPENNRM_POLICY_KEY("residence", residence, permanent_route),
    OPENNRM_POLICY_KEY("residence", residence, renewal_notice_days),
    OPENNRM_POLICY_KEY("children", children, presumption_of_minority),
    OPENNRM_POLICY_KEY("children", children, extended_stay_until_durable_solution),
    OPENNRM_POLICY_KEY("children", children, guardian_within_days),
    OPENNRM_POLICY_KEY("children", children, best_interests_before_return),
    OPENNRM_POLICY_KEY("return", return_, risk_assessment_required),
    OPENNRM_POLICY_KEY("return", return_, risk_assessment_valid_days),
    OPENNRM_POLICY_KEY("justice", justice, non_punishment),
    OPENNRM_POLICY_KEY("justice", justice, right_to_refuse_testimony),
    OPENNRM_POLICY_KEY("justice", justice, non_confrontational_testimony),
    OPENNRM_POLICY_KEY("compensation", compensation, state_fund),
};

#undef OPENNRM_POLICY_KEY

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};

bool is_table(std::string_view name) {
  for (const Key& key : kKeys) {
    if (key.table == name) return true;
  }
  return false;
}

bool is_key(std::string_view table, std::string_view name) {
  for (const Key& key : kKeys) {
    if (key.table == table && key.name == name) return true;
  }
  return false;
}

// Collects everything wrong with a file, so that one run tells the author every key to fix.
class Problems {
 public:
  explicit Problems(std::string_view source_name) : source_name_(source_name) {}

  void add(const std::string& key, const std::string& text, const toml::source_region* where) {
    if (first_key_.empty()) first_key_ = key;
    if (!message_.empty()) message_ += "\n";
    message_ += source_name_;
    if (where != nullptr && where->begin.line > 0) {
      message_ +=
          ":" + std::to_string(where->begin.line) + ":" + std::to_string(where->begin.column);
    }
    message_ += ": " + text;
  }

  bool empty() const { return message_.empty(); }
  Error error() const { return Error::make("policy_invalid", message_, first_key_); }

 private:
  std::string source_name_;
  std::string first_key_;
  std::string message_;
};

std::string type_name(const toml::node& node) {
  std::ostringstream name;
  name << node.type();
  return name.str();
}

// Reports keys and tables that rulebook section 4 does not define, at the top and one level down.
void report_unknown_keys(const toml::table& document, Problems& problems) {
  for (auto&& [table_key, table_node] : document) {
    std::string table(table_key.str());
    if (!is_table(table)) {
      std::string what =
          table_node.is_table() ? "unknown table [" + table + "]" : "unknown key " + table;
      problems.add(table, what, &table_key.source());
      continue;
    }
    const toml::table* entries = table_node.as_table();
    if (entries == nullptr) {
      problems.add(table,
                   table + " must be a table [" + table + "], found " + type_name(table_node),
                   &table_node.source());
      continue;
    }
    for (auto&& [entry_key, entry_node] : *entries) {
      if (is_key(table, entry_key.str())) continue;
      std::string dotted = table + "." + std::string(entry_key.str());
      std::string what =
          entry_node.is_table() ? "unknown table [" + dotted + "]" : "unknown key " + dotted;
      problems.add(dotted, what, &entry_key.source());
    }
  }
}

// The readers of each value type: the value, or an error whose message completes
// "<key> must be ...".
ErrorOr<bool> read_value(const toml::node& node, std::type_identity<bool>) {
  if (auto value = node.value_exact<bool>()) return *value;
  return Error::make("policy_invalid", "a boolean (true or false), found " + type_name(node));
}

ErrorOr<int> read_value(const toml::node& node, std::type_identity<int>) {
  auto value = node.value_exact<int64_t>();
  if (!value)
    return Error::make("policy_invalid", "a non-negative integer, found " + type_name(node));
  if (*value < 0) {
    return Error::make("policy_invalid", "a non-negative integer, found " + std::to_string(*value));
  }
  if (*value > INT_MAX) {
    return Error::make("policy_invalid", "an integer no larger than " + std::to_string(INT_MAX) +
                                             ", found " + std::to_string(*value));
  }
  return static_cast<int>(*value);
}

ErrorOr<std::string> read_value(const toml::node& node, std::type_identity<std::string>) {
  if (auto value = node.value_exact<std::string>()) return *value;
  return Error::make("policy_invalid", "a string, found " + type_name(node));
}

ErrorOr<std::vector<std::string>> read_value(const toml::node& node,
                                             std::type_identity<std::vector<std::string>>) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    return Error::make("policy_invalid", "an array of strings, found " + type_name(node));
  }
  std::vector<std::string> values;
  for (const toml::node& element : *array) {
    auto value = element.value_exact<std::string>();
    if (!value) {
      return Error::make("policy_invalid",
                         "an array of strings, found an element that is " + type_name(element));
    }
    values.push_back(*value);
  }
  return values;
}

// Reads one key's value into its member, or says why it cannot.
void read_key(const toml::table& document, const Key& key, Policy& policy, Problems& problems) {
  const toml::table* table = document[key.table].as_table();
  if (table == nullptr) return;  // A missing table is reported once, a non-table by the scan.
  const toml::node* node = table->get(key.name);
  if (node == nullptr) {
    problems.add(key.dotted(), "missing key " + key.dotted(), nullptr);
    return;
  }
  std::visit(
      [&](auto member) {
        using T = std::remove_reference_t<decltype(member(policy))>;
        auto value = read_value(*node, std::type_identity<T>{});
        if (value.is_error()) {
          problems.add(key.dotted(), key.dotted() + " must be " + value.error().message,
                       &node->source());
        } else {
          member(policy) = value.release_value();
        }
      },
      key.member);
}

void report_missing_tables(const toml::table& document, Problems& problems) {
  std::string_view previous;
  for (const Key& key : kKeys) {
    if (key.table == previous) continue;
    previous = key.table;
    if (document.contains(key.table)) continue;
    std::string keys;
    for (const Key& other : kKeys) {
      if (other.table != key.table) continue;
      keys += (keys.empty() ? "" : ", ") + other.dotted();
    }
    problems.add(std::string(key.table),
                 "missing table [" + std::string(key.table) + "] with keys " + keys, nullptr);
  }
}

bool is_country_code(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

}  // namespace

ErrorOr<Policy> parse_policy(std::string_view toml_text, std::string_view source_name) {
  toml::table document;
  try {
    document = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    // toml++ reports syntax errors by exception; this is the one place they become values.
    Problems problems(source_name);
    problems.add("line " + std::to_string(error.source().begin.line),
                 "not valid TOML: " + std::string(error.description()), &error.source());
    return problems.error();
  }

  Problems problems(source_name);
  report_unknown_keys(document, problems);
  report_missing_tables(document, problems);
  Policy policy;
  for (const Key& key : kKeys) read_key(document, key, policy, problems);

  const toml::node* country = document.at_path("jurisdiction.country").node();
  if (country != nullptr && country->is_string() && !is_country_code(policy.jurisdiction.country)) {
    problems.add("jurisdiction.country",
                 "jurisdiction.country must be two capital letters (an ISO 3166-1 alpha-2 code), "
                 "found \"" +
                     policy.jurisdiction.country + "\"",
                 &country->source());
  }
  if (!problems.empty()) return problems.error();
  return policy;
}

ErrorOr<Policy> load_policy_file(const std::string& path) {
  // A directory opens as a stream on Linux and reads as empty; it must not look like a file
  // with every table missing.
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return Error::make("policy_unreadable", path + ": is a directory, not a policy file", path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::make("policy_unreadable", path + ": cannot read the policy file", path);
  }
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return Error::make("policy_unreadable", path + ": cannot read the policy file", path);
  }
  return parse_policy(text.str(), path);
}

std::string to_toml(const Policy& policy) {
  // The key table's accessors are read-write; reading them on a copy keeps this function const.
  Policy copy = policy;
  constexpr auto kFlags = toml::format_flags::allow_unicode_strings;
  std::ostringstream out;
  std::string_view table;
  for (const Key& key : kKeys) {
    if (key.table != table) {
      out << (table.empty() ? "" : "\n") << '[' << key.table << "]\n";
      table = key.table;
    }
    out << key.name << " = ";
    std::visit(Overloaded{
                   [&](Member<bool> member) { out << (member(copy) ? "true" : "false"); },
                   [&](Member<int> member) { out << member(copy); },
                   [&](Member<std::string> member) {
                     out << toml::toml_formatter{toml::value<std::string>(member(copy)), kFlags};
                   },
                   [&](Member<std::vector<std::string>> member) {
                     toml::array array;
                     for (const auto& value : member(copy)) array.push_back(value);
                     out << toml::toml_formatter{array, kFlags};
                   },
               },
               key.member);
    out << '\n';
  }
  return out.str();
}

}  // namespace opennrm::policy

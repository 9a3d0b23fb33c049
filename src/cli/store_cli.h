#pragma once

// What the database commands (store_commands.cpp, case_store_commands.cpp) share: reading
// input, opening the store, and reporting failures as exit code 2 with a message on stderr.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <boost/json/value.hpp>
#include "core/json.h"

#include "core/date.h"
#include "core/error.h"
#include "policy/policy.h"
#include "policy/policy_file.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/case_store.h"

namespace opennrm::cli::store_cli {

// Prints the error for a person and gives the exit code of invalid input.
inline int fail(const Error& error) {
  std::cerr << "opennrm: " << error.message << "\n";
  return 2;
}

inline void print_json(const boost::json::value& value) {
  std::cout << to_json_text(value) << "\n";
}

// The whole of a file, or of standard input for "-".
inline ErrorOr<std::string> read_input(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::make("unreadable", fmt::format("cannot read {}", path), path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error::make("unreadable", fmt::format("cannot read {}", path), path);
  return text.str();
}

// Writes from the command line are audited as the server's are, in the transaction of the
// write, under the actor "command-line" (nobody is signed in): `action` is "case.open",
// "case.event" or "case.import", and `detail` names what was written, never a person.
inline store::Recorder audited_by_command_line(std::string action, std::string detail) {
  store::Recorder recorder;
  recorder.in_same_transaction = [action = std::move(action), detail = std::move(detail)](
                                     store::Connection& db, const store::Recorded& recorded) {
    return store::append_audit(
        db, {"command-line", action, "case:" + std::to_string(recorded.case_id), detail},
        store::utc_timestamp(std::chrono::system_clock::now()));
  };
  return recorder;
}

// `--policy FILE`, or the CETS 197 minimum when none is given.
inline ErrorOr<policy::Policy> policy_option(const std::string& path) {
  if (path.empty()) return policy::coe_minimum();
  return policy::load_policy_file(path);
}

// `--as-of DATE`, or today in the local time zone.
inline ErrorOr<Date> as_of_option(const std::string& text) {
  if (text.empty()) return Date::today_local();
  auto date = Date::parse(text);
  if (date.is_error()) {
    return Error::make("invalid_date", fmt::format("--as-of: {}", date.error().message), "as-of");
  }
  return date;
}

// A database that `opennrm init` (or an import) created.
inline ErrorOr<store::CaseStore> open_initialised(const std::string& path) {
  auto store = TRY(store::CaseStore::open(path, store::CaseStore::Create::never));
  TRY(store.require_policy());
  return store;
}

}  // namespace opennrm::cli::store_cli

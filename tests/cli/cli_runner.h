#pragma once

// Runs the built `opennrm` binary as a user would, with standard input from a string, and
// returns what it printed and its exit code.

#include <string>
#include <vector>

namespace opennrm::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CommandResult run_opennrm(const std::vector<std::string>& args, const std::string& stdin_text = "");

// A fresh directory under the system temporary directory, removed at process exit.
std::string temp_dir();

// The whole content of a file (empty when it cannot be read).
std::string read_file(const std::string& path);

// Writes text to a file and returns its path.
std::string write_file(const std::string& path, const std::string& text);

}  // namespace opennrm::testing

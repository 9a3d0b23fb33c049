#include "cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace opennrm::testing {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {

std::string shell_quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace

std::string temp_dir() {
  static std::vector<std::string> made;
  std::string pattern = (std::filesystem::temp_directory_path() / "opennrm-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  made.push_back(pattern);
  static bool registered = false;
  if (!registered) {
    registered = true;
    std::atexit([] {
      for (const auto& dir : made) std::filesystem::remove_all(dir);
    });
  }
  return pattern;
}

std::string write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

CommandResult run_opennrm(const std::vector<std::string>& args, const std::string& stdin_text) {
  // The shell does the plumbing; the files keep stdout and stderr apart for the assertions.
  std::string dir = temp_dir();
  std::string in = write_file(dir + "/stdin", stdin_text);
  std::string command = shell_quote(OPENNRM_BINARY);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  command += " <" + shell_quote(in) + " >" + shell_quote(dir + "/stdout") + " 2>" +
             shell_quote(dir + "/stderr");
  int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(dir + "/stdout");
  result.err = read_file(dir + "/stderr");
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace opennrm::testing

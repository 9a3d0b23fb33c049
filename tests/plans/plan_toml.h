#pragma once

// Builds plan files for tests: a plan header, fully specified actions that a test then breaks
// one key at a time, and progress reports.

#include <string>
#include <utility>
#include <vector>

namespace opennrm::plans::testing {

// One [[action]] table as TOML lines, specified by default (every one of the five elements).
class ActionToml {
 public:
  explicit ActionToml(const std::string& id, const std::string& pillar = "prevention",
                      const std::string& covers = R"(["all"])")
      : keys_{{"id", "\"" + id + "\""},
              {"title", "\"Train labour inspectors\""},
              {"pillar", "\"" + pillar + "\""},
              {"covers", covers},
              {"responsible", "\"Labour Inspectorate\""},
              {"start", "2026-03-01"},
              {"end", "2026-12-31"},
              {"staff_fte", "2.5"},
              {"budget", "120000"},
              {"currency", "\"EUR\""},
              {"indicator", "\"Inspectors trained\""}} {}

  // Sets a key to a TOML value (written as is), replacing it or adding it.
  ActionToml& set(const std::string& key, const std::string& value) {
    for (auto& [name, text] : keys_) {
      if (name == key) {
        text = value;
        return *this;
      }
    }
    keys_.emplace_back(key, value);
    return *this;
  }

  ActionToml& drop(const std::string& key) {
    std::erase_if(keys_, [&](const auto& entry) { return entry.first == key; });
    return *this;
  }

  std::string str() const {
    std::string text = "\n[[action]]\n";
    for (const auto& [name, value] : keys_) text += name + " = " + value + "\n";
    return text;
  }

 private:
  std::vector<std::pair<std::string, std::string>> keys_;
};

inline std::string progress_toml(const std::string& action, const std::string& date,
                                 const std::string& percent, const std::string& spent = "") {
  std::string text = "\n[[progress]]\naction = \"" + action + "\"\ndate = " + date +
                     "\npercent = " + percent + "\n";
  if (!spent.empty()) text += "spent = " + spent + "\n";
  return text;
}

inline const std::string kPlanHeader =
    "[plan]\ntitle = \"National Action Plan 2026-2028\"\ncountry = \"XX\"\n"
    "start = 2026-01-01\nend = 2028-12-31\n";

inline std::string plan_toml(const std::vector<ActionToml>& actions,
                             const std::string& progress = "") {
  std::string text = kPlanHeader;
  for (const auto& action : actions) text += action.str();
  return text + progress;
}

}  // namespace opennrm::plans::testing

#pragma once

// A national action plan against trafficking in human beings (action-plan.md): what the national
// coordinator writes (the actions, who does them, when, with which staff and money, measured by
// what) and what is reported back (progress). The model keeps what the file said, absent keys
// included, so that a plan stored in a database and exported again reads back identically; the
// judgement of what is missing belongs to the assessment, not to the model.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace opennrm::plans {

// The four pillars of anti-trafficking work ("the four Ps").
inline constexpr std::array<std::string_view, 4> kPillars = {"prevention", "protection",
                                                             "prosecution", "partnership"};

// What an action's `covers` may name: the rulebook's `forms` of exploitation, plus
// `internal_trafficking`, `child_trafficking` and `all` (every dimension at once).
inline constexpr std::array<std::string_view, 13> kCoverValues = {"sexual_exploitation",
                                                                  "forced_labour",
                                                                  "domestic_servitude",
                                                                  "forced_marriage",
                                                                  "organ_removal",
                                                                  "forced_criminality",
                                                                  "forced_begging",
                                                                  "illegal_adoption",
                                                                  "surrogacy_exploitation",
                                                                  "other",
                                                                  "internal_trafficking",
                                                                  "child_trafficking",
                                                                  "all"};

// Text made only of white space counts as missing, wherever the plan asks for text.
inline bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos;
}

// The `covers` value that stands for every dimension.
inline constexpr std::string_view kAllDimensions = "all";

struct Action {
  std::string id;
  std::string title;
  std::string pillar;
  std::vector<std::string> covers;
  std::optional<std::string> responsible;
  std::vector<std::string> partners;
  std::optional<Date> start;
  std::optional<Date> end;
  std::optional<double> staff_fte;
  std::optional<double> budget;
  std::optional<std::string> currency;
  std::optional<std::string> indicator;
  std::optional<std::string> target;

  bool operator==(const Action&) const = default;
};

// Whether the action addresses the dimension (action-plan.md: directly or through `all`).
inline bool addresses(const Action& action, std::string_view dimension) {
  for (const auto& value : action.covers) {
    if (value == dimension || value == kAllDimensions) return true;
  }
  return false;
}

// One progress report on an action. `percent` is how much of the action is done (0 to 100) and
// `spent` the money spent on it so far, in the action's currency: reports are cumulative, so
// the latest one tells the state of the action.
struct Progress {
  std::string action;
  Date date;
  double percent = 0;
  double spent = 0;
  std::optional<std::string> note;

  bool operator==(const Progress&) const = default;
};

struct Plan {
  std::string title;
  std::string country;
  Date start;
  Date end;
  std::vector<Action> actions;
  // In the order of the file: on equal dates the later report wins.
  std::vector<Progress> progress;

  bool operator==(const Plan&) const = default;
};

// The plan's action with this id, or null.
inline const Action* find_action(const Plan& plan, std::string_view id) {
  for (const auto& action : plan.actions) {
    if (action.id == id) return &action;
  }
  return nullptr;
}

}  // namespace opennrm::plans

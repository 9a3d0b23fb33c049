#pragma once

// Reading and writing action plan files (action-plan.md, "Plan file"). A file is invalid when a
// required key is missing, a value has the wrong type or is outside its vocabulary, an action id
// is used twice, progress names an unknown action, or a key is unknown; the error names the line,
// the action (or progress entry) and the key. The five elements an action may lack (timeframe,
// responsible, staff, budget, indicator) are not checked here: lacking them is a finding of the
// assessment, so the file stays readable.
//
// Choices the spec leaves open:
// - `percent` must lie between 0 and 100 and `spent` must not be negative: a progress report
//   outside these bounds is a typing error, not a finding.
// - `staff_fte` and `budget` may be any finite number, negative ones included: a value that is
//   not above zero is a missing element, which the assessment reports.
// - Numbers may be written as TOML integers or floats; infinities and NaN are invalid.
// - Required text made only of white space counts as missing, as for the five elements; `covers`
//   must name at least one value, and the plan's `end` may not be before its `start`.

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "plans/plan.h"

namespace opennrm::plans {

// Parses plan TOML text. `source_name` (a path, or "database") starts every message.
ErrorOr<Plan> parse_plan(std::string_view toml_text, std::string_view source_name);

// Reads and parses a plan file; a file that cannot be read is an error naming the path.
ErrorOr<Plan> load_plan_file(const std::string& path);

// What is wrong with a progress report for a plan, by key ("action", "percent", "spent"), in the
// words of the file's error messages.
struct ProgressFault {
  std::string key;
  std::string what;
};

// The rules every progress report obeys, whether it comes from a plan file, the command line or
// the server: it names an action of the plan, `percent` is a number between 0 and 100 and
// `spent` a finite number not below zero. Nothing when the report is acceptable.
std::optional<ProgressFault> progress_fault(const Plan& plan, const Progress& progress);

// Writes a plan as TOML that parse_plan reads back to an equal Plan (absent keys stay absent).
std::string to_toml(const Plan& plan);

}  // namespace opennrm::plans

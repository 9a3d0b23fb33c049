#pragma once

// The denormalised facts of a case that statistics group by (statistics.md), kept next to the
// event history and rewritten in the same transaction as every write to the case (one append,
// or a case of a bulk import), so that statistics are plain SQL aggregations over them and
// never replay histories:
//
// - `case_facts`, one row a case: the identification (date, year, identifying agency), the
//   person's latest recorded facts (sex, recorded age status, birth year, residence status,
//   first citizenship), the age group at identification (`child`, `adult` or `unknown`, with the
//   presumption of minority applied as the rules apply it), whether trafficking is `internal`,
//   `transnational` or `unknown` (rules/trafficking.h), the current stage (`victim` while a
//   positive conclusive-grounds decision stands), and the date the case was closed while it
//   stays closed (NULL when open).
// - `case_forms`: one row per form of exploitation of the latest record.
// - `case_citizenships`: every citizenship in the recorded order (position 0 is the first).
// - `case_exploitation_countries`: the countries of exploitation in the recorded order.
// - `case_measures`: one row per protection measure taken in the case (kProtectionMeasures).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "policy/policy.h"
#include "rules/case_file.h"
#include "store/sqlite.h"

namespace opennrm::store {

// The measures of the `protection_outcomes` table (statistics.md), in its order. A case has
// taken a measure when its history has:
// - reflection_started: a reflection period the engine started (R3);
// - reflection_refused: an accepted `reflection_refused`;
// - permit_granted_personal_situation / _cooperation / _child: a `permit_granted` with basis
//   personal_situation / cooperation / child_best_interests;
// - permit_refused: a `permit_refused`;
// - testimony_agreed / testimony_refused: a `testimony_decision` agrees / refuses;
// - returned_voluntary / returned_forced: a `returned` with voluntary true / false;
// - non_punishment_flagged: a `charged_with_offence` related to trafficking `yes` or `unknown`
//   (R15);
// - compensation_awarded: a `compensation_awarded`.
// Measures are not exclusive and each counts once per case however often it happened.
inline constexpr std::array<std::string_view, 12> kProtectionMeasures = {
    "reflection_started",
    "reflection_refused",
    "permit_granted_personal_situation",
    "permit_granted_cooperation",
    "permit_granted_child",
    "permit_refused",
    "testimony_agreed",
    "testimony_refused",
    "returned_voluntary",
    "returned_forced",
    "non_punishment_flagged",
    "compensation_awarded"};

// The stage of a person whose positive conclusive-grounds decision stands: a formally
// identified victim, whom the statistics' `identified` status counts.
inline constexpr std::string_view kIdentifiedVictimStage = "victim";

// The statistics' age group of an age status: `child` for `child` and `presumed_child`,
// `adult`, otherwise `unknown`.
std::string_view age_group(std::string_view age_status);

// What the fact tables hold for one case, as of its latest applied event.
struct StatisticsFacts {
  rules::Person person;     // As last recorded.
  std::string age_group;    // At identification.
  std::string trafficking;  // internal, transnational or unknown.
  std::string stage;        // The current stage (rulebook R1 "Stage").
  bool open = true;         // false after an applied `case_closed` not reopened.
  // The kProtectionMeasures taken, in that order.
  std::vector<std::string_view> measures;

  bool operator==(const StatisticsFacts&) const = default;
};

// The facts of a case file whose history has an applied `identified`, dated up to
// `latest_event` (the date of its latest applied event), in the policy's jurisdiction.
StatisticsFacts statistics_facts(const rules::CaseFile& file, const policy::Policy& policy,
                                 Date latest_event);

class FactTables {
 public:
  static ErrorOr<FactTables> prepare(Connection& db);

  // Rewrites the facts of a case from its file, whose latest applied event is dated
  // `latest_event`; the caller holds the write transaction.
  ErrorOr<void> write(int64_t case_id, const rules::CaseFile& file, const policy::Policy& policy,
                      Date latest_event);
  // The same from facts already computed.
  ErrorOr<void> write(int64_t case_id, const StatisticsFacts& facts, Date latest_event);

 private:
  // Deletes a case's rows of one list table, then inserts the new ones.
  struct ListTable {
    Statement remove;
    Statement insert;
  };
  FactTables(Statement upsert, ListTable forms, ListTable citizenships,
             ListTable exploitation_countries, ListTable measures)
      : upsert_(std::move(upsert)),
        forms_(std::move(forms)),
        citizenships_(std::move(citizenships)),
        exploitation_countries_(std::move(exploitation_countries)),
        measures_(std::move(measures)) {}

  // `positions` binds each value's index as well (tables ordered by position).
  static ErrorOr<void> rewrite(ListTable& table, int64_t case_id,
                               const std::vector<std::string_view>& values, bool positions);

  Statement upsert_;
  ListTable forms_;
  ListTable citizenships_;
  ListTable exploitation_countries_;
  ListTable measures_;
};

}  // namespace opennrm::store

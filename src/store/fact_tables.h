#pragma once

// The denormalised facts of a case that statistics group by (statistics.md), kept next to the
// event history and rewritten in the same transaction as every write to the case:
//
// - `case_facts`, one row a case: the identification (date, year, identifying agency), the
//   person's latest recorded facts (sex, recorded age status, birth year, residence status,
//   first citizenship), the age group at identification (`child`, `adult` or `unknown`, with the
//   presumption of minority applied as the rules apply it), whether trafficking is `internal`,
//   `transnational` or `unknown`, the current stage, and the date the case was closed while it
//   stays closed (NULL when open).
// - `case_forms`: one row per form of exploitation of the latest record.
// - `case_citizenships`: every citizenship in the recorded order (position 0 is the first).
//
// Everything else (protection outcomes, returns, charges) is read from `events` by type.

#include <cstdint>

#include "core/date.h"
#include "core/error.h"
#include "policy/policy.h"
#include "rules/case_file.h"
#include "store/sqlite.h"

namespace opennrm::store {

class FactTables {
 public:
  static ErrorOr<FactTables> prepare(Connection& db);

  // Rewrites the facts of a case from its file, whose latest applied event is dated
  // `latest_event`; the caller holds the write transaction.
  ErrorOr<void> write(int64_t case_id, const rules::CaseFile& file, const policy::Policy& policy,
                      Date latest_event);

 private:
  FactTables(Statement upsert, Statement delete_forms, Statement insert_form,
             Statement delete_citizenships, Statement insert_citizenship)
      : upsert_(std::move(upsert)),
        delete_forms_(std::move(delete_forms)),
        insert_form_(std::move(insert_form)),
        delete_citizenships_(std::move(delete_citizenships)),
        insert_citizenship_(std::move(insert_citizenship)) {}

  Statement upsert_;
  Statement delete_forms_;
  Statement insert_form_;
  Statement delete_citizenships_;
  Statement insert_citizenship_;
};

// `internal` when every country of exploitation is the jurisdiction's country and one of the
// person's citizenships; `unknown` without countries of exploitation; otherwise `transnational`.
std::string_view trafficking_kind(const rules::Person& person, const policy::Policy& policy);

}  // namespace opennrm::store

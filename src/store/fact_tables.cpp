#include "store/fact_tables.h"

#include <algorithm>

namespace opennrm::store {

namespace {

std::string_view age_group(std::string_view age_status) {
  if (age_status == "child" || age_status == "presumed_child") return "child";
  if (age_status == "adult") return "adult";
  return "unknown";
}

}  // namespace

std::string_view trafficking_kind(const rules::Person& person, const policy::Policy& policy) {
  if (person.countries_of_exploitation.empty() || person.citizenship.empty()) return "unknown";
  const std::string& home = policy.jurisdiction.country;
  bool citizen = std::find(person.citizenship.begin(), person.citizenship.end(), home) !=
                 person.citizenship.end();
  bool only_home =
      std::all_of(person.countries_of_exploitation.begin(), person.countries_of_exploitation.end(),
                  [&](const std::string& country) { return country == home; });
  return citizen && only_home ? "internal" : "transnational";
}

ErrorOr<FactTables> FactTables::prepare(Connection& db) {
  return FactTables(
      TRY(db.prepare("INSERT OR REPLACE INTO case_facts (case_id, identified_on, identified_year, "
                     "by_agency_type, sex, age_status_recorded, age_group, birth_year, "
                     "residence_status, citizenship, trafficking, stage, closed_on) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      TRY(db.prepare("DELETE FROM case_forms WHERE case_id = ?")),
      TRY(db.prepare("INSERT OR IGNORE INTO case_forms (case_id, form) VALUES (?, ?)")),
      TRY(db.prepare("DELETE FROM case_citizenships WHERE case_id = ?")),
      TRY(db.prepare(
          "INSERT INTO case_citizenships (case_id, position, country) VALUES (?, ?, ?)")));
}

ErrorOr<void> FactTables::write(int64_t case_id, const rules::CaseFile& file,
                                const policy::Policy& policy, Date latest_event) {
  const auto person = file.person();
  const auto now = file.as_of(latest_event).state;
  const auto at_identification = file.as_of(person->identified_on).state;
  auto& upsert = upsert_.bind(1, case_id)
                     .bind(2, person->identified_on.to_string())
                     .bind(3, int64_t(person->identified_on.year()))
                     .bind(4, person->by_agency_type)
                     .bind(5, person->sex)
                     .bind(6, person->age_status_recorded)
                     .bind(7, age_group(at_identification->age_status));
  if (person->birth_year) {
    upsert.bind(8, int64_t(*person->birth_year));
  } else {
    upsert.bind_null(8);
  }
  upsert.bind(9, person->residence_status);
  if (person->citizenship.empty()) {
    upsert.bind_null(10);
  } else {
    upsert.bind(10, person->citizenship.front());
  }
  upsert.bind(11, trafficking_kind(*person, policy)).bind(12, std::string_view(now->stage));
  // After an applied `case_closed` only `case_reopened` is accepted, so a closed case's latest
  // event is its closure.
  if (now->open) {
    upsert.bind_null(13);
  } else {
    upsert.bind(13, latest_event.to_string());
  }
  TRY(upsert.run());

  TRY(delete_forms_.bind(1, case_id).run());
  for (const auto& form : person->forms) TRY(insert_form_.bind(1, case_id).bind(2, form).run());
  TRY(delete_citizenships_.bind(1, case_id).run());
  int64_t position = 0;
  for (const auto& country : person->citizenship) {
    TRY(insert_citizenship_.bind(1, case_id).bind(2, position++).bind(3, country).run());
  }
  return {};
}

}  // namespace opennrm::store

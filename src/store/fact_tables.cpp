#include "store/fact_tables.h"

#include <bitset>

#include <fmt/format.h>

#include "rules/trafficking.h"

namespace opennrm::store {

namespace {

// The index of a measure in kProtectionMeasures.
enum Measure : size_t {
  reflection_started,
  reflection_refused,
  permit_granted_personal_situation,
  permit_granted_cooperation,
  permit_granted_child,
  permit_refused,
  testimony_agreed,
  testimony_refused,
  returned_voluntary,
  returned_forced,
  non_punishment_flagged,
  compensation_awarded,
};

// The measures an applied history shows event by event; reflection_started is the engine's own
// conclusion (a period started), which the caller adds from the case's state.
std::bitset<kProtectionMeasures.size()> measures_in_history(const rules::CaseFile& file) {
  std::bitset<kProtectionMeasures.size()> taken;
  for (const rules::Event& event : file.applied_events()) {
    if (event.as<rules::ReflectionRefused>()) {
      taken.set(reflection_refused);
    } else if (const auto* grant = event.as<rules::PermitGranted>()) {
      if (grant->basis == "personal_situation") taken.set(permit_granted_personal_situation);
      if (grant->basis == "cooperation") taken.set(permit_granted_cooperation);
      if (grant->basis == "child_best_interests") taken.set(permit_granted_child);
    } else if (event.as<rules::PermitRefused>()) {
      taken.set(permit_refused);
    } else if (const auto* testimony = event.as<rules::TestimonyDecision>()) {
      if (testimony->decision == "agrees") taken.set(testimony_agreed);
      if (testimony->decision == "refuses") taken.set(testimony_refused);
    } else if (const auto* returned = event.as<rules::Returned>()) {
      taken.set(returned->voluntary ? returned_voluntary : returned_forced);
    } else if (const auto* charge = event.as<rules::ChargedWithOffence>()) {
      const auto& related = charge->related_to_trafficking;
      if (related == "yes" || related == "unknown") taken.set(non_punishment_flagged);
    } else if (event.as<rules::CompensationAwarded>()) {
      taken.set(compensation_awarded);
    }
  }
  return taken;
}

std::vector<std::string_view> as_views(const std::vector<std::string>& values) {
  return {values.begin(), values.end()};
}

}  // namespace

std::string_view age_group(std::string_view age_status) {
  if (age_status == "child" || age_status == "presumed_child") return "child";
  if (age_status == "adult") return "adult";
  return "unknown";
}

StatisticsFacts statistics_facts(const rules::CaseFile& file, const policy::Policy& policy,
                                 Date latest_event) {
  StatisticsFacts facts;
  facts.person = *file.person();
  const auto now = *file.as_of(latest_event).state;
  facts.age_group = age_group(file.age_status_at_identification());
  facts.trafficking = rules::trafficking_kind(facts.person, policy.jurisdiction.country);
  facts.stage = now.stage;
  facts.open = now.open;
  auto taken = measures_in_history(file);
  // The state's reflection is the latest period, present once the engine started any.
  if (now.reflection) taken.set(reflection_started);
  for (size_t measure = 0; measure < kProtectionMeasures.size(); ++measure) {
    if (taken.test(measure)) facts.measures.push_back(kProtectionMeasures[measure]);
  }
  return facts;
}

ErrorOr<FactTables> FactTables::prepare(Connection& db) {
  auto list_table = [&](std::string_view table, std::string_view columns,
                        std::string_view values) -> ErrorOr<ListTable> {
    return ListTable{
        TRY(db.prepare(fmt::format("DELETE FROM {} WHERE case_id = ?", table))),
        TRY(db.prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", table, columns, values)))};
  };
  return FactTables(
      TRY(db.prepare("INSERT OR REPLACE INTO case_facts (case_id, identified_on, identified_year, "
                     "by_agency_type, sex, age_status_recorded, age_group, birth_year, "
                     "residence_status, citizenship, trafficking, stage, closed_on) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      // A form recorded twice is one form.
      ListTable{TRY(db.prepare("DELETE FROM case_forms WHERE case_id = ?")),
                TRY(db.prepare("INSERT OR IGNORE INTO case_forms (case_id, form) VALUES (?, ?)"))},
      TRY(list_table("case_citizenships", "case_id, position, country", "?, ?, ?")),
      TRY(list_table("case_exploitation_countries", "case_id, position, country", "?, ?, ?")),
      TRY(list_table("case_measures", "case_id, measure", "?, ?")));
}

ErrorOr<void> FactTables::rewrite(ListTable& table, int64_t case_id,
                                  const std::vector<std::string_view>& values, bool positions) {
  TRY(table.remove.bind(1, case_id).run());
  for (size_t i = 0; i < values.size(); ++i) {
    table.insert.bind(1, case_id);
    if (positions) {
      table.insert.bind(2, int64_t(i)).bind(3, values[i]);
    } else {
      table.insert.bind(2, values[i]);
    }
    TRY(table.insert.run());
  }
  return {};
}

ErrorOr<void> FactTables::write(int64_t case_id, const rules::CaseFile& file,
                                const policy::Policy& policy, Date latest_event) {
  return write(case_id, statistics_facts(file, policy, latest_event), latest_event);
}

ErrorOr<void> FactTables::write(int64_t case_id, const StatisticsFacts& facts, Date latest_event) {
  const rules::Person& person = facts.person;
  auto& upsert = upsert_.bind(1, case_id)
                     .bind(2, person.identified_on.to_string())
                     .bind(3, int64_t(person.identified_on.year()))
                     .bind(4, person.by_agency_type)
                     .bind(5, person.sex)
                     .bind(6, person.age_status_recorded)
                     .bind(7, facts.age_group);
  if (person.birth_year) {
    upsert.bind(8, int64_t(*person.birth_year));
  } else {
    upsert.bind_null(8);
  }
  upsert.bind(9, person.residence_status);
  if (person.citizenship.empty()) {
    upsert.bind_null(10);
  } else {
    upsert.bind(10, person.citizenship.front());
  }
  upsert.bind(11, facts.trafficking).bind(12, facts.stage);
  // After an applied `case_closed` only `case_reopened` is accepted, so a closed case's latest
  // event is its closure.
  if (facts.open) {
    upsert.bind_null(13);
  } else {
    upsert.bind(13, latest_event.to_string());
  }
  TRY(upsert.run());
  TRY(rewrite(forms_, case_id, as_views(person.forms), false));
  TRY(rewrite(citizenships_, case_id, as_views(person.citizenship), true));
  TRY(rewrite(exploitation_countries_, case_id, as_views(person.countries_of_exploitation), true));
  TRY(rewrite(measures_, case_id, facts.measures, false));
  return {};
}

}  // namespace opennrm::store

#include "stats/victim_tables.h"

#include <algorithm>
#include <array>

#include "rules/vocabulary.h"
#include "stats/classify.h"
#include "store/fact_tables.h"

namespace opennrm::stats {

namespace {

// What a table's rows or columns are.
enum class Dimension {
  year,
  sex_age,
  form,
  citizenship_group,
  citizenship_country,
  agency_type,
  trafficking_scope,
  protection_measure
};

struct TableSpec {
  std::string_view id;
  Dimension rows;
  Dimension columns;
};

constexpr std::array kTableSpecs{
    TableSpec{"victims_by_sex_age", Dimension::year, Dimension::sex_age},
    TableSpec{"victims_by_form", Dimension::year, Dimension::form},
    TableSpec{"victims_by_citizenship", Dimension::year, Dimension::citizenship_group},
    TableSpec{"victims_by_country", Dimension::citizenship_country, Dimension::year},
    TableSpec{"victims_by_identifying_agency", Dimension::year, Dimension::agency_type},
    TableSpec{"internal_vs_transnational", Dimension::year, Dimension::trafficking_scope},
    TableSpec{"protection_outcomes", Dimension::year, Dimension::protection_measure},
    TableSpec{"sdg_16_2_2", Dimension::form, Dimension::sex_age},
};

constexpr std::string_view kSdgTable = "sdg_16_2_2";

std::string dimension_name(Dimension dimension) {
  switch (dimension) {
    case Dimension::year:
      return "year";
    case Dimension::sex_age:
      return "sex/age_group";
    case Dimension::form:
      return "form";
    case Dimension::citizenship_group:
      return "citizenship_group";
    case Dimension::citizenship_country:
      return "citizenship";
    case Dimension::agency_type:
      return "by_agency_type";
    case Dimension::trafficking_scope:
      return "trafficking";
    case Dimension::protection_measure:
      return "measure";
  }
  return {};
}

std::vector<std::string> year_labels(const std::vector<int>& years) {
  std::vector<std::string> labels;
  for (int year : years) labels.push_back(std::to_string(year));
  return labels;
}

std::vector<std::string> dimension_labels(Dimension dimension, const std::vector<int>& years,
                                          const std::vector<std::string>& countries) {
  switch (dimension) {
    case Dimension::year:
      return year_labels(years);
    case Dimension::sex_age:
      return sex_age_labels();
    case Dimension::form:
      return forms_of_exploitation();
    case Dimension::citizenship_group:
      return citizenship_groups();
    case Dimension::citizenship_country:
      return countries;
    case Dimension::agency_type:
      return agency_types();
    case Dimension::trafficking_scope:
      return trafficking_scopes();
    case Dimension::protection_measure:
      return protection_measures();
  }
  return {};
}

// The values of one dimension that a victim falls in.
std::vector<std::string> values_of(Dimension dimension, const VictimFacts& victim) {
  switch (dimension) {
    case Dimension::year:
      return {std::to_string(victim.identified_year)};
    case Dimension::sex_age:
      return {sex_age_label(victim.sex, victim.age_group)};
    case Dimension::form:
      return victim.forms;
    case Dimension::citizenship_group:
      return {victim.citizenship_group};
    case Dimension::citizenship_country:
      return {citizenship_country(victim.first_citizenship)};
    case Dimension::agency_type:
      return {victim.agency_type};
    case Dimension::trafficking_scope:
      return {victim.trafficking_scope};
    case Dimension::protection_measure:
      return victim.protection_outcomes;
  }
  return {};
}

// The rulebook's vocabularies are the dimension values where a table shows them all.
std::vector<std::string> labels_of(rules::Vocabulary vocabulary) {
  return {vocabulary.begin(), vocabulary.end()};
}

const TableSpec* find_spec(std::string_view id) {
  auto found = std::find_if(kTableSpecs.begin(), kTableSpecs.end(),
                            [&](const TableSpec& spec) { return spec.id == id; });
  return found == kTableSpecs.end() ? nullptr : &*found;
}

void add_counting_notes(TableBuilder& builder, const TableSpec& spec, VictimStatus status) {
  builder.add_note(status == VictimStatus::registered
                       ? "Registered victims (every case with an identified event), counted by "
                         "the year of that event."
                       : "Identified victims (a positive conclusive-grounds decision), counted "
                         "by the year of their identified event.");
  for (Dimension dimension : {spec.rows, spec.columns}) {
    switch (dimension) {
      case Dimension::form:
        builder.add_note(
            "A victim with several forms of exploitation counts once under each form, so the "
            "forms can add up to more than the total, which counts each victim once; a victim "
            "with no form recorded counts only in the total.");
        break;
      case Dimension::sex_age:
        builder.add_note(
            "Columns are sex/age group; the age group is the status at identification, and a "
            "presumed child counts as a child.");
        break;
      case Dimension::citizenship_group:
      case Dimension::citizenship_country:
        builder.add_note("A person with several citizenships counts under the first one recorded.");
        break;
      case Dimension::protection_measure:
        builder.add_note(
            "The measures are not exclusive: a victim counts once under each measure taken in "
            "the case, and once in the total, which counts every victim with or without a "
            "measure.");
        break;
      default:
        break;
    }
  }
}

}  // namespace

const std::vector<std::string>& table_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> result;
    for (const auto& spec : kTableSpecs) result.emplace_back(spec.id);
    return result;
  }();
  return ids;
}

const std::vector<std::string>& sexes() {
  static const std::vector<std::string> values = labels_of(rules::kSexes);
  return values;
}

const std::vector<std::string>& age_groups() {
  static const std::vector<std::string> values{"child", "adult", "unknown"};
  return values;
}

const std::vector<std::string>& forms_of_exploitation() {
  static const std::vector<std::string> values = labels_of(rules::kForms);
  return values;
}

const std::vector<std::string>& citizenship_groups() {
  static const std::vector<std::string> values{"national", "eu", "non_eu", "stateless", "unknown"};
  return values;
}

const std::vector<std::string>& agency_types() {
  static const std::vector<std::string> values = labels_of(rules::kAgencyTypes);
  return values;
}

const std::vector<std::string>& trafficking_scopes() {
  static const std::vector<std::string> values{"internal", "transnational", "unknown"};
  return values;
}

const std::vector<std::string>& protection_measures() {
  static const std::vector<std::string> values = labels_of(store::kProtectionMeasures);
  return values;
}

std::string sex_age_label(std::string_view sex, std::string_view age_group) {
  return std::string(sex) + "/" + std::string(age_group);
}

std::vector<std::string> sex_age_labels() {
  std::vector<std::string> labels;
  for (const auto& sex : sexes()) {
    for (const auto& age : age_groups()) labels.push_back(sex_age_label(sex, age));
  }
  return labels;
}

std::string citizenship_country(std::string_view first_citizenship) {
  return first_citizenship.empty() ? "unknown" : std::string(first_citizenship);
}

std::vector<std::string> citizenship_country_order(std::vector<std::string> countries) {
  // Codes first, alphabetically; the two words after them, stateless before unknown.
  auto rank = [](const std::string& row) {
    return row == "unknown" ? 2 : row == "stateless" ? 1 : 0;
  };
  std::sort(countries.begin(), countries.end(), [&](const std::string& a, const std::string& b) {
    return std::pair(rank(a), a) < std::pair(rank(b), b);
  });
  countries.erase(std::unique(countries.begin(), countries.end()), countries.end());
  return countries;
}

std::optional<int> parse_year(std::string_view text) {
  const bool four_digits = text.size() == 4 && text.front() != '0' &&
                           text.find_first_not_of("0123456789") == std::string_view::npos;
  if (!four_digits) return std::nullopt;
  return std::stoi(std::string(text));
}

ErrorOr<std::vector<int>> year_range(std::optional<int> from, std::optional<int> to,
                                     std::optional<int> first_data_year,
                                     std::optional<int> last_data_year) {
  if (from && to && *from > *to) {
    return Error::make("invalid_year_range",
                       "--from " + std::to_string(*from) + " is after --to " + std::to_string(*to),
                       "from");
  }
  std::optional<int> first = from ? from : first_data_year;
  std::optional<int> last = to ? to : last_data_year;
  // A single bound with no data on the other side covers that one year.
  if (!first) first = last;
  if (!last) last = first;
  std::vector<int> years;
  if (first) {
    for (int year = *first; year <= *last; ++year) years.push_back(year);
  }
  return years;
}

ErrorOr<TableBuilder> table_builder(std::string_view table_id, VictimStatus status,
                                    const std::vector<int>& years,
                                    const std::vector<std::string>& citizenship_countries) {
  const TableSpec* spec = find_spec(table_id);
  if (spec == nullptr) {
    std::string known;
    for (const auto& id : table_ids()) known += (known.empty() ? "" : ", ") + id;
    return Error::make("unknown_table",
                       "unknown table '" + std::string(table_id) + "' (tables: " + known + ")",
                       "table");
  }
  TableBuilder builder(std::string(spec->id), dimension_name(spec->rows),
                       dimension_labels(spec->rows, years, citizenship_countries),
                       dimension_name(spec->columns),
                       dimension_labels(spec->columns, years, citizenship_countries));
  add_counting_notes(builder, *spec, status);
  return builder;
}

ErrorOr<void> use_population(TableBuilder& builder, const Population& population,
                             const std::vector<int>& years) {
  const int64_t person_years = TRY(population_of_years(population, years));
  builder.set_rate_population(person_years);
  const std::string period =
      years.size() == 1 ? std::to_string(years.front())
                        : std::to_string(years.front()) + " to " + std::to_string(years.back());
  builder.add_note("Victims per 100,000 population, " + period + ": victims identified in " +
                   period + " divided by the population of those years summed (" +
                   std::to_string(person_years) +
                   " person-years), rounded to three decimals. Disclosure control applies to "
                   "the victim counts under the rates.");
  return {};
}

VictimFacts victim_facts(const rules::CaseFile& file) {
  const policy::Policy& policy = file.policy();
  const store::StatisticsFacts facts =
      store::statistics_facts(file, policy, file.applied_events().back().date);
  const rules::Person& person = facts.person;
  VictimFacts victim;
  victim.identified_year = person.identified_on.year();
  victim.sex = person.sex;
  victim.age_group = facts.age_group;
  if (!person.citizenship.empty()) victim.first_citizenship = person.citizenship.front();
  victim.citizenship_group =
      citizenship_group(victim.first_citizenship, policy.jurisdiction.country, eu_member_states());
  victim.forms = person.forms;
  victim.agency_type = person.by_agency_type;
  victim.trafficking_scope = facts.trafficking;
  victim.protection_outcomes.assign(facts.measures.begin(), facts.measures.end());
  victim.identified = facts.stage == store::kIdentifiedVictimStage;
  return victim;
}

ErrorOr<Table> build_table(const TableRequest& request, const std::vector<VictimFacts>& facts,
                           const Population* population) {
  const TableSpec* spec = find_spec(request.table_id);
  std::vector<const VictimFacts*> counted;
  std::optional<int> first_year;
  std::optional<int> last_year;
  for (const auto& victim : facts) {
    if (request.status == VictimStatus::identified && !victim.identified) continue;
    if (request.from_year && victim.identified_year < *request.from_year) continue;
    if (request.to_year && victim.identified_year > *request.to_year) continue;
    counted.push_back(&victim);
    first_year = std::min(first_year.value_or(victim.identified_year), victim.identified_year);
    last_year = std::max(last_year.value_or(victim.identified_year), victim.identified_year);
  }
  const auto years = TRY(year_range(request.from_year, request.to_year, first_year, last_year));
  std::vector<std::string> countries;
  if (spec != nullptr && spec->rows == Dimension::citizenship_country) {
    for (const auto* victim : counted) {
      countries.push_back(citizenship_country(victim->first_citizenship));
    }
    countries = citizenship_country_order(std::move(countries));
  }
  auto builder = TRY(table_builder(request.table_id, request.status, years, countries));
  for (const auto* victim : counted) {
    TRY(builder.count(values_of(spec->rows, *victim), values_of(spec->columns, *victim)));
  }
  if (spec->id == kSdgTable) {
    if (population == nullptr) {
      return Error::make("population_required", "sdg_16_2_2 needs a population file", "population");
    }
    TRY(use_population(builder, *population, years));
  }
  return builder.build();
}

}  // namespace opennrm::stats

#include "stats/htcds_export.h"

#include <algorithm>
#include <utility>
#include <variant>

#include <fmt/format.h>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/json.h"
#include "stats/render.h"
#include "store/fact_tables.h"

namespace opennrm::stats {

namespace {

// A field's value: one text, the values of a multi-valued field, or a yes/no.
using Value = std::variant<std::string, std::vector<std::string>, bool>;

struct Mapping {
  std::string_view from;
  std::string_view to;
};

constexpr Mapping kGenders[] = {{"female", "Feminine"},
                                {"male", "Masculine"},
                                {"other", "NonConforming"},
                                {"unknown", "NonSpecifiedUnknown"}};

constexpr Mapping kExploitationTypes[] = {{"sexual_exploitation", "SexualExploitation"},
                                          {"forced_labour", "ForcedLabour"},
                                          {"domestic_servitude", "Servitude"},
                                          {"forced_marriage", "ForcedMarriage"},
                                          {"organ_removal", "OrganRemoval"},
                                          {"forced_criminality", "Other"},
                                          {"forced_begging", "ForcedBegging"},
                                          {"illegal_adoption", "ForcedAdoption"},
                                          {"surrogacy_exploitation", "Surrogacy"},
                                          {"other", "Other"}};

// The stored value comes from the rules' vocabulary, so it is always in the mapping; an empty
// string would only show a database changed behind the store's back.
template <size_t N>
std::string mapped(const Mapping (&mappings)[N], std::string_view value) {
  for (const auto& mapping : mappings) {
    if (mapping.from == value) return std::string(mapping.to);
  }
  return {};
}

std::string trafficking_status(std::string_view stage) {
  if (stage == store::kIdentifiedVictimStage) return "ActualVictimOfTrafficking";
  if (stage == "not_victim") return "NotAVictimOfTrafficking";
  return "PossibleVictimOfTrafficking";
}

// One of the lists of a case (forms, citizenships, countries of exploitation), read in case
// order alongside the cases so that no list is looked up case by case.
class ListCursor {
 public:
  static ErrorOr<ListCursor> open(store::Connection& db, std::string_view sql) {
    ListCursor cursor(TRY(db.prepare(sql)));
    TRY(cursor.advance());
    return cursor;
  }

  // The values of `case_id`, the cursor being on it or on a later case.
  ErrorOr<std::vector<std::string>> take(int64_t case_id) {
    std::vector<std::string> values;
    while (has_row_ && statement_.column_int(0) == case_id) {
      values.push_back(statement_.column_text(1));
      TRY(advance());
    }
    return values;
  }

 private:
  explicit ListCursor(store::Statement statement) : statement_(std::move(statement)) {}
  ErrorOr<void> advance() {
    has_row_ = TRY(statement_.step());
    return {};
  }

  store::Statement statement_;
  bool has_row_ = false;
};

struct Cursors {
  store::Statement cases;
  ListCursor forms;
  ListCursor citizenships;
  ListCursor countries;

  static ErrorOr<Cursors> open(store::Connection& db) {
    return Cursors{
        TRY(db.prepare("SELECT f.case_id, c.case_number, f.identified_on, f.by_agency_type, "
                       "f.sex, f.age_group, f.residence_status, f.trafficking, f.stage, "
                       "f.closed_on FROM case_facts f JOIN cases c ON c.id = f.case_id "
                       "ORDER BY f.case_id")),
        TRY(ListCursor::open(db, "SELECT case_id, form FROM case_forms ORDER BY case_id, form")),
        TRY(ListCursor::open(db,
                             "SELECT case_id, country FROM case_citizenships "
                             "ORDER BY case_id, position")),
        TRY(ListCursor::open(db,
                             "SELECT case_id, country FROM case_exploitation_countries "
                             "ORDER BY case_id, position"))};
  }
};

// The values of the current case, in the order of htcds_case_fields().
ErrorOr<std::vector<Value>> case_values(Cursors& cursors) {
  const store::Statement& row = cursors.cases;
  const int64_t case_id = row.column_int(0);
  const auto forms = TRY(cursors.forms.take(case_id));
  const auto citizenship = TRY(cursors.citizenships.take(case_id));
  const auto countries = TRY(cursors.countries.take(case_id));
  std::vector<std::string> codes;
  bool stateless = false;
  for (const auto& country : citizenship) {
    if (country == "stateless") {
      stateless = true;
    } else {
      codes.push_back(country);
    }
  }
  std::vector<std::string> types;
  for (const auto& form : forms) {
    auto type = mapped(kExploitationTypes, form);
    if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
  }
  const std::string stage = row.column_text(8);
  return std::vector<Value>{
      row.column_is_null(9) ? "Active" : "Closed",
      trafficking_status(stage),
      mapped(kGenders, row.column_text(4)),
      std::move(codes),
      std::move(types),
      countries.empty() ? "" : "Exploitation",
      countries,
      row.column_text(1),
      row.column_text(2),
      row.column_text(3),
      row.column_text(5),
      row.column_text(6),
      stage,
      forms,
      row.column_text(7),
      stateless,
  };
}

std::string csv_text(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* yes = std::get_if<bool>(&value)) return *yes ? "true" : "false";
  return fmt::format("{}", fmt::join(std::get<std::vector<std::string>>(value), ";"));
}

boost::json::value json_value(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return boost::json::string(*text);
  if (const auto* yes = std::get_if<bool>(&value)) return *yes;
  boost::json::array list;
  for (const auto& item : std::get<std::vector<std::string>>(value)) list.emplace_back(item);
  return list;
}

// Writes one format; the JSON array is written element by element, so that a million cases
// never sit in memory.
class Writer {
 public:
  Writer(HtcdsFormat format, std::ostream& out, std::vector<std::string_view> fields)
      : format_(format), out_(out), fields_(std::move(fields)) {}

  void begin() {
    if (format_ == HtcdsFormat::csv) {
      out_ << csv_line({fields_.begin(), fields_.end()});
    } else {
      out_ << "[";
    }
  }

  void write(const std::vector<Value>& values) {
    if (format_ == HtcdsFormat::csv) {
      std::vector<std::string> cells;
      for (const auto& value : values) cells.push_back(csv_text(value));
      out_ << csv_line(cells);
      return;
    }
    boost::json::object record;
    for (size_t i = 0; i < fields_.size(); ++i) record[fields_[i]] = json_value(values[i]);
    out_ << (written_++ == 0 ? "\n" : ",\n") << to_json_text(record);
  }

  void end() {
    if (format_ == HtcdsFormat::json) out_ << (written_ == 0 ? "]\n" : "\n]\n");
  }

 private:
  HtcdsFormat format_;
  std::ostream& out_;
  std::vector<std::string_view> fields_;
  size_t written_ = 0;
};

}  // namespace

const std::vector<std::string_view>& htcds_case_fields() {
  static const std::vector<std::string_view> fields{"cas_Status",
                                                    "vic_TraffickingStatus",
                                                    "prs_Gender",
                                                    "prs_Citizenship",
                                                    "vic_TypeOfExploitation",
                                                    "hte_Type",
                                                    "hte_Country",
                                                    "opennrm_CaseNumber",
                                                    "opennrm_IdentifiedOn",
                                                    "opennrm_IdentifyingAgencyType",
                                                    "opennrm_AgeGroup",
                                                    "opennrm_ResidenceStatus",
                                                    "opennrm_Stage",
                                                    "opennrm_Forms",
                                                    "opennrm_Trafficking",
                                                    "opennrm_Stateless"};
  return fields;
}

const std::vector<std::string_view>& htcds_identity_fields() {
  static const std::vector<std::string_view> fields{
      "prs_FirstName", "prs_MiddleName", "prs_SecondName", "prs_Birthdate", "prs_IdentityNumber"};
  return fields;
}

ErrorOr<std::size_t> export_htcds(store::Connection& db, HtcdsFormat format, std::ostream& out,
                                  const HtcdsExportOptions& options) {
  const auto& identity_source = options.identity_fields_for_authorised_caller;
  std::vector<std::string_view> fields = htcds_case_fields();
  if (identity_source) {
    fields.insert(fields.end(), htcds_identity_fields().begin(), htcds_identity_fields().end());
  }
  auto cursors = TRY(Cursors::open(db));
  Writer writer(format, out, fields);
  writer.begin();
  std::size_t written = 0;
  while (TRY(cursors.cases.step())) {
    auto values = TRY(case_values(cursors));
    if (identity_source) {
      const HtcdsIdentity identity = TRY(identity_source(cursors.cases.column_int(0)));
      for (auto field : htcds_identity_fields()) {
        auto found = identity.find(field);
        values.emplace_back(found == identity.end() ? std::string() : found->second);
      }
    }
    writer.write(values);
    ++written;
  }
  writer.end();
  if (!out) return Error::make("write_failed", "cannot write the HTCDS export");
  return written;
}

}  // namespace opennrm::stats

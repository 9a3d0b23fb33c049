#include "stats/htcds_export.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include <boost/json/parse.hpp>

#include "stats_test_support.h"

namespace opennrm::stats {
namespace {

using testing::identified;
using testing::TempStore;

// The HTCDS fields shipped in data/htcds-2.0-fields.csv: name -> (identity, allowed values).
struct ShippedField {
  bool identity = false;
  std::set<std::string> values;  // Empty for a field without a picklist.
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

std::map<std::string, ShippedField> shipped_fields() {
  std::ifstream file(OPENNRM_SOURCE_DIR "/data/htcds-2.0-fields.csv");
  std::map<std::string, ShippedField> fields;
  std::string line;
  std::getline(file, line);
  EXPECT_EQ(line, "field,label,type,section,identity,values");
  while (std::getline(file, line)) {
    // No field of the excerpt has a comma inside a quoted cell.
    auto cells = split(line, ',');
    cells.resize(6);
    auto values = split(cells[5], ';');
    fields[cells[0]] = {cells[4] == "yes", {values.begin(), values.end()}};
  }
  return fields;
}

// Two cases whose values cover every mapping of gender, status and exploitation type.
void record_cases(TempStore& db) {
  db.record({identified("2025-01-10", "female", "adult", R"(["stateless", "NG"])",
                        R"(["sexual_exploitation", "domestic_servitude", "forced_criminality",
                            "other"])",
                        R"(["AT", "IT"])"),
             R"({"type": "conclusive_grounds_decision", "date": "2025-02-01", "positive": true})",
             R"({"type": "case_closed", "date": "2025-03-01", "reason": "Ms Example moved"})"});
  db.record({identified("2025-04-10", "other", "child", "[]",
                        R"(["forced_labour", "forced_marriage", "organ_removal",
                            "forced_begging", "illegal_adoption", "surrogacy_exploitation"])",
                        "[]")});
  db.record(
      {identified("2025-05-10", "male", "unknown", R"(["AT"])", "[]", R"(["AT"])"),
       R"({"type": "conclusive_grounds_decision", "date": "2025-06-01", "positive": false})"});
  db.record({identified("2025-05-11", "unknown", "adult", R"(["UA"])", "[]", "[]")});
}

std::string exported(TempStore& db, HtcdsFormat format, const HtcdsExportOptions& options = {}) {
  std::ostringstream out;
  auto read = db.store().read([&](store::Connection& connection) -> ErrorOr<void> {
    auto written = export_htcds(connection, format, out, options);
    EXPECT_FALSE(written.is_error()) << written.error().message;
    if (!written.is_error()) {
      EXPECT_EQ(*written, 4u);
    }
    return {};
  });
  EXPECT_FALSE(read.is_error());
  return out.str();
}

TEST(HtcdsExport, EveryColumnIsAnHtcdsFieldOrAnOpenNrmExtensionAndNoneIsIdentity) {
  TempStore db(policy::coe_minimum());
  record_cases(db);
  const auto shipped = shipped_fields();
  const auto csv = exported(db, HtcdsFormat::csv);
  const auto header = split(csv.substr(0, csv.find("\r\n")), ',');
  EXPECT_EQ(header.size(), htcds_case_fields().size());
  for (const auto& column : header) {
    if (column.starts_with("opennrm_")) continue;
    auto found = shipped.find(column);
    ASSERT_NE(found, shipped.end()) << column << " is not in data/htcds-2.0-fields.csv";
    EXPECT_FALSE(found->second.identity) << column;
  }
  for (const auto& [name, field] : shipped) {
    if (!field.identity) continue;
    EXPECT_EQ(csv.find(name), std::string::npos) << name;
  }
  // Free text never leaves: the closure reason names a person.
  EXPECT_EQ(csv.find("Example"), std::string::npos);
}

TEST(HtcdsExport, PicklistValuesAreTheStandardsOwn) {
  TempStore db(policy::coe_minimum());
  record_cases(db);
  const auto shipped = shipped_fields();
  const auto json = boost::json::parse(exported(db, HtcdsFormat::json)).as_array();
  ASSERT_EQ(json.size(), 4u);
  for (const auto& record : json) {
    for (const auto& [key, value] : record.as_object()) {
      auto found = shipped.find(std::string(key));
      if (found == shipped.end() || found->second.values.empty()) continue;
      std::vector<std::string> values;
      if (value.is_array()) {
        for (const auto& item : value.as_array()) values.emplace_back(item.as_string());
      } else if (!value.as_string().empty()) {
        values.emplace_back(value.as_string());
      }
      for (const auto& item : values) {
        EXPECT_TRUE(found->second.values.contains(item)) << key << ": " << item;
      }
    }
  }
  const auto& first = json[0].as_object();
  EXPECT_EQ(first.at("cas_Status"), "Closed");
  EXPECT_EQ(first.at("vic_TraffickingStatus"), "ActualVictimOfTrafficking");
  EXPECT_EQ(first.at("prs_Gender"), "Feminine");
  EXPECT_EQ(first.at("prs_Citizenship"), boost::json::parse(R"(["NG"])"));
  EXPECT_EQ(first.at("opennrm_Stateless"), true);
  EXPECT_EQ(first.at("vic_TypeOfExploitation"),
            boost::json::parse(R"(["Servitude", "Other", "SexualExploitation"])"));
  EXPECT_EQ(first.at("hte_Type"), "Exploitation");
  EXPECT_EQ(first.at("hte_Country"), boost::json::parse(R"(["AT", "IT"])"));
  EXPECT_EQ(first.at("opennrm_Trafficking"), "transnational");
  const auto& second = json[1].as_object();
  EXPECT_EQ(second.at("cas_Status"), "Active");
  EXPECT_EQ(second.at("vic_TraffickingStatus"), "PossibleVictimOfTrafficking");
  EXPECT_EQ(second.at("prs_Gender"), "NonConforming");
  EXPECT_EQ(second.at("hte_Type"), "");
  EXPECT_EQ(second.at("opennrm_AgeGroup"), "child");
  EXPECT_EQ(second.at("vic_TypeOfExploitation").as_array().size(), 6u);
  EXPECT_EQ(json[2].at("vic_TraffickingStatus"), "NotAVictimOfTrafficking");
  EXPECT_EQ(json[2].at("prs_Gender"), "Masculine");
  EXPECT_EQ(json[2].at("opennrm_Trafficking"), "internal");
  EXPECT_EQ(json[3].at("prs_Gender"), "NonSpecifiedUnknown");
}

TEST(HtcdsExport, CsvJoinsListsAndNeutralisesFormulasInIdentityFieldsOfAnAuthorisedCaller) {
  TempStore db(policy::coe_minimum());
  record_cases(db);
  HtcdsExportOptions options;
  options.identity_fields_for_authorised_caller = [](int64_t case_id) -> ErrorOr<HtcdsIdentity> {
    if (case_id != 1) return HtcdsIdentity{};
    return HtcdsIdentity{{"prs_FirstName", "=HYPERLINK(\"http://x\")"}, {"prs_SecondName", "Doe"}};
  };
  const auto csv = exported(db, HtcdsFormat::csv, options);
  const auto lines = split(csv, '\n');
  ASSERT_GE(lines.size(), 2u);
  EXPECT_NE(lines[0].find("prs_FirstName,prs_MiddleName,prs_SecondName,prs_Birthdate,"
                          "prs_IdentityNumber"),
            std::string::npos);
  EXPECT_NE(lines[1].find(",\"'=HYPERLINK(\"\"http://x\"\")\",,Doe,,"), std::string::npos)
      << lines[1];
  EXPECT_NE(lines[1].find(",AT;IT,"), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace opennrm::stats

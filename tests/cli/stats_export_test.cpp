// `opennrm export htcds`: every case in the HTCDS field names, without identity fields.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <boost/json/parse.hpp>

#include "cli_runner.h"

namespace opennrm::testing {
namespace {

std::string database() {
  const std::string dir = temp_dir();
  const std::string db = dir + "/cases.db";
  const std::string cases =
      R"({"ref": "A", "events": [{"type": "identified", "date": "2025-01-10", "by_agency_type": "police", "sex": "male", "age_status": "child", "residence_status": "irregular", "citizenship": ["UA"], "forms": ["forced_begging"], "countries_of_exploitation": ["AT"]}]})"
      "\n";
  auto imported =
      run_opennrm({"import", "cases", "--db", db, write_file(dir + "/cases.jsonl", cases)});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  return db;
}

TEST(ExportHtcds, CsvByDefaultWithHtcdsColumnsAndNoIdentity) {
  auto result = run_opennrm({"export", "htcds", "--db", database()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string header = result.out.substr(0, result.out.find("\r\n"));
  for (const char* field : {"cas_Status", "vic_TraffickingStatus", "prs_Gender", "prs_Citizenship",
                            "vic_TypeOfExploitation", "hte_Country"}) {
    EXPECT_NE(header.find(field), std::string::npos) << field;
  }
  for (const char* identity :
       {"prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_IdentityNumber"}) {
    EXPECT_EQ(result.out.find(identity), std::string::npos) << identity;
  }
  EXPECT_NE(result.out.find("Active,PossibleVictimOfTrafficking,Masculine,UA,ForcedBegging,"),
            std::string::npos)
      << result.out;
}

TEST(ExportHtcds, JsonToAFile) {
  const std::string out = temp_dir() + "/cases.json";
  auto result =
      run_opennrm({"export", "htcds", "--db", database(), "--format", "json", "--out", out});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  std::ifstream file(out);
  std::string text((std::istreambuf_iterator<char>(file)), {});
  auto cases = boost::json::parse(text).as_array();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].at("vic_TypeOfExploitation"), boost::json::parse(R"(["ForcedBegging"])"));
  EXPECT_EQ(cases[0].at("opennrm_AgeGroup"), "child");
}

TEST(ExportHtcds, InvalidInputExitsTwo) {
  const std::string missing = temp_dir() + "/missing.db";
  auto no_db = run_opennrm({"export", "htcds", "--db", missing});
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_NE(no_db.err.find(missing), std::string::npos);
  auto bad_format = run_opennrm({"export", "htcds", "--db", database(), "--format", "xml"});
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_TRUE(bad_format.out.empty());
}

}  // namespace
}  // namespace opennrm::testing

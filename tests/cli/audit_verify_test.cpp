// `opennrm audit verify`: passes on an untouched audit log and fails, naming the first bad
// record, once any record is changed, removed or reordered.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace opennrm::testing {
namespace {

// A database with a few audit records, made the way an operator sets up a server.
std::string database_with_audit_records() {
  std::string db = temp_dir() + "/audit.db";
  EXPECT_EQ(run_opennrm({"init", "--db", db}).exit_code, 0);
  auto agency =
      run_opennrm({"agency", "add", "--db", db, "--name", "Police HQ", "--type", "police"});
  EXPECT_EQ(agency.exit_code, 0) << agency.err;
  std::string agency_id = agency.out.substr(0, agency.out.find('\n'));
  for (std::string name : {"officer.one", "officer.two", "officer.three"}) {
    auto user = run_opennrm({"user", "add", "--db", db, "--username", name, "--agency", agency_id,
                             "--role", "frontline_officer"},
                            "correct horse battery staple\n");
    EXPECT_EQ(user.exit_code, 0) << user.err;
  }
  return db;
}

void execute(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  char* error = nullptr;
  int result = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(result, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(handle);
}

TEST(AuditVerify, AnUntouchedLogPasses) {
  auto db = database_with_audit_records();
  auto result = run_opennrm({"audit", "verify", "--db", db});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("4 records"), std::string::npos) << result.out;
}

TEST(AuditVerify, ChangingOneByteOfARecordInTheFileFails) {
  auto db = database_with_audit_records();
  std::string bytes;
  {
    std::ifstream in(db, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // The second record is the first user's creation; its role is stored as text in the file.
  auto at = bytes.find("user.create");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 5] = 'C';
  {
    std::ofstream out(db, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  auto result = run_opennrm({"audit", "verify", "--db", db});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("record"), std::string::npos);
}

TEST(AuditVerify, ChangingAFieldNamesThatRecord) {
  auto db = database_with_audit_records();
  execute(db, "UPDATE audit SET detail = 'coordinator' WHERE seq = 3");
  auto result = run_opennrm({"audit", "verify", "--db", db});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("record 3"), std::string::npos) << result.out;
}

TEST(AuditVerify, RemovingARecordFails) {
  auto db = database_with_audit_records();
  execute(db, "DELETE FROM audit WHERE seq = 2");
  auto result = run_opennrm({"audit", "verify", "--db", db});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("record 3"), std::string::npos) << result.out;
}

TEST(AuditVerify, RemovingTheNewestRecordFails) {
  auto db = database_with_audit_records();
  execute(db, "DELETE FROM audit WHERE seq = 4");
  auto result = run_opennrm({"audit", "verify", "--db", db});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("record 4"), std::string::npos) << result.out;
}

TEST(AuditVerify, SwappingTwoRecordsFails) {
  auto db = database_with_audit_records();
  execute(db,
          "UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; "
          "UPDATE audit SET seq = 3 WHERE seq = -2;");
  auto result = run_opennrm({"audit", "verify", "--db", db});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("record 2"), std::string::npos) << result.out;
}

TEST(AuditVerify, NoRecordHoldsThePassword) {
  auto db = database_with_audit_records();
  std::string bytes;
  std::ifstream in(db, std::ios::binary);
  bytes.assign(std::istreambuf_iterator<char>(in), {});
  EXPECT_EQ(bytes.find("correct horse battery staple"), std::string::npos);
}

// The audit records of the table, as "actor action object detail" lines in chain order.
std::vector<std::string> audit_lines(const std::string& db) {
  sqlite3* handle = nullptr;
  EXPECT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  sqlite3_stmt* select = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(handle,
                               "SELECT actor || ' ' || action || ' ' || object || ' ' || detail "
                               "FROM audit ORDER BY seq",
                               -1, &select, nullptr),
            SQLITE_OK);
  std::vector<std::string> lines;
  while (sqlite3_step(select) == SQLITE_ROW) {
    lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(select, 0)));
  }
  sqlite3_finalize(select);
  sqlite3_close(handle);
  return lines;
}

// Cases written with the command line (an operator's tool on the database) are audited in the
// same chain as the server's writes, a referral under an override basis included.
TEST(AuditVerify, WritesFromTheCommandLineAreAudited) {
  std::string db = temp_dir() + "/cli-writes.db";
  ASSERT_EQ(run_opennrm({"init", "--db", db}).exit_code, 0);
  const std::string identified =
      R"({"type": "identified", "date": "2026-01-10", "by_agency_type": "police",
          "sex": "female", "age_status": "adult", "residence_status": "irregular",
          "citizenship": ["NG"], "forms": ["forced_labour"], "countries_of_exploitation": ["AT"]})";
  auto opened = run_opennrm({"case", "new", "--db", db, "-"}, identified);
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  auto referred = run_opennrm({"case", "record", "--db", db, "--case", "1", "-"},
                              R"({"type": "referral_made", "date": "2026-01-11",
                                  "to_agency_type": "ngo", "service": "shelter",
                                  "override_basis": "vital_interests"})");
  ASSERT_EQ(referred.exit_code, 0) << referred.err;
  std::string line = R"({"ref": "A-1", "events": [)" + identified + "]}";
  line.erase(std::remove(line.begin(), line.end(), '\n'), line.end());
  auto imported = run_opennrm({"import", "cases", "--db", db, "-"}, line + "\n");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  EXPECT_EQ(audit_lines(db),
            (std::vector<std::string>{"command-line case.open case:1 opened",
                                      "command-line case.event case:1 event:referral_made",
                                      "command-line case.import case:2 imported"}));
  EXPECT_EQ(run_opennrm({"audit", "verify", "--db", db}).exit_code, 0);
}

TEST(AuditVerify, AMissingDatabaseIsInvalidInput) {
  auto result = run_opennrm({"audit", "verify", "--db", temp_dir() + "/none.db"});
  EXPECT_EQ(result.exit_code, 2);
}

}  // namespace
}  // namespace opennrm::testing

// `opennrm demo` after `opennrm agency add`: the generated cases belong to the agencies, so that
// every role of a demo server sees cases (what `make run` relies on).

#include <string>

#include <gtest/gtest.h>

#include "cli_runner.h"
#include "store/sqlite.h"

namespace opennrm::testing {
namespace {

std::string add_agency(const std::string& db, const std::string& name, const std::string& type) {
  auto added = run_opennrm({"agency", "add", "--db", db, "--name", name, "--type", type});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  return added.out.substr(0, added.out.find('\n'));
}

int64_t count(store::Connection& db, const std::string& sql) {
  auto counted = db.query_int(sql);
  EXPECT_FALSE(counted.is_error()) << sql;
  return counted.is_error() ? -1 : *counted;
}

TEST(DemoLinksCli, DemoAfterAgencyAddLinksEveryCaseAndStoresReferrals) {
  std::string db = temp_dir() + "/demo.db";
  ASSERT_EQ(run_opennrm({"init", "--db", db}).exit_code, 0);
  add_agency(db, "Demo police", "police");
  std::string ngo = add_agency(db, "Demo NGO", "ngo");
  add_agency(db, "Second NGO", "ngo");
  auto demo = run_opennrm({"demo", "--db", db, "--cases", "200", "--seed", "1"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;

  auto connection = store::Connection::open(db, false);
  ASSERT_FALSE(connection.is_error()) << connection.error().message;
  auto& opened = *connection;
  EXPECT_EQ(count(opened, "SELECT count(*) FROM cases"), 200);
  EXPECT_EQ(count(opened, "SELECT count(*) FROM case_agencies WHERE relation = 'opened'"), 200);
  // NGO cases open at an NGO; the others, of types with no agency here, at the police.
  EXPECT_EQ(count(opened,
                  "SELECT count(*) FROM case_agencies l JOIN agencies a ON a.id = "
                  "l.agency_id JOIN events e ON e.case_id = l.case_id AND e.seq = 1 "
                  "WHERE l.relation = 'opened' AND a.type <> CASE json_extract(e.body, "
                  "'$.by_agency_type') WHEN 'ngo' THEN 'ngo' ELSE 'police' END"),
            0);
  EXPECT_GT(count(opened,
                  "SELECT count(*) FROM case_agencies WHERE relation = 'opened' AND "
                  "agency_id = " +
                      ngo),
            0);
  EXPECT_GT(count(opened, "SELECT count(*) FROM referrals WHERE status = 'pending'"), 0);
  EXPECT_EQ(count(opened,
                  "SELECT count(*) FROM case_agencies WHERE relation = "
                  "'referral_accepted'"),
            count(opened,
                  "SELECT count(DISTINCT case_id || '/' || to_agency_id) FROM referrals "
                  "WHERE status = 'accepted'"));
  EXPECT_GT(count(opened,
                  "SELECT count(*) FROM case_agencies WHERE relation = "
                  "'referral_accepted'"),
            0);
}

TEST(DemoLinksCli, DemoWithoutAgenciesLinksNothing) {
  std::string db = temp_dir() + "/demo.db";
  ASSERT_EQ(run_opennrm({"init", "--db", db}).exit_code, 0);
  ASSERT_EQ(run_opennrm({"demo", "--db", db, "--cases", "50", "--seed", "1"}).exit_code, 0);
  auto connection = store::Connection::open(db, false);
  ASSERT_FALSE(connection.is_error()) << connection.error().message;
  EXPECT_EQ(count(*connection, "SELECT count(*) FROM cases"), 50);
  EXPECT_EQ(count(*connection, "SELECT count(*) FROM case_agencies"), 0);
  EXPECT_EQ(count(*connection, "SELECT count(*) FROM referrals"), 0);
}

}  // namespace
}  // namespace opennrm::testing

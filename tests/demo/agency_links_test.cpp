// `opennrm demo` on a database with agencies: every case belongs to an agency of the type that
// identified the person, referrals reach agencies of the type they name, and accepted ones give
// the recipient the case too (src/demo/agency_links.h).

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "demo/demo.h"
#include "store/account_store.h"

namespace opennrm::demo {
namespace {

using Row = std::vector<std::string>;
using Rows = std::vector<Row>;
using AgencyList = std::vector<std::pair<std::string, std::string>>;  // Name, type.

constexpr const char* kNow = "2026-03-01T10:00:00Z";

class DemoDatabase {
 public:
  explicit DemoDatabase(const AgencyList& agencies) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "opennrm-links-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    store_.emplace(store::CaseStore::open(dir_ + "/demo.db").release_value());
    EXPECT_FALSE(store_->initialise(policy::coe_minimum()).is_error());
    EXPECT_FALSE(store_
                     ->transact([&](store::Connection& db) -> ErrorOr<void> {
                       for (const auto& [name, type] : agencies) {
                         TRY(store::insert_agency(db, name, type, kNow));
                       }
                       return {};
                     })
                     .is_error());
  }
  ~DemoDatabase() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  store::CaseStore& store() { return *store_; }

  // The rows of a query, each of its `columns` as text.
  Rows rows(const std::string& sql, int columns) {
    Rows found;
    EXPECT_FALSE(store_
                     ->read([&](store::Connection& db) -> ErrorOr<void> {
                       auto select = TRY(db.prepare(sql));
                       while (TRY(select.step())) {
                         Row row;
                         for (int column = 0; column < columns; ++column) {
                           row.push_back(select.column_text(column));
                         }
                         found.push_back(std::move(row));
                       }
                       return {};
                     })
                     .is_error());
    return found;
  }

  int64_t count(const std::string& sql) { return std::stoll(rows(sql, 1).at(0).at(0)); }

  // Each case's identifying agency type, from its stored `identified` event.
  std::map<std::string, std::string> identifying_types() {
    std::map<std::string, std::string> types;
    for (const auto& row : rows("SELECT case_id, body FROM events WHERE seq = 1", 2)) {
      types[row[0]] = boost::json::parse(row[1]).at("by_agency_type").as_string().c_str();
    }
    return types;
  }

 private:
  std::string dir_;
  std::optional<store::CaseStore> store_;
};

const AgencyList kAgencies = {{"Police North", "police"},     {"Police South", "police"},
                              {"Shelter NGO", "ngo"},         {"Outreach NGO", "ngo"},
                              {"Immigration", "immigration"}, {"NRM office", "coordinator"}};

TEST(DemoLinks, EveryCaseIsOpenedByOneAgencyOfItsIdentifyingTypeOrTheFirstPolice) {
  DemoDatabase database(kAgencies);
  auto summary = run_demo(database.store(), 400, 3).release_value();
  auto types = database.identifying_types();
  ASSERT_EQ(types.size(), summary.cases);
  auto opened = database.rows(
      "SELECT l.case_id, a.id, a.type FROM case_agencies l JOIN agencies a ON a.id = l.agency_id "
      "WHERE l.relation = 'opened'",
      3);
  ASSERT_EQ(opened.size(), summary.cases);  // One each: (case, agency) is the table's key.
  std::set<std::string> cases;
  std::set<std::string> police_openers;
  bool fallback_seen = false;
  for (const auto& row : opened) {
    EXPECT_TRUE(cases.insert(row[0]).second) << "case " << row[0] << " opened twice";
    const std::string& wanted = types.at(row[0]);
    bool exists = wanted == "police" || wanted == "ngo" || wanted == "immigration";
    if (exists) {
      EXPECT_EQ(row[2], wanted) << "case " << row[0];
      if (wanted == "police") police_openers.insert(row[1]);
    } else {
      fallback_seen = true;
      EXPECT_EQ(row[1], "1") << "case " << row[0] << " of type " << wanted;
    }
  }
  EXPECT_TRUE(fallback_seen);
  EXPECT_EQ(police_openers.size(), 2u) << "police cases go to both police agencies in turn";
  // The opening agency records the case's events.
  EXPECT_EQ(database.count("SELECT count(*) FROM events e JOIN case_agencies l ON l.case_id = "
                           "e.case_id AND l.relation = 'opened' WHERE e.agency IS NOT "
                           "CAST(l.agency_id AS TEXT)"),
            0);
}

TEST(DemoLinks, ReferralsReachAgenciesOfTheirTypeAndAcceptedOnesShareTheCase) {
  DemoDatabase database(kAgencies);
  run_demo(database.store(), 400, 3).release_value();
  auto referrals = database.rows(
      "SELECT r.case_id, r.to_agency_id, r.status, a.type, e.type, e.body, r.from_agency_id, "
      "o.agency_id, coalesce(r.responded_at, '') FROM referrals r "
      "JOIN agencies a ON a.id = r.to_agency_id "
      "JOIN events e ON e.case_id = r.case_id AND e.seq = r.event_seq "
      "JOIN case_agencies o ON o.case_id = r.case_id AND o.relation = 'opened'",
      9);
  ASSERT_FALSE(referrals.empty());
  std::map<std::string, int> by_status;
  std::set<std::pair<std::string, std::string>> accepted;
  for (const auto& row : referrals) {
    ++by_status[row[2]];
    EXPECT_EQ(row[4], "referral_made");
    EXPECT_EQ(row[3], boost::json::parse(row[5]).at("to_agency_type").as_string().c_str());
    EXPECT_EQ(row[6], row[7]) << "referred by the opening agency";
    EXPECT_NE(row[1], row[7]) << "never referred to the opening agency";
    EXPECT_EQ(row[8].empty(), row[2] == "pending");
    if (row[2] == "accepted") accepted.emplace(row[0], row[1]);
  }
  EXPECT_GT(by_status["accepted"], by_status["pending"] + by_status["declined"]);
  EXPECT_GT(by_status["pending"], 0);
  EXPECT_GT(by_status["declined"], 0);
  EXPECT_EQ(by_status.size(), 3u);
  // Every referral_made to a type that has agencies made a referral (this demo has only NGOs).
  EXPECT_EQ(static_cast<int64_t>(referrals.size()),
            database.count("SELECT count(*) FROM events WHERE type = 'referral_made' AND "
                           "json_extract(body, '$.to_agency_type') = 'ngo'"));

  std::set<std::pair<std::string, std::string>> linked;
  for (const auto& row : database.rows(
           "SELECT case_id, agency_id FROM case_agencies WHERE relation = 'referral_accepted'",
           2)) {
    linked.emplace(row[0], row[1]);
  }
  EXPECT_EQ(linked, accepted);
}

TEST(DemoLinks, TheSameSeedGivesTheSameLinksAndReferrals) {
  auto links_of = [](uint64_t seed) {
    DemoDatabase database(kAgencies);
    run_demo(database.store(), 150, seed).release_value();
    auto links = database.rows(
        "SELECT case_id, agency_id, relation FROM case_agencies ORDER BY case_id, agency_id", 3);
    auto referrals = database.rows(
        "SELECT case_id, event_seq, to_agency_id, status FROM referrals ORDER BY id", 4);
    links.insert(links.end(), referrals.begin(), referrals.end());
    return links;
  };
  auto first = links_of(11);
  EXPECT_EQ(first, links_of(11));
  EXPECT_NE(first, links_of(12));
}

TEST(DemoLinks, WithoutAgenciesNoCaseIsLinked) {
  DemoDatabase database({});
  auto summary = run_demo(database.store(), 100, 3).release_value();
  EXPECT_EQ(summary.cases, 100u);
  EXPECT_EQ(database.count("SELECT count(*) FROM case_agencies"), 0);
  EXPECT_EQ(database.count("SELECT count(*) FROM referrals"), 0);
  EXPECT_EQ(database.count("SELECT count(*) FROM events WHERE agency IS NOT NULL"), 0);
}

TEST(DemoLinks, WithoutPoliceTheFirstAgencyOpensCasesOfTypesWithNoAgency) {
  DemoDatabase database({{"NRM office", "coordinator"}, {"Shelter NGO", "ngo"}});
  auto summary = run_demo(database.store(), 200, 5).release_value();
  auto types = database.identifying_types();
  auto opened =
      database.rows("SELECT case_id, agency_id FROM case_agencies WHERE relation = 'opened'", 2);
  ASSERT_EQ(opened.size(), summary.cases);
  for (const auto& row : opened) {
    EXPECT_EQ(row[1], types.at(row[0]) == "ngo" ? "2" : "1") << "case " << row[0];
  }
  // The only NGO opened those cases itself, so their NGO referrals have nobody to go to.
  EXPECT_EQ(database.count("SELECT count(*) FROM referrals r JOIN case_agencies l ON l.case_id = "
                           "r.case_id AND l.relation = 'opened' WHERE l.agency_id = 2"),
            0);
}

}  // namespace
}  // namespace opennrm::demo

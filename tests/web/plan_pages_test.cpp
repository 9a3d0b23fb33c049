// The pages of national action plans against a real server: the list and the plan page show the
// verdict, the coverage matrix, the missing elements, overdue actions first and the budget per
// currency; every role that may read plans sees them, only the coordinator records progress,
// and a refused report is shown with its reason, its values kept and nothing saved.

#include <chrono>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../plans/plan_toml.h"
#include "browser.h"
#include "store/plan_store.h"

namespace opennrm::web {
namespace {

using access::Role;
using plans::testing::ActionToml;
using plans::testing::progress_toml;
using testing::Browser;
using testing::header;
using testing::Reply;
using testing::TestServer;

// The test server's clock starts on 2026-01-01, so "today" on the pages is that day.
//
// A1 (prevention, every dimension) is specified, with 120,000 EUR and 40 % done; A2 (protection,
// forced labour) lacks staff and a budget; A3 (prosecution, sexual exploitation) is specified,
// with 30,000 USD, and ended on 2025-12-31 at 80 %: overdue. Two of three specified is under
// 80 %, so the plan is a paper tiger although every dimension is covered.
std::string paper_tiger_toml() {
  std::string header =
      "[plan]\ntitle = \"Plan <2026> & beyond\"\ncountry = \"XX\"\n"
      "start = 2026-01-01\nend = 2028-12-31\n";
  return header + ActionToml("A1").str() +
         ActionToml("A2", "protection", R"(["forced_labour"])")
             .drop("staff_fte")
             .drop("budget")
             .drop("currency")
             .str() +
         ActionToml("A3", "prosecution", R"(["sexual_exploitation"])")
             .set("start", "2025-06-01")
             .set("end", "2025-12-31")
             .set("budget", "30000")
             .set("currency", "\"USD\"")
             .str() +
         progress_toml("A1", "2025-12-20", "40", "50000") +
         progress_toml("A3", "2025-12-01", "80", "12000");
}

// Two specified actions, both prevention: no paper tiger, but three pillars are uncovered.
std::string needs_work_toml() {
  return plans::testing::plan_toml({ActionToml("B1"), ActionToml("B2")});
}

// The text of a cell of the coverage matrix: the row of `dimension`, the column of `pillar`
// (0 prevention, 1 protection, 2 prosecution, 3 partnership).
std::string matrix_cell(const std::string& page, const std::string& dimension, int pillar) {
  auto table = page.find("class=\"grid-table coverage-matrix\"");
  auto row = page.find("<th scope=\"row\">" + dimension, table);
  if (row == std::string::npos)
    row = page.find("<th scope=\"row\" class=\"is-uncovered\">" + dimension, table);
  if (table == std::string::npos || row == std::string::npos) return "no row " + dimension;
  std::string cells = page.substr(row, page.find("</tr>", row) - row);
  size_t at = 0;
  for (int column = 0; column <= pillar; ++column) at = cells.find("<td", at + 1);
  if (at == std::string::npos) return "no cell";
  return cells.substr(at, cells.find("</td>", at) - at);
}

// The list item of an action on the plan page.
std::string action_item(const std::string& page, int index) {
  auto at = page.find("id=\"action-" + std::to_string(index) + "\"");
  if (at == std::string::npos) return {};
  at = page.rfind("<li", at);
  return page.substr(at, page.find("</li>", at) - at);
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class PlanPagesTest : public ::testing::Test {
 protected:
  // Noon, so that "today" is 2026-01-01 in the server's local time whatever its time zone.
  PlanPagesTest() { server_.clock().advance(std::chrono::hours(12)); }

  // Signs in through the form; the clock moves on 30 seconds first, so that a role with a
  // second factor never replays the code the API sign-in of token() used.
  Browser browser(Role role) {
    server_.clock().advance(std::chrono::seconds(30));
    return Browser(server_, role);
  }

  int64_t import(const std::string& toml) {
    std::string body = boost::json::serialize(boost::json::object{{"toml", toml}});
    auto reply = server_.client().call("POST", "/api/v1/plans", token(), body);
    EXPECT_EQ(reply.result_int(), 201) << reply.body();
    return TestServer::json(reply).at("plan_id").as_int64();
  }

  size_t stored_reports(int64_t plan_id) {
    auto plans = store::PlanStore::open(server_.db_path());
    return plans.value().history(plan_id).value().progress.size();
  }

  const std::string& token() {
    if (token_.empty()) token_ = server_.login(Role::coordinator);
    return token_;
  }

  TestServer server_;
  std::string token_;
};

TEST_F(PlanPagesTest, TheListShowsEachPlansVerdictShareSpecifiedAndProgress) {
  int64_t tiger = import(paper_tiger_toml());
  int64_t work = import(needs_work_toml());
  Browser officer = browser(Role::frontline_officer);
  Reply reply = officer.get("/plans");
  ASSERT_EQ(reply.result_int(), 200) << reply.body();
  const std::string& page = reply.body();
  EXPECT_TRUE(contains(page, "href=\"/plans\" aria-current=\"page\""));
  // The list's row of a plan, from its link to the end of the row; empty when it is not listed.
  auto row_of = [&](int64_t plan_id) {
    auto at = page.find("href=\"/plans/" + std::to_string(plan_id) + "\"");
    if (at == std::string::npos) return std::string();
    return page.substr(at, page.find("</tr>", at) - at);
  };
  std::string tiger_row = row_of(tiger);
  ASSERT_FALSE(tiger_row.empty()) << "the paper tiger is not listed";
  EXPECT_TRUE(contains(tiger_row, "Plan &lt;2026&gt; &amp; beyond")) << tiger_row;
  EXPECT_TRUE(contains(tiger_row, "1 January 2026 to 31 December 2028")) << tiger_row;
  EXPECT_TRUE(contains(tiger_row, "data-verdict=\"paper_tiger\">Paper tiger<")) << tiger_row;
  EXPECT_TRUE(contains(tiger_row, "2 of 3 (66.7%)")) << tiger_row;
  // (40 + 0 + 80) / 3 actions.
  EXPECT_TRUE(contains(tiger_row, "</span> 40%")) << tiger_row;
  std::string work_row = row_of(work);
  ASSERT_FALSE(work_row.empty()) << "the plan that needs work is not listed";
  EXPECT_TRUE(contains(work_row, "data-verdict=\"needs_work\">Needs work<")) << work_row;
  EXPECT_TRUE(contains(work_row, "2 of 2 (100%)")) << work_row;
}

TEST_F(PlanPagesTest, ThePlanPageShowsVerdictFindingsMatrixActionsAndTotals) {
  int64_t plan_id = import(paper_tiger_toml());
  Browser rapporteur = browser(Role::rapporteur);
  Reply reply = rapporteur.get("/plans/" + std::to_string(plan_id));
  ASSERT_EQ(reply.result_int(), 200) << reply.body();
  const std::string& page = reply.body();
  EXPECT_TRUE(contains(page, "data-verdict=\"paper_tiger\">Paper tiger<"));
  EXPECT_TRUE(contains(page, "Actions fully specified: 2 of 3 (66.7%)."));
  EXPECT_TRUE(contains(page, "fewer than the 80% of actions"));
  EXPECT_TRUE(contains(page, "No specified action serves these pillars: Protection, Partnership."));
  EXPECT_TRUE(contains(page, "1 action is overdue"));
  EXPECT_FALSE(contains(page, "No specified action addresses"));

  // The matrix: specified actions as they are, unspecified ones marked, gaps visible.
  EXPECT_TRUE(contains(page, "<caption id=\"coverage-caption\">"));
  std::string labour_protection = matrix_cell(page, "Forced labour", 1);
  EXPECT_TRUE(contains(labour_protection, "cover cover-unspecified")) << labour_protection;
  EXPECT_TRUE(contains(labour_protection, ">A2<")) << labour_protection;
  EXPECT_TRUE(contains(labour_protection, "class=\"gap\"")) << labour_protection;
  std::string sexual_prosecution = matrix_cell(page, "Sexual exploitation", 2);
  EXPECT_TRUE(contains(sexual_prosecution, "class=\"cover\"")) << sexual_prosecution;
  EXPECT_TRUE(contains(sexual_prosecution, ">A3<")) << sexual_prosecution;
  EXPECT_FALSE(contains(sexual_prosecution, "gap")) << sexual_prosecution;
  std::string marriage_prevention = matrix_cell(page, "Forced marriage", 0);
  EXPECT_TRUE(contains(marriage_prevention, ">A1<")) << marriage_prevention;
  std::string marriage_partnership = matrix_cell(page, "Forced marriage", 3);
  EXPECT_TRUE(contains(marriage_partnership, "class=\"gap\"")) << marriage_partnership;
  EXPECT_TRUE(contains(marriage_partnership, "No specified action")) << marriage_partnership;
  EXPECT_FALSE(contains(marriage_partnership, "href")) << marriage_partnership;

  // Overdue first (A3 is third in the plan), then the others in plan order.
  auto a3 = page.find("id=\"action-3\"");
  auto a1 = page.find("id=\"action-1\"");
  auto a2 = page.find("id=\"action-2\"");
  ASSERT_NE(a3, std::string::npos);
  EXPECT_LT(a3, a1);
  EXPECT_LT(a1, a2);
  std::string overdue = action_item(page, 3);
  EXPECT_TRUE(contains(overdue, "is-overdue")) << overdue;
  EXPECT_TRUE(contains(overdue, "Overdue: due 31 December 2025")) << overdue;
  EXPECT_TRUE(contains(overdue, "80% done")) << overdue;
  EXPECT_TRUE(contains(overdue, "12,000 USD spent of 30,000 USD (40%)")) << overdue;
  EXPECT_FALSE(contains(action_item(page, 1), "is-overdue"));

  // The missing elements of A2, highlighted; the specified A1 has none.
  std::string unspecified = action_item(page, 2);
  EXPECT_TRUE(contains(unspecified, "Missing: Staff, Budget")) << unspecified;
  EXPECT_TRUE(contains(unspecified, "element is-missing\"><dt>Staff</dt>")) << unspecified;
  EXPECT_TRUE(contains(unspecified, "element is-missing\"><dt>Budget</dt>")) << unspecified;
  EXPECT_TRUE(contains(unspecified, "element\"><dt>Timeframe</dt>")) << unspecified;
  EXPECT_TRUE(contains(unspecified, "No budget with a currency")) << unspecified;
  EXPECT_TRUE(contains(action_item(page, 1), "Fully specified"));
  EXPECT_FALSE(contains(action_item(page, 1), "is-missing"));

  // Budget execution per currency: A1's 50,000 of 120,000 EUR, A3's 12,000 of 30,000 USD.
  EXPECT_TRUE(contains(page,
                       "<th scope=\"row\" translate=\"no\">EUR</th><td class=\"num\">120,000</td>"
                       "<td class=\"num\">50,000</td><td class=\"num\">41.7%</td>"));
  EXPECT_TRUE(contains(page,
                       "<th scope=\"row\" translate=\"no\">USD</th><td class=\"num\">30,000</td>"
                       "<td class=\"num\">12,000</td><td class=\"num\">40%</td>"));
  // Only the coordinator gets the progress form.
  EXPECT_FALSE(contains(page, "action=\"/plans/" + std::to_string(plan_id) + "/progress"));
}

TEST_F(PlanPagesTest, EveryRoleReadsPlansButOnlyTheCoordinatorRecordsProgress) {
  int64_t plan_id = import(needs_work_toml());
  std::string plan_page = "/plans/" + std::to_string(plan_id);
  for (Role role : {Role::caseworker, Role::prosecutor, Role::rapporteur, Role::admin}) {
    Browser reader = browser(role);
    EXPECT_EQ(reader.get("/plans").result_int(), 200);
    EXPECT_EQ(reader.get(plan_page).result_int(), 200);
    Reply refused = reader.post(plan_page + "/progress", "action=B1&date=2026-01-01&percent=10");
    EXPECT_EQ(refused.result_int(), 403);
  }
  EXPECT_EQ(stored_reports(plan_id), 0u);
  Browser coordinator = browser(Role::coordinator);
  EXPECT_TRUE(
      contains(coordinator.get(plan_page).body(), "action=\"" + plan_page + "/progress#record\""));
}

TEST_F(PlanPagesTest, UnknownOrMalformedPlanIdsGetTheNotFoundPage) {
  import(needs_work_toml());
  Browser coordinator = browser(Role::coordinator);
  for (std::string_view target : {"/plans/999", "/plans/abc", "/plans/0", "/plans/-1"}) {
    Reply reply = coordinator.get(target);
    EXPECT_EQ(reply.result_int(), 404) << target;
    EXPECT_TRUE(contains(reply.body(), "There is no such plan.")) << target;
  }
  EXPECT_EQ(
      coordinator.post("/plans/999/progress", "action=B1&date=2026-01-01&percent=10").result_int(),
      404);
  EXPECT_EQ(coordinator.get("/plans/1?eu=maybe").result_int(), 400);
}

TEST_F(PlanPagesTest, TheCoordinatorRecordsProgressAndThePageShowsIt) {
  int64_t plan_id = import(needs_work_toml());
  std::string plan_page = "/plans/" + std::to_string(plan_id);
  Browser coordinator = browser(Role::coordinator);
  Reply reply = coordinator.post(
      plan_page + "/progress", "action=B2&date=2026-01-01&percent=25&spent=1000.5&note=First+step");
  ASSERT_EQ(reply.result_int(), 303) << reply.body();
  EXPECT_EQ(header(reply, "Location"), plan_page + "?notice=recorded#actions");
  EXPECT_EQ(stored_reports(plan_id), 1u);
  const std::string page = coordinator.get(plan_page + "?notice=recorded").body();
  EXPECT_TRUE(contains(page, "Progress recorded."));
  std::string b2 = action_item(page, 2);
  EXPECT_TRUE(contains(b2, "25% done")) << b2;
  EXPECT_TRUE(contains(b2, "1,000.50 EUR spent of 120,000 EUR (0.8%)")) << b2;
  EXPECT_TRUE(contains(b2, "First step")) << b2;
  // The report is the API's: it shows in the plan's history with who recorded it.
  auto history = server_.client().call(
      "GET", "/api/v1/plans/" + std::to_string(plan_id) + "/history", token());
  auto json = TestServer::json(history);
  EXPECT_EQ(json.at("progress").as_array().at(0).at("recorded_by").as_string(), "coordinator");
}

TEST_F(PlanPagesTest, ARefusedReportShowsItsReasonKeepsTheValuesAndSavesNothing) {
  int64_t plan_id = import(needs_work_toml());
  std::string target = "/plans/" + std::to_string(plan_id) + "/progress";
  Browser coordinator = browser(Role::coordinator);
  struct Case {
    std::string form;
    std::string reason;
    std::string kept;
  };
  const Case cases[] = {
      {"action=B1&date=2026-01-01&percent=150&spent=10&note=Too+much",
       "Give how much is done as a number from 0 to 100.", "value=\"150\""},
      {"action=B1&date=2026-01-01&percent=abc", "Give how much is done as a number from 0 to 100.",
       "value=\"abc\""},
      {"action=B1&date=2026-13-01&percent=10&note=Bad+date",
       "Give the date of the report as a calendar date.", "value=\"Bad date\""},
      {"action=ZZ&date=2026-01-01&percent=10&spent=5", "Choose an action of this plan.",
       "value=\"5\""},
      {"action=B2&date=2026-01-01&percent=10&spent=-5",
       "Give the money spent as a number, zero or more.", "value=\"-5\""},
      {"action=B2&date=2026-01-01&percent=10&note=" + std::string(1001, 'x'),
       "The note is too long; shorten it.", "value=\"10\""},
  };
  for (const auto& refused : cases) {
    Reply reply = coordinator.post(target, refused.form);
    EXPECT_EQ(reply.result_int(), 422) << refused.form;
    EXPECT_TRUE(contains(reply.body(), "Not recorded: nothing was saved")) << refused.form;
    EXPECT_TRUE(contains(reply.body(), refused.reason)) << refused.form;
    EXPECT_TRUE(contains(reply.body(), refused.kept)) << refused.form;
    EXPECT_TRUE(contains(reply.body(), "aria-invalid=\"true\"")) << refused.form;
  }
  EXPECT_EQ(stored_reports(plan_id), 0u);
  // Without the session's CSRF token nothing is recorded either.
  EXPECT_EQ(coordinator.post(target, "action=B1&date=2026-01-01&percent=10", false).result_int(),
            403);
  EXPECT_EQ(stored_reports(plan_id), 0u);
}

TEST_F(PlanPagesTest, ThePagesFollowTheUsersLanguage) {
  int64_t plan_id = import(paper_tiger_toml());
  Browser officer = browser(Role::frontline_officer);
  ASSERT_EQ(officer.post("/locale", "locale=fr&back=/plans").result_int(), 303);
  const std::string page = officer.get("/plans/" + std::to_string(plan_id)).body();
  EXPECT_TRUE(contains(page, ">Tigre de papier<"));
  EXPECT_TRUE(contains(page, "Manque : Personnel, Budget"));
  EXPECT_TRUE(contains(page, "120\u202f000"));
}

}  // namespace
}  // namespace opennrm::web

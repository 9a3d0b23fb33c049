// The web pages against a real server (tests/api/test_server.h): plain form posts with
// redirect-after-post, a refused event shown with its reason and nothing saved, escaping,
// CSRF, bad input answered with a 400 page, session expiry, and static files' caching.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../api/case_test_support.h"
#include "browser.h"
#include "security/totp.h"
#include "store/audit_log.h"
#include "store/case_store.h"

namespace opennrm::web {
namespace {

using access::Role;
using testing::Browser;
using testing::header;
using testing::Reply;
using testing::TestServer;

std::string identified_form(std::string_view age_status) {
  return "date=2026-03-01&by_agency_type=police&age_status=" + std::string(age_status) +
         "&sex=female&residence_status=irregular&citizenship=md&forms=forced_labour"
         "&countries_of_exploitation=RO";
}

// Opens a case through the New identification form and returns its page's address.
std::string open_case(Browser& browser, std::string_view age_status = "presumed_child") {
  Reply reply = browser.post("/cases/new", identified_form(age_status));
  EXPECT_EQ(reply.result_int(), 303) << reply.body();
  std::string location = header(reply, "Location");
  return location.substr(0, location.find('?'));
}

size_t stored_events(TestServer& server, std::string_view case_page) {
  int64_t id = std::stoll(std::string(case_page.substr(case_page.rfind('/') + 1)));
  return server.store().load_case(id).value()->events.size();
}

TEST(Pages, WithoutASessionEveryPageSendsYouToSignIn) {
  TestServer server;
  Reply reply = server.client().request("GET", "/today");
  EXPECT_EQ(reply.result_int(), 303);
  EXPECT_EQ(header(reply, "Location"), "/signin");
  Reply expired =
      server.client().request("GET", "/cases", {}, {{"Cookie", "opennrm_session=gone"}});
  EXPECT_EQ(header(expired, "Location"), "/signin?expired=1");
  Reply page = server.client().request("GET", "/signin?expired=1");
  EXPECT_NE(page.body().find("Your session has ended"), std::string::npos);
}

TEST(Pages, NewIdentificationOpensACaseAndTheCasePageShowsItsStatus) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  std::string case_page = open_case(officer);
  ASSERT_TRUE(case_page.starts_with("/cases/"));
  Reply page = officer.get(case_page);
  ASSERT_EQ(page.result_int(), 200);
  EXPECT_NE(page.body().find("Presumed child"), std::string::npos);
  EXPECT_NE(page.body().find("Protected from removal"), std::string::npos);
  EXPECT_EQ(header(page, "Cache-Control"), "no-store");
}

// The person's identity from the New identification form: kept apart and encrypted, shown on
// the case page to the agency that recorded it, with a warning when another visible case has
// the same name and date of birth.
TEST(Pages, NewIdentificationKeepsTheIdentityAndWarnsOfAPossibleDuplicate) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  std::string identity = "&identity_name=Ana+Testova&identity_date_of_birth=1999-04-02";
  Reply first = officer.post("/cases/new", identified_form("adult") + identity);
  ASSERT_EQ(first.result_int(), 303) << first.body();
  std::string first_page = header(first, "Location");
  EXPECT_EQ(first_page.find("duplicate="), std::string::npos);
  Reply page = officer.get(first_page.substr(0, first_page.find('?')));
  EXPECT_NE(page.body().find("Ana Testova"), std::string::npos);
  EXPECT_NE(page.body().find("Date of birth"), std::string::npos);

  Reply second = officer.post("/cases/new", identified_form("adult") + identity);
  ASSERT_EQ(second.result_int(), 303) << second.body();
  std::string location = header(second, "Location");
  EXPECT_NE(location.find("&duplicate=" + first_page.substr(7, first_page.find('?') - 7)),
            std::string::npos)
      << location;
  Reply warned = officer.get(location);
  EXPECT_NE(warned.body().find("same name and date of birth"), std::string::npos);
  EXPECT_NE(warned.body().find("href=\"" + first_page.substr(0, first_page.find('?')) + "\""),
            std::string::npos);
}

TEST(Pages, ABadIdentityFieldIsNamedAndNothingIsSaved) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  size_t before = server.store().list_cases().value().size();
  Reply refused =
      officer.post("/cases/new", identified_form("adult") +
                                     "&identity_name=Ana&identity_date_of_birth=02.04.1999");
  EXPECT_EQ(refused.result_int(), 422);
  EXPECT_NE(refused.body().find("Check “Date of birth”"), std::string::npos) << refused.body();
  EXPECT_NE(refused.body().find("value=\"02.04.1999\""), std::string::npos);
  EXPECT_NE(refused.body().find("value=\"Ana\""), std::string::npos);
  EXPECT_EQ(server.store().list_cases().value().size(), before);
}

TEST(Pages, ARefusedEventShowsTheRulebooksReasonAndSavesNothing) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  std::string case_page = open_case(officer);
  Browser coordinator(server, Role::coordinator);
  size_t before = stored_events(server, case_page);
  Reply refused = coordinator.post(case_page + "/events",
                                   "type=returned&date=2026-03-02&country=MD&voluntary=false");
  EXPECT_EQ(refused.result_int(), 422);
  EXPECT_NE(refused.body().find("R7 No removal while protected"), std::string::npos);
  EXPECT_NE(refused.body().find("CETS 197 Art. 13(1)"), std::string::npos);
  EXPECT_EQ(stored_events(server, case_page), before);
}

TEST(Pages, ARecordedEventRedirectsToTheCasePage) {
  TestServer server;
  Browser caseworker(server, Role::caseworker);
  std::string case_page = open_case(caseworker);
  Reply reply = caseworker.post(case_page + "/events", "type=guardian_appointed&date=2026-03-02");
  EXPECT_EQ(reply.result_int(), 303) << reply.body();
  EXPECT_EQ(header(reply, "Location"), case_page + "?notice=recorded&event=guardian_appointed");
  EXPECT_EQ(stored_events(server, case_page), 2u);
}

TEST(Pages, AFormPostWithoutTheSessionsCsrfTokenIsRefused) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  Reply reply = officer.post("/cases/new", identified_form("adult"), false);
  EXPECT_EQ(reply.result_int(), 403);
}

TEST(Pages, BadInputGetsA400PageNeverA500) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  std::string case_page = open_case(officer);
  EXPECT_EQ(officer.post(case_page + "/events", "type=no_such_event&date=x").result_int(), 400);
  EXPECT_EQ(officer.get("/cases/abc").result_int(), 404);
  EXPECT_EQ(officer.get("/cases/999999").result_int(), 404);
  EXPECT_EQ(officer.post(case_page + "/refer", "date=2026-03-02&consent=maybe").result_int(), 400);
  EXPECT_EQ(officer.post("/referrals/0/accept", "").result_int(), 404);
  EXPECT_EQ(officer.get("/admin").result_int(), 403);
}

TEST(Pages, UserDataIsEscaped) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  Reply reply = officer.get("/cases?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_EQ(reply.result_int(), 200);
  EXPECT_EQ(reply.body().find("<script>alert"), std::string::npos);
  EXPECT_NE(reply.body().find("&lt;script&gt;"), std::string::npos);
}

TEST(Pages, ReferralWithConsentReachesTheReceivingAgencysInbox) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  std::string case_page = open_case(officer, "adult");
  Reply referred = officer.post(case_page + "/refer",
                                "date=2026-03-02&to_agency_type=ngo&service=shelter&consent=given");
  EXPECT_EQ(referred.result_int(), 303) << referred.body();
  Browser caseworker(server, Role::caseworker);
  EXPECT_EQ(caseworker.get(case_page).result_int(), 404);  // Not in the NGO's scope yet.
  Reply inbox = caseworker.get("/referrals");
  auto at = inbox.body().find("action=\"/referrals/");
  ASSERT_NE(at, std::string::npos);
  std::string action = inbox.body().substr(at + 8, inbox.body().find('"', at + 8) - at - 8);
  Reply accepted = caseworker.post(action, "");
  EXPECT_EQ(accepted.result_int(), 303);
  EXPECT_EQ(caseworker.get(case_page).result_int(), 200);
}

TEST(Pages, TheLanguageSwitchChangesTheCatalogAndIsKeptWithTheAccount) {
  TestServer server;
  Browser officer(server, Role::frontline_officer);
  EXPECT_EQ(officer.post("/locale", "locale=ru&back=/today").result_int(), 303);
  Reply page = officer.get("/today");
  EXPECT_NE(page.body().find("lang=\"ru\""), std::string::npos);
  Browser again(server, Role::frontline_officer);
  EXPECT_NE(again.get("/today").body().find("lang=\"ru\""), std::string::npos);
  EXPECT_EQ(officer.post("/locale", "locale=xx&back=/today").result_int(), 400);
}

TEST(Pages, StaticFilesAreCachedLongAndRevalidatedByETag) {
  TestServer server;
  Reply css = server.client().request("GET", "/static/app.css");
  ASSERT_EQ(css.result_int(), 200);
  EXPECT_NE(header(css, "Cache-Control").find("max-age=31536000"), std::string::npos);
  std::string etag = header(css, "ETag");
  ASSERT_FALSE(etag.empty());
  Reply again = server.client().request("GET", "/static/app.css", {}, {{"If-None-Match", etag}});
  EXPECT_EQ(again.result_int(), 304);
  EXPECT_EQ(server.client().request("GET", "/static/nothing.css").result_int(), 404);
}

// ---------------------------------------------------------------------------------------------
// The rapporteur's statistics page.

// Registers `count` adult women identified on `date`, exploited in `form`.
void register_victims(TestServer& server, const std::string& token, int count,
                      const std::string& date, const std::string& form) {
  for (int i = 0; i < count; ++i) {
    std::string body = api::testing::identified_json(date);
    const std::string usual = "sexual_exploitation";
    body.replace(body.find(usual), usual.size(), form);
    api::testing::open_case(server, token, body);
  }
}

// The HTML of the section with this id, up to its end.
std::string section(const std::string& page, const std::string& id) {
  auto start = page.find("<section class=\"card chart-section\" id=\"" + id + "\"");
  if (start == std::string::npos) return {};
  return page.substr(start, page.find("</section>", start) - start);
}

// Text without its tags, trimmed.
std::string text_of(const std::string& html) {
  std::string text;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') in_tag = false;
  }
  text.erase(0, text.find_first_not_of(' '));
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

// The texts of the data cells of the table row whose header is `label`.
std::vector<std::string> row_cells(const std::string& html, const std::string& label) {
  std::vector<std::string> cells;
  auto at = html.find("<th scope=\"row\">" + label + "</th>");
  if (at == std::string::npos) return cells;
  const auto end = html.find("</tr>", at);
  for (at = html.find("<td", at); at < end; at = html.find("<td", at + 1)) {
    const auto open = html.find('>', at) + 1;
    cells.push_back(text_of(html.substr(open, html.find("</td>", open) - open)));
  }
  return cells;
}

// Every number the page writes in a statistics table cell or on a chart bar.
std::vector<int64_t> shown_counts(const std::string& page) {
  std::vector<int64_t> counts;
  auto collect = [&](const std::string& opening, const std::string& closing) {
    for (auto at = page.find(opening); at != std::string::npos; at = page.find(opening, at + 1)) {
      const auto open = page.find('>', at) + 1;
      std::string text = text_of(page.substr(open, page.find(closing, open) - open));
      std::erase(text, ',');
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
        counts.push_back(std::stoll(text));
      }
    }
  };
  collect("<td class=\"num", "</td>");
  collect("<text class=\"value\"", "</text>");
  return counts;
}

// The API's disclosure-controlled table, as the rapporteur gets it.
boost::json::value api_table(TestServer& server, const std::string& table) {
  return TestServer::json(
      server.client().call("GET", "/api/v1/stats/tables/" + table, server.login(Role::rapporteur)));
}

// The page's text for a cell of the API's table: the count, or the hidden cell's reason.
std::string expected_text(const boost::json::value& cell) {
  if (cell.at("value").is_null()) {
    return cell.at("suppressed") == "primary" ? "× Hidden: fewer than 10"
                                              : "× Hidden: would reveal a hidden count";
  }
  return std::to_string(cell.at("value").as_int64());
}

class StatisticsPage : public ::testing::Test {
 protected:
  // 2025: twelve victims of sexual exploitation. 2026: twelve more and three of forced labour,
  // a count below the threshold of 10.
  static void SetUpTestSuite() {
    server_ = new TestServer();
    std::string coordinator = server_->login(Role::coordinator);
    register_victims(*server_, coordinator, 12, "2025-05-10", "sexual_exploitation");
    register_victims(*server_, coordinator, 12, "2026-01-10", "sexual_exploitation");
    register_victims(*server_, coordinator, 3, "2026-01-10", "forced_labour");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};

TestServer* StatisticsPage::server_ = nullptr;

TEST_F(StatisticsPage, ShowsThreeAccessibleChartsWithTablesOfTheControlledCounts) {
  Browser rapporteur(*server_, Role::rapporteur);
  Reply reply = rapporteur.get("/statistics");
  ASSERT_EQ(reply.result_int(), 200) << reply.body();
  const std::string& page = reply.body();
  EXPECT_NE(page.find("<a href=\"/statistics\" aria-current=\"page\">Statistics</a>"),
            std::string::npos);
  for (const std::string id : {"trend", "forms", "sex-age"}) {
    const std::string html = section(page, id);
    ASSERT_FALSE(html.empty()) << id;
    EXPECT_NE(html.find("role=\"img\" aria-labelledby=\"" + id + "-title\" aria-describedby=\"" +
                        id + "-desc\""),
              std::string::npos)
        << id;
    EXPECT_NE(html.find("<title id=\"" + id + "-title\">"), std::string::npos) << id;
    EXPECT_NE(html.find("<desc id=\"" + id + "-desc\">"), std::string::npos) << id;
    EXPECT_NE(html.find("<caption>"), std::string::npos) << id;
    EXPECT_NE(html.find("<th scope=\"col\""), std::string::npos) << id;
  }
  // Trends: every victim registered in 2025 and 2026, none formally identified yet.
  const std::string trend = section(page, "trend");
  EXPECT_EQ(row_cells(trend, "2025"), (std::vector<std::string>{"12", "0"}));
  EXPECT_EQ(row_cells(trend, "2026"), (std::vector<std::string>{"15", "0"}));
  EXPECT_EQ(row_cells(trend, "Total"), (std::vector<std::string>{"27", "0"}));
  // Forms and sex × age: the cells of the API's total row, published or hidden alike.
  auto total_of = [](const boost::json::value& table, std::string_view column) {
    const auto& columns = table.at("columns").as_array();
    auto found = std::find(columns.begin(), columns.end(), boost::json::value(column));
    EXPECT_NE(found, columns.end()) << column;
    return table.at("cells").as_array().back().at(static_cast<size_t>(found - columns.begin()));
  };
  const auto forms = api_table(*server_, "victims_by_form");
  const std::string form_html = section(page, "forms");
  EXPECT_EQ(row_cells(form_html, "Sexual exploitation"),
            std::vector<std::string>{expected_text(total_of(forms, "sexual_exploitation"))});
  EXPECT_EQ(row_cells(form_html, "Forced labour"),
            std::vector<std::string>{expected_text(total_of(forms, "forced_labour"))});
  EXPECT_TRUE(total_of(forms, "forced_labour").at("value").is_null())
      << "3 victims of forced labour are hidden";
  EXPECT_EQ(row_cells(form_html, "All victims (each counted once)"),
            std::vector<std::string>{"27"});
  const auto sex_age = api_table(*server_, "victims_by_sex_age");
  EXPECT_EQ(row_cells(section(page, "sex-age"), "Female"),
            (std::vector<std::string>{expected_text(total_of(sex_age, "female/child")),
                                      expected_text(total_of(sex_age, "female/adult")),
                                      expected_text(total_of(sex_age, "female/unknown"))}));
  EXPECT_EQ(expected_text(total_of(sex_age, "female/adult")), "27");
}

TEST_F(StatisticsPage, NeverShowsACountBelowTheThresholdWhateverTheRole) {
  for (Role role : {Role::rapporteur, Role::coordinator}) {
    Browser browser(*server_, role);
    for (const char* target : {"/statistics", "/statistics?from=2026&to=2026"}) {
      Reply reply = browser.get(target);
      ASSERT_EQ(reply.result_int(), 200) << target;
      const auto counts = shown_counts(reply.body());
      EXPECT_FALSE(counts.empty());
      for (int64_t count : counts) {
        EXPECT_TRUE(count == 0 || count >= 10) << target << " shows " << count;
      }
      EXPECT_NE(reply.body().find("Hidden: fewer than 10"), std::string::npos) << target;
    }
  }
}

TEST_F(StatisticsPage, TheYearFilterNarrowsEveryTable) {
  Browser rapporteur(*server_, Role::rapporteur);
  Reply reply = rapporteur.get("/statistics?from=2026&to=2026");
  ASSERT_EQ(reply.result_int(), 200);
  const std::string trend = section(reply.body(), "trend");
  EXPECT_TRUE(row_cells(trend, "2025").empty());
  EXPECT_EQ(row_cells(trend, "2026"), (std::vector<std::string>{"15", "0"}));
  EXPECT_EQ(row_cells(section(reply.body(), "forms"), "All victims (each counted once)"),
            std::vector<std::string>{"15"});
  EXPECT_NE(reply.body().find("<option value=\"2026\" selected>"), std::string::npos);
  EXPECT_EQ(rapporteur.get("/statistics?from=20x6").result_int(), 400);
  EXPECT_EQ(rapporteur.get("/statistics?from=2026&to=2025").result_int(), 400);
  EXPECT_EQ(rapporteur.get("/statistics?from=1900&to=2026").result_int(), 400);
}

TEST_F(StatisticsPage, IsRefusedToRolesWithoutControlledStatisticsAndAudited) {
  const auto& matrix = access::PermissionMatrix::shipped();
  for (size_t r = 0; r < access::kRoleIds.size(); ++r) {
    auto role = static_cast<Role>(r);
    const bool allowed = matrix.allows(role, "stats.controlled");
    Browser browser(*server_, role);
    Reply page = browser.get("/statistics");
    EXPECT_EQ(page.result_int(), allowed ? 200 : 403) << access::role_id(role);
    if (!allowed) {
      EXPECT_EQ(page.body().find("<svg"), std::string::npos);
      EXPECT_EQ(page.body().find("href=\"/statistics\""), std::string::npos)
          << access::role_id(role) << " has a link to the page";
    }
  }
  std::vector<security::AuditRecord> records;
  ASSERT_FALSE(server_->store()
                   .read([&](store::Connection& db) -> ErrorOr<void> {
                     records = TRY(store::read_audit(db));
                     return {};
                   })
                   .is_error());
  size_t refused = 0;
  for (const auto& record : records) {
    if (record.action == "stats.page" && record.detail == "status:403") ++refused;
  }
  EXPECT_GE(refused, 1u);
}

TEST(StatisticsPageAlone, ShowsTheLastFiftyYearsWhenTheDataSpanMore) {
  TestServer server;
  const std::string coordinator = server.login(Role::coordinator);
  register_victims(server, coordinator, 1, "1960-01-10", "forced_labour");
  register_victims(server, coordinator, 1, "2026-01-10", "forced_labour");
  Browser rapporteur(server, Role::rapporteur);
  Reply reply = rapporteur.get("/statistics");
  ASSERT_EQ(reply.result_int(), 200) << reply.body();
  const std::string trend = section(reply.body(), "trend");
  EXPECT_FALSE(row_cells(trend, "2026").empty());
  EXPECT_FALSE(row_cells(trend, "1977").empty());
  EXPECT_TRUE(row_cells(trend, "1976").empty());
  // The filter still offers every year with data.
  EXPECT_NE(reply.body().find("<option value=\"1960\">"), std::string::npos);
  EXPECT_EQ(rapporteur.get("/statistics?from=1960&to=1960").result_int(), 200);
}

TEST(StatisticsPageAlone, ReadsWellWhenEveryCountIsHidden) {
  TestServer server;
  Browser rapporteur(server, Role::rapporteur);
  Reply empty = rapporteur.get("/statistics");
  ASSERT_EQ(empty.result_int(), 200);
  EXPECT_NE(empty.body().find("No victim has been registered"), std::string::npos);
  EXPECT_EQ(empty.body().find("<svg"), std::string::npos);

  register_victims(server, server.login(Role::coordinator), 3, "2026-01-10", "forced_labour");
  Reply reply = rapporteur.get("/statistics");
  ASSERT_EQ(reply.result_int(), 200);
  const std::string& page = reply.body();
  EXPECT_NE(page.find("Every count in these charts is hidden"), std::string::npos);
  EXPECT_EQ(page.find("class=\"bar "), std::string::npos) << "a hidden count was drawn";
  EXPECT_NE(page.find("class=\"gap\""), std::string::npos);
  for (int64_t count : shown_counts(page)) EXPECT_EQ(count, 0);
  EXPECT_EQ(row_cells(section(page, "trend"), "2026"),
            (std::vector<std::string>{"× Hidden: fewer than 10", "0"}));
}

}  // namespace
}  // namespace opennrm::web

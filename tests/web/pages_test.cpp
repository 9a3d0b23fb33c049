// The web pages against a real server (tests/api/test_server.h): plain form posts with
// redirect-after-post, a refused event shown with its reason and nothing saved, escaping,
// CSRF, bad input answered with a 400 page, session expiry, and static files' caching.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "browser.h"
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
  return server.store().load_case(id).value().events.size();
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

}  // namespace
}  // namespace opennrm::web

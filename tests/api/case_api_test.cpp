// The case endpoints over real HTTP: opening a case, reading it in the shape of `case replay`,
// recording events with every rejection code of the rulebook, the case list and alerts of my
// scope, identity fields encrypted and shown only to whom they may be shown, and the policy.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "case_test_support.h"
#include "rules/case_file.h"
#include "store/audit_log.h"

namespace opennrm::api::testing {
namespace {

using access::Role;
using boost::json::parse;

class CaseApiTest : public ::testing::Test {
 protected:
  TestServer server_;
  std::string officer_ = server_.login(Role::frontline_officer);
  std::string coordinator_ = server_.login(Role::coordinator);
};

TEST_F(CaseApiTest, ACaseReadsAsCaseReplayComputesIt) {
  std::vector<std::string> events = {
      identified_json("2026-01-10", "child"),
      R"({"type": "consent_recorded", "date": "2026-01-11", "scope": "referral", "given": true})",
      R"({"type": "charged_with_offence", "date": "2026-01-12", "offence": "theft",
          "related_to_trafficking": "yes"})"};
  int64_t case_id = open_case(server_, coordinator_, events[0]);
  for (std::size_t i = 1; i < events.size(); ++i) {
    ASSERT_EQ(post_event(server_, coordinator_, case_id, events[i]).result_int(), 201u);
  }
  rules::CaseFile file(server_.store().policy());
  for (const auto& event : events) ASSERT_FALSE(file.record(parse(event)));

  for (std::string as_of : {"2026-01-11", "2026-02-20"}) {
    auto reply = get_case(server_, coordinator_, case_id, "?as_of=" + as_of);
    ASSERT_EQ(reply.result_int(), 200u) << reply.body();
    auto body = TestServer::json(reply).as_object();
    auto expected = rules::to_json(file.as_of(*Date::parse(as_of))).as_object();
    EXPECT_EQ(body.at("case_id").as_int64(), case_id);
    EXPECT_EQ(body.at("state"), expected.at("state")) << as_of;
    EXPECT_EQ(body.at("alerts"), expected.at("alerts")) << as_of;
    // The timeline holds the events up to the date, each with who recorded it.
    auto timeline = body.at("events").as_array();
    ASSERT_EQ(timeline.size(), as_of == "2026-01-11" ? 2u : 3u);
    EXPECT_EQ(timeline[0].at("type"), "identified");
    EXPECT_EQ(timeline[0].at("recorded_by"), "coordinator");
    EXPECT_EQ(timeline[0].at("seq").as_int64(), 1);
    EXPECT_EQ(timeline[0].at("agency_id").as_int64(), server_.account(Role::coordinator).agency_id);
    EXPECT_FALSE(timeline[0].at("recorded_at").as_string().empty());
    EXPECT_EQ(timeline[1].at("scope"), "referral");
    EXPECT_EQ(timeline.back().at("seq").as_int64(), int64_t(timeline.size()));
  }
  EXPECT_EQ(get_case(server_, coordinator_, case_id)["Cache-Control"], "no-store");
}

TEST_F(CaseApiTest, EveryRejectionCodeComesBackAs422WithAMessage) {
  struct Path {
    std::string code;
    std::vector<std::string> before;  // Accepted events after `identified` of 2026-01-10.
    std::string event;
    std::string age = "adult";
  };
  std::string negative =
      R"({"type": "conclusive_grounds_decision", "date": "2026-01-11", "positive": false})";
  std::vector<Path> paths = {
      {"invalid_event", {}, R"({"type": "nonsense", "date": "2026-01-11"})"},
      {"invalid_event", {}, R"({"type": "assistance_provided", "date": "2026-13-01"})"},
      {"case_closed",
       {R"({"type": "case_closed", "date": "2026-01-11", "reason": "done"})"},
       R"({"type": "assistance_provided", "date": "2026-01-12", "service": "legal"})"},
      {"out_of_order", {}, R"({"type": "permit_applied", "date": "2026-01-05"})"},
      {"reflection_refusal_reason_invalid",
       {},
       R"({"type": "reflection_refused", "date": "2026-01-11", "reason": "no_cooperation"})"},
      {"removal_prohibited",
       {},
       R"({"type": "returned", "date": "2026-01-12", "country": "NG", "voluntary": false})"},
      {"risk_assessment_required",
       {},
       R"({"type": "returned", "date": "2026-01-12", "country": "NG", "voluntary": true})"},
      {"return_unsafe",
       {negative,
        R"({"type": "risk_assessment", "date": "2026-01-12", "outcome": "high", "individual": true})"},
       R"({"type": "returned", "date": "2026-01-13", "country": "NG", "voluntary": false})"},
      {"best_interests_determination_required",
       {negative,
        R"({"type": "risk_assessment", "date": "2026-01-12", "outcome": "low", "individual": true})"},
       R"({"type": "returned", "date": "2026-01-13", "country": "NG", "voluntary": true})",
       "child"},
      {"conditional_on_testimony",
       {},
       R"({"type": "assistance_withdrawn", "date": "2026-01-11", "service": "legal",
           "reason": "refused_to_testify"})"},
      {"no_permit_to_renew",
       {},
       R"({"type": "permit_renewed", "date": "2026-01-11", "valid_until": "2027-01-01"})"},
      {"consent_required",
       {},
       R"({"type": "referral_made", "date": "2026-01-11", "to_agency_type": "ngo",
           "service": "shelter"})"},
  };
  for (const auto& path : paths) {
    int64_t case_id = open_case(server_, coordinator_, identified_json("2026-01-10", path.age));
    for (const auto& event : path.before) {
      ASSERT_EQ(post_event(server_, coordinator_, case_id, event).result_int(), 201u) << event;
    }
    auto reply = post_event(server_, coordinator_, case_id, path.event);
    EXPECT_EQ(reply.result_int(), 422u) << path.code << ": " << reply.body();
    EXPECT_EQ(error_code(reply), path.code) << reply.body();
    EXPECT_FALSE(TestServer::json(reply).at("error").at("message").as_string().empty());
    // The refused event is not in the history.
    auto read = TestServer::json(get_case(server_, coordinator_, case_id, "?as_of=2026-12-31"));
    EXPECT_EQ(read.at("events").as_array().size(), path.before.size() + 1) << path.code;
  }
}

TEST_F(CaseApiTest, AnIdentifiedEventIsNeededToOpenACase) {
  auto reply = server_.client().call("POST", "/api/v1/cases", officer_,
                                     R"({"type": "permit_applied", "date": "2026-01-10"})");
  EXPECT_EQ(reply.result_int(), 422u);
  EXPECT_EQ(error_code(reply), "invalid_event");
}

TEST_F(CaseApiTest, AnotherAgencysCaseIsNotFoundLikeAMissingOne) {
  int64_t case_id = open_case(server_, officer_);
  std::string caseworker = server_.login(Role::caseworker);
  auto foreign = get_case(server_, caseworker, case_id);
  auto missing = get_case(server_, caseworker, case_id + 1000);
  EXPECT_EQ(foreign.result_int(), 404u);
  EXPECT_EQ(foreign.body(), missing.body());
  EXPECT_EQ(post_event(server_, caseworker, case_id,
                       R"({"type": "permit_applied", "date": "2026-01-11"})")
                .result_int(),
            404u);
  EXPECT_EQ(get_case(server_, caseworker, 0).result_int(), 404u);
  EXPECT_EQ(server_.client().call("GET", "/api/v1/cases/abc", caseworker).result_int(), 404u);

  auto list = TestServer::json(server_.client().call("GET", "/api/v1/cases", caseworker));
  EXPECT_TRUE(list.at("cases").as_array().empty());
  auto mine = TestServer::json(server_.client().call("GET", "/api/v1/cases", officer_));
  ASSERT_EQ(mine.at("cases").as_array().size(), 1u);
  EXPECT_EQ(mine.at("cases").at(0).at("case_id").as_int64(), case_id);
  EXPECT_EQ(mine.at("cases").at(0).at("stage"), "reasonable_grounds");
  // The supervisor of the same agency sees it too; the coordinator sees every case.
  std::string supervisor = server_.login(Role::supervisor);
  EXPECT_EQ(get_case(server_, supervisor, case_id).result_int(), 200u);
  EXPECT_EQ(get_case(server_, coordinator_, case_id).result_int(), 200u);
}

TEST_F(CaseApiTest, IdentityIsEncryptedAtRestAndShownOnlyWithinNeedToKnow) {
  std::string identity =
      R"(, "identity": {"name": "Test Person", "date_of_birth": "2000-02-03",
                        "contact": "+43 000", "address": "Nowhere 1"})";
  auto reply = server_.client().call("POST", "/api/v1/cases", officer_,
                                     identified_json("2026-01-10", "adult", identity));
  ASSERT_EQ(reply.result_int(), 201u) << reply.body();
  int64_t case_id = TestServer::json(reply).at("case_id").as_int64();
  EXPECT_TRUE(TestServer::json(reply).at("warnings").as_array().empty());

  auto read = TestServer::json(get_case(server_, officer_, case_id, "?as_of=2026-12-31"));
  EXPECT_EQ(read.at("identity").at("name"), "Test Person");
  EXPECT_FALSE(read.at("identity_hidden").as_bool());
  EXPECT_FALSE(read.at("events").at(0).as_object().contains("identity"));

  // Nothing of the person is stored in clear: not in the events, not in the identities table.
  std::string everything;
  ASSERT_FALSE(server_.store()
                   .read([&](store::Connection& db) -> ErrorOr<void> {
                     auto select =
                         TRY(db.prepare("SELECT (SELECT group_concat(body) FROM events) || "
                                        "(SELECT group_concat(fields) FROM identities)"));
                     TRY(select.step());
                     everything = select.column_text(0);
                     select.reset();
                     return {};
                   })
                   .is_error());
  EXPECT_EQ(everything.find("Test Person"), std::string::npos);
  EXPECT_EQ(everything.find("2000-02-03"), std::string::npos);

  // The coordinator's agency did not open the case and has no consent: the fields stay hidden.
  auto hidden = TestServer::json(get_case(server_, coordinator_, case_id));
  EXPECT_TRUE(hidden.at("identity_hidden").as_bool());
  EXPECT_FALSE(hidden.as_object().contains("identity"));
  ASSERT_EQ(post_event(server_, officer_, case_id,
                       R"({"type": "consent_recorded", "date": "2026-01-11",
                           "scope": "data_sharing", "given": true})")
                .result_int(),
            201u);
  auto shared = TestServer::json(get_case(server_, coordinator_, case_id));
  EXPECT_EQ(shared.at("identity").at("contact"), "+43 000");

  // An identity in an event would be stored in clear: it is refused.
  auto in_event =
      post_event(server_, officer_, case_id,
                 R"({"type": "consent_recorded", "date": "2026-01-12", "scope": "assistance",
                     "given": true, "identity": {"name": "x"}})");
  EXPECT_EQ(in_event.result_int(), 400u);
}

TEST_F(CaseApiTest, ALikelyDuplicatePersonIsPointedOutOnlyWhereTheCallerMaySee) {
  std::string identity =
      R"(, "identity": {"name": "Maria  Dupont", "date_of_birth": "1990-05-06"})";
  std::string same_person =
      R"(, "identity": {"name": "MARÍA DUPONT", "date_of_birth": "1990-05-06"})";
  int64_t first = open_case(server_, officer_, identified_json("2026-01-10", "adult", identity));
  auto again = TestServer::json(server_.client().call(
      "POST", "/api/v1/cases", officer_, identified_json("2026-01-11", "adult", same_person)));
  ASSERT_EQ(again.at("warnings").as_array().size(), 1u);
  EXPECT_EQ(again.at("warnings").at(0).at("code"), "possible_duplicate");
  EXPECT_EQ(again.at("warnings").at(0).at("case_id").as_int64(), first);

  std::string caseworker = server_.login(Role::caseworker);
  auto elsewhere = TestServer::json(server_.client().call(
      "POST", "/api/v1/cases", caseworker, identified_json("2026-01-12", "adult", same_person)));
  EXPECT_TRUE(elsewhere.at("warnings").as_array().empty());
}

TEST_F(CaseApiTest, AlertsOfMyScopeAsOfADateInDueOrder) {
  int64_t child = open_case(server_, officer_, identified_json("2026-01-10", "child"));
  int64_t charged = open_case(server_, officer_);
  ASSERT_EQ(post_event(server_, officer_, charged,
                       R"({"type": "charged_with_offence", "date": "2026-01-11",
                           "offence": "theft", "related_to_trafficking": "unknown"})")
                .result_int(),
            201u);
  std::string caseworker = server_.login(Role::caseworker);
  open_case(server_, caseworker, identified_json("2026-01-10", "child"));

  auto reply = server_.client().call("GET", "/api/v1/alerts?as_of=2026-01-20", officer_);
  ASSERT_EQ(reply.result_int(), 200u) << reply.body();
  auto alerts = TestServer::json(reply).at("alerts").as_array();
  ASSERT_FALSE(alerts.empty());
  std::set<int64_t> cases;
  std::string previous_due;
  for (const auto& alert : alerts) {
    cases.insert(alert.at("case_id").as_int64());
    EXPECT_FALSE(alert.at("what_to_do").as_string().empty());
    if (alert.at("due").is_string()) {
      EXPECT_LE(previous_due, std::string(alert.at("due").as_string()));
      previous_due = alert.at("due").as_string();
    }
  }
  EXPECT_EQ(cases, (std::set<int64_t>{child, charged}));
  EXPECT_EQ(server_.client().call("GET", "/api/v1/alerts?as_of=soon", officer_).result_int(), 400u);
}

TEST_F(CaseApiTest, ThePolicyAndItsComplianceFindingsAreReadable) {
  std::string rapporteur = server_.login(Role::rapporteur);
  auto policy = TestServer::json(server_.client().call("GET", "/api/v1/policy", rapporteur));
  EXPECT_EQ(policy.at("jurisdiction").at("id"), "coe-minimum");
  EXPECT_EQ(policy.at("reflection").at("days").as_int64(), 30);
  auto compliance =
      TestServer::json(server_.client().call("GET", "/api/v1/policy/compliance", rapporteur));
  EXPECT_EQ(compliance.at("jurisdiction"), "coe-minimum");
  EXPECT_TRUE(compliance.at("compliant").as_bool());
  EXPECT_TRUE(compliance.at("findings").is_array());
}

TEST_F(CaseApiTest, EveryReadAndWriteOfACaseIsAudited) {
  int64_t case_id = open_case(server_, officer_);
  ASSERT_EQ(get_case(server_, officer_, case_id).result_int(), 200u);
  std::string consent = R"({"type": "consent_recorded", "scope": "assistance", "given": true,)";
  post_event(server_, officer_, case_id, consent + R"( "date": "2026-01-11"})");
  post_event(server_, officer_, case_id, consent + R"( "date": "2026-01-01"})");
  // A look from outside the case's scope is refused as if the case did not exist, and recorded.
  ASSERT_EQ(get_case(server_, server_.login(Role::caseworker), case_id).result_int(), 404u);
  std::vector<std::string> actions;
  ASSERT_FALSE(server_.store()
                   .read([&](store::Connection& db) -> ErrorOr<void> {
                     for (const auto& record : TRY(store::read_audit(db))) {
                       if (record.object == "case:" + std::to_string(case_id)) {
                         actions.push_back(record.action + " " + record.detail);
                       }
                     }
                     return {};
                   })
                   .is_error());
  EXPECT_EQ(actions,
            (std::vector<std::string>{
                "case.open opened", "case.read with_identity", "case.event event:consent_recorded",
                "case.event rejected:out_of_order", "case.read refused:not_found"}));
}

}  // namespace
}  // namespace opennrm::api::testing

// Referrals between agencies over HTTP: a `referral_made` reaches the receiving agency's inbox;
// accepting puts the case in that agency's scope, declining does not; only the receiving agency
// answers, and only once.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "case_test_support.h"

namespace opennrm::api::testing {
namespace {

using access::Role;

class ReferralApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    case_id_ = open_case(server_, officer_);
    ASSERT_EQ(post_event(server_, officer_, case_id_,
                         R"({"type": "consent_recorded", "date": "2026-01-11",
                             "scope": "referral", "given": true})")
                  .result_int(),
              201u);
  }

  Reply refer(const std::string& extra) {
    return post_event(server_, officer_, case_id_,
                      R"({"type": "referral_made", "date": "2026-01-12", "to_agency_type": "ngo",
                          "service": "shelter")" +
                          extra + "}");
  }

  boost::json::array inbox(const std::string& token, const std::string& query = "") {
    auto reply = server_.client().call("GET", "/api/v1/referrals" + query, token);
    EXPECT_EQ(reply.result_int(), 200u) << reply.body();
    return TestServer::json(reply).at("referrals").as_array();
  }

  Reply answer(const std::string& token, int64_t referral, const std::string& verb,
               const std::string& body = "") {
    return server_.client().call(
        "POST", "/api/v1/referrals/" + std::to_string(referral) + "/" + verb, token, body);
  }

  TestServer server_;
  std::string officer_ = server_.login(Role::frontline_officer);
  std::string caseworker_ = server_.login(Role::caseworker);
  int64_t case_id_ = 0;
};

TEST_F(ReferralApiTest, AcceptingAReferralPutsTheCaseInTheReceivingAgencysScope) {
  auto made = refer(R"(, "to_agency_id": )" + std::to_string(server_.agency_id("ngo")));
  ASSERT_EQ(made.result_int(), 201u) << made.body();
  auto ids = TestServer::json(made).at("referral_ids").as_array();
  ASSERT_EQ(ids.size(), 1u);
  int64_t referral = ids[0].as_int64();

  auto pending = inbox(caseworker_, "?status=pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].at("case_id").as_int64(), case_id_);
  EXPECT_EQ(pending[0].at("service"), "shelter");
  EXPECT_EQ(get_case(server_, caseworker_, case_id_).result_int(), 404u);

  // Another agency cannot answer it: for them it does not exist.
  std::string immigration = server_.login(Role::immigration_officer);
  EXPECT_EQ(answer(immigration, referral, "accept").result_int(), 404u);

  auto accepted = answer(caseworker_, referral, "accept");
  ASSERT_EQ(accepted.result_int(), 200u) << accepted.body();
  EXPECT_EQ(TestServer::json(accepted).at("status"), "accepted");
  EXPECT_EQ(get_case(server_, caseworker_, case_id_).result_int(), 200u);
  EXPECT_EQ(answer(caseworker_, referral, "decline").result_int(), 409u);
  EXPECT_TRUE(inbox(caseworker_, "?status=pending").empty());
  EXPECT_EQ(inbox(caseworker_, "?status=accepted").size(), 1u);

  auto list = TestServer::json(server_.client().call("GET", "/api/v1/cases", caseworker_));
  ASSERT_EQ(list.at("cases").as_array().size(), 1u);
  EXPECT_EQ(list.at("cases").at(0).at("relation"), "referral_accepted");
  // Without data-sharing consent the receiving agency does not see the identity fields.
  EXPECT_TRUE(
      TestServer::json(get_case(server_, caseworker_, case_id_)).at("identity_hidden").as_bool());
}

TEST_F(ReferralApiTest, IdentityFollowsTheLatestDataSharingConsentForTheAgencyType) {
  auto made = refer("");
  ASSERT_EQ(made.result_int(), 201u) << made.body();
  int64_t referral = TestServer::json(made).at("referral_ids").at(0).as_int64();
  ASSERT_EQ(answer(caseworker_, referral, "accept").result_int(), 200u);
  auto consent = [&](const std::string& date, const std::string& extra) {
    auto reply = post_event(server_, officer_, case_id_,
                            R"({"type": "consent_recorded", "date": ")" + date +
                                R"(", "scope": "data_sharing")" + extra + "}");
    ASSERT_EQ(reply.result_int(), 201u) << reply.body();
  };
  auto identity_hidden = [&] {
    return TestServer::json(get_case(server_, caseworker_, case_id_, "?as_of=2026-12-31"))
        .at("identity_hidden")
        .as_bool();
  };
  consent("2026-01-13", R"(, "given": true)");
  EXPECT_FALSE(identity_hidden());
  // Withdrawn for NGOs only: the consent given to everyone no longer speaks for them.
  consent("2026-01-14", R"(, "given": false, "recipient_agency_type": "ngo")");
  EXPECT_TRUE(identity_hidden());
  consent("2026-01-15", R"(, "given": true, "recipient_agency_type": "ngo")");
  EXPECT_FALSE(identity_hidden());
}

// A referral made under an override shares the identity with the agency that accepts it; an
// agency cannot use one to give itself (or its kind) the identity it has no consent for.
TEST_F(ReferralApiTest, AnOverrideSharesTheIdentityWithItsRecipientOnlyNotWithItsMaker) {
  auto made = refer("");
  ASSERT_EQ(made.result_int(), 201u) << made.body();
  int64_t referral = TestServer::json(made).at("referral_ids").at(0).as_int64();
  ASSERT_EQ(answer(caseworker_, referral, "accept").result_int(), 200u);
  auto own = post_event(server_, caseworker_, case_id_,
                        R"({"type": "referral_made", "date": "2026-01-20", "to_agency_type": "ngo",
                            "service": "legal", "override_basis": "vital_interests"})");
  ASSERT_EQ(own.result_int(), 201u) << own.body();
  auto read = TestServer::json(get_case(server_, caseworker_, case_id_, "?as_of=2026-12-31"));
  EXPECT_TRUE(read.at("identity_hidden").as_bool());

  // Social services accept a referral the police made under an override: they see the
  // identity, while the NGO still does not.
  auto to_inspectors = post_event(server_, officer_, case_id_,
                                  R"({"type": "referral_made", "date": "2026-01-21",
                                      "to_agency_type": "social_services", "service": "other",
                                      "override_basis": "vital_interests"})");
  ASSERT_EQ(to_inspectors.result_int(), 201u) << to_inspectors.body();
  int64_t inspectors_referral = TestServer::json(to_inspectors).at("referral_ids").at(0).as_int64();
  std::string inspector = server_.login(
      server_.add_account("social.worker", Role::caseworker, server_.agency_id("social_services")));
  ASSERT_EQ(answer(inspector, inspectors_referral, "accept").result_int(), 200u);
  auto seen = TestServer::json(get_case(server_, inspector, case_id_, "?as_of=2026-12-31"));
  EXPECT_FALSE(seen.at("identity_hidden").as_bool());
  EXPECT_TRUE(TestServer::json(get_case(server_, caseworker_, case_id_, "?as_of=2026-12-31"))
                  .at("identity_hidden")
                  .as_bool());
}

TEST_F(ReferralApiTest, ADeclinedReferralKeepsTheCaseOutOfScope) {
  auto made = refer("");
  ASSERT_EQ(made.result_int(), 201u) << made.body();
  // Without to_agency_id every agency of the type receives it: the fixture has one NGO.
  int64_t referral = TestServer::json(made).at("referral_ids").at(0).as_int64();
  auto declined = answer(caseworker_, referral, "decline", R"({"reason": "no places left"})");
  ASSERT_EQ(declined.result_int(), 200u) << declined.body();
  EXPECT_EQ(get_case(server_, caseworker_, case_id_).result_int(), 404u);
  auto answered = inbox(caseworker_, "?status=declined");
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(answered[0].at("reason"), "no places left");
}

TEST_F(ReferralApiTest, TheRecipientMustBeAnAgencyOfTheReferralsType) {
  auto wrong_type = refer(R"(, "to_agency_id": )" + std::to_string(server_.agency_id("police")));
  EXPECT_EQ(wrong_type.result_int(), 400u);
  EXPECT_EQ(error_code(wrong_type), "invalid_field");
  EXPECT_EQ(refer(R"(, "to_agency_id": "ngo")").result_int(), 400u);
  EXPECT_EQ(refer(R"(, "to_agency_id": 999999)").result_int(), 400u);
  // Nothing of a refused referral is stored: the event, the referral and its audit roll back.
  EXPECT_TRUE(inbox(caseworker_).empty());
  auto read = TestServer::json(get_case(server_, officer_, case_id_, "?as_of=2026-12-31"));
  EXPECT_EQ(read.at("events").as_array().size(), 2u);
}

TEST_F(ReferralApiTest, BadAnswersAreRefused) {
  int64_t referral = TestServer::json(refer("")).at("referral_ids").at(0).as_int64();
  EXPECT_EQ(answer(caseworker_, referral, "decline", R"({"reason": 5})").result_int(), 400u);
  EXPECT_EQ(answer(caseworker_, referral, "decline", R"({"why": "x"})").result_int(), 400u);
  EXPECT_EQ(answer(caseworker_, 999999, "accept").result_int(), 404u);
  EXPECT_EQ(answer(caseworker_, 0, "accept").result_int(), 404u);
  EXPECT_EQ(
      server_.client().call("GET", "/api/v1/referrals?status=maybe", caseworker_).result_int(),
      400u);
  EXPECT_EQ(inbox(caseworker_, "?status=pending").size(), 1u);
}

}  // namespace
}  // namespace opennrm::api::testing

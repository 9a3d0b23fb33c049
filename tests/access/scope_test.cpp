#include "access/scope.h"

#include <gtest/gtest.h>

#include <deque>

#include <boost/json/parse.hpp>

namespace opennrm::access {
namespace {

const CaseScope kScope{.opening_agency_id = 1, .accepting_agency_ids = {2}};

TEST(Scope, ACaseBelongsToItsOpenerAndToAgenciesThatAcceptedAReferral) {
  EXPECT_TRUE(in_scope({Role::frontline_officer, 1, "police"}, kScope));
  EXPECT_TRUE(in_scope({Role::caseworker, 2, "ngo"}, kScope));
  EXPECT_FALSE(in_scope({Role::caseworker, 3, "ngo"}, kScope));
}

TEST(Scope, CoordinatorSeesAllWhileRapporteurAndAdminSeeNoCase) {
  EXPECT_TRUE(in_scope({Role::coordinator, 9, "coordinator"}, kScope));
  EXPECT_FALSE(in_scope({Role::rapporteur, 1, "rapporteur"}, kScope));
  EXPECT_FALSE(in_scope({Role::admin, 1, "police"}, kScope));
}

// The events live as long as the tests, as a case's history outlives its decision.
SharingEvent event(int64_t seq, const char* json) {
  static std::deque<boost::json::object> events;
  return {seq, &events.emplace_back(boost::json::parse(json).as_object())};
}

const std::vector<int64_t> kNoOverride;

TEST(Scope, IdentityNeedsConsentOrOverrideOutsideTheOpeningAgency) {
  Viewer opener{Role::frontline_officer, 1, "police"};
  Viewer ngo{Role::caseworker, 2, "ngo"};
  EXPECT_TRUE(may_see_identity(opener, kScope, identity_sharing({}), kNoOverride));
  EXPECT_FALSE(may_see_identity(ngo, kScope, identity_sharing({}), kNoOverride));

  auto to_ngo = identity_sharing({event(
      3,
      R"({"type":"consent_recorded","scope":"data_sharing","given":true,"recipient_agency_type":"ngo"})")});
  EXPECT_TRUE(may_see_identity(ngo, kScope, to_ngo, kNoOverride));

  auto withdrawn = identity_sharing(
      {event(3, R"({"type":"consent_recorded","scope":"data_sharing","given":true})"),
       event(4, R"({"type":"consent_recorded","scope":"data_sharing","given":false})")});
  EXPECT_FALSE(may_see_identity(ngo, kScope, withdrawn, kNoOverride));

  auto referral_consent_only = identity_sharing(
      {event(3, R"({"type":"consent_recorded","scope":"referral","given":true})")});
  EXPECT_FALSE(may_see_identity(ngo, kScope, referral_consent_only, kNoOverride));
}

// A consent withdrawn for one agency type after a consent for everyone is withdrawn for that
// type (the latest consent that concerns a type decides, as for referrals under R19).
TEST(Scope, AWithdrawalForOneAgencyTypeOverridesAnEarlierConsentForEveryone) {
  Viewer ngo{Role::caseworker, 2, "ngo"};
  Viewer labour{Role::caseworker, 2, "labour_inspectorate"};
  auto withdrawn_for_ngos = identity_sharing(
      {event(3, R"({"type":"consent_recorded","scope":"data_sharing","given":true})"),
       event(
           4,
           R"({"type":"consent_recorded","scope":"data_sharing","given":false,"recipient_agency_type":"ngo"})")});
  EXPECT_FALSE(may_see_identity(ngo, kScope, withdrawn_for_ngos, kNoOverride));
  EXPECT_TRUE(may_see_identity(labour, kScope, withdrawn_for_ngos, kNoOverride));

  auto given_again = withdrawn_for_ngos;
  given_again.consents.push_back({.given = true});
  EXPECT_TRUE(may_see_identity(ngo, kScope, given_again, kNoOverride));
}

// An override covers the agencies that accepted that referral, never the agency that made it
// for its own type, nor other agencies of the recipient's type.
TEST(Scope, AnOverrideSpeaksOnlyForTheAgenciesThatAcceptedItsReferral) {
  auto overridden = identity_sharing({event(
      5,
      R"({"type":"referral_made","to_agency_type":"ngo","service":"shelter","override_basis":"vital_interests"})")});
  EXPECT_EQ(overridden.override_referral_seqs, std::vector<int64_t>{5});
  const CaseScope scope{.opening_agency_id = 1, .accepting_agency_ids = {2, 3}};
  const std::vector<int64_t> accepted_by_three{3};
  EXPECT_TRUE(may_see_identity({Role::caseworker, 3, "ngo"}, scope, overridden, accepted_by_three));
  EXPECT_FALSE(
      may_see_identity({Role::caseworker, 2, "ngo"}, scope, overridden, accepted_by_three));
}

TEST(Scope, NoIdentityOutsideScopeWhateverTheConsent) {
  auto everyone = identity_sharing(
      {event(3, R"({"type":"consent_recorded","scope":"data_sharing","given":true})")});
  const std::vector<int64_t> accepted_by_three{3};
  EXPECT_FALSE(may_see_identity({Role::caseworker, 3, "ngo"}, kScope, everyone, accepted_by_three));
  EXPECT_FALSE(
      may_see_identity({Role::rapporteur, 1, "rapporteur"}, kScope, everyone, kNoOverride));
}

}  // namespace
}  // namespace opennrm::access

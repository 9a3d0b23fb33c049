#include "access/scope.h"

#include <gtest/gtest.h>

namespace opennrm::access {
namespace {

boost::json::object event(const char* json) {
  return boost::json::parse(json).as_object();
}

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

TEST(Scope, IdentityNeedsConsentOrOverrideOutsideTheOpeningAgency) {
  Viewer opener{Role::frontline_officer, 1, "police"};
  Viewer ngo{Role::caseworker, 2, "ngo"};
  EXPECT_TRUE(may_see_identity(opener, kScope, identity_sharing({})));
  EXPECT_FALSE(may_see_identity(ngo, kScope, identity_sharing({})));

  auto to_ngo = identity_sharing({event(
      R"({"type":"consent_recorded","scope":"data_sharing","given":true,"recipient_agency_type":"ngo"})")});
  EXPECT_TRUE(may_see_identity(ngo, kScope, to_ngo));

  auto withdrawn = identity_sharing(
      {event(R"({"type":"consent_recorded","scope":"data_sharing","given":true})"),
       event(R"({"type":"consent_recorded","scope":"data_sharing","given":false})")});
  EXPECT_FALSE(may_see_identity(ngo, kScope, withdrawn));

  auto referral_consent_only =
      identity_sharing({event(R"({"type":"consent_recorded","scope":"referral","given":true})")});
  EXPECT_FALSE(may_see_identity(ngo, kScope, referral_consent_only));

  auto overridden = identity_sharing({event(
      R"({"type":"referral_made","to_agency_type":"ngo","service":"shelter","override_basis":"vital_interests"})")});
  EXPECT_TRUE(may_see_identity(ngo, kScope, overridden));
}

TEST(Scope, NoIdentityOutsideScopeWhateverTheConsent) {
  auto everyone = identity_sharing(
      {event(R"({"type":"consent_recorded","scope":"data_sharing","given":true})")});
  EXPECT_FALSE(may_see_identity({Role::caseworker, 3, "ngo"}, kScope, everyone));
  EXPECT_FALSE(may_see_identity({Role::rapporteur, 1, "rapporteur"}, kScope, everyone));
}

}  // namespace
}  // namespace opennrm::access

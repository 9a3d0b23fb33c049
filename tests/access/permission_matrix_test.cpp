#include "access/permission_matrix.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace opennrm::access {
namespace {

TEST(PermissionMatrix, ShippedMatrixParsesAndNamesOnlyKnownRoles) {
  auto parsed = PermissionMatrix::parse(shipped_permissions_toml());
  ASSERT_FALSE(parsed.is_error()) << parsed.error().message;
  EXPECT_FALSE(parsed->permissions().empty());
}

TEST(PermissionMatrix, EmbeddedTextIsTheFileInTheSourceTree) {
  std::ifstream in(OPENNRM_SOURCE_DIR "/src/access/permissions.toml");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), shipped_permissions_toml());
}

TEST(PermissionMatrix, RapporteurAndAdminNeverTouchACase) {
  const auto& matrix = PermissionMatrix::shipped();
  for (Role role : {Role::rapporteur, Role::admin}) {
    for (const char* permission : {"case.open", "case.read", "case.record_event",
                                   "case.read_identity", "alerts.read", "referral.make"}) {
      EXPECT_FALSE(matrix.allows(role, permission)) << role_id(role) << " " << permission;
    }
    for (const auto& type : matrix.event_types()) {
      EXPECT_FALSE(matrix.may_record(role, type)) << role_id(role) << " " << type;
    }
  }
}

TEST(PermissionMatrix, OnlyAdminsManageAccountsAndOnlyTheCoordinatorSeesRawCounts) {
  const auto& matrix = PermissionMatrix::shipped();
  for (auto id : kRoleIds) {
    Role role = *parse_role(id);
    EXPECT_EQ(matrix.allows(role, "user.manage"), role == Role::admin) << id;
    EXPECT_EQ(matrix.allows(role, "stats.raw"), role == Role::coordinator) << id;
  }
}

TEST(PermissionMatrix, EveryEventTypeOfTheRulebookHasAnEntry) {
  const auto types = PermissionMatrix::shipped().event_types();
  for (const char* type : {"identified",
                           "reasonable_grounds_decision",
                           "conclusive_grounds_decision",
                           "reflection_refused",
                           "details_corrected",
                           "age_assessed",
                           "guardian_appointed",
                           "best_interests_determined",
                           "durable_solution_determined",
                           "consent_recorded",
                           "referral_made",
                           "assistance_provided",
                           "assistance_withdrawn",
                           "permit_applied",
                           "permit_granted",
                           "permit_renewed",
                           "permit_refused",
                           "testimony_decision",
                           "testimony_scheduled",
                           "charged_with_offence",
                           "charge_resolved",
                           "risk_assessment",
                           "returned",
                           "compensation_claimed",
                           "compensation_awarded",
                           "case_closed",
                           "case_reopened"}) {
    EXPECT_NE(std::find(types.begin(), types.end(), type), types.end()) << type;
  }
}

TEST(PermissionMatrix, RejectsUnknownRolesAndMissingTables) {
  auto unknown =
      PermissionMatrix::parse("[permissions]\n\"case.read\" = [\"janitor\"]\n[events]\n");
  ASSERT_TRUE(unknown.is_error());
  EXPECT_EQ(unknown.error().field, "permissions.case.read");
  auto missing = PermissionMatrix::parse("[permissions]\n");
  ASSERT_TRUE(missing.is_error());
  EXPECT_EQ(missing.error().field, "events");
}

}  // namespace
}  // namespace opennrm::access

// Agencies and accounts through the API: only the admin manages them, nobody widens their own
// access, and disabling an account ends its sessions.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "access/role.h"
#include "case_test_support.h"
#include "test_server.h"

namespace opennrm::api::testing {
namespace {

using access::Role;

std::string user_path(int64_t id) {
  return "/api/v1/users/" + std::to_string(id);
}

TEST(Admin, AdminCreatesAgenciesAndUsersWhoCanSignIn) {
  TestServer server;
  std::string admin = server.login(Role::admin);
  auto agency = server.client().call("POST", "/api/v1/agencies", admin,
                                     R"({"name": "Shelter North", "type": "ngo"})");
  ASSERT_EQ(agency.result_int(), 201) << agency.body();
  int64_t agency_id = TestServer::json(agency).at("id").as_int64();

  auto user = server.client().call(
      "POST", "/api/v1/users", admin,
      boost::json::serialize(boost::json::object{
          {"username", "new.worker"}, {"agency_id", agency_id}, {"role", "caseworker"}}));
  ASSERT_EQ(user.result_int(), 201) << user.body();
  auto json = TestServer::json(user);
  std::string password(json.at("password").as_string());
  EXPECT_GE(password.size(), 12u);
  EXPECT_FALSE(json.as_object().contains("totp_secret"));

  auto signed_in = server.client().call("POST", "/api/v1/sessions", "",
                                        boost::json::serialize(boost::json::object{
                                            {"username", "new.worker"}, {"password", password}}));
  EXPECT_EQ(signed_in.result_int(), 201);

  auto listed = TestServer::json(server.client().call("GET", "/api/v1/users", admin));
  bool found = false;
  for (const auto& entry : listed.at("users").as_array()) {
    found = found || entry.at("username") == "new.worker";
    EXPECT_FALSE(entry.as_object().contains("password_hash"));
  }
  EXPECT_TRUE(found);
}

TEST(Admin, NewCoordinatorGetsASecondFactorOnce) {
  TestServer server;
  std::string admin = server.login(Role::admin);
  auto user = server.client().call(
      "POST", "/api/v1/users", admin,
      boost::json::serialize(boost::json::object{{"username", "coord2"},
                                                 {"agency_id", server.agency_id("coordinator")},
                                                 {"role", "coordinator"},
                                                 {"password", "a long enough passphrase"}}));
  ASSERT_EQ(user.result_int(), 201) << user.body();
  auto json = TestServer::json(user);
  EXPECT_EQ(json.at("totp_secret").as_string().size(), 32u);
  EXPECT_TRUE(json.at("otpauth_uri").as_string().starts_with("otpauth://totp/"));
  EXPECT_FALSE(json.as_object().contains("password"));
}

TEST(Admin, WeakAndCommonPasswordsAreRefused) {
  TestServer server;
  std::string admin = server.login(Role::admin);
  // Too short, and on john's list of common passwords in any case.
  for (std::string_view password : {"tiny pw", "winniethepooh", "WinnieThePooh"}) {
    auto reply = server.client().call(
        "POST", "/api/v1/users", admin,
        boost::json::serialize(boost::json::object{{"username", "weak"},
                                                   {"agency_id", server.agency_id("ngo")},
                                                   {"role", "caseworker"},
                                                   {"password", password}}));
    EXPECT_EQ(reply.result_int(), 400) << password;
    EXPECT_EQ(error_code(reply), "password_policy");
    EXPECT_EQ(reply.body().find(password), std::string::npos);
  }
}

TEST(Admin, OnlyTheAdminManagesAccountsAndAgencies) {
  TestServer server;
  for (Role role :
       {Role::frontline_officer, Role::caseworker, Role::supervisor, Role::immigration_officer,
        Role::prosecutor, Role::coordinator, Role::rapporteur}) {
    std::string token = server.login(role);
    auto create = server.client().call(
        "POST", "/api/v1/users", token,
        boost::json::serialize(boost::json::object{{"username", "sneaky"},
                                                   {"agency_id", server.agency_id("ngo")},
                                                   {"role", "admin"},
                                                   {"password", "a long enough passphrase"}}));
    EXPECT_EQ(create.result_int(), 403) << access::role_id(role);
    EXPECT_EQ(server.client().call("GET", "/api/v1/users", token).result_int(), 403);
    EXPECT_EQ(server.client()
                  .call("POST", "/api/v1/agencies", token, R"({"name":"x","type":"ngo"})")
                  .result_int(),
              403);
    // Nobody but the admin can change anyone's role, their own least of all.
    auto own = server.account(role);
    EXPECT_EQ(server.client()
                  .call("PATCH", user_path(own.user_id), token, R"({"role":"admin"})")
                  .result_int(),
              403);
  }
}

TEST(Admin, NobodyWidensTheirOwnRoleOrAgency) {
  TestServer server;
  std::string officer = server.login(Role::frontline_officer);
  auto own_role = server.client().call("PATCH", "/api/v1/me", officer, R"({"role":"coordinator"})");
  EXPECT_EQ(own_role.result_int(), 403);
  EXPECT_EQ(error_code(own_role), "self_escalation");
  auto own_agency = server.client().call(
      "PATCH", "/api/v1/me", officer,
      "{\"agency_id\":" + std::to_string(server.agency_id("coordinator")) + "}");
  EXPECT_EQ(own_agency.result_int(), 403);

  std::string admin = server.login(Role::admin);
  const auto& admin_account = server.account(Role::admin);
  for (std::string body : {std::string(R"({"role":"coordinator"})"),
                           "{\"agency_id\":" + std::to_string(server.agency_id("police")) + "}",
                           std::string(R"({"disabled":true})")}) {
    auto reply = server.client().call("PATCH", user_path(admin_account.user_id), admin, body);
    EXPECT_EQ(reply.result_int(), 403) << body;
    EXPECT_EQ(error_code(reply), "self_escalation");
  }
  auto me = TestServer::json(server.client().call("GET", "/api/v1/me", officer));
  EXPECT_EQ(me.at("role"), "frontline_officer");
  EXPECT_EQ(me.at("agency_id").as_int64(), server.agency_id("police"));
  // A locale is the user's own business.
  EXPECT_EQ(server.client().call("PATCH", "/api/v1/me", officer, R"({"locale":"fr"})").result_int(),
            204);
}

TEST(Admin, DisablingAnAccountRevokesItsSessions) {
  TestServer server;
  std::string caseworker = server.login(Role::caseworker);
  std::string admin = server.login(Role::admin);
  auto id = server.account(Role::caseworker).user_id;
  auto reply = server.client().call("PATCH", user_path(id), admin, R"({"disabled":true})");
  ASSERT_EQ(reply.result_int(), 200) << reply.body();
  EXPECT_EQ(TestServer::json(reply).at("disabled"), true);
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", caseworker).result_int(), 401);
  EXPECT_EQ(server.sign_in(server.account(Role::caseworker)).result_int(), 401);

  server.client().call("PATCH", user_path(id), admin, R"({"disabled":false})");
  EXPECT_EQ(server.sign_in(server.account(Role::caseworker)).result_int(), 201);
}

TEST(Admin, ChangingARoleEndsSessionsAndGivesASecondFactorWhereNeeded) {
  TestServer server;
  std::string supervisor = server.login(Role::supervisor);
  std::string admin = server.login(Role::admin);
  auto id = server.account(Role::supervisor).user_id;
  auto reply = server.client().call("PATCH", user_path(id), admin, R"({"role":"coordinator"})");
  ASSERT_EQ(reply.result_int(), 200) << reply.body();
  EXPECT_EQ(TestServer::json(reply).at("totp_secret").as_string().size(), 32u);
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", supervisor).result_int(), 401);
}

TEST(Admin, ResettingTheSecondFactorReplacesTheSecret) {
  TestServer server;
  std::string admin = server.login(Role::admin);
  auto coordinator = server.account(Role::coordinator);
  auto reply =
      server.client().call("POST", user_path(coordinator.user_id) + "/second-factor", admin);
  ASSERT_EQ(reply.result_int(), 200) << reply.body();
  // The old secret no longer works.
  EXPECT_EQ(server.sign_in(coordinator).result_int(), 401);
  auto secret = security::base32_decode(TestServer::json(reply).at("totp_secret").as_string());
  ASSERT_TRUE(secret);
  coordinator.totp_secret = *secret;
  server.clock().advance(std::chrono::seconds(30));
  EXPECT_EQ(server.sign_in(coordinator).result_int(), 201);
}

}  // namespace
}  // namespace opennrm::api::testing

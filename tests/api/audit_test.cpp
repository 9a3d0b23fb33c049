// Authentication events in the audit log: each one recorded, the chain intact, and no password,
// token or second-factor code in any record.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "store/audit_log.h"
#include "test_server.h"

namespace opennrm::api::testing {
namespace {

using access::Role;

std::vector<security::AuditRecord> audit_of(TestServer& server) {
  std::vector<security::AuditRecord> records;
  auto read = server.store().read([&](store::Connection& db) -> ErrorOr<void> {
    records = TRY(store::read_audit(db));
    return {};
  });
  EXPECT_FALSE(read.is_error());
  return records;
}

std::string flatten(const security::AuditRecord& record) {
  return record.at + "|" + record.actor + "|" + record.action + "|" + record.object + "|" +
         record.detail + "|" + record.prev_hash + "|" + record.hash;
}

TEST(Audit, SignInsSuccessfulOrNotAreRecorded) {
  TestServer server;
  const auto& caseworker = server.account(Role::caseworker);
  std::size_t before = audit_of(server).size();
  server.client().call("POST", "/api/v1/sessions", "",
                       boost::json::serialize(boost::json::object{
                           {"username", caseworker.username}, {"password", "wrong password!"}}));
  std::string token = server.login(caseworker);
  server.client().call("DELETE", "/api/v1/sessions/current", token);

  auto records = audit_of(server);
  ASSERT_EQ(records.size(), before + 3);
  EXPECT_EQ(records[before].action, "login.failure");
  EXPECT_EQ(records[before].detail, "invalid_credentials");
  EXPECT_EQ(records[before + 1].action, "login.success");
  EXPECT_EQ(records[before + 1].actor, caseworker.username);
  EXPECT_EQ(records[before + 1].object, "user:" + std::to_string(caseworker.user_id));
  EXPECT_EQ(records[before + 1].at, "2026-01-01T00:00:00Z");
  EXPECT_EQ(records[before + 2].action, "logout");

  std::optional<security::ChainBreak> broken;
  auto verified = server.store().read([&](store::Connection& db) -> ErrorOr<void> {
    broken = TRY(store::verify_audit(db));
    return {};
  });
  ASSERT_FALSE(verified.is_error());
  EXPECT_FALSE(broken.has_value());
}

TEST(Audit, NoRecordHoldsAPasswordTokenOrCode) {
  TestServer server;
  std::vector<std::string> secrets;
  for (Role role : {Role::caseworker, Role::admin}) {
    const auto& account = server.account(role);
    secrets.push_back(account.password);
    secrets.push_back(server.login(role));
  }
  const auto& admin = server.account(Role::admin);
  std::string code = server.totp_code(admin);
  // A replayed code and a password typed into the username field are refused and recorded.
  server.client().call(
      "POST", "/api/v1/sessions", "",
      boost::json::serialize(boost::json::object{
          {"username", admin.username}, {"password", admin.password}, {"totp", code}}));
  server.client().call("POST", "/api/v1/sessions", "",
                       boost::json::serialize(boost::json::object{{"username", admin.password},
                                                                  {"password", admin.password}}));
  secrets.push_back(code);
  for (const auto& record : audit_of(server)) {
    for (const auto& secret : secrets) {
      EXPECT_EQ(flatten(record).find(secret), std::string::npos) << record.action;
    }
  }
}

}  // namespace
}  // namespace opennrm::api::testing

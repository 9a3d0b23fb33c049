#pragma once

// A real OpenNRM server for API tests: a temporary database with the CETS 197 minimum policy,
// one agency per kind of role and one account per role, served on a free port of 127.0.0.1
// with a ManualClock, so that tests can move time. Clients talk to it over real HTTP.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "../http/test_client.h"
#include "access/role.h"
#include "api/accounts.h"
#include "api/context.h"
#include "core/clock.h"
#include "http/server.h"
#include "security/encoding.h"
#include "security/field_cipher.h"
#include "store/case_store.h"

namespace opennrm::api::testing {

using Reply = http::testing::Reply;
using HeaderList = http::testing::HeaderList;

// A keep-alive client that reconnects when the server closed the connection.
class Client {
 public:
  explicit Client(uint16_t port) : port_(port) {}
  Reply request(std::string_view method, std::string_view target, std::string body = {},
                const HeaderList& headers = {});
  // The same with "Authorization: Bearer TOKEN" and a JSON body (when not empty).
  Reply call(std::string_view method, std::string_view target, std::string_view token,
             std::string body = {});

 private:
  uint16_t port_;
  std::unique_ptr<http::testing::TestClient> connection_;
};

struct TestAccount {
  int64_t user_id = 0;
  std::string username;  // The role id, e.g. "caseworker".
  std::string password;
  access::Role role{};
  int64_t agency_id = 0;
  std::optional<security::Bytes> totp_secret;  // Coordinator and admin.
};

struct TestServerOptions {
  // The fixture's own default allows many sign-ins a minute, so tests that sign in often are
  // not rate limited; a test of the rate limit sets its own.
  AuthSettings auth = [] {
    AuthSettings settings;
    settings.login_rate.attempts = 1000;
    settings.password_cost = security::PasswordCost::lightest();
    return settings;
  }();
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  ~TestServer();

  uint16_t port() const { return server_->port(); }
  ManualClock& clock() { return clock_; }
  store::CaseStore& store() { return *store_; }
  AppContext& context() { return *context_; }
  const security::FieldCipher& cipher() const { return *cipher_; }
  const std::string& db_path() const { return db_path_; }
  // The shared client of the fixture (one kept-alive connection).
  Client& client() { return client_; }

  // Agencies made by the fixture, by type: police (frontline_officer, supervisor), ngo
  // (caseworker), immigration, prosecution, coordinator, rapporteur, other (admin), and
  // social_services, child_protection, border_guard without accounts.
  int64_t agency_id(std::string_view type) const;
  const TestAccount& account(access::Role role) const;
  // Creates another account; coordinator and admin get a second-factor secret.
  TestAccount add_account(std::string_view username, access::Role role, int64_t agency_id);

  // The current one-time code of an account with a second factor.
  std::string totp_code(const TestAccount& account) const;
  // Signs in as the role's account (with a fresh one-time code where needed; the clock moves
  // on 30 seconds when the current code was used already) and returns the bearer token.
  std::string login(access::Role role);
  std::string login(const TestAccount& account);
  // Signs in and returns the whole reply (for cookies and headers).
  Reply sign_in(const TestAccount& account);

  // The body of a reply as JSON (null when it does not parse).
  static boost::json::value json(const Reply& reply);

 private:
  std::string dir_;
  std::string db_path_;
  ManualClock clock_;
  std::unique_ptr<store::CaseStore> store_;
  std::unique_ptr<security::FieldCipher> cipher_;
  std::unique_ptr<AppContext> context_;
  std::shared_ptr<Accounts> accounts_;
  std::unique_ptr<http::Server> server_;
  Client client_{0};
  std::map<std::string, int64_t, std::less<>> agencies_;
  std::map<access::Role, TestAccount> accounts_by_role_;
  std::map<int64_t, int64_t> last_totp_step_;
};

// Reads a cookie's value from a reply's Set-Cookie headers.
std::optional<std::string> set_cookie(const Reply& reply, std::string_view name);

}  // namespace opennrm::api::testing

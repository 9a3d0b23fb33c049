// Signing in and out, sessions, lockout, rate limit, second factor and CSRF, against a real
// server.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <thread>
#include <vector>

#include "case_test_support.h"
#include "security/totp.h"
#include "test_server.h"

namespace opennrm::api::testing {
namespace {

using access::Role;
using namespace std::chrono_literals;

std::string credentials(std::string_view username, std::string_view password,
                        std::optional<std::string> totp = std::nullopt) {
  boost::json::object body{{"username", username}, {"password", password}};
  if (totp) body["totp"] = *totp;
  return boost::json::serialize(body);
}

Reply sign_in_with(TestServer& server, std::string body) {
  return server.client().call("POST", "/api/v1/sessions", "", std::move(body));
}

TEST(Sessions, SignInGivesTokenExpiryAndHardenedCookie) {
  TestServer server;
  auto reply = server.sign_in(server.account(Role::caseworker));
  ASSERT_EQ(reply.result_int(), 201) << reply.body();
  auto json = TestServer::json(reply);
  EXPECT_EQ(json.at("token").as_string().size(), 43u);
  EXPECT_EQ(json.at("expires_at").as_string(), "2026-01-01T12:00:00Z");
  bool hardened = false;
  for (const auto& field : reply) {
    std::string_view value = field.value();
    if (field.name_string() == "Set-Cookie" && value.starts_with("opennrm_session=")) {
      hardened = value.find("HttpOnly") != std::string_view::npos &&
                 value.find("Secure") != std::string_view::npos &&
                 value.find("SameSite=Strict") != std::string_view::npos;
    }
  }
  EXPECT_TRUE(hardened);
  EXPECT_EQ(set_cookie(reply, "opennrm_session"), std::string(json.at("token").as_string()));
}

TEST(Sessions, MeTellsWhoIsSignedIn) {
  TestServer server;
  std::string token = server.login(Role::supervisor);
  auto reply = server.client().call("GET", "/api/v1/me", token);
  ASSERT_EQ(reply.result_int(), 200);
  auto json = TestServer::json(reply);
  EXPECT_EQ(json.at("username"), "supervisor");
  EXPECT_EQ(json.at("role"), "supervisor");
  EXPECT_EQ(json.at("agency_id").as_int64(), server.agency_id("police"));
}

TEST(Sessions, WithoutSessionTheApiAnswers401InTheErrorShape) {
  TestServer server;
  for (auto token : {std::string(), std::string("not-a-token"), std::string(43, 'A')}) {
    auto reply = server.client().call("GET", "/api/v1/me", token);
    EXPECT_EQ(reply.result_int(), 401);
    auto json = TestServer::json(reply);
    EXPECT_EQ(json.at("error").at("code"), "unauthenticated");
    EXPECT_TRUE(json.at("error").as_object().contains("message"));
    EXPECT_TRUE(json.at("error").as_object().contains("field"));
  }
  EXPECT_EQ(server.client().call("GET", "/healthz", "").result_int(), 200);
}

TEST(Sessions, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  TestServer server;
  const auto& caseworker = server.account(Role::caseworker);
  auto wrong = sign_in_with(server, credentials(caseworker.username, "wrong password 123"));
  auto unknown = sign_in_with(server, credentials("nobody-here", "wrong password 123"));
  EXPECT_EQ(wrong.result_int(), 401);
  EXPECT_EQ(unknown.result_int(), 401);
  EXPECT_EQ(wrong.body(), unknown.body());
  EXPECT_EQ(error_code(wrong), "invalid_credentials");
}

TEST(Sessions, FiveFailuresLockTheAccountForFifteenMinutes) {
  TestServer server;
  const auto& caseworker = server.account(Role::caseworker);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        sign_in_with(server, credentials(caseworker.username, "not the password")).result_int(),
        401);
  }
  auto locked = server.sign_in(caseworker);
  EXPECT_EQ(locked.result_int(), 401);
  EXPECT_EQ(error_code(locked), "account_locked");
  EXPECT_TRUE(locked.find("Retry-After") != locked.end());
  server.clock().advance(14min);
  EXPECT_EQ(server.sign_in(caseworker).result_int(), 401);
  server.clock().advance(2min);
  EXPECT_EQ(server.sign_in(caseworker).result_int(), 201);
}

TEST(Sessions, FourFailuresThenSuccessStartTheCountAgain) {
  TestServer server;
  const auto& caseworker = server.account(Role::caseworker);
  for (int i = 0; i < 4; ++i)
    sign_in_with(server, credentials(caseworker.username, "nope nope nope"));
  EXPECT_EQ(server.sign_in(caseworker).result_int(), 201);
  for (int i = 0; i < 4; ++i)
    sign_in_with(server, credentials(caseworker.username, "nope nope nope"));
  EXPECT_EQ(server.sign_in(caseworker).result_int(), 201);
}

TEST(Sessions, TooManyAttemptsFromOneAddressGet429WithRetryAfter) {
  TestServerOptions options;
  options.auth.login_rate.attempts = 10;
  options.auth.login_rate.period = 1min;
  TestServer server(options);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(sign_in_with(server, credentials("someone", "password attempt")).result_int(), 401);
  }
  auto limited = server.sign_in(server.account(Role::caseworker));
  EXPECT_EQ(limited.result_int(), 429);
  EXPECT_EQ(error_code(limited), "rate_limited");
  ASSERT_TRUE(limited.find("Retry-After") != limited.end());
  EXPECT_GT(std::stoi(std::string(limited["Retry-After"])), 0);
  server.clock().advance(1min);
  EXPECT_EQ(server.sign_in(server.account(Role::caseworker)).result_int(), 201);
}

TEST(Sessions, SignInsBeyondTheHashCapGet503InsteadOfQueueing) {
  // One hash slot and eight simultaneous sign-ins: those that find the slot taken are refused
  // at once rather than queued, so a login flood cannot pile up argon2id's memory.
  TestServerOptions options;
  options.auth.hash_slots = 1;
  // The server's own work factors, so that a sign-in holds its slot long enough to be seen.
  options.auth.password_cost = security::PasswordCost::interactive();
  TestServer server(options);
  const auto& caseworker = server.account(Role::caseworker);
  std::vector<int> statuses(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] {
      Client client(server.port());
      statuses[i] = client
                        .call("POST", "/api/v1/sessions", "",
                              credentials(caseworker.username, caseworker.password))
                        .result_int();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201) +
                std::count(statuses.begin(), statuses.end(), 503),
            8);
  EXPECT_GE(std::count(statuses.begin(), statuses.end(), 503), 1);
  EXPECT_GE(std::count(statuses.begin(), statuses.end(), 201), 1);
}

TEST(Sessions, TheServerHashesPasswordsOnEveryThreadButOneAndOnFourAtMost) {
  // The default server on two cores has four threads: three may hash at once.
  EXPECT_EQ(hash_slots_for(4), 3u);
  EXPECT_EQ(hash_slots_for(2), 1u);
  // A server of one thread still lets people sign in.
  EXPECT_EQ(hash_slots_for(1), 1u);
  // Many threads: the memory bound of four hashes (64 MiB each) holds.
  EXPECT_EQ(hash_slots_for(64), 4u);
}

TEST(Sessions, CoordinatorAndAdminNeedTheirSecondFactor) {
  TestServer server;
  for (Role role : {Role::coordinator, Role::admin}) {
    const auto& account = server.account(role);
    auto missing = sign_in_with(server, credentials(account.username, account.password));
    EXPECT_EQ(missing.result_int(), 401);
    EXPECT_EQ(error_code(missing), "totp_required");
    auto wrong = sign_in_with(server, credentials(account.username, account.password, "000000"));
    if (server.totp_code(account) != "000000") {
      EXPECT_EQ(wrong.result_int(), 401);
    }
    EXPECT_EQ(server.sign_in(account).result_int(), 201);
  }
  EXPECT_FALSE(server.account(Role::caseworker).totp_secret.has_value());
}

// "One-time code needed" shows that the password was right, so such answers count toward the
// lockout like wrong passwords; a complete sign-in clears them.
TEST(Sessions, SignInsWithoutTheNeededCodeCountTowardTheLockout) {
  TestServer server;
  const auto& coordinator = server.account(Role::coordinator);
  auto without_code = [&] {
    return sign_in_with(server, credentials(coordinator.username, coordinator.password));
  };
  for (int i = 0; i < 4; ++i) EXPECT_EQ(error_code(without_code()), "totp_required");
  EXPECT_EQ(server.sign_in(coordinator).result_int(), 201);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(error_code(without_code()), "totp_required");
  auto locked = server.sign_in(coordinator);
  EXPECT_EQ(locked.result_int(), 401);
  EXPECT_EQ(error_code(locked), "account_locked");
}

TEST(Sessions, AUsedOneTimeCodeIsRefused) {
  TestServer server;
  const auto& admin = server.account(Role::admin);
  std::string code = server.totp_code(admin);
  auto body = credentials(admin.username, admin.password, code);
  EXPECT_EQ(sign_in_with(server, body).result_int(), 201);
  auto replay = sign_in_with(server, body);
  EXPECT_EQ(replay.result_int(), 401);
  EXPECT_EQ(error_code(replay), "invalid_credentials");
}

TEST(Sessions, IdleSessionsEndAfterThirtyMinutes) {
  TestServer server;
  std::string token = server.login(Role::caseworker);
  server.clock().advance(29min);
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", token).result_int(), 200);
  server.clock().advance(29min);
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", token).result_int(), 200);
  server.clock().advance(30min);
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", token).result_int(), 401);
}

TEST(Sessions, EverySessionEndsAfterTwelveHours) {
  TestServer server;
  std::string token = server.login(Role::caseworker);
  for (int i = 0; i < 24; ++i) {
    server.clock().advance(29min);
    ASSERT_EQ(server.client().call("GET", "/api/v1/me", token).result_int(), 200) << i;
  }
  server.clock().advance(29min);  // 12 h 5 min after sign-in, though never idle.
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", token).result_int(), 401);
}

TEST(Sessions, TimeoutsAreConfigurable) {
  TestServerOptions options;
  options.auth.session_idle = 5min;
  TestServer server(options);
  std::string token = server.login(Role::caseworker);
  server.clock().advance(6min);
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", token).result_int(), 401);
}

TEST(Sessions, LogoutRevokesTheTokenOnTheServer) {
  TestServer server;
  std::string token = server.login(Role::caseworker);
  std::string other = server.login(Role::caseworker);
  EXPECT_EQ(server.client().call("DELETE", "/api/v1/sessions/current", token).result_int(), 204);
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", token).result_int(), 401);
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", other).result_int(), 200);
  EXPECT_NE(token, other);
}

HeaderList cookie_headers(TestServer& server, const std::string& token,
                          std::optional<std::string> csrf, std::optional<std::string> origin) {
  std::string host = "127.0.0.1:" + std::to_string(server.port());
  HeaderList headers{{"Cookie", "opennrm_session=" + token}, {"Host", host}};
  if (csrf) headers.emplace_back("X-CSRF-Token", *csrf);
  if (origin) headers.emplace_back("Origin", *origin);
  return headers;
}

TEST(Sessions, CookieSessionsNeedTheCsrfTokenAndTheirOwnOrigin) {
  TestServer server;
  auto reply = server.sign_in(server.account(Role::caseworker));
  std::string token = *set_cookie(reply, "opennrm_session");
  std::string csrf = *set_cookie(reply, "opennrm_csrf");
  EXPECT_EQ(std::string(reply["X-CSRF-Token"]), csrf);
  std::string own = "http://127.0.0.1:" + std::to_string(server.port());
  auto& client = server.client();

  // Reading needs no CSRF token.
  EXPECT_EQ(
      client.request("GET", "/api/v1/me", {}, cookie_headers(server, token, {}, {})).result_int(),
      200);
  auto missing = client.request("DELETE", "/api/v1/sessions/current", {},
                                cookie_headers(server, token, {}, own));
  EXPECT_EQ(missing.result_int(), 403);
  EXPECT_EQ(error_code(missing), "csrf_failed");
  auto wrong = client.request("DELETE", "/api/v1/sessions/current", {},
                              cookie_headers(server, token, std::string(43, 'x'), own));
  EXPECT_EQ(wrong.result_int(), 403);
  auto foreign = client.request("DELETE", "/api/v1/sessions/current", {},
                                cookie_headers(server, token, csrf, "https://evil.example"));
  EXPECT_EQ(foreign.result_int(), 403);
  EXPECT_EQ(error_code(foreign), "origin_mismatch");
  // The session survived every refused attempt, and the right token ends it.
  EXPECT_EQ(client
                .request("DELETE", "/api/v1/sessions/current", {},
                         cookie_headers(server, token, csrf, own))
                .result_int(),
            204);
  EXPECT_EQ(
      client.request("GET", "/api/v1/me", {}, cookie_headers(server, token, {}, {})).result_int(),
      401);
}

TEST(Sessions, CsrfTokenMayComeAsAFormField) {
  TestServer server;
  auto reply = server.sign_in(server.account(Role::caseworker));
  std::string token = *set_cookie(reply, "opennrm_session");
  std::string csrf = *set_cookie(reply, "opennrm_csrf");
  auto headers = cookie_headers(server, token, {}, {});
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  auto done =
      server.client().request("DELETE", "/api/v1/sessions/current", "csrf_token=" + csrf, headers);
  EXPECT_EQ(done.result_int(), 204);
}

TEST(Sessions, BearerClientsNeedNoCsrfToken) {
  TestServer server;
  std::string token = server.login(Role::caseworker);
  EXPECT_EQ(server.client().call("DELETE", "/api/v1/sessions/current", token).result_int(), 204);
}

}  // namespace
}  // namespace opennrm::api::testing

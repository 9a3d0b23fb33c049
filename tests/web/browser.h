#pragma once

// A browser for the page tests: it signs in through the sign-in page's form, keeps the session
// cookie, and posts forms with the session's CSRF token, against a real server
// (tests/api/test_server.h).

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "../api/test_server.h"
#include "security/totp.h"

namespace opennrm::web::testing {

using api::testing::HeaderList;
using api::testing::Reply;
using api::testing::TestServer;

inline std::string header(const Reply& reply, std::string_view name) {
  auto found = reply.find(std::string(name));
  return found == reply.end() ? std::string() : std::string(found->value());
}

inline std::string cookie_value(const Reply& reply, std::string_view name) {
  for (const auto& field : reply) {
    if (field.name_string() != "Set-Cookie") continue;
    std::string value(field.value());
    if (value.starts_with(std::string(name) + "=")) {
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
  }
  return {};
}

// A browser signed in through the sign-in page's form.
class Browser {
 public:
  Browser(TestServer& server, access::Role role) : server_(server) {
    const auto& account = server.account(role);
    std::string form = "username=" + account.username + "&password=" + account.password;
    if (account.totp_secret) {
      // A one-time code is accepted once: a fresh step, as the fixture's own sign-ins may have
      // used the current one.
      server.clock().advance(std::chrono::seconds(security::kTotpStepSeconds));
      form += "&totp=" + server.totp_code(account);
    }
    Reply reply = post("/signin", form);
    EXPECT_EQ(reply.result_int(), 303) << reply.body();
    session_ = cookie_value(reply, "opennrm_session");
    csrf_ = cookie_value(reply, "opennrm_csrf");
  }

  Reply get(std::string_view target) {
    return server_.client().request("GET", target, {}, headers());
  }
  Reply post(std::string_view target, std::string form, bool with_csrf = true) {
    if (with_csrf && !csrf_.empty()) form += "&csrf_token=" + csrf_;
    HeaderList list = headers();
    list.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return server_.client().request("POST", target, std::move(form), list);
  }
  void forget_session() { session_ = "not-a-session-any-more"; }

 private:
  HeaderList headers() const {
    HeaderList list;
    if (!session_.empty()) list.emplace_back("Cookie", "opennrm_session=" + session_);
    return list;
  }
  TestServer& server_;
  std::string session_;
  std::string csrf_;
};

}  // namespace opennrm::web::testing

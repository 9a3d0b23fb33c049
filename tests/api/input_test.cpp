// Bad input on the session and account endpoints is a 4xx with the error shape, never a 500,
// and the server keeps serving.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.h"

namespace opennrm::api::testing {
namespace {

using access::Role;

struct AccountEndpoint {
  std::string method;
  std::string target;
  bool as_admin;
};

std::vector<std::string> bad_account_bodies() {
  std::string deep(100'000, '[');
  std::string huge = R"({"username":")" + std::string(900'000, 'a') + R"(","password":"x"})";
  return {"",
          "not json",
          "[]",
          "42",
          "null",
          R"({"username": 5, "password": "x"})",
          R"({"username": "a", "password": ["x"]})",
          R"({"username": "a", "password": "x", "unexpected": 1})",
          R"({"username": {"a": 1}, "password": null})",
          R"({"name": 1, "type": "ngo"})",
          R"({"name": "A", "type": "spaceship"})",
          R"({"username": "u", "agency_id": "7", "role": "caseworker"})",
          R"({"username": "u", "agency_id": 1.5, "role": "caseworker"})",
          R"({"username": "u", "agency_id": 999999, "role": "caseworker"})",
          R"({"username": "u", "agency_id": 1, "role": "emperor"})",
          R"({"role": 7})",
          R"({"disabled": "yes"})",
          R"({"locale": "../../etc"})",
          R"({"agency_id": 99999999999999999999999})",
          "{\"username\": \"\xff\xfe\", \"password\": \"x\"}",
          "{\"username\": \"\\ud800\", \"password\": \"x\"}",
          deep,
          huge};
}

TEST(Input, BadBodiesGet4xxNever500) {
  TestServer server;
  std::string admin = server.login(Role::admin);
  std::string victim_id = std::to_string(server.account(Role::caseworker).user_id);
  std::vector<AccountEndpoint> endpoints = {
      {"POST", "/api/v1/sessions", false},
      {"PATCH", "/api/v1/me", true},
      {"POST", "/api/v1/agencies", true},
      {"POST", "/api/v1/users", true},
      {"PATCH", "/api/v1/users/" + victim_id, true},
      {"POST", "/api/v1/users/" + victim_id + "/second-factor", true},
  };
  for (const auto& endpoint : endpoints) {
    for (const auto& body : bad_account_bodies()) {
      auto reply = server.client().call(endpoint.method, endpoint.target,
                                        endpoint.as_admin ? admin : "", body);
      int status = reply.result_int();
      EXPECT_TRUE((status >= 400 && status < 500) || status < 300)
          << endpoint.method << " " << endpoint.target << " " << body.substr(0, 60) << " -> "
          << status << " " << reply.body();
      if (status >= 400) {
        auto json = TestServer::json(reply);
        EXPECT_TRUE(json.is_object() && json.as_object().contains("error")) << reply.body();
      }
    }
  }
  EXPECT_EQ(server.client().call("GET", "/api/v1/me", admin).result_int(), 200);
}

TEST(Input, BadPathParametersAndTokensGet4xx) {
  TestServer server;
  std::string admin = server.login(Role::admin);
  for (std::string id : {"abc", "-1", "99999999999999999999999", "1%00", "%ff", "0"}) {
    auto reply =
        server.client().call("PATCH", "/api/v1/users/" + id, admin, R"({"disabled":true})");
    EXPECT_TRUE(reply.result_int() >= 400 && reply.result_int() < 500) << id;
  }
  HeaderList odd{{"Authorization", "Bearer " + std::string(5000, 'x')},
                 {"Cookie", "opennrm_session=\xff\xfe; ;;="}};
  EXPECT_EQ(server.client().request("GET", "/api/v1/me", {}, odd).result_int(), 401);
  EXPECT_EQ(server.client()
                .request("GET", "/api/v1/me", {}, {{"Authorization", "Basic YWRtaW46YWRtaW4="}})
                .result_int(),
            401);
}

}  // namespace
}  // namespace opennrm::api::testing

// Bad input on the case, event, alert, referral and policy endpoints: wrong types, huge bodies,
// deep JSON, bad UTF-8, unknown fields, non-JSON content and odd query values get a 4xx with the
// API's error shape, never a 500, and the server keeps serving.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "case_test_support.h"

namespace opennrm::api::testing {
namespace {

using access::Role;

std::vector<std::string> bad_event_bodies() {
  return {"", "not json", "[]", "42", "null", "{\"type\": \"identified\", \"date\": \"2026-01-10\"",
          R"({"type": 5, "date": "2026-01-10"})", R"({"type": "identified", "date": 20260110})",
          R"({"type": "identified", "date": "2026-02-30"})",
          R"({"type": ["identified"], "date": null})",
          R"({"type": "referral_made", "date": "2026-01-10", "to_agency_id": -1})",
          R"({"type": "referral_made", "date": "2026-01-10", "to_agency_id": 1e400})",
          R"({"type": "compensation_awarded", "date": "2026-01-11", "source": "offender",
              "amount": "lots", "currency": "EUR"})",
          R"({"type": "identified", "date": "2026-01-10", "identity": "Jane"})",
          R"({"type": "identified", "date": "2026-01-10", "identity": {"name": 5}})",
          R"({"type": "identified", "date": "2026-01-10", "identity": {"shoe_size": "9"}})",
          R"({"type": "identified", "date": "2026-01-10", "birth_year": 99999999999999999999})",
          R"({"reason": ["x"]})", "{\"type\": \"\xff\xfe\", \"date\": \"2026-01-10\"}",
          "{\"type\": \"identified\", \"date\": \"\\ud800\"}", "{\"type\": NaN}",
          // Too large for a double: it would be stored as infinity, which JSON cannot write back.
          R"({"type": "identified", "date": "2026-01-10", "by_agency_type": "police",
              "sex": "female", "age_status": "adult", "residence_status": "irregular",
              "citizenship": [], "forms": [], "countries_of_exploitation": [], "x": -1e400})",
          R"({"type": "compensation_awarded", "date": "2026-01-11", "source": "offender",
              "amount": 1e999, "currency": "EUR"})",
          std::string(100'000, '['), std::string(10'000, '{') + std::string(10'000, '}'),
          R"({"reason": ")" + std::string(900'000, 'a') + R"("})"};
}

TEST(BadInput, CaseEndpointsAnswer4xxAndTheServerStaysUp) {
  TestServer server;
  std::string officer = server.login(Role::frontline_officer);
  std::string caseworker = server.login(Role::caseworker);
  int64_t case_id = open_case(server, officer);
  std::string events = "/api/v1/cases/" + std::to_string(case_id) + "/events";
  struct Endpoint {
    std::string method, target;
    const std::string* token;
  };
  std::vector<Endpoint> endpoints = {{"POST", "/api/v1/cases", &officer},
                                     {"POST", events, &officer},
                                     {"POST", "/api/v1/referrals/1/decline", &caseworker},
                                     {"POST", "/api/v1/referrals/1/accept", &caseworker}};
  for (const auto& endpoint : endpoints) {
    for (const auto& body : bad_event_bodies()) {
      auto reply = server.client().call(endpoint.method, endpoint.target, *endpoint.token, body);
      std::string shown = body.substr(0, 60);
      EXPECT_GE(reply.result_int(), 400u) << endpoint.target << " " << shown;
      EXPECT_LT(reply.result_int(), 500u) << endpoint.target << " " << shown;
      auto json = TestServer::json(reply);
      EXPECT_TRUE(json.is_object() && json.as_object().contains("error"))
          << endpoint.target << " " << shown << ": " << reply.body();
    }
  }
  // Still serving, and nothing of the bad input was stored.
  auto read = get_case(server, officer, case_id, "?as_of=2026-12-31");
  ASSERT_EQ(read.result_int(), 200u);
  EXPECT_EQ(TestServer::json(read).at("events").as_array().size(), 1u);
  auto cases = server.client().call("GET", "/api/v1/cases", officer);
  EXPECT_EQ(TestServer::json(cases).at("cases").as_array().size(), 1u);
}

TEST(BadInput, BodiesOverOneMebibyteAre413) {
  TestServer server;
  std::string officer = server.login(Role::frontline_officer);
  std::string huge = R"({"type": "identified", "date": "2026-01-10", "padding": ")" +
                     std::string(1024 * 1024 + 10, 'x') + R"("})";
  auto reply = server.client().call("POST", "/api/v1/cases", officer, huge);
  EXPECT_EQ(reply.result_int(), 413u);
  EXPECT_EQ(server.client().call("GET", "/api/v1/cases", officer).result_int(), 200u);
}

TEST(BadInput, UnknownEventFieldsAreIgnoredAsTheRulebookSays) {
  TestServer server;
  std::string officer = server.login(Role::frontline_officer);
  auto reply = server.client().call(
      "POST", "/api/v1/cases", officer,
      identified_json("2026-01-10", "adult", R"(, "colour": "blue", "screening": null)"));
  EXPECT_EQ(reply.result_int(), 201u) << reply.body();
}

TEST(BadInput, OddQueriesAndIdsAreNeverA500) {
  TestServer server;
  std::string officer = server.login(Role::frontline_officer);
  for (std::string target :
       {"/api/v1/cases?limit=0", "/api/v1/cases?limit=abc", "/api/v1/cases?offset=-1",
        "/api/v1/cases?limit=99999999999999999999", "/api/v1/cases/1?as_of=2026-02-30",
        "/api/v1/cases/1?as_of=%FF", "/api/v1/alerts?as_of=", "/api/v1/cases/-1",
        "/api/v1/cases/99999999999999999999", "/api/v1/cases/%00",
        "/api/v1/referrals?status=", "/api/v1/cases/1%2F2"}) {
    auto reply = server.client().call("GET", target, officer);
    EXPECT_GE(reply.result_int(), 400u) << target;
    EXPECT_LT(reply.result_int(), 500u) << target;
  }
}

}  // namespace
}  // namespace opennrm::api::testing

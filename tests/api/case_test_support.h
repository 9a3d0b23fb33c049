#pragma once

// Helpers of the case, referral and permission tests: events as the rulebook writes them and a
// few calls that set up a case through the API like a user would.

#include <string>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.h"

namespace opennrm::api::testing {

inline std::string identified_json(const std::string& date, const std::string& age = "adult",
                                   const std::string& extra = "") {
  return R"({"type": "identified", "date": ")" + date +
         R"(", "by_agency_type": "police", "sex": "female", "age_status": ")" + age +
         R"(", "residence_status": "irregular", "citizenship": ["NG"],
             "forms": ["sexual_exploitation"], "countries_of_exploitation": ["AT"])" +
         extra + "}";
}

// Opens a case as the token's holder and returns its id (the test fails when it cannot).
inline int64_t open_case(TestServer& server, const std::string& token,
                         const std::string& body = identified_json("2026-01-10")) {
  auto reply = server.client().call("POST", "/api/v1/cases", token, body);
  EXPECT_EQ(reply.result_int(), 201u) << reply.body();
  auto json = TestServer::json(reply);
  return json.is_object() && json.as_object().contains("case_id")
             ? json.at("case_id").to_number<int64_t>()
             : 0;
}

inline Reply post_event(TestServer& server, const std::string& token, int64_t case_id,
                        const std::string& event) {
  return server.client().call("POST", "/api/v1/cases/" + std::to_string(case_id) + "/events", token,
                              event);
}

inline Reply get_case(TestServer& server, const std::string& token, int64_t case_id,
                      const std::string& query = "") {
  return server.client().call("GET", "/api/v1/cases/" + std::to_string(case_id) + query, token);
}

inline std::string error_code(const Reply& reply) {
  auto json = TestServer::json(reply);
  if (!json.is_object() || !json.as_object().contains("error")) return "";
  return std::string(json.at("error").at("code").as_string());
}

}  // namespace opennrm::api::testing

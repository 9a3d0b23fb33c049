// /api/v1/plans: the coordinator stores plans, versions and progress; every role holding
// plan.read reads them with the assessment of `plan check`; bad files and reports are 400s that
// name the action and key.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../plans/plan_toml.h"
#include "case_test_support.h"
#include "store/audit_log.h"

namespace opennrm::api::testing {
namespace {

using access::Role;
using plans::testing::ActionToml;
using plans::testing::plan_toml;
using plans::testing::progress_toml;

std::string toml_body(const std::string& toml) {
  return boost::json::serialize(boost::json::object{{"toml", toml}});
}

// Two specified actions, both in the pillar "prevention" (so the other pillars are uncovered),
// both ending 2026-12-31.
std::string two_actions() {
  return plan_toml({ActionToml("A1"), ActionToml("A2")});
}

class PlanApiTest : public ::testing::Test {
 protected:
  const std::string& token(Role role) {
    auto found = tokens_.find(role);
    if (found == tokens_.end()) found = tokens_.emplace(role, server_.login(role)).first;
    return found->second;
  }

  Reply call(std::string_view method, const std::string& target, Role role = Role::coordinator,
             std::string body = {}) {
    return server_.client().call(method, target, token(role), std::move(body));
  }

  int64_t import(const std::string& toml) {
    auto reply = call("POST", "/api/v1/plans", Role::coordinator, toml_body(toml));
    EXPECT_EQ(reply.result_int(), 201u) << reply.body();
    return TestServer::json(reply).at("plan_id").as_int64();
  }

  std::string plan_path(int64_t plan_id, const std::string& rest = "") {
    return "/api/v1/plans/" + std::to_string(plan_id) + rest;
  }

  TestServer server_;
  std::map<Role, std::string> tokens_;
};

TEST_F(PlanApiTest, ImportedPlanIsListedAndAssessedAsPlanCheckWould) {
  int64_t plan_id = import(two_actions());
  auto listed = call("GET", "/api/v1/plans");
  ASSERT_EQ(listed.result_int(), 200u) << listed.body();
  auto listed_json = TestServer::json(listed);
  const auto& plans = listed_json.at("plans").as_array();
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].at("plan_id").as_int64(), plan_id);
  EXPECT_EQ(plans[0].at("country").as_string(), "XX");

  auto shown = call("GET", plan_path(plan_id, "?as_of=2027-01-15"), Role::rapporteur);
  ASSERT_EQ(shown.result_int(), 200u) << shown.body();
  auto json = TestServer::json(shown);
  EXPECT_EQ(json.at("title").as_string(), "National Action Plan 2026-2028");
  EXPECT_EQ(json.at("version").as_int64(), 1);
  const auto& assessment = json.at("assessment");
  EXPECT_EQ(assessment.at("verdict").as_string(), "needs_work");
  EXPECT_EQ(assessment.at("specified_share").to_number<double>(), 1.0);
  EXPECT_EQ(assessment.at("overdue").as_array().size(), 2u);
  EXPECT_TRUE(assessment.at("uncovered_pillars").as_array().size() > 0);
}

TEST_F(PlanApiTest, ProgressEndsOverdueAndShowsInHistoryAndExport) {
  int64_t plan_id = import(two_actions());
  auto recorded = call("POST", plan_path(plan_id, "/progress"), Role::coordinator,
                       R"({"action": "A1", "date": "2026-12-01", "percent": 100,
                           "spent": 60000, "note": "Done"})");
  ASSERT_EQ(recorded.result_int(), 201u) << recorded.body();
  EXPECT_EQ(TestServer::json(recorded).at("recorded_by").as_string(), "coordinator");

  auto assessment = TestServer::json(call("GET", plan_path(plan_id, "?as_of=2027-01-15")));
  const auto& overdue = assessment.at("assessment").at("overdue").as_array();
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].as_string(), "A2");
  EXPECT_EQ(assessment.at("assessment").at("budget_execution").at("EUR").to_number<double>(), 0.25);

  auto history = call("GET", plan_path(plan_id, "/history"), Role::caseworker);
  ASSERT_EQ(history.result_int(), 200u) << history.body();
  auto history_json = TestServer::json(history);
  EXPECT_EQ(history_json.at("versions").as_array().size(), 1u);
  ASSERT_EQ(history_json.at("progress").as_array().size(), 1u);
  EXPECT_EQ(history_json.at("progress").at(0).at("action").as_string(), "A1");

  auto exported = call("GET", plan_path(plan_id, "/export"), Role::frontline_officer);
  ASSERT_EQ(exported.result_int(), 200u) << exported.body();
  EXPECT_TRUE(exported[boost::beast::http::field::content_type].starts_with("application/toml"));
  EXPECT_NE(exported.body().find("[[progress]]"), std::string::npos);
  EXPECT_NE(exported.body().find("Done"), std::string::npos);
  // The export is a plan file again: importing it gives the same assessment.
  int64_t copy = import(exported.body());
  EXPECT_EQ(TestServer::json(call("GET", plan_path(copy, "?as_of=2027-01-15"))).at("assessment"),
            assessment.at("assessment"));
}

TEST_F(PlanApiTest, ReplacingKeepsVersionsAndRefusesDroppingReportedActions) {
  int64_t plan_id = import(two_actions());
  ASSERT_EQ(call("POST", plan_path(plan_id, "/progress"), Role::coordinator,
                 R"({"action": "A2", "date": "2026-06-01", "percent": 40})")
                .result_int(),
            201u);
  auto replaced =
      call("PUT", plan_path(plan_id), Role::coordinator,
           toml_body(plan_toml({ActionToml("A1"), ActionToml("A2"), ActionToml("A3")})));
  ASSERT_EQ(replaced.result_int(), 200u) << replaced.body();
  EXPECT_EQ(TestServer::json(replaced).at("version").as_int64(), 2);

  auto dropped =
      call("PUT", plan_path(plan_id), Role::coordinator, toml_body(plan_toml({ActionToml("A1")})));
  EXPECT_EQ(dropped.result_int(), 400u);
  EXPECT_EQ(error_code(dropped), "plan_invalid");
  EXPECT_NE(dropped.body().find("A2"), std::string::npos);

  auto versions = TestServer::json(call("GET", plan_path(plan_id, "/history")));
  EXPECT_EQ(versions.at("versions").as_array().size(), 2u);
  auto first = call("GET", plan_path(plan_id, "/export?version=1"));
  EXPECT_EQ(first.body(), two_actions());
}

TEST_F(PlanApiTest, InvalidPlanFileIsA400NamingTheActionAndKey) {
  auto reply = call("POST", "/api/v1/plans", Role::coordinator,
                    toml_body(plan_toml({ActionToml("A1"), ActionToml("A7").drop("pillar")})));
  EXPECT_EQ(reply.result_int(), 400u);
  EXPECT_EQ(error_code(reply), "plan_invalid");
  auto message = std::string(TestServer::json(reply).at("error").at("message").as_string());
  EXPECT_NE(message.find("A7"), std::string::npos) << message;
  EXPECT_NE(message.find("pillar"), std::string::npos) << message;
  EXPECT_EQ(TestServer::json(call("GET", "/api/v1/plans")).at("plans").as_array().size(), 0u);

  EXPECT_EQ(error_code(call("POST", "/api/v1/plans", Role::coordinator, "{}")), "missing_field");
  EXPECT_EQ(error_code(call("POST", "/api/v1/plans", Role::coordinator, R"({"toml": 1})")),
            "invalid_field");
  EXPECT_EQ(error_code(call("POST", "/api/v1/plans", Role::coordinator, R"({"tom": ""})")),
            "unknown_field");
}

TEST_F(PlanApiTest, InvalidProgressIsA400NamingTheField) {
  int64_t plan_id = import(two_actions());
  auto progress = [&](const std::string& body) {
    auto reply = call("POST", plan_path(plan_id, "/progress"), Role::coordinator, body);
    EXPECT_EQ(reply.result_int(), 400u) << body << ": " << reply.body();
    auto json = TestServer::json(reply);
    return std::pair{error_code(reply), json.at("error").at("field")};
  };
  EXPECT_EQ(progress(R"({"action": "A1", "date": "2026-06-01", "percent": 150})").first,
            "progress_invalid");
  EXPECT_EQ(progress(R"({"action": "A1", "date": "2026-06-01", "percent": 150})").second,
            "percent");
  EXPECT_EQ(progress(R"({"action": "Z9", "date": "2026-06-01", "percent": 10})").first,
            "progress_invalid");
  EXPECT_EQ(progress(R"({"action": "A1", "date": "2026-13-01", "percent": 10})").second, "date");
  EXPECT_EQ(progress(R"({"action": "A1", "date": "2026-06-01"})").second, "percent");
  EXPECT_EQ(progress(R"({"action": "A1", "date": "2026-06-01", "percent": "10"})").second,
            "percent");
  EXPECT_EQ(progress(R"({"date": "2026-06-01", "percent": 10})").second, "action");
  EXPECT_EQ(TestServer::json(call("GET", plan_path(plan_id, "/history")))
                .at("progress")
                .as_array()
                .size(),
            0u);
}

TEST_F(PlanApiTest, UnknownPlanIs404Everywhere) {
  for (std::string path : {"/api/v1/plans/99", "/api/v1/plans/99/history",
                           "/api/v1/plans/99/export", "/api/v1/plans/abc"}) {
    auto reply = call("GET", path);
    EXPECT_EQ(reply.result_int(), 404u) << path;
    EXPECT_EQ(error_code(reply), "plan_not_found") << path;
    EXPECT_EQ(reply.body().find(server_.db_path()), std::string::npos) << reply.body();
  }
  EXPECT_EQ(
      call("PUT", "/api/v1/plans/99", Role::coordinator, toml_body(two_actions())).result_int(),
      404u);
  EXPECT_EQ(call("POST", "/api/v1/plans/99/progress", Role::coordinator,
                 R"({"action": "A1", "date": "2026-06-01", "percent": 10})")
                .result_int(),
            404u);
}

TEST_F(PlanApiTest, BadQueryParametersAre400) {
  int64_t plan_id = import(two_actions());
  EXPECT_EQ(call("GET", plan_path(plan_id, "?as_of=2026-02-30")).result_int(), 400u);
  EXPECT_EQ(call("GET", plan_path(plan_id, "?eu=yes")).result_int(), 400u);
  EXPECT_EQ(call("GET", plan_path(plan_id, "/export?version=x")).result_int(), 400u);
  EXPECT_EQ(call("GET", plan_path(plan_id, "/export?version=5")).result_int(), 400u);
}

TEST_F(PlanApiTest, EuAssessmentAddsTheEuDimensions) {
  int64_t plan_id = import(plan_toml({ActionToml("A1", "prevention", R"(["forced_labour"])")}));
  auto plain = TestServer::json(call("GET", plan_path(plan_id, "?as_of=2026-06-01")));
  auto eu = TestServer::json(call("GET", plan_path(plan_id, "?as_of=2026-06-01&eu=true")));
  EXPECT_EQ(eu.at("assessment").at("uncovered_dimensions").as_array().size(),
            plain.at("assessment").at("uncovered_dimensions").as_array().size() + 4);
}

TEST_F(PlanApiTest, EveryRoleWithPlanReadReadsAndOnlyPlanWriteWrites) {
  const auto& matrix = access::PermissionMatrix::shipped();
  int64_t plan_id = import(two_actions());
  for (std::size_t r = 0; r < access::kRoleIds.size(); ++r) {
    auto role = static_cast<Role>(r);
    bool reads = matrix.allows(role, "plan.read");
    bool writes = matrix.allows(role, "plan.write");
    EXPECT_EQ(call("GET", "/api/v1/plans", role).result_int(), reads ? 200u : 403u)
        << role_id(role);
    EXPECT_EQ(call("GET", plan_path(plan_id), role).result_int(), reads ? 200u : 403u);
    EXPECT_EQ(call("POST", "/api/v1/plans", role, toml_body(two_actions())).result_int(),
              writes ? 201u : 403u)
        << role_id(role);
    EXPECT_EQ(call("PUT", plan_path(plan_id), role, toml_body(two_actions())).result_int(),
              writes ? 200u : 403u);
    EXPECT_EQ(call("POST", plan_path(plan_id, "/progress"), role,
                   R"({"action": "A1", "date": "2026-06-01", "percent": 10})")
                  .result_int(),
              writes ? 201u : 403u);
  }
  EXPECT_EQ(server_.client().call("GET", "/api/v1/plans", "").result_int(), 401u);
}

TEST_F(PlanApiTest, WritesAreAudited) {
  int64_t plan_id = import(two_actions());
  ASSERT_EQ(call("POST", plan_path(plan_id, "/progress"), Role::coordinator,
                 R"({"action": "A1", "date": "2026-06-01", "percent": 10})")
                .result_int(),
            201u);
  std::vector<security::AuditRecord> records;
  ASSERT_FALSE(server_.store()
                   .read([&](store::Connection& db) -> ErrorOr<void> {
                     records = TRY(store::read_audit(db));
                     return {};
                   })
                   .is_error());
  std::vector<std::string> plan_actions;
  for (const auto& record : records) {
    if (record.object == "plan:" + std::to_string(plan_id)) {
      EXPECT_EQ(record.actor, "coordinator");
      plan_actions.push_back(record.action);
    }
  }
  EXPECT_EQ(plan_actions, (std::vector<std::string>{"plan.import", "plan.progress"}));
}

}  // namespace
}  // namespace opennrm::api::testing

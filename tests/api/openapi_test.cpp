// docs/api/openapi.yaml against the server: every route the API registers is documented with
// its method (and nothing documented is missing from the server), and real answers have a
// documented status and the documented required keys.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "case_test_support.h"
#include "openapi_subset_yaml.h"

namespace opennrm::api::testing {
namespace {

using access::Role;
using boost::json::object;
using boost::json::value;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const value& openapi_document() {
  static const value document =
      read_yaml_subset(read_text(std::string(OPENNRM_SOURCE_DIR) + "/docs/api/openapi.yaml"));
  return document;
}

const object& openapi() {
  return openapi_document().as_object();
}

// Method (lower case, as OpenAPI spells it) and path of every route registered in src/api.
std::set<std::pair<std::string, std::string>> registered_routes() {
  std::set<std::pair<std::string, std::string>> routes = {{"get", "/healthz"}};
  std::regex route(R"re(router\.(get|post|put|patch|del)\(\s*"([^"]+)")re");
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(OPENNRM_SOURCE_DIR) + "/src/api")) {
    if (entry.path().extension() != ".cpp") continue;
    std::string text = read_text(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), route), end; it != end; ++it) {
      std::string method = (*it)[1] == "del" ? "delete" : std::string((*it)[1]);
      routes.emplace(method, (*it)[2]);
    }
  }
  return routes;
}

const object& resolve(const object& node) {
  const auto* ref = node.if_contains("$ref");
  if (ref == nullptr) return node;
  std::string pointer = std::string(ref->as_string()).substr(1);  // Drop the leading '#'.
  return resolve(openapi_document().at_pointer(pointer).as_object());
}

// Checks that `body` has every key the schema requires, following $ref and nested objects.
void check_required(const object& schema_node, const value& body, const std::string& where) {
  const object& schema = resolve(schema_node);
  if (!body.is_object()) return;
  if (const auto* required = schema.if_contains("required")) {
    for (const auto& key : required->as_array()) {
      EXPECT_TRUE(body.as_object().contains(key.as_string())) << where << " lacks " << key;
    }
  }
  if (const auto* properties = schema.if_contains("properties")) {
    for (const auto& [key, child] : properties->as_object()) {
      if (const auto* given = body.as_object().if_contains(key)) {
        check_required(child.as_object(), *given, where + "." + std::string(key));
      }
    }
  }
}

void conforms(const std::string& method, const std::string& pattern, const Reply& reply) {
  std::string where = method + " " + pattern + " " + std::to_string(reply.result_int());
  const auto* path = openapi().at("paths").as_object().if_contains(pattern);
  ASSERT_NE(path, nullptr) << where;
  const auto* operation = path->as_object().if_contains(method);
  ASSERT_NE(operation, nullptr) << where;
  const auto* response =
      operation->at("responses").as_object().if_contains(std::to_string(reply.result_int()));
  ASSERT_NE(response, nullptr) << where << " is not documented: " << reply.body();
  const object& documented = resolve(response->as_object());
  const auto* content = documented.if_contains("content");
  if (content == nullptr) return;
  // The answer's media type (without parameters such as charset) is one the document lists;
  // JSON answers also have the keys their schema requires.
  std::string media_type(reply[boost::beast::http::field::content_type]);
  media_type = media_type.substr(0, media_type.find(';'));
  const auto* media = content->as_object().if_contains(media_type);
  ASSERT_NE(media, nullptr) << where << " answers an undocumented " << media_type;
  if (media_type != "application/json") return;
  check_required(media->at("schema").as_object(), TestServer::json(reply), where);
}

TEST(OpenApi, TheDocumentIsOpenApi31) {
  EXPECT_TRUE(std::string(openapi().at("openapi").as_string()).starts_with("3.1"));
  EXPECT_TRUE(openapi().contains("info"));
}

TEST(OpenApi, EveryRegisteredRouteIsDocumentedAndEveryDocumentedOneIsServed) {
  auto routes = registered_routes();
  ASSERT_GT(routes.size(), 15u);
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : openapi().at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      documented.emplace(std::string(method), std::string(path));
      EXPECT_TRUE(operation.as_object().contains("responses")) << method << " " << path;
    }
  }
  EXPECT_EQ(routes, documented);
}

TEST(OpenApi, RealAnswersHaveDocumentedStatusesAndKeys) {
  TestServer server;
  auto& client = server.client();
  std::string officer = server.login(Role::frontline_officer);
  std::string caseworker = server.login(Role::caseworker);
  std::string admin = server.login(Role::admin);
  std::string rapporteur = server.login(Role::rapporteur);

  conforms("get", "/healthz", client.request("GET", "/healthz"));
  conforms("post", "/api/v1/sessions",
           client.call("POST", "/api/v1/sessions", "",
                       R"({"username": "caseworker", "password": "wrong"})"));
  conforms("post", "/api/v1/sessions", client.call("POST", "/api/v1/sessions", "", "[]"));
  conforms("get", "/api/v1/me", client.call("GET", "/api/v1/me", officer));
  conforms("patch", "/api/v1/me",
           client.call("PATCH", "/api/v1/me", officer, R"({"role": "admin"})"));
  conforms("get", "/api/v1/agencies", client.call("GET", "/api/v1/agencies", officer));
  conforms("post", "/api/v1/agencies",
           client.call("POST", "/api/v1/agencies", admin, R"({"name": "New NGO", "type": "ngo"})"));
  conforms("post", "/api/v1/agencies", client.call("POST", "/api/v1/agencies", officer, "{}"));
  conforms("get", "/api/v1/users", client.call("GET", "/api/v1/users", admin));

  auto opened = client.call("POST", "/api/v1/cases", officer, identified_json("2026-01-10"));
  conforms("post", "/api/v1/cases", opened);
  std::string case_path =
      "/api/v1/cases/" + std::to_string(TestServer::json(opened).at("case_id").as_int64());
  conforms("post", "/api/v1/cases",
           client.call("POST", "/api/v1/cases", officer,
                       R"({"type": "permit_applied", "date": "2026-01-10"})"));
  conforms("post", "/api/v1/cases", client.call("POST", "/api/v1/cases", officer, "nope"));
  conforms("post", "/api/v1/cases", client.call("POST", "/api/v1/cases", rapporteur, "{}"));
  conforms("get", "/api/v1/cases", client.call("GET", "/api/v1/cases", officer));
  conforms("get", "/api/v1/cases", client.call("GET", "/api/v1/cases", rapporteur));
  conforms("get", "/api/v1/cases/{case_id}", client.call("GET", case_path, officer));
  conforms("get", "/api/v1/cases/{case_id}", client.call("GET", case_path, caseworker));
  conforms("get", "/api/v1/cases/{case_id}", client.call("GET", case_path + "?as_of=x", officer));

  std::string events = case_path + "/events";
  conforms("post", "/api/v1/cases/{case_id}/events",
           client.call("POST", events, officer,
                       R"({"type": "consent_recorded", "date": "2026-01-11", "scope": "referral",
                           "given": true})"));
  conforms(
      "post", "/api/v1/cases/{case_id}/events",
      client.call("POST", events, officer, R"({"type": "permit_applied", "date": "2026-01-01"})"));
  conforms("post", "/api/v1/cases/{case_id}/events",
           client.call("POST", events, officer, R"({"type": "returned", "date": "2026-01-12"})"));
  auto referred = client.call("POST", events, officer,
                              R"({"type": "referral_made", "date": "2026-01-12",
                                  "to_agency_type": "ngo", "service": "shelter"})");
  conforms("post", "/api/v1/cases/{case_id}/events", referred);
  conforms("get", "/api/v1/alerts", client.call("GET", "/api/v1/alerts?as_of=2026-03-01", officer));
  conforms("get", "/api/v1/referrals", client.call("GET", "/api/v1/referrals", caseworker));

  std::string referral =
      "/api/v1/referrals/" +
      std::to_string(TestServer::json(referred).at("referral_ids").at(0).as_int64());
  conforms("post", "/api/v1/referrals/{referral_id}/accept",
           client.call("POST", referral + "/accept", officer));
  conforms("post", "/api/v1/referrals/{referral_id}/accept",
           client.call("POST", referral + "/accept", caseworker));
  conforms("post", "/api/v1/referrals/{referral_id}/decline",
           client.call("POST", referral + "/decline", caseworker, R"({"reason": "late"})"));
  conforms("get", "/api/v1/policy", client.call("GET", "/api/v1/policy", rapporteur));
  conforms("get", "/api/v1/policy/compliance",
           client.call("GET", "/api/v1/policy/compliance", rapporteur));
  conforms("delete", "/api/v1/sessions/current",
           client.call("DELETE", "/api/v1/sessions/current", rapporteur));
  conforms("get", "/api/v1/me", client.call("GET", "/api/v1/me", rapporteur));
}

TEST(OpenApi, PlanAndStatisticsAnswersHaveDocumentedStatusesAndKeys) {
  TestServer server;
  auto& client = server.client();
  std::string coordinator = server.login(Role::coordinator);
  std::string rapporteur = server.login(Role::rapporteur);
  open_case(server, coordinator);

  const std::string plan_file =
      "[plan]\ntitle = \"Plan\"\ncountry = \"XX\"\nstart = 2026-01-01\nend = 2026-12-31\n"
      "\n[[action]]\nid = \"A1\"\ntitle = \"Train\"\npillar = \"prevention\"\n"
      "covers = [\"all\"]\n";
  std::string body = boost::json::serialize(object{{"toml", plan_file}});
  auto imported = client.call("POST", "/api/v1/plans", coordinator, body);
  conforms("post", "/api/v1/plans", imported);
  conforms("post", "/api/v1/plans", client.call("POST", "/api/v1/plans", rapporteur, body));
  conforms("post", "/api/v1/plans", client.call("POST", "/api/v1/plans", coordinator, "{}"));
  std::string plan =
      "/api/v1/plans/" + std::to_string(TestServer::json(imported).at("plan_id").as_int64());
  conforms("get", "/api/v1/plans", client.call("GET", "/api/v1/plans", rapporteur));
  conforms("get", "/api/v1/plans/{plan_id}", client.call("GET", plan, rapporteur));
  conforms("get", "/api/v1/plans/{plan_id}", client.call("GET", "/api/v1/plans/999", rapporteur));
  conforms("put", "/api/v1/plans/{plan_id}", client.call("PUT", plan, coordinator, body));
  conforms("post", "/api/v1/plans/{plan_id}/progress",
           client.call("POST", plan + "/progress", coordinator,
                       R"({"action": "A1", "date": "2026-03-01", "percent": 20})"));
  conforms("post", "/api/v1/plans/{plan_id}/progress",
           client.call("POST", plan + "/progress", coordinator,
                       R"({"action": "A9", "date": "2026-03-01", "percent": 20})"));
  conforms("get", "/api/v1/plans/{plan_id}/history",
           client.call("GET", plan + "/history", rapporteur));
  EXPECT_EQ(client.call("GET", plan + "/export", rapporteur).result_int(), 200u);

  conforms("get", "/api/v1/stats/tables", client.call("GET", "/api/v1/stats/tables", rapporteur));
  std::string table = "/api/v1/stats/tables/victims_by_form";
  conforms("get", "/api/v1/stats/tables/{table_id}", client.call("GET", table, rapporteur));
  conforms("get", "/api/v1/stats/tables/{table_id}",
           client.call("GET", table + "?raw=true", coordinator));
  conforms("get", "/api/v1/stats/tables/{table_id}",
           client.call("GET", table + "?raw=true", rapporteur));
  conforms("get", "/api/v1/stats/tables/{table_id}",
           client.call("GET", table + "?from=x", rapporteur));
  conforms("get", "/api/v1/stats/tables/{table_id}",
           client.call("GET", table + "?format=csv", rapporteur));
  auto workbook = client.call("GET", table + "?format=xlsx", rapporteur);
  conforms("get", "/api/v1/stats/tables/{table_id}", workbook);
  const auto& headers = openapi()
                            .at("paths")
                            .at("/api/v1/stats/tables/{table_id}")
                            .at("get")
                            .at("responses")
                            .at("200")
                            .at("headers")
                            .as_object();
  EXPECT_TRUE(headers.contains("Content-Disposition"));
  EXPECT_TRUE(workbook[boost::beast::http::field::content_disposition].starts_with("attachment"));
}

}  // namespace
}  // namespace opennrm::api::testing

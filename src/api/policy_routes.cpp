// The jurisdiction policy the database was initialised with, and its compliance findings
// (rulebook section 4), for every signed-in role: the law of the land is not need-to-know.

#include <sstream>

#include <toml++/toml.h>

#include "api/case_json.h"
#include "api/context.h"
#include "policy/compliance.h"
#include "policy/policy_file.h"

namespace opennrm::api {

namespace {

// A policy's TOML values are tables, strings, integers, booleans and arrays of strings.
boost::json::value to_json(const toml::node& node) {
  if (const auto* table = node.as_table()) {
    boost::json::object object;
    for (const auto& [key, child] : *table) object[key.str()] = to_json(child);
    return object;
  }
  if (const auto* array = node.as_array()) {
    boost::json::array items;
    for (const auto& child : *array) items.push_back(to_json(child));
    return items;
  }
  if (auto text = node.value<std::string>()) return boost::json::value(*text);
  if (node.is_boolean()) return boost::json::value(*node.value<bool>());
  if (auto number = node.value<int64_t>()) return boost::json::value(*number);
  return nullptr;
}

// The policy as JSON, section by section with the keys of its TOML file; written from the
// file form so that the key names stay defined in one place (policy_file.cpp).
ErrorOr<http::Response> show_policy(AppContext& context, const Principal&, http::Request&) {
  TRY(context.store.require_policy());
  toml::table parsed = toml::parse(policy::to_toml(context.store.policy()));
  return json_response(200, to_json(parsed));
}

ErrorOr<http::Response> show_compliance(AppContext& context, const Principal&, http::Request&) {
  TRY(context.store.require_policy());
  const auto& jurisdiction = context.store.policy();
  return json_response(
      200, policy::compliance_report_json(jurisdiction, policy::check_compliance(jurisdiction)));
}

}  // namespace

void add_policy_routes(http::Router& router, AppContext& context) {
  router.get("/api/v1/policy", guarded(context, "policy.read", show_policy));
  router.get("/api/v1/policy/compliance", guarded(context, "policy.read", show_compliance));
}

}  // namespace opennrm::api

// Jurisdiction: the policy this server applies and its compliance findings, in words a
// non-lawyer can read: each setting named in plain language with its value in days, months or
// yes and no, and each finding with what it means and where the rule comes from.

#include <toml++/toml.h>

#include "policy/compliance.h"
#include "policy/policy_file.h"
#include "web/routes_internal.h"

namespace opennrm::web {

namespace {

std::string setting_value(const Catalog& catalog, std::string_view key, const toml::node& node) {
  if (auto flag = node.value<bool>(); flag && node.is_boolean()) {
    return catalog.text(*flag ? "common.yes" : "common.no");
  }
  if (auto number = node.value<int64_t>()) {
    if (key.ends_with("months")) return catalog.plural("jurisdiction.months", *number);
    if (key.ends_with("days")) return catalog.plural("jurisdiction.days", *number);
    return catalog.number(*number);
  }
  if (const auto* list = node.as_array()) {
    std::string out;
    for (const auto& item : *list) {
      if (!out.empty()) out += ", ";
      out += vocabulary_label(catalog, "reflection_refusal_reason", item.value_or<std::string>(""));
    }
    return out.empty() ? catalog.text("common.none") : out;
  }
  return node.value_or<std::string>("");
}

// Every setting the rules or the compliance check read, section by section; the jurisdiction's
// own name and codes are shown in the heading instead.
View settings_view(const Catalog& catalog, const policy::Policy& jurisdiction) {
  toml::table table = toml::parse(policy::to_toml(jurisdiction));
  View rows = view_list();
  for (const auto& [section, content] : table) {
    if (section.str() == "jurisdiction" || !content.is_table()) continue;
    for (const auto& [key, node] : *content.as_table()) {
      std::string dotted = std::string(section.str()) + "." + std::string(key.str());
      View row;
      row.set("label", catalog.has("policy." + dotted) ? catalog.text("policy." + dotted) : dotted);
      row.set("value", setting_value(catalog, key.str(), node));
      rows.push_back(row);
    }
  }
  return rows;
}

View findings_view(const Catalog& catalog, const std::vector<policy::Finding>& findings) {
  View items = view_list();
  for (const auto& finding : findings) {
    View item;
    item.set("level", finding.level);
    item.set("level_label", catalog.text("jurisdiction.level." + finding.level));
    item.set("message", catalog.has("finding." + finding.rule)
                            ? catalog.text("finding." + finding.rule)
                            : finding.message);
    std::string setting = "policy." + finding.key;
    item.set("setting", catalog.has(setting) ? catalog.text(setting) : finding.key);
    item.set("source", finding.source);
    items.push_back(item);
  }
  return items;
}

http::Response jurisdiction(Page& page) {
  auto required = page.web.app.store.require_policy();
  if (required.is_error()) return page.failure(required.error());
  const policy::Policy& policy = page.web.app.store.policy();
  auto findings = policy::check_compliance(policy);
  bool compliant = policy::is_compliant(findings);
  View view;
  view.set("policy_name", policy.jurisdiction.name);
  view.set("compliant", compliant);
  view.set("verdict",
           page.catalog.text(compliant ? "jurisdiction.compliant" : "jurisdiction.not_compliant"));
  view.set("findings", findings_view(page.catalog, findings));
  view.set("has_findings", !findings.empty());
  view.set("settings", settings_view(page.catalog, policy));
  return page.render(page.catalog.text("jurisdiction.title"), "jurisdiction", view);
}

}  // namespace

void add_jurisdiction_page(http::Router& router, const WebPtr& web) {
  router.get("/jurisdiction", signed_in(web, "policy.read", jurisdiction));
}

}  // namespace opennrm::web

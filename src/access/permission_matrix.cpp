#include "access/permission_matrix.h"

#include <fmt/format.h>

#include <toml++/toml.h>

namespace opennrm::access {

namespace {

using RoleTable = std::map<std::string, std::set<Role>, std::less<>>;

ErrorOr<RoleTable> parse_role_table(const toml::table& root, std::string_view section) {
  const auto* table = root[section].as_table();
  if (table == nullptr) {
    return Error::make("matrix_invalid", fmt::format("missing table [{}]", section),
                       std::string(section));
  }
  RoleTable result;
  for (const auto& [key, node] : *table) {
    std::string name = fmt::format("{}.{}", section, key.str());
    const auto* roles = node.as_array();
    if (roles == nullptr) {
      return Error::make("matrix_invalid", fmt::format("{} must be a list of role ids", name),
                         name);
    }
    auto& holders = result[std::string(key.str())];
    for (const auto& role_node : *roles) {
      auto role = parse_role(role_node.value_or(std::string_view{}));
      if (!role) {
        return Error::make("matrix_invalid", fmt::format("{} names an unknown role", name), name);
      }
      holders.insert(*role);
    }
  }
  return result;
}

bool holds(const RoleTable& table, std::string_view key, Role role) {
  auto found = table.find(key);
  return found != table.end() && found->second.contains(role);
}

std::vector<std::string> keys(const RoleTable& table) {
  std::vector<std::string> result;
  for (const auto& [key, roles] : table) result.push_back(key);
  return result;
}

}  // namespace

ErrorOr<PermissionMatrix> PermissionMatrix::parse(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return Error::make("matrix_invalid",
                       fmt::format("permission matrix is not valid TOML: {}", e.description()));
  }
  PermissionMatrix matrix;
  matrix.permissions_ = TRY(parse_role_table(root, "permissions"));
  matrix.events_ = TRY(parse_role_table(root, "events"));
  return matrix;
}

const PermissionMatrix& PermissionMatrix::shipped() {
  // The shipped file is part of the build; failing to parse it is a programmer error that the
  // unit tests catch, so it is reported loudly once rather than handled.
  static const PermissionMatrix matrix = [] {
    auto parsed = parse(shipped_permissions_toml());
    if (parsed.is_error()) throw std::logic_error(parsed.error().message);
    return parsed.release_value();
  }();
  return matrix;
}

bool PermissionMatrix::allows(Role role, std::string_view permission) const {
  return holds(permissions_, permission, role);
}

bool PermissionMatrix::may_record(Role role, std::string_view event_type) const {
  return holds(events_, event_type, role);
}

std::vector<std::string> PermissionMatrix::permissions() const {
  return keys(permissions_);
}
std::vector<std::string> PermissionMatrix::event_types() const {
  return keys(events_);
}

}  // namespace opennrm::access

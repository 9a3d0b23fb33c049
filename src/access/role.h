#pragma once

// The roles of OpenNRM's users. Their ids are public interface (accounts, API, permission
// matrix), so they are spelled exactly as the issue gives them.

#include <array>
#include <optional>
#include <string_view>

namespace opennrm::access {

enum class Role {
  frontline_officer,
  caseworker,
  supervisor,
  immigration_officer,
  prosecutor,
  coordinator,
  rapporteur,
  admin,
};

inline constexpr std::array<std::string_view, 8> kRoleIds = {
    "frontline_officer", "caseworker",  "supervisor", "immigration_officer",
    "prosecutor",        "coordinator", "rapporteur", "admin"};

inline std::string_view role_id(Role role) {
  return kRoleIds[static_cast<std::size_t>(role)];
}

inline std::optional<Role> parse_role(std::string_view id) {
  for (std::size_t i = 0; i < kRoleIds.size(); ++i) {
    if (kRoleIds[i] == id) return static_cast<Role>(i);
  }
  return std::nullopt;
}

// Coordinators and admins hold the keys to everything else, so they must use a second factor.
inline bool requires_second_factor(Role role) {
  return role == Role::coordinator || role == Role::admin;
}

}  // namespace opennrm::access

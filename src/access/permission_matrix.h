#pragma once

// The need-to-know permission matrix, kept as data in permissions.toml and compiled into the
// binary, so that what a role may do is reviewed as one table rather than scattered in handlers.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "access/role.h"
#include "core/error.h"

namespace opennrm::access {

class PermissionMatrix {
 public:
  // The matrix shipped with OpenNRM (permissions.toml).
  static const PermissionMatrix& shipped();
  // Parses a matrix; every role named must be a known role id.
  static ErrorOr<PermissionMatrix> parse(std::string_view toml_text);

  bool allows(Role role, std::string_view permission) const;
  bool may_record(Role role, std::string_view event_type) const;

  std::vector<std::string> permissions() const;
  std::vector<std::string> event_types() const;

 private:
  std::map<std::string, std::set<Role>, std::less<>> permissions_;
  std::map<std::string, std::set<Role>, std::less<>> events_;
};

// The text of permissions.toml, for tests that walk the shipped matrix.
std::string_view shipped_permissions_toml();

}  // namespace opennrm::access

#pragma once

// The database schema as numbered migrations. Migration N (counting from 1) is the N-th script
// of `migrations()`; `PRAGMA user_version` records how many have been applied. A database is
// brought up to date by running the missing scripts in order, each in its own transaction
// together with the new user_version, so a failure leaves the database at the previous version.

#include <span>
#include <string_view>

#include "core/error.h"
#include "store/sqlite.h"

namespace opennrm::store {

std::span<const std::string_view> migrations();

// Applies the migrations the database lacks; refuses a database newer than this program.
ErrorOr<void> migrate(Connection& connection);

}  // namespace opennrm::store

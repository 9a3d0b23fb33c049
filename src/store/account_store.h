#pragma once

// Agencies, user accounts and sessions of the server (migration 2), as plain data access over a
// Connection, so that callers run them inside CaseStore::transact or CaseStore::read together
// with the audit record of what they do. Roles are kept as their ids (access/role.h); policy
// (who may do what) lives in the API layer.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/sqlite.h"

namespace opennrm::store {

// UTC as "YYYY-MM-DDTHH:MM:SSZ", the form every timestamp of the server's tables takes.
std::string utc_timestamp(std::chrono::system_clock::time_point at);

struct Agency {
  int64_t id = 0;
  std::string name;
  std::string type;  // The rulebook's agency_type.
  std::string created_at;
};

// Errors: "duplicate" (field "name") when an agency of that name exists.
ErrorOr<int64_t> insert_agency(Connection& db, std::string_view name, std::string_view type,
                               const std::string& at);
ErrorOr<std::vector<Agency>> list_agencies(Connection& db);
// The agency with this id, or nothing.
ErrorOr<std::optional<Agency>> agency_of(Connection& db, int64_t agency_id);

struct Account {
  int64_t id = 0;
  std::string username;
  int64_t agency_id = 0;
  std::string role;
  std::string password_hash;
  std::optional<std::string> totp_secret;  // Encrypted (FieldCipher), never in clear.
  std::optional<int64_t> totp_last_step;
  std::string locale = "en";
  bool disabled = false;
  std::string created_at;
};

// Inserts `account` (its id is ignored) and returns the new id. Errors: "duplicate" (field
// "username") when the username is taken.
ErrorOr<int64_t> insert_account(Connection& db, const Account& account);
ErrorOr<std::optional<Account>> find_account(Connection& db, std::string_view username);
ErrorOr<std::optional<Account>> account_by_id(Connection& db, int64_t user_id);
ErrorOr<std::vector<Account>> list_accounts(Connection& db);

// Writes role, agency, locale and disabled of an existing account.
ErrorOr<void> update_account(Connection& db, const Account& account);
// Replaces the second-factor secret (or removes it) and forgets the last used step.
ErrorOr<void> set_totp_secret(Connection& db, int64_t user_id,
                              const std::optional<std::string>& encrypted_secret);
// Remembers the time step of the last accepted code, so that it cannot be used again.
ErrorOr<void> set_totp_last_step(Connection& db, int64_t user_id, int64_t step);
ErrorOr<void> set_password_hash(Connection& db, int64_t user_id, const std::string& hash);

// Times are whole seconds since 1970 (UTC).
struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  bool revoked = false;
};

ErrorOr<void> insert_session(Connection& db, const Session& session);
// A session with its account and the type of the account's agency, read in one lookup: every
// request of a signed-in user needs all three. Nothing when there is no such session or its
// account is gone; no agency type when the account's agency is gone.
struct SessionOwner {
  Session session;
  Account account;
  std::optional<std::string> agency_type;
};
ErrorOr<std::optional<SessionOwner>> find_session_owner(Connection& db,
                                                        std::string_view token_hash);
ErrorOr<void> touch_session(Connection& db, std::string_view token_hash, int64_t last_seen_at);
ErrorOr<void> revoke_session(Connection& db, std::string_view token_hash);
// Revokes every session of the account (logout everywhere, a disabled account, a new role).
ErrorOr<void> revoke_sessions_of(Connection& db, int64_t user_id);
// Deletes sessions revoked or last seen before `seen_before`, which can never be used again.
ErrorOr<void> delete_dead_sessions(Connection& db, int64_t seen_before);

}  // namespace opennrm::store

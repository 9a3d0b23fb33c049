#include "store/account_store.h"

#include <ctime>

#include <fmt/format.h>

namespace opennrm::store {

namespace {

// Named with their table, so that queries that join another table can select them as well.
constexpr std::string_view kAccountColumns =
    "users.id, users.username, users.agency_id, users.role, users.password_hash, "
    "users.totp_secret, users.totp_last_step, users.locale, users.disabled, users.created_at";

constexpr std::string_view kSessionColumns =
    "sessions.token_hash, sessions.user_id, sessions.csrf_token, sessions.created_at, "
    "sessions.last_seen_at, sessions.revoked";

// The account in the row's kAccountColumns from `column` on; `column` is left after them, so
// that a joined row reads on without anyone counting columns.
Account account_from(const Statement& row, int& column) {
  Account account;
  account.id = row.column_int(column++);
  account.username = row.column_text(column++);
  account.agency_id = row.column_int(column++);
  account.role = row.column_text(column++);
  account.password_hash = row.column_text(column++);
  account.totp_secret = row.column_optional_text(column++);
  if (!row.column_is_null(column)) account.totp_last_step = row.column_int(column);
  ++column;
  account.locale = row.column_text(column++);
  account.disabled = row.column_int(column++) != 0;
  account.created_at = row.column_text(column++);
  return account;
}

// The session in the row's kSessionColumns from `column` on, as account_from.
Session session_from(const Statement& row, int& column) {
  Session session;
  session.token_hash = row.column_text(column++);
  session.user_id = row.column_int(column++);
  session.csrf_token = row.column_text(column++);
  session.created_at = row.column_int(column++);
  session.last_seen_at = row.column_int(column++);
  session.revoked = row.column_int(column++) != 0;
  return session;
}

// Runs a query of accounts with an optional bound parameter set up by `bind`.
template <typename Bind>
ErrorOr<std::vector<Account>> select_accounts(Connection& db, std::string_view where, Bind bind) {
  auto select_lease =
      TRY(db.cached(fmt::format("SELECT {} FROM users {} ORDER BY id", kAccountColumns, where)));
  auto& select = *select_lease;
  bind(select);
  std::vector<Account> accounts;
  while (TRY(select.step())) {
    int column = 0;
    accounts.push_back(account_from(select, column));
  }
  return accounts;
}

ErrorOr<std::optional<Account>> first_of(ErrorOr<std::vector<Account>> found) {
  auto accounts = TRY(std::move(found));
  if (accounts.empty()) return std::optional<Account>();
  return std::optional(std::move(accounts.front()));
}

ErrorOr<bool> exists(Connection& db, std::string_view sql, std::string_view value) {
  auto select_lease = TRY(db.cached(sql));
  auto& select = *select_lease;
  select.bind(1, value);
  bool found = TRY(select.step());
  select.reset();
  return found;
}

}  // namespace

std::string utc_timestamp(std::chrono::system_clock::time_point at) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

ErrorOr<int64_t> insert_agency(Connection& db, std::string_view name, std::string_view type,
                               const std::string& at) {
  if (TRY(exists(db, "SELECT 1 FROM agencies WHERE name = ?", name))) {
    return Error::make("duplicate", "an agency of that name exists already", "name");
  }
  auto insert = TRY(db.prepare("INSERT INTO agencies (name, type, created_at) VALUES (?, ?, ?)"));
  TRY(insert.bind(1, name).bind(2, type).bind(3, at).run());
  return db.last_insert_rowid();
}

ErrorOr<std::vector<Agency>> list_agencies(Connection& db) {
  auto select = TRY(db.prepare("SELECT id, name, type, created_at FROM agencies ORDER BY id"));
  std::vector<Agency> agencies;
  while (TRY(select.step())) {
    agencies.push_back(Agency{select.column_int(0), select.column_text(1), select.column_text(2),
                              select.column_text(3)});
  }
  return agencies;
}

ErrorOr<std::optional<Agency>> agency_of(Connection& db, int64_t agency_id) {
  auto select_lease =
      TRY(db.cached("SELECT id, name, type, created_at FROM agencies WHERE id = ?"));
  auto& select = *select_lease;
  select.bind(1, agency_id);
  if (!TRY(select.step())) return std::optional<Agency>();
  Agency agency{select.column_int(0), select.column_text(1), select.column_text(2),
                select.column_text(3)};
  select.reset();
  return std::optional(std::move(agency));
}

ErrorOr<int64_t> insert_account(Connection& db, const Account& account) {
  if (TRY(exists(db, "SELECT 1 FROM users WHERE username = ?", account.username))) {
    return Error::make("duplicate", "that username is taken", "username");
  }
  auto insert = TRY(db.prepare(
      "INSERT INTO users (username, agency_id, role, password_hash, totp_secret, locale, "
      "disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  TRY(insert.bind(1, account.username)
          .bind(2, account.agency_id)
          .bind(3, account.role)
          .bind(4, account.password_hash)
          .bind_optional(5, account.totp_secret)
          .bind(6, account.locale)
          .bind(7, int64_t{account.disabled ? 1 : 0})
          .bind(8, account.created_at)
          .run());
  return db.last_insert_rowid();
}

ErrorOr<std::optional<Account>> find_account(Connection& db, std::string_view username) {
  return first_of(select_accounts(db, "WHERE username = ?",
                                  [&](Statement& select) { select.bind(1, username); }));
}

ErrorOr<std::optional<Account>> account_by_id(Connection& db, int64_t user_id) {
  return first_of(
      select_accounts(db, "WHERE id = ?", [&](Statement& select) { select.bind(1, user_id); }));
}

ErrorOr<std::vector<Account>> list_accounts(Connection& db) {
  return select_accounts(db, "", [](Statement&) {});
}

ErrorOr<void> update_account(Connection& db, const Account& account) {
  auto update = TRY(db.prepare(
      "UPDATE users SET role = ?, agency_id = ?, locale = ?, disabled = ? WHERE id = ?"));
  return update.bind(1, account.role)
      .bind(2, account.agency_id)
      .bind(3, account.locale)
      .bind(4, int64_t{account.disabled ? 1 : 0})
      .bind(5, account.id)
      .run();
}

ErrorOr<void> set_totp_secret(Connection& db, int64_t user_id,
                              const std::optional<std::string>& encrypted_secret) {
  auto update =
      TRY(db.prepare("UPDATE users SET totp_secret = ?, totp_last_step = NULL WHERE id = ?"));
  return update.bind_optional(1, encrypted_secret).bind(2, user_id).run();
}

ErrorOr<void> set_totp_last_step(Connection& db, int64_t user_id, int64_t step) {
  auto update = TRY(db.prepare("UPDATE users SET totp_last_step = ? WHERE id = ?"));
  return update.bind(1, step).bind(2, user_id).run();
}

ErrorOr<void> set_password_hash(Connection& db, int64_t user_id, const std::string& hash) {
  auto update = TRY(db.prepare("UPDATE users SET password_hash = ? WHERE id = ?"));
  return update.bind(1, hash).bind(2, user_id).run();
}

ErrorOr<void> insert_session(Connection& db, const Session& session) {
  auto insert = TRY(db.prepare(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, revoked) "
      "VALUES (?, ?, ?, ?, ?, ?)"));
  return insert.bind(1, session.token_hash)
      .bind(2, session.user_id)
      .bind(3, session.csrf_token)
      .bind(4, session.created_at)
      .bind(5, session.last_seen_at)
      .bind(6, int64_t{session.revoked ? 1 : 0})
      .run();
}

ErrorOr<std::optional<SessionOwner>> find_session_owner(Connection& db,
                                                        std::string_view token_hash) {
  // Written once: the statement cache is keyed by the text, and this runs on every request.
  static const std::string sql = fmt::format(
      "SELECT {}, {}, agencies.type FROM sessions JOIN users ON users.id = sessions.user_id "
      "LEFT JOIN agencies ON agencies.id = users.agency_id WHERE sessions.token_hash = ?",
      kSessionColumns, kAccountColumns);
  auto select_lease = TRY(db.cached(sql));
  auto& select = *select_lease;
  select.bind(1, token_hash);
  if (!TRY(select.step())) return std::optional<SessionOwner>();
  int column = 0;
  SessionOwner owner;
  owner.session = session_from(select, column);
  owner.account = account_from(select, column);
  owner.agency_type = select.column_optional_text(column);
  select.reset();
  return std::optional(std::move(owner));
}

ErrorOr<void> touch_session(Connection& db, std::string_view token_hash, int64_t last_seen_at) {
  auto update = TRY(db.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"));
  return update.bind(1, last_seen_at).bind(2, token_hash).run();
}

ErrorOr<void> revoke_session(Connection& db, std::string_view token_hash) {
  auto update = TRY(db.prepare("UPDATE sessions SET revoked = 1 WHERE token_hash = ?"));
  return update.bind(1, token_hash).run();
}

ErrorOr<void> revoke_sessions_of(Connection& db, int64_t user_id) {
  auto update = TRY(db.prepare("UPDATE sessions SET revoked = 1 WHERE user_id = ?"));
  return update.bind(1, user_id).run();
}

ErrorOr<void> delete_dead_sessions(Connection& db, int64_t seen_before) {
  auto remove = TRY(db.prepare("DELETE FROM sessions WHERE revoked = 1 OR last_seen_at < ?"));
  return remove.bind(1, seen_before).run();
}

}  // namespace opennrm::store

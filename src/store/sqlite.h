#pragma once

// A small RAII layer over the SQLite C API: a connection, a prepared statement and a transaction
// guard. Every call that can fail returns ErrorOr, so that a full disk or a locked database is a
// message for the user, never a crash or a half-written case.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace opennrm::store {

class Statement;

class Connection {
 public:
  // Opens (and creates, when `create` is set) the database file and applies the settings every
  // OpenNRM database uses: WAL, synchronous=FULL, foreign keys and a busy timeout.
  static ErrorOr<Connection> open(const std::string& path, bool create);

  // Runs one or more SQL statements that return no rows.
  ErrorOr<void> execute(std::string_view sql);
  ErrorOr<Statement> prepare(std::string_view sql);
  // The value of a PRAGMA (or any single-value query) as an integer.
  ErrorOr<int64_t> query_int(std::string_view sql);
  int64_t last_insert_rowid() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_.get(); }

  // An error naming the database file, with SQLite's own explanation.
  Error error(std::string_view doing) const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  Connection(std::unique_ptr<sqlite3, Closer> db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}

  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
};

// A prepared statement, reusable: bind, step until done, and it resets itself for the next use.
// Bind calls chain; a bind failure (only a programmer error or a value too big for SQLite) is
// kept and reported by the next step().
class Statement {
 public:
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_optional(int index, const std::optional<std::string>& value);
  Statement& bind_null(int index);

  // Advances to the next row: true when a row is there, false when the statement is done (it is
  // then reset and its bindings cleared, ready for the next use).
  ErrorOr<bool> step();
  // Runs a statement that returns no rows.
  ErrorOr<void> run();
  void reset();

  bool column_is_null(int index) const;
  int64_t column_int(int index) const;
  std::string column_text(int index) const;
  std::optional<std::string> column_optional_text(int index) const;

 private:
  friend class Connection;
  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };
  explicit Statement(sqlite3_stmt* statement) : statement_(statement) {}
  void keep_bind_result(int result);

  std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
  int bind_result_ = SQLITE_OK;
};

// BEGIN IMMEDIATE on construction; rolls back on destruction unless commit() succeeded, so that
// any early return leaves the database as it was.
class Transaction {
 public:
  static ErrorOr<Transaction> begin(Connection& connection);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  ErrorOr<void> commit();

 private:
  explicit Transaction(Connection& connection) : connection_(&connection) {}
  Connection* connection_;
  bool open_ = true;
};

}  // namespace opennrm::store

#pragma once

// A small RAII layer over the SQLite C API: a connection, a prepared statement and a transaction
// guard. Every call that can fail returns ErrorOr, so that a full disk or a locked database is a
// message for the user, never a crash or a half-written case.

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace opennrm::store {

class Statement;
class StatementLease;

class Connection {
 public:
  // Opens (and creates, when `create` is set) the database file and applies the settings every
  // OpenNRM database uses: WAL, synchronous=FULL, foreign keys and a busy timeout.
  static ErrorOr<Connection> open(const std::string& path, bool create);
  // Opens an existing database for reading only. The server's readers use such connections
  // beside its one writer (write-ahead logging lets them read while it commits), and a reader
  // that tried to write would fail instead of slipping past the writer's lock.
  static ErrorOr<Connection> open_read_only(const std::string& path);

  // Runs one or more SQL statements that return no rows.
  ErrorOr<void> execute(std::string_view sql);
  ErrorOr<Statement> prepare(std::string_view sql);
  // The statement for `sql`, prepared on first use and kept with the connection for the next
  // call. The lease resets it when it goes, so that it never holds a read transaction open.
  // The lease must go before the next lease of the same statement on this connection.
  ErrorOr<StatementLease> cached(std::string_view sql);
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
  Connection(std::unique_ptr<sqlite3, Closer> db, std::string path);
  static ErrorOr<Connection> open_handle(const std::string& path, int flags);

  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
  // Declared after db_, so the statements are finalised before the connection closes.
  std::unique_ptr<std::map<std::string, Statement, std::less<>>> cache_;
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

// A statement kept by its connection (Connection::cached), lent for one use: it is reset, its
// bindings cleared, when the lease goes.
class StatementLease {
 public:
  explicit StatementLease(Statement& statement) : statement_(&statement) {}
  StatementLease(StatementLease&& other) noexcept
      : statement_(std::exchange(other.statement_, nullptr)) {}
  StatementLease& operator=(StatementLease&&) = delete;
  ~StatementLease() {
    if (statement_ != nullptr) statement_->reset();
  }

  Statement& operator*() const { return *statement_; }
  Statement* operator->() const { return statement_; }

 private:
  Statement* statement_;
};

// BEGIN IMMEDIATE (begin) or a read's BEGIN (begin_read) on construction; rolls back on
// destruction unless commit() succeeded, so that any early return or exception leaves the
// database as it was and the connection without an open transaction. Its statements are the
// connection's cached ones, since readers begin one per request.
class Transaction {
 public:
  static ErrorOr<Transaction> begin(Connection& connection);
  // A read transaction: one snapshot for every statement until it ends.
  static ErrorOr<Transaction> begin_read(Connection& connection);
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

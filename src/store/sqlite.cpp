#include "store/sqlite.h"

#include <fmt/format.h>

namespace opennrm::store {

namespace {

// How long a writer waits for another process's write lock before giving up.
constexpr int kBusyTimeoutMs = 10000;

Error sqlite_error(sqlite3* db, std::string_view doing) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  const char* why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return Error::make(
      "database_error",
      fmt::format("database {}: {} failed: {}", file != nullptr ? file : "?", doing, why),
      file != nullptr ? file : "");
}

// SQLite keeps memory statistics by default, behind one mutex that every allocation of every
// connection takes; the server's threads contended on it. Nothing here reads the statistics.
// The setting must come before SQLite initialises, so it is made once, before the first
// connection opens; if something else in the process initialised SQLite first, the call is
// refused and SQLite keeps counting, which is only slower.
void configure_sqlite_once() {
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
}

}  // namespace

Connection::Connection(std::unique_ptr<sqlite3, Closer> db, std::string path)
    : db_(std::move(db)),
      path_(std::move(path)),
      cache_(std::make_unique<std::map<std::string, Statement, std::less<>>>()) {}

ErrorOr<Connection> Connection::open_handle(const std::string& path, int flags) {
  configure_sqlite_once();
  sqlite3* raw = nullptr;
  int result = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<sqlite3, Closer> db(raw);
  if (result != SQLITE_OK) {
    std::string why = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(result);
    return Error::make("database_error", fmt::format("cannot open database {}: {}", path, why),
                       path);
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return Connection(std::move(db), path);
}

ErrorOr<Connection> Connection::open_read_only(const std::string& path) {
  auto connection = TRY(open_handle(path, SQLITE_OPEN_READONLY));
  // Readers share the operating system's file cache; a smaller page cache each is enough.
  TRY(connection.execute("PRAGMA cache_size=-8192;"));
  return connection;
}

ErrorOr<Connection> Connection::open(const std::string& path, bool create) {
  auto connection =
      TRY(open_handle(path, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)));
  // journal_mode returns a row, so it goes through a query; the others are plain settings.
  auto mode = connection.prepare("PRAGMA journal_mode=WAL");
  if (mode.is_error()) return mode.release_error();
  auto has_row = mode->step();
  if (has_row.is_error()) {
    return Error::make(
        "database_error",
        fmt::format("cannot use {} as a database: {}", path, has_row.error().message), path);
  }
  if (!*has_row || mode->column_text(0) != "wal") {
    return Error::make("database_error",
                       fmt::format("database {} cannot use write-ahead logging", path), path);
  }
  mode->reset();
  // A 64 MiB page cache keeps the indexes of a bulk import in memory.
  TRY(connection.execute(
      "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"));
  return connection;
}

ErrorOr<void> Connection::execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int result = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (result != SQLITE_OK) return error(fmt::format("'{}'", sql.substr(0, 60)));
  return {};
}

ErrorOr<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  int result = sqlite3_prepare_v3(db_.get(), sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                  &raw, nullptr);
  if (result != SQLITE_OK) {
    sqlite3_finalize(raw);
    return error(fmt::format("preparing '{}'", sql.substr(0, 60)));
  }
  return Statement(raw);
}

ErrorOr<StatementLease> Connection::cached(std::string_view sql) {
  if (auto found = cache_->find(sql); found != cache_->end()) return StatementLease(found->second);
  auto statement = TRY(prepare(sql));
  return StatementLease(cache_->emplace(std::string(sql), std::move(statement)).first->second);
}

ErrorOr<int64_t> Connection::query_int(std::string_view sql) {
  auto statement = TRY(prepare(sql));
  bool has_row = TRY(statement.step());
  if (!has_row) return error(fmt::format("'{}' returned no row", sql));
  int64_t value = statement.column_int(0);
  statement.reset();
  return value;
}

int64_t Connection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_.get());
}

Error Connection::error(std::string_view doing) const {
  return sqlite_error(db_.get(), doing);
}

Statement& Statement::bind(int index, int64_t value) {
  keep_bind_result(sqlite3_bind_int64(statement_.get(), index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  keep_bind_result(sqlite3_bind_text64(statement_.get(), index, value.data(), value.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_optional(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  keep_bind_result(sqlite3_bind_null(statement_.get(), index));
  return *this;
}

void Statement::keep_bind_result(int result) {
  if (bind_result_ == SQLITE_OK) bind_result_ = result;
}

ErrorOr<bool> Statement::step() {
  sqlite3* db = sqlite3_db_handle(statement_.get());
  if (bind_result_ != SQLITE_OK) {
    reset();
    return sqlite_error(db, "binding a value");
  }
  int result = sqlite3_step(statement_.get());
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) {
    reset();
    return false;
  }
  Error error = sqlite_error(
      db, fmt::format("'{}'", std::string_view(sqlite3_sql(statement_.get())).substr(0, 60)));
  reset();
  return error;
}

ErrorOr<void> Statement::run() {
  bool has_row = TRY(step());
  if (has_row) reset();
  return {};
}

void Statement::reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
  bind_result_ = SQLITE_OK;
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(statement_.get(), index) == SQLITE_NULL;
}

int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(statement_.get(), index);
}

std::string Statement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(statement_.get(), index);
  int size = sqlite3_column_bytes(statement_.get(), index);
  return text != nullptr ? std::string(reinterpret_cast<const char*>(text), size_t(size))
                         : std::string();
}

std::optional<std::string> Statement::column_optional_text(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_text(index);
}

namespace {

ErrorOr<void> run_cached(Connection& connection, std::string_view sql) {
  auto statement = TRY(connection.cached(sql));
  return statement->run();
}

}  // namespace

ErrorOr<Transaction> Transaction::begin(Connection& connection) {
  TRY(run_cached(connection, "BEGIN IMMEDIATE"));
  return Transaction(connection);
}

ErrorOr<Transaction> Transaction::begin_read(Connection& connection) {
  TRY(run_cached(connection, "BEGIN"));
  return Transaction(connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(other.connection_), open_(other.open_) {
  other.open_ = false;
}

Transaction::~Transaction() {
  // A failed rollback leaves SQLite to roll back when the connection closes; nothing to add.
  if (open_) (void)run_cached(*connection_, "ROLLBACK");
}

ErrorOr<void> Transaction::commit() {
  TRY(run_cached(*connection_, "COMMIT"));
  open_ = false;
  return {};
}

}  // namespace opennrm::store

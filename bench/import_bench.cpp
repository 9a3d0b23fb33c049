// `opennrm import cases` of the generated cases (million_cases.h), run as a user runs it, against
// the raw bulk insert of the same rows: every row the import wrote (cases, events and the
// statistics facts) read back from its database and inserted with prepared statements into a
// fresh database with the same schema and settings (WAL, synchronous=FULL), 2000 cases a
// transaction as the import commits them. Goal: import throughput >= 1/3 of the raw rate
// (counter `ratio`); `ratio_history` compares with inserting the history rows alone (cases and
// events), the strictest reading.

#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <boost/json/serialize.hpp>

#include "demo/generator.h"
#include "million_cases.h"
#include "store/migrations.h"
#include "store/sqlite.h"

namespace opennrm::bench {

namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

// The benchmarks' temporary directory, removed with everything in it when the process exits.
struct TempDir {
  std::string path;
  TempDir() {
    path = (std::filesystem::temp_directory_path() / "opennrm-million-XXXXXX").string();
    if (mkdtemp(path.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

const std::string& temp_dir() {
  static const TempDir dir;
  return dir.path;
}

std::string shell_quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string imported_path;

// Imports the cases file into a new database; the wall time of the command.
Seconds import_cases(const std::string& db) {
  auto start = Clock::now();
  int status = run_command({OPENNRM_BINARY, "import", "cases", "--db", db, cases_file()},
                           temp_path("import-summary.json"));
  if (status != 0) throw std::runtime_error("opennrm import cases failed");
  return Clock::now() - start;
}

// The rows of the store's tables, copied as SQLite values.
struct Rows {
  std::vector<std::vector<sqlite3_value*>> values;
  ~Rows() {
    for (auto& row : values) {
      for (auto* value : row) sqlite3_value_free(value);
    }
  }
};

struct Table {
  const char* name;
  const char* case_column;
  bool history;  // A table of the case history itself rather than the statistics facts.
};

constexpr Table kTables[] = {{"cases", "id", true},
                             {"events", "case_id", true},
                             {"case_facts", "case_id", false},
                             {"case_forms", "case_id", false},
                             {"case_citizenships", "case_id", false},
                             {"case_exploitation_countries", "case_id", false},
                             {"case_measures", "case_id", false}};

void check(int result, sqlite3* db) {
  if (result != SQLITE_OK && result != SQLITE_DONE && result != SQLITE_ROW) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
}

void read_rows(sqlite3_stmt* select, int64_t first, int64_t last, Rows& rows) {
  sqlite3_bind_int64(select, 1, first);
  sqlite3_bind_int64(select, 2, last);
  while (sqlite3_step(select) == SQLITE_ROW) {
    std::vector<sqlite3_value*> row;
    for (int i = 0; i < sqlite3_column_count(select); ++i) {
      row.push_back(sqlite3_value_dup(sqlite3_column_value(select, i)));
    }
    rows.values.push_back(std::move(row));
  }
  sqlite3_reset(select);
}

void insert_rows(sqlite3_stmt* insert, const Rows& rows, sqlite3* db) {
  for (const auto& row : rows.values) {
    for (size_t i = 0; i < row.size(); ++i) sqlite3_bind_value(insert, int(i + 1), row[i]);
    check(sqlite3_step(insert), db);
    sqlite3_reset(insert);
  }
}

struct RawTimes {
  Seconds history{};
  Seconds facts{};
};

// Reads a batch of cases' rows from `source` (untimed), then inserts them into `target` in one
// transaction (timed), batch after batch.
RawTimes raw_insert(const std::string& source_path, const std::string& target_path) {
  auto source = store::Connection::open(source_path, false).release_value();
  auto target = store::Connection::open(target_path, true).release_value();
  if (store::migrate(target).is_error()) throw std::runtime_error("migration failed");
  std::vector<sqlite3_stmt*> selects, inserts;
  for (const auto& table : kTables) {
    sqlite3_stmt* select = nullptr;
    std::string sql = std::string("SELECT * FROM ") + table.name + " WHERE " + table.case_column +
                      " BETWEEN ? AND ?";
    check(sqlite3_prepare_v2(source.handle(), sql.c_str(), -1, &select, nullptr), source.handle());
    std::string placeholders = "?";
    for (int i = 1; i < sqlite3_column_count(select); ++i) placeholders += ", ?";
    sqlite3_stmt* insert = nullptr;
    sql = std::string("INSERT INTO ") + table.name + " VALUES (" + placeholders + ")";
    check(sqlite3_prepare_v2(target.handle(), sql.c_str(), -1, &insert, nullptr), target.handle());
    selects.push_back(select);
    inserts.push_back(insert);
  }
  const int64_t cases = *source.query_int("SELECT count(*) FROM cases");
  constexpr int64_t kBatch = 2000;
  RawTimes times;
  for (int64_t first = 1; first <= cases; first += kBatch) {
    std::vector<Rows> batch(std::size(kTables));
    for (size_t t = 0; t < std::size(kTables); ++t) {
      read_rows(selects[t], first, first + kBatch - 1, batch[t]);
    }
    check(sqlite3_exec(target.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr),
          target.handle());
    for (size_t t = 0; t < std::size(kTables); ++t) {
      auto table_start = Clock::now();
      insert_rows(inserts[t], batch[t], target.handle());
      (kTables[t].history ? times.history : times.facts) += Clock::now() - table_start;
    }
    auto commit_start = Clock::now();
    check(sqlite3_exec(target.handle(), "COMMIT", nullptr, nullptr, nullptr), target.handle());
    // The commit's durable write belongs to both readings of "the same rows".
    times.history += Clock::now() - commit_start;
  }
  for (auto* statement : selects) sqlite3_finalize(statement);
  for (auto* statement : inserts) sqlite3_finalize(statement);
  return times;
}

void BM_ImportCases(benchmark::State& state) {
  const double cases = double(bench_case_count());
  cases_file();  // Generated before the clock starts.
  Seconds imported{};
  RawTimes raw;
  for (auto _ : state) {
    const std::string db = temp_path("imported.db");
    imported = import_cases(db);
    raw = raw_insert(db, temp_path("raw.db"));
    set_imported_database(db);
    state.SetIterationTime(imported.count());
  }
  const Seconds raw_all = raw.history + raw.facts;
  state.counters["cases"] = cases;
  state.counters["import_cases_per_s"] = cases / imported.count();
  state.counters["raw_cases_per_s"] = cases / raw_all.count();
  state.counters["ratio"] = raw_all.count() / imported.count();
  state.counters["ratio_history"] = raw.history.count() / imported.count();
}
BENCHMARK(BM_ImportCases)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace

std::size_t bench_case_count() {
  const char* text = std::getenv("OPENNRM_BENCH_CASES");
  if (text == nullptr || *text == '\0') return 1'000'000;
  const auto count = std::strtoull(text, nullptr, 10);
  return count > 0 ? std::size_t(count) : 1'000'000;
}

std::string temp_path(const std::string& name) {
  return temp_dir() + "/" + name;
}

int run_command(const std::vector<std::string>& words, const std::string& out_path) {
  std::string command;
  for (const auto& word : words) command += shell_quote(word) + " ";
  command += "> " + shell_quote(out_path);
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const std::string& cases_file() {
  static const std::string path = [] {
    const std::string file_path = temp_path("cases.jsonl");
    std::ofstream out(file_path, std::ios::binary);
    demo::Generator generator(policy::coe_minimum(), 1);
    for (std::size_t i = 0; i < bench_case_count(); ++i) {
      auto history = generator.next_case();
      boost::json::array events(history.events.begin(), history.events.end());
      out << R"({"ref":"bench-)" << i << R"(","events":)" << boost::json::serialize(events)
          << "}\n";
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + file_path);
    return file_path;
  }();
  return path;
}

void set_imported_database(const std::string& path) {
  imported_path = path;
}

const std::string& imported_database() {
  if (imported_path.empty()) {
    const std::string db = temp_path("imported.db");
    import_cases(db);
    imported_path = db;
  }
  return imported_path;
}

}  // namespace opennrm::bench

// The server over real HTTP with keep-alive, in one run:
//
// - authenticated case reads (GET /api/v1/cases/{id}: scope, replay, identity decision, and the
//   answer sent only once the read's audit record is durable) from 32 connections at once,
//   driven by one event-loop thread: reads per second and p99 latency, and whether p99 stays
//   under 10 ms (p99_under_10ms = 1), and the processor time per read of server and load
//   generator together (cpu_us_per_read). The server runs with `opennrm serve`'s default threads;
// - appending an event over HTTP (authentication, permission, scope, rules, event row, facts and
//   audit record in one synchronous transaction) against a raw SQLite insert of the same row
//   with the same settings (WAL, synchronous=FULL): ratio = HTTP appends/s over raw inserts/s,
//   goal >= 0.5.
//
// The server runs in-process on port 0 over a temporary database of generated cases.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>

#include "access/permission_matrix.h"
#include "api/accounts.h"
#include "api/app.h"
#include "demo/generator.h"
#include "http/server.h"
#include "security/encoding.h"
#include "security/secret.h"
#include "store/account_store.h"
#include "store/case_cache.h"
#include "store/case_store.h"
#include "store/migrations.h"

namespace {

using namespace opennrm;
using SteadyClock = std::chrono::steady_clock;
namespace beast = boost::beast;
namespace asio = boost::asio;

constexpr std::size_t kCases = 1000;
// More cases than the store keeps replayed (store/case_cache.h), read in turn, so that no read
// finds its case kept: what a read costs when the history must be replayed.
constexpr std::size_t kUncachedCases = 2 * store::CaseCache::kCases;
constexpr int kReadConnections = 32;
constexpr auto kReadDuration = std::chrono::seconds(3);
constexpr int kAppends = 300;

template <typename T>
T must(ErrorOr<T> result) {
  if (result.is_error()) throw std::runtime_error(result.error().message);
  return result.release_value();
}
void must(ErrorOr<void> result) {
  if (result.is_error()) throw std::runtime_error(result.error().message);
}

// One kept-alive HTTP/1.1 connection to the server under test.
class KeepAliveClient {
 public:
  KeepAliveClient(uint16_t port, std::string token) : stream_(io_), token_(std::move(token)) {
    stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  // Sends one request and returns the response status.
  unsigned call(beast::http::verb verb, const std::string& target, const std::string& body = {}) {
    beast::http::request<beast::http::string_body> request{verb, target, 11};
    request.set(beast::http::field::host, "127.0.0.1");
    request.set(beast::http::field::authorization, "Bearer " + token_);
    request.keep_alive(true);
    if (!body.empty()) {
      request.set(beast::http::field::content_type, "application/json");
      request.body() = body;
    }
    request.prepare_payload();
    beast::http::write(stream_, request);
    beast::http::response<beast::http::string_body> response;
    beast::http::read(stream_, buffer_, response);
    return response.result_int();
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string token_;
};

// A server over a fresh database of generated cases, all opened by the bench's agency, with a
// signed-in frontline officer of that agency.
class BenchServer {
 public:
  explicit BenchServer(std::size_t cases = kCases) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "opennrm-api-bench-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    store_ = std::make_unique<store::CaseStore>(must(store::CaseStore::open(dir_ + "/api.db")));
    must(store_->initialise(policy::coe_minimum()));
    demo::Generator generator(store_->policy(), 1);
    anchor_ = generator.anchor().to_string();
    {
      auto bulk = must(store_->bulk(cases));
      for (std::size_t i = 0; i < cases; ++i) {
        auto history = generator.next_case();
        must(bulk.add_case(history.file, history.events));
      }
      must(bulk.commit());
    }
    cipher_ = std::make_unique<security::FieldCipher>(
        must(security::FieldCipher::from_base64(security::to_base64(security::random_bytes(32)))));
    context_ = std::make_unique<api::AppContext>(
        api::AppContext{*store_, access::PermissionMatrix::shipped(), *cipher_, clock_});
    accounts_ = std::shared_ptr<api::Accounts>(must(api::Accounts::make(*context_, {})));
    std::string now = store::utc_timestamp(clock_.now());
    int64_t agency = 0;
    must(store_->transact([&](store::Connection& db) -> ErrorOr<void> {
      auto id = store::insert_agency(db, "Bench Police", "police", now);
      if (id.is_error()) return id.release_error();
      agency = *id;
      return db.execute("INSERT INTO case_agencies SELECT id, " + std::to_string(agency) +
                        ", 'opened', '" + now + "' FROM cases");
    }));
    std::string password = api::generate_password();
    must(accounts_->create_user({"bench", agency, "frontline_officer", password}, "bench"));
    token_ = must(accounts_->sign_in({"bench", password, std::nullopt, "127.0.0.1"})).token;
    must(store_->read([&](store::Connection& db) -> ErrorOr<void> {
      auto select = db.prepare("SELECT case_id FROM case_facts WHERE closed_on IS NULL");
      if (select.is_error()) return select.release_error();
      while (true) {
        auto row = select->step();
        if (row.is_error()) return row.release_error();
        if (!*row) break;
        open_cases_.push_back(select->column_int(0));
      }
      return {};
    }));
    http::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.max_connections = 1024;
    server_ = must(http::Server::start(options, api::make_router(*context_, accounts_)));
  }
  ~BenchServer() {
    server_->stop();
    std::filesystem::remove_all(dir_);
  }

  uint16_t port() const { return server_->port(); }
  const std::string& token() const { return token_; }
  const std::string& anchor() const { return anchor_; }
  const std::vector<int64_t>& open_cases() const { return open_cases_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string anchor_;
  SystemClock clock_;
  std::unique_ptr<store::CaseStore> store_;
  std::unique_ptr<security::FieldCipher> cipher_;
  std::unique_ptr<api::AppContext> context_;
  std::shared_ptr<api::Accounts> accounts_;
  std::unique_ptr<http::Server> server_;
  std::string token_;
  std::vector<int64_t> open_cases_;
};

// Processor time of the whole process (server and load generator) so far, in microseconds:
// unlike the rates, it hardly moves with what else the machine runs, so it is the figure to
// compare between builds.
double process_cpu_us() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto us = [](const timeval& time) { return double(time.tv_sec) * 1e6 + double(time.tv_usec); };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

double percentile(std::vector<double>& values, double fraction) {
  if (values.empty()) return 0;
  std::size_t index = std::min(values.size() - 1, std::size_t(fraction * double(values.size())));
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(index), values.end());
  return values[index];
}

// Drives the 32 kept-alive connections from one thread's event loop, the way a load generator
// such as wrk does, so that the two cores go to the server rather than to 32 client threads
// waking one another. Each connection sends its next read as soon as the last one answered.
class ReadLoad {
 public:
  // Each connection reads the cases in turn from its own place among `cases`, so that a case
  // comes round again only after every connection has read cases / connections others.
  ReadLoad(uint16_t port, const std::string& token, std::size_t cases,
           SteadyClock::time_point deadline)
      : cases_(cases), deadline_(deadline) {
    for (int c = 0; c < kReadConnections; ++c) {
      auto& connection = *connections_.emplace_back(std::make_unique<Connection>(io_));
      connection.stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
      connection.next = std::size_t(c) * (cases / kReadConnections);
      connection.request.version(11);
      connection.request.method(beast::http::verb::get);
      connection.request.set(beast::http::field::host, "127.0.0.1");
      connection.request.set(beast::http::field::authorization, "Bearer " + token);
      connection.request.keep_alive(true);
    }
  }

  void run() {
    for (auto& connection : connections_) send(*connection);
    io_.run();
  }

  std::vector<double>& latencies_ms() { return latencies_ms_; }
  int64_t failures() const { return failures_; }

 private:
  struct Connection {
    explicit Connection(asio::io_context& io) : stream(io) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    beast::http::request<beast::http::empty_body> request;
    beast::http::response<beast::http::string_body> response;
    SteadyClock::time_point sent;
    std::size_t next = 0;
  };

  void send(Connection& connection) {
    if (SteadyClock::now() >= deadline_) return;
    connection.request.target("/api/v1/cases/" + std::to_string(connection.next++ % cases_ + 1));
    connection.sent = SteadyClock::now();
    beast::http::async_write(connection.stream, connection.request,
                             [this, &connection](beast::error_code error, std::size_t) {
                               if (error) return fail();
                               receive(connection);
                             });
  }

  void receive(Connection& connection) {
    connection.response = {};
    beast::http::async_read(connection.stream, connection.buffer, connection.response,
                            [this, &connection](beast::error_code error, std::size_t) {
                              if (error) return fail();
                              latencies_ms_.push_back(std::chrono::duration<double, std::milli>(
                                                          SteadyClock::now() - connection.sent)
                                                          .count());
                              if (connection.response.result_int() != 200) ++failures_;
                              send(connection);
                            });
  }

  // A broken connection stops its loop; it is counted so the figures are not trusted silently.
  void fail() { ++failures_; }

  asio::io_context io_;
  std::size_t cases_;
  SteadyClock::time_point deadline_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<double> latencies_ms_;
  int64_t failures_ = 0;
};

void measure_case_reads(benchmark::State& state, std::size_t cases) {
  BenchServer server(cases);
  for (auto _ : state) {
    double cpu_before = process_cpu_us();
    auto start = SteadyClock::now();
    ReadLoad load(server.port(), server.token(), cases, start + kReadDuration);
    load.run();
    double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    double cpu_used = process_cpu_us() - cpu_before;
    auto& all = load.latencies_ms();
    double p99 = percentile(all, 0.99);
    state.counters["reads_per_s"] = double(all.size()) / seconds;
    state.counters["p50_ms"] = percentile(all, 0.50);
    state.counters["p99_ms"] = p99;
    state.counters["p99_under_10ms"] = p99 < 10.0 ? 1 : 0;
    state.counters["cpu_us_per_read"] = all.empty() ? 0 : cpu_used / double(all.size());
    state.counters["connections"] = kReadConnections;
    state.counters["failures"] = double(load.failures());
  }
}

// Reads of cases read recently, whose replayed histories the store keeps: the issue's figure.
void BM_ApiCaseReads(benchmark::State& state) {
  measure_case_reads(state, kCases);
}
BENCHMARK(BM_ApiCaseReads)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// Reads that each replay their case's history, for comparison.
void BM_ApiCaseReadsNotKept(benchmark::State& state) {
  measure_case_reads(state, kUncachedCases);
}
BENCHMARK(BM_ApiCaseReadsNotKept)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// Appends over HTTP and raw inserts of the same row alternate, one of each at a time, so that
// both meet the same disk: the machine's other load moves the synchronous commit time a lot.
void BM_ApiAppendVsRawInsert(benchmark::State& state) {
  BenchServer server;
  std::string body = R"({"type": "consent_recorded", "date": ")" + server.anchor() +
                     R"(", "scope": "assistance", "given": true})";
  auto raw = must(store::Connection::open(server.dir() + "/raw.db", true));
  must(store::migrate(raw));
  must(raw.execute("INSERT INTO cases VALUES (1, 'NRM-2026-000001', NULL, 'now')"));
  auto insert = must(raw.prepare(
      "INSERT INTO events (case_id, seq, date, type, body, recorded_at, recorded_by, agency) "
      "VALUES (1, ?, ?, 'consent_recorded', ?, '2026-01-01T00:00:00Z', 'bench', '1')"));
  KeepAliveClient client(server.port(), server.token());
  const auto& cases = server.open_cases();
  for (auto _ : state) {
    SteadyClock::duration raw_time{}, http_time{};
    int64_t refused = 0;
    for (int i = 0; i < kAppends; ++i) {
      auto start = SteadyClock::now();
      {
        auto transaction = must(store::Transaction::begin(raw));
        must(insert.bind(1, int64_t{i + 1}).bind(2, server.anchor()).bind(3, body).run());
        must(transaction.commit());
      }
      auto middle = SteadyClock::now();
      int64_t case_id = cases[std::size_t(i) % cases.size()];
      refused += client.call(beast::http::verb::post,
                             "/api/v1/cases/" + std::to_string(case_id) + "/events", body) != 201;
      raw_time += middle - start;
      http_time += SteadyClock::now() - middle;
    }
    using Seconds = std::chrono::duration<double>;
    state.counters["http_appends_per_s"] = kAppends / Seconds(http_time).count();
    state.counters["raw_inserts_per_s"] = kAppends / Seconds(raw_time).count();
    state.counters["ratio"] = Seconds(raw_time).count() / Seconds(http_time).count();
    state.counters["refused"] = double(refused);
  }
}
BENCHMARK(BM_ApiAppendVsRawInsert)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

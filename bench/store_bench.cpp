// The durable append of one event through the case store (replay of the case's history, the
// rules, the event row and the statistics facts, in one synchronous transaction) against a raw
// SQLite insert of the same row with the same settings (WAL, synchronous=FULL). Goal: ratio >= 0.5.

#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "demo/generator.h"
#include "store/case_store.h"
#include "store/migrations.h"

namespace {

using namespace opennrm;
using Clock = std::chrono::steady_clock;

std::string fresh_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "opennrm-bench-XXXXXX").string();
  return mkdtemp(pattern.data());
}

// A store with `cases` generated histories, so that appends replay realistic cases.
store::CaseStore demo_store(const std::string& path, std::size_t cases) {
  auto store = store::CaseStore::open(path).release_value();
  (void)store.initialise(policy::coe_minimum());
  demo::Generator generator(store.policy(), 1);
  auto bulk = store.bulk(cases).release_value();
  for (std::size_t i = 0; i < cases; ++i) {
    auto history = generator.next_case();
    (void)bulk.add_case(history.file, history.events);
  }
  (void)bulk.commit();
  return store;
}

void BM_DurableAppend(benchmark::State& state) {
  std::string dir = fresh_dir();
  constexpr std::size_t kStoredCases = 1000;
  auto store = demo_store(dir + "/store.db", kStoredCases);
  // The latest date of any demo event, so that every appended event is in order.
  auto anchor = demo::Generator(policy::coe_minimum(), 1).anchor().to_string();
  // Appends go to the cases still open, round robin, so that every append is accepted.
  std::vector<int64_t> open_cases;
  {
    auto db = store::Connection::open(dir + "/store.db", false).release_value();
    auto select =
        db.prepare("SELECT case_id FROM case_facts WHERE closed_on IS NULL").release_value();
    while (*select.step()) open_cases.push_back(select.column_int(0));
  }
  auto event = boost::json::parse(R"({"type": "assistance_provided", "date": ")" + anchor +
                                  R"(", "service": "legal"})");

  auto raw = store::Connection::open(dir + "/raw.db", true).release_value();
  (void)store::migrate(raw);
  (void)raw.execute("INSERT INTO cases VALUES (1, 'NRM-2026-000001', NULL, 'now')");
  auto insert = raw.prepare(
                       "INSERT INTO events (case_id, seq, date, type, body, recorded_at, "
                       "recorded_by, agency) VALUES (1, ?, ?, ?, ?, ?, NULL, NULL)")
                    .release_value();
  std::string body = boost::json::serialize(event);

  Clock::duration raw_time{}, store_time{};
  int64_t seq = 0, rejected = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    {
      auto transaction = store::Transaction::begin(raw).release_value();
      (void)insert.bind(1, ++seq)
          .bind(2, anchor)
          .bind(3, "assistance_provided")
          .bind(4, body)
          .bind(5, "2026-01-01T00:00:00Z")
          .run();
      (void)transaction.commit();
    }
    auto middle = Clock::now();
    auto recorded = store.append_event(open_cases[size_t(seq) % open_cases.size()], event);
    auto end = Clock::now();
    rejected += recorded.is_error() || recorded->rejection.has_value();
    raw_time += middle - start;
    store_time += end - middle;
  }
  using Micro = std::chrono::duration<double, std::micro>;
  double iterations = double(state.iterations());
  state.counters["raw_us"] = Micro(raw_time).count() / iterations;
  state.counters["store_us"] = Micro(store_time).count() / iterations;
  state.counters["ratio"] = Micro(raw_time).count() / Micro(store_time).count();
  state.counters["rejected"] = double(rejected);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_DurableAppend)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

}  // namespace

// `opennrm stats --table victims_by_sex_age` (disclosure control at the default threshold, JSON
// on standard output), run as a user runs it on the database of the generated cases
// (million_cases.h), against the same GROUP BY written by hand and run by Debian's `sqlite3`
// shell on that database. Both are whole processes timed from start to exit. Goal: the command
// takes at most 1.5 times the shell's time (counter `ratio`).

#include <benchmark/benchmark.h>

#include <chrono>
#include <stdexcept>

#include "million_cases.h"

namespace opennrm::bench {

namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

Seconds timed(const std::vector<std::string>& command, const std::string& out) {
  auto start = Clock::now();
  if (run_command(command, out) != 0) throw std::runtime_error("command failed: " + command[0]);
  return Clock::now() - start;
}

void BM_StatsVictimsBySexAge(benchmark::State& state) {
  const std::string& db = imported_database();
  const std::string out = temp_path("stats.out");
  Seconds opennrm{}, sqlite{};
  for (auto _ : state) {
    const Seconds ours =
        timed({OPENNRM_BINARY, "stats", "--db", db, "--table", "victims_by_sex_age"}, out);
    sqlite += timed({"sqlite3", db,
                     "SELECT identified_year, sex, age_group, count(*) FROM case_facts "
                     "GROUP BY identified_year, sex, age_group"},
                    out);
    opennrm += ours;
    state.SetIterationTime(ours.count());
  }
  const double iterations = double(state.iterations());
  state.counters["cases"] = double(bench_case_count());
  state.counters["opennrm_ms"] = 1000 * opennrm.count() / iterations;
  state.counters["sqlite3_ms"] = 1000 * sqlite.count() / iterations;
  state.counters["ratio"] = opennrm.count() / sqlite.count();
}
BENCHMARK(BM_StatsVictimsBySexAge)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

}  // namespace opennrm::bench

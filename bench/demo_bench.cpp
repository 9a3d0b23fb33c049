// `opennrm demo` generation and bulk storage of 100,000 cases, in cases per second.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "demo/demo.h"

namespace {

using namespace opennrm;

void BM_Demo100k(benchmark::State& state) {
  std::size_t cases = std::size_t(state.range(0));
  std::size_t rejected = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::string pattern =
        (std::filesystem::temp_directory_path() / "opennrm-demo-bench-XXXXXX").string();
    std::string dir = mkdtemp(pattern.data());
    auto store = store::CaseStore::open(dir + "/demo.db").release_value();
    (void)store.initialise(policy::coe_minimum());
    state.ResumeTiming();
    auto summary = demo::run_demo(store, cases, 1);
    state.PauseTiming();
    rejected += summary.is_error() ? cases : summary->rejected;
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
  }
  state.counters["cases_per_s"] =
      benchmark::Counter(double(cases) * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["rejected"] = double(rejected);
}
BENCHMARK(BM_Demo100k)->Arg(100000)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

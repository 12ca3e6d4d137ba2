// Deterministic runs: the built-in scenario, and generated ones that grow in
// steps and in sites, to show the cost is linear in both.
//
//   make bench                      all benchmarks, Release build
//   bench/callgrind.sh              instructions per built-in run (stable on a noisy machine)
#include <benchmark/benchmark.h>

#include "stargate/scenario.h"
#include "stargate/simulate.h"
#include "support/generate.h"

namespace {

using stargate::RunOptions;
using stargate::Scenario;

void BM_BuiltinSummaryOnly(benchmark::State& state) {
  const Scenario s = Scenario::builtin();
  RunOptions options;
  options.record_timeline = false;
  for (auto _ : state) benchmark::DoNotOptimize(stargate::simulate(s, options));
}
BENCHMARK(BM_BuiltinSummaryOnly)->Unit(benchmark::kMicrosecond);

void BM_BuiltinWithTimeline(benchmark::State& state) {
  const Scenario s = Scenario::builtin();
  for (auto _ : state) benchmark::DoNotOptimize(stargate::simulate(s));
}
BENCHMARK(BM_BuiltinWithTimeline)->Unit(benchmark::kMicrosecond);

void BM_BuiltinLoad(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Scenario::builtin());
}
BENCHMARK(BM_BuiltinLoad)->Unit(benchmark::kMicrosecond);

// The large case: 100 sites × 10 phases, 50 orders, 10 years daily.
void BM_Large(benchmark::State& state) {
  const Scenario s = Scenario::from_toml(
      stargate::testing::generate_large_scenario(100, 10, 50, 10), "large.toml");
  RunOptions options;
  options.record_timeline = state.range(0) != 0;
  for (auto _ : state) benchmark::DoNotOptimize(stargate::simulate(s, options));
  state.SetLabel(options.record_timeline ? "with timeline" : "summary only");
}
BENCHMARK(BM_Large)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Cost against the horizon (years of daily steps), 20 sites.
void BM_Years(benchmark::State& state) {
  const int years = static_cast<int>(state.range(0));
  const Scenario s = Scenario::from_toml(
      stargate::testing::generate_large_scenario(20, 10, 10, years), "years.toml");
  for (auto _ : state) benchmark::DoNotOptimize(stargate::simulate(s));
  state.SetComplexityN(years);
}
BENCHMARK(BM_Years)
    ->Arg(2)
    ->Arg(4)
    ->Arg(8)
    ->Arg(16)
    ->Complexity(benchmark::oN)
    ->Unit(benchmark::kMicrosecond);

// Cost against the number of sites (10 phases and one order per 2 sites), 10 years.
void BM_Sites(benchmark::State& state) {
  const int sites = static_cast<int>(state.range(0));
  const Scenario s = Scenario::from_toml(
      stargate::testing::generate_large_scenario(sites, 10, sites / 2, 10), "sites.toml");
  for (auto _ : state) benchmark::DoNotOptimize(stargate::simulate(s));
  state.SetComplexityN(sites);
}
BENCHMARK(BM_Sites)
    ->Arg(10)
    ->Arg(20)
    ->Arg(40)
    ->Arg(80)
    ->Arg(160)
    ->Arg(320)
    ->Complexity(benchmark::oN)
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

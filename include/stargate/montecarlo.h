// include/stargate/montecarlo.h
//
// Monte Carlo over a scenario's uncertain inputs (MODEL.md §7). Trial i draws
// every input from a counter-based stream keyed by (seed, i, key path), with
// the scenario's correlations applied through a Gaussian copula within the
// trial; trials run in fixed blocks whose statistics merge in block order,
// so results are bit-identical for any number of threads. Memory does not
// grow with the number of trials.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stargate/scenario.h"
#include "stargate/units.h"

namespace stargate {

// The quantiles every statistic reports: P5, P10, P25, P50, P75, P90, P95.
inline constexpr std::array<double, 7> kMcQuantiles = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};

struct McOptions {
  std::int64_t trials = 1000;
  std::optional<std::uint64_t> seed;  // default: the scenario's [scenario] seed
  int threads = 0;                    // 0: every core
  // Trials per block, the unit of work and of merging; 0: N / 64 within
  // [16, 1024], so small runs still spread over threads. It depends only on
  // N, never on the number of threads, so results do not either.
  std::int64_t block = 0;
  std::optional<StepKind> step;  // overrides the scenario's step length
  // Set to true (from another thread or a signal handler) to stop; the
  // result then says complete = false and holds the blocks finished so far.
  const std::atomic<bool>* cancel = nullptr;
  // Called from the calling thread about every 100 ms: trials done, total.
  // If it throws, the workers stop and monte_carlo() rethrows it once they
  // have finished, with nothing returned.
  std::function<void(std::int64_t, std::int64_t)> progress;
  // Sensitivity: Spearman rank correlations from a fixed sample of trials
  // (the `sample` with the smallest hash of (seed, i), the same whatever the
  // partition), and a tornado: each input at its P10 and P90 with the others
  // at base (two base-case runs per input).
  bool sensitivity = false;
  std::int64_t sample = 2000;
};

// How one uncertain input moves one output.
struct McSensitivity {
  std::string input;                         // key path
  std::string metric;                        // McMetric::name
  double spearman = 0.0;                     // NaN when the metric has no spread in the sample
  double base = 0.0, low = 0.0, high = 0.0;  // at base, input at P10, input at P90
  double swing() const { return high - low; }
};

// One statistic over the trials: a number, or a date (days since 1970-01-01
// in the quantiles, with `never` counting trials in which it did not happen).
struct McMetric {
  std::string name;  // key path: "sites.abilene.full_power_date"
  std::string unit;  // "MW", "USD", "date", ...
  bool is_date = false;
  std::int64_t count = 0;  // trials with a value
  std::int64_t never = 0;  // trials without one (a date not reached, an IRR without sign change)
  double mean = 0.0, sd = 0.0, min = 0.0, max = 0.0;
  std::array<double, 7> q{};  // at kMcQuantiles
  bool exact = true;          // quantiles exact (every value kept), else within rank_error
  double rank_error = 0.0;    // bound on |rank error| / count
};

// A monthly fan chart: a series' value at each month's end, in quantiles.
struct McFan {
  std::string series;  // timeline column name
  std::string unit;
  std::vector<std::string> months;  // "2025-01", ...
  std::vector<std::array<double, 7>> q;
  std::vector<double> mean;
};

// A [[questions]] answer: the share of trials in which it held, with a
// Wilson 95% interval.
struct McAnswer {
  std::string id;
  std::string text;  // "abilene_online_it_mw >= 1200 by 2026-06-30"
  std::int64_t yes = 0, trials = 0;
  double p = 0.0, lo = 0.0, hi = 0.0;
};

struct McResults {
  std::string scenario_id;
  std::string scenario_name;
  std::uint64_t seed = 0;
  std::int64_t trials_requested = 0;
  std::int64_t trials_done = 0;
  bool complete = false;
  int threads = 1;
  double seconds = 0.0;
  std::vector<std::string> uncertain_inputs;
  std::vector<McMetric> metrics;
  std::vector<McFan> fans;
  std::vector<McAnswer> answers;
  std::vector<McSensitivity> sensitivity;  // with McOptions::sensitivity
  std::int64_t sample_size = 0;            // trials in the Spearman sample
  const McMetric* metric(std::string_view name) const;
};

// Throws Error{kInvalidScenario} for a question whose metric is not a series
// the run records (with a did-you-mean), Error{kInternal} on a broken model
// invariant in a trial.
McResults monte_carlo(const Scenario& scenario, const McOptions& options = {});

// The Wilson score interval of `yes` successes in `n` trials at z = 1.96.
std::pair<double, double> wilson_interval(std::int64_t yes, std::int64_t n);

}  // namespace stargate

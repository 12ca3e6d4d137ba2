// include/stargate/sweep.h
//
// A sweep: a scenario run at every point of a grid of overrides — the
// cartesian product of each axis's values — as a base case per point, or as
// Monte Carlo per point, keeping a fixed set of key metrics per point
// (docs/outputs.md, sweep.csv).
//
// Every point is the base scenario with one override per axis applied after
// its own (Scenario::with_overrides), so a grid value is checked exactly as a
// `--set` value is. Monte Carlo points all use the same seed: an input that
// no axis touches draws the same numbers at every point (common random
// numbers), so the differences between points are the grid's, not noise.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/montecarlo.h"
#include "stargate/scenario.h"
#include "stargate/units.h"

namespace stargate {

// One axis of the grid: a key path and the values it takes.
struct SweepAxis {
  std::string path;
  std::vector<std::string> values;

  // Parses "path=v1,v2,…". Values are split at commas outside double or
  // single quotes, brackets and braces, so `{ pert = ["30%", "54%", "80%"] }`
  // is one value, and so is `"400,000"` (quoted, as a TOML string). Blanks
  // around each value are trimmed; each value is read as a `--set` value is.
  // Throws: Error{kInvalidScenario}, located at "--grid", without an '=' or
  // with an empty value.
  static SweepAxis parse(std::string_view grid);
};

struct SweepOptions {
  // Monte Carlo with this many trials at each point; none: the base case.
  std::optional<std::int64_t> trials;
  std::optional<std::uint64_t> seed;  // Monte Carlo; default: the scenario's
  int threads = 0;                    // 0: every core (points, or a point's trials)
  std::optional<StepKind> step;       // overrides the scenario's step length
  // Set to true to stop; the result then says complete = false and holds the
  // points finished so far.
  const std::atomic<bool>* cancel = nullptr;
  // Called from the calling thread as points finish: points done, total.
  std::function<void(std::int64_t, std::int64_t)> progress;
  // How a point's Monte Carlo runs; none: monte_carlo(). The CLI passes one
  // that shares each point's trials between the ranks of an MPI job.
  std::function<McResults(const Scenario&, const McOptions&)> monte_carlo;
};

// A key metric, named by its key path as McResults::metrics names it.
struct SweepMetric {
  std::string name;  // "sites.abilene.full_power_date"
  std::string unit;  // "MW", "USD", "date", "FLOP/s"
  bool is_date = false;
};

struct SweepPoint {
  std::vector<std::string> values;  // one per axis, as given
  // One entry per SweepResults::metrics, NaN where the point has none (a date
  // not reached within the horizon, a metric of another point's scenario).
  // Dates are days since 1970-01-01.
  std::vector<double> base;  // a base-case sweep
  std::vector<std::array<double, 3>>
      q;                      // Monte Carlo: P10, P50, P90 (dates: among trials reaching it)
  std::vector<double> never;  // Monte Carlo: share of trials without a value
};

struct SweepResults {
  std::string scenario_id;
  std::string scenario_name;
  std::vector<SweepAxis> axes;
  bool monte_carlo = false;
  std::int64_t trials = 0;  // per point
  std::uint64_t seed = 0;
  // The metrics of every point, in the order first met: totals.online_it_mw
  // (at the end), totals.peak_funding_gap_usd, program.usd_per_accelerator_hour
  // (the levelised cost of compute), then per site full_power_date, per
  // vehicle default_date, per tenant mean_served_flop_per_s in the last
  // calendar year of the horizon (tenants.<id>.<year>.…).
  std::vector<SweepMetric> metrics;
  std::vector<SweepPoint> points;  // in grid order: the last axis varies fastest
  bool complete = true;
};

// Runs every point. Every point's scenario is read before any runs, so a bad
// value anywhere fails at once.
// Throws: Error{kInvalidScenario} with the problems of every point (each
// once), Error{kInternal} on a broken model invariant.
SweepResults sweep(const Scenario& base, std::span<const SweepAxis> axes,
                   const SweepOptions& options = {});

}  // namespace stargate

#include "model/training/goodput.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "core/format.h"
#include "stargate/error.h"

namespace stargate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// 2^53: a uniform double on a grid of 2^-53 from the top 53 bits of a draw.
constexpr double kTwoPow53 = 9007199254740992.0;
// A sampled run does work per failure, about run_hours / M of them; beyond
// this many it would run for minutes, and its goodput is ~0 long before.
constexpr double kMaxExpectedFailures = 1e9;

[[noreturn]] void invalid(const char* what, const char* rule, double v) {
  throw Error(ErrorKind::kInternal,
              std::string("goodput: ") + what + " must be " + rule + ", got " + format_number(v));
}

void validate(const GoodputInputs& in) {
  // `!(v >= 0)` also rejects NaN.
  if (!(in.accelerator_mtbf_hours >= 0.0)) {
    invalid("accelerator_mtbf_hours", "non-negative", in.accelerator_mtbf_hours);
  }
  if (!(in.accelerators >= 0.0) || std::isinf(in.accelerators)) {
    invalid("accelerators", "finite and non-negative", in.accelerators);
  }
  if (!(in.checkpoint_hours >= 0.0) || std::isinf(in.checkpoint_hours)) {
    invalid("checkpoint_hours", "finite and non-negative", in.checkpoint_hours);
  }
  if (!(in.restart_hours >= 0.0) || std::isinf(in.restart_hours)) {
    invalid("restart_hours", "finite and non-negative", in.restart_hours);
  }
}

// An exponential draw of the given mean by inverse CDF, x = −mean·ln(u), with
// u uniform on (0, 1] so that ln(u) is finite.
double exponential(std::mt19937_64& gen, double mean) {
  const double u = (static_cast<double>(gen() >> 11) + 1.0) / kTwoPow53;
  return -mean * std::log(u);
}

}  // namespace

Goodput expected_goodput(const GoodputInputs& in) {
  validate(in);
  Goodput g;
  // No accelerators, nothing to fail; otherwise +inf / n = +inf and 0 / n = 0.
  const double m = in.accelerators == 0.0 ? kInf : in.accelerator_mtbf_hours / in.accelerators;
  g.system_mtbf_hours = m;
  if (std::isinf(m)) {
    // No failures: no checkpoint is ever needed and nothing is lost.
    g.interval_hours = kInf;
    g.waste = 0.0;
    g.goodput = 1.0;
    return g;
  }
  if (m == 0.0) {
    // Failing continuously: no work survives.
    g.interval_hours = 0.0;
    g.waste = 1.0;
    g.goodput = 0.0;
    return g;
  }
  const double delta = in.checkpoint_hours;
  // Young's interval minimises δ/τ + τ/(2M): d/dτ = −δ/τ² + 1/(2M) = 0.
  const double tau = std::sqrt(2.0 * delta * m);
  // δ/τ = √(δ / 2M) → 0 as δ → 0, so free checkpoints cost nothing.
  const double writes = tau > 0.0 ? delta / tau : 0.0;
  const double failures = (0.5 * tau + in.restart_hours) / m;
  g.interval_hours = tau;
  // The first-order waste exceeds 1 when failures come faster than a cycle
  // of work, write and restart; no run does worse than no progress at all.
  g.waste = std::clamp(writes + failures, 0.0, 1.0);
  g.goodput = 1.0 - g.waste;
  return g;
}

double exact_goodput(const GoodputInputs& in) {
  const Goodput first = expected_goodput(in);  // validates `in`; M and τ
  const double m = first.system_mtbf_hours;
  if (std::isinf(m)) return 1.0;
  if (m == 0.0) return 0.0;
  const double tau = first.interval_hours, cycle = tau + in.checkpoint_hours;
  // δ = 0: work is saved continuously, each failure costs R, and the limit
  // of the expression is e^(−R/M).
  if (cycle == 0.0) return std::exp(-in.restart_hours / m);
  const double g = tau / (m * std::exp(in.restart_hours / m) * std::expm1(cycle / m));
  return std::isfinite(g) ? std::clamp(g, 0.0, 1.0) : 0.0;
}

double sampled_goodput(const GoodputInputs& in, double run_hours, std::uint64_t seed) {
  const Goodput plan = expected_goodput(in);  // validates `in`
  if (!(run_hours > 0.0) || std::isinf(run_hours)) {
    invalid("run_hours", "positive and finite", run_hours);
  }
  const double m = plan.system_mtbf_hours;
  if (std::isinf(m)) return 1.0;
  if (m == 0.0) return 0.0;
  if (run_hours / m > kMaxExpectedFailures) {
    throw Error(ErrorKind::kInternal, "goodput: a sampled run of " + format_number(run_hours) +
                                          " h at a system MTBF of " + format_number(m) +
                                          " h would sample more than 1e9 failures");
  }

  const double tau = plan.interval_hours;  // 0 when δ = 0: saved continuously
  const double cycle = tau + in.checkpoint_hours;
  std::mt19937_64 gen(seed);
  double t = 0.0;       // wall clock, hours
  double useful = 0.0;  // hours of work that survive
  double next_failure = exponential(gen, m);
  while (t < run_hours) {
    // Training from a committed checkpoint (or the start) at t until the next
    // failure or the end of the run. Whole cycles of τ of work and a write of
    // δ are committed; what is left of the last cycle is lost to the failure.
    const bool ends_run = next_failure >= run_hours;
    const double span = (ends_run ? run_hours : next_failure) - t;
    if (cycle > 0.0) {
      const double cycles = std::floor(span / cycle);
      useful += cycles * tau;
      // The run ends without a failure: work not yet written is kept too.
      if (ends_run) useful += std::clamp(span - cycles * cycle, 0.0, tau);
    } else {
      useful += span;  // δ = 0: every moment of work is saved
    }
    if (ends_run) break;
    // The failure; then R failure-free hours of restart, each failure during
    // the restart starting it over. Inter-failure times are exponential, so
    // the clock needs no memory beyond the next failure's time.
    t = next_failure;
    next_failure = t + exponential(gen, m);
    while (next_failure < t + in.restart_hours && next_failure < run_hours) {
      t = next_failure;
      next_failure = t + exponential(gen, m);
    }
    t += in.restart_hours;
  }
  return std::min(useful / run_hours, 1.0);
}

}  // namespace stargate

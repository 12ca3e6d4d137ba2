#include "model/training/goodput.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "stargate/error.h"

namespace stargate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMinute = 1.0 / 60.0;  // hours
constexpr double kMtbf = 50000.0;       // hours per accelerator
// A long run, in system MTBFs: about this many failures.
constexpr double kLongRun = 1e5;

::testing::AssertionResult near_relative(double actual, double expected, double tolerance) {
  const double rel = std::fabs(actual / expected - 1.0);
  if (rel <= tolerance) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " is " << rel << " from " << expected
                                       << " (relative), more than " << tolerance;
}

// The exact expected goodput of the process sampled_goodput() simulates:
// a block of τ work + δ write takes M·e^(R/M)·(e^((τ+δ)/M) − 1) hours on
// average when failures (rate 1/M) strike in every phase and a failure during
// a restart starts it over (Daly 2006, FGCS 22(3)); the block yields τ.
double exact_goodput(double m, double tau, double delta, double restart) {
  return tau / (m * std::exp(restart / m) * std::expm1((tau + delta) / m));
}

TEST(Goodput, ClosedFormByHand) {
  // M = 1000 h / 10 = 100 h; τ = √(2 × 0.5 × 100) = 10 h;
  // waste = 0.5/10 + (10/2 + 1)/100 = 0.05 + 0.06 = 0.11.
  const Goodput g = expected_goodput({1000.0, 10.0, 0.5, 1.0});
  EXPECT_DOUBLE_EQ(g.system_mtbf_hours, 100.0);
  EXPECT_DOUBLE_EQ(g.interval_hours, 10.0);
  EXPECT_DOUBLE_EQ(g.waste, 0.11);
  EXPECT_DOUBLE_EQ(g.goodput, 0.89);
}

TEST(Goodput, YoungDalyIntervalAndWasteMatchTheFormula) {
  for (double n : {1024.0, 16384.0, 100000.0}) {
    const GoodputInputs in{kMtbf, n, 5 * kMinute, 10 * kMinute};
    const double m = kMtbf / n;
    const double tau = std::sqrt(2.0 * in.checkpoint_hours * m);
    const double waste = in.checkpoint_hours / tau + (tau / 2.0 + in.restart_hours) / m;
    const Goodput g = expected_goodput(in);
    EXPECT_DOUBLE_EQ(g.system_mtbf_hours, m) << n;
    EXPECT_DOUBLE_EQ(g.interval_hours, tau) << n;
    EXPECT_NEAR(g.waste, waste, 1e-12) << n;
    EXPECT_NEAR(g.goodput, 1.0 - waste, 1e-12) << n;
  }
}

TEST(Goodput, YoungIntervalMinimisesTheFirstOrderWaste) {
  const GoodputInputs in{kMtbf, 16384.0, 5 * kMinute, 10 * kMinute};
  const Goodput g = expected_goodput(in);
  auto waste_at = [&](double tau) {
    return in.checkpoint_hours / tau + (tau / 2.0 + in.restart_hours) / g.system_mtbf_hours;
  };
  EXPECT_LT(g.waste, waste_at(g.interval_hours * 1.05));
  EXPECT_LT(g.waste, waste_at(g.interval_hours / 1.05));
}

TEST(Goodput, Limits) {
  // Never fails (infinite MTBF, or no accelerators): no checkpoints, no waste.
  for (const GoodputInputs& in : {GoodputInputs{kInf, 16384.0, 5 * kMinute, 10 * kMinute},
                                  GoodputInputs{kMtbf, 0.0, 5 * kMinute, 10 * kMinute},
                                  GoodputInputs{kInf, 16384.0, 0.0, 0.0}}) {
    const Goodput g = expected_goodput(in);
    EXPECT_EQ(g.system_mtbf_hours, kInf);
    EXPECT_EQ(g.interval_hours, kInf);
    EXPECT_EQ(g.waste, 0.0);
    EXPECT_EQ(g.goodput, 1.0);
    EXPECT_EQ(sampled_goodput(in, 1000.0, 1), 1.0);
  }
  // Fails continuously: nothing survives.
  const GoodputInputs broken{0.0, 16384.0, 5 * kMinute, 10 * kMinute};
  EXPECT_EQ(expected_goodput(broken).interval_hours, 0.0);
  EXPECT_EQ(expected_goodput(broken).goodput, 0.0);
  EXPECT_EQ(expected_goodput(broken).waste, 1.0);
  EXPECT_EQ(sampled_goodput(broken, 1000.0, 1), 0.0);
  // Free checkpoints: τ → 0, δ/τ = √(δ/2M) → 0, so waste = R/M.
  const Goodput free = expected_goodput({1000.0, 10.0, 0.0, 2.0});
  EXPECT_EQ(free.interval_hours, 0.0);
  EXPECT_DOUBLE_EQ(free.waste, 0.02);
  EXPECT_DOUBLE_EQ(free.goodput, 0.98);
}

TEST(Goodput, NeverBelowZero) {
  // 1M accelerators at 5,000 h: M = 18 s, far less than a restart. The first-
  // order waste is 2.9 + 2.9 + 33 and is clamped.
  const GoodputInputs in{5000.0, 1e6, 5 * kMinute, 10 * kMinute};
  const Goodput g = expected_goodput(in);
  EXPECT_EQ(g.waste, 1.0);
  EXPECT_EQ(g.goodput, 0.0);
  const double s = sampled_goodput(in, 100.0, 3);
  EXPECT_GE(s, 0.0);
  EXPECT_LT(s, 1e-3);
}

TEST(Goodput, FallsStrictlyAsAcceleratorsGrow) {
  double previous = 1.0;
  double previous_sampled = 1.0;
  for (double n : {1000.0, 2000.0, 4000.0, 8000.0, 16000.0, 32000.0, 64000.0, 100000.0}) {
    const GoodputInputs in{kMtbf, n, 5 * kMinute, 10 * kMinute};
    const Goodput g = expected_goodput(in);
    EXPECT_LT(g.goodput, previous) << n;
    EXPECT_GT(g.goodput, 0.0) << n;  // not yet clamped: the fall is the formula's
    previous = g.goodput;
    const double s = sampled_goodput(in, 5000.0 * g.system_mtbf_hours, 11);
    EXPECT_LT(s, previous_sampled) << n;
    previous_sampled = s;
  }
}

// Long runs (100,000 system MTBFs, about as many failures; the standard
// deviation of a run's goodput is then 0.1% or less, 0.3% at M = 30 min with
// δ = 5 min): the sampled goodput is the process's exact expectation within
// 1%, and the closed
// form is within 5% of it where its first-order approximation holds,
// (τ + δ + R) / M below about 0.3.
struct Case {
  double accelerators;
  double mtbf_hours;
  double checkpoint_hours;
  double restart_hours;
};

TEST(Goodput, SampledAgreesWithClosedFormOnLongRuns) {
  const Case cases[] = {
      {16384.0, kMtbf, 5 * kMinute, 10 * kMinute},      // (τ+δ+R)/M = 0.32: closed form 4% low
      {4096.0, kMtbf, 5 * kMinute, 10 * kMinute},       // 0.13
      {100000.0, kMtbf, 0.5 * kMinute, kMinute},        // 0.23
      {24576.0, 30000.0, kMinute, 3 * kMinute},         // 0.22
      {100000.0, kMtbf, 10.0 / 3600.0, 30.0 / 3600.0},  // 0.13
  };
  for (const Case& c : cases) {
    const GoodputInputs in{c.mtbf_hours, c.accelerators, c.checkpoint_hours, c.restart_hours};
    const Goodput g = expected_goodput(in);
    const double run_hours = kLongRun * g.system_mtbf_hours;
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      const double s = sampled_goodput(in, run_hours, seed);
      EXPECT_TRUE(near_relative(s, g.goodput, 0.05)) << c.accelerators << " seed " << seed;
      EXPECT_TRUE(near_relative(
          s,
          exact_goodput(g.system_mtbf_hours, g.interval_hours, c.checkpoint_hours, c.restart_hours),
          0.01))
          << c.accelerators << " seed " << seed;
    }
  }
}

TEST(Goodput, ClosedFormIsFarTooPessimisticWhenFailuresAreFrequent) {
  // 100,000 accelerators at 50,000 h: M = 30 min, with δ = 5 min and
  // R = 10 min, so (τ + δ + R)/M = 1.08 and the first-order terms are not
  // small. The closed form says 9%; the process gives 37%. The sampler
  // follows the exact expectation, not the approximation.
  const GoodputInputs in{kMtbf, 100000.0, 5 * kMinute, 10 * kMinute};
  const Goodput g = expected_goodput(in);
  const double exact =
      exact_goodput(g.system_mtbf_hours, g.interval_hours, in.checkpoint_hours, in.restart_hours);
  EXPECT_TRUE(near_relative(g.goodput, 0.0893, 0.01));
  EXPECT_TRUE(near_relative(exact, 0.3746, 0.01));
  const double s = sampled_goodput(in, kLongRun * g.system_mtbf_hours, 1);
  EXPECT_TRUE(near_relative(s, exact, 0.01));
  EXPECT_GT(s, 3.0 * g.goodput);
  // The library's exact form, which training runs use, is the same expression.
  EXPECT_TRUE(near_relative(stargate::exact_goodput(in), exact, 1e-12));
  EXPECT_TRUE(near_relative(stargate::exact_goodput({kMtbf, 1024.0, 0.0, 10 * kMinute}),
                            std::exp(-10 * kMinute / (kMtbf / 1024.0)), 1e-12));
}

TEST(Goodput, FreeCheckpointsLoseOnlyRestarts) {
  // δ = 0: work is saved continuously. A run of work lasts M on average and a
  // restart, started over by each failure in it, M·(e^(R/M) − 1); goodput is
  // then e^(−R/M), and 1 − R/M to first order.
  const GoodputInputs in{kMtbf, 16384.0, 0.0, 10 * kMinute};
  const Goodput g = expected_goodput(in);
  const double s = sampled_goodput(in, kLongRun * g.system_mtbf_hours, 5);
  EXPECT_TRUE(near_relative(s, std::exp(-in.restart_hours / g.system_mtbf_hours), 0.01));
  EXPECT_TRUE(near_relative(s, g.goodput, 0.05));
}

TEST(Goodput, SampledRunIsDeterministicForASeed) {
  const GoodputInputs in{kMtbf, 16384.0, 5 * kMinute, 10 * kMinute};
  const double a = sampled_goodput(in, 2000.0, 42);
  EXPECT_EQ(a, sampled_goodput(in, 2000.0, 42));
  EXPECT_NE(a, sampled_goodput(in, 2000.0, 43));
  EXPECT_GT(a, 0.0);
  EXPECT_LT(a, 1.0);
}

TEST(Goodput, ShortRunWithoutFailureIsAllUseful) {
  // A run far shorter than M almost surely sees no failure, and its work is
  // kept when it ends even if not checkpointed.
  const GoodputInputs in{kMtbf, 1.0, 5 * kMinute, 10 * kMinute};  // M = 50,000 h
  EXPECT_EQ(sampled_goodput(in, 0.5, 7), 1.0);
}

TEST(Goodput, InvalidInputsThrowInternal) {
  auto message = [](const GoodputInputs& in, double run_hours) -> std::string {
    try {
      sampled_goodput(in, run_hours, 1);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kInternal);
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message({-1.0, 8.0, 0.1, 0.1}, 100.0),
            "goodput: accelerator_mtbf_hours must be non-negative, got -1");
  EXPECT_EQ(message({kMtbf, std::nan(""), 0.1, 0.1}, 100.0),
            "goodput: accelerators must be finite and non-negative, got nan");
  EXPECT_EQ(message({kMtbf, 8.0, kInf, 0.1}, 100.0),
            "goodput: checkpoint_hours must be finite and non-negative, got inf");
  EXPECT_EQ(message({kMtbf, 8.0, 0.1, -0.5}, 100.0),
            "goodput: restart_hours must be finite and non-negative, got -0.5");
  EXPECT_EQ(message({kMtbf, 8.0, 0.1, 0.1}, 0.0),
            "goodput: run_hours must be positive and finite, got 0");
  EXPECT_EQ(message({1e-9, 8.0, 0.1, 0.1}, 100.0),
            "goodput: a sampled run of 100 h at a system MTBF of 1.25e-10 h would sample more "
            "than 1e9 failures");
}

}  // namespace
}  // namespace stargate

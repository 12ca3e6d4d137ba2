// src/model/training/goodput.h
//
// Goodput of a training run: the share of wall-clock time that ends up as
// training progress, once checkpoint writes, work lost to failures and
// restarts are paid for (MODEL.md §6).
//
// A synchronous run stops when any one of its accelerators fails, so with n
// accelerators of MTBF m the run fails every M = m / n hours on average. It
// writes a checkpoint every τ hours of work (each write blocks training for
// δ hours); a failure loses the work since the last checkpoint and costs R
// hours to restart from it.
//
// Two models of the same process:
//
// - expected_goodput(): the first-order closed form. Young's interval
//   τ = √(2δM) (Young 1974, "A first order approximation to the optimum
//   checkpoint interval", CACM 17(9)) and waste ≈ δ/τ + (τ/2 + R)/M: a write every τ, and per
//   failure half an interval of lost work plus a restart.
// - sampled_goodput(): a Monte Carlo run of the same process, failure by
//   failure, with no approximation.
//
// The two agree when τ + δ + R is small against M. The closed form drops the
// terms of second order in (τ + δ + R)/M and is then pessimistic: the exact
// expectation of the sampled process is τ / (M·e^(R/M)·(e^((τ+δ)/M) − 1))
// (Daly 2006, "A higher order estimate of the optimum checkpoint interval for
// restart dumps", FGCS 22(3)), and at M = 30 min with δ = 5 min and R = 10 min
// (100,000 accelerators of 50,000 h MTBF) the closed form says 9% where the
// process gives 37%. The closed form is within 5% of the exact expectation
// whenever (τ + δ + R) / M < 0.28 (checked numerically over δ/M and R/M from
// 1e-6 to 1).
//
// Worked example: 16,384 accelerators of 50,000 h MTBF, δ = 5 min,
// R = 10 min: M = 3.05 h, τ = 0.71 h, waste = 0.117 + 0.117 + 0.055 = 0.29,
// goodput 0.71 (the sampled process gives 0.74).
//
// Thread-safety: pure functions; sampled_goodput() keeps its generator on
// the stack. Both throw Error{ErrorKind::kInternal} when an input is negative
// or NaN (the scenario loader rejects such values, so reaching here with one
// is a bug); sampled_goodput() also when run_hours is not positive and finite.
#pragma once

#include <cstdint>

namespace stargate {

struct GoodputInputs {
  double accelerator_mtbf_hours = 0;  // per accelerator; +inf: never fails
  double accelerators = 0;            // in the run; 0: nothing to fail
  double checkpoint_hours = 0;        // δ, time one checkpoint write blocks training
  double restart_hours = 0;           // R, from a failure to training again
};

struct Goodput {
  double system_mtbf_hours = 0;  // M = accelerator MTBF / accelerators
  double interval_hours = 0;     // τ, hours of work between checkpoints
  double waste = 0;              // in [0, 1]
  double goodput = 0;            // 1 − waste, in [0, 1]
};

// The closed form of MODEL.md §6: M = MTBF / accelerators, τ = √(2δM),
// waste = δ/τ + (τ/2 + R)/M clamped to [0, 1], goodput = 1 − waste.
// Limits, each the limit of the formula:
// - M = +inf (MTBF +inf or no accelerators): τ = +inf (no checkpoints are
//   needed), waste 0, goodput 1.
// - M = 0 (MTBF 0): τ = 0, waste 1, goodput 0.
// - δ = 0: τ = 0 (checkpoints are free, so work is saved continuously and
//   none is lost), waste = R/M.
Goodput expected_goodput(const GoodputInputs& in);

// The exact expected goodput of the process sampled_goodput() simulates, at
// Young's interval τ = √(2δM): τ / (M·e^(R/M)·(e^((τ+δ)/M) − 1)) (Daly 2006).
// It equals expected_goodput() to first order in (τ + δ + R)/M and stays
// right where that is not small (huge runs, where expected_goodput() falls to
// zero); training runs use it. Same limits as expected_goodput().
double exact_goodput(const GoodputInputs& in);

// Goodput of one sampled run of `run_hours` wall-clock hours: useful hours /
// run_hours. Failures arrive as a Poisson process in wall-clock time
// (exponential inter-failure times of mean M), in every phase. Each cycle
// computes τ hours (the Young/Daly interval of expected_goodput()), then
// writes a checkpoint for δ hours. Modelling choices:
// - A failure while computing loses the work since the last checkpoint.
// - A failure while writing loses the write (the checkpoint is not committed)
//   and the interval's work with it.
// - A failure while restarting starts the restart over.
// - Work done when run_hours ends counts as useful even if not yet
//   checkpointed: the run ends there, nothing is lost.
// - δ = 0 (τ = 0): work is saved continuously; a failure costs only R.
// - M = +inf gives 1 and M = 0 gives 0 without sampling.
// Deterministic for a seed, on any platform: std::mt19937_64 and an
// exponential by inverse CDF (not std::exponential_distribution, whose output
// the standard library defines). Cost: proportional to the number of failures,
// about run_hours / M, not to the number of checkpoints.
double sampled_goodput(const GoodputInputs& in, double run_hours, std::uint64_t seed);

}  // namespace stargate

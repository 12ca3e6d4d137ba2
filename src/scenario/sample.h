// src/scenario/sample.h
//
// Sampling the scenario's distributions (MODEL.md §1, §7) by their quantile
// functions: a draw is quantile(u) for a uniform u in (0, 1). Inverse-CDF
// sampling takes exactly one uniform per draw, so a Gaussian copula can feed
// every marginal its correlated uniform, and truncation is exact: u is mapped
// into [F(min), F(max)] before the quantile.
//
//   pert(a, b, c)      Beta(α, β) on [a, c], α = 1 + 4(b − a)/(c − a),
//                      β = 1 + 4(c − b)/(c − a) (λ = 4)
//   triangular         closed form
//   uniform            closed form
//   normal(μ, σ)       Acklam's rational approximation, refined by one Halley
//                      step on std::erfc (relative error ~1e-15)
//   lognormal(m, p90)  exp(ln m + σ z) with σ = ln(p90/m) / z(0.9)
//   bernoulli(p)       0 below 1 − p, 1 from there (P(1) = p)
//   choice             the value whose cumulative weight first reaches u
//
// The Beta quantile inverts the regularized incomplete beta function (a
// continued fraction, Lentz's method) by safeguarded Newton steps; it is
// written here because Debian's C++ libraries offer none outside Boost.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenario/distribution.h"

namespace stargate {

struct ScenarioSpec;

// Cholesky factor L (row-major, lower) of the n × n symmetric matrix `a`;
// false when `a` is not positive definite.
bool cholesky(std::vector<double>& a, std::size_t n);

// The draws of Monte Carlo trials (MODEL.md §7): input j of trial i is the
// quantile of u = uniform(seed, i, key path of j); correlated inputs take
// their u through a Gaussian copula: z = Φ⁻¹(u) per input, z' = L z with L
// the Cholesky factor of the correlation matrix, u' = Φ(z').
class Sampler {
 public:
  // REQUIRES: the spec validated (its correlation matrix positive definite).
  explicit Sampler(const ScenarioSpec& spec);
  Draws draw(std::uint64_t seed, std::uint64_t trial) const;
  // The draws with input j at quantile u and every other input at its base
  // value (a tornado's end point).
  Draws at_quantile(std::size_t input, double u) const;

 private:
  const ScenarioSpec& spec_;
  std::vector<std::uint64_t> streams_;   // per input
  std::vector<std::size_t> correlated_;  // inputs in the copula
  std::vector<double> factor_;           // its Cholesky factor
};

// The cumulative distribution function, before truncation.
double cdf(const Distribution& d, double x);
// The value with probability u of being at or below it, truncation applied.
// REQUIRES: 0 < u < 1 and d.check() == "".
double quantile(const Distribution& d, double u);
// The standard normal's quantile and distribution function.
double normal_quantile(double u);
double normal_cdf(double z);
// The regularized incomplete beta function I_x(a, b).
double incomplete_beta(double a, double b, double x);

}  // namespace stargate

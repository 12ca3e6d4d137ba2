#include "scenario/sample.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/random.h"

namespace stargate {
namespace {

constexpr int kN = 200000;

Distribution dist(DistKind kind, std::vector<double> params) {
  Distribution d;
  d.kind = kind;
  d.params = std::move(params);
  return d;
}

std::vector<double> draws(const Distribution& d, std::uint64_t stream = 1) {
  std::vector<double> x(kN);
  for (int i = 0; i < kN; ++i)
    x[static_cast<size_t>(i)] =
        quantile(d, RandomStream(2025, static_cast<std::uint64_t>(i), stream).uniform(0));
  return x;
}

// Kolmogorov–Smirnov distance between the sample and the distribution's CDF.
double ks_distance(std::vector<double> x, const Distribution& d) {
  std::sort(x.begin(), x.end());
  double worst = 0.0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(d, x[i]);
    worst = std::max({worst, std::fabs(f - static_cast<double>(i) / x.size()),
                      std::fabs(static_cast<double>(i + 1) / x.size() - f)});
  }
  return worst;
}

struct Moments {
  double mean, var;
};
Moments moments(const std::vector<double>& x) {
  double m = 0.0;
  for (double v : x) m += v;
  m /= static_cast<double>(x.size());
  double s = 0.0;
  for (double v : x) s += (v - m) * (v - m);
  return {m, s / static_cast<double>(x.size() - 1)};
}

// The sample mean within 4 standard errors of the analytic mean, the sample
// variance within 3%, and the KS distance below its 0.1% critical value
// 1.95/√N (a fixed seed makes each check pass or fail deterministically).
void check(const Distribution& d, double mean, double var) {
  const std::vector<double> x = draws(d);
  const Moments m = moments(x);
  EXPECT_NEAR(m.mean, mean, 4.0 * std::sqrt(var / kN));
  EXPECT_NEAR(m.var, var, 0.03 * var);
  if (d.kind != DistKind::kBernoulli && d.kind != DistKind::kChoice) {
    EXPECT_LT(ks_distance(x, d), 1.95 / std::sqrt(static_cast<double>(kN)));
  }
}

TEST(Sampling, PertMatchesItsBetaMoments) {
  // pert(12, 15.5, 27): α = 1 + 4 × 3.5/15 = 1.9333, β = 1 + 4 × 11.5/15 =
  // 4.0667; mean (a + 4b + c)/6 = 101/6; var = (mean − a)(c − mean)/7.
  const double mean = 101.0 / 6;
  check(dist(DistKind::kPert, {12, 15.5, 27}), mean, (mean - 12) * (27 - mean) / 7);
}

TEST(Sampling, TriangularUniformNormalLognormal) {
  check(dist(DistKind::kTriangular, {1, 2, 6}), 3.0, (1 + 4 + 36 - 2 - 6 - 12) / 18.0);
  check(dist(DistKind::kUniform, {10, 20}), 15.0, 100.0 / 12);
  check(dist(DistKind::kNormal, {5, 2}), 5.0, 4.0);
  // lognormal(median 100, p90 200): σ = ln 2 / 1.28155; mean m e^{σ²/2}.
  const double s = std::log(2.0) / 1.2815515655446004;
  check(dist(DistKind::kLognormal, {100, 200}), 100 * std::exp(s * s / 2),
        100 * 100 * (std::exp(s * s) - 1) * std::exp(s * s));
}

TEST(Sampling, BernoulliAndChoice) {
  check(dist(DistKind::kBernoulli, {0.35}), 0.35, 0.35 * 0.65);
  // Its quantile function increases with u, as every other's does (so a
  // positive correlation, and a tornado's P10 and P90, mean what they say):
  // 0 ("no") below 1 − p, 1 from there.
  const Distribution b = dist(DistKind::kBernoulli, {0.35});
  EXPECT_EQ(quantile(b, 0.10), 0.0);
  EXPECT_EQ(quantile(b, 0.64), 0.0);
  EXPECT_EQ(quantile(b, 0.66), 1.0);
  EXPECT_EQ(quantile(b, 0.90), 1.0);
  Distribution c = dist(DistKind::kChoice, {});
  c.values = {1, 2, 4};
  c.weights = {1, 2, 1};
  check(c, (1 + 4 + 4) / 4.0, (1 + 8 + 16) / 4.0 - 2.25 * 2.25);
}

TEST(Sampling, TruncationKeepsDrawsInsideAndRescales) {
  // A normal(0, 1) truncated to [0, ∞) is the half-normal: mean √(2/π),
  // variance 1 − 2/π.
  Distribution d = dist(DistKind::kNormal, {0, 1});
  d.lower = 0.0;
  const std::vector<double> x = draws(d);
  EXPECT_GE(*std::min_element(x.begin(), x.end()), 0.0);
  const Moments m = moments(x);
  EXPECT_NEAR(m.mean, std::sqrt(2 / M_PI), 4 * std::sqrt((1 - 2 / M_PI) / kN));
  EXPECT_NEAR(m.var, 1 - 2 / M_PI, 0.03 * (1 - 2 / M_PI));
  // A truncated choice never draws a value outside the bounds.
  Distribution c = dist(DistKind::kChoice, {});
  c.values = {1, 2, 3};
  c.upper = 2.5;
  for (double v : draws(c)) {
    EXPECT_LE(v, 2.0);
  }
}

TEST(Sampling, QuantilesInvertTheirDistributionFunctions) {
  for (const Distribution& d :
       {dist(DistKind::kPert, {0, 1, 10}), dist(DistKind::kTriangular, {0, 3, 4}),
        dist(DistKind::kNormal, {-2, 3}), dist(DistKind::kLognormal, {5, 9})}) {
    for (double u : {1e-6, 0.01, 0.1, 0.5, 0.9, 0.99, 1 - 1e-6})
      EXPECT_NEAR(cdf(d, quantile(d, u)), u, 1e-9) << to_string(d.kind) << " at " << u;
  }
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(incomplete_beta(2, 3, 0.4), 0.5248, 1e-12);  // 1 − Σ binomial terms, by hand
}

}  // namespace
}  // namespace stargate

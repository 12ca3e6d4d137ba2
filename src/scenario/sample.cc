#include "scenario/sample.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/random.h"
#include "scenario/spec.h"

namespace stargate {
namespace {

constexpr double kZ90 = 1.2815515655446004;  // Φ⁻¹(0.9)

struct BetaShape {
  double alpha, beta, lo, hi;
};

BetaShape pert_shape(const Distribution& d) {
  const double a = d.params[0], b = d.params[1], c = d.params[2];
  const double span = c - a;
  return {1.0 + 4.0 * (b - a) / span, 1.0 + 4.0 * (c - b) / span, a, c};
}

// Continued fraction of the incomplete beta (modified Lentz).
double beta_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300, kEps = 1e-15;
  const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return h;
}

double log_beta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// I_x(a, b) with ln B(a, b) given: a quantile's Newton steps evaluate it at
// one (a, b) many times.
double incomplete_beta_with(double a, double b, double x, double lb) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double front = std::exp(a * std::log(x) + b * std::log1p(-x) - lb);
  // The continued fraction converges fast for x < (a + 1)/(a + b + 2); use
  // the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) otherwise.
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_fraction(a, b, x) / a;
  return 1.0 - front * beta_fraction(b, a, 1.0 - x) / b;
}

double beta_quantile(double a, double b, double u) {
  // Safeguarded Newton on I_x(a, b) − u over [0, 1]: bisection keeps the
  // bracket, Newton steps converge fast inside it.
  double lo = 0.0, hi = 1.0, x = a / (a + b);
  const double lb = log_beta(a, b);
  for (int i = 0; i < 100; ++i) {
    const double f = incomplete_beta_with(a, b, x, lb) - u;
    if (f < 0.0)
      lo = x;
    else
      hi = x;
    const double density = std::exp((a - 1.0) * std::log(x) + (b - 1.0) * std::log1p(-x) - lb);
    double next = density > 0.0 ? x - f / density : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::fabs(next - x) < 1e-15 * std::max(1.0, x)) return next;
    x = next;
    if (hi - lo < 1e-16) break;
  }
  return x;
}

double untruncated_quantile(const Distribution& d, double u) {
  switch (d.kind) {
    case DistKind::kPert: {
      const BetaShape s = pert_shape(d);
      if (s.hi == s.lo) return s.lo;
      return s.lo + (s.hi - s.lo) * beta_quantile(s.alpha, s.beta, u);
    }
    case DistKind::kTriangular: {
      const double a = d.params[0], b = d.params[1], c = d.params[2];
      if (c == a) return a;
      const double fb = (b - a) / (c - a);
      return u < fb ? a + std::sqrt(u * (c - a) * (b - a))
                    : c - std::sqrt((1.0 - u) * (c - a) * (c - b));
    }
    case DistKind::kUniform:
      return d.params[0] + u * (d.params[1] - d.params[0]);
    case DistKind::kNormal:
      return d.params[0] + d.params[1] * normal_quantile(u);
    case DistKind::kLognormal: {
      const double sigma = std::log(d.params[1] / d.params[0]) / kZ90;
      return d.params[0] * std::exp(sigma * normal_quantile(u));
    }
    case DistKind::kBernoulli:  // increasing in u, as every quantile function: "no" below 1 − p
      return u < 1.0 - d.params[0] ? 0.0 : 1.0;
    case DistKind::kChoice:
      break;
  }
  return 0.0;
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double normal_quantile(double p) {
  // Acklam's rational approximation (relative error < 1.15e-9), then one
  // Halley step on erfc, which brings it to double precision.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  constexpr double kLow = 0.02425, kHigh = 1.0 - kLow;
  double x;
  if (p < kLow) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= kHigh) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2.0 * M_PI) * std::exp(0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}

double incomplete_beta(double a, double b, double x) {
  return incomplete_beta_with(a, b, x, log_beta(a, b));
}

double cdf(const Distribution& d, double x) {
  switch (d.kind) {
    case DistKind::kPert: {
      const BetaShape s = pert_shape(d);
      if (s.hi == s.lo) return x < s.lo ? 0.0 : 1.0;
      return incomplete_beta(s.alpha, s.beta, std::clamp((x - s.lo) / (s.hi - s.lo), 0.0, 1.0));
    }
    case DistKind::kTriangular: {
      const double a = d.params[0], b = d.params[1], c = d.params[2];
      if (x <= a) return 0.0;
      if (x >= c) return 1.0;
      return x <= b ? (x - a) * (x - a) / ((c - a) * (b - a))
                    : 1.0 - (c - x) * (c - x) / ((c - a) * (c - b));
    }
    case DistKind::kUniform:
      return std::clamp((x - d.params[0]) / (d.params[1] - d.params[0]), 0.0, 1.0);
    case DistKind::kNormal:
      return normal_cdf((x - d.params[0]) / d.params[1]);
    case DistKind::kLognormal: {
      if (x <= 0.0) return 0.0;
      const double sigma = std::log(d.params[1] / d.params[0]) / kZ90;
      return normal_cdf(std::log(x / d.params[0]) / sigma);
    }
    case DistKind::kBernoulli:
      return x < 0.0 ? 0.0 : x < 1.0 ? 1.0 - d.params[0] : 1.0;
    case DistKind::kChoice: {
      double total = 0.0, below = 0.0;
      for (size_t i : d.choices_in_bounds()) {
        const double w = d.weights.empty() ? 1.0 : d.weights[i];
        total += w;
        if (d.values[i] <= x) below += w;
      }
      return total > 0.0 ? below / total : 0.0;
    }
  }
  return 0.0;
}

double quantile(const Distribution& d, double u) {
  if (d.kind == DistKind::kChoice) {
    // Truncation drops values; the weights of the rest are renormalised.
    const std::vector<size_t> kept = d.choices_in_bounds();
    double total = 0.0;
    for (size_t i : kept) total += d.weights.empty() ? 1.0 : d.weights[i];
    double cum = 0.0;
    for (size_t i : kept) {
      cum += (d.weights.empty() ? 1.0 : d.weights[i]) / total;
      if (u <= cum) return d.values[i];
    }
    return d.values[kept.back()];
  }
  if (d.kind == DistKind::kBernoulli || (!d.lower && !d.upper)) return untruncated_quantile(d, u);
  const double flo = d.lower ? cdf(d, *d.lower) : 0.0;
  const double fhi = d.upper ? cdf(d, *d.upper) : 1.0;
  const double v = untruncated_quantile(d, flo + u * (fhi - flo));
  return std::clamp(v, d.lower.value_or(-std::numeric_limits<double>::infinity()),
                    d.upper.value_or(std::numeric_limits<double>::infinity()));
}

bool cholesky(std::vector<double>& a, std::size_t n) {
  for (size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 1e-12)) return false;
    const double ljj = std::sqrt(d);
    a[j * n + j] = ljj;
    for (size_t i = j + 1; i < n; ++i) {
      double v = a[i * n + j];
      for (size_t k = 0; k < j; ++k) v -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = v / ljj;
    }
    for (size_t k = j + 1; k < n; ++k) a[j * n + k] = 0.0;
  }
  return true;
}

Sampler::Sampler(const ScenarioSpec& spec) : spec_(spec) {
  for (const UncertainInput& u : spec.uncertain) streams_.push_back(stream_id(u.key_path));
  auto index_of = [&](const std::string& path) {
    for (size_t j = 0; j < spec.uncertain.size(); ++j) {
      if (spec.uncertain[j].key_path == path) return j;
    }
    return spec.uncertain.size();
  };
  for (const CorrelationSpec& c : spec.correlations) {
    for (const Ref& r : c.inputs) {
      const size_t j = index_of(r.id);
      if (j < spec.uncertain.size() &&
          std::find(correlated_.begin(), correlated_.end(), j) == correlated_.end())
        correlated_.push_back(j);
    }
  }
  std::sort(correlated_.begin(), correlated_.end());
  const size_t n = correlated_.size();
  factor_.assign(n * n, 0.0);
  for (size_t i = 0; i < n; ++i) factor_[i * n + i] = 1.0;
  auto pos = [&](size_t j) {
    return static_cast<size_t>(std::find(correlated_.begin(), correlated_.end(), j) -
                               correlated_.begin());
  };
  for (const CorrelationSpec& c : spec.correlations) {
    for (const Ref& a : c.inputs) {
      for (const Ref& b : c.inputs) {
        const size_t ja = index_of(a.id), jb = index_of(b.id);
        if (ja == jb || ja >= spec.uncertain.size() || jb >= spec.uncertain.size()) continue;
        factor_[pos(ja) * n + pos(jb)] = c.rho;
      }
    }
  }
  if (!cholesky(factor_, n)) {
    throw Error(ErrorKind::kInternal, "internal: the correlation matrix is not positive definite");
  }
}

Draws Sampler::draw(std::uint64_t seed, std::uint64_t trial) const {
  const size_t m = spec_.uncertain.size();
  std::vector<double> u(m);
  for (size_t j = 0; j < m; ++j) u[j] = RandomStream(seed, trial, streams_[j]).uniform(0);
  const size_t n = correlated_.size();
  if (n > 0) {
    std::vector<double> z(n), zc(n, 0.0);
    for (size_t i = 0; i < n; ++i) z[i] = normal_quantile(u[correlated_[i]]);
    for (size_t i = 0; i < n; ++i) {
      for (size_t k = 0; k <= i; ++k) zc[i] += factor_[i * n + k] * z[k];
    }
    // Φ(z) can round to exactly 0 or 1 far in the tails; keep u inside (0, 1).
    for (size_t i = 0; i < n; ++i)
      u[correlated_[i]] = std::clamp(normal_cdf(zc[i]), 1e-300, 1.0 - 0x1.0p-53);
  }
  Draws d;
  d.values.resize(m);
  for (size_t j = 0; j < m; ++j) d.values[j] = quantile(spec_.uncertain[j].dist, u[j]);
  return d;
}

Draws Sampler::at_quantile(std::size_t input, double u) const {
  Draws d = spec_.base_draws();
  d.values[input] = quantile(spec_.uncertain[input].dist, u);
  return d;
}

}  // namespace stargate

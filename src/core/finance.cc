#include "core/finance.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace stargate {
namespace {

constexpr double kDaysPerYear = 365.0;  // XNPV/XIRR's day count

// Finds a root of f in [lo, hi] by bisection; f(lo) and f(hi) differ in sign.
template <class F>
double bisect(F f, double lo, double hi) {
  double flo = f(lo);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double fm = f(mid);
    if (fm == 0.0 || hi - lo < 1e-14 * std::max(1.0, std::fabs(mid))) return mid;
    if ((fm < 0) == (flo < 0)) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

// Newton's method for f(r) = 0, r > −1, from the guess, on x = ln(1 + r):
// in x a sum of discounted flows is a sum of exponentials Σ v·e^(−x·t) —
// smooth, with no edge at r = −1, so it converges fast even for returns near
// −100%. `fdf` gives f and df/dr; `check` is the function whose residual must
// be below a millionth of `scale` (the sum of the flows' magnitudes).
template <class FD, class F>
std::optional<double> newton(FD fdf, F check, double guess, double scale) {
  double r = guess;
  for (int i = 0; i < 100; ++i) {
    const auto [fr, d] = fdf(r);
    if (!std::isfinite(fr) || !std::isfinite(d) || d == 0.0) return std::nullopt;
    // dx = −f / (df/dr · dr/dx), dr/dx = 1 + r.
    const double next = (1.0 + r) * std::exp(-fr / (d * (1.0 + r))) - 1.0;
    // Beyond the grid's last rate Newton is running away, not converging.
    if (!std::isfinite(next) || !(next > -1.0) || next > 1e4) return std::nullopt;
    if (std::fabs(next - r) < 1e-12 * std::max(1.0, std::fabs(r))) {
      if (std::fabs(check(next)) < 1e-6 * scale) return next;
      return std::nullopt;
    }
    r = next;
  }
  return std::nullopt;
}

// The root of f on the bracketing interval of a grid nearest the guess, by
// bisection: the fallback when Newton does not settle.
template <class F>
std::optional<double> bracket(F f, double guess) {
  static const double kGrid[] = {-0.9999, -0.99, -0.95, -0.9, -0.75, -0.5, -0.25, -0.1,
                                 0.0,     0.02,  0.05,  0.1,  0.15,  0.2,  0.3,   0.5,
                                 0.75,    1.0,   1.5,   2.0,  5.0,   10.0, 100.0};
  std::optional<std::pair<double, double>> best;
  double fa = f(kGrid[0]);
  for (size_t i = 0; i + 1 < std::size(kGrid); ++i) {
    const double a = kGrid[i], b = kGrid[i + 1];
    const double fb = f(b);
    if (std::isfinite(fa) && std::isfinite(fb)) {
      if (fa == 0.0) return a;
      const bool nearer = !best || std::fabs(0.5 * (a + b) - guess) <
                                       std::fabs(0.5 * (best->first + best->second) - guess);
      if ((fa < 0) != (fb < 0) && nearer) best = std::make_pair(a, b);
    }
    fa = fb;
  }
  if (!best) return std::nullopt;
  return bisect(f, best->first, best->second);
}

bool changes_sign(std::span<const double> v) {
  bool pos = false, neg = false;
  for (double x : v) {
    pos = pos || x > 0;
    neg = neg || x < 0;
  }
  return pos && neg;
}

}  // namespace

double npv(double rate, std::span<const double> values) {
  double sum = 0.0, factor = 1.0;
  for (double v : values) {
    factor /= 1.0 + rate;
    sum += v * factor;
  }
  return sum;
}

double xnpv(double rate, std::span<const DatedFlow> flows) {
  if (flows.empty()) return 0.0;
  // Discounted to the first flow's date (as XNPV does); dates in any order.
  const Date d0 = flows.front().date;
  const double l = -std::log1p(rate) / kDaysPerYear;
  double sum = 0.0, factor = 1.0;
  std::int32_t last = 0;
  for (const DatedFlow& f : flows) {
    const std::int32_t t = f.date - d0;
    if (t != last) {
      factor = std::exp(l * t);
      last = t;
    }
    sum += f.amount * factor;
  }
  return sum;
}

std::optional<double> irr(std::span<const double> values, double guess) {
  if (!changes_sign(values)) return std::nullopt;
  auto f = [&](double r) {
    double sum = 0.0, factor = 1.0;
    for (double v : values) {
      sum += v * factor;
      factor /= 1.0 + r;
    }
    return sum;
  };
  auto df = [&](double r) {
    double sum = 0.0;
    for (size_t t = 1; t < values.size(); ++t) {
      sum -= static_cast<double>(t) * values[t] / std::pow(1.0 + r, static_cast<double>(t) + 1.0);
    }
    return std::make_pair(f(r), sum);
  };
  double scale = 1.0;
  for (double v : values) scale += std::fabs(v);
  if (auto r = newton(df, f, guess, scale)) return r;
  return bracket(f, guess);
}

namespace {

// Flows on one date merged, in date order, as (days from the first date,
// amount): a ledger has thousands of rows, and each solver evaluation walks
// them all.
std::vector<std::pair<std::int32_t, double>> by_day(std::span<const DatedFlow> flows) {
  auto earlier = [](const DatedFlow& a, const DatedFlow& b) { return a.date < b.date; };
  std::vector<DatedFlow> copy;
  if (!std::is_sorted(flows.begin(), flows.end(), earlier)) {
    copy.assign(flows.begin(), flows.end());
    std::stable_sort(copy.begin(), copy.end(), earlier);
    flows = copy;
  }
  std::vector<std::pair<std::int32_t, double>> out;
  out.reserve(flows.size());
  for (const DatedFlow& f : flows) {
    const std::int32_t t = f.date - flows.front().date;
    if (!out.empty() && out.back().first == t) {
      out.back().second += f.amount;
    } else {
      out.emplace_back(t, f.amount);
    }
  }
  return out;
}

// Σ v·(1 + r)^(−t/365) and its derivative in r. The discount factor is
// carried from one date to the next by q^Δdays, q = (1 + r)^(−1/365), so an
// evaluation costs one pow() and a few multiplications a date.
struct Evaluation {
  double value = 0.0;
  double derivative = 0.0;
};

// Flows by day with the gaps between them: a ledger settles monthly, so a
// few distinct gaps (28 to 31 days, and the odd delivery) cover most dates.
struct Schedule {
  std::vector<double> years;  // t / 365 of each date
  std::vector<double> amounts;
  std::vector<std::uint16_t> gap;  // index into gaps of the gap from the previous date
  std::vector<std::int32_t> gaps;  // distinct gaps in days
};

Schedule schedule(const std::vector<std::pair<std::int32_t, double>>& flows) {
  Schedule s;
  s.years.reserve(flows.size());
  s.amounts.reserve(flows.size());
  s.gap.reserve(flows.size());
  std::int32_t prev = 0;
  for (const auto& [t, v] : flows) {
    const std::int32_t g = t - prev;
    prev = t;
    auto it = std::find(s.gaps.begin(), s.gaps.end(), g);
    if (it == s.gaps.end()) it = s.gaps.insert(s.gaps.end(), g);
    s.gap.push_back(static_cast<std::uint16_t>(it - s.gaps.begin()));
    s.years.push_back(t / kDaysPerYear);
    s.amounts.push_back(v);
  }
  return s;
}

Evaluation evaluate(const Schedule& s, double r, std::vector<double>& powers) {
  // q^g for each distinct gap g, q = (1 + r)^(−1/365).
  const double lq = -std::log1p(r) / kDaysPerYear;
  powers.resize(s.gaps.size());
  for (size_t i = 0; i < s.gaps.size(); ++i) powers[i] = std::exp(lq * s.gaps[i]);
  Evaluation out;
  double factor = 1.0;
  for (size_t i = 0; i < s.amounts.size(); ++i) {
    factor *= powers[s.gap[i]];
    const double term = s.amounts[i] * factor;
    out.value += term;
    out.derivative -= s.years[i] * term;
  }
  out.derivative /= 1.0 + r;
  return out;
}

}  // namespace

std::optional<double> xirr(std::span<const DatedFlow> flows, double guess) {
  if (flows.empty()) return std::nullopt;
  const std::vector<std::pair<std::int32_t, double>> days = by_day(flows);
  std::vector<double> amounts;
  amounts.reserve(days.size());
  for (const auto& [t, v] : days) amounts.push_back(v);
  if (!changes_sign(amounts)) return std::nullopt;
  const Schedule plan = schedule(days);
  std::vector<double> powers;
  auto f = [&](double r) { return evaluate(plan, r, powers).value; };
  auto df = [&](double r) {
    const Evaluation e = evaluate(plan, r, powers);
    return std::make_pair(e.value, e.derivative);
  };
  double scale = 1.0;
  for (double v : amounts) scale += std::fabs(v);
  // The same roots valued at the last date, f·(1 + r)^T. For money paid in
  // first and received later (a project, an investor, a lender) this is
  // monotone where the value at the first date may not be (it tends to the
  // first flow as r grows, so Newton from it can run away to large rates);
  // for money received first (a borrower) the first date's value is.
  const double years = plan.years.back();
  auto df_end = [&](double r) {
    const Evaluation e = evaluate(plan, r, powers);
    const double g = std::pow(1.0 + r, years);
    return std::make_pair(e.value * g, e.derivative * g + e.value * years * g / (1.0 + r));
  };
  if (amounts.front() < 0.0) {
    if (auto r = newton(df_end, f, guess, scale)) return r;
    if (auto r = newton(df, f, guess, scale)) return r;
  } else {
    if (auto r = newton(df, f, guess, scale)) return r;
    if (auto r = newton(df_end, f, guess, scale)) return r;
  }
  return bracket(f, guess);
}

double pmt(double rate, double nper, double pv, double fv, bool at_start) {
  if (rate == 0.0) return -(pv + fv) / nper;
  const double g = std::pow(1.0 + rate, nper);
  return -(pv * g + fv) * rate / ((g - 1.0) * (at_start ? 1.0 + rate : 1.0));
}

double ipmt(double rate, double per, double nper, double pv, double fv, bool at_start) {
  const double payment = pmt(rate, nper, pv, fv, at_start);
  auto balance_after = [&](double n, double growth) {
    // The balance after n periods of level payments (FV with the sign flipped).
    const double g = std::pow(1.0 + rate, n);
    return pv * g + payment * growth * (rate == 0.0 ? n : (g - 1.0) / rate);
  };
  if (!at_start) return -balance_after(per - 1.0, 1.0) * rate;
  // Paid at the start of each period, the payment of period `per` carries the
  // interest of period per − 1, charged on what was left after that period's
  // own payment; the first payment carries none.
  if (per == 1.0) return 0.0;
  return -(balance_after(per - 2.0, 1.0 + rate) + payment) * rate;
}

double ppmt(double rate, double per, double nper, double pv, double fv, bool at_start) {
  return pmt(rate, nper, pv, fv, at_start) - ipmt(rate, per, nper, pv, fv, at_start);
}

std::vector<Instalment> amortise_level(double principal, double rate, int periods) {
  std::vector<Instalment> out;
  const double payment = -pmt(rate, periods, principal);
  double balance = principal;
  for (int p = 1; p <= periods; ++p) {
    Instalment i;
    i.interest = balance * rate;
    i.principal = p == periods ? balance : payment - i.interest;
    balance -= i.principal;
    i.balance = p == periods ? 0.0 : balance;
    out.push_back(i);
  }
  return out;
}

std::vector<Instalment> amortise_bullet(double principal, double rate, int periods) {
  std::vector<Instalment> out;
  for (int p = 1; p <= periods; ++p) {
    Instalment i;
    i.interest = principal * rate;
    i.principal = p == periods ? principal : 0.0;
    i.balance = p == periods ? 0.0 : principal;
    out.push_back(i);
  }
  return out;
}

std::vector<Instalment> amortise_sculpted(double principal, double rate,
                                          std::span<const double> cfads) {
  std::vector<Instalment> out;
  const double k = principal / npv(rate, cfads);
  double balance = principal;
  for (size_t p = 0; p < cfads.size(); ++p) {
    Instalment i;
    i.interest = balance * rate;
    i.principal = p + 1 == cfads.size() ? balance : k * cfads[p] - i.interest;
    balance -= i.principal;
    i.balance = p + 1 == cfads.size() ? 0.0 : balance;
    out.push_back(i);
  }
  return out;
}

}  // namespace stargate

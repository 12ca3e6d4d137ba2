#include "scenario/distribution.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "scenario/quantity.h"

namespace stargate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Name {
  DistKind kind;
  std::string_view name;
};
constexpr Name kNames[] = {
    {DistKind::kPert, "pert"},           {DistKind::kTriangular, "triangular"},
    {DistKind::kUniform, "uniform"},     {DistKind::kNormal, "normal"},
    {DistKind::kLognormal, "lognormal"}, {DistKind::kBernoulli, "bernoulli"},
    {DistKind::kChoice, "choice"}};

}  // namespace

std::string_view to_string(DistKind kind) {
  for (const Name& n : kNames) {
    if (n.kind == kind) return n.name;
  }
  return "pert";
}

std::optional<DistKind> dist_kind_from(std::string_view name) {
  for (const Name& n : kNames) {
    if (n.name == name) return n.kind;
  }
  return std::nullopt;
}

const std::vector<std::string>& dist_kind_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Name& n : kNames) v.emplace_back(n.name);
    return v;
  }();
  return names;
}

std::vector<size_t> Distribution::choices_in_bounds() const {
  std::vector<size_t> out;
  for (size_t i = 0; i < values.size(); ++i) {
    const bool in = (!lower || values[i] >= *lower) && (!upper || values[i] <= *upper);
    const bool drawn = weights.empty() || (i < weights.size() && weights[i] > 0.0);
    if (in && drawn) out.push_back(i);
  }
  return out;
}

double Distribution::base() const {
  double b = 0.0;
  switch (kind) {
    case DistKind::kPert:
    case DistKind::kTriangular:
      b = params[1];
      break;
    case DistKind::kUniform:
      b = 0.5 * (params[0] + params[1]);
      break;
    case DistKind::kNormal:
    case DistKind::kLognormal:
      b = params[0];
      break;
    case DistKind::kBernoulli:
      return params[0] >= 0.5 ? 1.0 : 0.0;
    case DistKind::kChoice: {
      // The most likely value that truncation keeps; the first on ties. It is
      // one of the values, never a bound.
      const std::vector<size_t> kept = choices_in_bounds();
      size_t best = kept.front();
      for (size_t i : kept) {
        const double wi = weights.empty() ? 1.0 : weights[i];
        const double wb = weights.empty() ? 1.0 : weights[best];
        if (wi > wb) best = i;
      }
      return values[best];
    }
  }
  if (lower) b = std::max(b, *lower);
  if (upper) b = std::min(b, *upper);
  return b;
}

double Distribution::support_min() const {
  double m = -kInf;
  switch (kind) {
    case DistKind::kPert:
    case DistKind::kTriangular:
    case DistKind::kUniform:
      m = params[0];
      break;
    case DistKind::kNormal:
      m = -kInf;
      break;
    case DistKind::kLognormal:
      m = 0.0;
      break;
    case DistKind::kBernoulli:
      return 0.0;
    case DistKind::kChoice: {
      const std::vector<size_t> kept = choices_in_bounds();
      m = kInf;
      for (size_t i : kept) m = std::min(m, values[i]);
      return m;
    }
  }
  return lower ? std::max(m, *lower) : m;
}

double Distribution::support_max() const {
  double m = kInf;
  switch (kind) {
    case DistKind::kPert:
    case DistKind::kTriangular:
      m = params[2];
      break;
    case DistKind::kUniform:
      m = params[1];
      break;
    case DistKind::kNormal:
    case DistKind::kLognormal:
      m = kInf;
      break;
    case DistKind::kBernoulli:
      return 1.0;
    case DistKind::kChoice: {
      const std::vector<size_t> kept = choices_in_bounds();
      m = -kInf;
      for (size_t i : kept) m = std::max(m, values[i]);
      return m;
    }
  }
  return upper ? std::min(m, *upper) : m;
}

// A continuous density gives any single point probability zero, but a sampler
// that maps u = 0 through the quantile function returns the lower end of the
// support exactly. So an end the user wrote as a parameter (pert, triangular,
// uniform) or as a value (choice) can be drawn; the natural 0 of a lognormal
// (exp of a finite number is never 0) and a truncation bound of a normal or
// lognormal (a limit of the density) are not.
bool Distribution::reaches_min() const {
  switch (kind) {
    case DistKind::kPert:
    case DistKind::kTriangular:
    case DistKind::kUniform:
      return !lower || *lower <= params[0];
    case DistKind::kNormal:
    case DistKind::kLognormal:
      return false;
    case DistKind::kBernoulli:
    case DistKind::kChoice:
      return true;
  }
  return true;
}

bool Distribution::reaches_max() const {
  switch (kind) {
    case DistKind::kPert:
    case DistKind::kTriangular:
      return !upper || *upper >= params[2];
    case DistKind::kUniform:
      return !upper || *upper >= params[1];
    case DistKind::kNormal:
    case DistKind::kLognormal:
      return false;
    case DistKind::kBernoulli:
    case DistKind::kChoice:
      return true;
  }
  return true;
}

namespace {

// A parameter in the key's unit: "50 MW", "$3.4B", "18mo", "2025-06-01".
std::string format_param(double v, Unit unit, Duration::Unit duration_unit) {
  if (unit == Unit::kDuration) return Duration{v, duration_unit}.to_string();
  // Zero needs no unit (and "0 W" on a MW key would mislead).
  if (v == 0.0 && unit != Unit::kDate) return unit == Unit::kFraction ? "0%" : "0";
  return format_quantity(v, unit);
}

std::string count_of(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string Distribution::check(Unit unit, Duration::Unit duration_unit) const {
  auto fmt = [&](double v) { return format_param(v, unit, duration_unit); };
  // A normal's sd is a length: for a date, a number of days.
  auto fmt_spread = [&](double v) {
    return unit == Unit::kDate ? format_quantity(v, Unit::kNumber) + "d" : fmt(v);
  };
  auto list = [&](const std::vector<double>& xs) {
    std::string out = "[";
    for (size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + fmt(xs[i]);
    return out + "]";
  };
  auto got_values = [&](size_t n) { return ", got " + count_of(n, "value", "values"); };
  auto bounds = [&] {
    std::string out;
    if (lower) out += "min = " + fmt(*lower);
    if (upper) out += (lower ? ", max = " : "max = ") + fmt(*upper);
    return out;
  };
  switch (kind) {
    case DistKind::kPert:
    case DistKind::kTriangular:
      if (params.size() != 3) return "expected [min, mode, max]" + got_values(params.size());
      if (params[0] > params[1] || params[1] > params[2])
        return "expected min ≤ mode ≤ max, got " + list(params);
      if (params[0] == params[2]) return "expected min < max, got " + list(params);
      break;
    case DistKind::kUniform:
      if (params.size() != 2) return "expected [min, max]" + got_values(params.size());
      if (params[0] >= params[1]) return "expected min < max, got " + list(params);
      break;
    case DistKind::kNormal:
      if (params.size() != 2) return "expected [mean, sd]" + got_values(params.size());
      if (!(params[1] > 0.0)) return "expected sd > 0, got " + fmt_spread(params[1]);
      break;
    case DistKind::kLognormal:
      if (params.size() != 2) return "expected [median, p90]" + got_values(params.size());
      if (!(params[0] > 0.0)) return "expected median > 0, got " + fmt(params[0]);
      if (!(params[1] > params[0])) return "expected p90 > median, got " + list(params);
      break;
    case DistKind::kBernoulli:
      if (params.size() != 1) return "expected one probability" + got_values(params.size());
      if (!(params[0] >= 0.0 && params[0] <= 1.0)) {
        return "expected p between 0 and 1, got " + format_quantity(params[0], Unit::kNumber);
      }
      if (lower || upper) return "expected no min or max for a yes/no value, got " + bounds();
      return "";
    case DistKind::kChoice:
      if (values.empty()) return "expected at least one value, got none";
      if (!weights.empty() && weights.size() != values.size()) {
        return "expected one weight per value, got " +
               count_of(weights.size(), "weight", "weights") + " for " +
               count_of(values.size(), "value", "values");
      }
      for (double w : weights) {
        if (!(w >= 0.0) || !std::isfinite(w)) {
          return "expected weights ≥ 0, got " + format_quantity(w, Unit::kNumber);
        }
      }
      if (!weights.empty() &&
          std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; })) {
        return "expected a weight above 0, got all 0";
      }
      break;
  }
  if (lower && upper && *lower >= *upper) return "expected truncation min < max, got " + bounds();
  const bool empty = kind == DistKind::kChoice
                         ? choices_in_bounds().empty()
                         : (lower && support_max() < *lower) || (upper && support_min() > *upper) ||
                               (kind == DistKind::kLognormal && upper && *upper <= 0.0);
  if (empty) return "expected truncation bounds that leave some values, got " + bounds();
  return "";
}

std::string Distribution::describe(Unit unit, Duration::Unit duration_unit) const {
  std::string out(to_string(kind));
  auto fmt = [&](double v) { return format_param(v, unit, duration_unit); };
  if (kind == DistKind::kBernoulli)
    return out + "(" + format_quantity(params[0], Unit::kNumber) + ")";
  out += "(";
  const std::vector<double>& xs = kind == DistKind::kChoice ? values : params;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i) out += ", ";
    // A normal's sd and a lognormal's p90 are in the key's unit too, but an sd
    // of a date is a number of days.
    if (unit == Unit::kDate && kind == DistKind::kNormal && i == 1) {
      out += format_quantity(xs[i], Unit::kNumber) + "d";
    } else {
      out += fmt(xs[i]);
    }
  }
  out += ")";
  if (lower) out += " min " + fmt(*lower);
  if (upper) out += " max " + fmt(*upper);
  return out;
}

}  // namespace stargate

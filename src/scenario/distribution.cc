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
constexpr Name kNames[] = {{DistKind::kPert, "pert"},           {DistKind::kTriangular, "triangular"},
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
      size_t best = 0;
      for (size_t i = 1; i < values.size(); ++i) {
        const double wi = weights.empty() ? 1.0 : weights[i];
        const double wb = weights.empty() ? 1.0 : weights[best];
        if (wi > wb) best = i;
      }
      b = values[best];
      break;
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
      m = 0.0;
      break;
    case DistKind::kChoice:
      m = *std::min_element(values.begin(), values.end());
      break;
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
      m = 1.0;
      break;
    case DistKind::kChoice:
      m = *std::max_element(values.begin(), values.end());
      break;
  }
  return upper ? std::min(m, *upper) : m;
}

std::string Distribution::check() const {
  switch (kind) {
    case DistKind::kPert:
    case DistKind::kTriangular:
      if (params.size() != 3) return "expects [min, mode, max]";
      if (params[0] > params[1]) return "min must not exceed mode";
      if (params[1] > params[2]) return "mode must not exceed max";
      if (params[0] == params[2]) return "min must be less than max";
      break;
    case DistKind::kUniform:
      if (params.size() != 2) return "expects [min, max]";
      if (params[0] >= params[1]) return "min must be less than max";
      break;
    case DistKind::kNormal:
      if (params.size() != 2) return "expects [mean, sd]";
      if (!(params[1] > 0.0)) return "sd must be greater than 0";
      break;
    case DistKind::kLognormal:
      if (params.size() != 2) return "expects [median, p90]";
      if (!(params[0] > 0.0)) return "median must be greater than 0";
      if (!(params[1] > params[0])) return "p90 must be greater than the median";
      break;
    case DistKind::kBernoulli:
      if (params.size() != 1) return "expects a probability";
      if (!(params[0] >= 0.0 && params[0] <= 1.0)) return "p must be between 0 and 1";
      break;
    case DistKind::kChoice:
      if (values.empty()) return "expects at least one value";
      if (!weights.empty() && weights.size() != values.size()) {
        return "weights must have one entry per value";
      }
      for (double w : weights) {
        if (!(w >= 0.0) || !std::isfinite(w)) return "weights must be finite and not negative";
      }
      if (!weights.empty() && std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; })) {
        return "weights must not all be 0";
      }
      break;
  }
  if (lower && upper && *lower >= *upper) return "min must be less than max";
  if (lower && support_max() < *lower) return "the truncation bounds leave no value";
  if (upper && support_min() > *upper) return "the truncation bounds leave no value";
  return "";
}

std::string Distribution::describe(Unit unit) const {
  std::string out(to_string(kind));
  auto fmt = [&](double v) { return format_quantity(v, unit); };
  if (kind == DistKind::kBernoulli) return out + "(" + format_quantity(params[0], Unit::kNumber) + ")";
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

// src/scenario/distribution.h
//
// The distributions a scenario value may take instead of a number:
//
//   { pert = [min, mode, max] }        Beta-PERT, λ = 4           base: mode
//   { triangular = [min, mode, max] }                             base: mode
//   { uniform = [min, max] }                                      base: midpoint
//   { normal = [mean, sd], min = …, max = … }  optional truncation  base: mean, clamped
//   { lognormal = [median, p90] }                                 base: median
//   { bernoulli = p }                  a yes/no input             base: p ≥ 0.5
//   { choice = { values = […], weights = […] } }                  base: most likely, first on ties
//
// Parameters are in the key's unit ("12mo", "$3B", "2025-06-01"), held here in
// base units (durations in one Duration::Unit, chosen by the loader). Every
// kind but bernoulli accepts `min`/`max` truncation bounds; truncating a choice
// drops the values outside them. A deterministic run uses base() (MODEL.md
// §1); sampling comes with Monte Carlo.

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/param.h"

namespace stargate {

enum class DistKind { kPert, kTriangular, kUniform, kNormal, kLognormal, kBernoulli, kChoice };

// "pert", "triangular", ...; and the reverse (nullopt for an unknown name).
std::string_view to_string(DistKind kind);
std::optional<DistKind> dist_kind_from(std::string_view name);
// All names, for did-you-mean.
const std::vector<std::string>& dist_kind_names();

struct Distribution {
  DistKind kind = DistKind::kPert;
  std::vector<double> params;   // see the table above; bernoulli: {p}
  std::optional<double> lower;  // truncation bounds, base units
  std::optional<double> upper;
  std::vector<double> values;   // choice
  std::vector<double> weights;  // choice; empty means equal weights

  // The base value of MODEL.md §1: pert and triangular mode, uniform
  // midpoint, normal mean, lognormal median (each clamped into the truncation
  // bounds), bernoulli 1 when p ≥ 0.5, choice the most likely value the
  // bounds keep (the first on ties).
  // REQUIRES: check() returned "".
  double base() const;
  // The smallest and largest value a draw can take or approach (infinite for
  // unbounded tails without truncation). Used to check a distribution against
  // a key's bounds. REQUIRES: check() returned "".
  double support_min() const;
  double support_max() const;
  // Whether a draw can equal support_min() (support_max()) exactly, which
  // matters against a bound that must be exceeded ("greater than 0"): a pert
  // from 0 reaches 0, a lognormal approaches 0 but never reaches it, nor does
  // a normal its truncation bound.
  bool reaches_min() const;
  bool reaches_max() const;
  // The first broken rule of the parameters, or "" when the distribution is
  // well formed: "expected min ≤ mode ≤ max, got [15mo, 12mo, 27mo]". Values
  // are shown in `unit` (durations in `duration_unit`); the caller prefixes
  // the distribution's name.
  std::string check(Unit unit = Unit::kNumber,
                    Duration::Unit duration_unit = Duration::Unit::kDays) const;
  // "pert($10B, $13B, $17B)" in the key's unit.
  std::string describe(Unit unit, Duration::Unit duration_unit = Duration::Unit::kDays) const;
  // Choice: the indices of the values a draw can take (inside the truncation
  // bounds, with a weight above 0), in order.
  std::vector<std::size_t> choices_in_bounds() const;
};

// One uncertain input of a scenario: a distribution at a key path.
struct UncertainInput {
  std::string key_path;
  Unit unit = Unit::kNumber;
  Duration::Unit duration_unit = Duration::Unit::kDays;  // kDuration: the sampling unit
  Distribution dist;
  SourceSpan where;
};

}  // namespace stargate

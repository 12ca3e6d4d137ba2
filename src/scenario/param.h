// src/scenario/param.h
//
// How inputs are declared and held.
//
// Every key a scenario may contain is declared once, in a ParamSpec table next
// to the spec struct it fills (src/scenario/params.cc): its unit, whether it is
// required, its default (as a user would write it), its bounds and a one-line
// doc. The loader checks presence, unit and bounds from that table; `explain`
// and docs/reference read it too, so a new input is documented when declared.
//
// A numeric input is a Param<T>: its base value (a deterministic run's value,
// MODEL.md §1) and, when the scenario gives a distribution, the index of that
// distribution in ScenarioSpec::uncertain. A run resolves a Param through a
// Draws vector (one value per uncertain input), so a Monte Carlo trial only
// fills that vector and never re-reads the scenario.

#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/error.h"
#include "stargate/units.h"

namespace stargate {

// The unit (or kind) of a scenario key. Numeric units are held as double in
// their base: USD, USD/MW, USD/MWh, MW, W, FLOP/s, FLOP, accelerators, hours,
// fraction, t CO2/MWh, a plain number; dates as days since 1970-01-01;
// durations as the amount in the unit written (Duration).
enum class Unit {
  kUsd,
  kUsdPerMw,
  kUsdPerMwh,
  kMw,
  kWatts,
  kFlopPerS,
  kFlop,
  kAccelerators,
  kHours,
  kDuration,
  kDate,
  kFraction,
  kCarbon,
  kNumber,
  kInteger,
  kBool,
  kText,        // free text (names, locations, sources)
  kEnum,        // one of ParamSpec::choices
  kEnumList,    // an array of ParamSpec::choices
  kId,          // the item's own id
  kRef,         // the id of another item (entity, site, phase, accelerator)
  kRefList,     // an array of ids
  kTable,       // a nested table, read by its own ParamSpec table
  kTableArray,  // an array of tables, each with an id
};

enum class Presence {
  kRequired,  // absent is an error
  kOptional,  // absent means "not given"; the spec holds std::optional
  kDefault,   // absent takes ParamSpec::fallback, written as a user would write it
};

struct ParamSpec {
  std::string_view key;
  Unit unit;
  Presence presence;
  std::string_view fallback;  // for kDefault: "1.0", "s-curve", "3d"
  std::optional<double> min;  // in base units (days for dates and durations)
  std::optional<double> max;
  bool min_open;  // true: the value must be strictly greater than min
  std::string_view doc;
  std::span<const std::string_view> choices = {};
  bool uncertain_ok = true;  // may be a distribution (numeric units only)
  bool past_end_ok = false;  // a date that may fall after the horizon (the end of a term)
};

// Whether a unit is a number that can carry a distribution.
bool is_numeric(Unit unit);
// "money", "a power", ... for messages and docs.
std::string_view unit_noun(Unit unit);
// "USD", "MW", "FLOP/s", "fraction", "text", ...: a unit's short name for tables.
std::string_view unit_symbol(Unit unit);

// Where a value's number comes from, carried into reports.
struct Provenance {
  std::string source;
  std::string note;
  bool empty() const { return source.empty() && note.empty(); }
};

// A numeric input: its base value and, if uncertain, which distribution.
template <class T>
struct Param {
  T base{};
  std::int32_t uncertain = -1;  // index into ScenarioSpec::uncertain, -1 if fixed
  std::int32_t input = -1;      // index into ScenarioSpec::inputs, -1 if defaulted

  static Param fixed(T value) { return Param{value, -1, -1}; }
  bool is_uncertain() const { return uncertain >= 0; }
};

// One value per uncertain input, in ScenarioSpec::uncertain order, in base
// units. A deterministic run uses each input's base value.
struct Draws {
  std::vector<double> values;
};

// Conversions between a Param's type and the double a distribution samples.
template <class T>
struct ParamTraits {
  static double to_double(const T& v) { return v.value(); }
  static T from_double(double x, const T&) { return T(x); }
};
template <>
struct ParamTraits<double> {
  static double to_double(double v) { return v; }
  static double from_double(double x, double) { return x; }
};
template <>
struct ParamTraits<bool> {
  static double to_double(bool v) { return v ? 1.0 : 0.0; }
  static bool from_double(double x, bool) { return x >= 0.5; }
};
template <>
struct ParamTraits<Date> {
  static double to_double(Date d) { return d.days(); }
  static Date from_double(double x, Date) {
    return Date::from_days(static_cast<std::int32_t>(std::lround(x)));
  }
};
template <>
struct ParamTraits<Duration> {
  // A duration samples in the unit its base was written in.
  static double to_double(const Duration& d) { return d.amount; }
  static Duration from_double(double x, const Duration& base) { return Duration{x, base.unit}; }
};

// The value of `p` in a run with these draws.
template <class T>
T resolve(const Param<T>& p, const Draws& draws) {
  if (p.uncertain < 0) return p.base;
  return ParamTraits<T>::from_double(draws.values[static_cast<size_t>(p.uncertain)], p.base);
}

}  // namespace stargate

// src/scenario/quantity.h
//
// Human quantities: "19B", "$3.4B", "750M", "1.2GW", "206MW", "18mo", "90d",
// "2y", "6w", "8%", "2.5PFLOP/s", "989TFLOPS", "3.8e25FLOP", "$13B/GW",
// "$55/MWh", "$0.06/kWh", "0.4t/MWh", "400kg/MWh", "30000h", "64k", "400,000",
// or a plain number in the key's base unit. This is the only place text
// becomes a number with a unit. A quantity of the wrong kind (a power where
// money is expected) is an error naming both, never a conversion.
//
// Rules worth knowing:
// - Unit conversions are exact decimal shifts applied before rounding, so
//   "$0.06/kWh" is exactly 60 ($/MWh) and "8%" exactly the double 0.08.
// - ',' separates groups of three digits only ("400,000"); "1,5" is an error,
//   not fifteen. '_' may separate any digits ("30_000").
// - A magnitude (k, M, B, bn, T) multiplies a bare number or money. On a
//   power key it is an error: "750M" is more likely "750MW" than 750 TW.
// - One sign, before or after '$': "-$3B" and "$-3B". A value that overflows
//   a double is an error.

#pragma once

#include <string>
#include <string_view>

#include "scenario/param.h"

namespace stargate {

struct QuantityResult {
  bool ok = false;
  double value = 0.0;  // in the unit's base; for kDuration, the amount in `duration.unit`
  Duration duration;   // kDuration only
  std::string error;   // "expected a power (W, kW, MW, GW), got an energy '1.2GWh'"
  std::string hint;    // "did you mean '750MW'?"; may be empty
};

// Parses `text` as a quantity of `unit` (a numeric Unit).
QuantityResult parse_quantity(std::string_view text, Unit unit);

// A plain TOML number for `unit`: the base unit (days for durations; dates
// are not numbers). Fails for a non-finite number and for kInteger with a
// fraction.
QuantityResult quantity_from_number(double x, Unit unit);

// "$3.4B", "1.2 GW", "206 MW", "8%", "2.5 PFLOP/s", "18mo", "2025-01-21".
std::string format_quantity(double value, Unit unit);

// "a power (W, kW, MW, GW)": what a key of this unit accepts, for messages.
std::string expected_text(Unit unit);

}  // namespace stargate

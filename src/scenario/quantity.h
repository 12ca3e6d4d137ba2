// src/scenario/quantity.h
//
// Human quantities: "19B", "$3.4B", "750M", "1.2GW", "206MW", "18mo", "90d",
// "2y", "8%", "2.5PFLOP/s", "$13B/GW", "$55/MWh", "0.4t/MWh", "30000h", or a
// plain number in the key's base unit. This is the only place text becomes a
// number with a unit. A quantity of the wrong kind (a power where money is
// expected) is an error naming both, never a conversion.

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
};

// Parses `text` as a quantity of `unit` (a numeric Unit).
QuantityResult parse_quantity(std::string_view text, Unit unit);

// A plain TOML number for `unit`: the base unit (days for durations and dates
// are not numbers). Fails only for kInteger with a fraction.
QuantityResult quantity_from_number(double x, Unit unit);

// "$3.4B", "1.2 GW", "206 MW", "8%", "2.5 PFLOP/s", "18mo", "2025-01-21".
std::string format_quantity(double value, Unit unit);

// "a power (W, kW, MW, GW)": what a key of this unit accepts, for messages.
std::string expected_text(Unit unit);

}  // namespace stargate

// src/sim/outcomes.h
//
// Results from the final state of a run: per phase, site and order, program
// totals, and the money (returns, vehicles, facilities, the program's
// envelope, levelised cost of compute, jobs).
#pragma once

#include <optional>
#include <vector>

#include "core/calendar.h"
#include "model/buildout/buildout.h"
#include "model/capital/capital.h"
#include "model/fleet/fleet.h"
#include "scenario/spec.h"
#include "sim/resolve.h"
#include "stargate/results.h"

namespace stargate {

// A value's highest level and the first date it reached it; a rise of less
// than a cent is no new peak.
struct Peak {
  double value = 0.0;
  std::optional<Date> date;
  void see(double v, Date d) {
    if (v > value + 0.01) {
      value = v;
      date = d;
    }
  }
};

// What the engine tallies step by step for the outcomes: discounted use for
// the levelised cost of compute, and each payer's funding-gap peak.
struct Tallies {
  double accelerator_hours = 0.0;  // installed and up, discounted
  double pflop_days = 0.0;         // dense BF16 capacity, discounted
  std::vector<Peak> funding_gap;   // per entity
};

void physical_outcomes(const ScenarioSpec& spec, const ModelInputs& in, const Calendar& calendar,
                       const Buildout& build, const Fleet& fleet,
                       const std::vector<Megawatts>& peak_load, Results& res);

void money_outcomes(const ScenarioSpec& spec, const Draws& draws, const ModelInputs& in,
                    const Calendar& calendar, CapitalModel& capital, const Tallies& tallies,
                    Results& res);

// Σ over the days in [a, b) of (1 + rate)^(−(day − origin)/365): the present
// value at `origin` of one unit a day.
double discounted_days(double rate, Date origin, Date a, Date b);

}  // namespace stargate

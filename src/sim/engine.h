// src/sim/engine.h: one trial of a scenario, for the library's front doors
// (simulate(), and Monte Carlo later).
#pragma once

#include "scenario/spec.h"
#include "stargate/results.h"
#include "stargate/simulate.h"

namespace stargate {

// Runs `spec` with these draws (ScenarioSpec::base_draws() for the base case).
// Thread-safety: reads `spec` only; concurrent calls are safe.
// Throws: Error{kInternal} when a model invariant breaks.
Results run_trial(const ScenarioSpec& spec, const Draws& draws, const RunOptions& options);

}  // namespace stargate

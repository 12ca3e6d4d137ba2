// include/stargate/simulate.h
//
// One run of a scenario: every subsystem advances from start to end in fixed
// steps, in the order written in src/sim/engine.cc, each step in three phases
// (request, fund, execute: MODEL.md §2).

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stargate/results.h"
#include "stargate/scenario.h"

namespace stargate {

struct RunOptions {
  // Keep the per-step timeline (timeline.csv). Off, a run keeps only the
  // summary, which is what Monte Carlo trials need.
  bool record_timeline = true;
  // With record_timeline, record only the series named here (timeline.csv
  // column names); the others keep their first value, 0. Empty: every
  // series. Monte Carlo records those of its fan charts and questions.
  std::vector<std::string> only_series;
  // Overrides the scenario's step length (`stargate run --step`).
  std::optional<StepKind> step;
};

// Runs the base case: every uncertain input at its base value (MODEL.md §1).
// Thread-safety: concurrent calls, on the same Scenario or not, are safe.
// Throws: Error{kInternal} only when a model invariant breaks, which is a bug;
// bad input is rejected earlier, when the Scenario is loaded.
Results simulate(const Scenario& scenario, const RunOptions& options = {});

}  // namespace stargate

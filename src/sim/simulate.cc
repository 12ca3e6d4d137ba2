#include "stargate/simulate.h"

#include "sim/engine.h"

namespace stargate {

Results simulate(const Scenario& scenario, const RunOptions& options) {
  const ScenarioSpec& spec = scenario.spec();
  return run_trial(spec, spec.base_draws(), options);
}

}  // namespace stargate

// src/sim/resolve.h
//
// A scenario's spec and one set of draws → the plain numbers a run uses: site
// and phase plans, accelerator types, delivery lots. Deterministic runs pass
// the base draws; Monte Carlo trials pass sampled ones. Nothing here reads a
// file or allocates per step.
#pragma once

#include <vector>

#include "model/buildout/buildout.h"
#include "model/fleet/fleet.h"
#include "scenario/spec.h"

namespace stargate {

struct ModelInputs {
  std::vector<SitePlan> sites;
  std::vector<PhasePlan> phases;       // site by site, in the order written
  std::vector<AcceleratorType> types;  // one per accelerator in the spec
  std::vector<DeliveryLot> lots;       // sorted by date
  std::vector<Accelerators> order_count;
  std::vector<Usd> order_unit_price;
};

ModelInputs resolve_inputs(const ScenarioSpec& spec, const Draws& draws);

}  // namespace stargate

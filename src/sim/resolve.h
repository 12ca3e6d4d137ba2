// src/sim/resolve.h
//
// A scenario's spec and one set of draws → the plain numbers a run uses: site
// and phase plans, accelerator types, delivery lots. Deterministic runs pass
// the base draws; Monte Carlo trials pass sampled ones. Nothing here reads a
// file or allocates per step.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "model/buildout/buildout.h"
#include "model/capital/capital.h"
#include "model/fleet/fleet.h"
#include "model/market/market.h"
#include "scenario/spec.h"

namespace stargate {

struct ModelInputs {
  std::vector<SitePlan> sites;
  std::vector<PhasePlan> phases;       // site by site, in the order written
  std::vector<AcceleratorType> types;  // one per accelerator in the spec
  std::vector<DeliveryLot> lots;       // sorted by date
  std::vector<Accelerators> order_count;
  std::vector<Usd> order_unit_price;
  std::vector<std::int32_t> order_buyer;  // owns the accelerators
  std::vector<std::int32_t> order_payer;  // pays for them (the buyer unless `payer` is given)
  std::vector<Duration> type_life;
  std::vector<Duration> building_life;  // per site

  // Money.
  CapitalPlan capital;
  std::vector<std::int32_t> phase_purpose, order_purpose;  // indices into capital.purposes
  std::vector<CapexOrder> phase_order;                     // waterfall rank of each phase
  std::vector<std::optional<std::int32_t>> order_priority;
  // Per site: its opex lines (energy, operations, land lease), or -1 when the
  // site has no one to pay them.
  std::vector<std::array<std::int32_t, 3>> site_lines;
  std::vector<double> om_rate, staff_cost_per_mw_year, land_lease_per_year;  // per site
  std::vector<std::string> not_modelled;
  std::vector<char> program_site;          // per site: counts in the program's cost, compute, jobs
  std::vector<std::int32_t> purpose_site;  // per purpose: its site, or -1

  // The capacity market; each declared contract's payment line is in
  // capital.opex_lines.
  MarketPlan market;
};

ModelInputs resolve_inputs(const ScenarioSpec& spec, const Draws& draws);

}  // namespace stargate

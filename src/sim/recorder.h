// src/sim/recorder.h
//
// The timeline a run keeps: named series, one value per step, stored as runs
// (a value is appended only when it changes), so a quiet stretch costs
// nothing. The model never formats output: the engine hands the recorder
// numbers, writers in src/io/ turn the timeline into timeline.csv.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "model/buildout/buildout.h"
#include "model/fleet/fleet.h"
#include "model/market/market.h"
#include "model/ops/energy.h"
#include "scenario/spec.h"
#include "stargate/results.h"

namespace stargate {

// Does nothing when disabled (Monte Carlo trials keep only the summary).
class Recorder {
 public:
  // `vehicles`: the entity indices that get money series; `only`: the
  // series to record (RunOptions::only_series; empty: all).
  Recorder(const Calendar& calendar, const ScenarioSpec& spec,
           const std::vector<std::int32_t>& vehicles, bool enabled,
           const std::vector<std::string>& only = {});

  void site(std::int32_t k, size_t s, const Buildout& b, const Fleet& f, Date d, double load_mw);
  void totals(std::int32_t k, double online, double installed, double waiting, double bf16,
              double fp8, double load);
  // Flows of one step; `deferred`: capex asked for and not paid.
  void flows(std::int32_t k, double construction, double chips, const DispatchRate& rate,
             double hours, double deferred);
  // The funding gap of all payers: capex due by the plan and not paid.
  void funding_gap(std::int32_t k, double gap);
  // Money of vehicle number `v` (in the order given to the constructor).
  void vehicle(std::int32_t k, size_t v, double cash, double deferred, double equity,
               double debt_drawn, double debt_balance, double gap);
  // Each tenant's compute after the step's allocation.
  void tenants(std::int32_t k, const Market& market);
  // The quiet steps (k0, k1): stocks stand; flows are the energy's at `rate`.
  void quiet(std::int32_t k0, std::int32_t k1, const DispatchRate& rate, const Calendar& calendar);

  Timeline take() { return std::move(timeline_); }

 private:
  struct SiteSeries {
    std::int32_t construction, awaiting, online, power, installed, waiting, load;
  };
  struct VehicleSeries {
    std::int32_t cash, deferred, equity, debt, balance, gap;
  };
  std::int32_t add(std::string name, const char* unit, bool flow);
  void set(std::int32_t id, std::int32_t k, double v) {
    if (keep_[static_cast<size_t>(id)]) timeline_.series[static_cast<size_t>(id)].set(k, v);
  }

  bool enabled_;
  std::vector<char> keep_;       // per series: recorded
  std::vector<char> site_kept_;  // per site: any of its series recorded
  Timeline timeline_;
  std::vector<SiteSeries> sites_;
  std::vector<VehicleSeries> vehicles_;
  struct TenantSeries {
    std::int32_t demand, served[kRoutes], unmet, training, declined, idle;
    std::vector<std::pair<size_t, std::int32_t>> by_provider;  // (entity, series)
  };
  std::vector<TenantSeries> tenants_;
  std::vector<std::int32_t> vehicle_flows_;  // series ids of vehicle flows, zeroed in quiet steps
  std::int32_t online_ = 0, installed_ = 0, waiting_ = 0, bf16_ = 0, fp8_ = 0, load_ = 0;
  std::int32_t construction_ = 0, chips_ = 0, energy_ = 0, grid_ = 0, onsite_ = 0, cost_ = 0,
               emissions_ = 0, deferred_ = 0, gap_ = 0;
};

}  // namespace stargate

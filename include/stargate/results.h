// include/stargate/results.h
//
// What one run produces: per-phase, per-site and per-order outcomes, program
// totals, and a timeline of named series (one value per step). Plain data;
// writers in src/io/ turn it into summary.json, timeline.csv and the terminal
// summary.
//
// Every deterministic result is a *base case* (each uncertain input at its
// base value, MODEL.md §1): `label` says so, and so must every output.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stargate/units.h"

namespace stargate {

// What set a phase's online date: the last constraint to bind.
enum class CriticalPath {
  kConstruction,  // online the day it was built
  kPower,         // built, then waited for the site's power
  kMoney,         // construction paused for lack of funds (from the capital model on)
  kNotStarted,    // never started within the horizon
};
const char* to_string(CriticalPath c);

struct PhaseResult {
  std::string site;
  std::string id;
  std::string name;
  Megawatts it_mw;
  Megawatts facility_mw;       // it_mw × the site's PUE
  std::optional<Date> start;   // construction start (may be before the horizon)
  std::optional<Date> built;   // construction complete
  std::optional<Date> online;  // built, funded and powered
  CriticalPath critical_path = CriticalPath::kNotStarted;
  std::int32_t dependency_wait_days = 0;  // start delayed by phases it depends on
  std::int32_t power_wait_days = 0;       // online − built
  std::int32_t money_pause_days = 0;      // steps with construction unfunded
  Usd capex;                              // total construction budget
  Usd spent_before_start;                 // sunk before the horizon (MODEL.md §1)
  Usd spent;                              // spent within the horizon
  double progress = 0.0;                  // share of construction time done at the end, 0..1
};

struct SiteResult {
  std::string id;
  std::string name;
  std::string location;
  Megawatts planned_it_mw;  // all phases
  Megawatts online_it_mw;   // at the end
  Megawatts power_mw;       // available (grid + on-site) at the end
  Megawatts peak_facility_load_mw;
  std::optional<Date> full_power;  // the date every phase is online
  Accelerators installed;          // at the end
  Accelerators waiting;            // delivered, not installed, at the end
};

struct OrderResult {
  std::string id;
  std::string buyer;
  std::string accelerator;
  std::string site;
  Accelerators count;      // ordered (by count, or budget ÷ unit price)
  Accelerators delivered;  // within the horizon, and before it
  Usd unit_price;
  Usd paid;  // within the horizon
  Usd paid_before_start;
  std::optional<Date> first_delivery;
  std::optional<Date> last_delivery;
};

struct EnergyResult {
  MegawattHours total;
  MegawattHours grid;
  MegawattHours onsite;
  Usd cost;
  TonnesCo2 emissions;
  Megawatts peak_facility_load;
};

// One named series, with one value per step stored as runs: value[i] holds
// from step steps[i] until the next entry. A flow (energy, capex) is the amount
// in each step; a stock (MW online, accelerators installed) is the level
// during the step.
struct Series {
  std::string name;  // column name with its unit: "abilene_online_it_mw"
  std::string unit;  // "MW", "USD", "MWh", "accelerators", "FLOP/s", "tCO2"
  bool is_flow = false;
  std::vector<std::int32_t> steps;
  std::vector<double> values;

  // The value at step k. REQUIRES: 0 ≤ k < the timeline's step count.
  double at(std::int32_t k) const;
  // Appends `v` from step k on, if it differs from the current value.
  // REQUIRES: k is not before the last appended step.
  void set(std::int32_t k, double v);
};

struct Timeline {
  std::vector<Date> boundaries;  // steps + 1 dates: step k covers [boundaries[k], boundaries[k+1])
  std::vector<Series> series;

  std::int32_t steps() const {
    return boundaries.empty() ? 0 : static_cast<std::int32_t>(boundaries.size()) - 1;
  }
  const Series* find(std::string_view name) const;
};

struct Results {
  std::string scenario_id;
  std::string scenario_name;
  std::string label = "base case";
  Date start;
  Date end;
  std::string step;  // "day", "week", "month"

  std::vector<SiteResult> sites;
  std::vector<PhaseResult> phases;
  std::vector<OrderResult> orders;

  Accelerators delivered;  // by the end, all orders
  Accelerators installed;
  Accelerators waiting;
  Accelerators retired;
  FlopPerSecond peak_bf16;  // highest available capacity during the horizon
  FlopPerSecond peak_fp8;
  std::optional<Date> peak_date;
  FlopPerSecond end_bf16;  // available at the end
  FlopPerSecond end_fp8;

  EnergyResult energy;
  Usd construction_capex;  // spent within the horizon
  Usd chip_capex;
  Usd spent_before_start;  // construction and chips paid before the start

  Timeline timeline;
};

}  // namespace stargate

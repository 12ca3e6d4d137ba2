// src/scenario/spec.h
//
// What a scenario says, after parsing and validation: plain structs, one per
// TOML table, holding Params (base value + optional distribution) and
// references by id. Nothing here runs; src/sim/ resolves a ScenarioSpec and
// its Draws into the numbers a run uses.
//
// Every struct's keys are declared in a ParamSpec table in params.cc, with
// unit, presence, default, bounds and doc; the loader reads them from there.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "scenario/distribution.h"
#include "scenario/param.h"

namespace stargate {

// A reference to another item by id, with where it was written.
struct Ref {
  std::string id;
  std::string key_path;
  SourceSpan where;
  bool empty() const { return id.empty(); }
};

struct ScenarioInfo {
  std::string id;  // "stargate-2025-01"; from [scenario].id, else the file name
  std::string name;
  std::string description;
  Date start;
  Date end;  // inclusive: the last day simulated
  StepKind step = StepKind::kDay;
  std::uint64_t seed = 0;
};

enum class Role : std::uint32_t {
  kInvestor = 1u << 0,
  kLender = 1u << 1,
  kDeveloper = 1u << 2,
  kOperator = 1u << 3,
  kCloudProvider = 1u << 4,
  kTenant = 1u << 5,
  kVendor = 1u << 6,
  kVehicle = 1u << 7,
  kOwner = 1u << 8,
};

struct EntitySpec {
  std::string id;
  std::string name;
  std::uint32_t roles = 0;  // Role bits
  std::vector<std::string> role_names;
  SourceSpan where;
  bool has(Role r) const { return (roles & static_cast<std::uint32_t>(r)) != 0; }
};

enum class PowerKind { kGrid, kOnsite };

// A dated step of power at a site: a grid interconnect or an on-site plant.
struct PowerBlockSpec {
  std::string id;
  PowerKind kind = PowerKind::kGrid;
  Param<Megawatts> mw;
  Param<Date> online;
  Param<UsdPerMwh> price;
  Param<TonnesCo2PerMwh> carbon_intensity;
  SourceSpan where;
};

enum class SpendProfile { kSCurve, kLinear };

// One building (or group of buildings) at a site.
struct PhaseSpec {
  std::string id;
  std::string name;
  Param<Megawatts> it_mw;
  std::optional<Param<Date>> start;  // absent: starts when its dependencies are built
  Param<Duration> duration;
  std::optional<Param<UsdPerMw>> capex_per_mw;  // exactly one of capex_per_mw, capex
  std::optional<Param<Usd>> capex;
  Ref payer;
  std::vector<Ref> depends_on;  // phase ids at the same site; finish-to-start
  SpendProfile profile = SpendProfile::kSCurve;
  SourceSpan where;
};

struct SiteSpec {
  std::string id;
  std::string name;
  std::string location;
  Ref owner, developer, operator_;
  Param<double> pue;
  Param<Fraction> utilisation;
  std::vector<PowerBlockSpec> power;
  std::vector<PhaseSpec> phases;
  SourceSpan where;
};

// An accelerator type: from the built-in catalog (data/accelerators.csv),
// overridden or added by the scenario's [accelerators.<id>].
struct AcceleratorSpec {
  std::string id;
  std::string name;
  std::string vendor;
  std::string kind;  // gpu, tpu, asic, rack
  int year = 0;
  Param<FlopPerSecond> bf16;
  std::optional<Param<FlopPerSecond>> fp8;  // absent: no faster FP8 path; FP8 runs at bf16
  std::optional<Param<Watts>> all_in_w;     // IT watts per accelerator, with its share of host and network
  std::optional<Param<Usd>> unit_price;     // all-in capital cost per installed accelerator
  std::optional<Param<Hours>> mtbf;         // hours between failures that interrupt work
  Param<Duration> useful_life;
  Param<Duration> repair_time;
  std::string estimated_fields;  // the catalog's estimate marks, kept as notes
  std::string source;
  SourceSpan where;
  bool from_catalog = true;
};

struct DeliverySpec {
  std::string id;
  Param<Date> date;
  std::optional<Param<Accelerators>> count;  // exactly one of count, share
  std::optional<Param<Fraction>> share;
  SourceSpan where;
};

struct OrderSpec {
  std::string id;
  Ref buyer;
  Ref accelerator;
  Ref site;
  Ref payer;
  std::optional<Param<Accelerators>> count;  // exactly one of count, budget
  std::optional<Param<Usd>> budget;
  std::optional<Param<Usd>> unit_price;  // overrides the catalog's
  std::optional<Param<Date>> ordered;
  std::optional<Param<Duration>> lead_time;  // with `ordered`: first delivery
  std::optional<Param<Duration>> ramp;       // deliveries spread monthly over this
  Param<Duration> delay;                     // shifts every delivery
  std::vector<DeliverySpec> deliveries;      // explicit schedule (instead of lead_time)
  SourceSpan where;
};

// Every leaf value the scenario wrote, for reports and the audit of sources.
struct InputRecord {
  std::string key_path;
  Unit unit = Unit::kText;
  std::string text;  // as written: "1.2GW", "pert(12mo, 18mo, 30mo)"
  double base = 0.0;  // numeric units: the base value in base units
  bool is_default = false;
  Provenance provenance;  // its own, else its nearest enclosing table's
  SourceSpan where;
};

struct ScenarioSpec {
  std::string source_name;  // file path or "<builtin:stargate-2025-01>"
  ScenarioInfo info;
  std::vector<EntitySpec> entities;
  std::vector<SiteSpec> sites;
  std::vector<AcceleratorSpec> accelerators;
  std::vector<OrderSpec> orders;

  std::vector<InputRecord> inputs;
  std::vector<UncertainInput> uncertain;

  const EntitySpec* entity(std::string_view id) const;
  const SiteSpec* site(std::string_view id) const;
  const AcceleratorSpec* accelerator(std::string_view id) const;
  // Base values of every uncertain input: the draws of a deterministic run.
  Draws base_draws() const;
};

}  // namespace stargate

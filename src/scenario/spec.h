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

struct OwnerShare {
  Ref owner;
  Param<Fraction> share;
};

enum class Period { kMonthly, kQuarterly, kAnnual, kNever };

struct EntitySpec {
  std::string id;
  std::string name;
  std::uint32_t roles = 0;  // Role bits
  std::vector<std::string> role_names;
  std::vector<OwnerShare> owners;          // vehicles
  std::optional<Param<Usd>> cash;          // opening cash; makes a non-vehicle cash-limited
  std::optional<Param<Usd>> capex_budget;  // per calendar year, non-vehicles
  Param<Usd> reserve;
  Param<Fraction> tax_rate;
  Period distributions = Period::kQuarterly;
  // Capacity market (MODEL.md §5): the share of its own fleet a provider
  // keeps for itself, and the price at which it offers spare capacity to
  // new demand (absent: it is not a market provider).
  Param<Fraction> reserved_share;
  std::optional<Param<Usd>> market_price_per_pflop_hour;
  std::optional<Param<Usd>> market_price_per_accelerator_hour;
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
  std::optional<std::int32_t> priority;  // waterfall order; absent: earliest start first
  SourceSpan where;
};

struct SiteSpec {
  std::string id;
  std::string name;
  std::string location;
  Ref owner, developer, operator_;
  Param<double> pue;
  Param<Fraction> utilisation;
  std::optional<Param<Fraction>> om_rate;     // share of online construction capex per year
  std::optional<Param<UsdPerMw>> staff_cost;  // per online IT MW per year
  std::optional<Param<Usd>> land_lease;       // per year
  Param<Duration> building_life;
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
  std::optional<Param<Watts>>
      all_in_w;  // IT watts per accelerator, with its share of host and network
  std::optional<Param<Usd>> unit_price;  // all-in capital cost per installed accelerator
  std::optional<Param<Hours>> mtbf;      // hours between failures that interrupt work
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
  std::optional<std::int32_t> priority;      // waterfall order; absent: earliest delivery first
  SourceSpan where;
};

// The dates of an order's lots, its delay applied: the explicit schedule in
// the order written, or one lot at ordered + lead_time and then one a month
// over the ramp.
std::vector<Date> delivery_dates(const OrderSpec& order, const Draws& draws);

struct ProgramSpec {
  bool present = false;
  std::string name;
  std::optional<Param<Usd>> budget;
  std::optional<Param<Usd>> first_tranche;
  std::vector<Ref> vehicles;  // empty: every vehicle
  std::vector<Ref> sites;     // empty: every site
  bool enforce = false;
  Param<Fraction> discount_rate;
  std::optional<Param<double>> terminal_multiple;
  SourceSpan where;
};

struct EquityCallSpec {
  std::string id;
  Param<Date> date;
  std::optional<Param<Usd>> amount;  // exactly one of amount, share
  std::optional<Param<Fraction>> share;
  SourceSpan where;
};

struct EquitySpec {
  std::string id;
  Ref investor;
  Ref vehicle;
  Param<Usd> amount;
  bool on_call = true;
  std::optional<Param<Date>> available_from;
  Param<Fraction> honoured;  // a probability; the base case honours it when ≥ 50%
  std::vector<EquityCallSpec> calls;
  SourceSpan where;
};

enum class Repayment { kAnnuity, kBullet, kSculpted };

struct DebtSpec {
  std::string id;
  Ref lender;
  Ref borrower;
  Param<Usd> size;
  std::optional<Param<Fraction>> rate;  // or base_rate + margin
  std::optional<Param<Fraction>> base_rate;
  std::optional<Param<Fraction>> margin;
  Param<Fraction> commitment_fee;
  std::optional<Param<Date>> available_from;
  Param<Duration> draw_period;
  Param<Duration> tenor;
  Repayment repayment = Repayment::kAnnuity;
  std::optional<Param<double>> target_dscr;
  Period payments = Period::kQuarterly;
  std::optional<Param<Fraction>> max_debt_to_capex;
  std::optional<Param<double>> min_dscr;
  bool capitalise_interest = true;
  std::int32_t priority = 1;
  SourceSpan where;
};

struct FundingSpec {
  std::string id;
  Ref funder;
  Ref funded;
  std::optional<Param<Usd>> limit;
  SourceSpan where;
};

struct RevenueSpec {
  std::string id;
  Ref entity;
  Ref payer;  // empty: customers outside the scenario
  Param<Date> start;
  std::optional<Param<Date>> end;
  Param<Usd> per_year;
  SourceSpan where;
};

enum class ContractKind { kLease, kCompute };

// A capacity contract, provider → customer (MODEL.md §5). A lease routes MW
// of a site's IT capacity (the lessee installs its own accelerators there); a
// compute contract routes accelerators: a count, a share of what the provider
// has, or everything it receives under another contract.
struct ContractSpec {
  std::string id;
  ContractKind kind = ContractKind::kCompute;
  Ref provider;
  Ref customer;
  Param<Date> start;
  std::optional<Param<Duration>> term;   // absent: to the horizon
  std::optional<Param<Date>> signed_on;  // ranks contracts of one priority; default start
  std::optional<std::int32_t> priority;  // oversubscription: lowest first; default earliest signed
  Ref site;                              // lease: required; compute: a filter
  Ref accelerator;                       // compute: a filter
  std::optional<Param<Megawatts>> mw;    // lease: exactly one of mw, share
  std::optional<Param<Accelerators>> count;  // compute: exactly one of count, share, all_of
  std::optional<Param<Fraction>> share;
  Ref all_of;  // a contract id: everything the provider receives under it
  std::optional<Param<Usd>> price_per_accelerator_hour;  // exactly one price
  std::optional<Param<Usd>> price_per_mw_month;
  std::optional<Param<Usd>> fixed_per_year;
  bool take_or_pay = true;
  Ref exclusive_to;
  SourceSpan where;
};

// A dated value of a curve, interpolated linearly between points and flat
// outside them.
struct CurvePoint {
  std::string id;
  Param<Date> date;
  std::optional<Param<FlopPerSecond>> flops;  // demand: exactly one of flops, accelerators
  std::optional<Param<Accelerators>> accelerators;
  std::optional<Param<Usd>> per_year;  // a compute budget
  SourceSpan where;
};

// Inference demand: dated points, or a start value growing at a yearly rate.
struct InferenceSpec {
  bool present = false;
  Ref accelerator;  // the type accelerator-equivalents count in
  std::optional<Param<Date>> start;
  std::optional<Param<FlopPerSecond>> flops;
  std::optional<Param<Accelerators>> accelerators;
  Param<Fraction> growth;  // per year, compounding from start
  std::vector<CurvePoint> points;
  SourceSpan where;
};

enum class Precision { kBf16, kFp8 };

// Training runs (MODEL.md §6): an explicit run, or the frontier policy.
struct TrainingSpec {
  std::string id;
  Param<Date> earliest_start;
  std::optional<Param<Flop>> flop;  // exactly one of flop, duration
  std::optional<Param<Duration>> duration;
  Precision precision = Precision::kBf16;
  Param<Fraction> mfu;
  Param<Accelerators> min_accelerators;
  std::optional<Param<Accelerators>> max_accelerators;
  std::int32_t sites = 1;        // most sites a run may span
  Param<Fraction> site_penalty;  // efficiency lost per extra site
  Param<Hours> checkpoint_time;
  Param<Hours> restart_time;
  SourceSpan where;
};

struct FrontierSpec {
  bool present = false;
  Param<Date> start;
  Param<Duration> cadence;
  Param<Duration> duration;
  Precision precision = Precision::kBf16;
  Param<Fraction> mfu;
  Param<Accelerators> min_accelerators;
  std::optional<Param<Accelerators>> max_accelerators;
  Param<Hours> checkpoint_time;
  Param<Hours> restart_time;
  SourceSpan where;
};

struct TenantSpec {
  std::string id;  // an entity id
  std::int32_t priority = 1;
  Param<Duration> procurement_term;
  Param<Duration> retry;
  InferenceSpec inference;
  std::vector<CurvePoint> budget;  // $ per year; empty: no limit
  std::vector<TrainingSpec> training;
  FrontierSpec frontier;
  SourceSpan where;
};

struct RofrSpec {
  std::string id;
  Ref tenant;
  Ref holder;
  Param<Date> start;
  std::optional<Param<Date>> end;
  Param<Fraction> take_fraction;
  std::optional<Param<Usd>> price_per_pflop_hour;  // absent: the holder's market price
  SourceSpan where;
};

// Monte Carlo (MODEL.md §7). A group of uncertain inputs whose draws move
// together: every pair of them has rank-like correlation `rho` through a
// Gaussian copula.
struct CorrelationSpec {
  std::string id;
  std::vector<Ref> inputs;  // key paths of uncertain inputs
  double rho = 0.0;
  SourceSpan where;
};

enum class CompareOp { kGe, kLe, kGt, kLt };

// A question a Monte Carlo run answers as a probability: is the series
// `metric` op `value` on the date `by` (or at any time)?
struct QuestionSpec {
  std::string id;
  Ref metric;  // a timeline series name: "abilene_online_it_mw"
  CompareOp op = CompareOp::kGe;
  std::string op_text;
  double value = 0.0;  // in the series' unit
  std::optional<Date> by;
  bool at_any_time = false;
  SourceSpan where;
};

struct JobsSpec {
  bool present = false;
  Param<double> construction_per_musd;
  Param<double> permanent_per_mw;
};

// Every leaf value the scenario wrote, for reports and the audit of sources.
struct InputRecord {
  std::string key_path;
  Unit unit = Unit::kText;
  std::string text;   // as written: "1.2GW", "pert(12mo, 18mo, 30mo)"
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
  ProgramSpec program;
  std::vector<EquitySpec> equity;
  std::vector<DebtSpec> debt;
  std::vector<FundingSpec> funding;
  std::vector<RevenueSpec> revenue;
  std::vector<ContractSpec> contracts;
  std::vector<TenantSpec> tenants;
  std::vector<RofrSpec> rofr;
  std::vector<CorrelationSpec> correlations;
  std::vector<QuestionSpec> questions;
  JobsSpec jobs;

  std::vector<InputRecord> inputs;
  std::vector<UncertainInput> uncertain;

  const EntitySpec* entity(std::string_view id) const;
  const SiteSpec* site(std::string_view id) const;
  const AcceleratorSpec* accelerator(std::string_view id) const;
  // Base values of every uncertain input: the draws of a deterministic run.
  Draws base_draws() const;
};

}  // namespace stargate

// tests/support/generate.h
//
// Random valid scenarios for property tests and benchmarks. A scenario is a
// pure function of its seed, written as TOML text so that the loader is
// exercised too and a failing case can be saved and re-run with the CLI.
//
// The generator draws from its own splitmix64 stream, never from std::
// distributions (their output differs between standard libraries), so seed N
// gives the same text on every platform.
//
// What varies (generate_scenario): the start date (2024–2027) and a horizon of
// min_horizon_years to horizon_years calendar years; the step (mostly a day,
// sometimes a week or a month); 1–4 sites with PUE 1.05–1.5, sometimes a
// utilisation below 100%; 1–4 power blocks per site (grid or on-site, online
// before the start or during the horizon, some late in it, in total from well
// short of to well above what the phases need); 1–4 phases per site (IT MW,
// starts before the start or during the horizon, durations in days, weeks,
// months or years, sometimes a PERT, capex or capex_per_mw, s-curve or linear,
// finish-to-start chains, some with no start of their own); 0–4 orders of
// catalog accelerators (h100, b200, gb200, gb300, mi355x), by count or by
// budget, timed by ordered + lead_time (+ ramp, + delay) or by an explicit
// schedule of lots by count or by share; sometimes a shorter useful life or a
// longer repair time for a catalog type.
//
// With `with_capital` the physical scenario is the same (its draws come from
// the same stream, in the same order) and money is added from a second
// stream: 1–3 vehicles owned by investors, which pay most phases and some
// orders (the rest: the developer and the buyer, sometimes limited by `cash`
// or a `capex_budget`); equity commitments of 20–120% of what each vehicle
// must pay (some not honoured, some with later availability, some called on
// a schedule by share or by amount); 0–2 debt facilities per vehicle (fixed
// or floating rate, commitment fees, caps, covenants, capitalised interest or
// not, annuity, bullet or sculpted, monthly to annual payments); funding
// links between vehicles (with or without a limit); revenue schedules; site
// operators, owners, O&M, staff and land leases; reserves, tax rates and
// distribution periods; sometimes a [program] envelope, enforced or not.
//
// With `with_market` the physical scenario and its money are again the same,
// and a capacity market (MODEL.md §5–§6) is added from a third stream: 2–3
// providers m1… with a site of their own and a fleet of one catalog type
// (installed before the start, sometimes more during the horizon), some
// keeping a reserved share; sometimes the buyer of the other orders as a
// provider too; 0–2 intermediaries x1, x2 without fleets (mostly two); 1–3 tenants t1…
// with inference demand in H100-equivalents (a value with growth, or dated
// points; now and then none), priorities 1–2, procurement terms and retries,
// sometimes a compute budget, an explicit training run (some too large to
// start, some on two sites) or a frontier policy. Contracts: providers to
// intermediaries and tenants by count or share (some filtered by site or
// type, with priorities or signed dates, more than the provider has now and
// then), intermediaries passing on what they receive by all_of (chains
// through x1 to x2, tags riding along), some exclusive_to a tenant; priced
// per accelerator-hour, per MW-month or fixed per year, take-or-pay or not;
// sometimes a landlord leasing a provider's site (exclusive or not, a second
// lease at the same site now and then). Market providers at distinct prices
// per PFLOP-hour or per accelerator-hour, and rights of first refusal with
// take fractions of 0, 25, 50, 100% or any, held by providers or
// intermediaries (two tenants may share a holder).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stargate/units.h"

namespace stargate::testing {

struct GenerateOptions {
  int min_sites = 1;
  int max_sites = 4;
  int max_phases_per_site = 4;
  int max_orders = 4;
  int min_horizon_years = 2;
  int horizon_years = 6;      // the longest horizon, in calendar years
  bool with_capital = false;  // add vehicles, equity, debt, funding, revenue, opex
  bool with_market = false;   // add providers, contracts, tenants, rights of first refusal
};

// What the generator wrote, for checks that need an input the results do not
// repeat. Values are as the loader reads the text written (a PUE of "1.234"
// is 1.234); for a PERT, the mode, which is the base value a deterministic
// run uses.
struct GeneratedPhase {
  std::string site;
  std::string id;
  std::optional<Date> start;            // absent: starts when its dependencies are built
  std::vector<std::string> depends_on;  // ids of phases of the same site
  Duration duration;
  bool linear = false;  // spend profile: linear, else the s-curve
  double capex = 0.0;   // USD, as written (capex, or capex_per_mw × it_mw)
  std::string payer;    // entity id
};

// A power block: the MW it adds from its online date, and its dispatch terms.
struct GeneratedPower {
  Date online;
  double mw = 0.0;
  bool grid = true;     // else on-site generation
  double price = 0.0;   // USD/MWh
  double carbon = 0.0;  // t CO2/MWh
};

struct GeneratedSite {
  std::string id;
  double pue = 1.0;
  double utilisation = 1.0;
  std::vector<GeneratedPower> power;  // in the order written
};

// An order: the catalog's all-in watts and MTBF of its accelerator
// (data/accelerators.csv), its useful life and repair time (the catalog's
// 5 years and the default 3 days unless the scenario overrides them), and its
// lots: dates (delay included) with weights — counts when `lot_counts`, else
// shares or, for a ramp, equal weights of the order's count.
struct GeneratedOrder {
  std::string id;
  std::string site;
  std::string buyer = "buyer";  // who owns the accelerators
  double watts = 0.0;
  double mtbf_hours = 0.0;
  Duration life;
  double repair_days = 3.0;
  std::vector<Date> lot_dates;
  std::vector<double> lot_weights;
  bool lot_counts = false;
};

// A debt facility (with_capital): what the results do not repeat.
struct GeneratedFacility {
  std::string id;
  std::string borrower;
  std::optional<double> cap;  // max_debt_to_capex
};

// A declared contract (with_market).
struct GeneratedContract {
  std::string id;
  std::string kind;  // lease, compute
  std::string provider, customer;
  std::string exclusive_to;  // "" when none
  std::string site;          // "" when any
  Date start;
  std::optional<Date> end;               // exclusive: start + term; absent, to the horizon
  std::optional<double> fixed_per_year;  // USD, when priced so
};

// A right of first refusal, as written (with_market).
struct GeneratedRight {
  std::string id, tenant, holder;
  double take = 0.0;  // take_fraction
  Date start;
  std::optional<Date> end;  // the last day it holds
  std::optional<double> price_per_pflop_hour;
};

struct GeneratedTenant {
  std::string id;
  int priority = 1;
};

// An explicit training run (with_market).
struct GeneratedRun {
  std::string tenant, id;
  Date earliest;
  double min_accelerators = 1.0;
  bool too_large = false;  // asks for more accelerators than all the orders of the scenario
  double flop = 0.0;       // its target, or 0 when it runs for a duration
};

struct GeneratedMarket {
  std::vector<std::string> providers;       // entities with fleets that sell under contracts
  std::vector<std::string> intermediaries;  // no fleet: pass on what they receive
  std::vector<GeneratedTenant> tenants;
  std::vector<GeneratedContract> contracts;
  std::vector<GeneratedRight> rights;
  std::vector<GeneratedRun> runs;
  // Market providers: the price as written, per PFLOP-hour or per
  // accelerator-hour (only providers with one type, `provider_type`).
  std::map<std::string, double> price_per_pflop_hour, price_per_accelerator_hour;
  std::map<std::string, std::string> provider_type;  // m1… → its catalog type
  std::map<std::string, double> reserved_share;      // providers that keep one
  std::map<std::string, double> bf16;  // catalog type → dense BF16 FLOP/s per accelerator
};

struct GeneratedScenario {
  std::string toml;
  Date start;
  Date end;
  std::vector<GeneratedSite> sites;
  std::vector<GeneratedPhase> phases;
  std::vector<GeneratedOrder> orders;
  // with_capital only.
  std::vector<std::string> vehicles;
  std::vector<GeneratedFacility> facilities;
  std::vector<std::string> with_cash;      // non-vehicles that pay only what they have
  std::optional<double> dev_capex_budget;  // USD per calendar year
  std::optional<double> enforced_budget;   // [program] budget with enforce = true
  // with_market only.
  std::optional<GeneratedMarket> market;
};

// `start` + `d` by the rules of MODEL.md §1 (whole days; calendar months,
// clamped to the month's end; a year is 12 months), written apart from the
// library's own date code so that checks do not test the engine against
// itself. REQUIRES: a whole amount.
Date add_duration(Date start, const Duration& d);

// A valid scenario drawn from `seed`, with what the checks need to know of it.
GeneratedScenario generate(std::uint64_t seed, const GenerateOptions& options = {});

// The TOML of generate(seed, options).
std::string generate_scenario(std::uint64_t seed, const GenerateOptions& options = {});

// A large, regular scenario for benchmarks: `sites` sites × `phases` phases,
// `orders` orders, over `years` years of daily steps, starting 2025-01-01.
// Phase starts, power blocks and orders are spread evenly over the horizon,
// so the engine has work in most steps. Deterministic in its arguments.
// REQUIRES: sites ≥ 1, phases ≥ 1, orders ≥ 0, years ≥ 1.
std::string generate_large_scenario(int sites, int phases, int orders, int years);

}  // namespace stargate::testing

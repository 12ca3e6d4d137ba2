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

// What a movement of money paid for (flows.csv's `kind`).
enum class FlowKind {
  kOpeningCash,    // external → entity, on the first day
  kEquity,         // investor → vehicle
  kDebtDraw,       // lender → borrower (also capitalised interest)
  kInterest,       // borrower → lender
  kCommitmentFee,  // borrower → lender
  kPrincipal,      // borrower → lender
  kConstruction,   // payer → external (contractors)
  kChips,          // payer → external (vendors)
  kEnergy,         // operator → external (utilities)
  kOperations,     // operator → external: O&M and staff
  kLandLease,      // operator → site owner (or external)
  kRevenue,        // payer (or external customers) → entity
  kFunding,        // funder vehicle → funded vehicle
  kDistribution,   // vehicle → owner
  kTax,            // vehicle → external
  kCapacity,       // customer → provider, under a capacity contract
};
const char* to_string(FlowKind k);
// Running costs: energy, operations (O&M and staff) and land leases.
constexpr bool is_opex(FlowKind k) {
  return k == FlowKind::kEnergy || k == FlowKind::kOperations || k == FlowKind::kLandLease;
}

// One row of flows.csv: a movement of money between two parties. Party -1 is
// the world outside the scenario ("external").
struct LedgerFlow {
  Date date;
  std::int32_t from = -1;
  std::int32_t to = -1;
  FlowKind kind = FlowKind::kOpeningCash;
  double amount = 0.0;       // USD, positive
  std::int32_t purpose = 0;  // index into Results::purposes
};

// An entity's money over the horizon: what it put in and took out, and the
// return on it. IRR and NPV use the entity's dated flows plus a terminal
// value at the end (MODEL.md §3).
struct EntityMoney {
  std::string id;
  std::string name;
  Usd paid_in;         // equity paid, capex and opex paid (everything out)
  Usd received;        // distributions, revenue, interest and principal received
  Usd cash_end;        // cash at the end (negative: funded from its balance sheet)
  Usd sunk;            // capex paid before the start, counted as paid on the start date
  Usd terminal_value;  // book value of its assets, its share of vehicles, loans due to it
  std::optional<double>
      irr;  // XIRR of its flows with the terminal value; none without a sign change
  Usd npv;  // at the program's discount rate, to the start date
  std::optional<Date>
      payback;  // first date its cumulative net flow turns non-negative after going negative
};

struct VehicleMoney {
  std::string id;
  Usd equity_committed;
  Usd equity_honoured;  // commitments honoured in this run
  Usd equity_called;
  Usd debt_committed;  // facility sizes
  Usd debt_drawn;      // including capitalised interest
  Usd debt_balance_end;
  Usd funding_received;  // from its funder vehicle ([[funding]]): sponsor money, like equity
  // Debt's share of the money raised: debt drawn ÷ (debt drawn + equity
  // called + funding received); none when nothing was raised.
  std::optional<double> debt_share;
  Usd capex_paid;
  // The funding gap: capex due by the plan and not paid — what its
  // construction would have spent by then had it never been paused, less
  // what it spent, plus accelerator lots due and unpaid; its peak over the
  // horizon and the first date it reached it.
  Usd peak_funding_gap;
  std::optional<Date> peak_funding_gap_date;
  std::optional<double> min_dscr;
  std::optional<Date> min_dscr_date;
  std::optional<Date> first_breach;  // a covenant test below min_dscr
  std::optional<Date> default_date;  // opex or debt service unpaid
  Usd arrears;                       // unpaid opex and debt service at the end
  Usd book_value_end;
};

struct EquityResult {
  std::string id;
  std::string investor;
  std::string vehicle;
  Usd amount;
  bool honoured = true;
  Usd called;
};

struct DebtResult {
  std::string id;
  std::string lender;
  std::string borrower;
  Usd size;
  Usd drawn;     // including capitalised interest
  Usd interest;  // paid in cash and capitalised
  Usd fees;
  Usd repaid;
  Usd balance_end;
};

struct ProgramMoney {
  std::string name;
  std::optional<Usd> budget;
  std::optional<Usd> first_tranche;
  Usd committed;  // equity commitments to the program's vehicles, and their debt facilities
  Usd honoured;
  Usd called;                      // equity called and debt drawn
  Usd spent;                       // capex paid by the program's vehicles
  std::vector<std::string> sites;  // whose cost, compute and jobs count below
  double discount_rate = 0.0;
  // Levelised cost of compute: the present value of capex and opex less the
  // book value left at the end, over the present value of accelerator-hours
  // (or dense BF16 PFLOP-days) available.
  std::optional<double> usd_per_accelerator_hour;
  std::optional<double> usd_per_pflop_day;
  Usd opex;  // energy, O&M, staff, leases paid in the horizon
  std::optional<double> construction_job_years;
  std::optional<double> permanent_jobs_end;
  std::vector<std::string> not_modelled;  // cost inputs absent from the scenario
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

// The capacity market (MODEL.md §5). Compute is counted at the peak dense
// BF16 rate of the accelerators: FLOP/s for a rate, FLOP (rate × seconds)
// for an amount over a year.
inline constexpr const char* kRouteNames[] = {"own", "contract", "rofr", "market"};

struct TenantYear {
  int year = 0;
  double days = 0.0;    // days of the year within the horizon
  double demand = 0.0;  // FLOP: inference + training blocks
  double inference_demand = 0.0;
  double served = 0.0;
  double by_route[4] = {0, 0, 0, 0};  // own, contract, right of first refusal, market
  std::vector<std::pair<std::string, double>> by_provider;  // served, per provider
  double training = 0.0;                                    // served to training runs
  double training_unmet = 0.0;                              // blocks of runs skipped
  double unmet = 0.0;                                       // inference demand not served
  double declined = 0.0;        // new demand the holder of the right of first refusal did not take
  double unaffordable = 0.0;    // new demand beyond the tenant's budget
  double idle_exclusive = 0.0;  // capacity exclusive to the tenant that no one used
  // The mean rate over the year's days in the horizon.
  double mean(double flop) const { return days > 0.0 ? flop / (days * 86400.0) : 0.0; }
};

struct TenantResult {
  std::string id;
  std::string rofr_holder;  // "" when none
  std::vector<TenantYear> years;
  // At the end: what it controls (FLOP/s), per site.
  std::vector<std::pair<std::string, double>> capacity_by_site;
  double paid = 0.0;  // to providers under contracts, USD
};

struct ContractResult {
  std::string id;
  std::string kind;   // lease, compute
  std::string route;  // contract (declared), rofr, market
  std::string provider, customer;
  std::string exclusive_to;
  Date start;
  Date end;                    // exclusive
  std::string unit;            // accelerators, MW, FLOP/s
  double delivered_end = 0.0;  // at the last allocation
  double peak_shortfall = 0.0;
  std::optional<Date> peak_shortfall_date;
  Usd paid;  // customer → provider, from the ledger
};

struct RunResult {
  std::string id;
  std::string tenant;
  bool frontier = false;
  std::string status;  // done, running (at the end), skipped
  std::string reason;  // why skipped
  std::string sites;   // "abilene" or "campus-2+campus-3"
  std::string accelerator;
  double accelerators = 0.0;
  Date start, end;
  double flop = 0.0;  // effective: accelerators × peak × MFU × goodput × efficiency × time
  double goodput = 0.0;
  double efficiency = 1.0;
  double params = 0.0, tokens = 0.0, loss = 0.0;
  std::optional<double> cost;  // USD; absent when the tenant pays nothing for its capacity
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
  Usd peak_funding_gap;  // all payers' capex due by the plan and not paid, at its highest
  std::optional<Date> peak_funding_gap_date;
  FlopPerSecond end_bf16;  // available at the end
  FlopPerSecond end_fp8;

  EnergyResult energy;
  Usd construction_capex;  // spent within the horizon
  Usd chip_capex;
  Usd spent_before_start;  // construction and chips paid before the start

  // Money (MODEL.md §3).
  std::vector<std::string> parties;   // entity ids, by index: flows' from and to
  std::vector<std::string> purposes;  // what flows paid for, by index
  std::vector<LedgerFlow> flows;      // flows.csv, in the order they happened
  std::vector<EntityMoney> entities;
  std::vector<VehicleMoney> vehicles;
  std::vector<EquityResult> equity;
  std::vector<DebtResult> debt;
  ProgramMoney program;

  // Capacity and training (MODEL.md §5–§6).
  std::vector<TenantResult> tenants;
  std::vector<ContractResult> contracts;
  std::vector<RunResult> runs;

  Timeline timeline;
};

}  // namespace stargate

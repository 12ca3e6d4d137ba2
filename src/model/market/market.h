// src/model/market/market.h
//
// The capacity market: who gets the compute, by which route, and what the
// tenants' training runs do with it (MODEL.md §5–§6).
//
// What is modelled:
//  - Holdings. Every entity holds the accelerators it bought that are up
//    (installed × availability), per site and type. A provider keeps its
//    `reserved_share` of them for its own use and offers the rest.
//  - Contracts, provider → customer. A lease routes MW of a site (the lessee
//    installs its own accelerators; the lease tags them when it is
//    exclusive, and is paid on the MW delivered). A compute contract routes
//    accelerators: a count, a share of what the provider has, everything it
//    receives under another contract (`all_of`), or — for contracts signed
//    in the run — a FLOP/s amount. Capacity moves as slots (site, type,
//    exclusivity tag, count, the contract it came by), so every tenant knows
//    where its capacity physically is.
//  - Each allocation takes the entities in contract order (providers before
//    customers). A provider's active contracts are served by priority
//    (explicit, else earliest signed), pro rata within one: each contract
//    claims a share of every slot it may take, and a slot claimed beyond
//    what it holds is cut pro rata. The shortfall is reported per contract.
//    Leases of one site are cut the same way, by the same ranks.
//  - Exclusivity: a slot tagged for tenant T goes only to a contract whose
//    customer is T, that is itself exclusive to T, or that passes on by
//    all_of a contract carrying T's tag (the tag rides along the chain);
//    what no one of T's demand uses stays idle and is reported.
//  - Tenants use what they control (own + received − passed on): training
//    runs first (each holds a fixed block), inference the rest. Demand beyond
//    it is new demand: offered (tenants by priority, pro rata within one) to
//    the holder of an active right of first refusal, which accepts its
//    take_fraction up to its spare capacity, then to market providers
//    cheapest first per PFLOP-hour, each up to its spare capacity, within the
//    tenant's compute budget. Pro rata shares are of a provider's spare
//    capacity before any tenant of the priority signs with it; what they
//    leave (capacity exclusive to one tenant, or beyond another's budget)
//    goes to the tenants still asking. One offer signs at most one contract
//    per provider, tenant and route. What is accepted becomes a contract from the
//    next step, for the tenant's procurement term; what is left is unmet and
//    offered again after `retry`.
//  - Payments: each contract's daily rate from what it delivers (take or
//    pay), or from the share its customer uses (otherwise).
//
// Allocation runs at processed steps (the engine processes every month's
// first step, each contract's start and end, and each run's start and end),
// and stands until the next: demand curves are sampled there.
//
// Known limits: a run's block is fixed at its start and is not re-checked
// if the tenant's capacity later falls; contracts signed in the run are
// sized in FLOP/s and priced per PFLOP-hour; no resale between tenants.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "model/buildout/buildout.h"
#include "model/fleet/fleet.h"
#include "scenario/spec.h"

namespace stargate {

enum class Route { kOwn, kContract, kRofr, kMarket };
inline constexpr int kRoutes = 4;
const char* to_string(Route r);

enum class AmountKind { kCount, kShare, kAll, kFlops, kLease };
enum class PriceKind { kPerAcceleratorHour, kPerMwMonth, kFixedPerYear, kPerPflopHour };

struct ContractPlan {
  std::string id;
  AmountKind amount_kind = AmountKind::kCount;
  double amount = 0.0;       // accelerators, a share, FLOP/s, or MW (lease)
  bool lease_share = false;  // a lease of a share of the site's online IT MW
  std::int32_t all_of = -1;  // a contract index
  std::int32_t provider = 0;
  std::int32_t customer = 0;
  Date start;
  Date end;  // exclusive; Date::max() when open
  std::int32_t priority = 0;
  Date signed_on;
  bool explicit_priority = false;
  std::int32_t site = -1;
  std::int32_t type = -1;
  std::int32_t exclusive_to = -1;  // an entity
  bool take_or_pay = true;
  PriceKind price_kind = PriceKind::kPerAcceleratorHour;
  double price = 0.0;
  Route route = Route::kContract;
  std::int32_t opex_line = -1;  // the capital model's line that pays it
};

struct RunPlan {
  std::string id;
  Date earliest;
  double flop = 0.0;  // the target, or 0 with a duration
  Duration duration;
  bool fp8 = false;
  double mfu = 0.4;
  double min_accelerators = 1.0;
  double max_accelerators = std::numeric_limits<double>::infinity();
  std::int32_t sites = 1;
  double site_penalty = 0.0;
  double checkpoint_hours = 0.0;
  double restart_hours = 0.0;
};

struct FrontierPlan {
  bool present = false;
  Date start;
  Duration cadence;
  RunPlan run;  // duration, precision, mfu, min_accelerators, checkpoint, restart
};

struct TenantPlan {
  std::int32_t entity = 0;
  std::int32_t priority = 1;
  Duration term;
  Duration retry;
  // Inference demand (FLOP/s): dated points, or start × (1 + growth)^years.
  std::vector<std::pair<Date, double>> points;
  bool growth_form = false;
  Date start;
  double start_flops = 0.0;
  double growth = 0.0;
  std::vector<std::pair<Date, double>> budget;  // $ per year; empty: no limit
  std::vector<RunPlan> runs;
  FrontierPlan frontier;
  double demand(Date d) const;
  std::optional<double> budget_at(Date d) const;
};

struct RofrPlan {
  std::string id;
  std::int32_t tenant = 0;  // entity
  std::int32_t holder = 0;
  Date start;
  Date end;  // exclusive
  double take = 0.0;
  std::optional<double> price_per_pflop_hour;
};

struct MarketType {
  double bf16 = 0.0;  // FLOP/s per accelerator
  double fp8 = 0.0;
  double watts = 0.0;
  double mtbf_hours = 0.0;  // 0: unknown (no failures)
};

struct MarketPlan {
  std::vector<std::string> entity_ids;
  std::vector<std::string> site_ids;
  std::vector<std::string> type_ids;
  std::vector<ContractPlan> contracts;
  std::vector<TenantPlan> tenants;
  std::vector<RofrPlan> rofr;
  std::vector<double> reserved_share;                       // per entity
  std::vector<std::optional<double>> price_per_pflop_hour;  // per entity: market providers
  std::vector<std::optional<double>> price_per_accelerator_hour;
  std::vector<MarketType> types;
  std::vector<std::int32_t> order_buyer;
  bool present() const { return !contracts.empty() || !tenants.empty(); }
};

// A tenant's state after an allocation, in FLOP/s of dense BF16.
struct TenantState {
  double demand = 0.0;  // inference + training blocks
  double inference_demand = 0.0;
  double training = 0.0;                  // held by runs (served)
  double training_unmet = 0.0;            // blocks of runs skipped this allocation
  double served[kRoutes] = {0, 0, 0, 0};  // inference and training, by route
  double unmet = 0.0;                     // inference demand not served
  double declined = 0.0;        // the latest offer: what the holder of the right did not take
  double unaffordable = 0.0;    // the latest offer: what the budget did not allow
  double idle_exclusive = 0.0;  // capacity exclusive to it that no one uses
  double controlled = 0.0;
  std::vector<double> by_provider;  // served, per entity
};

struct RunRecord {
  std::string id;
  std::int32_t tenant = 0;
  bool frontier = false;
  bool skipped = false;
  std::string reason;                                   // why skipped
  std::vector<std::pair<std::int32_t, double>> blocks;  // (site, accelerators)
  std::int32_t type = -1;
  double accelerators = 0.0;
  Date start, end;
  double flop = 0.0;  // effective compute
  double goodput = 0.0;
  double efficiency = 1.0;  // multi-site
  double params = 0.0, tokens = 0.0, loss = 0.0;
  double cost = 0.0;  // accelerator-hours × the tenant's mean price of capacity at the start
  bool priced = false;
};

struct ContractTally {
  double delivered = 0.0;  // accelerators, at the latest allocation
  double delivered_flops = 0.0;
  double delivered_watts = 0.0;  // all-in IT watts of the accelerators delivered
  double shortfall = 0.0;        // promised − delivered (accelerators; FLOP/s for kFlops)
  double peak_shortfall = 0.0;
  Date peak_shortfall_date;
  double rate = 0.0;  // USD per day
  double used = 1.0;  // the customer's use share
};

class Market {
 public:
  // Capacity as it moves: `count` accelerators of one type at one site,
  // exclusive to the entity `tag` (-1: to no one), received under contract
  // `via` (-1: the holder's own).
  struct Slot {
    std::int32_t site, type, tag, via;
    double count;
  };

  Market(MarketPlan plan, const Calendar& calendar);

  // Allocates capacity at step k from the fleet's installed accelerators and
  // the sites' online IT MW; signs new contracts for new demand (from the
  // next step); starts and ends training runs.
  void allocate(std::int32_t k, const Fleet& fleet, const Buildout& build);
  // The first step after k at which the market must allocate again.
  std::int32_t next_event_step(std::int32_t k) const;
  // Contracts signed since the last call (indices), for their payment lines.
  std::vector<std::int32_t> take_signed();

  const MarketPlan& plan() const { return plan_; }
  std::vector<ContractPlan>& contracts() { return plan_.contracts; }
  const std::vector<ContractTally>& tallies() const { return tallies_; }
  const std::vector<TenantState>& tenants() const { return tenant_state_; }
  const std::vector<RunRecord>& runs() const { return runs_; }
  // Per site: the share of its up accelerators in use (a tenant's runs and
  // inference, a provider's reserved own use); 1 where nothing is up.
  const std::vector<double>& site_use() const { return site_use_; }
  // What tenant t controls (FLOP/s) per site at the last allocation.
  std::vector<std::pair<std::string, double>> capacity_by_site(std::int32_t t) const;
  // The tenant index of entity e, or -1.
  std::int32_t tenant_of(std::int32_t e) const { return tenant_index_[static_cast<size_t>(e)]; }
  // Per entity, what it holds after the last allocation: its own less its
  // reserved use and what it passed on, plus what it received; a provider's
  // pool is also less what it signed in that allocation's offers. For
  // checks of the allocation (tests/properties/market_checks.h).
  const std::vector<std::vector<Slot>>& pools() const { return pools_; }

 private:
  struct Held {
    std::int32_t run, site, type;
    double count;
    Date end;
  };
  double flops(const Slot& s) const {
    return s.count * plan_.types[static_cast<size_t>(s.type)].bf16;
  }
  void holdings(const Fleet& fleet, Date d, std::vector<std::vector<Slot>>& own);
  void route(Date d, std::vector<std::vector<Slot>>& pools);
  void leases(Date d, const Fleet& fleet, const Buildout& build);
  void train(std::int32_t t, Date d, const std::vector<Slot>& pool);
  void use(Date d, const std::vector<std::vector<Slot>>& pools);
  void offer(std::int32_t k, Date d, std::vector<std::vector<Slot>>& pools);
  void pay(Date d);
  double spare_for(const std::vector<Slot>& pool, std::int32_t entity) const;
  double price_per_pflop_hour(std::int32_t provider, const std::vector<Slot>& pool) const;
  RunRecord start_run(const RunPlan& run, std::int32_t t, Date d, bool frontier,
                      const std::vector<Slot>& pool);

  MarketPlan plan_;
  const Calendar& calendar_;
  std::vector<std::int32_t> tenant_index_;  // per entity
  std::vector<ContractTally> tallies_;
  std::vector<TenantState> tenant_state_;
  std::vector<RunRecord> runs_;
  std::vector<Held> held_;
  std::vector<char> run_done_;               // explicit runs, flattened per tenant
  std::vector<std::int32_t> run_offset_;     // per tenant: its first explicit run in run_done_
  std::vector<std::int32_t> frontier_next_;  // per tenant: the next frontier run's number
  std::vector<Date> next_offer_;             // per tenant
  std::vector<double> pending_;              // per tenant: FLOP/s signed, not yet started
  std::vector<double> site_use_;
  std::vector<double> lease_mw_, lease_used_mw_;  // per contract
  std::vector<double> pool_total_, pool_unused_;  // per entity, accelerators
  std::vector<std::int32_t> signed_;
  std::vector<std::vector<double>> controlled_at_;         // per tenant, per site: FLOP/s
  std::vector<std::pair<std::int32_t, double>> reserved_;  // (site, accelerators) kept by providers
  std::vector<std::vector<Slot>> pools_;                   // per entity, see pools()
  // Buffers an allocation reuses, so that it does not allocate memory each
  // time (an allocation runs every month of every Monte Carlo trial).
  struct Scratch {
    std::vector<std::int32_t> indegree, order, carries, mine;
    std::vector<std::vector<std::int32_t>> out;
    std::vector<Slot> initial;
    std::vector<double> claim, fraction, used_at, idle_for, held, up_at;
  };
  Scratch scratch_;
};

}  // namespace stargate

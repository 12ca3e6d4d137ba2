// The step loop: the one place the order of the model is written.
//
// Each step runs three phases (MODEL.md §2), so that no subsystem reads a
// value computed later in the same step:
//   1. request  construction capex on its S-curve, chip payments for lots due;
//   2. fund     the capital model pays what each payer owes (opex, revenue,
//               debt service), then decides per payer what share of its capex
//               is paid (equity calls, debt draws, funders) and defers the rest;
//   3. execute  lots arrive and are installed, construction advances by what
//               was funded, energy is drawn, the step's stocks are recorded.
// Changes dated at a step boundary (power blocks, retirements), phases built
// in the previous step coming online, and accruals settling at a month's
// start happen at the start of the step they fall in, before anything reads
// them.
//
// The loop does work only when something changes: after a step, each
// subsystem names the next step in which its state can change, and the steps
// in between are recorded as one quiet stretch (stocks unchanged, energy at
// its constant rate, costs accruing lazily).

#include "sim/engine.h"

#include <algorithm>
#include <cmath>

#include "model/buildout/buildout.h"
#include "model/capital/capital.h"
#include "model/fleet/fleet.h"
#include "model/market/market.h"
#include "model/ops/energy.h"
#include "sim/market_outcomes.h"
#include "sim/outcomes.h"
#include "sim/recorder.h"
#include "sim/resolve.h"

namespace stargate {
namespace {

constexpr double kHoursPerDay = 24.0;
constexpr double kDaysPerYear = 365.0;

DispatchRate sum(const std::vector<DispatchRate>& rates) {
  DispatchRate t;
  for (const DispatchRate& r : rates) {
    t.load += r.load;
    t.grid += r.grid;
    t.onsite += r.onsite;
    t.unserved += r.unserved;
    t.usd_per_hour += r.usd_per_hour;
    t.tco2_per_hour += r.tco2_per_hour;
  }
  return t;
}

void add_energy(EnergyResult& e, const DispatchRate& rate, double hours) {
  e.total += MegawattHours(rate.load.value() * hours);
  e.grid += MegawattHours(rate.grid.value() * hours);
  e.onsite += MegawattHours(rate.onsite.value() * hours);
  e.cost += Usd(rate.usd_per_hour * hours);
  e.emissions += TonnesCo2(rate.tco2_per_hour * hours);
}

[[noreturn]] void invariant_broken(const std::string& what, Date d, const std::string& site) {
  throw Error(ErrorKind::kInternal,
              "internal: " + what + " at site '" + site + "' on " + d.to_string());
}

}  // namespace

Results run_trial(const ScenarioSpec& spec, const Draws& draws, const RunOptions& options) {
  const StepKind step = options.step.value_or(spec.info.step);
  const Calendar calendar(spec.info.start, spec.info.end, step);
  ModelInputs in = resolve_inputs(spec, draws);
  const size_t nsites = in.sites.size();
  Buildout build(in.sites, in.phases, calendar);
  Fleet fleet(in.types, in.lots, nsites, spec.orders.size(), calendar);
  CapitalModel capital(in.capital, calendar);
  Market market(std::move(in.market), calendar);
  MarketTally market_tally(market);
  const bool has_market = market.plan().present();
  std::int32_t market_due = 0;  // the next step at which the market allocates by itself
  build.begin();
  fleet.begin();
  capital.begin();

  std::vector<std::int32_t> vehicles;
  for (size_t e = 0; e < spec.entities.size(); ++e) {
    if (spec.entities[e].has(Role::kVehicle)) vehicles.push_back(static_cast<std::int32_t>(e));
  }
  Results res;
  Recorder rec(calendar, spec, vehicles, options.record_timeline, options.only_series);
  std::vector<DispatchRate> rates(nsites);
  std::vector<Megawatts> peak_load(nsites);
  std::vector<double> online_capex(nsites, 0.0);
  DispatchRate total_rate;
  double program_up = 0.0, program_bf16 = 0.0;  // over the program's sites
  Tallies tallies;
  tallies.funding_gap.resize(spec.entities.size());
  Peak gap_peak;  // all payers
  const double discount = resolve(spec.program.discount_rate, draws).value();
  CapexRequests requests;
  std::vector<CapexOrder> order;
  std::vector<double> gap_of(spec.entities.size(), 0.0);
  const std::int32_t n = calendar.steps();
  const Date d0 = calendar.begin(0);

  // Land leases run from the start at a constant rate.
  for (size_t s = 0; s < nsites; ++s) {
    if (in.site_lines[s][2] >= 0) {
      capital.set_opex_rate(static_cast<size_t>(in.site_lines[s][2]),
                            in.land_lease_per_year[s] / kDaysPerYear);
    }
  }
  // New assets in service: online phases (owned by their payer) and installed
  // accelerators (owned by their buyer), for depreciation and book value.
  auto register_assets = [&]() {
    for (std::int32_t i : build.take_online_phases()) {
      const PhasePlan& pp = build.phases()[static_cast<size_t>(i)];
      const Date online = build.states()[static_cast<size_t>(i)].online;
      const Duration life = in.building_life[static_cast<size_t>(pp.site)];
      capital.add_asset(
          Asset{pp.payer, pp.capex.value(), online, std::max(1, life.days_from(online)), pp.site});
      online_capex[static_cast<size_t>(pp.site)] += pp.capex.value();
    }
    for (const Cohort& c : fleet.take_new_cohorts()) {
      const double cost =
          in.order_unit_price[static_cast<size_t>(c.order)].value() * c.count.value();
      const Duration life = in.type_life[static_cast<size_t>(c.type)];
      capital.add_asset(Asset{in.order_buyer[static_cast<size_t>(c.order)], cost, c.installed,
                              std::max(1, life.days_from(c.installed)), c.site});
    }
  };
  register_assets();

  std::int32_t last_processed = 0;
  for (std::int32_t k = 0; k < n;) {
    last_processed = k;
    const Date d = calendar.begin(k), e = calendar.end(k);
    // Changes dated at this step's start: accruals settle, accelerators
    // retire, built phases come online where power allows.
    capital.begin_step(k);
    bool fleet_moved = fleet.retire(k);
    build.start_of_step(k);
    for (std::int32_t s : build.came_online()) fleet.room_changed(s);

    // 1. Request.
    requests.clear();
    build.request(k, requests);
    fleet.request(k, requests);
    order.clear();
    for (CapexRequest& r : requests.items) {
      if (r.kind == CapexKind::kConstruction) {
        r.purpose = in.phase_purpose[static_cast<size_t>(r.item)];
        order.push_back(CapexOrder{in.phase_order[static_cast<size_t>(r.item)].priority,
                                   build.states()[static_cast<size_t>(r.item)].start});
      } else {
        const DeliveryLot& lot = fleet.lots()[static_cast<size_t>(r.item)];
        r.purpose = in.order_purpose[static_cast<size_t>(lot.order)];
        order.push_back(CapexOrder{
            in.order_priority[static_cast<size_t>(lot.order)].value_or(1 << 30), lot.date});
      }
    }
    // 2. Fund.
    capital.fund(k, requests, order);
    // 3. Execute: lots arrive and are installed, construction advances (a
    // phase finished in this step is under construction in this step's row
    // and built from the next), then the step's stocks are recorded.
    fleet_moved = fleet.deliver(k, requests) || fleet_moved;
    if (fleet_moved || !build.came_online().empty() || k == 0)
      fleet_moved = fleet.install(k, build) || fleet_moved;
    build.execute(k, requests);
    register_assets();
    // Capacity is allocated on what is installed now, at the market's own
    // dates (months, contracts, runs, retries) and whenever capacity changed;
    // contracts' payments run at the rates this sets until the next one.
    // Steps processed for other reasons (a capital event) leave it as it is,
    // so its results do not depend on them.
    const bool allocate =
        has_market && (k >= market_due || fleet_moved || !build.came_online().empty() || k == 0);
    if (allocate) {
      market.allocate(k, fleet, build);
      market_due = market.next_event_step(k);
      for (std::int32_t c : market.take_signed()) {
        ContractPlan& cp = market.contracts()[static_cast<size_t>(c)];
        cp.opex_line = static_cast<std::int32_t>(capital.add_opex_line(
            cp.customer, cp.provider, FlowKind::kCapacity, "contracts." + cp.id));
      }
      for (size_t c = 0; c < market.contracts().size(); ++c) {
        const ContractPlan& cp = market.contracts()[c];
        if (cp.opex_line >= 0)
          capital.set_opex_rate(static_cast<size_t>(cp.opex_line), market.tallies()[c].rate);
      }
    }

    Usd construction, chips;
    for (size_t r = 0; r < requests.items.size(); ++r) {
      const Usd paid = requests.items[r].amount * requests.funded_share[r];
      (requests.items[r].kind == CapexKind::kConstruction ? construction : chips) += paid;
    }
    res.construction_capex += construction;
    res.chip_capex += chips;

    // Sites whose build-out or fleet changed: their stocks, energy and
    // running costs.
    std::vector<std::int32_t> changed = build.take_changed_sites();
    for (std::int32_t s : fleet.take_changed_sites()) {
      if (std::find(changed.begin(), changed.end(), s) == changed.end()) changed.push_back(s);
    }
    // With a market, the use of every site follows the allocation.
    if (allocate) {
      changed.resize(nsites);
      for (size_t s = 0; s < nsites; ++s) changed[s] = static_cast<std::int32_t>(s);
    }
    for (std::int32_t si : changed) {
      const size_t s = static_cast<size_t>(si);
      const SitePlan& plan = build.sites()[s];
      const SiteFleet& sf = fleet.site(si);
      if (sf.watts_installed.value() > build.online_it_mw(si).value() * 1e6 + 1e-3) {
        invariant_broken("installed accelerators draw more than the online IT MW", d, plan.id);
      }
      const double use = has_market ? market.site_use()[s] : plan.utilisation.value();
      rates[s] = dispatch(sf.it_load * use * plan.pue, plan.power, d);
      if (rates[s].unserved.value() > 1e-9)
        invariant_broken("facility load exceeds the power online", d, plan.id);
      peak_load[s] = std::max(peak_load[s], rates[s].load);
      if (in.site_lines[s][0] >= 0) {
        capital.set_opex_rate(static_cast<size_t>(in.site_lines[s][0]),
                              rates[s].usd_per_hour * kHoursPerDay);
        const double operations = in.om_rate[s] * online_capex[s] +
                                  in.staff_cost_per_mw_year[s] * build.online_it_mw(si).value();
        capital.set_opex_rate(static_cast<size_t>(in.site_lines[s][1]), operations / kDaysPerYear);
      }
      rec.site(k, s, build, fleet, d, rates[s].load.value());
    }
    if (!changed.empty()) {
      total_rate = sum(rates);
      double online = 0.0, installed = 0.0, waiting = 0.0;
      FlopPerSecond bf16, fp8;
      program_up = 0.0;
      program_bf16 = 0.0;
      for (size_t s = 0; s < nsites; ++s) {
        const SiteFleet& sf = fleet.site(static_cast<std::int32_t>(s));
        online += build.online_it_mw(static_cast<std::int32_t>(s)).value();
        installed += sf.installed.value();
        waiting += sf.waiting.value();
        bf16 += sf.bf16;
        fp8 += sf.fp8;
        if (in.program_site[s]) {
          program_up += sf.up.value();
          program_bf16 += sf.bf16.value();
        }
      }
      if (bf16 > res.peak_bf16) {
        res.peak_bf16 = bf16;
        res.peak_date = d;
      }
      res.peak_fp8 = std::max(res.peak_fp8, fp8);
      res.energy.peak_facility_load = std::max(res.energy.peak_facility_load, total_rate.load);
      rec.totals(k, online, installed, waiting, bf16.value(), fp8.value(), total_rate.load.value());
    }
    capital.end_step(k);
    // Each payer's funding gap: its construction behind schedule
    // and lots due but unpaid.
    std::fill(gap_of.begin(), gap_of.end(), 0.0);
    fleet.unpaid_due(e, gap_of);
    for (std::int32_t i : build.building()) {
      gap_of[static_cast<size_t>(build.phases()[static_cast<size_t>(i)].payer)] +=
          build.behind_schedule(i, e).value();
    }
    double gap_all = 0.0;
    for (size_t p = 0; p < gap_of.size(); ++p) {
      tallies.funding_gap[p].see(gap_of[p], d);
      gap_all += gap_of[p];
    }
    rec.funding_gap(k, gap_all);
    gap_peak.see(gap_all, d);
    double gap = 0.0;
    for (size_t v = 0; v < vehicles.size(); ++v) {
      const std::int32_t ve = vehicles[v];
      gap += capital.gap_step(ve);
      rec.vehicle(k, v, capital.ledger().cash(ve), capital.gap_step(ve), capital.equity_step(ve),
                  capital.debt_step(ve), capital.debt_balance(ve), gap_of[static_cast<size_t>(ve)]);
    }
    for (size_t p = 0; p < spec.entities.size(); ++p) {
      if (!spec.entities[p].has(Role::kVehicle))
        gap += capital.gap_step(static_cast<std::int32_t>(p));
    }

    // Flows: this step, then the quiet steps up to the next change.
    const std::int32_t next =
        std::min({build.next_event_step(k), fleet.next_event_step(k), capital.next_event_step(k),
                  has_market ? market_due : n, n});
    const Date quiet_end = calendar.begin(next);  // begin(n) is the day after the end
    const double hours = calendar.days(k) * kHoursPerDay;
    add_energy(res.energy, total_rate, hours);
    rec.flows(k, construction.value(), chips.value(), total_rate, hours, gap);
    if (next > k + 1) {
      add_energy(res.energy, total_rate, (quiet_end - e) * kHoursPerDay);
      rec.quiet(k + 1, next, total_rate, calendar);
    }
    if (has_market) {
      market_tally.see(market, d, quiet_end);
      rec.tenants(k, market);
    }
    if (program_up > 0.0 || program_bf16 > 0.0) {
      const double days = discounted_days(discount, d0, d, quiet_end);
      tallies.accelerator_hours += program_up * kHoursPerDay * days;
      tallies.pflop_days += program_bf16 / 1e15 * days;
    }
    k = next;
  }
  // The final settlement (accruals to the end, the last year's taxes) is
  // dated the last day: it belongs to the last step's row of the timeline,
  // as it does to flows.csv, so the last step's cash is the summary's.
  if (last_processed != n - 1) capital.clear_step();
  capital.finish();
  for (size_t v = 0; v < vehicles.size(); ++v) {
    const std::int32_t ve = vehicles[v];
    rec.vehicle(n - 1, v, capital.ledger().cash(ve), capital.gap_step(ve), capital.equity_step(ve),
                capital.debt_step(ve), capital.debt_balance(ve), gap_of[static_cast<size_t>(ve)]);
  }

  res.scenario_id = spec.info.id;
  res.scenario_name = spec.info.name;
  res.start = spec.info.start;
  res.end = spec.info.end;
  res.step = step == StepKind::kDay ? "day" : step == StepKind::kWeek ? "week" : "month";
  physical_outcomes(spec, in, calendar, build, fleet, peak_load, res);
  res.peak_funding_gap = Usd(gap_peak.value);
  res.peak_funding_gap_date = gap_peak.date;
  money_outcomes(spec, draws, in, calendar, capital, tallies, res);
  if (has_market) market_tally.finish(market, spec.info.end + 1, res);
  res.timeline = rec.take();
  return res;
}

}  // namespace stargate

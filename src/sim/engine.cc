// The step loop: the one place the order of the model is written.
//
// Each step runs three phases (MODEL.md §2), so that no subsystem reads a
// value computed later in the same step:
//   1. request  construction capex on its S-curve, chip payments on delivery;
//   2. fund     decide per payer what is paid (until the capital model lands,
//               every request is paid in full);
//   3. execute  construction advances by what was funded, lots are delivered
//               and installed, energy is drawn, the recorder takes the values.
// Changes dated at a step boundary (power blocks, retirements) and phases
// built in the previous step coming online belong to the execute phase of the
// step they fall in, and are applied before anything reads them.
//
// The loop does work only when something changes: after a step, each
// subsystem names the next step in which its state can change, and the steps
// in between are recorded as one quiet stretch (stocks unchanged, flows at
// their constant rates). A deterministic run of the built-in scenario visits
// a few hundred of its ~2,200 daily steps.

#include "sim/engine.h"

#include <algorithm>
#include <cmath>

#include "model/buildout/buildout.h"
#include "model/fleet/fleet.h"
#include "model/ops/energy.h"
#include "sim/resolve.h"

namespace stargate {
namespace {

constexpr double kHoursPerDay = 24.0;

// Until the capital model (issue 3) decides who pays, every request is paid.
void fund_everything(CapexRequests& requests) {
  requests.funded_share.assign(requests.items.size(), 1.0);
}

struct SiteSeries {
  std::int32_t construction, awaiting, online, power, installed, waiting, load;
};

// Keeps the named series of the timeline; does nothing when disabled.
class Recorder {
 public:
  Recorder(const Calendar& calendar, const ScenarioSpec& spec, bool enabled) : enabled_(enabled) {
    if (!enabled_) return;
    timeline_.boundaries = calendar.boundaries();
    for (const SiteSpec& s : spec.sites) {
      SiteSeries ids;
      ids.construction = add(s.id + "_construction_it_mw", "MW", false);
      ids.awaiting = add(s.id + "_awaiting_power_it_mw", "MW", false);
      ids.online = add(s.id + "_online_it_mw", "MW", false);
      ids.power = add(s.id + "_power_mw", "MW", false);
      ids.installed = add(s.id + "_installed_accelerators", "accelerators", false);
      ids.waiting = add(s.id + "_waiting_accelerators", "accelerators", false);
      ids.load = add(s.id + "_facility_load_mw", "MW", false);
      sites_.push_back(ids);
    }
    online_ = add("online_it_mw", "MW", false);
    installed_ = add("installed_accelerators", "accelerators", false);
    waiting_ = add("waiting_accelerators", "accelerators", false);
    bf16_ = add("capacity_bf16_flop_per_s", "FLOP/s", false);
    fp8_ = add("capacity_fp8_flop_per_s", "FLOP/s", false);
    load_ = add("facility_load_mw", "MW", false);
    construction_ = add("construction_capex_usd", "USD", true);
    chips_ = add("chip_capex_usd", "USD", true);
    energy_ = add("energy_mwh", "MWh", true);
    grid_ = add("grid_energy_mwh", "MWh", true);
    onsite_ = add("onsite_energy_mwh", "MWh", true);
    cost_ = add("energy_cost_usd", "USD", true);
    emissions_ = add("emissions_tco2", "tCO2", true);
  }

  void site(std::int32_t k, size_t s, const Buildout& b, const Fleet& f, Date d) {
    if (!enabled_) return;
    const SiteSeries& ids = sites_[s];
    const auto si = static_cast<std::int32_t>(s);
    set(ids.construction, k, b.building_it_mw(si, d).value());
    set(ids.awaiting, k, b.awaiting_power_it_mw(si, d).value());
    set(ids.online, k, b.online_it_mw(si).value());
    set(ids.power, k, b.available_mw(si, d).value());
    set(ids.installed, k, f.site(si).installed.value());
    set(ids.waiting, k, f.site(si).waiting.value());
  }
  void site_load(std::int32_t k, size_t s, double mw) {
    if (enabled_) set(sites_[s].load, k, mw);
  }
  void totals(std::int32_t k, double online, double installed, double waiting, double bf16,
              double fp8, double load) {
    if (!enabled_) return;
    set(online_, k, online);
    set(installed_, k, installed);
    set(waiting_, k, waiting);
    set(bf16_, k, bf16);
    set(fp8_, k, fp8);
    set(load_, k, load);
  }
  void flows(std::int32_t k, double construction, double chips, const DispatchRate& rate,
             double hours) {
    if (!enabled_) return;
    set(construction_, k, construction);
    set(chips_, k, chips);
    set(energy_, k, rate.load.value() * hours);
    set(grid_, k, rate.grid.value() * hours);
    set(onsite_, k, rate.onsite.value() * hours);
    set(cost_, k, rate.usd_per_hour * hours);
    set(emissions_, k, rate.tco2_per_hour * hours);
  }
  Timeline take() { return std::move(timeline_); }

 private:
  std::int32_t add(std::string name, const char* unit, bool flow) {
    Series s;
    s.name = std::move(name);
    s.unit = unit;
    s.is_flow = flow;
    s.set(0, 0.0);
    timeline_.series.push_back(std::move(s));
    return static_cast<std::int32_t>(timeline_.series.size()) - 1;
  }
  void set(std::int32_t id, std::int32_t k, double v) {
    timeline_.series[static_cast<size_t>(id)].set(k, v);
  }

  bool enabled_;
  Timeline timeline_;
  std::vector<SiteSeries> sites_;
  std::int32_t online_ = 0, installed_ = 0, waiting_ = 0, bf16_ = 0, fp8_ = 0, load_ = 0;
  std::int32_t construction_ = 0, chips_ = 0, energy_ = 0, grid_ = 0, onsite_ = 0, cost_ = 0,
               emissions_ = 0;
};

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

CriticalPath critical_path_of(const PhaseState& st) {
  switch (st.status) {
    case PhaseStatus::kPlanned:
      return CriticalPath::kNotStarted;
    case PhaseStatus::kBuilding:
      return st.money_pause_days > 0.0 ? CriticalPath::kMoney : CriticalPath::kConstruction;
    case PhaseStatus::kBuilt:
      return CriticalPath::kPower;
    case PhaseStatus::kOnline:
      if (st.online > st.built) return CriticalPath::kPower;
      return st.money_pause_days > 0.0 ? CriticalPath::kMoney : CriticalPath::kConstruction;
  }
  return CriticalPath::kNotStarted;
}

}  // namespace

Results run_trial(const ScenarioSpec& spec, const Draws& draws, const RunOptions& options) {
  const Calendar calendar(spec.info.start, spec.info.end, options.step.value_or(spec.info.step));
  ModelInputs in = resolve_inputs(spec, draws);
  const size_t nsites = in.sites.size();
  const std::vector<Accelerators> order_count = in.order_count;
  const std::vector<Usd> order_price = in.order_unit_price;
  Buildout build(std::move(in.sites), std::move(in.phases), calendar);
  Fleet fleet(std::move(in.types), std::move(in.lots), nsites, spec.orders.size(), calendar);
  build.begin();
  fleet.begin();

  Results res;
  Recorder rec(calendar, spec, options.record_timeline);
  std::vector<DispatchRate> rates(nsites);
  std::vector<Megawatts> peak_load(nsites);
  DispatchRate total_rate;
  CapexRequests requests;
  const std::int32_t n = calendar.steps();

  for (std::int32_t k = 0; k < n;) {
    const Date d = calendar.begin(k);
    // Execute-phase changes dated at this step's start.
    bool fleet_moved = fleet.retire(k);
    build.start_of_step(k);
    for (std::int32_t s : build.came_online()) fleet.room_changed(s);
    // 1. Request.
    requests.clear();
    build.request(k, requests);
    fleet.request(k, requests);
    // 2. Fund.
    fund_everything(requests);
    // 3. Execute: lots arrive and are installed, construction advances (a
    // phase finished in this step is under construction in this step's row
    // and built from the next), then the step's stocks are recorded.
    fleet_moved = fleet.deliver(k, requests) || fleet_moved;
    if (fleet_moved || !build.came_online().empty() || k == 0) fleet.install(k, build);
    build.execute(k, requests);

    Usd construction, chips;
    for (size_t r = 0; r < requests.items.size(); ++r) {
      const Usd paid = requests.items[r].amount * requests.funded_share[r];
      (requests.items[r].kind == CapexKind::kConstruction ? construction : chips) += paid;
    }
    res.construction_capex += construction;
    res.chip_capex += chips;

    // Sites whose build-out or fleet changed: their stocks and energy rates.
    std::vector<std::int32_t> changed = build.take_changed_sites();
    for (std::int32_t s : fleet.take_changed_sites()) {
      if (std::find(changed.begin(), changed.end(), s) == changed.end()) changed.push_back(s);
    }
    const bool any_site = !changed.empty();
    for (std::int32_t si : changed) {
      const size_t s = static_cast<size_t>(si);
      const SitePlan& plan = build.sites()[s];
      const SiteFleet& sf = fleet.site(si);
      if (sf.watts_installed.value() > build.online_it_mw(si).value() * 1e6 + 1e-3) {
        invariant_broken("installed accelerators draw more than the online IT MW", d, plan.id);
      }
      rates[s] = dispatch(sf.it_load * plan.utilisation * plan.pue, plan.power, d);
      if (rates[s].unserved.value() > 1e-9)
        invariant_broken("facility load exceeds the power online", d, plan.id);
      peak_load[s] = std::max(peak_load[s], rates[s].load);
      rec.site(k, s, build, fleet, d);
      rec.site_load(k, s, rates[s].load.value());
    }
    if (any_site) {
      total_rate = sum(rates);
      double online = 0.0, installed = 0.0, waiting = 0.0;
      FlopPerSecond bf16, fp8;
      for (size_t s = 0; s < nsites; ++s) {
        const SiteFleet& sf = fleet.site(static_cast<std::int32_t>(s));
        online += build.online_it_mw(static_cast<std::int32_t>(s)).value();
        installed += sf.installed.value();
        waiting += sf.waiting.value();
        bf16 += sf.bf16;
        fp8 += sf.fp8;
      }
      if (bf16 > res.peak_bf16) {
        res.peak_bf16 = bf16;
        res.peak_date = d;
      }
      res.peak_fp8 = std::max(res.peak_fp8, fp8);
      res.energy.peak_facility_load = std::max(res.energy.peak_facility_load, total_rate.load);
      rec.totals(k, online, installed, waiting, bf16.value(), fp8.value(), total_rate.load.value());
    }

    // Flows: this step, then the quiet steps up to the next change.
    const double hours = calendar.days(k) * kHoursPerDay;
    add_energy(res.energy, total_rate, hours);
    rec.flows(k, construction.value(), chips.value(), total_rate, hours);
    const std::int32_t next = std::min({build.next_event_step(k), fleet.next_event_step(k), n});
    if (next > k + 1) {
      add_energy(res.energy, total_rate,
                 (calendar.begin(next) - calendar.begin(k + 1)) * kHoursPerDay);
      if (calendar.uniform(k + 1, next)) {
        rec.flows(k + 1, 0.0, 0.0, total_rate, calendar.days(k + 1) * kHoursPerDay);
      } else {
        for (std::int32_t j = k + 1; j < next; ++j) {
          rec.flows(j, 0.0, 0.0, total_rate, calendar.days(j) * kHoursPerDay);
        }
      }
    }
    k = next;
  }

  // Outcomes.
  res.scenario_id = spec.info.id;
  res.scenario_name = spec.info.name;
  res.start = spec.info.start;
  res.end = spec.info.end;
  const StepKind step = options.step.value_or(spec.info.step);
  res.step = step == StepKind::kDay ? "day" : step == StepKind::kWeek ? "week" : "month";
  size_t phase_index = 0;
  for (size_t s = 0; s < nsites; ++s) {
    const SiteSpec& site = spec.sites[s];
    const SitePlan& plan = build.sites()[s];
    const auto si = static_cast<std::int32_t>(s);
    SiteResult sr;
    sr.id = site.id;
    sr.name = site.name;
    sr.location = site.location;
    sr.online_it_mw = build.online_it_mw(si);
    sr.power_mw = build.available_mw(si, spec.info.end);
    sr.peak_facility_load_mw = peak_load[s];
    sr.installed = fleet.site(si).installed;
    sr.waiting = fleet.site(si).waiting;
    bool all_online = !site.phases.empty();
    Date last_online;
    for (size_t p = 0; p < site.phases.size(); ++p, ++phase_index) {
      const PhaseSpec& ps = site.phases[p];
      const PhasePlan& pp = build.phases()[phase_index];
      const PhaseState& st = build.states()[phase_index];
      PhaseResult pr;
      pr.site = site.id;
      pr.id = ps.id;
      pr.name = ps.name;
      pr.it_mw = pp.it_mw;
      pr.facility_mw = pp.it_mw * plan.pue;
      pr.capex = pp.capex;
      pr.spent = st.spent;
      pr.spent_before_start = st.spent_before_start;
      pr.dependency_wait_days = st.dependency_wait;
      pr.money_pause_days = static_cast<std::int32_t>(std::lround(st.money_pause_days));
      pr.critical_path = critical_path_of(st);
      if (st.status != PhaseStatus::kPlanned) {
        pr.start = st.start;
        pr.progress = st.elapsed / st.duration_days;
      }
      if (st.status == PhaseStatus::kBuilt || st.status == PhaseStatus::kOnline)
        pr.built = st.built;
      if (st.status == PhaseStatus::kOnline) {
        pr.online = st.online;
        pr.power_wait_days = st.online - st.built;
        last_online = std::max(last_online, st.online);
      } else {
        all_online = false;
        if (st.status == PhaseStatus::kBuilt) pr.power_wait_days = calendar.end(n - 1) - st.built;
      }
      sr.planned_it_mw += pp.it_mw;
      res.spent_before_start += st.spent_before_start;
      res.phases.push_back(std::move(pr));
    }
    if (all_online) sr.full_power = last_online;
    res.installed += sr.installed;
    res.waiting += sr.waiting;
    res.end_bf16 += fleet.site(si).bf16;
    res.end_fp8 += fleet.site(si).fp8;
    res.sites.push_back(std::move(sr));
  }
  for (size_t o = 0; o < spec.orders.size(); ++o) {
    const OrderSpec& os = spec.orders[o];
    const OrderProgress& op = fleet.orders()[o];
    OrderResult r;
    r.id = os.id;
    r.buyer = os.buyer.id;
    r.accelerator = os.accelerator.id;
    r.site = os.site.id;
    r.count = order_count[o];
    r.unit_price = order_price[o];
    r.delivered = op.delivered;
    r.paid = op.paid;
    r.paid_before_start = op.paid_before_start;
    if (op.any) {
      r.first_delivery = op.first_delivery;
      r.last_delivery = op.last_delivery;
    }
    res.delivered += op.delivered;
    res.spent_before_start += op.paid_before_start;
    res.orders.push_back(std::move(r));
  }
  res.retired = fleet.retired();
  res.timeline = rec.take();
  return res;
}

}  // namespace stargate

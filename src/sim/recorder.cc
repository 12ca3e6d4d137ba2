#include "sim/recorder.h"

namespace stargate {
namespace {
constexpr double kHoursPerDay = 24.0;
}

Recorder::Recorder(const Calendar& calendar, const ScenarioSpec& spec,
                   const std::vector<std::int32_t>& vehicles, bool enabled,
                   const std::vector<std::string>& only)
    : enabled_(enabled) {
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
  deferred_ = add("capex_deferred_usd", "USD", true);
  gap_ = add("funding_gap_usd", "USD", false);
  energy_ = add("energy_mwh", "MWh", true);
  grid_ = add("grid_energy_mwh", "MWh", true);
  onsite_ = add("onsite_energy_mwh", "MWh", true);
  cost_ = add("energy_cost_usd", "USD", true);
  emissions_ = add("emissions_tco2", "tCO2", true);
  for (std::int32_t e : vehicles) {
    const std::string& id = spec.entities[static_cast<size_t>(e)].id;
    VehicleSeries v;
    v.cash = add(id + "_cash_usd", "USD", false);
    v.deferred = add(id + "_capex_deferred_usd", "USD", true);
    v.equity = add(id + "_equity_called_usd", "USD", true);
    v.debt = add(id + "_debt_drawn_usd", "USD", true);
    v.balance = add(id + "_debt_balance_usd", "USD", false);
    v.gap = add(id + "_funding_gap_usd", "USD", false);
    vehicle_flows_.insert(vehicle_flows_.end(), {v.deferred, v.equity, v.debt});
    vehicles_.push_back(v);
  }
  for (const TenantSpec& t : spec.tenants) {
    TenantSeries ts;
    ts.demand = add(t.id + "_demand_flop_per_s", "FLOP/s", false);
    for (int r = 0; r < kRoutes; ++r)
      ts.served[r] = add(t.id + "_served_" + kRouteNames[r] + "_flop_per_s", "FLOP/s", false);
    ts.unmet = add(t.id + "_unmet_flop_per_s", "FLOP/s", false);
    ts.training = add(t.id + "_training_flop_per_s", "FLOP/s", false);
    ts.declined = add(t.id + "_declined_by_rofr_holder_flop_per_s", "FLOP/s", false);
    ts.idle = add(t.id + "_idle_exclusive_flop_per_s", "FLOP/s", false);
    // Who can serve it: itself (its own accelerators), its contracts'
    // providers, the holders of its rights of first refusal, market providers.
    for (size_t e = 0; e < spec.entities.size(); ++e) {
      const EntitySpec& p = spec.entities[e];
      bool serves = p.id == t.id || p.market_price_per_pflop_hour.has_value() ||
                    p.market_price_per_accelerator_hour.has_value();
      for (const ContractSpec& c : spec.contracts)
        serves = serves || (c.provider.id == p.id && c.customer.id == t.id);
      for (const RofrSpec& f : spec.rofr)
        serves = serves || (f.holder.id == p.id && f.tenant.id == t.id);
      if (serves)
        ts.by_provider.emplace_back(
            e, add(t.id + "_served_by_" + p.id + "_flop_per_s", "FLOP/s", false));
    }
    tenants_.push_back(ts);
  }
  keep_.assign(timeline_.series.size(), only.empty());
  for (const std::string& name : only) {
    for (size_t i = 0; i < timeline_.series.size(); ++i) {
      if (timeline_.series[i].name == name) keep_[i] = 1;
    }
  }
  for (const SiteSeries& ids : sites_) {
    site_kept_.push_back(0);
    for (std::int32_t id : {ids.construction, ids.awaiting, ids.online, ids.power, ids.installed,
                            ids.waiting, ids.load})
      site_kept_.back() |= keep_[static_cast<size_t>(id)];
  }
}

void Recorder::tenants(std::int32_t k, const Market& market) {
  if (!enabled_) return;
  for (size_t t = 0; t < tenants_.size(); ++t) {
    const TenantSeries& ts = tenants_[t];
    const TenantState& st = market.tenants()[t];
    set(ts.demand, k, st.demand);
    for (int r = 0; r < kRoutes; ++r) set(ts.served[r], k, st.served[r]);
    set(ts.unmet, k, st.unmet);
    set(ts.training, k, st.training);
    set(ts.declined, k, st.declined);
    set(ts.idle, k, st.idle_exclusive);
    for (const auto& [e, id] : ts.by_provider) set(id, k, st.by_provider[e]);
  }
}

std::int32_t Recorder::add(std::string name, const char* unit, bool flow) {
  Series s;
  s.name = std::move(name);
  s.unit = unit;
  s.is_flow = flow;
  s.set(0, 0.0);
  timeline_.series.push_back(std::move(s));
  return static_cast<std::int32_t>(timeline_.series.size()) - 1;
}

void Recorder::site(std::int32_t k, size_t s, const Buildout& b, const Fleet& f, Date d,
                    double load_mw) {
  if (!enabled_ || !site_kept_[s]) return;
  const SiteSeries& ids = sites_[s];
  const auto si = static_cast<std::int32_t>(s);
  set(ids.construction, k, b.building_it_mw(si, d).value());
  set(ids.awaiting, k, b.awaiting_power_it_mw(si, d).value());
  set(ids.online, k, b.online_it_mw(si).value());
  set(ids.power, k, b.available_mw(si, d).value());
  set(ids.installed, k, f.site(si).installed.value());
  set(ids.waiting, k, f.site(si).waiting.value());
  set(ids.load, k, load_mw);
}

void Recorder::totals(std::int32_t k, double online, double installed, double waiting, double bf16,
                      double fp8, double load) {
  if (!enabled_) return;
  set(online_, k, online);
  set(installed_, k, installed);
  set(waiting_, k, waiting);
  set(bf16_, k, bf16);
  set(fp8_, k, fp8);
  set(load_, k, load);
}

void Recorder::flows(std::int32_t k, double construction, double chips, const DispatchRate& rate,
                     double hours, double deferred) {
  if (!enabled_) return;
  set(construction_, k, construction);
  set(chips_, k, chips);
  set(deferred_, k, deferred);
  set(energy_, k, rate.load.value() * hours);
  set(grid_, k, rate.grid.value() * hours);
  set(onsite_, k, rate.onsite.value() * hours);
  set(cost_, k, rate.usd_per_hour * hours);
  set(emissions_, k, rate.tco2_per_hour * hours);
}

void Recorder::funding_gap(std::int32_t k, double gap) {
  if (!enabled_) return;
  set(gap_, k, gap);
}

void Recorder::vehicle(std::int32_t k, size_t v, double cash, double deferred, double equity,
                       double debt_drawn, double debt_balance, double gap) {
  if (!enabled_) return;
  const VehicleSeries& ids = vehicles_[v];
  set(ids.cash, k, cash);
  set(ids.deferred, k, deferred);
  set(ids.equity, k, equity);
  set(ids.debt, k, debt_drawn);
  set(ids.balance, k, debt_balance);
  set(ids.gap, k, gap);
}

void Recorder::quiet(std::int32_t k0, std::int32_t k1, const DispatchRate& rate,
                     const Calendar& calendar) {
  if (!enabled_ || k1 <= k0) return;
  // Equal steps share one run; otherwise each step's energy differs by length.
  const std::int32_t last = calendar.uniform(k0, k1) ? k0 + 1 : k1;
  for (std::int32_t j = k0; j < last; ++j)
    flows(j, 0.0, 0.0, rate, calendar.days(j) * kHoursPerDay, 0.0);
  for (std::int32_t id : vehicle_flows_) set(id, k0, 0.0);
}

}  // namespace stargate

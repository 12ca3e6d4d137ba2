#include <nlohmann/json.hpp>

#include "stargate/output.h"
#include "stargate/version.h"

namespace stargate {
namespace {

using Json = nlohmann::ordered_json;

Json date_or_null(const std::optional<Date>& d) { return d ? Json(d->to_string()) : Json(nullptr); }

}  // namespace

std::string summary_json(const Results& r, const std::string& generated_at) {
  Json j;
  j["stargate_version"] = version();
  if (!generated_at.empty()) j["generated_at"] = generated_at;
  j["scenario"] = {{"id", r.scenario_id}, {"name", r.scenario_name}};
  j["label"] = r.label;
  j["horizon"] = {{"start", r.start.to_string()}, {"end", r.end.to_string()}, {"step", r.step}};

  double planned = 0.0, online = 0.0, power = 0.0;
  for (const SiteResult& s : r.sites) {
    planned += s.planned_it_mw.value();
    online += s.online_it_mw.value();
    power += s.power_mw.value();
  }
  Json totals;
  totals["planned_it_mw"] = planned;
  totals["online_it_mw"] = online;
  totals["power_mw"] = power;
  totals["accelerators"] = {{"delivered", r.delivered.value()},
                            {"installed", r.installed.value()},
                            {"waiting", r.waiting.value()},
                            {"retired", r.retired.value()}};
  totals["capacity"] = {{"peak_bf16_flop_per_s", r.peak_bf16.value()},
                        {"peak_fp8_flop_per_s", r.peak_fp8.value()},
                        {"peak_date", date_or_null(r.peak_date)},
                        {"end_bf16_flop_per_s", r.end_bf16.value()},
                        {"end_fp8_flop_per_s", r.end_fp8.value()}};
  totals["energy"] = {{"total_mwh", r.energy.total.value()},
                      {"grid_mwh", r.energy.grid.value()},
                      {"onsite_mwh", r.energy.onsite.value()},
                      {"cost_usd", r.energy.cost.value()},
                      {"emissions_tco2", r.energy.emissions.value()},
                      {"peak_facility_load_mw", r.energy.peak_facility_load.value()}};
  totals["capex"] = {{"construction_usd", r.construction_capex.value()},
                     {"chips_usd", r.chip_capex.value()},
                     {"spent_before_start_usd", r.spent_before_start.value()}};
  j["totals"] = totals;

  Json sites = Json::array();
  for (const SiteResult& s : r.sites) {
    sites.push_back({{"id", s.id},
                     {"name", s.name},
                     {"location", s.location},
                     {"planned_it_mw", s.planned_it_mw.value()},
                     {"online_it_mw", s.online_it_mw.value()},
                     {"power_mw", s.power_mw.value()},
                     {"peak_facility_load_mw", s.peak_facility_load_mw.value()},
                     {"full_power_date", date_or_null(s.full_power)},
                     {"installed_accelerators", s.installed.value()},
                     {"waiting_accelerators", s.waiting.value()}});
  }
  j["sites"] = sites;

  Json phases = Json::array();
  for (const PhaseResult& p : r.phases) {
    phases.push_back({{"site", p.site},
                      {"id", p.id},
                      {"name", p.name},
                      {"it_mw", p.it_mw.value()},
                      {"facility_mw", p.facility_mw.value()},
                      {"start", date_or_null(p.start)},
                      {"built", date_or_null(p.built)},
                      {"online", date_or_null(p.online)},
                      {"critical_path", to_string(p.critical_path)},
                      {"dependency_wait_days", p.dependency_wait_days},
                      {"power_wait_days", p.power_wait_days},
                      {"money_pause_days", p.money_pause_days},
                      {"capex_usd", p.capex.value()},
                      {"spent_usd", p.spent.value()},
                      {"spent_before_start_usd", p.spent_before_start.value()},
                      {"progress", p.progress}});
  }
  j["phases"] = phases;

  Json orders = Json::array();
  for (const OrderResult& o : r.orders) {
    orders.push_back({{"id", o.id},
                      {"buyer", o.buyer},
                      {"accelerator", o.accelerator},
                      {"site", o.site},
                      {"count", o.count.value()},
                      {"delivered", o.delivered.value()},
                      {"unit_price_usd", o.unit_price.value()},
                      {"paid_usd", o.paid.value()},
                      {"paid_before_start_usd", o.paid_before_start.value()},
                      {"first_delivery", date_or_null(o.first_delivery)},
                      {"last_delivery", date_or_null(o.last_delivery)}});
  }
  j["orders"] = orders;
  return j.dump(2) + "\n";
}

}  // namespace stargate

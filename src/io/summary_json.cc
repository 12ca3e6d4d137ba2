#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "stargate/output.h"
#include "stargate/version.h"

namespace stargate {
namespace {

using Json = nlohmann::ordered_json;

Json date_or_null(const std::optional<Date>& d) { return d ? Json(d->to_string()) : Json(nullptr); }
template <class T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json usd_or_null(const std::optional<Usd>& v) { return v ? Json(v->value()) : Json(nullptr); }

Json capital(const Results& r) {
  const ProgramMoney& p = r.program;
  Json program = {{"name", p.name},
                  {"budget_usd", usd_or_null(p.budget)},
                  {"first_tranche_usd", usd_or_null(p.first_tranche)},
                  {"committed_usd", p.committed.value()},
                  {"honoured_usd", p.honoured.value()},
                  {"called_usd", p.called.value()},
                  {"spent_usd", p.spent.value()},
                  {"opex_usd", p.opex.value()},
                  {"sites", p.sites},
                  {"discount_rate", p.discount_rate},
                  {"usd_per_accelerator_hour", or_null(p.usd_per_accelerator_hour)},
                  {"usd_per_pflop_day", or_null(p.usd_per_pflop_day)},
                  {"construction_job_years", or_null(p.construction_job_years)},
                  {"permanent_jobs_end", or_null(p.permanent_jobs_end)},
                  {"not_modelled", p.not_modelled},
                  {"ownership", "declared owners' shares, unchanged by who paid (no dilution)"}};
  Json vehicles = Json::array();
  for (const VehicleMoney& v : r.vehicles) {
    vehicles.push_back({{"id", v.id},
                        {"equity_committed_usd", v.equity_committed.value()},
                        {"equity_honoured_usd", v.equity_honoured.value()},
                        {"equity_called_usd", v.equity_called.value()},
                        {"debt_committed_usd", v.debt_committed.value()},
                        {"debt_drawn_usd", v.debt_drawn.value()},
                        {"debt_balance_end_usd", v.debt_balance_end.value()},
                        {"funding_received_usd", v.funding_received.value()},
                        {"debt_share", or_null(v.debt_share)},
                        {"capex_paid_usd", v.capex_paid.value()},
                        {"peak_funding_gap_usd", v.peak_funding_gap.value()},
                        {"peak_funding_gap_date", date_or_null(v.peak_funding_gap_date)},
                        {"min_dscr", or_null(v.min_dscr)},
                        {"min_dscr_date", date_or_null(v.min_dscr_date)},
                        {"first_covenant_breach", date_or_null(v.first_breach)},
                        {"default_date", date_or_null(v.default_date)},
                        {"arrears_usd", v.arrears.value()},
                        {"book_value_end_usd", v.book_value_end.value()}});
  }
  Json equity = Json::array();
  for (const EquityResult& e : r.equity) {
    equity.push_back({{"id", e.id},
                      {"investor", e.investor},
                      {"vehicle", e.vehicle},
                      {"amount_usd", e.amount.value()},
                      {"honoured", e.honoured},
                      {"called_usd", e.called.value()}});
  }
  Json debt = Json::array();
  for (const DebtResult& d : r.debt) {
    debt.push_back({{"id", d.id},
                    {"lender", d.lender},
                    {"borrower", d.borrower},
                    {"size_usd", d.size.value()},
                    {"drawn_usd", d.drawn.value()},
                    {"interest_usd", d.interest.value()},
                    {"fees_usd", d.fees.value()},
                    {"repaid_usd", d.repaid.value()},
                    {"balance_end_usd", d.balance_end.value()}});
  }
  Json entities = Json::array();
  for (const EntityMoney& e : r.entities) {
    entities.push_back({{"id", e.id},
                        {"name", e.name},
                        {"paid_in_usd", e.paid_in.value()},
                        {"received_usd", e.received.value()},
                        {"cash_end_usd", e.cash_end.value()},
                        {"sunk_before_start_usd", e.sunk.value()},
                        {"terminal_value_usd", e.terminal_value.value()},
                        {"irr", or_null(e.irr)},
                        {"npv_usd", e.npv.value()},
                        {"payback_date", date_or_null(e.payback)}});
  }
  return {{"program", program},
          {"vehicles", vehicles},
          {"equity", equity},
          {"debt", debt},
          {"entities", entities}};
}

// Compute in FLOP (peak dense BF16 × seconds) per year, and the year's mean
// rate in FLOP/s.
Json market(const Results& r) {
  Json tenants = Json::array();
  for (const TenantResult& t : r.tenants) {
    Json years = Json::array();
    for (const TenantYear& y : t.years) {
      Json by_route = Json::object(), by_provider = Json::object();
      for (int k = 0; k < 4; ++k) by_route[kRouteNames[k]] = y.by_route[k];
      for (const auto& [p, flop] : y.by_provider) by_provider[p] = flop;
      years.push_back({{"year", y.year},
                       {"days", y.days},
                       {"demand_flop", y.demand},
                       {"inference_demand_flop", y.inference_demand},
                       {"served_flop", y.served},
                       {"mean_served_flop_per_s", y.mean(y.served)},
                       {"served_by_route_flop", by_route},
                       {"served_by_provider_flop", by_provider},
                       {"training_flop", y.training},
                       {"training_unmet_flop", y.training_unmet},
                       {"unmet_flop", y.unmet},
                       {"declined_by_rofr_holder_flop", y.declined},
                       {"beyond_budget_flop", y.unaffordable},
                       {"idle_exclusive_flop", y.idle_exclusive}});
    }
    Json sites = Json::object();
    for (const auto& [site, f] : t.capacity_by_site) sites[site] = f;
    tenants.push_back({{"id", t.id},
                       {"rofr_holder", t.rofr_holder.empty() ? Json(nullptr) : Json(t.rofr_holder)},
                       {"paid_usd", t.paid},
                       {"capacity_by_site_end_flop_per_s", sites},
                       {"years", years}});
  }
  Json contracts = Json::array();
  for (const ContractResult& c : r.contracts) {
    contracts.push_back(
        {{"id", c.id},
         {"kind", c.kind},
         {"route", c.route},
         {"provider", c.provider},
         {"customer", c.customer},
         {"exclusive_to", c.exclusive_to.empty() ? Json(nullptr) : Json(c.exclusive_to)},
         {"start", c.start.to_string()},
         {"end", c.end.to_string()},
         {"unit", c.unit},
         {"delivered_end", c.delivered_end},
         {"peak_shortfall", c.peak_shortfall},
         {"peak_shortfall_date", date_or_null(c.peak_shortfall_date)},
         {"paid_usd", c.paid.value()}});
  }
  Json runs = Json::array();
  for (const RunResult& x : r.runs) {
    runs.push_back({{"id", x.id},
                    {"tenant", x.tenant},
                    {"frontier", x.frontier},
                    {"status", x.status},
                    {"reason", x.reason},
                    {"sites", x.sites},
                    {"accelerator", x.accelerator},
                    {"accelerators", x.accelerators},
                    {"start", x.start.to_string()},
                    {"end", x.end.to_string()},
                    {"flop", x.flop},
                    {"goodput", x.goodput},
                    {"site_efficiency", x.efficiency},
                    {"params", x.params},
                    {"tokens", x.tokens},
                    {"loss", x.loss},
                    {"cost_usd", or_null(x.cost)}});
  }
  return {{"units", "compute at the accelerators' peak dense BF16 rate; FLOP = rate × seconds"},
          {"tenants", tenants},
          {"contracts", contracts},
          {"runs", runs}};
}

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
  totals["peak_funding_gap_usd"] = r.peak_funding_gap.value();
  totals["peak_funding_gap_date"] = date_or_null(r.peak_funding_gap_date);
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
  j["capital"] = capital(r);
  if (!r.tenants.empty() || !r.contracts.empty()) j["market"] = market(r);
  return j.dump(2) + "\n";
}

}  // namespace stargate

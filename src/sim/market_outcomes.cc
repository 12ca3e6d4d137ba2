#include "sim/market_outcomes.h"

#include <algorithm>
#include <map>

namespace stargate {
namespace {
constexpr double kSecondsPerDay = 86400.0;
}

MarketTally::MarketTally(const Market& market)
    : years_(market.plan().tenants.size()), by_provider_(market.plan().tenants.size()) {}

void MarketTally::see(const Market& market, Date from, Date to) {
  const MarketPlan& plan = market.plan();
  for (Date a = from; a < to;) {
    const int year = a.year();
    const Date b = std::min(to, Date::from_ymd(year + 1, 1, 1));
    const double days = static_cast<double>(b - a), seconds = days * kSecondsPerDay;
    for (size_t t = 0; t < plan.tenants.size(); ++t) {
      std::vector<TenantYear>& ys = years_[t];
      if (ys.empty() || ys.back().year != year) {
        ys.push_back(TenantYear{});
        ys.back().year = year;
        by_provider_[t].emplace_back(plan.entity_ids.size(), 0.0);
      }
      TenantYear& y = ys.back();
      const TenantState& st = market.tenants()[t];
      y.days += days;
      y.demand += st.demand * seconds;
      y.inference_demand += st.inference_demand * seconds;
      double served = 0.0;
      for (int r = 0; r < kRoutes; ++r) {
        y.by_route[r] += st.served[r] * seconds;
        served += st.served[r];
      }
      y.served += served * seconds;
      y.training += st.training * seconds;
      y.training_unmet += st.training_unmet * seconds;
      y.unmet += st.unmet * seconds;
      y.declined += st.declined * seconds;
      y.unaffordable += st.unaffordable * seconds;
      y.idle_exclusive += st.idle_exclusive * seconds;
      std::vector<double>& bp = by_provider_[t].back();
      for (size_t e = 0; e < bp.size(); ++e) bp[e] += st.by_provider[e] * seconds;
    }
    a = b;
  }
}

void MarketTally::finish(const Market& market, Date horizon_end, Results& res) const {
  const MarketPlan& plan = market.plan();
  // Payments per contract, from the ledger: customer → provider.
  std::map<std::string, double> paid;
  for (const LedgerFlow& f : res.flows) {
    if (f.kind != FlowKind::kCapacity) continue;
    paid[res.purposes[static_cast<size_t>(f.purpose)]] += f.amount;
  }
  for (size_t t = 0; t < plan.tenants.size(); ++t) {
    TenantResult tr;
    const std::int32_t e = plan.tenants[t].entity;
    tr.id = plan.entity_ids[static_cast<size_t>(e)];
    for (const RofrPlan& f : plan.rofr) {
      if (f.tenant == e) tr.rofr_holder = plan.entity_ids[static_cast<size_t>(f.holder)];
    }
    tr.years = years_[t];
    for (size_t y = 0; y < tr.years.size(); ++y) {
      const std::vector<double>& bp = by_provider_[t][y];
      for (size_t p = 0; p < bp.size(); ++p) {
        if (bp[p] > 0.0) tr.years[y].by_provider.emplace_back(plan.entity_ids[p], bp[p]);
      }
    }
    tr.capacity_by_site = market.capacity_by_site(static_cast<std::int32_t>(t));
    res.tenants.push_back(std::move(tr));
  }
  const std::vector<ContractPlan>& cs = market.plan().contracts;
  for (size_t i = 0; i < cs.size(); ++i) {
    const ContractPlan& c = cs[i];
    const ContractTally& tally = market.tallies()[i];
    ContractResult r;
    r.id = c.id;
    r.kind = c.amount_kind == AmountKind::kLease ? "lease" : "compute";
    r.route = to_string(c.route);
    r.provider = plan.entity_ids[static_cast<size_t>(c.provider)];
    r.customer = plan.entity_ids[static_cast<size_t>(c.customer)];
    if (c.exclusive_to >= 0) r.exclusive_to = plan.entity_ids[static_cast<size_t>(c.exclusive_to)];
    r.start = c.start;
    r.end = c.end;
    r.unit = c.amount_kind == AmountKind::kLease   ? "MW"
             : c.amount_kind == AmountKind::kFlops ? "FLOP/s"
                                                   : "accelerators";
    r.delivered_end = c.amount_kind == AmountKind::kFlops ? tally.delivered_flops : tally.delivered;
    r.peak_shortfall = tally.peak_shortfall;
    if (tally.peak_shortfall > 0.0) r.peak_shortfall_date = tally.peak_shortfall_date;
    r.paid = Usd(paid["contracts." + c.id]);
    for (TenantResult& tr : res.tenants) {
      if (tr.id == r.customer) tr.paid += r.paid.value();
    }
    res.contracts.push_back(std::move(r));
  }
  for (const RunRecord& run : market.runs()) {
    RunResult r;
    r.id = run.id;
    r.tenant = plan.entity_ids[static_cast<size_t>(run.tenant)];
    r.frontier = run.frontier;
    r.status = run.skipped ? "skipped" : run.end > horizon_end ? "running" : "done";
    r.reason = run.reason;
    for (const auto& [site, n] : run.blocks) {
      r.sites += (r.sites.empty() ? "" : "+") + plan.site_ids[static_cast<size_t>(site)];
    }
    if (run.type >= 0) r.accelerator = plan.type_ids[static_cast<size_t>(run.type)];
    r.accelerators = run.accelerators;
    r.start = run.start;
    r.end = run.skipped ? run.start : run.end;
    r.flop = run.flop;
    r.goodput = run.goodput;
    r.efficiency = run.efficiency;
    r.params = run.params;
    r.tokens = run.tokens;
    r.loss = run.loss;
    if (run.priced) r.cost = run.cost;
    res.runs.push_back(std::move(r));
  }
}

}  // namespace stargate

#include "sim/resolve.h"

#include <algorithm>
#include <cmath>

namespace stargate {
namespace {

// Capex without a declared priority comes after any with one.
constexpr std::int32_t kNoPriority = 1 << 30;

template <class T>
std::int32_t index_of(const std::vector<T>& items, const std::string& id) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].id == id) return static_cast<std::int32_t>(i);
  }
  throw Error(ErrorKind::kInternal, "unresolved id '" + id + "' after validation");
}

// Splits `total` into lots with these weights so that the lots are whole
// numbers adding up to round(total): lot i gets round(total × cumulative
// weight up to i) less what the lots before it got.
std::vector<double> split(double total, const std::vector<double>& weights) {
  double sum = 0.0;
  for (double w : weights) sum += w;
  std::vector<double> out;
  double cum = 0.0, given = 0.0;
  for (double w : weights) {
    cum += w;
    const double upto = std::round(total * (sum > 0.0 ? cum / sum : 0.0));
    out.push_back(upto - given);
    given = upto;
  }
  return out;
}

// The payer of a site's running costs: its operator, else its owner, else the
// payer of its first phase; -1 when it has none of them.
std::int32_t site_payer(const ScenarioSpec& spec, const SiteSpec& site) {
  if (!site.operator_.empty()) return index_of(spec.entities, site.operator_.id);
  if (!site.owner.empty()) return index_of(spec.entities, site.owner.id);
  if (!site.phases.empty()) return index_of(spec.entities, site.phases.front().payer.id);
  return -1;
}

void resolve_capital(const ScenarioSpec& spec, const Draws& draws, ModelInputs& in) {
  CapitalPlan& cp = in.capital;
  const Date start = spec.info.start;
  for (const EntitySpec& e : spec.entities) {
    EntityPlan ep;
    ep.id = e.id;
    // A capex budget alone limits capex, not cash: its balance sheet pays
    // what the budget allows (and its opex), like an entity without limits.
    ep.kind = e.has(Role::kVehicle) ? PayerKind::kVehicle
              : e.cash              ? PayerKind::kLimited
                                    : PayerKind::kUnlimited;
    if (e.cash) ep.cash = resolve(*e.cash, draws).value();
    if (e.capex_budget) ep.capex_budget = resolve(*e.capex_budget, draws).value();
    for (const OwnerShare& o : e.owners) {
      ep.owners.emplace_back(index_of(spec.entities, o.owner.id), resolve(o.share, draws).value());
    }
    ep.reserve = resolve(e.reserve, draws).value();
    ep.tax_rate = resolve(e.tax_rate, draws).value();
    ep.distributions = e.distributions;
    cp.entities.push_back(std::move(ep));
  }
  for (const FundingSpec& f : spec.funding) {
    EntityPlan& funded = cp.entities[static_cast<size_t>(index_of(spec.entities, f.funded.id))];
    funded.funder = index_of(spec.entities, f.funder.id);
    if (f.limit) funded.funding_limit = resolve(*f.limit, draws).value();
  }
  for (const EquitySpec& q : spec.equity) {
    CommitmentPlan c;
    c.id = q.id;
    c.investor = index_of(spec.entities, q.investor.id);
    c.vehicle = index_of(spec.entities, q.vehicle.id);
    c.amount = resolve(q.amount, draws).value();
    // A probability; the base case honours it when it is at least one half
    // (MODEL.md §1).
    c.honoured = resolve(q.honoured, draws).value() >= 0.5;
    c.on_call = q.on_call;
    c.available_from = q.available_from ? resolve(*q.available_from, draws) : start;
    for (const EquityCallSpec& call : q.calls) {
      const double amount = call.amount ? resolve(*call.amount, draws).value()
                                        : resolve(*call.share, draws).value() * c.amount;
      c.calls.emplace_back(resolve(call.date, draws), amount);
    }
    cp.commitments.push_back(std::move(c));
  }
  for (const DebtSpec& d : spec.debt) {
    FacilityPlan f;
    f.id = d.id;
    f.lender = index_of(spec.entities, d.lender.id);
    f.borrower = index_of(spec.entities, d.borrower.id);
    f.size = resolve(d.size, draws).value();
    f.rate = d.rate ? resolve(*d.rate, draws).value()
                    : resolve(*d.base_rate, draws).value() + resolve(*d.margin, draws).value();
    f.fee = resolve(d.commitment_fee, draws).value();
    f.available = d.available_from ? resolve(*d.available_from, draws) : start;
    f.draw_end = resolve(d.draw_period, draws).after(f.available);
    f.maturity = resolve(d.tenor, draws).after(f.available);
    f.repayment = d.repayment;
    if (d.target_dscr) f.target_dscr = resolve(*d.target_dscr, draws);
    f.payments = d.payments;
    if (d.max_debt_to_capex) f.cap = resolve(*d.max_debt_to_capex, draws).value();
    if (d.min_dscr) f.min_dscr = resolve(*d.min_dscr, draws);
    f.capitalise = d.capitalise_interest;
    f.priority = d.priority;
    cp.facilities.push_back(std::move(f));
  }
  for (const RevenueSpec& r : spec.revenue) {
    RevenuePlan rp;
    rp.id = r.id;
    rp.entity = index_of(spec.entities, r.entity.id);
    rp.payer = r.payer.empty() ? kExternal : index_of(spec.entities, r.payer.id);
    rp.start = resolve(r.start, draws);
    rp.end = r.end ? resolve(*r.end, draws) + 1 : spec.info.end + 1;
    rp.per_year = resolve(r.per_year, draws).value();
    cp.revenues.push_back(std::move(rp));
  }
  // Running costs per site: energy, operations (O&M and staff), land lease.
  bool om = false, staff = false, lease = false;
  for (const SiteSpec& site : spec.sites) {
    const std::int32_t payer = site_payer(spec, site);
    std::array<std::int32_t, 3> lines = {-1, -1, -1};
    if (payer >= 0) {
      const std::int32_t owner =
          site.owner.empty() ? kExternal : index_of(spec.entities, site.owner.id);
      const std::pair<FlowKind, const char*> kinds[] = {{FlowKind::kEnergy, "energy"},
                                                        {FlowKind::kOperations, "operations"},
                                                        {FlowKind::kLandLease, "land_lease"}};
      for (int k = 0; k < 3; ++k) {
        lines[static_cast<size_t>(k)] = static_cast<std::int32_t>(cp.opex_lines.size());
        const std::int32_t payee = k == 2 && owner != payer ? owner : kExternal;
        cp.opex_lines.push_back(
            OpexLine{payer, payee, kinds[k].first, static_cast<std::int32_t>(cp.purposes.size())});
        cp.purposes.push_back("sites." + site.id + "." + kinds[k].second);
        in.purpose_site.resize(cp.purposes.size(), -1);
        in.purpose_site.back() = static_cast<std::int32_t>(&site - spec.sites.data());
      }
    }
    in.site_lines.push_back(lines);
    in.om_rate.push_back(site.om_rate ? resolve(*site.om_rate, draws).value() : 0.0);
    in.staff_cost_per_mw_year.push_back(site.staff_cost ? resolve(*site.staff_cost, draws).value()
                                                        : 0.0);
    in.land_lease_per_year.push_back(site.land_lease ? resolve(*site.land_lease, draws).value()
                                                     : 0.0);
    om = om || site.om_rate;
    staff = staff || site.staff_cost;
    lease = lease || site.land_lease;
  }
  if (!om) in.not_modelled.push_back("operations and maintenance (sites' om_rate)");
  if (!staff) in.not_modelled.push_back("staff (sites' staff_cost)");
  if (!lease) in.not_modelled.push_back("land leases (sites' land_lease)");
  cp.program_vehicle.assign(spec.entities.size(), 0);
  for (size_t e = 0; e < spec.entities.size(); ++e) {
    const bool listed = std::any_of(spec.program.vehicles.begin(), spec.program.vehicles.end(),
                                    [&](const Ref& r) { return r.id == spec.entities[e].id; });
    cp.program_vehicle[e] =
        spec.entities[e].has(Role::kVehicle) && (spec.program.vehicles.empty() || listed);
  }
  for (const SiteSpec& site : spec.sites) {
    const bool listed = std::any_of(spec.program.sites.begin(), spec.program.sites.end(),
                                    [&](const Ref& r) { return r.id == site.id; });
    in.program_site.push_back(spec.program.sites.empty() || listed);
  }
  in.purpose_site.resize(cp.purposes.size(), -1);
  if (spec.program.budget) cp.program_budget = resolve(*spec.program.budget, draws).value();
  cp.enforce_budget = spec.program.enforce;
}

RunPlan run_plan(const std::string& id, Precision precision, const Param<Fraction>& mfu,
                 const Param<Accelerators>& min_accelerators, const Param<Hours>& checkpoint,
                 const Param<Hours>& restart, const Draws& draws) {
  RunPlan r;
  r.id = id;
  r.fp8 = precision == Precision::kFp8;
  r.mfu = resolve(mfu, draws).value();
  r.min_accelerators = resolve(min_accelerators, draws).value();
  r.checkpoint_hours = resolve(checkpoint, draws).value();
  r.restart_hours = resolve(restart, draws).value();
  return r;
}

void resolve_market(const ScenarioSpec& spec, const Draws& draws, ModelInputs& in) {
  MarketPlan& mp = in.market;
  CapitalPlan& cp = in.capital;
  for (const EntitySpec& e : spec.entities) {
    mp.entity_ids.push_back(e.id);
    mp.reserved_share.push_back(resolve(e.reserved_share, draws).value());
    mp.price_per_pflop_hour.push_back(
        e.market_price_per_pflop_hour
            ? std::optional<double>(resolve(*e.market_price_per_pflop_hour, draws).value())
            : std::nullopt);
    mp.price_per_accelerator_hour.push_back(
        e.market_price_per_accelerator_hour
            ? std::optional<double>(resolve(*e.market_price_per_accelerator_hour, draws).value())
            : std::nullopt);
  }
  for (const SiteSpec& s : spec.sites) mp.site_ids.push_back(s.id);
  for (size_t t = 0; t < spec.accelerators.size(); ++t) {
    const AcceleratorSpec& a = spec.accelerators[t];
    mp.type_ids.push_back(a.id);
    MarketType mt;
    mt.bf16 = in.types[t].bf16.value();
    mt.fp8 = in.types[t].fp8.value();
    mt.watts = in.types[t].watts.value();
    mt.mtbf_hours = a.mtbf ? resolve(*a.mtbf, draws).value() : 0.0;
    mp.types.push_back(mt);
  }
  mp.order_buyer = in.order_buyer;
  const Date forever = spec.info.end + 1;
  for (const ContractSpec& c : spec.contracts) {
    ContractPlan k;
    k.id = c.id;
    k.provider = index_of(spec.entities, c.provider.id);
    k.customer = index_of(spec.entities, c.customer.id);
    k.start = resolve(c.start, draws);
    k.end = c.term ? resolve(*c.term, draws).after(k.start) : forever;
    k.signed_on = c.signed_on ? resolve(*c.signed_on, draws) : k.start;
    k.explicit_priority = c.priority.has_value();
    k.priority = c.priority.value_or(0);
    if (!c.site.empty()) k.site = index_of(spec.sites, c.site.id);
    if (!c.accelerator.empty()) k.type = index_of(spec.accelerators, c.accelerator.id);
    if (!c.exclusive_to.empty()) k.exclusive_to = index_of(spec.entities, c.exclusive_to.id);
    k.take_or_pay = c.take_or_pay;
    if (c.kind == ContractKind::kLease) {
      k.amount_kind = AmountKind::kLease;
      k.lease_share = c.share.has_value();
      k.amount = c.mw ? resolve(*c.mw, draws).value() : resolve(*c.share, draws).value();
    } else if (c.count) {
      k.amount_kind = AmountKind::kCount;
      k.amount = resolve(*c.count, draws).value();
    } else if (c.share) {
      k.amount_kind = AmountKind::kShare;
      k.amount = resolve(*c.share, draws).value();
    } else {
      k.amount_kind = AmountKind::kAll;
      k.all_of = index_of(spec.contracts, c.all_of.id);
    }
    if (c.price_per_accelerator_hour) {
      k.price_kind = PriceKind::kPerAcceleratorHour;
      k.price = resolve(*c.price_per_accelerator_hour, draws).value();
    } else if (c.price_per_mw_month) {
      k.price_kind = PriceKind::kPerMwMonth;
      k.price = resolve(*c.price_per_mw_month, draws).value();
    } else {
      k.price_kind = PriceKind::kFixedPerYear;
      k.price = resolve(*c.fixed_per_year, draws).value();
    }
    k.opex_line = static_cast<std::int32_t>(cp.opex_lines.size());
    cp.opex_lines.push_back(OpexLine{k.customer, k.provider, FlowKind::kCapacity,
                                     static_cast<std::int32_t>(cp.purposes.size())});
    cp.purposes.push_back("contracts." + c.id);
    mp.contracts.push_back(std::move(k));
  }
  in.purpose_site.resize(cp.purposes.size(), -1);
  for (const TenantSpec& t : spec.tenants) {
    TenantPlan tp;
    tp.entity = index_of(spec.entities, t.id);
    tp.priority = t.priority;
    tp.term = resolve(t.procurement_term, draws);
    tp.retry = resolve(t.retry, draws);
    const InferenceSpec& inf = t.inference;
    const double per_accelerator =
        inf.accelerator.empty()
            ? 0.0
            : in.types[static_cast<size_t>(index_of(spec.accelerators, inf.accelerator.id))]
                  .bf16.value();
    if (inf.present && inf.points.empty()) {
      tp.growth_form = true;
      tp.start = resolve(*inf.start, draws);
      tp.start_flops = inf.flops ? resolve(*inf.flops, draws).value()
                                 : resolve(*inf.accelerators, draws).value() * per_accelerator;
      tp.growth = resolve(inf.growth, draws).value();
    }
    for (const CurvePoint& p : inf.points) {
      tp.points.emplace_back(resolve(p.date, draws),
                             p.flops ? resolve(*p.flops, draws).value()
                                     : resolve(*p.accelerators, draws).value() * per_accelerator);
    }
    for (const CurvePoint& p : t.budget)
      tp.budget.emplace_back(resolve(p.date, draws), resolve(*p.per_year, draws).value());
    for (const TrainingSpec& x : t.training) {
      RunPlan r = run_plan(x.id, x.precision, x.mfu, x.min_accelerators, x.checkpoint_time,
                           x.restart_time, draws);
      r.earliest = resolve(x.earliest_start, draws);
      if (x.flop) r.flop = resolve(*x.flop, draws).value();
      if (x.duration) r.duration = resolve(*x.duration, draws);
      if (x.max_accelerators) r.max_accelerators = resolve(*x.max_accelerators, draws).value();
      r.sites = x.sites;
      r.site_penalty = resolve(x.site_penalty, draws).value();
      tp.runs.push_back(std::move(r));
    }
    if (t.frontier.present) {
      const FrontierSpec& f = t.frontier;
      tp.frontier.present = true;
      tp.frontier.start = resolve(f.start, draws);
      tp.frontier.cadence = resolve(f.cadence, draws);
      tp.frontier.run = run_plan("frontier", f.precision, f.mfu, f.min_accelerators,
                                 f.checkpoint_time, f.restart_time, draws);
      tp.frontier.run.duration = resolve(f.duration, draws);
      if (f.max_accelerators)
        tp.frontier.run.max_accelerators = resolve(*f.max_accelerators, draws).value();
    }
    mp.tenants.push_back(std::move(tp));
  }
  for (const RofrSpec& f : spec.rofr) {
    RofrPlan rp;
    rp.id = f.id;
    rp.tenant = index_of(spec.entities, f.tenant.id);
    rp.holder = index_of(spec.entities, f.holder.id);
    rp.start = resolve(f.start, draws);
    rp.end = f.end ? resolve(*f.end, draws) + 1 : forever;
    rp.take = resolve(f.take_fraction, draws).value();
    if (f.price_per_pflop_hour)
      rp.price_per_pflop_hour = resolve(*f.price_per_pflop_hour, draws).value();
    mp.rofr.push_back(rp);
  }
}

}  // namespace

ModelInputs resolve_inputs(const ScenarioSpec& spec, const Draws& draws) {
  ModelInputs in;
  for (const AcceleratorSpec& a : spec.accelerators) {
    AcceleratorType t;
    t.bf16 = resolve(a.bf16, draws);
    t.fp8 = a.fp8 ? resolve(*a.fp8, draws) : t.bf16;
    t.watts = a.all_in_w ? resolve(*a.all_in_w, draws) : Watts(0.0);
    t.life = resolve(a.useful_life, draws);
    if (a.mtbf) {
      const double mtbf_h = resolve(*a.mtbf, draws).value();
      const double repair_h = resolve(a.repair_time, draws).mean_days() * 24.0;
      t.availability = mtbf_h / (mtbf_h + repair_h);
    }
    in.types.push_back(t);
    in.type_life.push_back(t.life);
  }

  for (size_t s = 0; s < spec.sites.size(); ++s) {
    const SiteSpec& site = spec.sites[s];
    SitePlan sp;
    sp.id = site.id;
    sp.pue = resolve(site.pue, draws);
    sp.utilisation = resolve(site.utilisation, draws);
    in.building_life.push_back(resolve(site.building_life, draws));
    for (const PowerBlockSpec& b : site.power) {
      sp.power.push_back(PowerBlock{resolve(b.online, draws), resolve(b.mw, draws), b.kind,
                                    resolve(b.price, draws), resolve(b.carbon_intensity, draws)});
    }
    std::stable_sort(sp.power.begin(), sp.power.end(),
                     [](const PowerBlock& a, const PowerBlock& b) { return a.online < b.online; });
    const std::int32_t first = static_cast<std::int32_t>(in.phases.size());
    for (const PhaseSpec& p : site.phases) {
      PhasePlan pp;
      pp.site = static_cast<std::int32_t>(s);
      if (p.start) pp.start = resolve(*p.start, draws);
      pp.duration = resolve(p.duration, draws);
      pp.it_mw = resolve(p.it_mw, draws);
      pp.capex = p.capex ? resolve(*p.capex, draws) : resolve(*p.capex_per_mw, draws) * pp.it_mw;
      pp.profile = p.profile;
      pp.payer = index_of(spec.entities, p.payer.id);
      in.phase_purpose.push_back(static_cast<std::int32_t>(in.capital.purposes.size()));
      in.capital.purposes.push_back("sites." + site.id + ".phases." + p.id);
      in.purpose_site.resize(in.capital.purposes.size(), -1);
      in.purpose_site.back() = static_cast<std::int32_t>(s);
      in.phase_order.push_back(
          CapexOrder{p.priority.value_or(kNoPriority), pp.start.value_or(Date())});
      for (const Ref& d : p.depends_on)
        pp.depends_on.push_back(first + index_of(site.phases, d.id));
      sp.phases.push_back(static_cast<std::int32_t>(in.phases.size()));
      in.phases.push_back(std::move(pp));
    }
    in.sites.push_back(std::move(sp));
  }

  for (size_t o = 0; o < spec.orders.size(); ++o) {
    const OrderSpec& order = spec.orders[o];
    const std::int32_t type = index_of(spec.accelerators, order.accelerator.id);
    const AcceleratorSpec& acc = spec.accelerators[static_cast<size_t>(type)];
    const Usd price =
        order.unit_price ? resolve(*order.unit_price, draws) : resolve(*acc.unit_price, draws);
    const double count = order.count ? std::round(resolve(*order.count, draws).value())
                                     : std::floor(resolve(*order.budget, draws) / price);
    in.order_count.push_back(Accelerators(count));
    in.order_unit_price.push_back(price);
    in.order_buyer.push_back(index_of(spec.entities, order.buyer.id));
    in.order_payer.push_back(
        index_of(spec.entities, (order.payer.empty() ? order.buyer : order.payer).id));
    in.order_priority.push_back(order.priority);
    in.order_purpose.push_back(static_cast<std::int32_t>(in.capital.purposes.size()));
    in.capital.purposes.push_back("orders." + order.id);
    in.purpose_site.resize(in.capital.purposes.size(), -1);
    in.purpose_site.back() = index_of(spec.sites, order.site.id);
    DeliveryLot base;
    base.order = static_cast<std::int32_t>(o);
    base.site = index_of(spec.sites, order.site.id);
    base.type = type;
    base.payer = in.order_payer.back();
    base.unit_price = price;

    const std::vector<Date> dates = delivery_dates(order, draws);
    std::vector<double> counts;
    if (!order.deliveries.empty()) {
      std::vector<double> weights;
      const bool by_count = order.deliveries.front().count.has_value();
      for (const DeliverySpec& d : order.deliveries) {
        weights.push_back(by_count ? resolve(*d.count, draws).value()
                                   : resolve(*d.share, draws).value());
      }
      counts = by_count ? weights : split(count, weights);
      if (by_count) {
        for (double& c : counts) c = std::round(c);
      }
    } else {
      counts = split(count, std::vector<double>(dates.size(), 1.0));  // equal monthly lots
    }
    for (size_t i = 0; i < dates.size(); ++i) {
      if (counts[i] <= 0.0) continue;
      DeliveryLot lot = base;
      lot.date = dates[i];
      lot.count = Accelerators(counts[i]);
      in.lots.push_back(lot);
    }
  }
  std::stable_sort(in.lots.begin(), in.lots.end(),
                   [](const DeliveryLot& a, const DeliveryLot& b) { return a.date < b.date; });
  resolve_capital(spec, draws, in);
  resolve_market(spec, draws, in);
  return in;
}

}  // namespace stargate

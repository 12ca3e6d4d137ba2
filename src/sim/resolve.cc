#include "sim/resolve.h"

#include <algorithm>
#include <cmath>

namespace stargate {
namespace {

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
  }

  for (size_t s = 0; s < spec.sites.size(); ++s) {
    const SiteSpec& site = spec.sites[s];
    SitePlan sp;
    sp.id = site.id;
    sp.pue = resolve(site.pue, draws);
    sp.utilisation = resolve(site.utilisation, draws);
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
    const Duration delay = resolve(order.delay, draws);
    DeliveryLot base;
    base.order = static_cast<std::int32_t>(o);
    base.site = index_of(spec.sites, order.site.id);
    base.type = type;
    base.payer = index_of(spec.entities, (order.payer.empty() ? order.buyer : order.payer).id);
    base.unit_price = price;

    std::vector<Date> dates;
    std::vector<double> counts;
    if (!order.deliveries.empty()) {
      std::vector<double> weights;
      const bool by_count = order.deliveries.front().count.has_value();
      for (const DeliverySpec& d : order.deliveries) {
        dates.push_back(delay.after(resolve(d.date, draws)));
        weights.push_back(by_count ? resolve(*d.count, draws).value()
                                   : resolve(*d.share, draws).value());
      }
      counts = by_count ? weights : split(count, weights);
      if (by_count) {
        for (double& c : counts) c = std::round(c);
      }
    } else {
      // One lot at ordered + lead_time, or equal monthly lots over the ramp.
      const Date first =
          delay.after(resolve(*order.lead_time, draws).after(resolve(*order.ordered, draws)));
      const Date ramp_end = order.ramp ? resolve(*order.ramp, draws).after(first) : first;
      for (int m = 0;; ++m) {
        const Date d = first.add_months(m);
        if (m > 0 && d >= ramp_end) break;
        dates.push_back(d);
      }
      counts = split(count, std::vector<double>(dates.size(), 1.0));
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
  return in;
}

}  // namespace stargate

#include "scenario/spec.h"

namespace stargate {
namespace {

template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  for (const T& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

}  // namespace

const EntitySpec* ScenarioSpec::entity(std::string_view id) const {
  return find_by_id(entities, id);
}
const SiteSpec* ScenarioSpec::site(std::string_view id) const { return find_by_id(sites, id); }
const AcceleratorSpec* ScenarioSpec::accelerator(std::string_view id) const {
  return find_by_id(accelerators, id);
}

std::vector<Date> delivery_dates(const OrderSpec& order, const Draws& draws) {
  const Duration delay = resolve(order.delay, draws);
  std::vector<Date> dates;
  if (!order.deliveries.empty()) {
    for (const DeliverySpec& d : order.deliveries)
      dates.push_back(delay.after(resolve(d.date, draws)));
    return dates;
  }
  const Date first =
      delay.after(resolve(*order.lead_time, draws).after(resolve(*order.ordered, draws)));
  const Date ramp_end = order.ramp ? resolve(*order.ramp, draws).after(first) : first;
  for (int m = 0;; ++m) {
    const Date d = first.add_months(m);
    if (m > 0 && d >= ramp_end) break;
    dates.push_back(d);
  }
  return dates;
}

Draws ScenarioSpec::base_draws() const {
  Draws d;
  d.values.reserve(uncertain.size());
  for (const UncertainInput& u : uncertain) d.values.push_back(u.dist.base());
  return d;
}

}  // namespace stargate

#include "model/fleet/fleet.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stargate {
namespace {

Date far_future() { return Date::from_days(std::numeric_limits<std::int32_t>::max() / 2); }

// Installing compares watts; a milliwatt of slack absorbs rounding in sums.
constexpr double kWattSlack = 1e-3;

}  // namespace

Fleet::Fleet(std::vector<AcceleratorType> types, std::vector<DeliveryLot> lots, std::size_t sites,
             std::size_t orders, const Calendar& calendar)
    : types_(std::move(types)),
      lots_(std::move(lots)),
      delivered_(lots_.size(), 0),
      orders_(orders),
      queues_(sites),
      sites_(sites),
      changed_(sites, 1),
      calendar_(calendar) {}

bool Fleet::take_changed(std::int32_t s) {
  const bool c = changed_[static_cast<size_t>(s)] != 0;
  changed_[static_cast<size_t>(s)] = 0;
  return c;
}

void Fleet::begin() {
  const Date d0 = calendar_.begin(0);
  while (next_lot_ < lots_.size() && lots_[next_lot_].date < d0) {
    const DeliveryLot& lot = lots_[next_lot_];
    delivered_[next_lot_] = 1;
    OrderProgress& o = orders_[static_cast<size_t>(lot.order)];
    o.delivered += lot.count;
    o.paid_before_start += lot.unit_price * lot.count.value();
    if (!o.any) o.first_delivery = lot.date;
    o.last_delivery = lot.date;
    o.any = true;
    queues_[static_cast<size_t>(lot.site)].push_back(Queued{lot.type, lot.count, lot.date});
    waiting_total_ += lot.count.value();
    ++next_lot_;
  }
  for (size_t s = 0; s < sites_.size(); ++s) recompute(static_cast<std::int32_t>(s));
}

void Fleet::recompute(std::int32_t site) {
  SiteFleet& f = sites_[static_cast<size_t>(site)];
  f = SiteFleet{};
  for (const Cohort& c : cohorts_) {
    if (c.site != site) continue;
    const AcceleratorType& t = types_[static_cast<size_t>(c.type)];
    f.installed += c.count;
    f.watts_installed += t.watts * c.count.value();
    const double up = c.count.value() * t.availability;
    f.it_load += power_of(Accelerators(up), t.watts);
    f.bf16 += t.bf16 * up;
    f.fp8 += t.fp8 * up;
  }
  for (const Queued& q : queues_[static_cast<size_t>(site)]) f.waiting += q.count;
  changed_[static_cast<size_t>(site)] = 1;
}

bool Fleet::retire(std::int32_t k) {
  const Date d = calendar_.begin(k);
  if (cohorts_.empty() || next_retirement_ > d) return false;
  bool any = false;
  std::vector<char> touched(sites_.size(), 0);
  std::erase_if(cohorts_, [&](const Cohort& c) {
    if (c.retires > d) return false;
    retired_ += c.count;
    touched[static_cast<size_t>(c.site)] = 1;
    any = true;
    return true;
  });
  if (any) {
    for (size_t s = 0; s < sites_.size(); ++s) {
      if (touched[s]) recompute(static_cast<std::int32_t>(s));
    }
  }
  next_retirement_ = far_future();
  for (const Cohort& c : cohorts_) next_retirement_ = std::min(next_retirement_, c.retires);
  return any;
}

void Fleet::request(std::int32_t k, CapexRequests& out) const {
  const Date e = calendar_.end(k);
  for (size_t i = next_lot_; i < lots_.size() && lots_[i].date < e; ++i) {
    if (delivered_[i]) continue;
    const DeliveryLot& lot = lots_[i];
    out.items.push_back(CapexRequest{CapexKind::kChips, static_cast<std::int32_t>(i), lot.payer,
                                     lot.unit_price * lot.count.value()});
  }
}

bool Fleet::deliver(std::int32_t k, const CapexRequests& funded) {
  const Date d = calendar_.begin(k);
  bool any = false;
  for (size_t r = 0; r < funded.items.size(); ++r) {
    const CapexRequest& req = funded.items[r];
    // A lot is delivered when it is paid in full; an unpaid lot is delivered
    // the first step it can be paid (MODEL.md §3, deferral).
    if (req.kind != CapexKind::kChips || funded.funded_share[r] < 1.0) continue;
    const size_t i = static_cast<size_t>(req.item);
    const DeliveryLot& lot = lots_[i];
    delivered_[i] = 1;
    const Date arrived = std::max(lot.date, d);
    OrderProgress& o = orders_[static_cast<size_t>(lot.order)];
    o.delivered += lot.count;
    o.paid += req.amount;
    if (!o.any) o.first_delivery = arrived;
    o.last_delivery = arrived;
    o.any = true;
    queues_[static_cast<size_t>(lot.site)].push_back(Queued{lot.type, lot.count, arrived});
    sites_[static_cast<size_t>(lot.site)].waiting += lot.count;
    changed_[static_cast<size_t>(lot.site)] = 1;
    waiting_total_ += lot.count.value();
    any = true;
  }
  while (next_lot_ < lots_.size() && delivered_[next_lot_]) ++next_lot_;
  return any;
}

void Fleet::add_cohort(std::int32_t site, std::int32_t type, Accelerators n, Date when) {
  const AcceleratorType& t = types_[static_cast<size_t>(type)];
  cohorts_.push_back(Cohort{site, type, n, when, t.life.after(when)});
  next_retirement_ = cohorts_.size() == 1 ? cohorts_.back().retires
                                          : std::min(next_retirement_, cohorts_.back().retires);
}

bool Fleet::install(std::int32_t k, const Buildout& buildout) {
  const Date d = calendar_.begin(k);
  bool any = false;
  for (size_t s = 0; s < queues_.size(); ++s) {
    std::vector<Queued>& q = queues_[s];
    if (q.empty()) continue;
    const double capacity_w = buildout.online_it_mw(static_cast<std::int32_t>(s)).value() * 1e6;
    double room = capacity_w - sites_[s].watts_installed.value();
    bool site_changed = false;
    for (Queued& item : q) {
      const double w = types_[static_cast<size_t>(item.type)].watts.value();
      if (room + kWattSlack < w) continue;
      const double fit = std::floor((room + kWattSlack) / w);
      const double n = std::min(item.count.value(), fit);
      if (n <= 0.0) continue;
      add_cohort(static_cast<std::int32_t>(s), item.type, Accelerators(n),
                 std::max(item.arrived, d));
      item.count -= Accelerators(n);
      room -= n * w;
      waiting_total_ -= n;
      site_changed = true;
    }
    if (site_changed) {
      std::erase_if(q, [](const Queued& item) { return item.count.value() <= 0.0; });
      recompute(static_cast<std::int32_t>(s));
      any = true;
    }
  }
  return any;
}

std::int32_t Fleet::next_event_step(std::int32_t k) const {
  std::int32_t next = calendar_.steps();
  // The first lot not yet delivered: due in the step that contains its date;
  // an unpaid lot already due is due again next step.
  for (size_t i = next_lot_; i < lots_.size(); ++i) {
    if (delivered_[i]) continue;
    next = std::min(next, calendar_.step_of(lots_[i].date));
    break;
  }
  // A cohort retires at the first step boundary on or after its date.
  if (!cohorts_.empty()) next = std::min(next, calendar_.first_step_from(next_retirement_));
  return std::max(next, k + 1);
}

}  // namespace stargate

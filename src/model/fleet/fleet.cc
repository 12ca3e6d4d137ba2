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
      cohorts_(sites),
      site_next_retirement_(sites, far_future()),
      sites_(sites),
      changed_(sites, 0),
      pending_install_(sites, 0),
      next_retirement_(far_future()),
      calendar_(calendar) {
  for (size_t s = 0; s < sites; ++s) mark_changed(static_cast<std::int32_t>(s));
}

void Fleet::mark_changed(std::int32_t site) {
  if (changed_[static_cast<size_t>(site)]) return;
  changed_[static_cast<size_t>(site)] = 1;
  changed_list_.push_back(site);
}

std::vector<std::int32_t> Fleet::take_changed_sites() {
  std::vector<std::int32_t> out;
  out.swap(changed_list_);
  for (std::int32_t s : out) changed_[static_cast<size_t>(s)] = 0;
  return out;
}

void Fleet::room_changed(std::int32_t site) {
  if (!queues_[static_cast<size_t>(site)].empty()) pending_install_[static_cast<size_t>(site)] = 1;
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
    queues_[static_cast<size_t>(lot.site)].push_back(
        Queued{lot.type, lot.order, lot.count, lot.date});
    pending_install_[static_cast<size_t>(lot.site)] = 1;
    waiting_total_ += lot.count.value();
    ++next_lot_;
  }
  for (size_t s = 0; s < sites_.size(); ++s) recompute(static_cast<std::int32_t>(s));
}

void Fleet::recompute(std::int32_t site) {
  SiteFleet& f = sites_[static_cast<size_t>(site)];
  f = SiteFleet{};
  Date next = far_future();
  for (const Cohort& c : cohorts_[static_cast<size_t>(site)]) {
    const AcceleratorType& t = types_[static_cast<size_t>(c.type)];
    f.installed += c.count;
    f.watts_installed += t.watts * c.count.value();
    const double up = c.count.value() * t.availability;
    f.up += Accelerators(up);
    f.it_load += power_of(Accelerators(up), t.watts);
    f.bf16 += t.bf16 * up;
    f.fp8 += t.fp8 * up;
    next = std::min(next, c.retires);
  }
  for (const Queued& q : queues_[static_cast<size_t>(site)]) f.waiting += q.count;
  site_next_retirement_[static_cast<size_t>(site)] = next;
  mark_changed(site);
}

bool Fleet::retire(std::int32_t k) {
  const Date d = calendar_.begin(k);
  if (next_retirement_ > d) return false;
  bool any = false;
  for (size_t s = 0; s < cohorts_.size(); ++s) {
    if (site_next_retirement_[s] > d) continue;
    std::erase_if(cohorts_[s], [&](const Cohort& c) {
      if (c.retires > d) return false;
      retired_ += c.count;
      return true;
    });
    recompute(static_cast<std::int32_t>(s));
    room_changed(static_cast<std::int32_t>(s));
    any = true;
  }
  next_retirement_ = *std::min_element(site_next_retirement_.begin(), site_next_retirement_.end());
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
    const size_t s = static_cast<size_t>(lot.site);
    queues_[s].push_back(Queued{lot.type, lot.order, lot.count, arrived});
    sites_[s].waiting += lot.count;
    pending_install_[s] = 1;
    mark_changed(lot.site);
    waiting_total_ += lot.count.value();
    any = true;
  }
  while (next_lot_ < lots_.size() && delivered_[next_lot_]) ++next_lot_;
  return any;
}

void Fleet::add_cohort(std::int32_t site, const Queued& item, Accelerators n, Date when) {
  const AcceleratorType& t = types_[static_cast<size_t>(item.type)];
  const Date retires = t.life.after(when);
  const Cohort c{site, item.type, item.order, n, when, retires};
  cohorts_[static_cast<size_t>(site)].push_back(c);
  new_cohorts_.push_back(c);
  next_retirement_ = std::min(next_retirement_, retires);
}

std::vector<Cohort> Fleet::take_new_cohorts() {
  std::vector<Cohort> out;
  out.swap(new_cohorts_);
  return out;
}

bool Fleet::install(std::int32_t k, const Buildout& buildout) {
  const Date d = calendar_.begin(k);
  bool any = false;
  for (size_t s = 0; s < queues_.size(); ++s) {
    if (!pending_install_[s]) continue;
    pending_install_[s] = 0;
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
      add_cohort(static_cast<std::int32_t>(s), item, Accelerators(n), std::max(item.arrived, d));
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

void Fleet::unpaid_due(Date d, std::vector<double>& out) const {
  for (size_t i = next_lot_; i < lots_.size() && lots_[i].date < d; ++i) {
    if (!delivered_[i])
      out[static_cast<size_t>(lots_[i].payer)] +=
          (lots_[i].unit_price * lots_[i].count.value()).value();
  }
}

std::int32_t Fleet::next_event_step(std::int32_t k) const {
  std::int32_t next = calendar_.steps();
  // The next lot to come due: in the step that contains its date. A lot
  // already due but unpaid is asked again at the steps the other subsystems
  // process (money arrives at a month's start or a commitment's opening).
  const Date after = calendar_.end(k);
  for (size_t i = next_lot_; i < lots_.size(); ++i) {
    if (delivered_[i] || lots_[i].date < after) continue;
    next = std::min(next, calendar_.step_of(lots_[i].date));
    break;
  }
  // A cohort retires at the first step boundary on or after its date.
  if (next_retirement_ < far_future()) {
    next = std::min(next, calendar_.first_step_from(next_retirement_));
  }
  return std::max(next, k + 1);
}

}  // namespace stargate

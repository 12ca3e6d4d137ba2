// src/model/fleet/fleet.h
//
// Fleet: accelerators ordered, delivered, installed, failing and retiring.
//
// What is modelled (MODEL.md §4):
//  - Orders deliver in lots on dated schedules; a lot is paid on delivery (a
//    chip payment request) and arrives at its site's queue when paid.
//  - Queued accelerators are installed where the site's online IT MW has room
//    for them (count × all-in watts), first come first served; a lot that does
//    not fit whole installs what fits, and later lots of a lighter type may
//    still fit behind it. The rest wait, and the timeline shows them.
//  - Installed accelerators retire at the end of their useful life, counted
//    from installation, freeing their power.
//  - Failed accelerators are out for the repair time; a deterministic run
//    takes the expected share out, repair ÷ (MTBF + repair), for every type.
//  - Capacity = installed × availability × peak dense FLOP/s, per precision.
//
// Known limits: no partial failures, no spares pool, no transfers between
// sites; power drawn by accelerators out for repair is not counted.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "model/buildout/buildout.h"
#include "model/capex.h"

namespace stargate {

struct AcceleratorType {
  FlopPerSecond bf16;
  FlopPerSecond fp8;  // equals bf16 when the type has no faster FP8 path
  Watts watts;
  double availability = 1.0;  // MTBF / (MTBF + repair)
  Duration life;
};

struct DeliveryLot {
  Date date;
  std::int32_t order = 0;
  std::int32_t site = 0;
  std::int32_t type = 0;
  std::int32_t payer = 0;
  Accelerators count;
  Usd unit_price;
};

struct Cohort {
  std::int32_t site = 0;
  std::int32_t type = 0;
  std::int32_t order = 0;  // whose accelerators they are (its buyer) and their price
  Accelerators count;
  Date installed;
  Date retires;
};

// Per-site totals, kept current as the fleet changes.
struct SiteFleet {
  Accelerators installed;
  Accelerators up;  // installed × availability
  Accelerators waiting;
  Watts watts_installed;  // all installed, for the room check
  Megawatts it_load;      // installed × availability × watts
  FlopPerSecond bf16;     // available (× availability)
  FlopPerSecond fp8;
};

struct OrderProgress {
  Accelerators delivered;
  Usd paid;
  Usd paid_before_start;
  Date first_delivery;
  Date last_delivery;
  bool any = false;
};

class Fleet {
 public:
  // REQUIRES: lots sorted by date.
  Fleet(std::vector<AcceleratorType> types, std::vector<DeliveryLot> lots, std::size_t sites,
        std::size_t orders, const Calendar& calendar);

  // Lots dated before the horizon were delivered and paid before it: they are
  // queued at the start, their cost sunk.
  void begin();
  // Retirements at the start of step k; true if any.
  bool retire(std::int32_t k);
  // Chip payments due in step k.
  void request(std::int32_t k, CapexRequests& out) const;
  // Paid lots arrive in their site's queue; unpaid ones wait for a later step.
  // True if any arrived.
  bool deliver(std::int32_t k, const CapexRequests& funded);
  // Installs queued accelerators where online IT MW has room; true if any.
  bool install(std::int32_t k, const Buildout& buildout);

  // The price of lots due by `d` and not yet paid, added per payer to `out`.
  void unpaid_due(Date d, std::vector<double>& out) const;
  // The first step after k in which a lot is due or a cohort retires
  // (steps() when none is left).
  std::int32_t next_event_step(std::int32_t k) const;
  bool has_waiting() const { return waiting_total_ > 0.0; }

  const SiteFleet& site(std::int32_t s) const { return sites_[static_cast<size_t>(s)]; }
  std::span<const OrderProgress> orders() const { return orders_; }
  std::span<const DeliveryLot> lots() const { return lots_; }
  Accelerators retired() const { return retired_; }
  // The sites whose fleet changed since the last call, each once.
  std::vector<std::int32_t> take_changed_sites();
  // Tells the fleet a site's online IT MW grew: its queue may install.
  void room_changed(std::int32_t site);
  // The accelerators installed at a site, cohort by cohort.
  std::span<const Cohort> cohorts(std::int32_t s) const { return cohorts_[static_cast<size_t>(s)]; }
  const AcceleratorType& type(std::int32_t t) const { return types_[static_cast<size_t>(t)]; }
  // The cohorts installed since the last call (for the asset register).
  std::vector<Cohort> take_new_cohorts();

 private:
  struct Queued {
    std::int32_t type;
    std::int32_t order;
    Accelerators count;
    Date arrived;
  };
  void add_cohort(std::int32_t site, const Queued& item, Accelerators n, Date when);
  void recompute(std::int32_t site);
  void mark_changed(std::int32_t site);

  std::vector<AcceleratorType> types_;
  std::vector<DeliveryLot> lots_;
  std::vector<char> delivered_;
  size_t next_lot_ = 0;  // lots before this index are delivered
  std::vector<OrderProgress> orders_;
  std::vector<std::vector<Queued>> queues_;   // per site
  std::vector<std::vector<Cohort>> cohorts_;  // per site
  std::vector<Cohort> new_cohorts_;
  std::vector<Date> site_next_retirement_;
  std::vector<SiteFleet> sites_;
  std::vector<char> changed_;
  std::vector<std::int32_t> changed_list_;
  std::vector<char> pending_install_;  // a site whose queue may now install
  Date next_retirement_;               // earliest retirement of any cohort
  Accelerators retired_;
  double waiting_total_ = 0.0;
  const Calendar& calendar_;
};

}  // namespace stargate

// tests/properties/market_checks.h
//
// Checkers of the capacity market's rules (MODEL.md §5–§6) over scenarios
// generated with a market (GenerateOptions::with_market).
//
// Two kinds of checker:
//  - over each allocation: run_market() drives the build-out, the fleet and
//    the market of a scenario step by step, as the engine does (every
//    payment made in full: the generated payers are not limited), and takes
//    a MarketSnapshot after every allocation: what the market decided (its
//    contracts, their tallies, the tenants' states, every entity's pool of
//    capacity after the allocation) beside what the fleet and the build-out
//    say independently of it (accelerators up per owner, online IT MW per
//    site). A checker is a plain function of the generated scenario and one
//    snapshot, returning what it found wrong;
//  - over the run's Results (public API only), as in checks.h.
// Tolerances: quantities of compute are compared within 1e-9 of the larger
// magnitude, plus 1e7 FLOP/s (1e-8 of an H100) or 1e-6 accelerator where a
// residue is allowed; yearly and hand-computed sums within 1e-9 (served +
// unmet = demand within 1e-6).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/csv.h"
#include "model/buildout/buildout.h"
#include "model/capex.h"
#include "model/fleet/fleet.h"
#include "model/market/market.h"
#include "properties/checks.h"
#include "properties/money_checks.h"
#include "sim/resolve.h"
#include "stargate/output.h"
#include "stargate/results.h"
#include "stargate/scenario.h"
#include "support/generate.h"

namespace stargate::testing {

inline constexpr double kFlopsResidue = 1e7;  // FLOP/s: below this, capacity is nothing

// ---------------------------------------------------------------------------
// Allocations, one snapshot each

struct MarketSnapshot {
  std::int32_t k = 0;
  Date d;
  std::vector<ContractPlan> contracts;  // declared and signed so far
  std::vector<ContractTally> tallies;   // one per contract
  std::vector<TenantState> tenants;     // one per tenant, in the plan's order
  std::vector<std::vector<Market::Slot>> pools;
  std::vector<std::int32_t> signed_now;  // contracts signed in this allocation
  // From the fleet and the build-out, per entity: accelerators up (installed
  // × availability) that an active exclusive lease tags, those it does not,
  // and their FLOP/s; per site, online IT MW.
  std::vector<double> own_tagged, own_untagged, own_flops;
  std::vector<double> online_it_mw;
};

// What does not change during a run: ids, types, who the tenants are.
struct MarketRun {
  std::vector<std::string> entity_ids, site_ids, type_ids;
  std::vector<double> bf16;             // per type, FLOP/s per accelerator
  std::vector<std::int32_t> tenant_of;  // tenant index → entity index
  std::vector<MarketSnapshot> allocations;
  std::string error;  // an exception from the model, if any

  std::int32_t entity(const std::string& id) const {
    const auto it = std::find(entity_ids.begin(), entity_ids.end(), id);
    return it == entity_ids.end() ? -1 : static_cast<std::int32_t>(it - entity_ids.begin());
  }
  std::int32_t site(const std::string& id) const {
    const auto it = std::find(site_ids.begin(), site_ids.end(), id);
    return it == site_ids.end() ? -1 : static_cast<std::int32_t>(it - site_ids.begin());
  }
  double flops(const Market::Slot& x) const { return x.count * bf16[static_cast<size_t>(x.type)]; }
  double spare_for(const MarketSnapshot& s, std::int32_t holder, std::int32_t tenant) const {
    double f = 0.0;
    for (const Market::Slot& x : s.pools[static_cast<size_t>(holder)]) {
      if (x.tag < 0 || x.tag == tenant) f += flops(x);
    }
    return f;
  }
  double pool_flops(const MarketSnapshot& s, std::int32_t e) const {
    double f = 0.0;
    for (const Market::Slot& x : s.pools[static_cast<size_t>(e)]) f += flops(x);
    return f;
  }
};

inline bool active_on(const ContractPlan& c, Date d) { return c.start <= d && d < c.end; }

// The end (exclusive) of a generated contract, as the scenario resolves it.
inline Date contract_end(const GeneratedScenario& g, const GeneratedContract& c) {
  return c.end.value_or(g.end + 1);
}

// The right of first refusal of a tenant on `d`: the first active one, as
// written; nullptr when none.
inline const GeneratedRight* right_on(const GeneratedScenario& g, const std::string& tenant,
                                      Date d) {
  for (const GeneratedRight& r : g.market->rights) {
    if (r.tenant == tenant && r.start <= d && (!r.end || d <= *r.end)) return &r;
  }
  return nullptr;
}

// What a tenant still needed when offered, as the market computes it: its
// unmet inference less what it signed before and has not started.
inline double new_demand(const MarketSnapshot& s, size_t t, std::int32_t entity) {
  double pending = 0.0;
  for (const ContractPlan& c : s.contracts) {
    if (c.customer == entity && c.amount_kind == AmountKind::kFlops && c.start > s.d &&
        c.signed_on < s.d && s.d < c.end)
      pending += c.amount;
  }
  return s.tenants[t].unmet - pending;
}

// Drives the physical subsystems and the market through the steps the
// engine would allocate at (src/sim/engine.cc, without the money: every
// capex request is paid in full), snapshotting each allocation.
inline MarketRun run_market(const GeneratedScenario& g, const Scenario& scenario,
                            std::optional<StepKind> step) {
  const ScenarioSpec& spec = scenario.spec();
  const Calendar calendar(spec.info.start, spec.info.end, step.value_or(spec.info.step));
  ModelInputs in = resolve_inputs(spec, spec.base_draws());
  MarketRun run;
  run.entity_ids = in.market.entity_ids;
  run.site_ids = in.market.site_ids;
  run.type_ids = in.market.type_ids;
  for (const MarketType& t : in.market.types) run.bf16.push_back(t.bf16);
  for (const TenantPlan& t : in.market.tenants) run.tenant_of.push_back(t.entity);
  const size_t ne = run.entity_ids.size(), nsites = in.sites.size();
  // Who owns each order's accelerators, from the generator.
  std::vector<std::int32_t> owner;
  for (const GeneratedOrder& o : g.orders) owner.push_back(run.entity(o.buyer));
  try {
    Buildout build(in.sites, in.phases, calendar);
    Fleet fleet(in.types, in.lots, nsites, spec.orders.size(), calendar);
    Market market(std::move(in.market), calendar);
    build.begin();
    fleet.begin();
    CapexRequests requests;
    const std::int32_t n = calendar.steps();
    for (std::int32_t k = 0; k < n;) {
      bool moved = fleet.retire(k);
      build.start_of_step(k);
      for (std::int32_t s : build.came_online()) fleet.room_changed(s);
      requests.clear();
      build.request(k, requests);
      fleet.request(k, requests);
      requests.funded_share.assign(requests.items.size(), 1.0);
      moved = fleet.deliver(k, requests) || moved;
      if (moved || !build.came_online().empty() || k == 0) fleet.install(k, build);
      build.execute(k, requests);
      (void)build.take_online_phases();
      (void)fleet.take_new_cohorts();
      (void)build.take_changed_sites();
      (void)fleet.take_changed_sites();
      market.allocate(k, fleet, build);

      MarketSnapshot s;
      s.k = k;
      s.d = calendar.begin(k);
      s.signed_now = market.take_signed();
      s.contracts = market.plan().contracts;
      s.tallies = market.tallies();
      s.tenants = market.tenants();
      s.pools = market.pools();
      s.own_tagged.assign(ne, 0.0);
      s.own_untagged.assign(ne, 0.0);
      s.own_flops.assign(ne, 0.0);
      for (size_t site = 0; site < nsites; ++site) {
        s.online_it_mw.push_back(build.online_it_mw(static_cast<std::int32_t>(site)).value());
        for (const Cohort& c : fleet.cohorts(static_cast<std::int32_t>(site))) {
          const std::int32_t e = owner[static_cast<size_t>(c.order)];
          const double up = c.count.value() * fleet.type(c.type).availability;
          bool tagged = false;
          for (const GeneratedContract& gc : g.market->contracts) {
            if (gc.kind == "lease" && !gc.exclusive_to.empty() && run.entity(gc.customer) == e &&
                run.site(gc.site) == c.site && gc.start <= s.d && s.d < contract_end(g, gc))
              tagged = true;
          }
          (tagged ? s.own_tagged : s.own_untagged)[static_cast<size_t>(e)] += up;
          s.own_flops[static_cast<size_t>(e)] += up * run.bf16[static_cast<size_t>(c.type)];
        }
      }
      run.allocations.push_back(std::move(s));
      k = std::min(
          {build.next_event_step(k), fleet.next_event_step(k), market.next_event_step(k), n});
    }
  } catch (const std::exception& e) {
    run.error = e.what();
  }
  return run;
}

using AllocationCheck = Violations (*)(const GeneratedScenario&, const MarketRun&,
                                       const MarketSnapshot&);

inline std::string on(const MarketSnapshot& s) { return "on " + s.d.to_string() + ": "; }

// No provider delivers more than it has (MODEL.md §5): under an entity's
// compute contracts, at most its own accelerators up less its reserved share
// (exclusive-lease capacity is not reserved) plus what it receives; under a
// site's leases, at most its online IT MW. And capacity is conserved: what
// every pool holds after the allocation, plus the reserved use, plus what
// was signed away in its offers, is the fleet's FLOP/s up.
inline Violations check_capacity(const GeneratedScenario& g, const MarketRun& run,
                                 const MarketSnapshot& s) {
  Violations v;
  const size_t ne = run.entity_ids.size();
  std::vector<double> delivered(ne, 0.0), received(ne, 0.0);
  std::vector<double> leased(run.site_ids.size(), 0.0);
  for (size_t i = 0; i < s.contracts.size(); ++i) {
    const ContractPlan& c = s.contracts[i];
    const ContractTally& t = s.tallies[i];
    if (t.delivered < 0.0 || !std::isfinite(t.delivered)) {
      v.push_back(on(s) + "contract " + c.id + " delivers " + num(t.delivered));
    }
    if (!active_on(c, s.d)) {
      if (t.delivered != 0.0)
        v.push_back(on(s) + "contract " + c.id + " is not active but delivers " + num(t.delivered));
      continue;
    }
    if (c.amount_kind == AmountKind::kLease) {
      leased[static_cast<size_t>(c.site)] += t.delivered;
      continue;
    }
    delivered[static_cast<size_t>(c.provider)] += t.delivered;
    received[static_cast<size_t>(c.customer)] += t.delivered;
  }
  double up_flops = 0.0, held_flops = 0.0, reserved_flops = 0.0, signed_flops = 0.0;
  for (size_t e = 0; e < ne; ++e) {
    const auto it = g.market->reserved_share.find(run.entity_ids[e]);
    const double r = it == g.market->reserved_share.end() ? 0.0 : it->second;
    const double has = s.own_untagged[e] * (1.0 - r) + s.own_tagged[e] + received[e];
    if (!at_most(delivered[e], has, 1e-9)) {
      v.push_back(on(s) + run.entity_ids[e] + " delivers " + num(delivered[e]) +
                  " accelerators under its contracts but has " + num(has) + " (own up " +
                  num(s.own_untagged[e] + s.own_tagged[e]) + ", reserved share " + num(r) +
                  ", received " + num(received[e]) + ")");
    }
    up_flops += s.own_flops[e];
    held_flops += run.pool_flops(s, e);
    // The reserved share of the untagged own fleet, in FLOP/s: the fleet's
    // untagged FLOP/s are own_flops less the tagged ones; a provider's
    // fleet is of one type, so its share of FLOP/s is its share of counts.
    const double own = s.own_untagged[e] + s.own_tagged[e];
    if (own > 0.0) reserved_flops += r * s.own_flops[e] * s.own_untagged[e] / own;
  }
  for (std::int32_t i : s.signed_now) signed_flops += s.contracts[static_cast<size_t>(i)].amount;
  if (!close(held_flops + reserved_flops + signed_flops, up_flops, 1e-9)) {
    v.push_back(on(s) + "pools hold " + num(held_flops) + " FLOP/s, reserved use " +
                num(reserved_flops) + ", signed in offers " + num(signed_flops) + ": " +
                num(held_flops + reserved_flops + signed_flops) + ", but the fleet has " +
                num(up_flops) + " FLOP/s up");
  }
  for (size_t site = 0; site < leased.size(); ++site) {
    if (!at_most(leased[site], s.online_it_mw[site], 1e-9)) {
      v.push_back(on(s) + "leases of " + run.site_ids[site] + " deliver " + num(leased[site]) +
                  " MW of " + num(s.online_it_mw[site]) + " MW online");
    }
  }
  return v;
}

// Per contract: never more than promised; a count, share or FLOP/s contract's
// shortfall is what it promised less what it delivered; the peak shortfall is
// at least the current one.
inline Violations check_contract_tallies(const GeneratedScenario&, const MarketRun&,
                                         const MarketSnapshot& s) {
  Violations v;
  for (size_t i = 0; i < s.contracts.size(); ++i) {
    const ContractPlan& c = s.contracts[i];
    const ContractTally& t = s.tallies[i];
    if (!active_on(c, s.d)) continue;
    const std::string at = on(s) + "contract " + c.id + ": ";
    if (t.shortfall < 0.0 || t.peak_shortfall < t.shortfall) {
      v.push_back(at + "shortfall " + num(t.shortfall) + ", peak " + num(t.peak_shortfall));
    }
    double promised = -1.0, got = t.delivered;
    if (c.amount_kind == AmountKind::kCount) promised = c.amount;
    if (c.amount_kind == AmountKind::kFlops) {
      promised = c.amount;
      got = t.delivered_flops;
    }
    if (promised < 0.0) continue;
    if (!at_most(got, promised, 1e-9)) {
      v.push_back(at + "delivers " + num(got) + ", more than the " + num(promised) + " promised");
    }
    if (std::fabs(got + t.shortfall - promised) > 1e-6 * std::max(1.0, promised) + 1e-6) {
      v.push_back(at + "delivered " + num(got) + " + shortfall " + num(t.shortfall) +
                  " ≠ promised " + num(promised));
    }
  }
  return v;
}

// An all_of contract passes on everything its provider receives under the
// contract it names: none of it is left with the provider (the generated
// all_of contracts have no site or type of their own, and only one passes
// on each contract).
inline Violations check_all_of(const GeneratedScenario&, const MarketRun& run,
                               const MarketSnapshot& s) {
  Violations v;
  for (const ContractPlan& c : s.contracts) {
    if (c.amount_kind != AmountKind::kAll || !active_on(c, s.d)) continue;
    double left = 0.0;
    for (const Market::Slot& x : s.pools[static_cast<size_t>(c.provider)]) {
      if (x.via == c.all_of) left += x.count;
    }
    if (left > 1e-6) {
      v.push_back(on(s) + run.entity_ids[static_cast<size_t>(c.provider)] + " keeps " + num(left) +
                  " accelerators received under " + s.contracts[static_cast<size_t>(c.all_of)].id +
                  " that " + c.id + " passes on in full");
    }
  }
  return v;
}

// Leases of a site (MODEL.md §5, oversubscription): when they ask for more
// than its online IT MW, they are cut in order of rank (priority, else the
// date signed), pro rata within one: leases of one rank get the same share
// of what they ask, and a lease gets something only if every lease ranked
// before it got all it asked.
inline Violations check_lease_order(const GeneratedScenario&, const MarketRun& run,
                                    const MarketSnapshot& s) {
  Violations v;
  auto rank = [](const ContractPlan& c) {
    return c.explicit_priority
               ? std::pair(c.priority, std::numeric_limits<std::int32_t>::min())
               : std::pair(std::numeric_limits<std::int32_t>::max(), c.signed_on.days());
  };
  for (size_t a = 0; a < s.contracts.size(); ++a) {
    const ContractPlan& x = s.contracts[a];
    if (x.amount_kind != AmountKind::kLease || !active_on(x, s.d)) continue;
    const double online = s.online_it_mw[static_cast<size_t>(x.site)];
    const double want_x = x.lease_share ? x.amount * online : x.amount;
    for (size_t b = 0; b < s.contracts.size(); ++b) {
      const ContractPlan& y = s.contracts[b];
      if (b == a || y.amount_kind != AmountKind::kLease || y.site != x.site || !active_on(y, s.d))
        continue;
      const double want_y = y.lease_share ? y.amount * online : y.amount;
      const double got_x = s.tallies[a].delivered, got_y = s.tallies[b].delivered;
      const std::string pair = on(s) + "leases " + x.id + " (" + num(got_x) + " of " + num(want_x) +
                               " MW) and " + y.id + " (" + num(got_y) + " of " + num(want_y) +
                               " MW) of " + run.site_ids[static_cast<size_t>(x.site)] + ": ";
      if (rank(x) == rank(y) && want_x > 0.0 && want_y > 0.0 &&
          !close(got_x / want_x, got_y / want_y, 1e-9)) {
        v.push_back(pair + "one rank, not pro rata");
      }
      if (rank(x) < rank(y) && got_y > 1e-9 && got_x < want_x * (1 - 1e-9)) {
        v.push_back(pair + "the later one served before the earlier is full");
      }
    }
  }
  return v;
}

// What an offer signs (MODEL.md §5): when a tenant signs new contracts, they
// add up to at most its new demand; what the holder of its right declined
// and what its budget did not allow are at most what is left of it.
inline Violations check_offer_accounting(const GeneratedScenario&, const MarketRun& run,
                                         const MarketSnapshot& s) {
  Violations v;
  for (size_t t = 0; t < run.tenant_of.size(); ++t) {
    const std::int32_t e = run.tenant_of[t];
    double signed_now = 0.0;
    for (std::int32_t i : s.signed_now) {
      const ContractPlan& c = s.contracts[static_cast<size_t>(i)];
      if (c.customer == e) signed_now += c.amount;
    }
    if (signed_now <= 0.0) continue;
    const TenantState& st = s.tenants[t];
    const double need = new_demand(s, t, e), tol = 1e-9 * std::max(1.0, need) + kFlopsResidue;
    const std::string at = on(s) + run.entity_ids[static_cast<size_t>(e)] + ": ";
    if (signed_now > need + tol)
      v.push_back(at + "signed " + num(signed_now) + " FLOP/s for new demand of " + num(need));
    if (st.declined > need + tol || st.declined < -tol)
      v.push_back(at + "declined " + num(st.declined) + " of new demand " + num(need));
    if (st.unaffordable > need - signed_now + tol || st.unaffordable < -tol)
      v.push_back(at + "unaffordable " + num(st.unaffordable) + " with new demand " + num(need) +
                  " of which " + num(signed_now) + " signed");
  }
  return v;
}

// Exclusivity (MODEL.md §5): no tenant holds capacity exclusive to another
// (a tenant uses only what it holds), and the tags are not lost on the way —
// what came under a contract exclusive to T, and a lessee's accelerators at
// a site it leases exclusively for T, are tagged T.
inline Violations check_exclusivity(const GeneratedScenario& g, const MarketRun& run,
                                    const MarketSnapshot& s) {
  Violations v;
  std::set<std::int32_t> tenants(run.tenant_of.begin(), run.tenant_of.end());
  for (size_t e = 0; e < s.pools.size(); ++e) {
    for (const Market::Slot& x : s.pools[e]) {
      if (x.count <= 1e-9) continue;
      const std::string what = num(x.count) + " accelerators at " +
                               run.site_ids[static_cast<size_t>(x.site)] + " held by " +
                               run.entity_ids[e];
      if (x.tag >= 0 && tenants.count(static_cast<std::int32_t>(e)) &&
          x.tag != static_cast<std::int32_t>(e)) {
        v.push_back(on(s) + what + " are exclusive to " +
                    run.entity_ids[static_cast<size_t>(x.tag)]);
      }
      if (x.via >= 0) {
        const ContractPlan& c = s.contracts[static_cast<size_t>(x.via)];
        if (c.exclusive_to >= 0 && x.tag != c.exclusive_to)
          v.push_back(on(s) + what + " came under " + c.id + ", exclusive to " +
                      run.entity_ids[static_cast<size_t>(c.exclusive_to)] + ", but carry tag " +
                      std::to_string(x.tag));
      } else {
        for (const GeneratedContract& gc : g.market->contracts) {
          if (gc.kind == "lease" && !gc.exclusive_to.empty() &&
              run.entity(gc.customer) == static_cast<std::int32_t>(e) &&
              run.site(gc.site) == x.site && gc.start <= s.d && s.d < contract_end(g, gc) &&
              x.tag != run.entity(gc.exclusive_to))
            v.push_back(on(s) + what + " (its own) are leased exclusively for " + gc.exclusive_to +
                        " by " + gc.id + ", but carry tag " + std::to_string(x.tag));
        }
      }
    }
  }
  for (size_t t = 0; t < s.tenants.size(); ++t) {
    if (s.tenants[t].idle_exclusive < -kFlopsResidue)
      v.push_back(on(s) + "idle exclusive capacity " + num(s.tenants[t].idle_exclusive));
  }
  return v;
}

// Served + unmet = demand (MODEL.md §5), for inference, per tenant at every
// allocation: inference served (served less training) + unmet = inference
// demand within 1e-6; demand = inference + training served + training unmet;
// served by route = served by provider; nothing negative; nothing used beyond
// what the tenant controls.
inline Violations check_tenant_balance(const GeneratedScenario&, const MarketRun& run,
                                       const MarketSnapshot& s) {
  Violations v;
  for (size_t t = 0; t < s.tenants.size(); ++t) {
    const TenantState& st = s.tenants[t];
    const std::string at = on(s) + run.entity_ids[static_cast<size_t>(run.tenant_of[t])] + ": ";
    double served = 0.0, by_provider = 0.0;
    for (double x : st.served) {
      served += x;
      if (x < -kFlopsResidue) v.push_back(at + "served by a route " + num(x));
    }
    for (double x : st.by_provider) by_provider += x;
    const double inference = served - st.training;
    if (!close(inference + st.unmet, st.inference_demand, 1e-6)) {
      v.push_back(at + "inference served " + num(inference) + " + unmet " + num(st.unmet) +
                  " ≠ inference demand " + num(st.inference_demand));
    }
    if (!close(st.demand, st.inference_demand + st.training + st.training_unmet, 1e-9)) {
      v.push_back(at + "demand " + num(st.demand) + " ≠ inference " + num(st.inference_demand) +
                  " + training " + num(st.training) + " + training unmet " +
                  num(st.training_unmet));
    }
    if (!close(served, by_provider, 1e-9)) {
      v.push_back(at + "served by route " + num(served) + " ≠ by provider " + num(by_provider));
    }
    if (st.unmet < -kFlopsResidue || st.training < -kFlopsResidue ||
        inference < -1e-9 * std::max(1.0, served) - kFlopsResidue) {
      v.push_back(at + "negative: unmet " + num(st.unmet) + ", training " + num(st.training) +
                  ", inference served " + num(inference));
    }
    if (!at_most(served, st.controlled, 1e-9)) {
      v.push_back(at + "serves " + num(served) + " FLOP/s of the " + num(st.controlled) +
                  " it controls");
    }
  }
  return v;
}

// The right of first refusal (MODEL.md §5): a contract by the route `rofr`
// is signed only by the holder of an active right, whose take_fraction is
// above zero, for at most that fraction of the new demand; and when a
// market contract is signed to a tenant with an active right, its holder
// was offered first: it signed its take_fraction of the new demand, or has
// no spare capacity for the tenant left.
inline Violations check_rofr_first(const GeneratedScenario& g, const MarketRun& run,
                                   const MarketSnapshot& s) {
  Violations v;
  for (size_t t = 0; t < run.tenant_of.size(); ++t) {
    const std::int32_t e = run.tenant_of[t];
    const std::string& id = run.entity_ids[static_cast<size_t>(e)];
    const GeneratedRight* right = right_on(g, id, s.d);
    double rofr = 0.0, market = 0.0;
    for (std::int32_t i : s.signed_now) {
      const ContractPlan& c = s.contracts[static_cast<size_t>(i)];
      if (c.customer != e) continue;
      if (c.route == Route::kMarket) market += c.amount;
      if (c.route != Route::kRofr) continue;
      rofr += c.amount;
      const std::string& from = run.entity_ids[static_cast<size_t>(c.provider)];
      if (!right || right->holder != from || right->take <= 0.0) {
        v.push_back(on(s) + "contract " + c.id + " signed by the route rofr from " + from +
                    ", but the right active for " + id + " is " +
                    (right ? right->id + " held by " + right->holder + " with take_fraction " +
                                 num(right->take)
                           : std::string("none")));
      }
    }
    if (!right || (rofr <= 0.0 && market <= 0.0)) continue;
    const double need = new_demand(s, t, e);
    const double appetite = right->take * need;
    if (rofr > appetite * (1 + 1e-9) + kFlopsResidue) {
      v.push_back(on(s) + right->holder + " signed " + num(rofr) + " FLOP/s for " + id + " under " +
                  right->id + ", more than take_fraction " + num(right->take) + " × new demand " +
                  num(need));
    }
    if (market > 0.0 && right->take > 0.0 && rofr < appetite * (1 - 1e-9) - kFlopsResidue) {
      const std::int32_t h = run.entity(right->holder);
      const double spare = run.spare_for(s, h, e);
      if (spare > kFlopsResidue + 1e-9 * run.pool_flops(s, h)) {
        v.push_back(on(s) + id + " signed " + num(market) +
                    " FLOP/s on the market while the holder of " + right->id + ", " +
                    right->holder + ", signed " + num(rofr) + " of its appetite " + num(appetite) +
                    " (take_fraction " + num(right->take) + " × " + num(need) + ") and has " +
                    num(spare) + " FLOP/s spare for it");
      }
    }
  }
  return v;
}

// A market provider's price per PFLOP-hour of dense BF16: as written, or
// per accelerator-hour over its type's peak (PFLOP/s); nullopt when it is no
// market provider.
inline std::optional<double> market_price(const GeneratedScenario& g, const MarketRun& run,
                                          const std::string& e) {
  const GeneratedMarket& m = *g.market;
  if (const auto it = m.price_per_pflop_hour.find(e); it != m.price_per_pflop_hour.end())
    return it->second;
  const auto it = m.price_per_accelerator_hour.find(e);
  if (it == m.price_per_accelerator_hour.end()) return std::nullopt;
  const auto type = std::find(run.type_ids.begin(), run.type_ids.end(), m.provider_type.at(e));
  return it->second / (run.bf16[static_cast<size_t>(type - run.type_ids.begin())] / 1e15);
}

// Market providers are used in price order (MODEL.md §5): every market
// contract is at its provider's price; and when a tenant signs with a
// provider, no cheaper market provider it may buy from (not itself, not the
// holder of its right) is left with spare capacity for it.
inline Violations check_price_order(const GeneratedScenario& g, const MarketRun& run,
                                    const MarketSnapshot& s) {
  Violations v;
  for (size_t t = 0; t < run.tenant_of.size(); ++t) {
    const std::int32_t e = run.tenant_of[t];
    const std::string& id = run.entity_ids[static_cast<size_t>(e)];
    const GeneratedRight* right = right_on(g, id, s.d);
    double dearest = -1.0;
    std::string dearest_id;
    for (std::int32_t i : s.signed_now) {
      const ContractPlan& c = s.contracts[static_cast<size_t>(i)];
      if (c.customer != e || c.route != Route::kMarket) continue;
      const std::string& p = run.entity_ids[static_cast<size_t>(c.provider)];
      const std::optional<double> price = market_price(g, run, p);
      if (!price || !close(c.price, *price, 1e-9)) {
        v.push_back(on(s) + "market contract " + c.id + " at " + num(c.price) +
                    " per PFLOP-hour, but " + p + "'s price is " + (price ? num(*price) : "none"));
      }
      if (right && right->holder == p) {
        v.push_back(on(s) + "market contract " + c.id + " from " + p + ", the holder of " + id +
                    "'s right of first refusal " + right->id);
      }
      if (c.price > dearest) {
        dearest = c.price;
        dearest_id = c.id;
      }
    }
    if (dearest < 0.0) continue;
    for (size_t p = 0; p < run.entity_ids.size(); ++p) {
      const std::string& pid = run.entity_ids[p];
      const std::optional<double> price = market_price(g, run, pid);
      if (!price || *price >= dearest * (1 - 1e-12) || static_cast<std::int32_t>(p) == e ||
          (right && right->holder == pid))
        continue;
      const double spare = run.spare_for(s, static_cast<std::int32_t>(p), e);
      if (spare > kFlopsResidue + 1e-9 * run.pool_flops(s, static_cast<std::int32_t>(p))) {
        v.push_back(on(s) + id + " signed " + dearest_id + " at " + num(dearest) +
                    " per PFLOP-hour while " + pid + " at " + num(*price) + " had " + num(spare) +
                    " FLOP/s spare for it");
      }
    }
  }
  return v;
}

inline constexpr AllocationCheck kAllocationChecks[] = {
    check_capacity,    check_contract_tallies, check_all_of,
    check_lease_order, check_exclusivity,      check_tenant_balance,
    check_rofr_first,  check_price_order,      check_offer_accounting};

inline Violations check_allocations(const GeneratedScenario& g, const MarketRun& run) {
  Violations v;
  if (!run.error.empty()) v.push_back("the model threw: " + run.error);
  for (const MarketSnapshot& s : run.allocations) {
    for (AllocationCheck check : kAllocationChecks) {
      for (std::string& x : check(g, run, s)) v.push_back(std::move(x));
    }
    if (v.size() > 20) break;
  }
  return v;
}

// ---------------------------------------------------------------------------
// Results

inline const TenantResult* tenant_result(const Results& r, const std::string& id) {
  for (const TenantResult& t : r.tenants) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

// Served + unmet = demand, per tenant and year (TenantYear, FLOP over the
// year's days): inference served + unmet = inference demand within 1e-6;
// demand = inference + training + training unmet; served = the sum of its
// routes = the sum of its providers.
inline Violations check_compute_years(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const GeneratedTenant& gt : g.market->tenants) {
    const TenantResult* t = tenant_result(r, gt.id);
    if (!t) {
      v.push_back("no result for tenant " + gt.id);
      continue;
    }
    for (const TenantYear& y : t->years) {
      const std::string at = gt.id + " in " + std::to_string(y.year) + ": ";
      double routes = 0.0, providers = 0.0;
      for (double x : y.by_route) routes += x;
      for (const auto& [p, x] : y.by_provider) providers += x;
      if (!close(y.served - y.training + y.unmet, y.inference_demand, 1e-6)) {
        v.push_back(at + "inference served " + num(y.served - y.training) + " + unmet " +
                    num(y.unmet) + " ≠ inference demand " + num(y.inference_demand) + " FLOP");
      }
      if (!close(y.demand, y.inference_demand + y.training + y.training_unmet, 1e-9)) {
        v.push_back(at + "demand " + num(y.demand) + " ≠ inference " + num(y.inference_demand) +
                    " + training " + num(y.training) + " + unmet training " +
                    num(y.training_unmet));
      }
      if (!close(routes, y.served, 1e-9) || !close(providers, y.served, 1e-9)) {
        v.push_back(at + "served " + num(y.served) + ", by route " + num(routes) +
                    ", by provider " + num(providers));
      }
    }
  }
  return v;
}

// The timeline agrees with the years: each tenant series (FLOP/s, a level
// per step) integrated over a year's part of each step is that year's total.
// And at every step served + unmet ≤ demand, the difference being the block
// of a run that could not start: in monthly steps (the market allocates at
// every one), served + unmet = demand within 1e-6 at every step but those
// where one of the tenant's runs was skipped.
inline Violations check_compute_timeline(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const GeneratedTenant& gt : g.market->tenants) {
    const TenantResult* t = tenant_result(r, gt.id);
    if (!t) continue;
    const Series* demand = find_series(r, gt.id + "_demand_flop_per_s", v);
    const Series* unmet = find_series(r, gt.id + "_unmet_flop_per_s", v);
    const Series* training = find_series(r, gt.id + "_training_flop_per_s", v);
    const Series* served[kRoutes];
    for (int k = 0; k < kRoutes; ++k)
      served[k] = find_series(r, gt.id + "_served_" + kRouteNames[k] + "_flop_per_s", v);
    if (!v.empty()) return v;
    std::map<int, std::array<double, 4>> years;  // demand, served, unmet, training
    for (std::int32_t k = 0; k < r.timeline.steps(); ++k) {
      double s = 0.0;
      for (const Series* x : served) s += x->at(k);
      if (!at_most(s + unmet->at(k), demand->at(k), 1e-6)) {
        v.push_back(gt.id + " at " + at_step(r, k) + ": served " + num(s) + " + unmet " +
                    num(unmet->at(k)) + " > demand " + num(demand->at(k)));
      }
      bool skipped = false;
      for (const RunResult& x : r.runs) {
        if (x.tenant == gt.id && x.status == "skipped" && x.start == step_begin(r, k))
          skipped = true;
      }
      if (r.step == "month" && !skipped && !close(s + unmet->at(k), demand->at(k), 1e-6)) {
        v.push_back(gt.id + " at " + at_step(r, k) + ": served " + num(s) + " + unmet " +
                    num(unmet->at(k)) + " ≠ demand " + num(demand->at(k)) + " with no run skipped");
      }
      for (Date a = step_begin(r, k); a < step_end(r, k);) {
        const Date b = std::min(step_end(r, k), Date::from_ymd(a.year() + 1, 1, 1));
        const double seconds = (b - a) * 86400.0;
        std::array<double, 4>& y = years[a.year()];
        y[0] += demand->at(k) * seconds;
        y[1] += s * seconds;
        y[2] += unmet->at(k) * seconds;
        y[3] += training->at(k) * seconds;
        a = b;
      }
    }
    for (const TenantYear& y : t->years) {
      const std::array<double, 4>& x = years[y.year];
      const double want[4] = {y.demand, y.served, y.unmet, y.training};
      const char* names[4] = {"demand", "served", "unmet", "training"};
      for (int i = 0; i < 4; ++i) {
        if (!close(x[static_cast<size_t>(i)], want[i], 1e-9))
          v.push_back(gt.id + " in " + std::to_string(y.year) + ": the timeline's " + names[i] +
                      " adds up to " + num(x[static_cast<size_t>(i)]) + " FLOP, the year says " +
                      num(want[i]));
      }
    }
  }
  return v;
}

// Payments, contract by contract (MODEL.md §3, §5): every capacity flow is
// for a contract (purpose contracts.<id>) and goes from its customer to its
// provider, so what the customer pays is what the provider receives; a
// contract's paid is its flows; a tenant's paid is its contracts'. A
// contract fixed per year pays per_year / 365 for every day of the steps that
// begin while it runs (the rate is set at each step's allocation).
inline Violations check_payments(const GeneratedScenario& g, const Results& r) {
  Violations v;
  std::map<std::string, const ContractResult*> by_id;
  for (const ContractResult& c : r.contracts) {
    if (!by_id.emplace(c.id, &c).second) v.push_back("two contracts named " + c.id);
  }
  std::map<std::string, double> paid;
  for (const LedgerFlow& f : r.flows) {
    if (f.kind != FlowKind::kCapacity) continue;
    const std::string& purpose = r.purposes[static_cast<size_t>(f.purpose)];
    const std::string id = purpose.rfind("contracts.", 0) == 0 ? purpose.substr(10) : "";
    const auto it = by_id.find(id);
    if (it == by_id.end()) {
      v.push_back("a capacity flow for '" + purpose + "', no contract");
      continue;
    }
    const ContractResult& c = *it->second;
    if (party_name(r, f.from) != c.customer || party_name(r, f.to) != c.provider) {
      v.push_back("contract " + c.id + " (" + c.customer + " → " + c.provider + ") has a flow " +
                  describe(r, f));
    }
    paid[id] += f.amount;
  }
  std::map<std::string, double> tenant_paid;
  for (const ContractResult& c : r.contracts) {
    if (!close(paid[c.id], c.paid.value(), 1e-9)) {
      v.push_back("contract " + c.id + " paid " + num(c.paid.value()) + ", its flows add up to " +
                  num(paid[c.id]));
    }
    tenant_paid[c.customer] += c.paid.value();
  }
  for (const TenantResult& t : r.tenants) {
    if (!close(t.paid, tenant_paid[t.id], 1e-9)) {
      v.push_back("tenant " + t.id + " paid " + num(t.paid) + ", its contracts " +
                  num(tenant_paid[t.id]));
    }
  }
  for (const GeneratedContract& gc : g.market->contracts) {
    if (!gc.fixed_per_year) continue;
    double days = 0.0;
    for (std::int32_t k = 0; k < r.timeline.steps(); ++k) {
      const Date b = step_begin(r, k);
      if (gc.start <= b && b < contract_end(g, gc)) days += step_end(r, k) - b;
    }
    const double want = *gc.fixed_per_year * days / 365.0;
    const auto it = by_id.find(gc.id);
    if (it == by_id.end() || !close(it->second->paid.value(), want, 1e-9)) {
      v.push_back("contract " + gc.id + " fixed at " + num(*gc.fixed_per_year) + " a year for " +
                  num(days) + " days should pay " + num(want) + ", paid " +
                  (it == by_id.end() ? "nothing" : num(it->second->paid.value())));
    }
  }
  return v;
}

// One row of runs.csv, as written.
struct RunRow {
  std::map<std::string, std::string> field;
  double number(const std::string& key) const { return std::stod(field.at(key)); }
};

inline std::vector<RunRow> parse_runs_csv(const std::string& csv) {
  const CsvTable t = parse_csv(csv, "runs.csv");
  std::vector<RunRow> rows;
  for (const std::vector<std::string>& cells : t.rows) {
    RunRow& row = rows.emplace_back();
    for (size_t i = 0; i < t.header.size(); ++i) row.field[t.header[i]] = cells[i];
  }
  return rows;
}

// Training (MODEL.md §6), from runs.csv: C = 6·N·D for every run (1e-9); a
// run that did not start has no accelerators, no FLOP and a reason; one that
// ran used at least one accelerator, its goodput is in (0, 1].
inline Violations check_runs_csv(const GeneratedScenario&, const Results& r) {
  Violations v;
  const std::vector<RunRow> rows = parse_runs_csv(runs_csv(r));
  if (rows.size() != r.runs.size()) {
    v.push_back("runs.csv has " + std::to_string(rows.size()) + " rows for " +
                std::to_string(r.runs.size()) + " runs");
    return v;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const RunRow& row = rows[i];
    const std::string at = "run " + row.field.at("tenant") + "/" + row.field.at("run") + ": ";
    const double c = row.number("flop"), n = row.number("params"), d = row.number("tokens");
    if (!close(c, 6.0 * n * d, 1e-9)) {
      v.push_back(at + "flop " + num(c) + " ≠ 6 × params " + num(n) + " × tokens " + num(d));
    }
    if (row.field.at("status") == "skipped") {
      if (row.number("accelerators") != 0.0 || c != 0.0 || r.runs[i].reason.empty())
        v.push_back(at + "skipped with " + row.field.at("accelerators") + " accelerators, " +
                    num(c) + " FLOP, reason '" + r.runs[i].reason + "'");
    } else {
      const double g = row.number("goodput");
      if (row.number("accelerators") < 1.0 || c <= 0.0 || g <= 0.0 || g > 1.0)
        v.push_back(at + row.field.at("status") + " with " + row.field.at("accelerators") +
                    " accelerators, " + num(c) + " FLOP, goodput " + num(g));
    }
  }
  return v;
}

// A run asking for more accelerators than the whole market has never starts
// and says why.
inline Violations check_runs_too_large(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const GeneratedRun& gr : g.market->runs) {
    if (!gr.too_large) continue;
    bool found = false;
    for (const RunResult& x : r.runs) {
      if (x.tenant != gr.tenant || x.id != gr.id) continue;
      found = true;
      if (x.status != "skipped" || (x.reason.find("below min_accelerators") == std::string::npos &&
                                    x.reason != "no accelerators free"))
        v.push_back("run " + gr.tenant + "/" + gr.id + " needs " + num(gr.min_accelerators) +
                    " accelerators, more than the market has, but is '" + x.status + "' (reason '" +
                    x.reason + "')");
    }
    if (!found) {
      bool in_horizon = gr.earliest <= g.end;
      if (in_horizon) v.push_back("run " + gr.tenant + "/" + gr.id + " is not reported");
    }
  }
  return v;
}

// Effective compute (MODEL.md §6) of every run that started, recomputed:
// accelerators × the type's dense BF16 peak × MFU (the default 40%: the
// generator sets none) × goodput × efficiency × seconds, where goodput is
// Daly's expectation at Young's interval for the catalog's 30,000 h MTBF and
// the default checkpoint (0.1 h) and restart (0.25 h) times, τ = √(2δM),
// τ / (M·e^(R/M)·(e^((τ+δ)/M) − 1)) with M = MTBF / accelerators, and
// efficiency = 0.9^(sites − 1) (the default site penalty, 10%). A run to a
// FLOP target ends on the first whole day that reaches it. Within 1e-9.
inline Violations check_run_flop(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const RunResult& x : r.runs) {
    if (x.status == "skipped") continue;
    const std::string at = "run " + x.tenant + "/" + x.id + ": ";
    const auto peak = g.market->bf16.find(x.accelerator);
    if (peak == g.market->bf16.end()) {
      v.push_back(at + "on an unknown accelerator '" + x.accelerator + "'");
      continue;
    }
    const double n = x.accelerators, delta = 0.1, restart = 0.25;
    const double m = 30000.0 / n, tau = std::sqrt(2 * delta * m);
    const double goodput = tau / (m * std::exp(restart / m) * std::expm1((tau + delta) / m));
    const double sites = 1.0 + static_cast<double>(std::count(x.sites.begin(), x.sites.end(), '+'));
    const double efficiency = std::pow(0.9, sites - 1.0);
    if (!close(x.goodput, goodput, 1e-9) || !close(x.efficiency, efficiency, 1e-12)) {
      v.push_back(at + "goodput " + num(x.goodput) + " (Daly: " + num(goodput) + "), efficiency " +
                  num(x.efficiency) + " (" + num(efficiency) + ")");
    }
    const double rate = n * peak->second * 0.4 * goodput * efficiency;  // FLOP/s
    double target = 0.0;
    for (const GeneratedRun& gr : g.market->runs) {
      if (gr.tenant == x.tenant && gr.id == x.id && !x.frontier) target = gr.flop;
    }
    const double days = x.end - x.start;
    if (target > 0.0) {
      if (x.flop != target || !(rate * (days - 1) * 86400.0 < target) ||
          !at_most(target, rate * days * 86400.0, 1e-9))
        v.push_back(at + num(x.flop) + " FLOP for a target of " + num(target) + " in " + num(days) +
                    " days at " + num(rate) + " FLOP/s");
    } else if (!close(x.flop, rate * days * 86400.0, 1e-9)) {
      v.push_back(at + num(x.flop) + " FLOP, but " + num(n) + " × " + num(peak->second) +
                  " × 0.4 × " + num(goodput) + " × " + num(efficiency) + " × " + num(days) +
                  " days = " + num(rate * days * 86400.0));
    }
  }
  return v;
}

inline constexpr Check kMarketResultChecks[] = {check_compute_years,  check_compute_timeline,
                                                check_payments,       check_runs_csv,
                                                check_runs_too_large, check_run_flop};

}  // namespace stargate::testing

#include "model/market/market.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "model/training/goodput.h"
#include "model/training/scaling.h"

namespace stargate {
namespace {

constexpr double kHoursPerDay = 24.0;
constexpr double kDaysPerYear = 365.0;
constexpr double kDaysPerYearMean = 365.2425;
constexpr double kMonthsPerYear = 12.0;
constexpr double kPeta = 1e15;
constexpr double kSecondsPerDay = 86400.0;
// Below this, an amount of compute is nothing (FLOP/s): a rounding residue,
// not demand worth a contract.
constexpr double kNegligibleFlops = 1e6;

Date never_before() { return Date::from_days(std::numeric_limits<std::int32_t>::min() / 4); }

double interpolate(const std::vector<std::pair<Date, double>>& pts, Date d) {
  if (pts.empty()) return 0.0;
  if (d <= pts.front().first) return pts.front().second;
  if (d >= pts.back().first) return pts.back().second;
  for (size_t i = 1; i < pts.size(); ++i) {
    if (d < pts[i].first) {
      const auto& [d0, v0] = pts[i - 1];
      const auto& [d1, v1] = pts[i];
      return v0 + (v1 - v0) * static_cast<double>(d - d0) / static_cast<double>(d1 - d0);
    }
  }
  return pts.back().second;
}

bool active(const ContractPlan& c, Date d) { return c.start <= d && d < c.end; }

// A provider's contracts are served in order of this rank, pro rata among
// equal ranks (MODEL.md §5): an explicit priority, lowest first, before
// contracts without one, which rank by the date they were signed.
std::pair<std::int32_t, std::int32_t> rank(const ContractPlan& c) {
  return c.explicit_priority
             ? std::pair(c.priority, never_before().days())
             : std::pair(std::numeric_limits<std::int32_t>::max(), c.signed_on.days());
}

}  // namespace

const char* to_string(Route r) {
  switch (r) {
    case Route::kOwn:
      return "own";
    case Route::kContract:
      return "contract";
    case Route::kRofr:
      return "rofr";
    case Route::kMarket:
      return "market";
  }
  return "?";
}

double TenantPlan::demand(Date d) const {
  if (!growth_form) return interpolate(points, d);
  if (d < start) return 0.0;
  return start_flops * std::pow(1.0 + growth, static_cast<double>(d - start) / kDaysPerYearMean);
}

std::optional<double> TenantPlan::budget_at(Date d) const {
  if (budget.empty()) return std::nullopt;
  return interpolate(budget, d);
}

Market::Market(MarketPlan plan, const Calendar& calendar)
    : plan_(std::move(plan)), calendar_(calendar) {
  const size_t ne = plan_.entity_ids.size();
  tenant_index_.assign(ne, -1);
  for (size_t t = 0; t < plan_.tenants.size(); ++t) {
    tenant_index_[static_cast<size_t>(plan_.tenants[t].entity)] = static_cast<std::int32_t>(t);
    run_offset_.push_back(static_cast<std::int32_t>(run_done_.size()));
    run_done_.resize(run_done_.size() + plan_.tenants[t].runs.size(), 0);
  }
  tallies_.resize(plan_.contracts.size());
  tenant_state_.resize(plan_.tenants.size());
  for (TenantState& s : tenant_state_) s.by_provider.assign(ne, 0.0);
  frontier_next_.assign(plan_.tenants.size(), 0);
  next_offer_.assign(plan_.tenants.size(), never_before());
  pending_.assign(plan_.tenants.size(), 0.0);
  site_use_.assign(plan_.site_ids.size(), 1.0);
  controlled_at_.assign(plan_.tenants.size(), std::vector<double>(plan_.site_ids.size(), 0.0));
  pool_total_.assign(ne, 0.0);
  pool_unused_.assign(ne, 0.0);
}

std::vector<std::pair<std::string, double>> Market::capacity_by_site(std::int32_t t) const {
  std::vector<std::pair<std::string, double>> out;
  const std::vector<double>& at = controlled_at_[static_cast<size_t>(t)];
  for (size_t s = 0; s < at.size(); ++s) {
    if (at[s] > 0.0) out.emplace_back(plan_.site_ids[s], at[s]);
  }
  return out;
}

std::vector<std::int32_t> Market::take_signed() { return std::exchange(signed_, {}); }

void Market::holdings(const Fleet& fleet, Date d, std::vector<std::vector<Slot>>& own) {
  for (size_t s = 0; s < plan_.site_ids.size(); ++s) {
    for (const Cohort& c : fleet.cohorts(static_cast<std::int32_t>(s))) {
      const std::int32_t e = plan_.order_buyer[static_cast<size_t>(c.order)];
      const double up = c.count.value() * fleet.type(c.type).availability;
      std::vector<Slot>& pool = own[static_cast<size_t>(e)];
      auto it = std::find_if(pool.begin(), pool.end(),
                             [&](const Slot& x) { return x.site == c.site && x.type == c.type; });
      if (it == pool.end()) {
        pool.push_back(Slot{c.site, c.type, -1, -1, up});
      } else {
        it->count += up;
      }
    }
  }
  // An exclusive lease tags the lessee's accelerators at the site.
  for (const ContractPlan& c : plan_.contracts) {
    if (c.amount_kind != AmountKind::kLease || c.exclusive_to < 0 || !active(c, d)) continue;
    for (Slot& x : own[static_cast<size_t>(c.customer)]) {
      if (x.site == c.site) x.tag = c.exclusive_to;
    }
  }
}

// Moves capacity along the active compute contracts, providers first.
void Market::route(Date d, std::vector<std::vector<Slot>>& pools) {
  const size_t ne = pools.size();
  std::vector<std::int32_t>& indegree = scratch_.indegree;
  indegree.assign(ne, 0);
  std::vector<std::vector<std::int32_t>>& out = scratch_.out;
  out.resize(ne);
  for (std::vector<std::int32_t>& o : out) o.clear();
  for (size_t i = 0; i < plan_.contracts.size(); ++i) {
    const ContractPlan& c = plan_.contracts[i];
    tallies_[i].delivered = 0.0;
    tallies_[i].delivered_flops = 0.0;
    tallies_[i].delivered_watts = 0.0;
    tallies_[i].shortfall = 0.0;
    if (c.amount_kind == AmountKind::kLease || !active(c, d)) continue;
    out[static_cast<size_t>(c.provider)].push_back(static_cast<std::int32_t>(i));
    ++indegree[static_cast<size_t>(c.customer)];
  }
  std::vector<std::int32_t>& order = scratch_.order;
  order.clear();
  for (size_t e = 0; e < ne; ++e) {
    if (indegree[e] == 0) order.push_back(static_cast<std::int32_t>(e));
  }
  for (size_t i = 0; i < order.size(); ++i) {
    for (std::int32_t c : out[static_cast<size_t>(order[i])]) {
      const auto cust = static_cast<size_t>(plan_.contracts[static_cast<size_t>(c)].customer);
      if (--indegree[cust] == 0) order.push_back(static_cast<std::int32_t>(cust));
    }
  }
  // Validation rules out cycles among declared contracts, and contracts
  // signed in the run go to tenants; anything left is taken in index order.
  for (size_t e = 0; e < ne; ++e) {
    if (indegree[e] > 0) order.push_back(static_cast<std::int32_t>(e));
  }
  // The tenant whose exclusive capacity each contract may carry: its own
  // exclusive_to or, for an all_of, the tag of the contract it passes on, so
  // that the tag rides along the chain (validation keeps such a chain from
  // ending at another tenant). Without it, capacity tagged upstream stopped
  // at the first intermediary of a chain of all_of contracts.
  std::vector<std::int32_t>& carries = scratch_.carries;
  carries.assign(plan_.contracts.size(), -1);
  for (size_t i = 0; i < plan_.contracts.size(); ++i) {
    const ContractPlan* c = &plan_.contracts[i];
    for (size_t hops = 0; hops <= plan_.contracts.size(); ++hops) {
      if (c->exclusive_to >= 0 || c->amount_kind != AmountKind::kAll || c->all_of < 0) {
        carries[i] = c->exclusive_to;
        break;
      }
      c = &plan_.contracts[static_cast<size_t>(c->all_of)];
    }
  }

  for (std::int32_t e : order) {
    std::vector<std::int32_t>& mine = out[static_cast<size_t>(e)];
    if (mine.empty()) continue;
    std::vector<Slot>& pool = pools[static_cast<size_t>(e)];
    auto group_of = [&](std::int32_t i) { return rank(plan_.contracts[static_cast<size_t>(i)]); };
    std::stable_sort(mine.begin(), mine.end(),
                     [&](std::int32_t a, std::int32_t b) { return group_of(a) < group_of(b); });
    auto eligible = [&](std::int32_t i, const Slot& x) {
      const ContractPlan& c = plan_.contracts[static_cast<size_t>(i)];
      if (c.site >= 0 && x.site != c.site) return false;
      if (c.type >= 0 && x.type != c.type) return false;
      if (x.tag >= 0 && x.tag != c.customer && x.tag != carries[static_cast<size_t>(i)])
        return false;
      if (c.amount_kind == AmountKind::kAll && x.via != c.all_of) return false;
      return x.count > 0.0;
    };
    // A share is of what the provider has before any of its contracts.
    std::vector<Slot>& initial = scratch_.initial;
    initial = pool;
    std::vector<double>& claim = scratch_.claim;
    claim.assign(pool.size(), 0.0);
    for (size_t g0 = 0; g0 < mine.size();) {
      size_t g1 = g0 + 1;
      while (g1 < mine.size() && group_of(mine[g1]) == group_of(mine[g0])) ++g1;
      // Each contract's fraction of every slot it may take.
      std::vector<double>& fraction = scratch_.fraction;
      fraction.assign(g1 - g0, 0.0);
      std::fill(claim.begin(), claim.end(), 0.0);
      for (size_t j = g0; j < g1; ++j) {
        const ContractPlan& c = plan_.contracts[static_cast<size_t>(mine[j])];
        double have = 0.0, base = 0.0;
        for (size_t x = 0; x < pool.size(); ++x) {
          if (!eligible(mine[j], pool[x])) continue;
          have += c.amount_kind == AmountKind::kFlops ? flops(pool[x]) : pool[x].count;
        }
        double want = 0.0;
        switch (c.amount_kind) {
          case AmountKind::kCount:
          case AmountKind::kFlops:
            want = c.amount;
            break;
          case AmountKind::kShare:
            for (const Slot& x : initial) {
              if (eligible(mine[j], x)) base += x.count;
            }
            want = c.amount * base;
            break;
          case AmountKind::kAll:
          case AmountKind::kLease:
            want = have;
            break;
        }
        fraction[j - g0] = have > 0.0 ? std::min(1.0, want / have) : 0.0;
        tallies_[static_cast<size_t>(mine[j])].shortfall = want;  // less what is delivered, below
        for (size_t x = 0; x < pool.size(); ++x) {
          if (eligible(mine[j], pool[x])) claim[x] += fraction[j - g0] * pool[x].count;
        }
      }
      // Deliver, cutting a slot claimed beyond what it holds pro rata.
      const size_t n = pool.size();  // slots received below go to customers, not this pool
      for (size_t j = g0; j < g1; ++j) {
        const auto ci = static_cast<size_t>(mine[j]);
        const ContractPlan& c = plan_.contracts[ci];
        ContractTally& tally = tallies_[ci];
        std::vector<Slot>& to = pools[static_cast<size_t>(c.customer)];
        for (size_t x = 0; x < n; ++x) {
          if (!eligible(mine[j], pool[x]) || claim[x] <= 0.0) continue;
          const double cut = std::min(1.0, pool[x].count / claim[x]);
          const double moved = fraction[j - g0] * pool[x].count * cut;
          if (moved <= 0.0) continue;
          const std::int32_t tag = c.exclusive_to >= 0 ? c.exclusive_to : pool[x].tag;
          to.push_back(Slot{pool[x].site, pool[x].type, tag, mine[j], moved});
          tally.delivered += moved;
          tally.delivered_flops += moved * plan_.types[static_cast<size_t>(pool[x].type)].bf16;
          tally.delivered_watts += moved * plan_.types[static_cast<size_t>(pool[x].type)].watts;
        }
      }
      for (size_t x = 0; x < n; ++x) {
        if (claim[x] > 0.0)
          pool[x].count = std::max(0.0, pool[x].count - std::min(claim[x], pool[x].count));
      }
      for (size_t j = g0; j < g1; ++j) {
        const auto ci = static_cast<size_t>(mine[j]);
        ContractTally& tally = tallies_[ci];
        const double got = plan_.contracts[ci].amount_kind == AmountKind::kFlops
                               ? tally.delivered_flops
                               : tally.delivered;
        tally.shortfall = std::max(0.0, tally.shortfall - got);
        // Shortfalls below a part in a million are rounding.
        if (tally.shortfall <= 1e-6 * std::max(1.0, got)) tally.shortfall = 0.0;
        if (tally.shortfall > tally.peak_shortfall) {
          tally.peak_shortfall = tally.shortfall;
          tally.peak_shortfall_date = d;
        }
      }
      g0 = g1;
    }
  }
}

void Market::leases(Date d, const Fleet& fleet, const Buildout& build) {
  lease_mw_.resize(plan_.contracts.size(), 0.0);
  lease_used_mw_.resize(plan_.contracts.size(), 0.0);
  for (size_t s = 0; s < plan_.site_ids.size(); ++s) {
    std::vector<std::int32_t>& mine = scratch_.mine;
    mine.clear();
    for (size_t i = 0; i < plan_.contracts.size(); ++i) {
      const ContractPlan& c = plan_.contracts[i];
      if (c.amount_kind != AmountKind::kLease || c.site != static_cast<std::int32_t>(s)) continue;
      lease_mw_[i] = lease_used_mw_[i] = 0.0;
      if (active(c, d)) mine.push_back(static_cast<std::int32_t>(i));
    }
    if (mine.empty()) continue;
    auto group_of = [&](std::int32_t i) { return rank(plan_.contracts[static_cast<size_t>(i)]); };
    std::stable_sort(mine.begin(), mine.end(),
                     [&](std::int32_t a, std::int32_t b) { return group_of(a) < group_of(b); });
    const double online = build.online_it_mw(static_cast<std::int32_t>(s)).value();
    auto want_of = [&](std::int32_t i) {
      const ContractPlan& c = plan_.contracts[static_cast<size_t>(i)];
      return c.lease_share ? c.amount * online : c.amount;
    };
    // By rank, pro rata within one (as compute contracts are: a lease signed
    // the same day as another used to take all it asked before the other).
    double left = online;
    std::vector<double> cut(plan_.contracts.size(), 1.0);
    for (size_t g0 = 0; g0 < mine.size();) {
      size_t g1 = g0 + 1;
      while (g1 < mine.size() && group_of(mine[g1]) == group_of(mine[g0])) ++g1;
      double asked = 0.0;
      for (size_t j = g0; j < g1; ++j) asked += want_of(mine[j]);
      const double f = asked > left ? left / asked : 1.0;
      for (size_t j = g0; j < g1; ++j) cut[static_cast<size_t>(mine[j])] = f;
      left = std::max(0.0, left - asked * f);
      g0 = g1;
    }
    for (std::int32_t i : mine) {
      const ContractPlan& c = plan_.contracts[static_cast<size_t>(i)];
      const double want = want_of(i);
      const double got = want * cut[static_cast<size_t>(i)];
      double installed_mw = 0.0;
      for (const Cohort& h : fleet.cohorts(static_cast<std::int32_t>(s))) {
        if (plan_.order_buyer[static_cast<size_t>(h.order)] == c.customer)
          installed_mw += h.count.value() * fleet.type(h.type).watts.value() / 1e6;
      }
      lease_mw_[static_cast<size_t>(i)] = got;
      lease_used_mw_[static_cast<size_t>(i)] = std::min(got, installed_mw);
      ContractTally& t = tallies_[static_cast<size_t>(i)];
      t.delivered = got;
      t.shortfall = want - got > 1e-9 ? want - got : 0.0;
      if (t.shortfall > t.peak_shortfall) {
        t.peak_shortfall = t.shortfall;
        t.peak_shortfall_date = d;
      }
    }
  }
}

RunRecord Market::start_run(const RunPlan& run, std::int32_t t, Date d, bool frontier,
                            const std::vector<Slot>& pool) {
  const TenantPlan& tp = plan_.tenants[static_cast<size_t>(t)];
  RunRecord r;
  r.id = run.id;
  r.tenant = tp.entity;
  r.frontier = frontier;
  r.start = d;
  // Blocks: what the tenant controls per (site, type), less what its other
  // runs hold.
  struct Cell {
    std::int32_t site, type;
    double free;
  };
  std::vector<Cell> cells;
  for (const Slot& x : pool) {
    auto it = std::find_if(cells.begin(), cells.end(),
                           [&](const Cell& c) { return c.site == x.site && c.type == x.type; });
    if (it == cells.end()) {
      cells.push_back(Cell{x.site, x.type, x.count});
    } else {
      it->free += x.count;
    }
  }
  for (const Held& h : held_) {
    if (runs_[static_cast<size_t>(h.run)].tenant != tp.entity) continue;
    for (Cell& c : cells) {
      if (c.site == h.site && c.type == h.type) c.free -= h.count;
    }
  }
  for (Cell& c : cells) c.free = std::floor(std::max(0.0, c.free) + 1e-9);
  std::stable_sort(cells.begin(), cells.end(),
                   [](const Cell& a, const Cell& b) { return a.free > b.free; });
  if (cells.empty() || cells.front().free <= 0.0) {
    r.skipped = true;
    r.reason = "no accelerators free";
    return r;
  }
  r.type = cells.front().type;
  double total = 0.0;
  for (const Cell& c : cells) {
    if (c.type != r.type || c.free <= 0.0) continue;
    if (static_cast<std::int32_t>(r.blocks.size()) >= run.sites) break;
    const double take = std::min(c.free, run.max_accelerators - total);
    if (take <= 0.0) break;
    r.blocks.emplace_back(c.site, take);
    total += take;
  }
  r.accelerators = total;
  if (total < run.min_accelerators) {
    r.skipped = true;
    r.reason = "largest block " + std::to_string(static_cast<long long>(total)) +
               " accelerators, below min_accelerators " +
               std::to_string(static_cast<long long>(run.min_accelerators));
    r.accelerators = 0.0;
    r.blocks.clear();
    return r;
  }
  const MarketType& type = plan_.types[static_cast<size_t>(r.type)];
  const double peak = run.fp8 ? type.fp8 : type.bf16;
  r.efficiency = std::pow(1.0 - run.site_penalty, static_cast<double>(r.blocks.size()) - 1.0);
  if (type.mtbf_hours > 0.0) {
    r.goodput = exact_goodput(
        GoodputInputs{type.mtbf_hours, total, run.checkpoint_hours, run.restart_hours});
  } else {
    r.goodput = 1.0;
  }
  const double rate = total * peak * run.mfu * r.goodput * r.efficiency;  // FLOP/s
  if (run.flop > 0.0) {
    r.flop = run.flop;
    const double days = rate > 0.0 ? run.flop / rate / kSecondsPerDay : 0.0;
    r.end = d + static_cast<std::int32_t>(std::ceil(days));
  } else {
    r.end = run.duration.after(d);
    r.flop = rate * static_cast<double>(r.end - d) * kSecondsPerDay;
  }
  if (r.goodput <= 0.0 || rate <= 0.0) {
    r.skipped = true;
    r.reason = "goodput is zero: failures come faster than checkpoints";
    r.blocks.clear();
    r.accelerators = 0.0;
    r.flop = 0.0;
    return r;
  }
  const ComputeOptimal opt = compute_optimal(ScalingLaw{}, r.flop);
  r.params = opt.params;
  r.tokens = opt.tokens;
  r.loss = predicted_loss(ScalingLaw{}, opt.params, opt.tokens);
  // Cost: its accelerator-hours at the tenant's mean price of capacity now.
  double paying = 0.0, controlled = 0.0;
  for (const Slot& x : pool) controlled += x.count;
  for (size_t i = 0; i < plan_.contracts.size(); ++i) {
    if (plan_.contracts[i].customer == tp.entity && active(plan_.contracts[i], d))
      paying += tallies_[i].rate;
  }
  if (paying > 0.0 && controlled > 0.0) {
    r.priced = true;
    r.cost = paying / controlled * total * static_cast<double>(r.end - d);
  }
  return r;
}

void Market::train(std::int32_t t, Date d, const std::vector<Slot>& pool) {
  const TenantPlan& tp = plan_.tenants[static_cast<size_t>(t)];
  TenantState& st = tenant_state_[static_cast<size_t>(t)];
  st.training_unmet = 0.0;
  // A skipped run's unmet block is counted at the peak of the type the
  // tenant controls most of (or the first type when it controls nothing).
  double peak = plan_.types.empty() ? 0.0 : plan_.types.front().bf16, most = 0.0;
  for (const Slot& x : pool) {
    if (x.count > most) {
      most = x.count;
      peak = plan_.types[static_cast<size_t>(x.type)].bf16;
    }
  }
  auto record = [&](RunRecord r, double min_block) {
    const auto run = static_cast<std::int32_t>(runs_.size());
    if (r.skipped) {
      st.training_unmet += min_block * peak;
    } else {
      for (const auto& [site, n] : r.blocks) held_.push_back(Held{run, site, r.type, n, r.end});
    }
    runs_.push_back(std::move(r));
  };
  for (size_t i = 0; i < tp.runs.size(); ++i) {
    char& done = run_done_[static_cast<size_t>(run_offset_[static_cast<size_t>(t)]) + i];
    if (done || tp.runs[i].earliest > d) continue;
    done = 1;
    record(start_run(tp.runs[i], t, d, false, pool), tp.runs[i].min_accelerators);
  }
  if (!tp.frontier.present) return;
  std::int32_t& next = frontier_next_[static_cast<size_t>(t)];
  while (true) {
    const Date due = Duration{tp.frontier.cadence.amount * next, tp.frontier.cadence.unit}.after(
        tp.frontier.start);
    if (due > d || due > calendar_.end(calendar_.steps() - 1)) break;
    RunPlan run = tp.frontier.run;
    run.id = "frontier-" + std::to_string(next + 1);
    ++next;
    bool going = false;
    for (const Held& h : held_) {
      const RunRecord& r = runs_[static_cast<size_t>(h.run)];
      if (r.tenant == tp.entity && r.frontier && h.end > d) going = true;
    }
    RunRecord r = start_run(run, t, d, true, pool);
    if (going && r.skipped) {
      r.reason = "the previous frontier run is still going and no second block of " +
                 std::to_string(static_cast<long long>(run.min_accelerators)) + " is free";
    }
    record(std::move(r), run.min_accelerators);
  }
}

void Market::use(Date d, const std::vector<std::vector<Slot>>& pools) {
  const size_t ne = pools.size();
  std::fill(pool_unused_.begin(), pool_unused_.end(), 0.0);
  std::vector<double>& used_at = scratch_.used_at;
  used_at.assign(plan_.site_ids.size(), 0.0);
  std::vector<double>& idle_for = scratch_.idle_for;  // exclusive capacity idle, per tenant entity
  idle_for.assign(ne, 0.0);
  for (size_t e = 0; e < ne; ++e) {
    const std::int32_t t = tenant_index_[e];
    if (t < 0) {
      // A provider: what is left in its pool is spare, unused.
      for (const Slot& x : pools[e]) {
        pool_unused_[e] += x.count;
        if (x.tag >= 0) idle_for[static_cast<size_t>(x.tag)] += flops(x);
      }
      continue;
    }
    const TenantPlan& tp = plan_.tenants[static_cast<size_t>(t)];
    TenantState& st = tenant_state_[static_cast<size_t>(t)];
    std::fill(std::begin(st.served), std::end(st.served), 0.0);
    std::fill(st.by_provider.begin(), st.by_provider.end(), 0.0);
    const std::vector<Slot>& pool = pools[e];
    // Held by runs, per slot: each cell's held count spread over its slots.
    std::vector<double>& held = scratch_.held;
    held.assign(pool.size(), 0.0);
    st.training = 0.0;
    for (const Held& h : held_) {
      if (runs_[static_cast<size_t>(h.run)].tenant != tp.entity || h.end <= d) continue;
      double cell = 0.0;
      for (const Slot& x : pool) {
        if (x.site == h.site && x.type == h.type) cell += x.count;
      }
      for (size_t i = 0; i < pool.size(); ++i) {
        if (pool[i].site == h.site && pool[i].type == h.type && cell > 0.0)
          held[i] += std::min(h.count, cell) * pool[i].count / cell;
      }
    }
    double free_flops = 0.0;
    st.controlled = 0.0;
    std::vector<double>& at = controlled_at_[static_cast<size_t>(t)];
    std::fill(at.begin(), at.end(), 0.0);
    for (const Slot& x : pool) at[static_cast<size_t>(x.site)] += flops(x);
    for (size_t i = 0; i < pool.size(); ++i) {
      held[i] = std::min(held[i], pool[i].count);
      st.controlled += flops(pool[i]);
      free_flops += (pool[i].count - held[i]) * plan_.types[static_cast<size_t>(pool[i].type)].bf16;
    }
    st.inference_demand = tp.demand(d);
    const double inference = std::min(st.inference_demand, free_flops);
    const double u = free_flops > 0.0 ? inference / free_flops : 0.0;
    for (size_t i = 0; i < pool.size(); ++i) {
      const Slot& x = pool[i];
      const double used = held[i] + u * (x.count - held[i]);
      const double f = used * plan_.types[static_cast<size_t>(x.type)].bf16;
      st.training += held[i] * plan_.types[static_cast<size_t>(x.type)].bf16;
      const Route r = x.via < 0 ? Route::kOwn : plan_.contracts[static_cast<size_t>(x.via)].route;
      const std::int32_t from =
          x.via < 0 ? tp.entity : plan_.contracts[static_cast<size_t>(x.via)].provider;
      st.served[static_cast<int>(r)] += f;
      st.by_provider[static_cast<size_t>(from)] += f;
      used_at[static_cast<size_t>(x.site)] += used;
      pool_unused_[e] += x.count - used;
      if (x.tag >= 0)
        idle_for[static_cast<size_t>(x.tag)] +=
            (x.count - used) * plan_.types[static_cast<size_t>(x.type)].bf16;
    }
    st.unmet = std::max(0.0, st.inference_demand - inference);
    st.demand = st.inference_demand + st.training + st.training_unmet;
  }
  for (size_t t = 0; t < plan_.tenants.size(); ++t)
    tenant_state_[t].idle_exclusive = idle_for[static_cast<size_t>(plan_.tenants[t].entity)];
  // Per site: in use = served to tenants + providers' reserved own use.
  std::vector<double>& up_at = scratch_.up_at;
  up_at.assign(plan_.site_ids.size(), 0.0);
  for (const auto& [site, count] : reserved_) {
    used_at[static_cast<size_t>(site)] += count;
    up_at[static_cast<size_t>(site)] += count;
  }
  for (size_t e = 0; e < ne; ++e) {
    for (const Slot& x : pools[e]) up_at[static_cast<size_t>(x.site)] += x.count;
  }
  for (size_t s = 0; s < site_use_.size(); ++s) {
    site_use_[s] = up_at[s] > 0.0 ? std::clamp(used_at[s] / up_at[s], 0.0, 1.0) : 1.0;
  }
}

double Market::spare_for(const std::vector<Slot>& pool, std::int32_t entity) const {
  double f = 0.0;
  for (const Slot& x : pool) {
    if (x.tag < 0 || x.tag == entity) f += flops(x);
  }
  return f;
}

double Market::price_per_pflop_hour(std::int32_t provider, const std::vector<Slot>& pool) const {
  const auto p = static_cast<size_t>(provider);
  if (plan_.price_per_pflop_hour[p]) return *plan_.price_per_pflop_hour[p];
  if (!plan_.price_per_accelerator_hour[p]) return std::numeric_limits<double>::infinity();
  // Per accelerator-hour → per PFLOP-hour at the mean peak of what it offers.
  double count = 0.0, f = 0.0;
  for (const Slot& x : pool) {
    count += x.count;
    f += flops(x);
  }
  if (f <= 0.0) return std::numeric_limits<double>::infinity();
  return *plan_.price_per_accelerator_hour[p] / (f / count / kPeta);
}

// New demand becomes requests for new contracts (MODEL.md §5).
void Market::offer(std::int32_t k, Date d, std::vector<std::vector<Slot>>& pools) {
  const size_t nt = plan_.tenants.size();
  // What each tenant still needs: demand its contracts do not meet, less
  // what it signed and has not started.
  std::fill(pending_.begin(), pending_.end(), 0.0);
  std::vector<double> committed(nt, 0.0);  // $ per year of its contracts, running or pending
  for (size_t i = 0; i < plan_.contracts.size(); ++i) {
    const ContractPlan& c = plan_.contracts[i];
    const std::int32_t t = tenant_of(c.customer);
    if (t < 0 || d >= c.end) continue;
    if (c.start > d) {
      if (c.amount_kind == AmountKind::kFlops) pending_[static_cast<size_t>(t)] += c.amount;
      if (c.price_kind == PriceKind::kPerPflopHour)
        committed[static_cast<size_t>(t)] +=
            c.price * c.amount / kPeta * kHoursPerDay * kDaysPerYear;
    } else {
      committed[static_cast<size_t>(t)] += tallies_[i].rate * kDaysPerYear;
    }
  }
  std::vector<double> need(nt, 0.0), room(nt, std::numeric_limits<double>::infinity());
  std::vector<std::int32_t> asking;
  for (size_t t = 0; t < nt; ++t) {
    const double excess = tenant_state_[t].unmet - pending_[t];
    if (excess <= kNegligibleFlops) {
      // Nothing new to ask for: the latest offer's refusals are history.
      tenant_state_[t].declined = 0.0;
      tenant_state_[t].unaffordable = 0.0;
    }
    if (excess <= kNegligibleFlops || d < next_offer_[t]) continue;
    need[t] = excess;
    if (auto b = plan_.tenants[t].budget_at(d)) room[t] = std::max(0.0, *b - committed[t]);
    tenant_state_[t].declined = 0.0;
    tenant_state_[t].unaffordable = 0.0;
    asking.push_back(static_cast<std::int32_t>(t));
  }
  if (asking.empty()) return;
  std::stable_sort(asking.begin(), asking.end(), [&](std::int32_t a, std::int32_t b) {
    return plan_.tenants[static_cast<size_t>(a)].priority <
           plan_.tenants[static_cast<size_t>(b)].priority;
  });

  const Date from = k + 1 < calendar_.steps() ? calendar_.begin(k + 1) : calendar_.end(k);
  // Signs `flops` from `provider` to tenant t within its budget; takes the
  // capacity out of the provider's spare pool. A second signature of one
  // offer between the same parties by the same route adds to the first
  // contract. Returns what was signed.
  auto sign = [&](std::int32_t provider, std::int32_t t, double want, double price, Route route) {
    TenantState& st = tenant_state_[static_cast<size_t>(t)];
    const TenantPlan& tp = plan_.tenants[static_cast<size_t>(t)];
    const double per_year = price * want / kPeta * kHoursPerDay * kDaysPerYear;
    double take = want;
    if (per_year > room[static_cast<size_t>(t)]) {
      take = per_year > 0.0 ? want * room[static_cast<size_t>(t)] / per_year : want;
      st.unaffordable += want - take;
    }
    if (take <= kNegligibleFlops) return 0.0;
    room[static_cast<size_t>(t)] -= price * take / kPeta * kHoursPerDay * kDaysPerYear;
    std::vector<Slot>& pool = pools[static_cast<size_t>(provider)];
    const double spare = spare_for(pool, tp.entity);
    const double f = spare > 0.0 ? std::min(1.0, take / spare) : 0.0;
    for (Slot& x : pool) {
      if (x.tag < 0 || x.tag == tp.entity) x.count -= f * x.count;
    }
    for (std::int32_t i : signed_) {
      ContractPlan& c = plan_.contracts[static_cast<size_t>(i)];
      if (c.signed_on == d && c.provider == provider && c.customer == tp.entity &&
          c.route == route) {
        c.amount += take;
        return take;
      }
    }
    ContractPlan c;
    c.id = std::string(to_string(route)) + "-" + plan_.entity_ids[static_cast<size_t>(provider)] +
           "-" + plan_.entity_ids[static_cast<size_t>(tp.entity)] + "-" + d.to_string();
    c.amount_kind = AmountKind::kFlops;
    c.amount = take;
    c.provider = provider;
    c.customer = tp.entity;
    c.start = from;
    c.end = tp.term.after(from);
    c.signed_on = d;
    c.price_kind = PriceKind::kPerPflopHour;
    c.price = price;
    c.route = route;
    c.take_or_pay = true;
    plan_.contracts.push_back(std::move(c));
    tallies_.emplace_back();
    signed_.push_back(static_cast<std::int32_t>(plan_.contracts.size()) - 1);
    return take;
  };

  // Pro rata shares are of each tenant's spare capacity at the provider as
  // it was before any tenant of the group signed with it (computing it again
  // after each signature gave later tenants less than their share, and left
  // capacity unsold that they then bought dearer elsewhere). What the shares
  // leave — capacity exclusive to one tenant, or not taken within a budget —
  // goes to the tenants still asking in a second round, in order.
  for (size_t g0 = 0; g0 < asking.size();) {
    size_t g1 = g0 + 1;
    const std::int32_t prio = plan_.tenants[static_cast<size_t>(asking[g0])].priority;
    while (g1 < asking.size() && plan_.tenants[static_cast<size_t>(asking[g1])].priority == prio)
      ++g1;
    // 1. The holder of each tenant's right of first refusal: its take_fraction
    //    of the request, up to its spare capacity, shared pro rata among the
    //    tenants asking it.
    std::vector<std::int32_t> holder(nt, -1);
    std::vector<double> ask(nt, 0.0), price(nt, 0.0), spare(nt, 0.0), offered(nt, 0.0);
    for (size_t j = g0; j < g1; ++j) {
      const auto t = static_cast<size_t>(asking[j]);
      for (const RofrPlan& f : plan_.rofr) {
        if (f.tenant != plan_.tenants[t].entity || d < f.start || d >= f.end) continue;
        const std::vector<Slot>& pool = pools[static_cast<size_t>(f.holder)];
        holder[t] = f.holder;
        ask[t] = f.take * need[t];
        price[t] =
            f.price_per_pflop_hour ? *f.price_per_pflop_hour : price_per_pflop_hour(f.holder, pool);
        spare[t] = spare_for(pool, plan_.tenants[t].entity);
        break;
      }
    }
    for (size_t j = g0; j < g1; ++j) {
      const auto t = static_cast<size_t>(asking[j]);
      const std::int32_t h = holder[t];
      if (h < 0) continue;
      double asked = 0.0;
      for (size_t i = g0; i < g1; ++i) {
        const auto u = static_cast<size_t>(asking[i]);
        if (holder[u] == h) asked += ask[u];
      }
      if (asked > 0.0) offered[t] = std::min(ask[t], ask[t] / asked * spare[t]);
      tenant_state_[t].declined = need[t] - offered[t];
      if (offered[t] > kNegligibleFlops)
        need[t] -= sign(h, static_cast<std::int32_t>(t), offered[t], price[t], Route::kRofr);
    }
    for (size_t j = g0; j < g1; ++j) {
      const auto t = static_cast<size_t>(asking[j]);
      const std::int32_t h = holder[t];
      if (h < 0 || room[t] <= 0.0) continue;
      const double more = std::min(
          ask[t] - offered[t], spare_for(pools[static_cast<size_t>(h)], plan_.tenants[t].entity));
      if (more <= kNegligibleFlops) continue;
      tenant_state_[t].declined -= more;
      need[t] -= sign(h, static_cast<std::int32_t>(t), more, price[t], Route::kRofr);
    }
    // 2. Market providers, cheapest first per PFLOP-hour, each up to its spare
    //    capacity, shared pro rata among the tenants still asking.
    std::vector<std::pair<double, std::int32_t>> providers;
    for (size_t e = 0; e < plan_.entity_ids.size(); ++e) {
      if (!plan_.price_per_pflop_hour[e] && !plan_.price_per_accelerator_hour[e]) continue;
      providers.emplace_back(price_per_pflop_hour(static_cast<std::int32_t>(e), pools[e]),
                             static_cast<std::int32_t>(e));
    }
    std::stable_sort(providers.begin(), providers.end());
    for (const auto& [unit_price, p] : providers) {
      if (!std::isfinite(unit_price)) continue;
      auto asks = [&](size_t t) { return holder[t] != p && plan_.tenants[t].entity != p; };
      double asked = 0.0;
      for (size_t j = g0; j < g1; ++j) {
        const auto t = static_cast<size_t>(asking[j]);
        if (asks(t)) asked += need[t];
      }
      if (asked <= kNegligibleFlops) continue;
      const std::vector<Slot>& pool = pools[static_cast<size_t>(p)];
      for (size_t j = g0; j < g1; ++j) {
        const auto t = static_cast<size_t>(asking[j]);
        spare[t] = asks(t) ? spare_for(pool, plan_.tenants[t].entity) : 0.0;
      }
      for (size_t j = g0; j < g1; ++j) {
        const auto t = static_cast<size_t>(asking[j]);
        if (!asks(t) || need[t] <= kNegligibleFlops) continue;
        const double share = std::min(need[t], need[t] / asked * spare[t]);
        if (share > kNegligibleFlops)
          need[t] -= sign(p, static_cast<std::int32_t>(t), share, unit_price, Route::kMarket);
      }
      for (size_t j = g0; j < g1; ++j) {
        const auto t = static_cast<size_t>(asking[j]);
        if (!asks(t) || need[t] <= kNegligibleFlops || room[t] <= 0.0) continue;
        const double more = std::min(need[t], spare_for(pool, plan_.tenants[t].entity));
        if (more > kNegligibleFlops)
          need[t] -= sign(p, static_cast<std::int32_t>(t), more, unit_price, Route::kMarket);
      }
    }
    for (size_t j = g0; j < g1; ++j) {
      const auto t = static_cast<size_t>(asking[j]);
      next_offer_[t] = need[t] > kNegligibleFlops ? plan_.tenants[t].retry.after(d) : d;
      // Each provider that found the budget spent counted what it would
      // have sold; what was unaffordable is at most what is left unsigned.
      tenant_state_[t].unaffordable = std::min(tenant_state_[t].unaffordable, need[t]);
    }
    g0 = g1;
  }
}

void Market::pay(Date d) {
  for (size_t i = 0; i < plan_.contracts.size(); ++i) {
    const ContractPlan& c = plan_.contracts[i];
    ContractTally& t = tallies_[i];
    t.rate = 0.0;
    if (!active(c, d)) continue;
    const auto cust = static_cast<size_t>(c.customer);
    t.used = pool_total_[cust] > 0.0
                 ? std::clamp(1.0 - pool_unused_[cust] / pool_total_[cust], 0.0, 1.0)
                 : 0.0;
    const double share = c.take_or_pay ? 1.0 : t.used;
    switch (c.price_kind) {
      case PriceKind::kPerAcceleratorHour:
        t.rate = c.price * t.delivered * kHoursPerDay * share;
        break;
      case PriceKind::kPerPflopHour:
        t.rate = c.price * t.delivered_flops / kPeta * kHoursPerDay * share;
        break;
      case PriceKind::kPerMwMonth: {
        double mw = 0.0;
        if (c.amount_kind == AmountKind::kLease) {
          mw = c.take_or_pay ? lease_mw_[i] : lease_used_mw_[i];
        } else {
          mw = t.delivered_watts / 1e6 * share;
        }
        t.rate = c.price * mw * kMonthsPerYear / kDaysPerYear;
        break;
      }
      case PriceKind::kFixedPerYear:
        t.rate = c.price / kDaysPerYear;
        break;
    }
  }
}

void Market::allocate(std::int32_t k, const Fleet& fleet, const Buildout& build) {
  const Date d = calendar_.begin(k);
  const size_t ne = plan_.entity_ids.size();
  std::vector<std::vector<Slot>>& pools = pools_;
  pools.resize(ne);
  for (std::vector<Slot>& pool : pools) pool.clear();
  holdings(fleet, d, pools);
  // Reserved own use comes off the top of a provider's own (untagged) fleet.
  reserved_.clear();
  for (size_t e = 0; e < ne; ++e) {
    const double r = plan_.reserved_share[e];
    if (r <= 0.0) continue;
    for (Slot& x : pools[e]) {
      if (x.tag >= 0) continue;
      reserved_.emplace_back(x.site, x.count * r);
      x.count *= 1.0 - r;
    }
  }
  std::fill(pool_total_.begin(), pool_total_.end(), 0.0);
  for (size_t e = 0; e < ne; ++e) {
    for (const Slot& x : pools[e]) pool_total_[e] += x.count;
  }
  // Totals received count too: add them as they arrive, via the contracts'
  // deliveries.
  route(d, pools);
  for (size_t i = 0; i < plan_.contracts.size(); ++i) {
    const ContractPlan& c = plan_.contracts[i];
    if (c.amount_kind != AmountKind::kLease && active(c, d))
      pool_total_[static_cast<size_t>(c.customer)] += tallies_[i].delivered;
  }
  leases(d, fleet, build);
  // Runs that ended release their blocks; due runs start.
  std::erase_if(held_, [&](const Held& h) { return h.end <= d; });
  for (size_t t = 0; t < plan_.tenants.size(); ++t)
    train(static_cast<std::int32_t>(t), d, pools[static_cast<size_t>(plan_.tenants[t].entity)]);
  use(d, pools);
  pay(d);
  offer(k, d, pools);
}

std::int32_t Market::next_event_step(std::int32_t k) const {
  const std::int32_t n = calendar_.steps();
  if (!plan_.present()) return n;
  const Date d = calendar_.begin(k);
  Date next = d.next_month_start();
  auto consider = [&](Date x) {
    if (x > d && x < next) next = x;
  };
  for (const ContractPlan& c : plan_.contracts) {
    consider(c.start);
    consider(c.end);
  }
  for (const Held& h : held_) consider(h.end);
  for (size_t t = 0; t < plan_.tenants.size(); ++t) {
    const TenantPlan& tp = plan_.tenants[t];
    for (size_t i = 0; i < tp.runs.size(); ++i) {
      if (!run_done_[static_cast<size_t>(run_offset_[t]) + i]) consider(tp.runs[i].earliest);
    }
    if (tp.frontier.present) {
      consider(
          Duration{tp.frontier.cadence.amount * frontier_next_[t], tp.frontier.cadence.unit}.after(
              tp.frontier.start));
    }
    consider(next_offer_[t]);
  }
  return std::max(k + 1, std::min(n, calendar_.first_step_from(next)));
}

}  // namespace stargate

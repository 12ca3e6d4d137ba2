// Properties of the capacity market over generated scenarios
// (generate(seed, {.with_market = true}), tests/support/generate.h): the
// first kMarketSeeds scenarios, in monthly steps, are run twice — through
// the public API (Results) and through the model's pieces one allocation at a
// time (run_market, market_checks.h) — and the rules of MODEL.md §5–§6 are
// checked on every one. The last tests show that each checker can fail.
//
// A failure names the seed and writes the scenario to the temporary
// directory, to re-run with
//   stargate run <file> --step month
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "properties/checks.h"
#include "properties/market_checks.h"
#include "properties/money_checks.h"
#include "stargate/output.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"
#include "support/generate.h"

namespace stargate::testing {
namespace {

// Fewer seeds than the physical properties: each is run twice, and the
// whole suite runs under ASan in CI.
constexpr std::uint64_t kMarketSeeds = 200;

GenerateOptions with_market() {
  GenerateOptions o;
  o.with_market = true;
  o.min_horizon_years = 2;
  o.horizon_years = 3;
  o.max_sites = 2;
  return o;
}

struct MarketCase {
  std::uint64_t seed = 0;
  GeneratedScenario scenario;
  std::optional<Scenario> loaded;
  Results results;    // when kResults was asked for
  MarketRun run;      // when kAllocations was asked for
  std::string error;  // from loading or running, if any
};

std::string where(const MarketCase& c) {
  return "seed " + std::to_string(c.seed) + " (reproduce: stargate run " +
         save_scenario(c.seed, c.scenario.toml) + " --step month, or generate_scenario(" +
         std::to_string(c.seed) + ", {.with_market = true, …}))";
}

// What a test needs of a case.
enum Need : int { kLoaded = 0, kResults = 1, kAllocations = 2, kBoth = 3 };

std::string error_text(const Error& e) {
  std::string out = std::string(to_string(e.kind())) + " error: " + e.what();
  for (const Issue& i : e.issues()) out += "\n    " + i.to_string();
  return out;
}

// The case of a seed, generated, loaded and run (through the public API, or
// piece by piece) when a test first needs it: ctest runs each test in a
// process of its own, and under ASan each part takes a second or two over
// all the seeds.
const MarketCase& market_case(std::uint64_t seed, int need) {
  static std::vector<std::optional<MarketCase>> cases(kMarketSeeds);
  static std::vector<int> have(kMarketSeeds, kLoaded);
  std::optional<MarketCase>& c = cases[seed];
  if (!c) {
    c.emplace();
    c->seed = seed;
    c->scenario = generate(seed, with_market());
    try {
      c->loaded = Scenario::from_toml(c->scenario.toml, "generated.toml");
    } catch (const Error& e) {
      c->error = error_text(e);
    }
  }
  const int missing = need & ~have[seed];
  if (c->loaded && c->error.empty() && missing != 0) {
    RunOptions monthly;
    monthly.step = StepKind::kMonth;
    try {
      if (missing & kResults) c->results = simulate(*c->loaded, monthly);
      if (missing & kAllocations) c->run = run_market(c->scenario, *c->loaded, StepKind::kMonth);
    } catch (const Error& e) {
      c->error = error_text(e);
    }
  }
  have[seed] |= need;
  return *c;
}

// Applies `check` (of the property `what`) to every case; fails once with
// the failing seeds and the first three in detail.
void check_every_case(const std::string& what, int need,
                      const std::function<Violations(const MarketCase&)>& check) {
  std::string report;
  std::vector<std::uint64_t> failing;
  for (std::uint64_t seed = 0; seed < kMarketSeeds; ++seed) {
    const MarketCase& c = market_case(seed, need);
    const Violations v = c.error.empty() ? check(c) : Violations{c.error};
    if (v.empty()) continue;
    failing.push_back(c.seed);
    if (failing.size() > 3) continue;
    report += "\n" + where(c) + ":";
    for (size_t i = 0; i < v.size() && i < 5; ++i) report += "\n  " + v[i];
    if (v.size() > 5) report += "\n  … and " + std::to_string(v.size() - 5) + " more";
  }
  std::string seeds;
  for (size_t i = 0; i < failing.size() && i < 30; ++i)
    seeds += (i ? ", " : "") + std::to_string(failing[i]);
  EXPECT_TRUE(failing.empty()) << what << ": " << failing.size() << " of " << kMarketSeeds
                               << " market seeds fail (" << seeds
                               << (failing.size() > 30 ? ", …" : "") << ")" << report;
}

// ---------------------------------------------------------------------------
// The generator

TEST(MarketGenerator, TheMarketLeavesThePhysicalScenarioAsItWas) {
  for (std::uint64_t seed : {0u, 1u, 42u, 199u}) {
    const GeneratedScenario a = generate(seed), b = generate(seed, [] {
                                                  GenerateOptions o;
                                                  o.with_market = true;
                                                  return o;
                                                }());
    EXPECT_EQ(a.start, b.start);
    EXPECT_EQ(a.end, b.end);
    ASSERT_LE(a.orders.size(), b.orders.size());
    for (size_t o = 0; o < a.orders.size(); ++o) {
      EXPECT_EQ(a.orders[o].id, b.orders[o].id);
      EXPECT_EQ(a.orders[o].lot_dates, b.orders[o].lot_dates);
      EXPECT_EQ(b.orders[o].buyer, "buyer");
    }
    ASSERT_LE(a.phases.size(), b.phases.size());
    for (size_t p = 0; p < a.phases.size(); ++p) EXPECT_EQ(a.phases[p].start, b.phases[p].start);
    EXPECT_FALSE(a.market);
    ASSERT_TRUE(b.market);
    EXPECT_GE(b.market->providers.size(), 2u);
    EXPECT_NE(b.toml.find("[[contracts]]"), std::string::npos);
  }
}

// With capital too (vehicles paying, some limited by their cash), the first
// seeds are valid, money is conserved and every payment is for a contract,
// from its customer to its provider.
TEST(MarketGenerator, WithCapitalTooMoneyIsConserved) {
  GenerateOptions both = with_market();
  both.with_capital = true;
  RunOptions monthly;
  monthly.step = StepKind::kMonth;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const GeneratedScenario g = generate(seed, both);
    try {
      const Results r = simulate(Scenario::from_toml(g.toml, "generated.toml"), monthly);
      Violations v = check_money_conserved(g, r);
      for (std::string& x : check_payments(g, r)) v.push_back(std::move(x));
      EXPECT_TRUE(v.empty()) << "seed " << seed << " with capital: " << v.front();
    } catch (const Error& e) {
      ADD_FAILURE() << "seed " << seed << " with capital: " << error_text(e) << "\n"
                    << save_scenario(seed, g.toml);
    }
  }
}

// Every seed gives a valid scenario, which the pieces allocate as the engine
// does (the contracts the run signed are the ones the pieces signed); and
// the generated markets reach the cases the properties are about, or they
// would pass vacuously.
TEST(MarketGenerator, EverySeedIsValidAndReachesEveryRule) {
  check_every_case("the pieces allocate as the engine", kBoth, [](const MarketCase& c) {
    Violations v;
    if (!c.run.error.empty()) v.push_back(c.run.error);
    if (c.run.allocations.empty()) return v;
    const std::vector<ContractPlan>& signed_ = c.run.allocations.back().contracts;
    if (signed_.size() != c.results.contracts.size()) {
      v.push_back("the pieces have " + std::to_string(signed_.size()) +
                  " contracts at the end, the run " + std::to_string(c.results.contracts.size()));
      return v;
    }
    for (size_t i = 0; i < signed_.size(); ++i) {
      if (signed_[i].id != c.results.contracts[i].id)
        v.push_back("contract " + std::to_string(i) + ": " + signed_[i].id + " vs " +
                    c.results.contracts[i].id);
    }
    return v;
  });
  std::map<std::string, int> seen;
  for (std::uint64_t seed = 0; seed < kMarketSeeds; ++seed) {
    const MarketCase& c = market_case(seed, kBoth);
    if (!c.error.empty()) continue;
    const GeneratedMarket& m = *c.scenario.market;
    std::map<std::string, bool> here;
    for (const MarketSnapshot& s : c.run.allocations) {
      std::map<std::int32_t, std::set<std::int32_t>> market_from;  // tenant → providers
      for (std::int32_t i : s.signed_now) {
        const ContractPlan& k = s.contracts[static_cast<size_t>(i)];
        if (k.route == Route::kRofr) here["a contract by the right of first refusal"] = true;
        if (k.route == Route::kMarket) {
          market_from[k.customer].insert(k.provider);
          const GeneratedRight* r =
              right_on(c.scenario, c.run.entity_ids[static_cast<size_t>(k.customer)], s.d);
          if (r && r->take > 0.0) here["a market contract beside a right that took"] = true;
          if (r && r->take == 0.0)
            here["a market contract beside a right that took nothing"] = true;
        }
      }
      for (const auto& [t, ps] : market_from) {
        if (ps.size() > 1) here["a tenant buying from two market providers at once"] = true;
      }
      if (s.signed_now.size() > 1) {
        std::set<std::int32_t> customers;
        for (std::int32_t i : s.signed_now)
          customers.insert(s.contracts[static_cast<size_t>(i)].customer);
        if (customers.size() > 1) here["two tenants signing in one offer"] = true;
      }
      for (size_t i = 0; i < s.contracts.size(); ++i) {
        const ContractPlan& k = s.contracts[i];
        const ContractTally& t = s.tallies[i];
        if (!active_on(k, s.d)) continue;
        if (t.shortfall > 0.0 && k.amount_kind == AmountKind::kLease)
          here["a lease cut short"] = true;
        if (t.shortfall > 0.0 && k.amount_kind == AmountKind::kCount)
          here["a count contract cut short"] = true;
        if (k.exclusive_to >= 0 && t.delivered > 0.0) here["exclusive capacity delivered"] = true;
        if (k.amount_kind == AmountKind::kAll && t.delivered > 0.0 &&
            s.contracts[static_cast<size_t>(k.all_of)].amount_kind == AmountKind::kAll)
          here["a chain of two all_of contracts delivering"] = true;
      }
      for (size_t e = 0; e < s.pools.size(); ++e) {
        for (const Market::Slot& x : s.pools[e]) {
          if (x.tag >= 0 && x.via < 0 && x.count > 0.0) here["an exclusive lease's fleet"] = true;
          if (x.tag < 0 || x.via < 0 || x.count <= 0.0) continue;
          const ContractPlan& k = s.contracts[static_cast<size_t>(x.via)];
          if (k.amount_kind == AmountKind::kAll && k.exclusive_to < 0 && k.customer != x.tag)
            here["a tag riding along an all_of to an intermediary"] = true;
        }
      }
      for (const TenantState& st : s.tenants) {
        if (st.unaffordable > 0.0) here["new demand beyond a budget"] = true;
        if (st.idle_exclusive > 0.0) here["exclusive capacity idle"] = true;
        if (st.training > 0.0) here["a run holding a block"] = true;
      }
    }
    if (!m.reserved_share.empty()) here["a provider keeping a reserved share"] = true;
    for (const RunResult& r : c.results.runs) {
      if (r.status == "skipped") here["a run skipped"] = true;
      if (r.frontier && r.status != "skipped") here["a frontier run"] = true;
      if (r.sites.find('+') != std::string::npos) here["a run on two sites"] = true;
    }
    for (const GeneratedContract& k : m.contracts) {
      if (k.fixed_per_year) here["a contract fixed per year"] = true;
    }
    for (const auto& [what, yes] : here) seen[what] += yes;
  }
  std::string all;
  for (const auto& [what, count] : seen) all += "\n  " + what + ": " + std::to_string(count);
  for (const char* what :
       {"a contract by the right of first refusal", "a market contract beside a right that took",
        "a market contract beside a right that took nothing",
        "a tenant buying from two market providers at once", "two tenants signing in one offer",
        "a lease cut short", "a count contract cut short", "exclusive capacity delivered",
        "a chain of two all_of contracts delivering", "an exclusive lease's fleet",
        "a tag riding along an all_of to an intermediary", "new demand beyond a budget",
        "exclusive capacity idle", "a run holding a block", "a provider keeping a reserved share",
        "a run skipped", "a frontier run", "a run on two sites", "a contract fixed per year"}) {
    EXPECT_GE(seen[what], 3) << what << " in fewer than 3 of " << kMarketSeeds
                             << " scenarios; seen:" << all;
  }
}

// ---------------------------------------------------------------------------
// Properties of every allocation (MODEL.md §5)

// Applies an allocation checker to every allocation of every case.
void check_every_allocation(const std::string& what, AllocationCheck check) {
  check_every_case(what, kAllocations, [&](const MarketCase& c) {
    Violations v;
    if (!c.run.error.empty()) v.push_back(c.run.error);
    for (const MarketSnapshot& s : c.run.allocations) {
      for (std::string& x : check(c.scenario, c.run, s)) v.push_back(std::move(x));
    }
    return v;
  });
}

// One test per kind of run, each property reported apart (one process
// each under ctest: see market_case).
TEST(MarketProperties, EveryAllocationKeepsTheRules) {
  check_every_allocation("no provider delivers more than it has", check_capacity);
  check_every_allocation("no contract delivers more than it promised", check_contract_tallies);
  check_every_allocation("oversubscribed leases are cut by rank, then pro rata", check_lease_order);
  check_every_allocation("all_of passes on everything received", check_all_of);
  check_every_allocation("exclusive capacity never serves another tenant", check_exclusivity);
  check_every_allocation("the holder of the right is offered new demand first", check_rofr_first);
  check_every_allocation("market providers are used in price order", check_price_order);
  check_every_allocation("offers sign no more than the new demand", check_offer_accounting);
  check_every_allocation("served + unmet = demand at every allocation", check_tenant_balance);
}

TEST(MarketProperties, TheResultsKeepTheRules) {
  const std::pair<const char*, Check> checks[] = {
      {"served + unmet = demand per tenant and year", check_compute_years},
      {"the timeline adds up to the years", check_compute_timeline},
      {"what a customer pays its provider receives", check_payments},
      {"money is conserved with a market", check_money_conserved},
      {"flows are valid with a market", check_flows_valid},
      {"runs keep C = 6ND", check_runs_csv},
      {"runs too large are skipped", check_runs_too_large},
      {"a run's FLOP is accelerators × peak × MFU × goodput × efficiency × time", check_run_flop},
  };
  for (const auto& [what, check] : checks) {
    check_every_case(what, kResults,
                     [&](const MarketCase& c) { return check(c.scenario, c.results); });
  }
}

// ---------------------------------------------------------------------------
// The market checkers can fail: a good case, tampered with in one way at a
// time, is caught by the checker of that property.

// The first case with a market contract signed beside a right that takes
// something, a contract by that right, exclusive capacity delivered, a
// fixed-price contract and a run that ran.
const MarketCase& rich_market_case() {
  for (std::uint64_t seed = 0; seed < kMarketSeeds; ++seed) {
    const MarketCase& c = market_case(seed, kBoth);
    if (!c.error.empty() || c.run.allocations.empty()) continue;
    bool market = false, exclusive = false, fixed = false, rofr = false;
    for (const MarketSnapshot& s : c.run.allocations) {
      for (std::int32_t i : s.signed_now) {
        const ContractPlan& k = s.contracts[static_cast<size_t>(i)];
        const GeneratedRight* r =
            right_on(c.scenario, c.run.entity_ids[static_cast<size_t>(k.customer)], s.d);
        market = market || (k.route == Route::kMarket && r && r->take > 0.0);
        rofr = rofr || k.route == Route::kRofr;
      }
      for (size_t i = 0; i < s.contracts.size(); ++i) {
        if (s.contracts[i].exclusive_to >= 0 && s.tallies[i].delivered > 0.0 &&
            s.contracts[i].amount_kind != AmountKind::kLease)
          exclusive = true;
      }
    }
    for (const GeneratedContract& k : c.scenario.market->contracts) {
      if (k.fixed_per_year) fixed = true;
    }
    bool ran = false;
    for (const RunResult& x : c.results.runs) ran = ran || x.status != "skipped";
    if (market && exclusive && fixed && rofr && ran) return c;
  }
  throw std::runtime_error("no case with market and rofr contracts, exclusivity and a fixed price");
}

TEST(MarketCheckersCatch, ViolationsOfEachAllocationProperty) {
  const MarketCase& c = rich_market_case();
  const Violations good = check_allocations(c.scenario, c.run);
  ASSERT_TRUE(good.empty()) << where(c) << ": " << good.front();
  // Applies `tamper` to the first allocation it changes (it returns true),
  // and expects `check` to object to that allocation.
  auto expect_caught = [&](const char* what, AllocationCheck check,
                           const std::function<bool(MarketSnapshot&)>& tamper) {
    for (const MarketSnapshot& s : c.run.allocations) {
      MarketSnapshot t = s;
      if (!tamper(t)) continue;
      EXPECT_FALSE(check(c.scenario, c.run, t).empty())
          << what << " (" << where(c) << ") was not caught";
      return;
    }
    ADD_FAILURE() << what << ": no allocation of " << where(c) << " to tamper with";
  };
  expect_caught(
      "a contract delivering more than its provider has", check_capacity, [](MarketSnapshot& s) {
        for (size_t i = 0; i < s.contracts.size(); ++i) {
          if (s.contracts[i].amount_kind != AmountKind::kLease && active_on(s.contracts[i], s.d)) {
            const auto p = static_cast<size_t>(s.contracts[i].provider);
            double has = s.own_tagged[p] + s.own_untagged[p] + 1.0;
            for (size_t j = 0; j < s.contracts.size(); ++j) {
              if (s.contracts[j].customer == s.contracts[i].provider) has += s.tallies[j].delivered;
            }
            s.tallies[i].delivered += has;
            return true;
          }
        }
        return false;
      });
  expect_caught("an accelerator that appears from nowhere", check_capacity, [](MarketSnapshot& s) {
    for (auto& pool : s.pools) {
      if (!pool.empty()) {
        pool.front().count += 1.0;
        return true;
      }
    }
    return false;
  });
  expect_caught(
      "a count contract delivering more than promised", check_contract_tallies,
      [](MarketSnapshot& s) {
        for (size_t i = 0; i < s.contracts.size(); ++i) {
          if (s.contracts[i].amount_kind == AmountKind::kCount && active_on(s.contracts[i], s.d)) {
            s.tallies[i].delivered = s.contracts[i].amount + 1.0;
            return true;
          }
        }
        return false;
      });
  expect_caught("exclusive capacity held by another tenant", check_exclusivity,
                [&](MarketSnapshot& s) {
                  for (size_t e = 0; e < s.pools.size(); ++e) {
                    for (Market::Slot& x : s.pools[e]) {
                      if (x.tag < 0 || x.count <= 0.0) continue;
                      for (std::int32_t t : c.run.tenant_of) {
                        if (t == x.tag) continue;
                        s.pools[static_cast<size_t>(t)].push_back(x);
                        return true;
                      }
                    }
                  }
                  return false;
                });
  expect_caught("a tag lost on the way", check_exclusivity, [](MarketSnapshot& s) {
    for (auto& pool : s.pools) {
      for (Market::Slot& x : pool) {
        if (x.tag >= 0 && x.via >= 0 && x.count > 0.0 &&
            s.contracts[static_cast<size_t>(x.via)].exclusive_to >= 0) {
          x.tag = -1;
          return true;
        }
      }
    }
    return false;
  });
  expect_caught("inference served beyond demand", check_tenant_balance, [](MarketSnapshot& s) {
    for (TenantState& st : s.tenants) {
      if (st.inference_demand > 0.0) {
        st.served[0] += st.inference_demand;
        st.by_provider[0] += st.inference_demand;
        return true;
      }
    }
    return false;
  });
  // The right: a market contract signed while the holder still has spare
  // capacity for the tenant (the holder given back what it signed away).
  expect_caught("a market contract before the holder's appetite was met", check_rofr_first,
                [&](MarketSnapshot& s) {
                  for (std::int32_t i : s.signed_now) {
                    ContractPlan& k = s.contracts[static_cast<size_t>(i)];
                    const GeneratedRight* r = right_on(
                        c.scenario, c.run.entity_ids[static_cast<size_t>(k.customer)], s.d);
                    if (k.route != Route::kMarket || !r || r->take <= 0.0) continue;
                    for (std::int32_t j : s.signed_now) {
                      ContractPlan& q = s.contracts[static_cast<size_t>(j)];
                      if (q.route == Route::kRofr && q.customer == k.customer) q.amount *= 0.5;
                    }
                    const std::int32_t h = c.run.entity(r->holder);
                    s.pools[static_cast<size_t>(h)].push_back(Market::Slot{0, 0, -1, -1, 1e6});
                    return true;
                  }
                  return false;
                });
  expect_caught("a rofr contract from someone else than the holder", check_rofr_first,
                [](MarketSnapshot& s) {
                  for (std::int32_t i : s.signed_now) {
                    ContractPlan& k = s.contracts[static_cast<size_t>(i)];
                    if (k.route == Route::kMarket) {
                      k.route = Route::kRofr;
                      return true;
                    }
                  }
                  return false;
                });
  expect_caught("a dearer provider used while a cheaper one had spare", check_price_order,
                [&](MarketSnapshot& s) {
                  for (std::int32_t i : s.signed_now) {
                    const ContractPlan& k = s.contracts[static_cast<size_t>(i)];
                    if (k.route != Route::kMarket) continue;
                    // The cheapest market provider the tenant may buy from, given spare.
                    const std::string& tenant = c.run.entity_ids[static_cast<size_t>(k.customer)];
                    const GeneratedRight* r = right_on(c.scenario, tenant, s.d);
                    for (size_t p = 0; p < c.run.entity_ids.size(); ++p) {
                      const std::optional<double> price =
                          market_price(c.scenario, c.run, c.run.entity_ids[p]);
                      if (!price || *price >= k.price || (r && r->holder == c.run.entity_ids[p]) ||
                          static_cast<std::int32_t>(p) == k.customer)
                        continue;
                      s.pools[p].push_back(Market::Slot{0, 0, -1, -1, 1e6});
                      return true;
                    }
                    // Or make the contract dearer than someone with spare.
                    s.contracts[static_cast<size_t>(i)].price = 1e9;
                    return true;
                  }
                  return false;
                });
}

TEST(MarketCheckersCatch, ViolationsOfEachResultProperty) {
  const MarketCase& c = rich_market_case();
  for (Check check : kMarketResultChecks) {
    const Violations good = check(c.scenario, c.results);
    ASSERT_TRUE(good.empty()) << where(c) << ": " << good.front();
  }
  auto expect_caught = [&](const char* what, Check check,
                           const std::function<void(Results&)>& tamper) {
    Results r = c.results;
    tamper(r);
    EXPECT_FALSE(check(c.scenario, r).empty()) << what << " (" << where(c) << ") was not caught";
  };
  auto first_year = [](Results& r) -> TenantYear& {
    for (TenantResult& t : r.tenants) {
      for (TenantYear& y : t.years) {
        if (y.inference_demand > 0.0) return y;
      }
    }
    throw std::runtime_error("no year with inference demand");
  };
  auto first_capacity_flow = [](Results& r) -> LedgerFlow& {
    for (LedgerFlow& f : r.flows) {
      if (f.kind == FlowKind::kCapacity) return f;
    }
    throw std::runtime_error("no capacity flow");
  };
  expect_caught("unmet larger than demand less served", check_compute_years,
                [&](Results& r) { first_year(r).unmet += first_year(r).inference_demand; });
  expect_caught("a route missing from served", check_compute_years, [&](Results& r) {
    TenantYear& y = first_year(r);
    y.by_route[1] += y.served + 1e20;
  });
  expect_caught("a year's demand not what the timeline says", check_compute_timeline,
                [&](Results& r) { first_year(r).demand *= 1.5; });
  expect_caught("a payment to the wrong party", check_payments, [&](Results& r) {
    LedgerFlow& f = first_capacity_flow(r);
    f.to = f.from;
  });
  expect_caught("a contract's paid not its flows", check_payments, [&](Results& r) {
    r.contracts.front().paid = r.contracts.front().paid + Usd(1e3);
  });
  expect_caught("a fixed contract paid for a day more", check_payments, [&](Results& r) {
    for (const GeneratedContract& k : c.scenario.market->contracts) {
      if (!k.fixed_per_year) continue;
      for (ContractResult& x : r.contracts) {
        if (x.id != k.id) continue;
        x.paid = x.paid + Usd(*k.fixed_per_year / 365.0);
        for (LedgerFlow& f : r.flows) {
          if (f.kind == FlowKind::kCapacity &&
              r.purposes[static_cast<size_t>(f.purpose)] == "contracts." + k.id) {
            f.amount += *k.fixed_per_year / 365.0;
            break;
          }
        }
        return;
      }
    }
  });
  expect_caught("a run computing more than its block allows", check_run_flop, [](Results& r) {
    for (RunResult& x : r.runs) {
      if (x.status != "skipped") {
        x.flop *= 1.01;
        return;
      }
    }
  });
  expect_caught(
      "unmet above demand less served in the timeline", check_compute_timeline, [](Results& r) {
        for (Series& x : r.timeline.series) {
          if (x.name.size() > 16 && x.name.rfind("_unmet_flop_per_s") == x.name.size() - 17) {
            for (double& value : x.values) value += 1e18;
            return;
          }
        }
      });
  expect_caught("a run off the scaling law", check_runs_csv, [](Results& r) {
    for (RunResult& x : r.runs) {
      if (x.flop > 0.0) {
        x.tokens *= 1.01;
        return;
      }
    }
    r.runs.push_back(RunResult{});
    r.runs.back().id = "tampered";
    r.runs.back().flop = 1e24;
    r.runs.back().status = "done";
  });
}

}  // namespace
}  // namespace stargate::testing

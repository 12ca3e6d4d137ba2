// The capacity market's rules (MODEL.md §5–§6), each on a scenario small
// enough to check by hand. Every fleet here is H100s (989 TFLOP/s dense
// BF16, 1,400 W all-in, 30,000 h MTBF: data/accelerators.csv) with a repair
// time of zero, so every installed accelerator is up; each provider's site
// is online and its accelerators installed before the horizon, 2025.
#include "model/market/market.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/csv.h"
#include "stargate/output.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

constexpr double kH100 = 989e12;  // FLOP/s, dense BF16
constexpr double kDay = 86400.0;

constexpr const char* kHeader = R"(
[scenario]
name = "market"
start = 2025-01-01
end = 2025-12-31

[accelerators.h100]
repair_time = "0d"
)";

// An entity (roles don't matter to the market) with extra lines.
std::string entity(const std::string& id, const std::string& extra = "") {
  return "\n[entities." + id + "]\nname = \"" + id + "\"\nroles = [\"cloud_provider\"]\n" + extra;
}

// `id`'s own site `id`-dc (50 MW online since 2023) with `count` H100s
// installed before the start.
std::string fleet(const std::string& id, int count) {
  std::ostringstream s;
  s << "\n[sites." << id << "-dc]\npue = 1.0\n"
    << "[[sites." << id << "-dc.power]]\nid = \"grid\"\nkind = \"grid\"\nmw = \"100MW\"\n"
    << "online = 2020-01-01\nprice = \"$50/MWh\"\ncarbon_intensity = \"0.4t/MWh\"\n"
    << "[[sites." << id << "-dc.phases]]\nid = \"p1\"\nit_mw = \"50MW\"\nstart = 2023-01-01\n"
    << "duration = \"30d\"\ncapex = \"$100M\"\npayer = \"" << id << "\"\n"
    << "[[orders]]\nid = \"" << id << "-fleet\"\nbuyer = \"" << id
    << "\"\naccelerator = \"h100\"\nsite = \"" << id << "-dc\"\ncount = " << count
    << "\nordered = 2024-01-01\nlead_time = \"30d\"\n";
  return s.str();
}

// A tenant whose inference demand is `h100s` H100-equivalents all year.
std::string tenant(const std::string& id, double h100s, const std::string& extra = "") {
  std::ostringstream s;
  s << entity(id) << "\n[tenants." << id << "]\n"
    << extra << "\n[tenants." << id
    << ".inference]\naccelerator = \"h100\"\nstart = 2025-01-01\naccelerators = " << h100s << "\n";
  return s.str();
}

Results run(const std::string& body, std::optional<StepKind> step = std::nullopt) {
  RunOptions options;
  options.step = step;
  return simulate(Scenario::from_toml(std::string(kHeader) + body, "market.toml"), options);
}

const ContractResult& contract(const Results& r, const std::string& id) {
  for (const ContractResult& c : r.contracts) {
    if (c.id == id) return c;
  }
  throw std::runtime_error("no contract " + id);
}

const TenantResult& tenant_result(const Results& r, const std::string& id) {
  for (const TenantResult& t : r.tenants) {
    if (t.id == id) return t;
  }
  throw std::runtime_error("no tenant " + id);
}

const RunResult& run_result(const Results& r, const std::string& id) {
  for (const RunResult& x : r.runs) {
    if (x.id == id) return x;
  }
  throw std::runtime_error("no run " + id);
}

// What flowed under a contract, and between whom.
struct Paid {
  double amount = 0.0;
  std::map<std::pair<std::string, std::string>, double> by_parties;  // (from, to)
};
Paid paid(const Results& r, const std::string& id) {
  Paid p;
  for (const LedgerFlow& f : r.flows) {
    if (f.kind != FlowKind::kCapacity ||
        r.purposes[static_cast<size_t>(f.purpose)] != "contracts." + id)
      continue;
    p.amount += f.amount;
    const auto name = [&](std::int32_t e) {
      return e < 0 ? std::string("external") : r.entities[static_cast<size_t>(e)].id;
    };
    p.by_parties[{name(f.from), name(f.to)}] += f.amount;
  }
  return p;
}

std::string compute(const std::string& id, const std::string& provider, const std::string& customer,
                    const std::string& lines) {
  return "\n[[contracts]]\nid = \"" + id + "\"\nkind = \"compute\"\nprovider = \"" + provider +
         "\"\ncustomer = \"" + customer + "\"\n" + lines;
}

// ---------------------------------------------------------------------------
// Payments: the customer pays what the provider receives, at the contract's
// price.

TEST(MarketPayments, FixedPerYearPaysItsRateForEveryDayOfItsTerm) {
  // 2025-03-01 + 6 months = 2025-09-01: 184 days at $36.5M a year = $18.4M.
  const Results r = run(
      entity("p") + fleet("p", 1000) + tenant("t", 100) +
      compute("c", "p", "t",
              "count = 100\nstart = 2025-03-01\nterm = \"6mo\"\nfixed_per_year = \"$36.5M\"\n"));
  const Paid p = paid(r, "c");
  EXPECT_NEAR(p.amount, 36.5e6 * 184 / 365, 1e-6);
  EXPECT_NEAR(contract(r, "c").paid.value(), 36.5e6 * 184 / 365, 1e-6);
  ASSERT_EQ(p.by_parties.size(), 1u);
  EXPECT_EQ(p.by_parties.begin()->first, std::make_pair(std::string("t"), std::string("p")));
  EXPECT_NEAR(tenant_result(r, "t").paid, 18.4e6, 1e-6);
}

TEST(MarketPayments, TakeOrPayPerAcceleratorHourPaysForWhatIsDelivered) {
  // 600 H100s delivered all year at $2 an accelerator-hour, whatever the
  // tenant uses (100): 2 × 600 × 24 × 365 = $10,512,000.
  const Results r = run(entity("p") + fleet("p", 1000) + tenant("t", 100) +
                        compute("c", "p", "t",
                                "count = 600\nstart = 2025-01-01\n"
                                "price_per_accelerator_hour = \"$2\"\n"));
  EXPECT_DOUBLE_EQ(contract(r, "c").delivered_end, 600.0);
  EXPECT_NEAR(paid(r, "c").amount, 2.0 * 600 * 24 * 365, 1e-6);
  EXPECT_NEAR(contract(r, "c").paid.value(), 2.0 * 600 * 24 * 365, 1e-6);
}

TEST(MarketPayments, WithoutTakeOrPayOnlyTheShareUsedIsPaid) {
  // The tenant uses 300 of the 600 delivered: half of $10,512,000.
  const Results r = run(entity("p") + fleet("p", 1000) + tenant("t", 300) +
                        compute("c", "p", "t",
                                "count = 600\nstart = 2025-01-01\n"
                                "price_per_accelerator_hour = \"$2\"\ntake_or_pay = false\n"));
  EXPECT_NEAR(paid(r, "c").amount, 0.5 * 2.0 * 600 * 24 * 365, 1e-3);
}

TEST(MarketPayments, APerMwMonthLeasePaysForTheMwDelivered) {
  // 40 MW at $100k per MW-month, all year: 40 × 100k × 12 = $48M, from the
  // lessee to the landlord.
  const Results r =
      run(entity("land") + entity("p") + fleet("p", 1000) +
          "\n[[contracts]]\nid = \"l\"\nkind = \"lease\"\nprovider = \"land\"\ncustomer = \"p\"\n"
          "site = \"p-dc\"\nmw = \"40MW\"\nstart = 2025-01-01\nprice_per_mw_month = \"$100k\"\n");
  const Paid p = paid(r, "l");
  EXPECT_NEAR(p.amount, 48e6, 1e-3);
  ASSERT_EQ(p.by_parties.size(), 1u);
  EXPECT_EQ(p.by_parties.begin()->first, std::make_pair(std::string("p"), std::string("land")));
}

TEST(MarketPayments, WhatEachCustomerPaysItsProviderReceivesAlongAChain) {
  // p → x (count 500, $2/h) → t (all_of, $2.50/h): each pays its provider
  // for 500 accelerators all year.
  const Results r = run(entity("p") + fleet("p", 1000) + entity("x") + tenant("t", 400) +
                        compute("px", "p", "x",
                                "count = 500\nstart = 2025-01-01\n"
                                "price_per_accelerator_hour = \"$2\"\n") +
                        compute("xt", "x", "t",
                                "all_of = \"px\"\nstart = 2025-01-01\n"
                                "price_per_accelerator_hour = \"$2.50\"\n"));
  const Paid px = paid(r, "px"), xt = paid(r, "xt");
  EXPECT_NEAR(px.amount, 2.0 * 500 * 8760, 1e-3);
  EXPECT_NEAR(xt.amount, 2.5 * 500 * 8760, 1e-3);
  EXPECT_EQ(px.by_parties.begin()->first, std::make_pair(std::string("x"), std::string("p")));
  EXPECT_EQ(xt.by_parties.begin()->first, std::make_pair(std::string("t"), std::string("x")));
  EXPECT_NEAR(tenant_result(r, "t").paid, xt.amount, 1e-6);
}

// ---------------------------------------------------------------------------
// Oversubscription: deliveries cut by priority, pro rata within one, the
// shortfall reported per contract.

TEST(MarketOversubscription, CutsByPriorityThenProRata) {
  // 1,000 up. a (priority 1) asks 400 and gets it; b and c (priority 2) ask
  // 600 and 300 of the 600 left: 600 × 600/900 = 400 and 600 × 300/900 =
  // 200, short 200 and 100.
  const std::string price = "start = 2025-01-01\nprice_per_accelerator_hour = \"$2\"\n";
  const Results r = run(entity("p") + fleet("p", 1000) + entity("x") + entity("y") + entity("z") +
                        compute("a", "p", "x", "count = 400\npriority = 1\n" + price) +
                        compute("b", "p", "y", "count = 600\npriority = 2\n" + price) +
                        compute("c", "p", "z", "count = 300\npriority = 2\n" + price));
  EXPECT_NEAR(contract(r, "a").delivered_end, 400.0, 1e-9);
  EXPECT_NEAR(contract(r, "b").delivered_end, 400.0, 1e-9);
  EXPECT_NEAR(contract(r, "c").delivered_end, 200.0, 1e-9);
  EXPECT_EQ(contract(r, "a").peak_shortfall, 0.0);
  EXPECT_FALSE(contract(r, "a").peak_shortfall_date);
  EXPECT_NEAR(contract(r, "b").peak_shortfall, 200.0, 1e-9);
  EXPECT_NEAR(contract(r, "c").peak_shortfall, 100.0, 1e-9);
  EXPECT_EQ(contract(r, "b").peak_shortfall_date, Date::from_ymd(2025, 1, 1));
  // Payments follow what was delivered: 400 × $2 × 8,760 h for b.
  EXPECT_NEAR(contract(r, "b").paid.value(), 400.0 * 2 * 8760, 1e-3);
}

TEST(MarketOversubscription, WithoutPrioritiesTheEarliestSignedComesFirst) {
  // Same asks, no priorities: a was signed first, then b and c on one day.
  const std::string price = "price_per_accelerator_hour = \"$2\"\nstart = 2025-01-01\n";
  const Results r = run(entity("p") + fleet("p", 1000) + entity("x") + entity("y") + entity("z") +
                        compute("a", "p", "x", "count = 400\nsigned = 2024-01-01\n" + price) +
                        compute("b", "p", "y", "count = 600\nsigned = 2024-06-01\n" + price) +
                        compute("c", "p", "z", "count = 300\nsigned = 2024-06-01\n" + price));
  EXPECT_NEAR(contract(r, "a").delivered_end, 400.0, 1e-9);
  EXPECT_NEAR(contract(r, "b").delivered_end, 400.0, 1e-9);
  EXPECT_NEAR(contract(r, "c").delivered_end, 200.0, 1e-9);
}

TEST(MarketOversubscription, ACountLaterInTheYearIsShortOnlyFromItsStart) {
  // b starts in July and asks 800 beside a's 400 (same rank: signed the same
  // day): 1,000 × 400/1,200 and × 800/1,200.
  const std::string price = "price_per_accelerator_hour = \"$2\"\nsigned = 2024-01-01\n";
  const Results r = run(entity("p") + fleet("p", 1000) + entity("x") + entity("y") +
                        compute("a", "p", "x", "count = 400\nstart = 2025-01-01\n" + price) +
                        compute("b", "p", "y", "count = 800\nstart = 2025-07-01\n" + price));
  EXPECT_NEAR(contract(r, "a").delivered_end, 1000.0 / 3, 1e-9);
  EXPECT_NEAR(contract(r, "b").delivered_end, 2000.0 / 3, 1e-9);
  EXPECT_NEAR(contract(r, "a").peak_shortfall, 400.0 - 1000.0 / 3, 1e-9);
  EXPECT_EQ(contract(r, "a").peak_shortfall_date, Date::from_ymd(2025, 7, 1));
  // a: 400 for 181 days, then 333.33 for 184 days.
  EXPECT_NEAR(contract(r, "a").paid.value(), 2.0 * 24 * (400.0 * 181 + 1000.0 / 3 * 184), 1e-3);
}

TEST(MarketOversubscription, LeasesOfOneRankShareTheSiteProRata) {
  // 50 MW online; two leases of 40 MW signed the same day get 25 MW each
  // (before the fix the first in the file took its 40).
  const std::string lease =
      "kind = \"lease\"\nprovider = \"land\"\nsite = \"p-dc\"\nmw = \"40MW\"\n"
      "start = 2025-01-01\nprice_per_mw_month = \"$100k\"\n";
  const Results r = run(entity("land") + entity("p") + fleet("p", 1000) + entity("q") +
                        "\n[[contracts]]\nid = \"lp\"\ncustomer = \"p\"\n" + lease +
                        "\n[[contracts]]\nid = \"lq\"\ncustomer = \"q\"\n" + lease);
  EXPECT_NEAR(contract(r, "lp").delivered_end, 25.0, 1e-9);
  EXPECT_NEAR(contract(r, "lq").delivered_end, 25.0, 1e-9);
  EXPECT_NEAR(contract(r, "lp").peak_shortfall, 15.0, 1e-9);
  EXPECT_NEAR(contract(r, "lq").peak_shortfall, 15.0, 1e-9);
  EXPECT_EQ(contract(r, "lq").unit, "MW");
}

TEST(MarketOversubscription, LeasesByPriority) {
  // Priority 1 takes its 40 MW of the 50; priority 2 gets the 10 left.
  const std::string lease =
      "kind = \"lease\"\nprovider = \"land\"\nsite = \"p-dc\"\nmw = \"40MW\"\n"
      "start = 2025-01-01\nprice_per_mw_month = \"$100k\"\n";
  const Results r = run(entity("land") + entity("p") + fleet("p", 1000) + entity("q") +
                        "\n[[contracts]]\nid = \"lp\"\ncustomer = \"p\"\npriority = 2\n" + lease +
                        "\n[[contracts]]\nid = \"lq\"\ncustomer = \"q\"\npriority = 1\n" + lease);
  EXPECT_NEAR(contract(r, "lq").delivered_end, 40.0, 1e-9);
  EXPECT_NEAR(contract(r, "lp").delivered_end, 10.0, 1e-9);
  EXPECT_NEAR(contract(r, "lp").peak_shortfall, 30.0, 1e-9);
  EXPECT_EQ(contract(r, "lq").peak_shortfall, 0.0);
}

// ---------------------------------------------------------------------------
// Exclusivity through chains

TEST(MarketExclusivity, TheTagRidesAlongAChainOfAllOfContracts) {
  // p → x1 (share 100%, exclusive to t) → x2 (all_of) → t (all_of): the
  // 1,000 reach t (before the fix they stopped at x1, idle).
  const std::string price = "start = 2025-01-01\nprice_per_accelerator_hour = \"$2\"\n";
  const Results r =
      run(entity("p") + fleet("p", 1000) + entity("x1") + entity("x2") + tenant("t", 800) +
          compute("a", "p", "x1", "share = \"100%\"\nexclusive_to = \"t\"\n" + price) +
          compute("b", "x1", "x2", "all_of = \"a\"\n" + price) +
          compute("c", "x2", "t", "all_of = \"b\"\n" + price));
  EXPECT_DOUBLE_EQ(contract(r, "b").delivered_end, 1000.0);
  EXPECT_DOUBLE_EQ(contract(r, "c").delivered_end, 1000.0);
  const TenantYear& y = tenant_result(r, "t").years.at(0);
  EXPECT_NEAR(y.mean(y.unmet), 0.0, 1e-6);
  EXPECT_NEAR(y.mean(y.served), 800 * kH100, 1e-6 * kH100);
  EXPECT_NEAR(y.mean(y.idle_exclusive), 200 * kH100, 1e-6 * kH100);
}

TEST(MarketExclusivity, ExclusiveCapacityDoesNotServeAnotherTenant) {
  // x holds 1,000 exclusive to t and owes u a count of 500: u gets none of
  // it (the count is short), t's demand of 200 leaves 800 idle.
  const std::string price = "start = 2025-01-01\nprice_per_accelerator_hour = \"$2\"\n";
  const Results r =
      run(entity("p") + fleet("p", 1000) + entity("x") + tenant("t", 200) + tenant("u", 500) +
          compute("a", "p", "x", "share = \"100%\"\nexclusive_to = \"t\"\n" + price) +
          compute("b", "x", "u", "count = 500\n" + price) +
          compute("c", "x", "t", "all_of = \"a\"\n" + price));
  EXPECT_EQ(contract(r, "b").delivered_end, 0.0);
  EXPECT_DOUBLE_EQ(contract(r, "b").peak_shortfall, 500.0);
  const TenantYear& u = tenant_result(r, "u").years.at(0);
  EXPECT_EQ(u.served, 0.0);
  const TenantYear& t = tenant_result(r, "t").years.at(0);
  EXPECT_NEAR(t.mean(t.idle_exclusive), 800 * kH100, 1e-6 * kH100);
}

// ---------------------------------------------------------------------------
// New demand: the right of first refusal, then market providers cheapest
// first.

// Holder h with 2,000 spare at $3/PFLOP-hour; market providers cheap (1,000
// at $1) and dear (1,000 at $2); tenant t wants 800 more than it has.
std::string offer_scenario(const std::string& take) {
  return entity("h", "market_price_per_pflop_hour = \"$3\"\n") + fleet("h", 2000) +
         entity("cheap", "market_price_per_pflop_hour = \"$1\"\n") + fleet("cheap", 1000) +
         entity("dear", "market_price_per_pflop_hour = \"$2\"\n") + fleet("dear", 1000) +
         tenant("t", 800) +
         "\n[[right_of_first_refusal]]\nid = \"r\"\ntenant = \"t\"\nholder = \"h\"\n"
         "start = 2025-01-01\ntake_fraction = \"" +
         take + "\"\n";
}

std::vector<const ContractResult*> by_route(const Results& r, const std::string& route) {
  std::vector<const ContractResult*> out;
  for (const ContractResult& c : r.contracts) {
    if (c.route == route) out.push_back(&c);
  }
  return out;
}

TEST(MarketRightOfFirstRefusal, AHolderThatTakesNothingNeverSupplies) {
  const Results r = run(offer_scenario("0%"));
  EXPECT_TRUE(by_route(r, "rofr").empty());
  const TenantYear& y = tenant_result(r, "t").years.at(0);
  EXPECT_EQ(y.by_route[static_cast<int>(Route::kRofr)], 0.0);
  for (const auto& [p, f] : y.by_provider) EXPECT_NE(p, "h");
  // All of it went to the market, the cheaper provider first: 800 from cheap.
  const std::vector<const ContractResult*> m = by_route(r, "market");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->provider, "cheap");
  EXPECT_NEAR(m[0]->delivered_end, 800 * kH100, 1e-6 * kH100);
  // Declined: the whole new demand, on the first day's offer.
  const Series* declined = r.timeline.find("t_declined_by_rofr_holder_flop_per_s");
  ASSERT_TRUE(declined);
  EXPECT_NEAR(declined->at(0), 800 * kH100, 1e-6 * kH100);
}

TEST(MarketRightOfFirstRefusal, AHolderThatTakesAllWithRoomSuppliesAllNewDemand) {
  const Results r = run(offer_scenario("100%"));
  EXPECT_TRUE(by_route(r, "market").empty());
  const std::vector<const ContractResult*> f = by_route(r, "rofr");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->provider, "h");
  EXPECT_EQ(f[0]->customer, "t");
  EXPECT_NEAR(f[0]->delivered_end, 800 * kH100, 1e-6 * kH100);
  const TenantYear& y = tenant_result(r, "t").years.at(0);
  EXPECT_EQ(y.by_route[static_cast<int>(Route::kMarket)], 0.0);
  // Signed on the first day, delivering from the second: unmet one day.
  EXPECT_NEAR(y.unmet, 800 * kH100 * kDay, 1e-9 * y.unmet);
  EXPECT_NEAR(y.by_route[static_cast<int>(Route::kRofr)], 800 * kH100 * 364 * kDay,
              1e-9 * y.served);
  // Priced at the holder's market price: 800 × 0.989 PFLOP/s × $3 × 24 h.
  EXPECT_NEAR(f[0]->paid.value(), 800 * 0.989 * 3 * 24 * 364, 1e-3);
}

TEST(MarketRightOfFirstRefusal, TheHolderTakesItsFractionThenTheMarketCheapestFirst) {
  // Holder takes 25% of 800 = 200; the other 600 from cheap (1,000 spare).
  const Results r = run(offer_scenario("25%"));
  const std::vector<const ContractResult*> f = by_route(r, "rofr"), m = by_route(r, "market");
  ASSERT_EQ(f.size(), 1u);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NEAR(f[0]->delivered_end, 200 * kH100, 1e-6 * kH100);
  EXPECT_EQ(m[0]->provider, "cheap");
  EXPECT_NEAR(m[0]->delivered_end, 600 * kH100, 1e-6 * kH100);
}

TEST(MarketRightOfFirstRefusal, AHolderWithoutRoomSuppliesWhatItHas) {
  // The holder has 300 and takes all it can; cheap has 1,000: 500 from it.
  const Results r = run(entity("h", "market_price_per_pflop_hour = \"$3\"\n") + fleet("h", 300) +
                        entity("cheap", "market_price_per_pflop_hour = \"$1\"\n") +
                        fleet("cheap", 1000) + tenant("t", 800) +
                        "\n[[right_of_first_refusal]]\nid = \"r\"\ntenant = \"t\"\nholder = \"h\"\n"
                        "start = 2025-01-01\ntake_fraction = \"100%\"\n");
  const std::vector<const ContractResult*> f = by_route(r, "rofr"), m = by_route(r, "market");
  ASSERT_EQ(f.size(), 1u);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NEAR(f[0]->delivered_end, 300 * kH100, 1e-6 * kH100);
  EXPECT_NEAR(m[0]->delivered_end, 500 * kH100, 1e-6 * kH100);
}

TEST(MarketNewDemand, TenantsOfOnePriorityShareTheCheapestProviderProRata) {
  // Two tenants of 800 each; cheap has 1,000, dear 1,000: 500 each from
  // cheap, 300 each from dear (before the fix the second tenant got 250
  // from cheap and bought dearer what cheap still had).
  const Results r =
      run(entity("cheap", "market_price_per_pflop_hour = \"$1\"\n") + fleet("cheap", 1000) +
          entity("dear", "market_price_per_pflop_hour = \"$2\"\n") + fleet("dear", 1000) +
          tenant("a", 800) + tenant("b", 800));
  std::map<std::pair<std::string, std::string>, double> got;
  for (const ContractResult& c : r.contracts) got[{c.provider, c.customer}] += c.delivered_end;
  EXPECT_NEAR((got[{"cheap", "a"}]), 500 * kH100, 1e-6 * kH100);
  EXPECT_NEAR((got[{"cheap", "b"}]), 500 * kH100, 1e-6 * kH100);
  EXPECT_NEAR((got[{"dear", "a"}]), 300 * kH100, 1e-6 * kH100);
  EXPECT_NEAR((got[{"dear", "b"}]), 300 * kH100, 1e-6 * kH100);
  EXPECT_EQ(r.contracts.size(), 4u);
}

TEST(MarketNewDemand, ABudgetLimitsWhatIsSignedAndWhatIsUnaffordableIsAtMostTheRest) {
  // 800 wanted at $1/PFLOP-hour would cost 800 × 0.989 × 8,760 ≈ $6.93M a
  // year; the budget is $3.466M: half is signed, half is unaffordable (not
  // counted again for the dearer provider).
  const double per_year = 800 * 0.989 * 8760 / 2;
  std::ostringstream budget;
  budget << std::fixed << std::setprecision(0) << "\n[[tenants.t.budget]]\nid = \"b\"\n"
         << "date = 2025-01-01\nper_year = " << per_year << "\n";
  const Results r =
      run(entity("cheap", "market_price_per_pflop_hour = \"$1\"\n") + fleet("cheap", 1000) +
          entity("dear", "market_price_per_pflop_hour = \"$2\"\n") + fleet("dear", 1000) +
          tenant("t", 800) + budget.str());
  ASSERT_EQ(r.contracts.size(), 1u);
  EXPECT_NEAR(r.contracts[0].delivered_end, 400 * kH100, 1e-6 * kH100);
  const TenantYear& y = tenant_result(r, "t").years.at(0);
  // The first day: all 800 new; 400 of it unaffordable.
  EXPECT_NEAR(y.unaffordable / kDay / y.days, 400 * kH100, 1e-9 * 400 * kH100);
}

// ---------------------------------------------------------------------------
// Training runs (MODEL.md §6)

// A tenant served 1,000 H100s at p-dc and 600 at q-dc.
std::string two_blocks(const std::string& tenant_extra) {
  const std::string price = "start = 2025-01-01\nprice_per_accelerator_hour = \"$2\"\n";
  return entity("p") + fleet("p", 1000) + entity("q") + fleet("q", 600) + entity("t") +
         "\n[tenants.t]\n" + tenant_extra + compute("a", "p", "t", "share = \"100%\"\n" + price) +
         compute("b", "q", "t", "share = \"100%\"\n" + price);
}

// Goodput at Young's interval, Daly's exact expectation (goodput.h): M =
// MTBF / n, τ = √(2δM), τ / (M·e^(R/M)·(e^((τ+δ)/M) − 1)).
double daly(double n, double delta, double restart) {
  const double m = 30000.0 / n, tau = std::sqrt(2 * delta * m);
  return tau / (m * std::exp(restart / m) * std::expm1((tau + delta) / m));
}

TEST(MarketTraining, ARunsFlopIsAcceleratorsTimesPeakMfuGoodputEfficiencyAndTime) {
  const Results r = run(two_blocks(
      "[[tenants.t.training]]\nid = \"one\"\nearliest_start = 2025-02-01\nduration = \"3mo\"\n"
      "mfu = \"40%\"\ncheckpoint_time = \"0.1h\"\nrestart_time = \"0.25h\"\n"
      "[[tenants.t.training]]\nid = \"two\"\nearliest_start = 2025-06-01\nduration = \"2mo\"\n"
      "mfu = \"35%\"\nsites = 2\nsite_penalty = \"10%\"\n"));
  const RunResult& one = run_result(r, "one");
  ASSERT_EQ(one.status, "done");
  EXPECT_EQ(one.sites, "p-dc");
  EXPECT_EQ(one.accelerators, 1000.0);
  EXPECT_EQ(one.start, Date::from_ymd(2025, 2, 1));
  EXPECT_EQ(one.end, Date::from_ymd(2025, 5, 1));
  EXPECT_NEAR(one.goodput, daly(1000, 0.1, 0.25), 1e-12);
  EXPECT_EQ(one.efficiency, 1.0);
  const double seconds_one = (one.end - one.start) * kDay;
  EXPECT_NEAR(one.flop, 1000 * kH100 * 0.4 * one.goodput * 1.0 * seconds_one, 1e-9 * one.flop);
  // Two sites: 1,600 accelerators at 90% efficiency.
  const RunResult& two = run_result(r, "two");
  ASSERT_EQ(two.status, "done");
  EXPECT_EQ(two.sites, "p-dc+q-dc");
  EXPECT_EQ(two.accelerators, 1600.0);
  EXPECT_NEAR(two.efficiency, 0.9, 1e-15);
  EXPECT_NEAR(two.goodput, daly(1600, 0.1, 0.25), 1e-12);
  const double seconds_two = (two.end - two.start) * kDay;
  EXPECT_NEAR(two.flop, 1600 * kH100 * 0.35 * two.goodput * 0.9 * seconds_two, 1e-9 * two.flop);
}

TEST(MarketTraining, ARunToAFlopTargetEndsOnTheDayItIsReached) {
  const Results r = run(
      two_blocks("[[tenants.t.training]]\nid = \"f\"\nearliest_start = 2025-02-01\nflop = 1e24\n"
                 "max_accelerators = 1000\n"));
  const RunResult& f = run_result(r, "f");
  ASSERT_EQ(f.status, "done");
  EXPECT_EQ(f.flop, 1e24);
  const double rate = 1000 * kH100 * 0.4 * f.goodput;  // default MFU 40%
  EXPECT_EQ(f.end - f.start, static_cast<int>(std::ceil(1e24 / rate / kDay)));
}

// runs.csv's rows, each as column → text.
std::vector<std::map<std::string, std::string>> runs_rows(const Results& r) {
  const CsvTable t = parse_csv(runs_csv(r), "runs.csv");
  std::vector<std::map<std::string, std::string>> rows;
  for (const std::vector<std::string>& cells : t.rows) {
    std::map<std::string, std::string>& row = rows.emplace_back();
    for (size_t i = 0; i < t.header.size(); ++i) row[t.header[i]] = cells[i];
  }
  return rows;
}

TEST(MarketTraining, EveryRowOfRunsCsvKeepsCEqualsSixND) {
  const Results r = run(two_blocks(
      "[[tenants.t.training]]\nid = \"one\"\nearliest_start = 2025-02-01\nduration = \"3mo\"\n"
      "[[tenants.t.training]]\nid = \"big\"\nearliest_start = 2025-03-01\nduration = \"1mo\"\n"
      "min_accelerators = 5000\n"
      "[tenants.t.frontier]\nstart = 2025-01-15\ncadence = \"2mo\"\nduration = \"1mo\"\n"
      "min_accelerators = 100\n"));
  const auto rows = runs_rows(r);
  ASSERT_EQ(rows.size(), r.runs.size());
  ASSERT_GE(rows.size(), 5u);
  for (const auto& row : rows) {
    const double c = std::stod(row.at("flop")), n = std::stod(row.at("params")),
                 d = std::stod(row.at("tokens"));
    EXPECT_NEAR(c, 6 * n * d, 1e-9 * c) << row.at("run");
    if (row.at("status") != "skipped") {
      EXPECT_GT(c, 0.0) << row.at("run");
    }
  }
}

TEST(MarketTraining, ARunAskingMoreThanTheLargestBlockIsSkippedAndSaysWhy) {
  const Results r = run(two_blocks(
      "[[tenants.t.training]]\nid = \"big\"\nearliest_start = 2025-03-01\nduration = \"1mo\"\n"
      "min_accelerators = 1200\n"));
  const RunResult& big = run_result(r, "big");
  EXPECT_EQ(big.status, "skipped");
  EXPECT_EQ(big.reason, "largest block 1000 accelerators, below min_accelerators 1200");
  EXPECT_EQ(big.accelerators, 0.0);
  EXPECT_EQ(big.flop, 0.0);
  const auto rows = runs_rows(r);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("status"), "skipped");
  // Its block counts as unmet training demand.
  const TenantYear& y = tenant_result(r, "t").years.at(0);
  EXPECT_GT(y.training_unmet, 0.0);
}

TEST(MarketTraining, TheFrontierStartsAnotherRunOnlyOnASecondBlock) {
  // Every 2 months a 5-month run of at least 500: the first on the
  // 1,000-block, the second (the first still going) on the 600-block, the
  // third (both going) skipped, the fourth (the first ended) on the 1,000.
  const Results r = run(
      two_blocks("[tenants.t.frontier]\nstart = 2025-01-01\ncadence = \"2mo\"\nduration = \"5mo\"\n"
                 "min_accelerators = 500\n"));
  ASSERT_GE(r.runs.size(), 4u);
  EXPECT_EQ(r.runs[0].status, "done");
  EXPECT_EQ(r.runs[0].sites, "p-dc");
  EXPECT_EQ(r.runs[0].start, Date::from_ymd(2025, 1, 1));
  EXPECT_EQ(r.runs[1].status, "done");
  EXPECT_EQ(r.runs[1].sites, "q-dc");
  EXPECT_EQ(r.runs[1].accelerators, 600.0);
  EXPECT_EQ(r.runs[1].start, Date::from_ymd(2025, 3, 1));
  EXPECT_EQ(r.runs[2].status, "skipped");
  EXPECT_EQ(r.runs[2].start, Date::from_ymd(2025, 5, 1));
  EXPECT_EQ(r.runs[2].reason,
            "the previous frontier run is still going and no second block of 500 is free");
  EXPECT_EQ(r.runs[3].status, "done");
  EXPECT_EQ(r.runs[3].sites, "p-dc");
  EXPECT_EQ(r.runs[3].start, Date::from_ymd(2025, 7, 1));
  for (const RunResult& x : r.runs) EXPECT_TRUE(x.frontier);
}

TEST(MarketTraining, WithOneBlockTheFrontierWaitsForTheRunGoing) {
  const std::string price = "start = 2025-01-01\nprice_per_accelerator_hour = \"$2\"\n";
  const Results r = run(entity("p") + fleet("p", 1000) + entity("t") +
                        "\n[tenants.t]\n"
                        "[tenants.t.frontier]\nstart = 2025-01-01\ncadence = \"2mo\"\n"
                        "duration = \"3mo\"\nmin_accelerators = 500\n" +
                        compute("a", "p", "t", "share = \"100%\"\n" + price));
  ASSERT_GE(r.runs.size(), 3u);
  EXPECT_EQ(r.runs[0].status, "done");
  EXPECT_EQ(r.runs[1].status, "skipped");  // March: the first runs to April
  EXPECT_EQ(r.runs[2].status, "done");     // May
  EXPECT_EQ(r.runs[2].start, Date::from_ymd(2025, 5, 1));
}

}  // namespace
}  // namespace stargate

// Properties of money over generated scenarios with capital
// (generate(seed, {.with_capital = true}), tests/support/generate.h): each
// test loads and runs the first kSeeds such scenarios through the public API
// and checks the rules of MODEL.md §3 on every one (the checkers are in
// money_checks.h; the last tests here show that each can fail).
//
// A failure names the seed, what broke (expected vs actual), and a copy of the
// scenario written to the temporary directory, to re-run with
//   stargate run <file>
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <string>

#include "properties/checks.h"
#include "properties/money_checks.h"
#include "stargate/output.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"
#include "support/generate.h"

namespace stargate::testing {
namespace {

GenerateOptions with_capital() {
  GenerateOptions o;
  o.with_capital = true;
  return o;
}

// ---------------------------------------------------------------------------
// The generator

TEST(MoneyGenerator, CapitalLeavesThePhysicalScenarioAsItWas) {
  // The money draws come from a stream of their own: the sites, phases and
  // orders (and so their dates and sizes) are those of the same seed
  // without capital.
  for (std::uint64_t seed : {0u, 1u, 42u, 999u}) {
    const GeneratedScenario a = generate(seed), b = generate(seed, with_capital());
    EXPECT_EQ(a.start, b.start);
    EXPECT_EQ(a.end, b.end);
    ASSERT_EQ(a.phases.size(), b.phases.size());
    for (size_t p = 0; p < a.phases.size(); ++p) {
      EXPECT_EQ(a.phases[p].start, b.phases[p].start);
      EXPECT_EQ(a.phases[p].duration, b.phases[p].duration);
      EXPECT_EQ(a.phases[p].capex, b.phases[p].capex);
      EXPECT_EQ(a.phases[p].payer, "dev");
    }
    EXPECT_EQ(a.orders.size(), b.orders.size());
    EXPECT_TRUE(a.vehicles.empty());
    EXPECT_FALSE(b.vehicles.empty());
    EXPECT_EQ(generate_scenario(seed, with_capital()), b.toml);
    EXPECT_NE(b.toml.find("[[equity]]"), std::string::npos);
  }
}

TEST(MoneyGenerator, EverySeedGivesAValidScenario) {
  std::string report;
  int invalid = 0;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    const std::string toml = generate_scenario(seed, with_capital());
    try {
      (void)Scenario::from_toml(toml, "generated.toml");
    } catch (const Error& e) {
      if (++invalid > 3) continue;
      report += "\n" + reproduce(seed, toml, std::nullopt, with_capital()) + ": " + e.what();
      for (const Issue& i : e.issues()) report += "\n  " + i.to_string();
    }
  }
  EXPECT_EQ(invalid, 0) << report;
}

// Money must be the critical path of at least a tenth of the phases that
// start, while construction and power still set the date of others; and the
// generator must reach the cases the money properties are about, or they
// would pass vacuously.
TEST(MoneyGenerator, MoneyBindsForATenthOfPhasesAndEveryRuleIsReached) {
  int started = 0;
  std::map<CriticalPath, int> paths;
  std::map<std::string, int> seen;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    std::string error;
    const std::optional<Case> c = run_case(seed, {}, error, with_capital());
    ASSERT_TRUE(c) << "seed " << seed << ": " << error;
    const Results& r = c->results;
    for (const PhaseResult& p : r.phases) {
      if (p.critical_path == CriticalPath::kNotStarted) continue;
      ++started;
      ++paths[p.critical_path];
    }
    std::map<std::string, bool> here;
    for (const VehicleMoney& v : r.vehicles) {
      if (v.default_date) here["a vehicle in default"] = true;
      if (v.arrears.value() > 0.0) here["arrears at the end"] = true;
      if (v.first_breach) here["a covenant breach"] = true;
      if (v.min_dscr) here["a covenant test"] = true;
      if (v.peak_funding_gap.value() > 0.0) here["a vehicle deferring capex"] = true;
    }
    for (const EquityResult& q : r.equity) {
      if (!q.honoured) here["a commitment not honoured"] = true;
      if (q.honoured && q.called.value() >= q.amount.value() * (1 - 1e-9))
        here["a commitment drawn in full"] = true;
    }
    std::map<std::string, double> interest_on;  // date → interest paid, to spot capitalisation
    for (const LedgerFlow& f : r.flows) {
      switch (f.kind) {
        case FlowKind::kDistribution:
          here["a distribution"] = true;
          break;
        case FlowKind::kTax:
          here["a tax payment"] = true;
          break;
        case FlowKind::kFunding:
          here["funding between vehicles"] = true;
          break;
        case FlowKind::kPrincipal:
          here["principal repaid"] = true;
          break;
        case FlowKind::kCommitmentFee:
          here["a commitment fee"] = true;
          break;
        case FlowKind::kOperations:
          here["O&M or staff paid"] = true;
          break;
        case FlowKind::kLandLease:
          if (f.to >= 0) here["a land lease to a site owner"] = true;
          break;
        case FlowKind::kRevenue:
          if (f.from >= 0) here["revenue paid by an entity"] = true;
          break;
        case FlowKind::kInterest:
          interest_on[f.date.to_string() + party_name(r, f.from)] = f.amount;
          break;
        default:
          break;
      }
    }
    for (const LedgerFlow& f : r.flows) {
      const auto it = interest_on.find(f.date.to_string() + party_name(r, f.to));
      if (f.kind == FlowKind::kDebtDraw && it != interest_on.end() && it->second == f.amount)
        here["interest capitalised"] = true;
    }
    for (const PhaseResult& p : r.phases) {
      const GeneratedPhase* gp = generated_phase(c->scenario, p);
      if (gp && gp->payer == "dev" && p.critical_path == CriticalPath::kMoney)
        here["a non-vehicle payer deferring capex"] = true;
    }
    if (c->scenario.enforced_budget &&
        r.program.spent.value() >= *c->scenario.enforced_budget * (1 - 1e-6))
      here["an enforced program budget binding"] = true;
    for (const auto& [what, yes] : here) seen[what] += yes;
  }
  ASSERT_GT(started, 0);
  const double money = static_cast<double>(paths[CriticalPath::kMoney]) / started;
  const double construction = static_cast<double>(paths[CriticalPath::kConstruction]) / started;
  const double power = static_cast<double>(paths[CriticalPath::kPower]) / started;
  std::cout << "[ shares   ] " << started << " phases started over " << kSeeds
            << " seeds with capital: money " << paths[CriticalPath::kMoney] << " (" << 100.0 * money
            << "%), construction " << paths[CriticalPath::kConstruction] << " ("
            << 100.0 * construction << "%), power " << paths[CriticalPath::kPower] << " ("
            << 100.0 * power << "%)\n";
  EXPECT_GE(money, 0.10);
  EXPECT_GE(construction, 0.10);
  EXPECT_GE(power, 0.05);
  std::string all;
  for (const auto& [what, count] : seen) all += "\n  " + what + ": " + std::to_string(count);
  for (const char* what :
       {"a vehicle in default", "arrears at the end", "a covenant breach", "a covenant test",
        "a vehicle deferring capex", "a commitment not honoured", "a commitment drawn in full",
        "a distribution", "a tax payment", "funding between vehicles", "principal repaid",
        "a commitment fee", "O&M or staff paid", "a land lease to a site owner",
        "revenue paid by an entity", "interest capitalised", "a non-vehicle payer deferring capex",
        "an enforced program budget binding"}) {
    EXPECT_GE(seen[what], 10) << what << " in fewer than 10 of " << kSeeds
                              << " scenarios; seen:" << all;
  }
}

// ---------------------------------------------------------------------------
// Properties, each over every seed with the scenario's own step

TEST(MoneyProperties, MoneyIsConservedByDoubleEntryAtEveryStep) {
  check_every_seed(
      RunOptions{}, [](const Case& c) { return check_money_conserved(c.scenario, c.results); },
      with_capital());
}

TEST(MoneyProperties, FlowsArePositiveFiniteAndBetweenKnownParties) {
  check_every_seed(
      RunOptions{}, [](const Case& c) { return check_flows_valid(c.scenario, c.results); },
      with_capital());
}

TEST(MoneyProperties, EquityCalledStaysWithinHonouredCommitments) {
  check_every_seed(
      RunOptions{}, [](const Case& c) { return check_equity(c.scenario, c.results); },
      with_capital());
}

TEST(MoneyProperties, DebtDrawnStaysWithinSizeAndCapAfterEveryStep) {
  check_every_seed(
      RunOptions{}, [](const Case& c) { return check_debt(c.scenario, c.results); },
      with_capital());
}

TEST(MoneyProperties, CapexPaidStaysWithinBudgets) {
  check_every_seed(
      RunOptions{}, [](const Case& c) { return check_capex_paid(c.scenario, c.results); },
      with_capital());
}

// The physical invariants hold when money defers construction and lots
// (all but the orders' delivery dates, which money may postpone).
TEST(MoneyProperties, ThePhysicalInvariantsHoldWithCapital) {
  check_every_seed(
      RunOptions{},
      [](const Case& c) {
        Violations v;
        for (Check check : kPhysicalWithMoney) {
          for (std::string& s : check(c.scenario, c.results)) v.push_back(std::move(s));
        }
        return v;
      },
      with_capital());
}

// MODEL.md §8: a repeated run is bit-identical, flows and timeline included.
TEST(MoneyProperties, RunsAreBitIdentical) {
  check_every_seed(
      RunOptions{},
      [](const Case& c) {
        Violations v;
        const Results again = simulate(Scenario::from_toml(c.scenario.toml, "again.toml"));
        const std::vector<LedgerFlow>& a = c.results.flows;
        const std::vector<LedgerFlow>& b = again.flows;
        if (a.size() != b.size()) {
          v.push_back("a repeated run has " + std::to_string(b.size()) + " flows, not " +
                      std::to_string(a.size()));
        }
        for (size_t i = 0; i < a.size() && i < b.size() && v.empty(); ++i) {
          if (a[i].date != b[i].date || a[i].from != b[i].from || a[i].to != b[i].to ||
              a[i].kind != b[i].kind || a[i].purpose != b[i].purpose ||
              std::memcmp(&a[i].amount, &b[i].amount, sizeof(double)) != 0) {
            v.push_back("flow " + std::to_string(i) + " differs: " + describe(c.results, a[i]) +
                        " then " + describe(again, b[i]));
          }
        }
        const std::vector<Series>& sa = c.results.timeline.series;
        const std::vector<Series>& sb = again.timeline.series;
        for (size_t i = 0; i < sa.size() && i < sb.size(); ++i) {
          if (sa[i].steps != sb[i].steps || sa[i].values != sb[i].values)
            v.push_back("series " + sa[i].name + " differs in a repeated run");
        }
        if (summary_json(c.results, "") != summary_json(again, "")) {
          v.push_back("summary.json differs in a repeated run");
        }
        return v;
      },
      with_capital());
}

// ---------------------------------------------------------------------------
// The money checkers can fail: a good result, tampered with in one way at a
// time, is caught by the checker of that property.

// The first seed with a capped facility that draws, a funded vehicle,
// distributions and an honoured commitment, in daily steps.
Case rich_money_case() {
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    std::string error;
    std::optional<Case> c = run_case(seed, {}, error, with_capital());
    if (!c || c->results.step != "day") continue;
    bool capped = false, distribution = false, equity = false;
    for (const GeneratedFacility& f : c->scenario.facilities) {
      for (const DebtResult& d : c->results.debt) {
        if (d.id == f.id && f.cap && d.drawn.value() > 0.0) capped = true;
      }
    }
    for (const LedgerFlow& f : c->results.flows) {
      if (f.kind == FlowKind::kDistribution) distribution = true;
    }
    for (const EquityResult& q : c->results.equity) {
      if (q.honoured && q.called.value() > 0.0) equity = true;
    }
    if (capped && distribution && equity) return std::move(*c);
  }
  throw std::runtime_error("no seed with a capped draw, a distribution and equity called");
}

TEST(MoneyCheckersCatch, ViolationsOfEachProperty) {
  const Case c = rich_money_case();
  const GeneratedScenario& g = c.scenario;
  const Violations good = check_money(g, c.results);
  ASSERT_TRUE(good.empty()) << "seed " << c.seed << ": " << good.front();
  auto expect_caught = [&](const char* what, Check check,
                           const std::function<void(Results&)>& tamper) {
    Results r = c.results;
    tamper(r);
    EXPECT_FALSE(check(g, r).empty()) << what << " (seed " << c.seed << ") was not caught";
  };
  auto first = [](Results& r, FlowKind kind) -> LedgerFlow& {
    for (LedgerFlow& f : r.flows) {
      if (f.kind == kind) return f;
    }
    throw std::runtime_error(std::string("no flow of kind ") + to_string(kind));
  };
  expect_caught("a distribution paid twice in the ledger", check_money_conserved,
                [&](Results& r) { first(r, FlowKind::kDistribution).amount *= 2.0; });
  expect_caught("cash at the end off by a dollar", check_money_conserved, [&](Results& r) {
    r.entities.back().cash_end = r.entities.back().cash_end + Usd(1.0);
  });
  expect_caught("a negative flow", check_flows_valid,
                [&](Results& r) { r.flows.front().amount = -r.flows.front().amount; });
  expect_caught("a flow of NaN", check_flows_valid,
                [&](Results& r) { r.flows.back().amount = std::nan(""); });
  expect_caught("equity called beyond the commitment", check_equity, [&](Results& r) {
    for (EquityResult& q : r.equity) {
      if (q.called.value() > 0.0) q.amount = q.called * 0.5;
    }
  });
  expect_caught("a commitment not honoured that paid", check_equity, [&](Results& r) {
    for (EquityResult& q : r.equity) {
      if (q.called.value() > 0.0) q.honoured = false;
    }
  });
  expect_caught("a draw beyond the cap", check_debt,
                [&](Results& r) { first(r, FlowKind::kDebtDraw).amount *= 1e3; });
  expect_caught("a draw beyond the size", check_debt, [&](Results& r) {
    for (DebtResult& d : r.debt) d.size = Usd(d.drawn.value() * 0.5);
  });
  expect_caught("a phase paid beyond its capex", check_capex_paid, [&](Results& r) {
    for (PhaseResult& p : r.phases) p.capex = p.spent_before_start + p.spent * 0.5;
  });
}

}  // namespace
}  // namespace stargate::testing

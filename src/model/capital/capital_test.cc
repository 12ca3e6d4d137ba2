// The capital model through whole scenarios (TOML → simulate → Results and
// its flows): first the worked example of MODEL.md §3, all three variants,
// with its dates and amounts (vehicle V builds one 100 MW phase, $1.2B spent
// linearly over 12 months from 1 January; A commits $600M (honoured), B
// $600M); then one small scenario per rule of MODEL.md §3 and docs/model.md
// (Money) about payers, funders, distributions, budgets and taxes, each with
// its expected numbers derived by hand in a comment. The debt rules are in
// debt_test.cc.
#include "model/capital/capital.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/finance.h"
#include "model/capital/rule_scenarios.h"

#include "stargate/scenario.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

using namespace rule_scenarios;  // NOLINT: the building blocks of every rule test

std::string example(bool b_honoured, bool with_debt, const char* step) {
  std::string t = std::string(R"(
[scenario]
name = "MODEL.md §3 worked example"
start = 2025-01-01
end = 2026-12-31
step = ")") + step +
                  R"("

[entities.v]
name = "V"
roles = ["vehicle"]
owners = { a = "50%", b = "50%" }
[entities.a]
name = "A"
roles = ["investor"]
[entities.b]
name = "B"
roles = ["investor"]
[entities.l]
name = "L"
roles = ["lender"]

[sites.s]
pue = 1.0
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "1GW"
online = 2020-01-01
price = "$0/MWh"
carbon_intensity = "0t/MWh"
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2025-01-01
duration = "12mo"
capex = "$1.2B"
payer = "v"
profile = "linear"

[[equity]]
id = "a"
investor = "a"
vehicle = "v"
amount = "$600M"
honoured = "100%"

[[equity]]
id = "b"
investor = "b"
vehicle = "v"
amount = "$600M"
honoured = ")" + std::string(b_honoured ? "100%" : "0%") +
                  "\"\n";
  if (with_debt) {
    t += R"(
[[debt]]
id = "l"
lender = "l"
borrower = "v"
size = "$400M"
rate = "0%"
draw_period = "2y"
tenor = "5y"
max_debt_to_capex = "40%"
)";
  }
  return t;
}

Results run(bool b_honoured, bool with_debt, const char* step) {
  return simulate(Scenario::from_toml(example(b_honoured, with_debt, step), "worked.toml"));
}

// Money moved by kind and party, summed by calendar month ("2025-07").
std::map<std::string, double> by_month(const Results& r, FlowKind kind, const std::string& from,
                                       const std::string& to) {
  std::map<std::string, double> out;
  for (const LedgerFlow& f : r.flows) {
    if (f.kind != kind) continue;
    const std::string src = f.from < 0 ? "external" : r.parties[static_cast<size_t>(f.from)];
    const std::string dst = f.to < 0 ? "external" : r.parties[static_cast<size_t>(f.to)];
    if (src != from || dst != to) continue;
    out[f.date.to_string().substr(0, 7)] += f.amount;
  }
  return out;
}

const PhaseResult& phase_p(const Results& r) { return r.phases.front(); }

TEST(WorkedExample, OneCommitmentNotHonouredPausesAtHalf) {
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run(false, false, step);
    // A is called for the whole $100M a month until its $600M is drawn at the
    // end of June; B provides nothing.
    const auto a = by_month(r, FlowKind::kEquity, "a", "v");
    const std::map<std::string, double> six_months = {{"2025-01", 100 * kM}, {"2025-02", 100 * kM},
                                                      {"2025-03", 100 * kM}, {"2025-04", 100 * kM},
                                                      {"2025-05", 100 * kM}, {"2025-06", 100 * kM}};
    ASSERT_EQ(a.size(), six_months.size());
    for (const auto& [month, amount] : six_months) EXPECT_NEAR(a.at(month), amount, 1e-3) << month;
    EXPECT_TRUE(by_month(r, FlowKind::kEquity, "b", "v").empty());
    // From July nothing can be funded: P pauses at 50% and never completes.
    EXPECT_NEAR(phase_p(r).progress, 0.5, 1e-12);
    EXPECT_FALSE(phase_p(r).built.has_value());
    EXPECT_EQ(phase_p(r).critical_path, CriticalPath::kMoney);
    EXPECT_NEAR(phase_p(r).spent.value(), 600 * kM, 1e-3);
    ASSERT_EQ(r.equity.size(), 2u);
    EXPECT_TRUE(r.equity[0].honoured);
    EXPECT_FALSE(r.equity[1].honoured);
    EXPECT_NEAR(r.equity[1].called.value(), 0.0, 1e-9);
    ASSERT_EQ(r.vehicles.size(), 1u);
    EXPECT_NEAR(r.vehicles[0].equity_called.value(), 600 * kM, 1e-3);
  }
}

TEST(WorkedExample, DebtCappedAtFortyPercentOfCapex) {
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run(false, true, step);
    // July $100M (paid $700M, drawn $100M ≤ $280M) … October (paid $1,000M,
    // drawn $400M = the cap and the facility size).
    const auto draws = by_month(r, FlowKind::kDebtDraw, "l", "v");
    const std::map<std::string, double> expected = {
        {"2025-07", 100 * kM}, {"2025-08", 100 * kM}, {"2025-09", 100 * kM}, {"2025-10", 100 * kM}};
    ASSERT_EQ(draws.size(), expected.size());
    for (const auto& [month, amount] : expected)
      EXPECT_NEAR(draws.at(month), amount, 1e-3) << month;
    // The cap holds after every draw: drawn ≤ 0.4 × capex paid so far.
    double drawn = 0.0, paid = 0.0;
    for (const LedgerFlow& f : r.flows) {
      if (f.kind == FlowKind::kConstruction) paid += f.amount;
      if (f.kind == FlowKind::kDebtDraw) {
        drawn += f.amount;
        // Capex of the same step is paid after its draws in the ledger;
        // compare at the step's end.
      }
    }
    EXPECT_LE(drawn, 0.4 * paid + 1e-3);
    // In November nothing can be funded: P pauses at 1,000 / 1,200.
    EXPECT_NEAR(phase_p(r).progress, 1000.0 / 1200.0, 1e-12);
    EXPECT_FALSE(phase_p(r).built.has_value());
    EXPECT_NEAR(r.debt[0].drawn.value(), 400 * kM, 1e-3);
  }
}

TEST(WorkedExample, BothHonouredFinishesInDecemberWithoutDebt) {
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run(true, true, step);
    // A and B are each called $50M a month, pro rata to equal remainders.
    const auto a = by_month(r, FlowKind::kEquity, "a", "v");
    const auto b = by_month(r, FlowKind::kEquity, "b", "v");
    ASSERT_EQ(a.size(), 12u);
    ASSERT_EQ(b.size(), 12u);
    for (const auto& [month, amount] : a) {
      EXPECT_NEAR(amount, 50 * kM, 1e-3) << month;
      EXPECT_NEAR(b.at(month), 50 * kM, 1e-3) << month;
    }
    // P completes at the end of December on equity alone.
    ASSERT_TRUE(phase_p(r).built.has_value());
    EXPECT_EQ(*phase_p(r).built, Date::from_ymd(2026, 1, 1));
    EXPECT_EQ(phase_p(r).critical_path, CriticalPath::kConstruction);
    EXPECT_TRUE(by_month(r, FlowKind::kDebtDraw, "l", "v").empty());
  }
}

TEST(CapitalRules, DebtCapBindsAndThePhasePausesWhenItDoes) {
  // V builds a $1B phase, linear over 10 months from 1 January ($100M a
  // month); A commits $250M; L lends up to $1B at 0% with max_debt_to_capex
  // 40%. Equity first: January $100M, February $100M, March $50M; then debt,
  // within drawn + x ≤ 0.4 × (paid + x): in March x ≤ (0.4 × $250M) / 0.6, so
  // it pays the other $50M ($300M paid, $50M drawn); April $100M ($400M paid,
  // $150M drawn ≤ $160M); May x ≤ (0.4 × $400M − $150M) / 0.6 = $16.67M, a
  // sixth of the month's $100M; then nothing. In all: paid P with
  // P − $250M = 0.4 P, so P = $416.67M = 5/12 of the capex, and drawn
  // $166.67M = 0.4 P exactly.
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
[entities.a]
name = "A"
roles = ["investor"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site() + R"(
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2025-01-01
duration = "10mo"
capex = "$1B"
payer = "v"
profile = "linear"

[[equity]]
id = "a"
investor = "a"
vehicle = "v"
amount = "$250M"

[[debt]]
id = "l"
lender = "l"
borrower = "v"
size = "$1B"
rate = "0%"
draw_period = "2y"
tenor = "5y"
max_debt_to_capex = "40%"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2025-12-31", step) + body);
    expect_amounts(by_month(r, FlowKind::kEquity, "a", "v"),
                   {{"2025-01", 100 * kM}, {"2025-02", 100 * kM}, {"2025-03", 50 * kM}}, 1e-3);
    expect_amounts(by_month(r, FlowKind::kDebtDraw, "l", "v"),
                   {{"2025-03", 50 * kM}, {"2025-04", 100 * kM}, {"2025-05", 50.0 / 3.0 * kM}},
                   1e-3);
    const PhaseResult& p = phase(r, "p");
    EXPECT_NEAR(p.spent.value(), 1250.0 / 3.0 * kM, 1e-3);
    EXPECT_NEAR(p.progress, 5.0 / 12.0, 1e-12);
    EXPECT_FALSE(p.built.has_value());
    EXPECT_EQ(p.critical_path, CriticalPath::kMoney);
    // Paused for 5/6 of May's 31 days, then June to December (214 days):
    // 239.8 days.
    EXPECT_EQ(p.money_pause_days, 240);
    EXPECT_NEAR(r.debt[0].drawn.value(), 500.0 / 3.0 * kM, 1e-3);
    EXPECT_NEAR(r.debt[0].drawn.value(), 0.4 * vehicle(r, "v").capex_paid.value(), 1e-3);
    // The last construction payment: May's, on 1 May whatever the step, as
    // construction is funded a calendar month at a time.
    Date last;
    for (const LedgerFlow& f : r.flows) {
      if (f.kind == FlowKind::kConstruction) last = std::max(last, f.date);
    }
    EXPECT_EQ(last, Date::from_ymd(2025, 5, 1));
  }
}

TEST(CapitalRules, ALotOfAcceleratorsIsPaidWholeOnTheFirstDayItCanBe) {
  // A $100M lot is due on 1 March 2025; V has A's $60M of equity on call
  // and revenue of $36.5M a year ($0.1M a day, settled monthly). The lot is
  // paid whole or not at all (MODEL.md §3: an unfunded chip payment
  // postpones the delivery), and nothing is raised for it until then: the
  // equity is not called while $60M + revenue falls short. Revenue reaches
  // the missing $40M with February 2026's, settled on 1 March 2026 ($42.4M
  // from 424 days): the lot is paid that day, $42.4M from cash and $57.6M
  // called from A, and delivered.
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
[entities.a]
name = "A"
roles = ["investor"]
)" + site() + chips("chips", "v", 100, "2025-03-01") +
                           R"(
[[equity]]
id = "a"
investor = "a"
vehicle = "v"
amount = "$60M"

[[revenue]]
id = "sales"
entity = "v"
start = 2025-01-01
per_year = "$36.5M"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2026-12-31", step) + body);
    expect_amounts(by_date(r, FlowKind::kChips, "v", "external"), {{"2026-03-01", 100 * kM}}, 1e-6);
    expect_amounts(by_date(r, FlowKind::kEquity, "a", "v"), {{"2026-03-01", 57.6 * kM}}, 1e-6);
    ASSERT_EQ(r.orders.size(), 1u);
    EXPECT_EQ(r.orders[0].delivered.value(), 1000.0);
    EXPECT_EQ(r.orders[0].first_delivery, Date::from_ymd(2026, 3, 1));
    EXPECT_NEAR(r.orders[0].paid.value(), 100 * kM, 1e-6);
  }
}

TEST(CapitalRules, UnpaidOpexIsADefaultAfterWhichNoCapexIsFunded) {
  // V operates site s, whose land lease is $36.5M a year ($0.1M a day),
  // settled monthly; it starts with $5M. 1 February: January's $3.1M is paid
  // ($1.9M left). 1 March: February's $2.8M cannot be paid in full: $1.9M is
  // paid, $0.9M stays owed, and V is in default from 1 March. March's and
  // April's leases add $3.1M and $3.0M of arrears. Revenue of $365M a year
  // starts on 1 May; May's $31M arrives on 1 June and clears the arrears and
  // May's lease ($0.9M + $3.1M + $3.0M + $3.1M = $10.1M). The phase V was to
  // build from 1 June is never funded, though V has cash from then on: in
  // default, it funds no new capex. Cash at the end: $5M + $245M of revenue
  // (245 days) − $36.5M of leases = $213.5M.
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle", "operator"]
cash = "$5M"
)" + site("operator = \"v\"\nland_lease = \"$36.5M\"\n") +
                           R"(
[[sites.s.phases]]
id = "p"
it_mw = "10MW"
start = 2025-06-01
duration = "6mo"
capex = "$10M"
payer = "v"
profile = "linear"

[[revenue]]
id = "sales"
entity = "v"
start = 2025-05-01
per_year = "$365M"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2025-12-31", step) + body);
    const VehicleMoney& v = vehicle(r, "v");
    EXPECT_EQ(v.default_date, Date::from_ymd(2025, 3, 1));
    EXPECT_NEAR(v.arrears.value(), 0.0, 1e-6);
    const auto lease = by_date(r, FlowKind::kLandLease, "v", "external");
    EXPECT_NEAR(lease.at("2025-02-01"), 3.1 * kM, 1e-6);
    EXPECT_NEAR(lease.at("2025-03-01"), 1.9 * kM, 1e-6);
    EXPECT_FALSE(lease.count("2025-04-01") || lease.count("2025-05-01"));
    EXPECT_NEAR(lease.at("2025-06-01"), 10.1 * kM, 1e-6);
    EXPECT_NEAR(total(r, FlowKind::kLandLease, "v", "external"), 36.5 * kM, 1e-6);
    EXPECT_EQ(v.capex_paid.value(), 0.0);
    EXPECT_EQ(phase(r, "p").progress, 0.0);
    EXPECT_EQ(phase(r, "p").critical_path, CriticalPath::kMoney);
    EXPECT_EQ(phase(r, "p").money_pause_days, 214);  // 1 June to 31 December
    EXPECT_NEAR(entity(r, "v").cash_end.value(), 213.5 * kM, 1e-6);
  }
}

// V operates site s, whose land lease is $36.5M a year ($0.1M a day), and
// has no cash: on 1 February January's $3.1M cannot be paid and V is in
// default. A scheduled call of $10M from A arrives on 15 February; with daily
// steps the arrears are paid that day, not held over to the next monthly
// settlement (1 March), and March's settlement pays February's $2.8M; the
// last day settles March's $3.1M.
TEST(CapitalRules, ArrearsArePaidTheDayAScheduledCallBringsTheMoney) {
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle", "operator"]
[entities.a]
name = "A"
roles = ["investor"]
)" + site("operator = \"v\"\nland_lease = \"$36.5M\"\n") +
                           R"(
[[equity]]
id = "a"
investor = "a"
vehicle = "v"
amount = "$10M"
on_call = false
[[equity.calls]]
id = "mid-february"
date = 2025-02-15
amount = "$10M"
)";
  const Results r = run_toml(head("2025-01-01", "2025-03-31", "day") + body);
  EXPECT_EQ(vehicle(r, "v").default_date, Date::from_ymd(2025, 2, 1));
  expect_amounts(by_date(r, FlowKind::kLandLease, "v", "external"),
                 {{"2025-02-15", 3.1 * kM}, {"2025-03-01", 2.8 * kM}, {"2025-03-31", 3.1 * kM}},
                 1e-6);
}

TEST(CapitalRules, FunderCoversTheShortfallUpToItsLimit) {
  // OP builds a $300M phase, linear over 3 months ($100M a month), with
  // Y's $50M of equity; FIN funds OP's shortfall up to $200M, raising it
  // from X's $1B commitment. January: Y's $50M, then FIN $50M (called from
  // X). February: FIN $100M. March: FIN's last $50M, half the month; then
  // nothing: OP's phase stops at $250M of $300M.
  const std::string body = R"(
[entities.op]
name = "OP"
roles = ["vehicle"]
[entities.fin]
name = "FIN"
roles = ["vehicle"]
[entities.x]
name = "X"
roles = ["investor"]
[entities.y]
name = "Y"
roles = ["investor"]
)" + site() + R"(
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2025-01-01
duration = "3mo"
capex = "$300M"
payer = "op"
profile = "linear"

[[equity]]
id = "y"
investor = "y"
vehicle = "op"
amount = "$50M"

[[equity]]
id = "x"
investor = "x"
vehicle = "fin"
amount = "$1B"

[[funding]]
id = "link"
funder = "fin"
funded = "op"
limit = "$200M"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2025-12-31", step) + body);
    expect_amounts(by_month(r, FlowKind::kEquity, "y", "op"), {{"2025-01", 50 * kM}}, 1e-3);
    const std::map<std::string, double> funding = {
        {"2025-01", 50 * kM}, {"2025-02", 100 * kM}, {"2025-03", 50 * kM}};
    expect_amounts(by_month(r, FlowKind::kFunding, "fin", "op"), funding, 1e-3);
    expect_amounts(by_month(r, FlowKind::kEquity, "x", "fin"), funding, 1e-3);
    EXPECT_NEAR(phase(r, "p").spent.value(), 250 * kM, 1e-3);
    EXPECT_NEAR(phase(r, "p").progress, 250.0 / 300.0, 1e-12);
    EXPECT_EQ(phase(r, "p").critical_path, CriticalPath::kMoney);
    EXPECT_NEAR(vehicle(r, "fin").capex_paid.value(), 0.0, 1e-9);  // funding is not its capex
  }
}

TEST(CapitalRules, AFunderPaysItsOwnCostsBeforeItFundsAnother) {
  // FIN operates site s (land lease $36.5M a year, $0.1M a day) and starts
  // with $10M; it funds OP, whose $100M phase starts on 1 February (linear,
  // 10 months: $10M a month). Monthly steps: on 1 February FIN owes
  // January's lease, $3.1M, and OP asks it for $10M. FIN's own costs come
  // first in its waterfall: it pays the $3.1M and funds $6.9M. On 1 March
  // FIN owes $2.8M with no cash: it is in default from then and funds
  // nothing more.
  const std::string body = head("2025-01-01", "2025-12-31", "month") + R"(
[entities.op]
name = "OP"
roles = ["vehicle"]
[entities.fin]
name = "FIN"
roles = ["vehicle", "operator"]
cash = "$10M"
)" + site("operator = \"fin\"\nland_lease = \"$36.5M\"\n") +
                           R"(
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2025-02-01
duration = "10mo"
capex = "$100M"
payer = "op"
profile = "linear"

[[funding]]
id = "link"
funder = "fin"
funded = "op"
)";
  const Results r = run_toml(body);
  EXPECT_NEAR(by_date(r, FlowKind::kLandLease, "fin", "external").at("2025-02-01"), 3.1 * kM, 1e-6);
  expect_amounts(by_date(r, FlowKind::kFunding, "fin", "op"), {{"2025-02-01", 6.9 * kM}}, 1e-6);
  EXPECT_EQ(vehicle(r, "fin").default_date, Date::from_ymd(2025, 3, 1));
  EXPECT_FALSE(vehicle(r, "op").default_date.has_value());
  EXPECT_NEAR(phase(r, "p").spent.value(), 6.9 * kM, 1e-6);
}

TEST(CapitalRules, AFundersDebtPaysNoOpex) {
  // OP operates site s (land lease $36.5M a year, $0.1M a day) and has no
  // money; FIN funds it and has nothing but a $100M facility. Debt pays
  // capex only, a funder's too: on 1 February OP cannot pay January's $3.1M
  // and is in default; FIN draws nothing. At the end OP owes the year's
  // lease, $36.5M.
  const std::string body = R"(
[entities.op]
name = "OP"
roles = ["vehicle", "operator"]
[entities.fin]
name = "FIN"
roles = ["vehicle"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site("operator = \"op\"\nland_lease = \"$36.5M\"\n") +
                           R"(
[[debt]]
id = "loan"
lender = "l"
borrower = "fin"
size = "$100M"
rate = "0%"
draw_period = "2y"
tenor = "5y"

[[funding]]
id = "link"
funder = "fin"
funded = "op"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2025-12-31", step) + body);
    EXPECT_EQ(vehicle(r, "op").default_date, Date::from_ymd(2025, 2, 1));
    EXPECT_NEAR(vehicle(r, "op").arrears.value(), 36.5 * kM, 1e-6);
    EXPECT_EQ(r.debt[0].drawn.value(), 0.0);
    EXPECT_TRUE(by_date(r, FlowKind::kFunding, "fin", "op").empty());
  }
}

TEST(CapitalRules, DistributionsGoToOwnersBySharesOnlyFromSurplusWhenNotDeferringCapex) {
  // V earns $365M a year ($1M a day, settled monthly); owners A 70%, B 30%;
  // reserve $10M; quarterly distributions. 1 January: no cash. 1 April: $90M
  // (January to March); $80M above the reserve: A $56M, B $24M. From 1 June V
  // builds a $1B phase ($100M a month, linear) with nothing but its revenue:
  // it defers capex every month from June, so on 1 July and 1 October
  // nothing is distributed, though revenue arrives on those days. Every
  // dollar goes to the phase; December's $31M settles at the end and stays.
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
owners = { a = "70%", b = "30%" }
reserve = "$10M"
[entities.a]
name = "A"
roles = ["investor"]
[entities.b]
name = "B"
roles = ["investor"]
)" + site() + R"(
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2025-06-01
duration = "10mo"
capex = "$1B"
payer = "v"
profile = "linear"

[[revenue]]
id = "sales"
entity = "v"
start = 2025-01-01
per_year = "$365M"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2025-12-31", step) + body);
    expect_amounts(by_date(r, FlowKind::kDistribution, "v", "a"), {{"2025-04-01", 56 * kM}}, 1e-6);
    expect_amounts(by_date(r, FlowKind::kDistribution, "v", "b"), {{"2025-04-01", 24 * kM}}, 1e-6);
    // Revenue $365M − $80M distributed − December's $31M = $254M of capex.
    EXPECT_NEAR(phase(r, "p").spent.value(), 254 * kM, 1e-6);
    EXPECT_NEAR(entity(r, "v").cash_end.value(), 31 * kM, 1e-6);
  }
}

TEST(CapitalRules, NonVehiclePayersDeferWhatTheirCashOrBudgetCannotPay) {
  // DEV is not a vehicle. With cash of $50M it pays the first month of a
  // $100M phase (linear over 2 months) and no more: the phase stops at
  // half, and its cash ends at zero.
  const std::string phase_toml = R"(
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2025-01-01
duration = "DURATION"
capex = "$100M"
payer = "dev"
profile = "linear"
)";
  auto with = [&](const char* limit, const char* duration) {
    std::string p = phase_toml;
    p.replace(p.find("DURATION"), 8, duration);
    return std::string("\n[entities.dev]\nname = \"DEV\"\nroles = [\"developer\"]\n") + limit +
           "\n" + site() + p;
  };
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r =
        run_toml(head("2025-01-01", "2025-12-31", step) + with("cash = \"$50M\"", "2mo"));
    EXPECT_NEAR(phase(r, "p").spent.value(), 50 * kM, 1e-6);
    EXPECT_NEAR(phase(r, "p").progress, 0.5, 1e-12);
    EXPECT_EQ(phase(r, "p").critical_path, CriticalPath::kMoney);
    EXPECT_NEAR(entity(r, "dev").cash_end.value(), 0.0, 1e-6);
  }
  // With a capex budget of $60M a year (and no cash: its balance sheet pays)
  // a $100M phase over 10 months ($10M a month) is paid January to June
  // 2025, paused July to December (184 days), and finished January to April
  // 2026: built on 1 May 2026. Its cash ends at −$100M.
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r =
        run_toml(head("2025-01-01", "2026-12-31", step) + with("capex_budget = \"$60M\"", "10mo"));
    const PhaseResult& p = phase(r, "p");
    EXPECT_NEAR(p.spent.value(), 100 * kM, 1e-6);
    ASSERT_TRUE(p.built.has_value());
    EXPECT_EQ(*p.built, Date::from_ymd(2026, 5, 1));
    EXPECT_EQ(p.money_pause_days, 184);
    EXPECT_EQ(p.critical_path, CriticalPath::kMoney);
    expect_amounts(by_month(r, FlowKind::kConstruction, "dev", "external"),
                   {{"2025-01", 10 * kM},
                    {"2025-02", 10 * kM},
                    {"2025-03", 10 * kM},
                    {"2025-04", 10 * kM},
                    {"2025-05", 10 * kM},
                    {"2025-06", 10 * kM},
                    {"2026-01", 10 * kM},
                    {"2026-02", 10 * kM},
                    {"2026-03", 10 * kM},
                    {"2026-04", 10 * kM}},
                   1e-3);
    EXPECT_NEAR(entity(r, "dev").cash_end.value(), -100 * kM, 1e-6);
  }
}

TEST(CapitalRules, AnEnforcedProgramBudgetCapsItsVehiclesCapex) {
  // Two program vehicles each build a $100M phase over 2 months ($50M a
  // month) with ample equity; the program's budget is $150M. Enforced, they
  // pay $150M together and the rest is deferred; in monthly steps V1 (the
  // first entity) takes January's $50M and February's $50M, V2 January's $50M
  // only. Not enforced, the budget constrains nothing: $200M.
  const std::string body = R"(
[entities.v1]
name = "V1"
roles = ["vehicle"]
[entities.v2]
name = "V2"
roles = ["vehicle"]
[entities.a]
name = "A"
roles = ["investor"]
)" + site() + R"(
[[sites.s.phases]]
id = "p1"
it_mw = "100MW"
start = 2025-01-01
duration = "2mo"
capex = "$100M"
payer = "v1"
profile = "linear"

[[sites.s.phases]]
id = "p2"
it_mw = "100MW"
start = 2025-01-01
duration = "2mo"
capex = "$100M"
payer = "v2"
profile = "linear"

[[equity]]
id = "a1"
investor = "a"
vehicle = "v1"
amount = "$1B"

[[equity]]
id = "a2"
investor = "a"
vehicle = "v2"
amount = "$1B"
)";
  const std::string program = "\n[program]\nbudget = \"$150M\"\nfirst_tranche = \"$100M\"\n";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r =
        run_toml(head("2025-01-01", "2025-12-31", step) + body + program + "enforce = true\n");
    EXPECT_NEAR(r.program.spent.value(), 150 * kM, 1e-3);
    EXPECT_NEAR(phase(r, "p1").spent.value() + phase(r, "p2").spent.value(), 150 * kM, 1e-3);
    EXPECT_NEAR(phase(r, "p1").progress + phase(r, "p2").progress, 1.5, 1e-9);
    if (std::string(step) == "month") {
      EXPECT_NEAR(phase(r, "p1").spent.value(), 100 * kM, 1e-3);
      EXPECT_NEAR(phase(r, "p2").spent.value(), 50 * kM, 1e-3);
    }
    const Results free = run_toml(head("2025-01-01", "2025-12-31", step) + body + program);
    EXPECT_NEAR(free.program.spent.value(), 200 * kM, 1e-3);
    EXPECT_TRUE(phase(free, "p1").built && phase(free, "p2").built);
  }
}

TEST(CapitalRules, TaxIsTheRateTimesPositiveTaxableIncomeOfEachCalendarYear) {
  // V earns $365M a year ($1M a day) and pays a land lease of $36.5M a year;
  // its $73M phase (paid by A's equity in January) is online on 1 February
  // 2025 and depreciates straight-line over 10 years (3,652 days to 1
  // February 2035). tax_rate 20%.
  //   2025: 20% × ($365M − $36.5M − $73M × 334/3652) on 1 January 2026;
  //   2026: 20% × ($365M − $36.5M − $73M × 365/3652) at the end, 31 December
  //   2026 (the depreciation of the year's every day, the last included).
  // If revenue stops at the end of 2025, 2026's taxable income is negative:
  // no tax, and no carry-forward.
  const double dep_2025 = 73 * kM * 334.0 / 3652.0, dep_2026 = 73 * kM * 365.0 / 3652.0;
  const double tax_2025 = 0.2 * (365 * kM - 36.5 * kM - dep_2025);
  const double tax_2026 = 0.2 * (365 * kM - 36.5 * kM - dep_2026);
  auto body = [](const char* revenue_end) {
    return R"(
[entities.v]
name = "V"
roles = ["vehicle", "operator"]
tax_rate = "20%"
[entities.a]
name = "A"
roles = ["investor"]
)" + site("operator = \"v\"\nland_lease = \"$36.5M\"\nbuilding_life = \"10y\"\n") +
           R"(
[[sites.s.phases]]
id = "p"
it_mw = "10MW"
start = 2025-01-01
duration = "1mo"
capex = "$73M"
payer = "v"

[[equity]]
id = "a"
investor = "a"
vehicle = "v"
amount = "$73M"

[[revenue]]
id = "sales"
entity = "v"
start = 2025-01-01
)" + std::string(revenue_end) +
           "per_year = \"$365M\"\n";
  };
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2026-12-31", step) + body(""));
    ASSERT_EQ(phase(r, "p").online, Date::from_ymd(2025, 2, 1));
    expect_amounts(by_date(r, FlowKind::kTax, "v", "external"),
                   {{"2026-01-01", tax_2025}, {"2026-12-31", tax_2026}}, 1e-6);
    const Results loss =
        run_toml(head("2025-01-01", "2026-12-31", step) + body("end = 2025-12-31\n"));
    expect_amounts(by_date(loss, FlowKind::kTax, "v", "external"), {{"2026-01-01", tax_2025}},
                   1e-6);
  }
}

}  // namespace
}  // namespace stargate

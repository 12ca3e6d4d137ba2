// The capital model through whole scenarios (TOML → simulate → Results and
// its flows): first the worked example of MODEL.md §3, all three variants,
// with its dates and amounts (vehicle V builds one 100 MW phase, $1.2B spent
// linearly over 12 months from 1 January; A commits $600M (honoured), B
// $600M); then one small scenario per rule of MODEL.md §3 and docs/model.md
// (Money), each with its expected numbers derived by hand in a comment.
#include "model/capital/capital.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/finance.h"

#include "stargate/scenario.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

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

constexpr double kM = 1e6;

TEST(WorkedExample, OneCommitmentNotHonouredPausesAtHalf) {
  for (const char* step : {"month", "day"}) {
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
  for (const char* step : {"month", "day"}) {
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
  for (const char* step : {"month", "day"}) {
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

// ---------------------------------------------------------------------------
// One rule at a time. Every scenario below has one site, `s`, with a gigawatt
// of free, carbon-free grid power since 2020, so power never binds and energy
// costs nothing: only money sets the dates and the cash.

std::string site(const std::string& extra = "") {
  return R"(
[sites.s]
pue = 1.0
)" + extra +
         R"(
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "1GW"
online = 2020-01-01
price = "$0/MWh"
carbon_intensity = "0t/MWh"
)";
}

std::string head(const char* start, const char* end, const char* step) {
  return std::string("[scenario]\nname = \"capital rule\"\nstart = ") + start + "\nend = " + end +
         "\nstep = \"" + step + "\"\n";
}

// A lot of accelerators bought by `buyer` for `usd_m` million dollars on `date`
// (count × $100k): a capex item paid in one step, on a known date.
std::string chips(const char* id, const char* buyer, int usd_m, const char* date) {
  return std::string("\n[[orders]]\nid = \"") + id + "\"\nbuyer = \"" + buyer +
         "\"\naccelerator = \"h100\"\nsite = \"s\"\ncount = " + std::to_string(usd_m * 10) +
         "\nunit_price = \"$100k\"\n[[orders.deliveries]]\nid = \"lot\"\ndate = " + date +
         "\ncount = " + std::to_string(usd_m * 10) + "\n";
}

Results run_toml(const std::string& toml) {
  return simulate(Scenario::from_toml(toml, "rule.toml"));
}

std::string party(const Results& r, std::int32_t i) {
  return i < 0 ? "external" : r.parties[static_cast<size_t>(i)];
}

// Money moved by kind and party, summed by date ("2025-07-01").
std::map<std::string, double> by_date(const Results& r, FlowKind kind, const std::string& from,
                                      const std::string& to) {
  std::map<std::string, double> out;
  for (const LedgerFlow& f : r.flows) {
    if (f.kind == kind && party(r, f.from) == from && party(r, f.to) == to)
      out[f.date.to_string()] += f.amount;
  }
  return out;
}

double total(const Results& r, FlowKind kind, const std::string& from, const std::string& to) {
  double sum = 0.0;
  for (const auto& [date, amount] : by_date(r, kind, from, to)) sum += amount;
  return sum;
}

const VehicleMoney& vehicle(const Results& r, const std::string& id) {
  for (const VehicleMoney& v : r.vehicles) {
    if (v.id == id) return v;
  }
  throw std::runtime_error("no vehicle " + id);
}

const EntityMoney& entity(const Results& r, const std::string& id) {
  for (const EntityMoney& e : r.entities) {
    if (e.id == id) return e;
  }
  throw std::runtime_error("no entity " + id);
}

const PhaseResult& phase(const Results& r, const std::string& id) {
  for (const PhaseResult& p : r.phases) {
    if (p.id == id) return p;
  }
  throw std::runtime_error("no phase " + id);
}

// The value of a timeline series at its last step.
double last_value(const Results& r, const std::string& series) {
  const Series* s = r.timeline.find(series);
  if (!s) throw std::runtime_error("no series " + series);
  return s->at(r.timeline.steps() - 1);
}

void expect_amounts(const std::map<std::string, double>& got,
                    const std::map<std::string, double>& want, double tolerance) {
  EXPECT_EQ(got.size(), want.size());
  for (const auto& [key, amount] : want) {
    const auto it = got.find(key);
    if (it == got.end()) {
      ADD_FAILURE() << "nothing on " << key << ", expected " << amount;
      continue;
    }
    EXPECT_NEAR(it->second, amount, tolerance) << key;
  }
  for (const auto& [key, amount] : got) {
    if (!want.count(key)) ADD_FAILURE() << "unexpected " << amount << " on " << key;
  }
}

// The steps every rule is checked with: a month and a day.
constexpr const char* kSteps[] = {"month", "day"};

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

TEST(CapitalRules, InterestIsCapitalisedDuringTheDrawPeriod) {
  // V pays $100M of accelerators on 1 January 2025 with a draw on a $200M
  // facility at 12%, interest quarterly, capitalised (the default) during its
  // 2-year draw period. Interest accrues actual/365 on the balance and is
  // added to it on each payment date (1 April, 1 July, 1 October, 1 January;
  // the last settlement is at the end of the horizon, 31 December 2026, for
  // the days to 1 January 2027). The quarters have 90, 91, 92, 92 days in
  // 2025 and again in 2026, so the balance is $100M × Π (1 + 0.12 × d / 365).
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site() + chips("chips", "v", 100, "2025-01-01") +
                           R"(
[[debt]]
id = "loan"
lender = "l"
borrower = "v"
size = "$200M"
rate = "12%"
draw_period = "2y"
tenor = "5y"
)";
  const int days[] = {90, 91, 92, 92, 90, 91, 92, 92};
  const char* dates[] = {"2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01",
                         "2026-04-01", "2026-07-01", "2026-10-01", "2026-12-31"};
  std::map<std::string, double> interest;
  double balance = 100 * kM;
  for (int q = 0; q < 8; ++q) {
    interest[dates[q]] = balance * 0.12 * days[q] / 365.0;
    balance += interest[dates[q]];
  }
  // Close to (1 + 12%/4)^8, the quarters being nearly a quarter of a year.
  EXPECT_NEAR(balance, 100 * kM * std::pow(1.03, 8), 100.0);
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2026-12-31", step) + body);
    // Each capitalisation is a draw and an interest payment of the same amount.
    expect_amounts(by_date(r, FlowKind::kInterest, "v", "l"), interest, 1e-6);
    std::map<std::string, double> draws = interest;
    draws["2025-01-01"] = 100 * kM;
    expect_amounts(by_date(r, FlowKind::kDebtDraw, "l", "v"), draws, 1e-6);
    ASSERT_EQ(r.debt.size(), 1u);
    EXPECT_NEAR(r.debt[0].drawn.value(), balance, 1e-6);
    EXPECT_NEAR(r.debt[0].interest.value(), balance - 100 * kM, 1e-6);
    EXPECT_NEAR(r.debt[0].balance_end.value(), balance, 1e-6);
    EXPECT_EQ(r.debt[0].repaid.value(), 0.0);
    // It cancels in cash; the timeline's last step includes the last
    // settlement, like the summary.
    EXPECT_EQ(entity(r, "v").cash_end.value(), 0.0);
    EXPECT_NEAR(last_value(r, "v_debt_balance_usd"), balance, 1e-6);
    EXPECT_EQ(last_value(r, "v_cash_usd"), 0.0);
    EXPECT_FALSE(vehicle(r, "v").default_date.has_value());
  }
}

TEST(CapitalRules, CovenantBreachSweepsSurplusCashToTheLenders) {
  // V buys $70M of accelerators on 1 January 2025 with a $70M loan at 0%:
  // draw period 3 months (to 1 April), tenor 2 years (maturity 1 January
  // 2027), level (annuity) repayment each quarter from the end of the draw
  // period to maturity: 7 payments of $10M (1 July 2025 … 1 January 2027),
  // min_dscr 2.0. Revenue $73M a year = $0.2M a day, settled monthly.
  // Owners: A 60%, B 40%; reserve 0; quarterly distributions.
  //  - 1 April 2025: Q1 revenue $18M (90 days); no principal yet (the end of
  //    the draw period), no breach: distributed, A $10.8M, B $7.2M.
  //  - 1 July: CFADS since the last payment date $18.2M (91 days) ÷ $10M =
  //    1.82 < 2: breach. $10M principal is paid; the surplus $8.2M sweeps to
  //    the lender (balance $51.8M); nothing to the owners.
  //  - 1 October: $18.4M (92 days), DSCR 1.84: $10M + sweep $8.4M ($33.4M).
  //  - 1 January 2026: $18.4M, DSCR 1.84: $10M + $8.4M ($15M).
  //  - 1 April 2026: $18M, DSCR 1.80 (the lowest): $10M, then the sweep
  //    repays the last $5M and the $3M left goes to the owners (A $1.8M, B
  //    $1.2M): once the debt is repaid there is nothing to sweep to.
  //  - 1 July and 1 October 2026: no debt; all cash to the owners: $18.2M,
  //    $18.4M. Q4's $18.4M settles at the end and stays in cash.
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
owners = { a = "60%", b = "40%" }
[entities.a]
name = "A"
roles = ["investor"]
[entities.b]
name = "B"
roles = ["investor"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site() + chips("chips", "v", 70, "2025-01-01") +
                           R"(
[[debt]]
id = "loan"
lender = "l"
borrower = "v"
size = "$70M"
rate = "0%"
draw_period = "3mo"
tenor = "2y"
min_dscr = 2.0

[[revenue]]
id = "sales"
entity = "v"
start = 2025-01-01
per_year = "$73M"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2026-12-31", step) + body);
    const VehicleMoney& v = vehicle(r, "v");
    ASSERT_TRUE(v.first_breach.has_value());
    EXPECT_EQ(*v.first_breach, Date::from_ymd(2025, 7, 1));
    ASSERT_TRUE(v.min_dscr.has_value());
    EXPECT_NEAR(*v.min_dscr, 1.8, 1e-12);
    EXPECT_EQ(v.min_dscr_date, Date::from_ymd(2026, 4, 1));
    EXPECT_FALSE(v.default_date.has_value());
    // Scheduled principal and sweep together, by date.
    expect_amounts(by_date(r, FlowKind::kPrincipal, "v", "l"),
                   {{"2025-07-01", 18.2 * kM},
                    {"2025-10-01", 18.4 * kM},
                    {"2026-01-01", 18.4 * kM},
                    {"2026-04-01", 15.0 * kM}},
                   1e-3);
    expect_amounts(by_date(r, FlowKind::kDistribution, "v", "a"),
                   {{"2025-04-01", 10.8 * kM},
                    {"2026-04-01", 1.8 * kM},
                    {"2026-07-01", 10.92 * kM},
                    {"2026-10-01", 11.04 * kM}},
                   1e-3);
    expect_amounts(by_date(r, FlowKind::kDistribution, "v", "b"),
                   {{"2025-04-01", 7.2 * kM},
                    {"2026-04-01", 1.2 * kM},
                    {"2026-07-01", 7.28 * kM},
                    {"2026-10-01", 7.36 * kM}},
                   1e-3);
    EXPECT_NEAR(r.debt[0].repaid.value(), 70 * kM, 1e-3);
    EXPECT_NEAR(r.debt[0].balance_end.value(), 0.0, 1e-3);
    EXPECT_NEAR(entity(r, "v").cash_end.value(), 18.4 * kM, 1e-3);
  }
}

TEST(CapitalRules, TheCovenantTestsAllOfABorrowersDebtServiceAgainstItsCashFlow) {
  // As above, but the $70M is two $35M facilities of one borrower (drawn
  // pro rata to their room, $35M each), both repaid $5M a quarter, both with
  // min_dscr 1.5. Each test date compares the quarter's cash flow with the
  // debt service due on it, $10M: 1.82, 1.84, 1.84, 1.80 (1 April 2026),
  // 1.82, 1.84. Never below 1.5: no breach; the lowest is 1.80.
  std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site() + chips("chips", "v", 70, "2025-01-01") +
                     R"(
[[revenue]]
id = "sales"
entity = "v"
start = 2025-01-01
per_year = "$73M"
)";
  for (const char* id : {"one", "two"}) {
    body += std::string("\n[[debt]]\nid = \"") + id +
            "\"\nlender = \"l\"\nborrower = \"v\"\nsize = \"$35M\"\nrate = \"0%\"\n"
            "draw_period = \"3mo\"\ntenor = \"2y\"\nmin_dscr = 1.5\n";
  }
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2026-12-31", step) + body);
    const VehicleMoney& v = vehicle(r, "v");
    EXPECT_FALSE(v.first_breach.has_value()) << v.first_breach->to_string();
    ASSERT_TRUE(v.min_dscr.has_value());
    EXPECT_NEAR(*v.min_dscr, 1.8, 1e-12);
    EXPECT_EQ(v.min_dscr_date, Date::from_ymd(2026, 4, 1));
    ASSERT_EQ(r.debt.size(), 2u);
    for (const DebtResult& d : r.debt) {
      EXPECT_NEAR(d.drawn.value(), 35 * kM, 1e-3) << d.id;
      EXPECT_NEAR(d.repaid.value(), 30 * kM, 1e-3) << d.id;  // six of seven payments
    }
  }
}

TEST(CapitalRules, AnnuityAndBulletRepayAsTheSpreadsheetFunctions) {
  // V pays $100M of accelerators on 1 January 2025 with a draw on a $150M
  // facility at 8%, quarterly, draw period 3 months: the Q1 interest, $100M ×
  // 8% × 90/365, is capitalised on 1 April, the last day of the draw period,
  // so repayment starts from B0 = $101.97M. From there to maturity (tenor 2
  // years: 1 January 2027) there are 7 quarterly payment dates, 1 July 2025
  // … 1 January 2027, each at the period rate 8%/4 = 2%. Principal:
  // annuity as amortise_level(B0, 2%, 7) (PMT/PPMT, checked against
  // LibreOffice); bullet as amortise_bullet(B0, 2%, 7), all at maturity.
  // Revenue of $1B a year pays every instalment; interest in cash is actual/
  // 365 on the balance (first: B0 × 8% × 91/365 on 1 July 2025).
  const double b0 = 100 * kM * (1.0 + 0.08 * 90.0 / 365.0);
  const char* dates[] = {"2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01",
                         "2026-07-01", "2026-10-01", "2027-01-01"};
  for (const char* repayment : {"annuity", "bullet"}) {
    const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site() + chips("chips", "v", 100, "2025-01-01") +
                             R"(
[[revenue]]
id = "sales"
entity = "v"
start = 2025-01-01
per_year = "$1B"

[[debt]]
id = "loan"
lender = "l"
borrower = "v"
size = "$150M"
rate = "8%"
draw_period = "3mo"
tenor = "2y"
repayment = ")" + std::string(repayment) +
                             "\"\n";
    const std::vector<Instalment> schedule = std::string(repayment) == "annuity"
                                                 ? amortise_level(b0, 0.02, 7)
                                                 : amortise_bullet(b0, 0.02, 7);
    std::map<std::string, double> principal;
    for (size_t i = 0; i < schedule.size(); ++i) {
      if (schedule[i].principal > 0.0) principal[dates[i]] = schedule[i].principal;
    }
    for (const char* step : kSteps) {
      SCOPED_TRACE(std::string(repayment) + ", " + step);
      const Results r = run_toml(head("2025-01-01", "2027-03-31", step) + body);
      expect_amounts(by_date(r, FlowKind::kPrincipal, "v", "l"), principal, 1e-4);
      EXPECT_NEAR(by_date(r, FlowKind::kInterest, "v", "l").at("2025-07-01"),
                  b0 * 0.08 * 91.0 / 365.0, 1e-6);
      EXPECT_NEAR(r.debt[0].drawn.value(), b0, 1e-6);
      EXPECT_NEAR(r.debt[0].repaid.value(), b0, 1e-4);
      EXPECT_NEAR(r.debt[0].balance_end.value(), 0.0, 1e-4);
      EXPECT_FALSE(vehicle(r, "v").default_date.has_value());
    }
  }
}

TEST(CapitalRules, SculptedRepaymentFollowsRealisedCashFlowWithTheRestAtMaturity) {
  // As above, sculpted to target_dscr 1.25 on revenue of $36.5M a year
  // ($0.1M a day). At each payment date the cash flow since the last one is
  // $0.1M × the days between them, so debt service is that ÷ 1.25: interest
  // on the balance for those days (actual/365), the rest principal. 1 July
  // 2025: $9.1M (91 days) ÷ 1.25 = $7.28M less B0 × 8% × 91/365; 1 October:
  // $9.2M ÷ 1.25 = $7.36M less the new balance's interest for 92 days; and
  // so on to 1 October 2026. At maturity (1 January 2027) the rest of the
  // balance falls due, paid from a one-off $310M of December 2026 revenue.
  const double b0 = 100 * kM * (1.0 + 0.08 * 90.0 / 365.0);
  const char* dates[] = {"2025-07-01", "2025-10-01", "2026-01-01",
                         "2026-04-01", "2026-07-01", "2026-10-01"};
  const int days[] = {91, 92, 92, 90, 91, 92};
  std::map<std::string, double> principal;
  double balance = b0;
  for (int q = 0; q < 6; ++q) {
    principal[dates[q]] = 0.1 * kM * days[q] / 1.25 - balance * 0.08 * days[q] / 365.0;
    balance -= principal[dates[q]];
  }
  principal["2027-01-01"] = balance;  // the rest, about $68.8M
  EXPECT_NEAR(balance, 68.76 * kM, 0.01 * kM);
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site() + chips("chips", "v", 100, "2025-01-01") +
                           R"(
[[revenue]]
id = "sales"
entity = "v"
start = 2025-01-01
per_year = "$36.5M"

[[revenue]]
id = "one-off"
entity = "v"
start = 2026-12-01
end = 2026-12-31
per_year = "$3.65B"

[[debt]]
id = "loan"
lender = "l"
borrower = "v"
size = "$150M"
rate = "8%"
draw_period = "3mo"
tenor = "2y"
repayment = "sculpted"
target_dscr = 1.25
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2027-03-31", step) + body);
    expect_amounts(by_date(r, FlowKind::kPrincipal, "v", "l"), principal, 1e-4);
    EXPECT_NEAR(r.debt[0].balance_end.value(), 0.0, 1e-4);
    EXPECT_FALSE(vehicle(r, "v").default_date.has_value());
  }
}

TEST(CapitalRules, PrincipalInArrearsIsOwedOnce) {
  // V buys $70M of accelerators on 1 January 2025 with a $70M loan at 0%,
  // repaid $10M a quarter from 1 July 2025 to maturity on 1 January 2027
  // (7 payments). V has no money at all: it defaults on 1 July 2025, and
  // each unpaid instalment stays owed. At maturity only what is not owed
  // already falls due, so at the end V owes the $70M it drew, no more.
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site() + chips("chips", "v", 70, "2025-01-01") +
                           R"(
[[debt]]
id = "loan"
lender = "l"
borrower = "v"
size = "$70M"
rate = "0%"
draw_period = "3mo"
tenor = "2y"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2027-03-31", step) + body);
    const VehicleMoney& v = vehicle(r, "v");
    EXPECT_EQ(v.default_date, Date::from_ymd(2025, 7, 1));
    EXPECT_NEAR(v.arrears.value(), 70 * kM, 1e-6);
    EXPECT_NEAR(r.debt[0].balance_end.value(), 70 * kM, 1e-6);
    EXPECT_EQ(r.debt[0].repaid.value(), 0.0);
  }
}

TEST(CapitalRules, DebtCapAlsoBoundsCapitalisedInterest) {
  // V pays $100M of accelerators on 1 January 2025: A's $60M of equity, then
  // a draw of $40M = 40% of $100M, the cap of a $200M facility at 10%. The
  // capex does not grow, so no interest can be capitalised within the cap
  // (0.4 × $100M − $40M = 0): it is paid in cash from revenue ($36.5M a
  // year) on each payment date, and debt drawn stays $40M. Interest over
  // the year: $40M × 10% = $4M.
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
)" + site() + chips("chips", "v", 100, "2025-01-01") +
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

[[debt]]
id = "loan"
lender = "l"
borrower = "v"
size = "$200M"
rate = "10%"
draw_period = "2y"
tenor = "5y"
max_debt_to_capex = "40%"
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2025-12-31", step) + body);
    expect_amounts(by_date(r, FlowKind::kDebtDraw, "l", "v"), {{"2025-01-01", 40 * kM}}, 1e-6);
    expect_amounts(by_date(r, FlowKind::kInterest, "v", "l"),
                   {{"2025-04-01", 40 * kM * 0.1 * 90 / 365},
                    {"2025-07-01", 40 * kM * 0.1 * 91 / 365},
                    {"2025-10-01", 40 * kM * 0.1 * 92 / 365},
                    {"2025-12-31", 40 * kM * 0.1 * 92 / 365}},
                   1e-6);
    EXPECT_NEAR(r.debt[0].drawn.value(), 40 * kM, 1e-6);
    EXPECT_NEAR(r.debt[0].interest.value(), 4 * kM, 1e-6);
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

TEST(CapitalRules, UnpaidDebtServiceIsADefaultWithArrears) {
  // V pays $100M of accelerators on 1 January 2025 with a draw on a $200M
  // facility at 10% whose interest is paid in cash (capitalise_interest =
  // false). V has no cash, equity or revenue: the first interest, $100M ×
  // 10% × 90/365 on 1 April, is not paid, and V is in default from that
  // date. A second lot of $10M due on 1 June would fit the facility, but a
  // payer in default funds no new capex: it is never delivered. At the end
  // the whole year's interest is owed: $100M × 10% × 365/365 = $10M.
  const std::string body = R"(
[entities.v]
name = "V"
roles = ["vehicle"]
[entities.l]
name = "L"
roles = ["lender"]
)" + site() + chips("chips", "v", 100, "2025-01-01") +
                           chips("more", "v", 10, "2025-06-01") + R"(
[[debt]]
id = "loan"
lender = "l"
borrower = "v"
size = "$200M"
rate = "10%"
draw_period = "2y"
tenor = "5y"
capitalise_interest = false
)";
  for (const char* step : kSteps) {
    SCOPED_TRACE(step);
    const Results r = run_toml(head("2025-01-01", "2025-12-31", step) + body);
    const VehicleMoney& v = vehicle(r, "v");
    EXPECT_EQ(v.default_date, Date::from_ymd(2025, 4, 1));
    EXPECT_NEAR(v.arrears.value(), 10 * kM, 1e-6);
    EXPECT_NEAR(r.debt[0].interest.value(), 10 * kM, 1e-6);
    EXPECT_TRUE(by_date(r, FlowKind::kInterest, "v", "l").empty());
    expect_amounts(by_date(r, FlowKind::kDebtDraw, "l", "v"), {{"2025-01-01", 100 * kM}}, 1e-6);
    ASSERT_EQ(r.orders.size(), 2u);
    EXPECT_EQ(r.orders[0].delivered.value(), 1000.0);
    EXPECT_EQ(r.orders[1].delivered.value(), 0.0);
    EXPECT_NEAR(v.capex_paid.value(), 100 * kM, 1e-6);
  }
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

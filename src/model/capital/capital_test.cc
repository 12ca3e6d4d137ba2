// The worked example of MODEL.md §3, all three variants, with its dates and
// amounts: vehicle V builds one 100 MW phase, $1.2B spent linearly over 12
// months from 1 January; A commits $600M (honoured), B $600M.
#include "model/capital/capital.h"

#include <gtest/gtest.h>

#include <map>

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

}  // namespace
}  // namespace stargate

// The debt rules of MODEL.md §3 and docs/model.md (Money) through whole
// scenarios: capitalised interest, covenants and the cash sweep, annuity,
// bullet and sculpted repayment, arrears of principal, the cap on debt, and
// default on unpaid debt service; each with its expected numbers derived by
// hand in a comment.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/finance.h"
#include "model/capital/rule_scenarios.h"

namespace stargate {
namespace {

using namespace rule_scenarios;  // NOLINT: the building blocks of every test here

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

}  // namespace
}  // namespace stargate

// The program's outcomes through whole scenarios, each number derived by hand
// in a comment: the levelised cost of compute, the sites it counts (`[program]
// sites`), jobs, and capex sunk before the start in the returns.
#include "sim/outcomes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "stargate/scenario.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

constexpr double kM = 1e6;

// One year, day steps; accelerator `x`: 1 PFLOP/s BF16, 1 kW, never out,
// retires after 4 years (1,461 days from 2025-01-01).
std::string head(const std::string& program) {
  return R"([scenario]
name = "outcomes"
start = 2025-01-01
end = 2025-12-31

[entities.b]
name = "Buyer"
roles = ["owner", "operator"]

[accelerators.x]
bf16 = "1PFLOP/s"
all_in_w = "1kW"
unit_price = "$40k"
useful_life = "4y"
mtbf = "50000h"
repair_time = "0d"  # never out: available every hour

[program]
)" + program +
         "\n";
}

// Site `id` with free, carbon-free power and one phase built before the
// start at no cost, so accelerators are installed the day they arrive; and
// `count` accelerators of `x` bought for it by b on 2025-01-01.
std::string site(const std::string& id, int count, const std::string& price) {
  return "\n[sites." + id + R"(]
pue = 1.0
[[sites.)" +
         id + R"(.power]]
id = "grid"
kind = "grid"
mw = "1GW"
online = 2020-01-01
price = "$0/MWh"
carbon_intensity = "0t/MWh"
[[sites.)" +
         id + R"(.phases]]
id = "hall"
it_mw = "10MW"
start = 2020-01-01
duration = "1y"
capex = 0
payer = "b"

[[orders]]
id = ")" +
         id + R"(-x"
buyer = "b"
accelerator = "x"
site = ")" +
         id + R"("
count = )" +
         std::to_string(count) + R"(
unit_price = ")" +
         price + R"("
[[orders.deliveries]]
id = "all"
date = 2025-01-01
count = )" +
         std::to_string(count) + "\n";
}

Results run(const std::string& toml) { return simulate(Scenario::from_toml(toml, "t.toml")); }

const EntityMoney& entity(const Results& r, const std::string& id) {
  for (const EntityMoney& e : r.entities) {
    if (e.id == id) return e;
  }
  throw std::runtime_error("no entity " + id);
}

// 1,000 accelerators for $40M, installed on the first day, worth 1,096/1,461
// of their cost at the end (2026-01-01, 365 of 1,461 days used). No energy
// cost, no O&M: the cost is the depreciation. Undiscounted,
//   $40M × 365/1,461 ÷ (1,000 × 24 h × 365 d) = $40M ÷ 1,461 ÷ 24,000
//   = $1.14077 per accelerator-hour, and × 24 / 1 PFLOP = $27.378 per
// PFLOP-day.
TEST(LevelisedCost, IsTheDepreciationOverTheHoursWhenNothingElseCosts) {
  const Results r = run(head("discount_rate = 0") + site("s", 1000, "$40k"));
  ASSERT_TRUE(r.program.usd_per_accelerator_hour.has_value());
  EXPECT_NEAR(*r.program.usd_per_accelerator_hour, 40 * kM / 1461.0 / 24000.0, 1e-9);
  EXPECT_NEAR(*r.program.usd_per_pflop_day, 40 * kM / 1461.0 / 1000.0, 1e-7);
  EXPECT_EQ(r.program.sites, std::vector<std::string>{"s"});
}

// At 10% a year: the $40M is paid on the start date (factor 1); the book
// value $40M × 1,096/1,461 is discounted by 1.1^(−365/365) = 1/1.1; the
// hours are Σ_{t<365} q^t = (1 − q^365)/(1 − q) days at q = 1.1^(−1/365).
TEST(LevelisedCost, DiscountsCostsResidualAndHours) {
  const Results r = run(head("discount_rate = 0.1") + site("s", 1000, "$40k"));
  const double q = std::pow(1.1, -1.0 / 365.0);
  const double days = (1.0 - std::pow(q, 365.0)) / (1.0 - q);
  const double cost = 40 * kM - 40 * kM * 1096.0 / 1461.0 / 1.1;
  ASSERT_TRUE(r.program.usd_per_accelerator_hour.has_value());
  EXPECT_NEAR(*r.program.usd_per_accelerator_hour, cost / (1000.0 * 24.0 * days), 1e-9);
}

// A second site, t, with 1,000 accelerators at twice the price. Counted, it
// raises the cost to ($40M + $80M) × 365/1,461 over 2,000 × 8,760 hours =
// $1.71116/h; left out of `[program] sites`, neither its cost nor its hours
// count and the cost is site s's alone.
TEST(LevelisedCost, CountsOnlyTheProgramsSites) {
  const std::string sites = site("s", 1000, "$40k") + site("t", 1000, "$80k");
  const Results all = run(head("discount_rate = 0") + sites);
  EXPECT_NEAR(*all.program.usd_per_accelerator_hour, 120 * kM / 1461.0 / 48000.0, 1e-9);
  EXPECT_EQ(all.program.sites, (std::vector<std::string>{"s", "t"}));
  const Results only_s = run(head("discount_rate = 0\nsites = [\"s\"]") + sites);
  EXPECT_NEAR(*only_s.program.usd_per_accelerator_hour, 40 * kM / 1461.0 / 24000.0, 1e-9);
  EXPECT_EQ(only_s.program.sites, std::vector<std::string>{"s"});
}

// Two sites build in the horizon: s $100M for 10 MW, t $300M for 30 MW, both
// online within the year. At 2 job-years per $1M and 0.5 jobs per MW: all
// sites give 800 job-years and 20 jobs; site s alone 200 and 5.
TEST(Jobs, CountConstructionSpendAndOnlineMegawattsOfTheProgramsSites) {
  auto building = [](const std::string& id, const char* mw, const char* capex) {
    return "\n[sites." + id + R"(]
pue = 1.0
[[sites.)" +
           id + R"(.power]]
id = "grid"
kind = "grid"
mw = "1GW"
online = 2020-01-01
price = "$0/MWh"
carbon_intensity = "0t/MWh"
[[sites.)" +
           id + R"(.phases]]
id = "hall"
it_mw = ")" +
           mw + R"("
start = 2025-01-01
duration = "100d"
capex = ")" +
           capex + R"("
payer = "b"
)";
  };
  const std::string rest = building("s", "10MW", "$100M") + building("t", "30MW", "$300M") +
                           "\n[jobs]\nconstruction_per_musd = 2\npermanent_per_mw = 0.5\n";
  const Results all = run(head("") + rest);
  EXPECT_NEAR(*all.program.construction_job_years, 800.0, 1e-6);
  EXPECT_NEAR(*all.program.permanent_jobs_end, 20.0, 1e-9);
  const Results only_s = run(head("sites = [\"s\"]") + rest);
  EXPECT_NEAR(*only_s.program.construction_job_years, 200.0, 1e-6);
  EXPECT_NEAR(*only_s.program.permanent_jobs_end, 5.0, 1e-9);
}

// Vehicle v (owned 60% by a, 40% by c) built a $730M phase in 2023, online
// 2024-01-01: all of it is sunk before the start. Its book value at the end
// (2026-01-01, 731 of 7,305 days into a 20-year life) is $730M × 6,574/7,305.
// Counted on the start date, the sunk capex makes each return negative:
// undiscounted, v's NPV is book − $730M, and a's and c's are their shares.
TEST(Returns, CountCapexSunkBeforeTheStartOnTheStartDate) {
  const Results r = run(R"([scenario]
name = "sunk"
start = 2025-01-01
end = 2025-12-31

[entities.v]
name = "V"
roles = ["vehicle"]
owners = { a = "60%", c = "40%" }
[entities.a]
name = "A"
roles = ["investor"]
[entities.c]
name = "C"
roles = ["investor"]

[program]
discount_rate = 0

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
id = "old"
it_mw = "10MW"
start = 2023-01-01
duration = "1y"
capex = "$730M"
payer = "v"
)");
  const double book = 730 * kM * 6574.0 / 7305.0;
  const EntityMoney& v = entity(r, "v");
  EXPECT_NEAR(v.sunk.value(), 730 * kM, 1e-3);
  EXPECT_NEAR(v.paid_in.value(), 0.0, 1e-9);  // nothing moved within the horizon
  EXPECT_NEAR(v.terminal_value.value(), book, 1e-3);
  EXPECT_NEAR(v.npv.value(), book - 730 * kM, 1e-3);
  ASSERT_TRUE(v.irr.has_value());
  // One outflow and one inflow a year (365 days) apart: IRR = book/cost − 1.
  EXPECT_NEAR(*v.irr, book / (730 * kM) - 1.0, 1e-9);
  const EntityMoney& a = entity(r, "a");
  const EntityMoney& c = entity(r, "c");
  EXPECT_NEAR(a.sunk.value(), 0.6 * 730 * kM, 1e-3);
  EXPECT_NEAR(c.sunk.value(), 0.4 * 730 * kM, 1e-3);
  EXPECT_NEAR(a.npv.value(), 0.6 * (book - 730 * kM), 1e-3);
  EXPECT_NEAR(c.npv.value(), 0.4 * (book - 730 * kM), 1e-3);
  ASSERT_TRUE(a.irr.has_value());
  EXPECT_NEAR(*a.irr, *v.irr, 1e-9);
}

// Accelerators bought by b but paid for by p, delivered (and paid) a month
// before the start: the $40M sunk is p's outflow on the start date, not b's.
TEST(Returns, SunkAcceleratorsAreTheirPayersOutflow) {
  std::string order = site("s", 1000, "$40k");
  auto replace = [&](const std::string& from, const std::string& to) {
    const size_t at = order.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    order.replace(at, from.size(), to);
  };
  replace("buyer = \"b\"\n", "buyer = \"b\"\npayer = \"p\"\n");
  replace("date = 2025-01-01", "date = 2024-12-01");
  const Results r = run(head("discount_rate = 0") +
                        "\n[entities.p]\nname = \"Payer\"\nroles = [\"investor\"]\n" + order);
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_NEAR(r.orders[0].paid_before_start.value(), 40 * kM, 1e-3);
  EXPECT_NEAR(entity(r, "p").sunk.value(), 40 * kM, 1e-3);
  EXPECT_EQ(entity(r, "b").sunk.value(), 0.0);
}

}  // namespace
}  // namespace stargate

// Fleet rules on scenarios small enough to check by hand.
#include "model/fleet/fleet.h"

#include <gtest/gtest.h>

#include "stargate/scenario.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

// One site with a 10 MW phase online from the start (PUE 1, 1 GW of grid).
constexpr const char* kSite = R"(
[scenario]
name = "fleet"
start = 2025-01-01
end = 2027-12-31
[entities.b]
name = "Buyer"
roles = ["operator"]
[sites.s]
pue = 1.0
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "1GW"
online = 2020-01-01
price = "$50/MWh"
carbon_intensity = "0.4t/MWh"
[[sites.s.phases]]
id = "p1"
it_mw = "10MW"
start = 2024-01-01
duration = "30d"
capex = "$100M"
payer = "b"
[[sites.s.phases]]
id = "p2"
it_mw = "10MW"
start = 2025-01-01
duration = "181d"
capex = "$100M"
payer = "b"
)";

Results run(const std::string& orders) {
  return simulate(Scenario::from_toml(std::string(kSite) + orders, "fleet.toml"));
}

TEST(Fleet, InstallsOnlyWhereOnlineItPowerHasRoom) {
  // H100: 1,400 W all-in (catalog). 10 MW holds floor(1e7 / 1400) = 7,142.
  const Results r = run(R"(
[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
count = 10000
ordered = 2025-01-01
lead_time = "31d"
)");
  const Series* installed = r.timeline.find("s_installed_accelerators");
  const Series* waiting = r.timeline.find("s_waiting_accelerators");
  ASSERT_TRUE(installed && waiting);
  const std::int32_t delivered = 31;   // 2025-02-01
  const std::int32_t p2_online = 181;  // 2025-07-01
  EXPECT_DOUBLE_EQ(installed->at(delivered - 1), 0.0);
  EXPECT_DOUBLE_EQ(installed->at(delivered), 7142.0);
  EXPECT_DOUBLE_EQ(waiting->at(delivered), 2858.0);
  EXPECT_DOUBLE_EQ(installed->at(p2_online - 1), 7142.0);
  EXPECT_DOUBLE_EQ(installed->at(p2_online), 10000.0);
  EXPECT_DOUBLE_EQ(waiting->at(p2_online), 0.0);
  EXPECT_DOUBLE_EQ(r.orders[0].delivered.value(), 10000.0);
  EXPECT_DOUBLE_EQ(r.chip_capex.value(), 10000 * 45000.0);  // catalog all-in $45k
}

TEST(Fleet, AcceleratorsRetireAtTheEndOfTheirUsefulLife) {
  const Results r = run(R"(
[accelerators.h100]
useful_life = "2y"
source = "test"
[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
count = 1000
ordered = 2025-01-01
lead_time = "31d"
)");
  EXPECT_DOUBLE_EQ(r.retired.value(), 1000.0);
  EXPECT_DOUBLE_EQ(r.installed.value(), 0.0);
  const Series* installed = r.timeline.find("installed_accelerators");
  const std::int32_t retire = Date::from_ymd(2027, 2, 1) - Date::from_ymd(2025, 1, 1);
  EXPECT_DOUBLE_EQ(installed->at(retire - 1), 1000.0);
  EXPECT_DOUBLE_EQ(installed->at(retire), 0.0);
}

TEST(Fleet, ExpectedRepairsTakeTheirShareOfCapacity) {
  // MTBF 30,000 h, repair 3 days = 72 h: available 30,000 / 30,072.
  const Results r = run(R"(
[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
count = 1000
ordered = 2025-01-01
lead_time = "31d"
)");
  EXPECT_NEAR(r.end_bf16.value(), 1000 * 989e12 * 30000.0 / 30072.0, 1e6);
  EXPECT_NEAR(r.end_fp8.value(), 1000 * 1979e12 * 30000.0 / 30072.0, 1e6);
  // The facility draws for the accelerators that are up: 1,000 × 1,400 W × availability.
  EXPECT_NEAR(r.energy.peak_facility_load.value(), 1.4 * 30000.0 / 30072.0, 1e-9);
}

TEST(Fleet, RepairTimeIsAnInput) {
  const Results r = run(R"(
[accelerators.h100]
repair_time = "0d"
source = "test"
[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
count = 1000
ordered = 2025-01-01
lead_time = "31d"
)");
  EXPECT_DOUBLE_EQ(r.end_bf16.value(), 1000 * 989e12);
}

TEST(Fleet, BudgetBuysWholeAcceleratorsAtTheUnitPrice) {
  const Results r = run(R"(
[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
budget = "$100M"
unit_price = "$30k"
ordered = 2025-01-01
lead_time = "31d"
)");
  EXPECT_DOUBLE_EQ(r.orders[0].count.value(), 3333.0);  // floor(1e8 / 3e4)
  EXPECT_DOUBLE_EQ(r.orders[0].paid.value(), 3333 * 30000.0);
}

TEST(Fleet, RampSpreadsEqualMonthlyLotsThatAddUpToTheOrder) {
  const Results r = run(R"(
[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
count = 1000
ordered = 2025-01-01
lead_time = "1mo"
ramp = "3mo"
delay = "14d"
)");
  // Lots on 2025-02-15, 03-15, 04-15 (first = ordered + 1 month + 14 days),
  // of round(1000/3), round(2000/3) − 333, 1000 − 667: 333, 334, 333.
  EXPECT_EQ(*r.orders[0].first_delivery, Date::from_ymd(2025, 2, 15));
  EXPECT_EQ(*r.orders[0].last_delivery, Date::from_ymd(2025, 4, 15));
  const Series* installed = r.timeline.find("installed_accelerators");
  EXPECT_DOUBLE_EQ(installed->at(Date::from_ymd(2025, 2, 15) - Date::from_ymd(2025, 1, 1)), 333.0);
  EXPECT_DOUBLE_EQ(installed->at(Date::from_ymd(2025, 3, 15) - Date::from_ymd(2025, 1, 1)), 667.0);
  EXPECT_DOUBLE_EQ(installed->at(Date::from_ymd(2025, 4, 15) - Date::from_ymd(2025, 1, 1)), 1000.0);
}

TEST(Fleet, LotsDeliveredBeforeTheStartAreSunk) {
  const Results r = run(R"(
[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
count = 100
[[orders.deliveries]]
id = "early"
date = 2024-06-01
count = 60
[[orders.deliveries]]
id = "late"
date = 2025-03-01
count = 40
)");
  EXPECT_DOUBLE_EQ(r.orders[0].paid_before_start.value(), 60 * 45000.0);
  EXPECT_DOUBLE_EQ(r.orders[0].paid.value(), 40 * 45000.0);
  EXPECT_DOUBLE_EQ(r.timeline.find("installed_accelerators")->at(0), 60.0);
  EXPECT_DOUBLE_EQ(r.installed.value(), 100.0);
}

TEST(Fleet, SharesSplitACountIntoWholeLots) {
  const Results r = run(R"(
[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
count = 10
[[orders.deliveries]]
id = "a"
date = 2025-02-01
share = "33%"
[[orders.deliveries]]
id = "b"
date = 2025-03-01
share = "33%"
[[orders.deliveries]]
id = "c"
date = 2025-04-01
share = "34%"
)");
  // Cumulative rounding: round(3.3) = 3, round(6.6) − 3 = 4, 10 − 7 = 3.
  const Series* installed = r.timeline.find("installed_accelerators");
  const Date start = Date::from_ymd(2025, 1, 1);
  EXPECT_DOUBLE_EQ(installed->at(Date::from_ymd(2025, 2, 1) - start), 3.0);
  EXPECT_DOUBLE_EQ(installed->at(Date::from_ymd(2025, 3, 1) - start), 7.0);
  EXPECT_DOUBLE_EQ(installed->at(Date::from_ymd(2025, 4, 1) - start), 10.0);
}

}  // namespace
}  // namespace stargate

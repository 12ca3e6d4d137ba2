// `stargate explain` states when an order is delivered as the simulation
// delivers it: with its delay, from its earliest lot.
#include <gtest/gtest.h>

#include <string>

#include "stargate/scenario.h"

namespace stargate {
namespace {

std::string explain(const std::string& order) {
  return Scenario::from_toml(R"([scenario]
name = "explain"
start = 2025-01-01
end = 2027-12-31

[entities.b]
name = "Buyer"
roles = ["owner"]

[sites.s]
pue = 1.2
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "1GW"
online = 2025-01-01
price = "$50/MWh"
carbon_intensity = "0.4t/MWh"

[[orders]]
id = "o"
buyer = "b"
accelerator = "h100"
site = "s"
count = 1000
)" + order,
                             "explain.toml")
      .explain();
}

// Ordered 2025-01-01 with a 6-month lead time and a 3-month delay: the first
// delivery is 2025-07-01 + 3 months = 2025-10-01.
TEST(Explain, FirstDeliveryIncludesTheDelay) {
  const std::string text = explain("ordered = 2025-01-01\nlead_time = \"6mo\"\ndelay = \"3mo\"\n");
  EXPECT_NE(text.find("from 2025-10-01"), std::string::npos) << text;
  EXPECT_EQ(text.find("from 2025-07-01"), std::string::npos) << text;
}

// An explicit schedule written out of order starts at its earliest lot.
TEST(Explain, ScheduleStartsAtItsEarliestLot) {
  const std::string text = explain(R"(
[[orders.deliveries]]
id = "late"
date = 2026-03-01
count = 600
[[orders.deliveries]]
id = "early"
date = 2025-11-01
count = 400
)");
  EXPECT_NE(text.find("in 2 lots from 2025-11-01"), std::string::npos) << text;
}

}  // namespace
}  // namespace stargate

#include "model/ops/energy.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

PowerBlock block(int y, int m, double mw, PowerKind kind, double price, double carbon) {
  return PowerBlock{Date::from_ymd(y, m, 1), Megawatts(mw), kind, UsdPerMwh(price),
                    TonnesCo2PerMwh(carbon)};
}

TEST(Dispatch, GridFirstThenOnsite) {
  const std::vector<PowerBlock> blocks = {block(2024, 1, 100, PowerKind::kOnsite, 40, 0.5),
                                          block(2024, 6, 50, PowerKind::kGrid, 60, 0.3)};
  const DispatchRate r = dispatch(Megawatts(120), blocks, Date::from_ymd(2025, 1, 1));
  EXPECT_DOUBLE_EQ(r.grid.value(), 50.0);
  EXPECT_DOUBLE_EQ(r.onsite.value(), 70.0);
  EXPECT_DOUBLE_EQ(r.unserved.value(), 0.0);
  EXPECT_DOUBLE_EQ(r.usd_per_hour, 50 * 60.0 + 70 * 40.0);
  EXPECT_DOUBLE_EQ(r.tco2_per_hour, 50 * 0.3 + 70 * 0.5);
}

TEST(Dispatch, OnlyBlocksOnlineOnTheDateCountAndTheRestIsUnserved) {
  const std::vector<PowerBlock> blocks = {block(2024, 1, 100, PowerKind::kGrid, 50, 0.4),
                                          block(2026, 1, 100, PowerKind::kGrid, 50, 0.4)};
  const DispatchRate r = dispatch(Megawatts(150), blocks, Date::from_ymd(2025, 1, 1));
  EXPECT_DOUBLE_EQ(r.grid.value(), 100.0);
  EXPECT_DOUBLE_EQ(r.unserved.value(), 50.0);
}

}  // namespace
}  // namespace stargate

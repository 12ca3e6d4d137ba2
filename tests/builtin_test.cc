// The built-in scenario: every value sourced, and its key numbers derived by
// hand (tests/golden/stargate-2025-01/README.md explains each).
#include <gtest/gtest.h>

#include "stargate/scenario.h"

namespace stargate {
namespace {

TEST(Builtin, LoadsTheDefaultScenario) {
  const Scenario s = Scenario::builtin();
  EXPECT_EQ(s.id(), "stargate-2025-01");
}

}  // namespace
}  // namespace stargate

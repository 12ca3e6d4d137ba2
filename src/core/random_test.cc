#include "core/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace stargate {
namespace {

// Random123's Known Answer Tests for Philox4x32-10 (tests/kat_vectors of
// github.com/DEShawResearch/random123): counter, key, result.
TEST(Philox, MatchesRandom123KnownAnswers) {
  using A4 = std::array<std::uint32_t, 4>;
  using A2 = std::array<std::uint32_t, 2>;
  EXPECT_EQ(philox4x32(A4{0, 0, 0, 0}, A2{0, 0}),
            (A4{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(
      philox4x32(A4{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, A2{0xffffffff, 0xffffffff}),
      (A4{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(
      philox4x32(A4{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, A2{0xa4093822, 0x299f31d0}),
      (A4{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(RandomStream, DependsOnlyOnSeedTrialStreamAndDrawNumber) {
  const RandomStream a(7, 42, stream_id("sites.abilene.phases.phase2.duration"));
  RandomStream b(7, 42, stream_id("sites.abilene.phases.phase2.duration"));
  for (std::uint64_t n = 0; n < 5; ++n) EXPECT_EQ(a.uniform(n), b.next());
  // Another seed, trial or input gives other numbers.
  EXPECT_NE(RandomStream(8, 42, stream_id("x")).uniform(0),
            RandomStream(7, 42, stream_id("x")).uniform(0));
  EXPECT_NE(RandomStream(7, 43, stream_id("x")).uniform(0),
            RandomStream(7, 42, stream_id("x")).uniform(0));
  EXPECT_NE(RandomStream(7, 42, stream_id("y")).uniform(0),
            RandomStream(7, 42, stream_id("x")).uniform(0));
}

TEST(RandomStream, UniformsAreInTheOpenIntervalAndEvenlySpread) {
  // 100,000 draws: all in (0, 1), the mean within 4 standard errors of 1/2
  // (sd of a uniform 1/√12), and each tenth of [0, 1) within 4 sd of 10,000
  // (binomial sd √(n p (1 − p)) = 94.9).
  constexpr int kN = 100000;
  double sum = 0.0;
  int bins[10] = {};
  std::set<double> seen;
  for (int i = 0; i < kN; ++i) {
    const double u = RandomStream(1, static_cast<std::uint64_t>(i), 99).uniform(0);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    ++bins[static_cast<int>(u * 10)];
    seen.insert(u);
  }
  EXPECT_NEAR(sum / kN, 0.5, 4.0 / std::sqrt(12.0 * kN));
  for (int b : bins) EXPECT_NEAR(b, kN / 10, 4 * 94.9);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kN));  // no repeats across trials
}

}  // namespace
}  // namespace stargate

#include "sim/stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/random.h"

namespace stargate {
namespace {

TEST(RunningStats, MergeEqualsOnePass) {
  RunningStats all, a, b;
  for (int i = 0; i < 1000; ++i) {
    const double x = std::sin(i) * 100 + i * 0.01;
    all.add(x);
    (i < 300 ? a : b).add(x);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), 1000);
  EXPECT_NEAR(a.mean(), all.mean(), 1e-12);
  EXPECT_NEAR(a.variance(), all.variance(), 1e-9);
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
  // By hand: 1, 2, 3, 4 → mean 2.5, variance 5/3.
  RunningStats h;
  for (double x : {1.0, 2.0, 3.0, 4.0}) h.add(x);
  EXPECT_DOUBLE_EQ(h.mean(), 2.5);
  EXPECT_DOUBLE_EQ(h.variance(), 5.0 / 3.0);
}

TEST(QuantileSketch, ExactWhileSmall) {
  QuantileSketch s(128);
  for (int i = 100; i >= 1; --i) s.add(i);  // 100 ≤ k values: kept whole
  EXPECT_TRUE(s.exact());
  EXPECT_EQ(s.rank_error_bound(), 0.0);
  EXPECT_EQ(s.quantile(0.5), 50.0);
  EXPECT_EQ(s.quantile(0.9), 90.0);
  EXPECT_EQ(s.quantile(0.0), 1.0);
  EXPECT_EQ(s.quantile(1.0), 100.0);
  EXPECT_EQ(s.quantiles({0.1, 0.5, 0.95}), (std::vector<double>{10.0, 50.0, 95.0}));
}

// The sketch holds a bounded number of values — about 3k — however many it
// has seen: its memory is flat in N, and so is its error bound.
TEST(QuantileSketch, MemoryAndBoundFlatInN) {
  QuantileSketch s(256);
  std::size_t most = 0;
  double bound_at_10k = 0.0;
  for (int i = 0; i < 1000000; ++i) {
    s.add(RandomStream(9, static_cast<std::uint64_t>(i), 1).uniform(0));
    most = std::max(most, s.retained());
    if (i + 1 == 10000) bound_at_10k = s.rank_error_bound();
  }
  EXPECT_LE(most, 3u * 256u + 8u * 20u);
  EXPECT_FALSE(s.exact());
  EXPECT_GT(bound_at_10k, 0.0);
  // The bound at 1M is within a small factor of the bound at 10k, near
  // 2.4 / k (not growing like log N).
  EXPECT_LT(s.rank_error_bound(), 1.5 * bound_at_10k);
  EXPECT_LT(s.rank_error_bound(), 4.0 / 256);
  // No weight is lost: the median of uniforms is near 0.5.
  EXPECT_NEAR(s.quantile(0.5), 0.5, s.rank_error_bound());
}

// Merging in the same order gives the same bits, however the values were
// grouped before (the sketch is a deterministic function of values and
// merge order), and save/load round-trips exactly.
TEST(QuantileSketch, DeterministicAndSavesExactly) {
  auto build = [](int seed) {
    QuantileSketch total(64);
    for (int b = 0; b < 50; ++b) {
      QuantileSketch block(64);
      for (int i = 0; i < 100; ++i)
        block.add(RandomStream(static_cast<std::uint64_t>(seed),
                               static_cast<std::uint64_t>(b * 100 + i), 2)
                      .uniform(0));
      total.merge(block);
    }
    return total;
  };
  const QuantileSketch a = build(4), b = build(4);
  std::vector<double> sa, sb;
  a.save(sa);
  b.save(sb);
  EXPECT_EQ(sa, sb);
  QuantileSketch c;
  const double* p = sa.data();
  c.load(p);
  EXPECT_EQ(p, sa.data() + sa.size());
  std::vector<double> sc;
  c.save(sc);
  EXPECT_EQ(sc, sa);
  EXPECT_EQ(c.quantiles({0.1, 0.5, 0.9}), a.quantiles({0.1, 0.5, 0.9}));
  EXPECT_EQ(c.rank_error_bound(), a.rank_error_bound());
}

// On known distributions (uniform, and a skewed exponential), every
// quantile's rank error stays within the stated bound, both when the values
// stream into one sketch and when blocks of 1,024 are merged in order.
TEST(QuantileSketch, RankErrorWithinTheStatedBound) {
  constexpr int kN = 300000;
  for (int shape = 0; shape < 2; ++shape) {
    QuantileSketch one(256), merged(256);
    std::vector<double> all;
    QuantileSketch block(256);
    for (int i = 0; i < kN; ++i) {
      const double u = RandomStream(3, static_cast<std::uint64_t>(i), 5).uniform(0);
      const double x = shape == 0 ? u : -std::log(u);
      all.push_back(x);
      one.add(x);
      block.add(x);
      if ((i + 1) % 1024 == 0 || i + 1 == kN) {
        merged.merge(block);
        block = QuantileSketch(256);
      }
    }
    std::sort(all.begin(), all.end());
    for (const QuantileSketch* s : {&one, &merged}) {
      EXPECT_EQ(s->count(), kN);
      EXPECT_FALSE(s->exact());
      const double bound = s->rank_error_bound();
      EXPECT_LT(bound, 4.0 / 256);
      for (double q : {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95}) {
        const double v = s->quantile(q);
        const double rank =
            static_cast<double>(std::lower_bound(all.begin(), all.end(), v) - all.begin());
        EXPECT_LE(std::fabs(rank / kN - q), bound) << "q " << q << " shape " << shape;
      }
    }
  }
}

}  // namespace
}  // namespace stargate

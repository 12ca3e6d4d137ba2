// Distributions: base values (MODEL.md §1), support bounds, and every rule
// check() enforces, with its exact message.
#include "scenario/distribution.h"

#include <gtest/gtest.h>

#include <limits>

namespace stargate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Distribution make(DistKind kind, std::vector<double> params,
                  std::optional<double> lower = std::nullopt,
                  std::optional<double> upper = std::nullopt) {
  Distribution d;
  d.kind = kind;
  d.params = std::move(params);
  d.lower = lower;
  d.upper = upper;
  return d;
}

Distribution choice(std::vector<double> values, std::vector<double> weights = {},
                    std::optional<double> lower = std::nullopt,
                    std::optional<double> upper = std::nullopt) {
  Distribution d;
  d.kind = DistKind::kChoice;
  d.values = std::move(values);
  d.weights = std::move(weights);
  d.lower = lower;
  d.upper = upper;
  return d;
}

TEST(Distribution, Names) {
  EXPECT_EQ(to_string(DistKind::kLognormal), "lognormal");
  EXPECT_EQ(dist_kind_from("triangular"), DistKind::kTriangular);
  EXPECT_EQ(dist_kind_from("beta"), std::nullopt);
  EXPECT_EQ(dist_kind_names(), (std::vector<std::string>{"pert", "triangular", "uniform", "normal",
                                                         "lognormal", "bernoulli", "choice"}));
}

TEST(Distribution, BaseOfPertAndTriangularIsTheMode) {
  EXPECT_EQ(make(DistKind::kPert, {13, 15.5, 27}).base(), 15.5);
  EXPECT_EQ(make(DistKind::kTriangular, {1, 4, 5}).base(), 4.0);
  // A truncation bound above the mode clamps it.
  EXPECT_EQ(make(DistKind::kPert, {13, 15.5, 27}, 16.0).base(), 16.0);
}

TEST(Distribution, BaseOfUniformIsTheMidpoint) {
  EXPECT_EQ(make(DistKind::kUniform, {10, 20}).base(), 15.0);
  EXPECT_EQ(make(DistKind::kUniform, {-3, 1}).base(), -1.0);
}

TEST(Distribution, BaseOfNormalIsTheMeanClampedIntoItsBounds) {
  EXPECT_EQ(make(DistKind::kNormal, {100, 30}).base(), 100.0);
  EXPECT_EQ(make(DistKind::kNormal, {100, 30}, 0.0, 200.0).base(), 100.0);
  EXPECT_EQ(make(DistKind::kNormal, {-5, 30}, 0.0).base(), 0.0);
  EXPECT_EQ(make(DistKind::kNormal, {250, 30}, 0.0, 200.0).base(), 200.0);
}

TEST(Distribution, BaseOfLognormalIsTheMedian) {
  EXPECT_EQ(make(DistKind::kLognormal, {12, 20}).base(), 12.0);
  EXPECT_EQ(make(DistKind::kLognormal, {12, 20}, kInf * -1, 10.0).base(), 10.0);
}

TEST(Distribution, BaseOfBernoulliIsTrueFromOneHalf) {
  EXPECT_EQ(make(DistKind::kBernoulli, {0.5}).base(), 1.0);
  EXPECT_EQ(make(DistKind::kBernoulli, {0.9}).base(), 1.0);
  EXPECT_EQ(make(DistKind::kBernoulli, {0.49}).base(), 0.0);
  EXPECT_EQ(make(DistKind::kBernoulli, {0.0}).base(), 0.0);
}

TEST(Distribution, BaseOfChoiceIsTheMostLikelyValueFirstOnTies) {
  EXPECT_EQ(choice({1, 2, 3}, {1, 5, 2}).base(), 2.0);
  EXPECT_EQ(choice({1, 2, 3}, {1, 5, 5}).base(), 2.0);
  EXPECT_EQ(choice({7, 8, 9}).base(), 7.0);
  EXPECT_EQ(choice({7, 8, 9}, {0, 0, 1}).base(), 9.0);
}

TEST(Distribution, BaseOfATruncatedChoiceIsAValueTheBoundsKeep) {
  // The most likely value (1) is cut off: the base is the most likely value
  // left, not the bound 1.5.
  const Distribution d = choice({1, 2, 3}, {5, 2, 1}, 1.5);
  EXPECT_EQ(d.base(), 2.0);
  EXPECT_EQ(d.choices_in_bounds(), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(choice({1, 2, 3}, {1, 1, 5}, std::nullopt, 2.5).base(), 1.0);
}

TEST(Distribution, Support) {
  const Distribution pert = make(DistKind::kPert, {13, 15.5, 27});
  EXPECT_EQ(pert.support_min(), 13.0);
  EXPECT_EQ(pert.support_max(), 27.0);
  const Distribution uniform = make(DistKind::kUniform, {10, 20}, 12.0, 30.0);
  EXPECT_EQ(uniform.support_min(), 12.0);
  EXPECT_EQ(uniform.support_max(), 20.0);
  const Distribution normal = make(DistKind::kNormal, {100, 30});
  EXPECT_EQ(normal.support_min(), -kInf);
  EXPECT_EQ(normal.support_max(), kInf);
  const Distribution truncated = make(DistKind::kNormal, {100, 30}, 0.0, 150.0);
  EXPECT_EQ(truncated.support_min(), 0.0);
  EXPECT_EQ(truncated.support_max(), 150.0);
  const Distribution lognormal = make(DistKind::kLognormal, {12, 20});
  EXPECT_EQ(lognormal.support_min(), 0.0);
  EXPECT_EQ(lognormal.support_max(), kInf);
  const Distribution bernoulli = make(DistKind::kBernoulli, {0.3});
  EXPECT_EQ(bernoulli.support_min(), 0.0);
  EXPECT_EQ(bernoulli.support_max(), 1.0);
  EXPECT_EQ(choice({5, 1, 9}).support_min(), 1.0);
  EXPECT_EQ(choice({5, 1, 9}).support_max(), 9.0);
  // Truncating a choice keeps values, so its support ends at values, not bounds.
  EXPECT_EQ(choice({1, 5, 9}, {}, 2.0, 8.0).support_min(), 5.0);
  EXPECT_EQ(choice({1, 5, 9}, {}, 2.0, 8.0).support_max(), 5.0);
  // A value of weight 0 is never drawn.
  EXPECT_EQ(choice({1, 5, 9}, {0, 1, 1}).support_min(), 5.0);
}

TEST(Distribution, WhetherADrawCanEqualTheEndOfItsSupport) {
  EXPECT_TRUE(make(DistKind::kPert, {0, 1, 2}).reaches_min());
  EXPECT_TRUE(make(DistKind::kPert, {0, 1, 2}).reaches_max());
  EXPECT_TRUE(make(DistKind::kUniform, {0, 2}).reaches_max());
  // Truncating a pert inside its range makes the bound a limit.
  EXPECT_FALSE(make(DistKind::kPert, {0, 1, 2}, 0.5).reaches_min());
  EXPECT_FALSE(make(DistKind::kTriangular, {0, 1, 2}, std::nullopt, 1.5).reaches_max());
  EXPECT_FALSE(make(DistKind::kLognormal, {12, 20}).reaches_min());
  EXPECT_FALSE(make(DistKind::kNormal, {1, 1}, 0.0).reaches_min());
  EXPECT_TRUE(choice({0, 1}).reaches_min());
}

TEST(Distribution, WellFormedDistributionsPassTheirCheck) {
  EXPECT_EQ(make(DistKind::kPert, {13, 15.5, 27}).check(), "");
  EXPECT_EQ(make(DistKind::kPert, {13, 13, 27}).check(), "");
  EXPECT_EQ(make(DistKind::kTriangular, {1, 5, 5}).check(), "");
  EXPECT_EQ(make(DistKind::kUniform, {1, 2}).check(), "");
  EXPECT_EQ(make(DistKind::kNormal, {-5, 2}).check(), "");
  EXPECT_EQ(make(DistKind::kLognormal, {12, 20}).check(), "");
  EXPECT_EQ(make(DistKind::kBernoulli, {1.0}).check(), "");
  EXPECT_EQ(choice({1, 2}, {0, 3}).check(), "");
  EXPECT_EQ(make(DistKind::kNormal, {1, 1}, 0.0, 5.0).check(), "");
}

TEST(Distribution, PertAndTriangularRules) {
  EXPECT_EQ(make(DistKind::kPert, {1, 2}).check(), "expected [min, mode, max], got 2 values");
  EXPECT_EQ(make(DistKind::kTriangular, {1}).check(), "expected [min, mode, max], got 1 value");
  EXPECT_EQ(make(DistKind::kPert, {50, 40, 60}).check(Unit::kMw),
            "expected min ≤ mode ≤ max, got [50 MW, 40 MW, 60 MW]");
  EXPECT_EQ(make(DistKind::kPert, {10, 27, 15}).check(Unit::kDuration, Duration::Unit::kMonths),
            "expected min ≤ mode ≤ max, got [10mo, 27mo, 15mo]");
  EXPECT_EQ(make(DistKind::kTriangular, {5, 5, 5}).check(), "expected min < max, got [5, 5, 5]");
}

TEST(Distribution, UniformRules) {
  EXPECT_EQ(make(DistKind::kUniform, {1, 2, 3}).check(), "expected [min, max], got 3 values");
  EXPECT_EQ(make(DistKind::kUniform, {2e9, 1e9}).check(Unit::kUsd),
            "expected min < max, got [$2B, $1B]");
  EXPECT_EQ(make(DistKind::kUniform, {1, 1}).check(), "expected min < max, got [1, 1]");
}

TEST(Distribution, NormalRules) {
  EXPECT_EQ(make(DistKind::kNormal, {1}).check(), "expected [mean, sd], got 1 value");
  EXPECT_EQ(make(DistKind::kNormal, {50, 0}).check(Unit::kMw), "expected sd > 0, got 0");
  EXPECT_EQ(make(DistKind::kNormal, {12, -2}).check(Unit::kDuration, Duration::Unit::kMonths),
            "expected sd > 0, got -2mo");
  // The sd of a date is a number of days.
  const double june = Date::from_ymd(2025, 6, 1).days();
  EXPECT_EQ(make(DistKind::kNormal, {june, -3}).check(Unit::kDate), "expected sd > 0, got -3d");
}

TEST(Distribution, LognormalRules) {
  EXPECT_EQ(make(DistKind::kLognormal, {1, 2, 3}).check(), "expected [median, p90], got 3 values");
  EXPECT_EQ(make(DistKind::kLognormal, {0, 2}).check(), "expected median > 0, got 0");
  EXPECT_EQ(make(DistKind::kLognormal, {-1, 2}).check(Unit::kUsd), "expected median > 0, got -$1");
  EXPECT_EQ(make(DistKind::kLognormal, {12, 10}).check(Unit::kDuration, Duration::Unit::kMonths),
            "expected p90 > median, got [12mo, 10mo]");
  EXPECT_EQ(make(DistKind::kLognormal, {12, 12}).check(), "expected p90 > median, got [12, 12]");
}

TEST(Distribution, BernoulliRules) {
  EXPECT_EQ(make(DistKind::kBernoulli, {}).check(), "expected one probability, got 0 values");
  EXPECT_EQ(make(DistKind::kBernoulli, {1.5}).check(), "expected p between 0 and 1, got 1.5");
  EXPECT_EQ(make(DistKind::kBernoulli, {-0.1}).check(), "expected p between 0 and 1, got -0.1");
  EXPECT_EQ(make(DistKind::kBernoulli, {0.5}, 0.0).check(),
            "expected no min or max for a yes/no value, got min = 0");
}

TEST(Distribution, ChoiceRules) {
  EXPECT_EQ(choice({}).check(), "expected at least one value, got none");
  EXPECT_EQ(choice({1, 2, 3}, {1, 2}).check(),
            "expected one weight per value, got 2 weights for 3 values");
  EXPECT_EQ(choice({1, 2}, {1}).check(),
            "expected one weight per value, got 1 weight for 2 values");
  EXPECT_EQ(choice({1, 2}, {1, -1}).check(), "expected weights ≥ 0, got -1");
  EXPECT_EQ(choice({1, 2}, {1, kInf}).check(), "expected weights ≥ 0, got inf");
  EXPECT_EQ(choice({1, 2}, {0, 0}).check(), "expected a weight above 0, got all 0");
}

TEST(Distribution, TruncationRules) {
  EXPECT_EQ(make(DistKind::kNormal, {1e9, 2e8}, 1.5e9, 0.5e9).check(Unit::kUsd),
            "expected truncation min < max, got min = $1.5B, max = $500M");
  EXPECT_EQ(make(DistKind::kNormal, {1, 1}, 2.0, 2.0).check(),
            "expected truncation min < max, got min = 2, max = 2");
  EXPECT_EQ(
      make(DistKind::kUniform, {12, 18}, 20.0).check(Unit::kDuration, Duration::Unit::kMonths),
      "expected truncation bounds that leave some values, got min = 20mo");
  EXPECT_EQ(make(DistKind::kPert, {1, 2, 3}, std::nullopt, 0.5).check(),
            "expected truncation bounds that leave some values, got max = 0.5");
  EXPECT_EQ(make(DistKind::kLognormal, {12, 20}, std::nullopt, -1.0).check(),
            "expected truncation bounds that leave some values, got max = -1");
  // Bounds between two values of a choice leave none of them.
  EXPECT_EQ(choice({1e9, 2e9}, {}, 1.2e9, 1.8e9).check(Unit::kUsd),
            "expected truncation bounds that leave some values, got min = $1.2B, max = $1.8B");
  // The only values left have weight 0.
  EXPECT_EQ(choice({1, 2}, {0, 1}, std::nullopt, 1.5).check(),
            "expected truncation bounds that leave some values, got max = 1.5");
}

TEST(Distribution, Describe) {
  EXPECT_EQ(make(DistKind::kPert, {10e9, 13e9, 17e9}).describe(Unit::kUsd),
            "pert($10B, $13B, $17B)");
  EXPECT_EQ(
      make(DistKind::kPert, {13, 15.5, 27}).describe(Unit::kDuration, Duration::Unit::kMonths),
      "pert(13mo, 15.5mo, 27mo)");
  EXPECT_EQ(make(DistKind::kNormal, {1e9, 2e8}, 0.0).describe(Unit::kUsd),
            "normal($1B, $200M) min 0");
  EXPECT_EQ(make(DistKind::kBernoulli, {0.7}).describe(Unit::kBool), "bernoulli(0.7)");
  EXPECT_EQ(choice({1, 2}, {3, 1}).describe(Unit::kNumber), "choice(1, 2)");
  const double june = Date::from_ymd(2025, 6, 1).days();
  EXPECT_EQ(make(DistKind::kNormal, {june, 30}).describe(Unit::kDate), "normal(2025-06-01, 30d)");
}

}  // namespace
}  // namespace stargate

// Build-out rules, each on a scenario small enough to check by hand.
#include "model/buildout/buildout.h"

#include <gtest/gtest.h>

#include <cmath>

#include "stargate/scenario.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

constexpr const char* kHeader = R"(
[scenario]
name = "test"
start = 2025-01-01
end = 2026-12-31
[entities.v]
name = "V"
roles = ["developer"]
)";

Results run(const std::string& body) {
  return simulate(Scenario::from_toml(std::string(kHeader) + body, "test.toml"));
}

const PhaseResult& phase(const Results& r, const std::string& id) {
  for (const PhaseResult& p : r.phases) {
    if (p.id == id) return p;
  }
  throw std::runtime_error("no phase " + id);
}

TEST(SpendProfile, SCurveIsTheBeta22Cdf) {
  EXPECT_DOUBLE_EQ(spend_fraction(SpendProfile::kSCurve, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(spend_fraction(SpendProfile::kSCurve, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(spend_fraction(SpendProfile::kSCurve, 0.25), 0.15625);  // 3/16 − 2/64
  EXPECT_DOUBLE_EQ(spend_fraction(SpendProfile::kSCurve, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(spend_fraction(SpendProfile::kLinear, 0.25), 0.25);
}

TEST(SpendProfile, SpendTimeInvertsSpendFraction) {
  for (double x = 0.0; x <= 1.0; x += 0.05) {
    EXPECT_NEAR(spend_time(SpendProfile::kSCurve, spend_fraction(SpendProfile::kSCurve, x)), x,
                1e-12)
        << x;
  }
}

// The worked example in buildout.h: 100 MW at PUE 1.2 needs 120 MW; the site
// has 100 MW of grid until a 50 MW on-site block on 2025-09-01.
constexpr const char* kPowerWaitExample = R"(
[sites.s]
pue = 1.2
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "100MW"
online = 2024-01-01
price = "$50/MWh"
carbon_intensity = "0.4t/MWh"
[[sites.s.power]]
id = "gas"
kind = "onsite"
mw = "50MW"
online = 2025-09-01
price = "$40/MWh"
carbon_intensity = "0.5t/MWh"
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2025-01-01
duration = "180d"
capex = "$1B"
payer = "v"
)";

TEST(Buildout, BuiltPhaseWaitsForPower) {
  const Results r = run(kPowerWaitExample);
  const PhaseResult& p = phase(r, "p");
  EXPECT_EQ(*p.built, Date::from_ymd(2025, 6, 30));  // 2025-01-01 + 180 days
  EXPECT_EQ(*p.online, Date::from_ymd(2025, 9, 1));
  EXPECT_EQ(p.critical_path, CriticalPath::kPower);
  EXPECT_EQ(p.power_wait_days, 63);
  EXPECT_DOUBLE_EQ(p.spent.value(), 1e9);
  ASSERT_TRUE(r.sites[0].full_power.has_value());
  EXPECT_EQ(*r.sites[0].full_power, Date::from_ymd(2025, 9, 1));
}

TEST(Buildout, PhaseWithPowerComesOnlineTheDayItIsBuilt) {
  const Results r = run(R"(
[sites.s]
pue = 1.1
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "200MW"
online = 2024-01-01
price = "$50/MWh"
carbon_intensity = "0.4t/MWh"
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2025-03-01
duration = "12mo"
capex_per_mw = "$10M/MW"
payer = "v"
)");
  const PhaseResult& p = phase(r, "p");
  EXPECT_EQ(*p.start, Date::from_ymd(2025, 3, 1));
  EXPECT_EQ(*p.built, Date::from_ymd(2026, 3, 1));  // calendar months
  EXPECT_EQ(*p.online, *p.built);
  EXPECT_EQ(p.critical_path, CriticalPath::kConstruction);
  EXPECT_DOUBLE_EQ(p.capex.value(), 1e9);
  EXPECT_DOUBLE_EQ(p.spent.value(), 1e9);
  EXPECT_DOUBLE_EQ(p.spent_before_start.value(), 0.0);
}

// Begun before the horizon: progress at the start is the elapsed share, and
// that share of capex is sunk (MODEL.md §1).
TEST(Buildout, PhaseBegunBeforeTheStartHasSunkCapex) {
  const Results r = run(R"(
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
id = "p"
it_mw = "100MW"
start = 2024-10-03
duration = "180d"
capex = "$1.8B"
payer = "v"
profile = "linear"
)");
  // 2024-10-03 to 2025-01-01 is 90 days: half of 180, so half the capex is sunk.
  const PhaseResult& p = phase(r, "p");
  EXPECT_DOUBLE_EQ(p.spent_before_start.value(), 0.9e9);
  EXPECT_NEAR(p.spent.value(), 0.9e9, 1e-3);
  EXPECT_EQ(*p.built, Date::from_ymd(2024, 10, 3) + 180);
  EXPECT_DOUBLE_EQ(r.spent_before_start.value(), 0.9e9);
  EXPECT_NEAR(r.construction_capex.value(), 0.9e9, 1e-3);
}

TEST(Buildout, PhaseFinishedBeforeTheStartIsOnlineWhenItsPowerWas) {
  const Results r = run(R"(
[sites.s]
pue = 1.0
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "100MW"
online = 2024-08-01
price = "$50/MWh"
carbon_intensity = "0.4t/MWh"
[[sites.s.phases]]
id = "p"
it_mw = "100MW"
start = 2024-01-01
duration = "90d"
capex = "$1B"
payer = "v"
)");
  const PhaseResult& p = phase(r, "p");
  EXPECT_EQ(*p.built, Date::from_ymd(2024, 3, 31));
  EXPECT_EQ(*p.online, Date::from_ymd(2024, 8, 1));
  EXPECT_DOUBLE_EQ(p.spent_before_start.value(), 1e9);
  EXPECT_DOUBLE_EQ(p.spent.value(), 0.0);
}

TEST(Buildout, DependencyIsFinishToStart) {
  const Results r = run(R"(
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
id = "first"
it_mw = "100MW"
start = 2025-01-01
duration = "100d"
capex = "$1B"
payer = "v"
[[sites.s.phases]]
id = "second"
it_mw = "100MW"
start = 2025-02-01
duration = "50d"
capex = "$1B"
payer = "v"
depends_on = ["first"]
[[sites.s.phases]]
id = "third"
it_mw = "100MW"
duration = "10d"
capex = "$1B"
payer = "v"
depends_on = ["second"]
)");
  EXPECT_EQ(*phase(r, "first").built, Date::from_ymd(2025, 4, 11));  // + 100 days
  EXPECT_EQ(*phase(r, "second").start, Date::from_ymd(2025, 4, 11));
  EXPECT_EQ(phase(r, "second").dependency_wait_days, 69);  // planned 2025-02-01
  EXPECT_EQ(*phase(r, "second").built, Date::from_ymd(2025, 5, 31));
  EXPECT_EQ(*phase(r, "third").start, Date::from_ymd(2025, 5, 31));
  EXPECT_EQ(phase(r, "third").dependency_wait_days, 0);  // no planned start of its own
  EXPECT_EQ(*phase(r, "third").online, Date::from_ymd(2025, 6, 10));
}

// First fit in order of completion: a big phase that does not fit does not
// hold back a smaller one that does.
TEST(Buildout, PhasesComeOnlineInCompletionOrderFirstFit) {
  const Results r = run(R"(
[sites.s]
pue = 1.0
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "150MW"
online = 2020-01-01
price = "$50/MWh"
carbon_intensity = "0.4t/MWh"
[[sites.s.power]]
id = "more"
kind = "grid"
mw = "200MW"
online = 2026-01-01
price = "$50/MWh"
carbon_intensity = "0.4t/MWh"
[[sites.s.phases]]
id = "big"
it_mw = "200MW"
start = 2025-01-01
duration = "100d"
capex = "$1B"
payer = "v"
[[sites.s.phases]]
id = "small"
it_mw = "100MW"
start = 2025-01-01
duration = "200d"
capex = "$1B"
payer = "v"
)");
  EXPECT_EQ(*phase(r, "small").online, Date::from_ymd(2025, 7, 20));  // built, fits in 150 MW
  EXPECT_EQ(phase(r, "small").critical_path, CriticalPath::kConstruction);
  EXPECT_EQ(*phase(r, "big").online, Date::from_ymd(2026, 1, 1));  // 300 MW needs the second block
  EXPECT_EQ(phase(r, "big").critical_path, CriticalPath::kPower);
}

TEST(Buildout, SCurveSpendsSlowFastSlowInMonthlyPeriods) {
  RunOptions options;
  const Results r = simulate(Scenario::from_toml(std::string(kHeader) + R"(
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
id = "p"
it_mw = "100MW"
start = 2025-01-01
duration = "100d"
capex = "$100M"
payer = "v"
)",
                                                 "test.toml"),
                             options);
  const Series* capex = r.timeline.find("construction_capex_usd");
  ASSERT_NE(capex, nullptr);
  // Construction is funded a calendar month at a time, on the month's first
  // day: January pays capex × F(31/100), February F(59/100) − F(31/100),
  // March F(90/100) − F(59/100), April the rest; F(x) = 3x² − 2x³.
  auto F = [](double x) { return x * x * (3 - 2 * x); };
  const Date jan = Date::from_ymd(2025, 1, 1);
  auto on = [&](int month) { return Date::from_ymd(2025, month, 1) - jan; };
  const double month[] = {1e8 * F(0.31), 1e8 * (F(0.59) - F(0.31)), 1e8 * (F(0.90) - F(0.59)),
                          1e8 * (1 - F(0.90))};
  for (int m = 0; m < 4; ++m)
    EXPECT_NEAR(capex->at(on(m + 1)), month[m], 1e-3) << "month " << m + 1;
  EXPECT_DOUBLE_EQ(capex->at(on(1) + 1), 0.0);  // nothing between the first days
  // Slow, fast, slow: per day of each period.
  EXPECT_LT(month[0] / 31, month[1] / 28);
  EXPECT_LT(month[3] / 10, month[2] / 31);
  EXPECT_NEAR(r.construction_capex.value(), 1e8, 1e-3);
  const Series* building = r.timeline.find("s_construction_it_mw");
  ASSERT_NE(building, nullptr);
  EXPECT_DOUBLE_EQ(building->at(99), 100.0);
  EXPECT_DOUBLE_EQ(building->at(100), 0.0);
  EXPECT_DOUBLE_EQ(r.timeline.find("s_online_it_mw")->at(100), 100.0);
}

TEST(Buildout, PhaseNotStartedWithinTheHorizon) {
  const Results r = run(R"(
[sites.s]
pue = 1.0
[[sites.s.phases]]
id = "a"
it_mw = "100MW"
start = 2026-06-01
duration = "2y"
capex = "$1B"
payer = "v"
[[sites.s.phases]]
id = "b"
it_mw = "100MW"
duration = "1y"
capex = "$1B"
payer = "v"
depends_on = ["a"]
)");
  EXPECT_EQ(phase(r, "a").critical_path, CriticalPath::kConstruction);  // still building
  EXPECT_FALSE(phase(r, "a").built.has_value());
  EXPECT_EQ(phase(r, "b").critical_path, CriticalPath::kNotStarted);
  EXPECT_FALSE(phase(r, "b").start.has_value());
  EXPECT_FALSE(r.sites[0].full_power.has_value());
}

TEST(Buildout, MonthlyStepsGiveTheSameDates) {
  const std::string body = kPowerWaitExample;
  RunOptions monthly;
  monthly.step = StepKind::kMonth;
  const Results d = run(body);
  const Results m =
      simulate(Scenario::from_toml(std::string(kHeader) + body, "test.toml"), monthly);
  EXPECT_EQ(*phase(m, "p").built, *phase(d, "p").built);
  EXPECT_EQ(*phase(m, "p").online, *phase(d, "p").online);
  EXPECT_NEAR(m.construction_capex.value(), d.construction_capex.value(), 1e-3);
}

}  // namespace
}  // namespace stargate

namespace stargate {
namespace {

// Found by the property tests: with monthly steps a phase whose dependency is
// built mid-month starts that day and loses no time to the step boundary.
TEST(Buildout, DependentStartsMidStepWithMonthlySteps) {
  RunOptions monthly;
  monthly.step = StepKind::kMonth;
  const Results r = simulate(Scenario::from_toml(std::string(kHeader) + R"(
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
it_mw = "100MW"
start = 2025-01-01
duration = "45d"
capex = "$1B"
payer = "v"
[[sites.s.phases]]
id = "p2"
it_mw = "100MW"
duration = "30d"
capex = "$1B"
payer = "v"
depends_on = ["p1"]
)",
                                                 "test.toml"),
                             monthly);
  EXPECT_EQ(*phase(r, "p1").built, Date::from_ymd(2025, 2, 15));
  EXPECT_EQ(*phase(r, "p2").start, Date::from_ymd(2025, 2, 15));
  EXPECT_EQ(*phase(r, "p2").built, Date::from_ymd(2025, 3, 17));
  // Both are under construction in February's row.
  EXPECT_DOUBLE_EQ(r.timeline.find("s_construction_it_mw")->at(1), 200.0);
}

}  // namespace
}  // namespace stargate

// Sweeps: grid parsing, the order of points, metrics that move the way the
// grid says, the same answer on any number of threads, and bad grid values
// reported once with the file's message.
#include "stargate/sweep.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "stargate/error.h"
#include "stargate/sweep_output.h"

namespace stargate {
namespace {

// Two halls on ample on-site power, so the second hall's online date — the
// site's full power — is set by construction alone: hall-1's duration, then
// hall-2's 3 months.
constexpr std::string_view kCampus = R"([scenario]
name = "Campus"
start = 2025-01-01
end = 2026-12-31

[entities.dev]
name = "Developer"
roles = ["developer"]

[sites.s]
pue = 1.25
[[sites.s.power]]
id = "gas"
kind = "onsite"
mw = "200MW"
online = 2025-01-01
price = "$45/MWh"
carbon_intensity = "0.5t/MWh"
[[sites.s.phases]]
id = "hall-1"
it_mw = "40MW"
start = 2025-01-01
duration = "6mo"
capex = "$500M"
payer = "dev"
profile = "linear"
[[sites.s.phases]]
id = "hall-2"
it_mw = "40MW"
duration = "3mo"
capex = "$500M"
payer = "dev"
depends_on = ["hall-1"]
)";

Scenario campus() { return Scenario::from_toml(kCampus, "campus.toml"); }

size_t metric(const SweepResults& r, std::string_view name) {
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    if (r.metrics[i].name == name) return i;
  }
  ADD_FAILURE() << "no metric " << name;
  return 0;
}

std::string date(double days) {
  return std::isnan(days) ? "none" : Date::from_days(static_cast<std::int32_t>(days)).to_string();
}

TEST(Sweep, GridValuesSplitAtTopLevelCommas) {
  const SweepAxis a = SweepAxis::parse(
      R"(tenants.t.inference.growth = { pert = ["30%", "54%", "80%"] }, 20%,"400,000", [1, 2])");
  EXPECT_EQ(a.path, "tenants.t.inference.growth");
  ASSERT_EQ(a.values.size(), 4u);
  EXPECT_EQ(a.values[0], R"({ pert = ["30%", "54%", "80%"] })");
  EXPECT_EQ(a.values[1], "20%");
  EXPECT_EQ(a.values[2], R"("400,000")");
  EXPECT_EQ(a.values[3], "[1, 2]");
  for (const char* bad : {"sites.s.pue", "sites.s.pue=1.2,,1.3", "sites.s.pue="}) {
    try {
      SweepAxis::parse(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.issues().at(0).where.file, "--grid") << bad;
    }
  }
}

// 3, 6 and 9 months for hall 1: hall 2 (3 months after it) and so the site
// reach full power on 2025-07-01, 2025-10-01 and 2026-01-01.
TEST(Sweep, ALongerPhaseGivesALaterFullPowerDate) {
  const SweepAxis axis = SweepAxis::parse("sites.s.phases.hall-1.duration=3mo,6mo,9mo");
  const SweepResults r = sweep(campus(), {&axis, 1});
  ASSERT_TRUE(r.complete);
  ASSERT_EQ(r.points.size(), 3u);
  const size_t full = metric(r, "sites.s.full_power_date");
  EXPECT_EQ(date(r.points[0].base[full]), "2025-07-01");
  EXPECT_EQ(date(r.points[1].base[full]), "2025-10-01");
  EXPECT_EQ(date(r.points[2].base[full]), "2026-01-01");
  const size_t online = metric(r, "totals.online_it_mw");
  for (const SweepPoint& p : r.points) EXPECT_EQ(p.base[online], 80.0);
}

TEST(Sweep, PointsInGridOrderTheSameOnAnyNumberOfThreads) {
  const std::vector<SweepAxis> axes = {
      SweepAxis::parse("sites.s.phases.hall-1.duration=3mo,9mo"),
      SweepAxis::parse("sites.s.phases.hall-2.duration=1mo,2mo,4mo")};
  SweepOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const SweepResults a = sweep(campus(), axes, one), b = sweep(campus(), axes, two);
  ASSERT_EQ(a.points.size(), 6u);
  EXPECT_EQ(a.points[1].values, (std::vector<std::string>{"3mo", "2mo"}));  // last axis fastest
  EXPECT_EQ(a.points[3].values, (std::vector<std::string>{"9mo", "1mo"}));
  const size_t full = metric(a, "sites.s.full_power_date");
  EXPECT_EQ(date(a.points[3].base[full]), "2025-11-01");  // 9 months, then 1
  EXPECT_EQ(sweep_csv(a), sweep_csv(b));
}

TEST(Sweep, CsvHasTheGridThenTheMetrics) {
  const SweepAxis axis = SweepAxis::parse("sites.s.phases.hall-1.duration=3mo,\"6mo\"");
  const std::string csv = sweep_csv(sweep(campus(), {&axis, 1}));
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header,
            "point,sites.s.phases.hall-1.duration,totals.online_it_mw,totals.peak_funding_gap_usd,"
            "program.usd_per_accelerator_hour,sites.s.full_power_date");
  EXPECT_NE(csv.find("\n1,3mo,80,0,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n2,\"\"\"6mo\"\"\",80,0,"), std::string::npos) << csv;  // quoted, RFC 4180
  EXPECT_NE(csv.find(",2025-10-01\n"), std::string::npos) << csv;
}

// A bad value is reported once, however many points have it, with the
// message a file gets, located at --grid.
TEST(Sweep, ABadGridValueFailsBeforeAnyRun) {
  const std::vector<SweepAxis> axes = {SweepAxis::parse("sites.s.pue=1.2,9"),
                                       SweepAxis::parse("sites.s.phases.hall-1.duration=3mo,6mo")};
  try {
    sweep(campus(), axes);
    FAIL() << "a PUE of 9 accepted";
  } catch (const Error& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].to_string(), "--grid: sites.s.pue: must be between 1 and 3, got 9");
  }
}

// Monte Carlo at each point: quantiles in order, and a later distribution of
// hall 1's duration moves the whole distribution of full power later.
TEST(Sweep, MonteCarloPerPointMovesTheQuantiles) {
  const SweepAxis axis = SweepAxis::parse(
      R"(sites.s.phases.hall-1.duration={ pert = ["2mo", "3mo", "5mo"] },{ pert = ["8mo", "9mo", "12mo"] })");
  SweepOptions o;
  o.trials = 64;
  o.threads = 1;
  const SweepResults r = sweep(campus(), {&axis, 1}, o);
  ASSERT_TRUE(r.monte_carlo);
  ASSERT_EQ(r.points.size(), 2u);
  const size_t full = metric(r, "sites.s.full_power_date");
  for (const SweepPoint& p : r.points) {
    EXPECT_LE(p.q[full][0], p.q[full][1]);
    EXPECT_LE(p.q[full][1], p.q[full][2]);
    EXPECT_LT(p.q[full][0], p.q[full][2]);  // the duration is uncertain
    EXPECT_EQ(p.never[full], 0.0);
  }
  EXPECT_LT(r.points[0].q[full][2], r.points[1].q[full][0]);  // P90 early < P10 late
  const std::string csv = sweep_csv(r);
  EXPECT_NE(csv.find("sites.s.full_power_date.p10,sites.s.full_power_date.p50,"
                     "sites.s.full_power_date.p90,sites.s.full_power_date.p_never"),
            std::string::npos)
      << csv;
}

TEST(Sweep, ACancelledSweepSaysSo) {
  const SweepAxis axis = SweepAxis::parse("sites.s.phases.hall-1.duration=3mo,6mo");
  std::atomic<bool> cancel{true};
  SweepOptions o;
  o.cancel = &cancel;
  const SweepResults r = sweep(campus(), {&axis, 1}, o);
  EXPECT_FALSE(r.complete);
  EXPECT_TRUE(r.points.empty());
}

}  // namespace
}  // namespace stargate

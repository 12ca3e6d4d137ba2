// Properties of the build-out, the fleet and energy over generated scenarios
// (tests/support/generate.h): each test loads and runs the first kSeeds
// scenarios through the public API and checks invariants of MODEL.md §1, §2,
// §4 and §8 and docs/model.md on every one of them (the checkers are in
// checks.h; property_checkers_test.cc shows that each can fail).
//
// A failure names the seed, what broke (expected vs actual), and a copy of the
// scenario written to the temporary directory, to re-run with
//   stargate run <file> [--step week|month]
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "properties/checks.h"
#include "stargate/output.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"
#include "support/generate.h"

namespace stargate::testing {
namespace {

// ---------------------------------------------------------------------------
// The generator

TEST(PropertyGenerator, ScenarioIsAPureFunctionOfTheSeed) {
  EXPECT_EQ(generate_scenario(42), generate_scenario(42));
  EXPECT_NE(generate_scenario(42), generate_scenario(43));
  // splitmix64, not std:: distributions: a seed gives the same text on every
  // platform. Seed 0's horizon, pinned (a change to the generator that moves
  // it moves every seed: update this and the repro files it names).
  const GeneratedScenario g = generate(0);
  EXPECT_EQ(g.start, Date::from_ymd(2025, 2, 19));
  EXPECT_EQ(g.end, Date::from_ymd(2027, 2, 18));
  EXPECT_NE(g.toml.find("start = 2025-02-19\nend = 2027-02-18\nstep = \"day\"\n"),
            std::string::npos);
  EXPECT_EQ(generate_scenario(0), g.toml);
}

TEST(PropertyGenerator, EverySeedGivesAValidScenario) {
  std::string report;
  int invalid = 0;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    try {
      (void)Scenario::from_toml(generate_scenario(seed), "generated.toml");
    } catch (const Error& e) {
      if (++invalid > 3) continue;
      report += "\n" + reproduce(seed, generate_scenario(seed), std::nullopt) + ": " + e.what();
      for (const Issue& i : e.issues()) report += "\n  " + i.to_string();
    }
  }
  EXPECT_EQ(invalid, 0) << report;
}

// The generator must reach the cases the properties are about; otherwise they
// would pass vacuously.
TEST(PropertyGenerator, CoversTheCasesThePropertiesAreAbout) {
  std::map<std::string, int> seen;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    std::string error;
    const std::optional<Case> c = run_case(seed, {}, error);
    ASSERT_TRUE(c) << "seed " << seed << ": " << error;
    const Results& r = c->results;
    ++seen["step " + r.step];
    if (r.retired.value() > 0) ++seen["accelerators retired"];
    if (r.waiting.value() > 0) ++seen["accelerators waiting at the end"];
    if (r.installed.value() > 0) ++seen["accelerators installed at the end"];
    if (r.orders.empty()) ++seen["no orders"];
    for (const OrderResult& o : r.orders) {
      if (o.paid_before_start.value() > 0) ++seen["order delivered before the start"];
      if (o.delivered.value() < o.count.value()) ++seen["order not all delivered"];
    }
    for (const PhaseResult& p : r.phases) {
      if (p.start && *p.start < r.start) ++seen["phase begun before the start"];
      if (p.built && *p.built < r.start) ++seen["phase built before the start"];
      if (!p.start) ++seen["phase never started"];
      if (p.built && !p.online) ++seen["phase built, never online"];
      if (p.start && !p.built) ++seen["phase still under construction at the end"];
      if (p.dependency_wait_days > 0) ++seen["phase waited for a dependency"];
      if (p.power_wait_days > 0 && p.online) ++seen["phase waited for power"];
    }
  }
  std::string all;
  for (const auto& [what, count] : seen) all += "\n  " + what + ": " + std::to_string(count);
  for (const char* what :
       {"step day", "step week", "step month", "accelerators retired",
        "accelerators waiting at the end", "accelerators installed at the end", "no orders",
        "order delivered before the start", "order not all delivered",
        "phase begun before the start", "phase built before the start", "phase never started",
        "phase built, never online", "phase still under construction at the end",
        "phase waited for a dependency", "phase waited for power"}) {
    EXPECT_GE(seen[what], 10) << what << " in fewer than 10 of " << kSeeds
                              << " scenarios; seen:" << all;
  }
}

// Across the first kSeeds scenarios, of the phases that come online, both
// construction and power set the online date for at least 10% (the results'
// CriticalPath), so the power rules are exercised as much as the build.
TEST(PropertyGenerator, ConstructionAndPowerAreEachTheCriticalPathOfAtLeastATenth) {
  int online = 0, construction = 0, power = 0;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    std::string error;
    const std::optional<Case> c = run_case(seed, {}, error);
    ASSERT_TRUE(c) << "seed " << seed << ": " << error;
    for (const PhaseResult& p : c->results.phases) {
      if (!p.online) continue;
      ++online;
      if (p.critical_path == CriticalPath::kConstruction) ++construction;
      if (p.critical_path == CriticalPath::kPower) ++power;
    }
  }
  ASSERT_GT(online, 0);
  const double cs = static_cast<double>(construction) / online;
  const double ps = static_cast<double>(power) / online;
  std::cout << "[ shares   ] " << online << " phases online over " << kSeeds
            << " seeds: construction " << construction << " (" << 100.0 * cs << "%), power "
            << power << " (" << 100.0 * ps << "%)\n";
  EXPECT_GE(cs, 0.10) << construction << " of " << online;
  EXPECT_GE(ps, 0.10) << power << " of " << online;
}

TEST(PropertyGenerator, LargeScenarioIsValidRegularAndSpread) {
  const std::string toml = generate_large_scenario(100, 10, 50, 10);
  EXPECT_EQ(toml, generate_large_scenario(100, 10, 50, 10));
  const Scenario big = Scenario::from_toml(toml, "large.toml");
  EXPECT_EQ(big.counts(),
            "2 entities, 100 sites, 300 power blocks, 1000 phases, 50 orders, 0 uncertain inputs");
  EXPECT_NE(toml.find("end = 2034-12-31\n"), std::string::npos);
  // A small one of the same shape runs, brings phases online in at least
  // three different years, installs accelerators, and keeps the invariants
  // that need nothing from the generator.
  const Results r =
      simulate(Scenario::from_toml(generate_large_scenario(6, 4, 3, 4), "large-small.toml"));
  std::map<int, int> online_by_year;
  for (const PhaseResult& p : r.phases) {
    if (p.online) ++online_by_year[p.online->year()];
  }
  EXPECT_GE(online_by_year.size(), 3u);
  EXPECT_GT(r.installed.value(), 0.0);
  for (Check check : {check_accelerators, check_capex_flows}) {
    const Violations v = check(GeneratedScenario{}, r);
    EXPECT_TRUE(v.empty()) << v.front();
  }
}

// ---------------------------------------------------------------------------
// Properties, each over every seed with the scenario's own step (mostly a
// day, a fifth weekly or monthly)

TEST(Properties, InstalledLoadFitsOnlineMwAndPower) { check_every_seed(std::nullopt, check_power); }

TEST(Properties, BuiltPhasesWaitForPowerOnlyWhenTheyDoNotFit) {
  check_every_seed(std::nullopt, check_power_waits);
}

TEST(Properties, FacilityLoadIsInstalledUpTimesWattsUtilisationAndPue) {
  check_every_seed(std::nullopt, check_facility_load);
}

TEST(Properties, EveryDeliveredAcceleratorIsInstalledWaitingOrRetired) {
  check_every_seed(std::nullopt, check_accelerators);
}

TEST(Properties, OrdersAreDeliveredAndPaidOnTheirLotDates) {
  check_every_seed(std::nullopt, check_orders);
}

TEST(Properties, AcceleratorsRetireOnlyAfterTheirUsefulLife) {
  check_every_seed(std::nullopt, check_retirement);
}

TEST(Properties, PhaseCapexStaysWithinBudgetOnItsProfileAndIsAllSpentOnceBuilt) {
  check_every_seed(std::nullopt, check_capex);
}

TEST(Properties, NoPhaseStartsBuildsOrComesOnlineEarly) {
  check_every_seed(std::nullopt, check_dates);
}

TEST(Properties, TimelineCapexAddsUpToTheTotals) {
  check_every_seed(std::nullopt, check_capex_flows);
}

TEST(Properties, EnergyIsLoadTimesHoursDispatchedGridFirstAndAddsUp) {
  check_every_seed(std::nullopt, check_energy);
}

TEST(Properties, RunsAreBitIdentical) {
  RunOptions quiet;
  quiet.record_timeline = false;
  check_every_seed(RunOptions{}, [&](const Case& c) {
    const Scenario s = Scenario::from_toml(c.scenario.toml, "again.toml");
    Violations v = compare_outputs(c.results, simulate(s), "a repeated run");
    if (summary_json(c.results, "") != summary_json(simulate(s, quiet), "")) {
      v.push_back("summary.json differs when the timeline is not recorded");
    }
    return v;
  });
}

// The same scenarios in weekly and monthly steps keep every physical
// invariant (changes then take effect at step boundaries, never earlier than
// the rules allow).
TEST(Properties, WeeklyStepsKeepThePhysicalInvariants) {
  check_every_seed(StepKind::kWeek, check_physical);
}

TEST(Properties, MonthlyStepsKeepThePhysicalInvariants) {
  check_every_seed(StepKind::kMonth, check_physical);
}

// docs/model.md: a phase starts on the later of its start date and its
// dependencies' built dates, and "Duration is a calendar duration from the
// actual start"; only power blocks, retirements and coming online are
// rounded to step boundaries; the timeline's construction and awaiting-power
// MW follow these dates. This holds with daily steps.
TEST(Properties, PhasesAreBuiltExactlyTheirDurationAfterTheirStartInDailySteps) {
  check_every_seed(StepKind::kDay, check_exact_dates);
}

// With weekly or monthly steps too: a phase whose dependency is built
// mid-step starts on that date within the step (regression test:
// Buildout.DependentStartsMidStepWithMonthlySteps).
TEST(Properties, PhasesAreBuiltExactlyTheirDurationAfterTheirStartInWeeklyAndMonthlySteps) {
  check_every_seed(StepKind::kWeek, check_exact_dates);
  check_every_seed(StepKind::kMonth, check_exact_dates);
}

}  // namespace
}  // namespace stargate::testing

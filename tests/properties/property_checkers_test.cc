// The property checkers (checks.h) can fail: a good result, tampered with in
// one way at a time, is caught by the checker of that property.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "properties/checks.h"
#include "stargate/results.h"
#include "support/generate.h"

namespace stargate::testing {
namespace {

// The first seed, in daily steps, whose first site has accelerators of one
// wattage installed and some retired overall.
Case rich_case() {
  RunOptions daily;
  daily.step = StepKind::kDay;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    std::string error;
    std::optional<Case> c = run_case(seed, daily, error);
    if (!c || c->results.retired.value() <= 0.0) continue;
    const std::string& site = c->scenario.sites.front().id;
    if (site_watts_up(c->scenario, site) && c->results.sites.front().installed.value() > 0.0 &&
        !c->scenario.sites.front().power.empty()) {
      return std::move(*c);
    }
  }
  throw std::runtime_error("no seed with installed and retired accelerators of one type per site");
}

// Sets series `name` to `value` at step k, keeping the other steps.
void poke(Results& r, const std::string& name, std::int32_t k, double value) {
  for (Series& s : r.timeline.series) {
    if (s.name != name) continue;
    const Series copy = s;
    s.steps.clear();
    s.values.clear();
    for (std::int32_t j = 0; j < r.timeline.steps(); ++j) s.set(j, j == k ? value : copy.at(j));
    return;
  }
  throw std::runtime_error("no series " + name);
}

// The last step at which the series is positive.
std::int32_t last_positive(const Results& r, const std::string& name) {
  const Series* s = r.timeline.find(name);
  for (std::int32_t k = r.timeline.steps() - 1; s && k >= 0; --k) {
    if (s->at(k) > 0.0) return k;
  }
  throw std::runtime_error("series " + name + " is never positive");
}

TEST(PropertyCheckersCatch, ViolationsOfEachProperty) {
  const Case c = rich_case();
  const GeneratedScenario& g = c.scenario;
  const Violations good = check_physical(g, c.results);
  ASSERT_TRUE(good.empty()) << "seed " << c.seed << ": " << good.front();
  ASSERT_TRUE(check_exact_dates(g, c.results).empty());
  const std::string site = c.results.sites.front().id;
  const std::int32_t k = last_positive(c.results, site + "_facility_load_mw");
  auto expect_caught = [&](const char* what, Check check,
                           const std::function<void(Results&)>& tamper) {
    Results r = c.results;
    tamper(r);
    EXPECT_FALSE(check(g, r).empty()) << what << " (seed " << c.seed << ") was not caught";
  };
  expect_caught("load above online IT × PUE", check_power,
                [&](Results& r) { poke(r, site + "_online_it_mw", k, 0.0); });
  expect_caught("load above power", check_power,
                [&](Results& r) { poke(r, site + "_power_mw", k, 0.0); });
  expect_caught("waiting with room", check_power, [&](Results& r) {
    poke(r, site + "_installed_accelerators", k, 0.0);
    poke(r, site + "_waiting_accelerators", k, 1.0);
  });
  expect_caught("a phase waiting for power it had", check_power_waits, [&](Results& r) {
    poke(r, site + "_power_mw", k, 1e9);
    for (PhaseResult& p : r.phases) {
      if (p.site == site && p.built) p.online.reset();
    }
  });
  expect_caught("load not installed × watts", check_facility_load,
                [&](Results& r) { poke(r, site + "_facility_load_mw", k, 1e-3); });
  expect_caught("an accelerator lost", check_accelerators,
                [](Results& r) { r.retired += Accelerators(1.0); });
  expect_caught("a site with too many installed", check_accelerators,
                [](Results& r) { r.sites.front().installed += Accelerators(1.0); });
  expect_caught("a lot not delivered", check_orders,
                [](Results& r) { r.orders.front().delivered += Accelerators(-1.0); });
  expect_caught("a lot paid in the wrong step", check_orders,
                [&](Results& r) { poke(r, "chip_capex_usd", k, 1e6); });
  expect_caught("an early retirement", check_retirement, [&](Results& r) {
    poke(r, site + "_installed_accelerators", 1, 0.0);
    poke(r, site + "_installed_accelerators", 0, 1e9);
  });
  expect_caught("capex over budget", check_capex,
                [](Results& r) { r.phases.front().spent += Usd(1e6); });
  expect_caught("built with capex unspent", check_capex, [](Results& r) {
    for (PhaseResult& p : r.phases) p.spent = p.spent * 0.5;
  });
  expect_caught("built too early", check_dates, [](Results& r) {
    for (PhaseResult& p : r.phases) {
      if (p.built) p.built = p.start;
    }
  });
  expect_caught("online before built", check_dates, [](Results& r) {
    for (PhaseResult& p : r.phases) {
      if (p.online) p.online = *p.built - 1;
    }
  });
  expect_caught("started before its start date", check_dates, [&](Results& r) {
    for (PhaseResult& p : r.phases) {
      if (p.start) p.start = *p.start - 100000;
    }
  });
  expect_caught("a wrong critical path", check_dates, [](Results& r) {
    for (PhaseResult& p : r.phases) p.critical_path = CriticalPath::kMoney;
  });
  expect_caught("under construction after it was built", check_exact_dates,
                [&](Results& r) { poke(r, site + "_construction_it_mw", k, 1.0); });
  expect_caught("built a day late", check_exact_dates, [](Results& r) {
    for (PhaseResult& p : r.phases) {
      if (p.built) p.built = *p.built + 1;
    }
  });
  expect_caught("construction capex not in the timeline", check_capex_flows,
                [](Results& r) { r.construction_capex = r.construction_capex * 1.001 + Usd(1.0); });
  expect_caught("chip capex not in the timeline", check_capex_flows,
                [](Results& r) { r.chip_capex = r.chip_capex * 1.001 + Usd(1.0); });
  expect_caught("energy not in the timeline", check_energy,
                [](Results& r) { r.energy.total = r.energy.total * 1.001 + MegawattHours(1.0); });
  expect_caught("energy not load × hours", check_energy,
                [&](Results& r) { poke(r, "energy_mwh", k, 1e6); });
  expect_caught("energy from the wrong kind of source", check_energy, [&](Results& r) {
    // Move the step's energy from one kind of source to the other.
    const double grid = r.timeline.find("grid_energy_mwh")->at(k);
    const double onsite = r.timeline.find("onsite_energy_mwh")->at(k);
    poke(r, "grid_energy_mwh", k, onsite > 0.0 ? grid + onsite : 0.0);
    poke(r, "onsite_energy_mwh", k, onsite > 0.0 ? 0.0 : grid);
  });
  Results other = c.results;
  other.energy.total += MegawattHours(1.0);
  EXPECT_FALSE(compare_outputs(c.results, other, "tampered").empty());
  other = c.results;
  poke(other, "energy_mwh", k, 123.0);
  EXPECT_FALSE(compare_outputs(c.results, other, "tampered").empty());
}

TEST(PropertyCheckersCatch, DateArithmeticIsCalendarMonths) {
  EXPECT_EQ(add_duration(Date::from_ymd(2025, 1, 31), Duration::months(1)),
            Date::from_ymd(2025, 2, 28));
  EXPECT_EQ(add_duration(Date::from_ymd(2024, 1, 31), Duration::months(1)),
            Date::from_ymd(2024, 2, 29));
  EXPECT_EQ(add_duration(Date::from_ymd(2024, 2, 29), Duration::years(1)),
            Date::from_ymd(2025, 2, 28));
  EXPECT_EQ(add_duration(Date::from_ymd(2025, 11, 15), Duration::months(3)),
            Date::from_ymd(2026, 2, 15));
  EXPECT_EQ(add_duration(Date::from_ymd(2025, 1, 1), Duration::days(365)),
            Date::from_ymd(2026, 1, 1));
}

TEST(PropertyCheckersCatch, LotsSplitIntoWholeNumbersThatAddUp) {
  GeneratedOrder o;
  o.lot_weights = {1.0, 1.0, 1.0};
  EXPECT_EQ(lot_counts(o, 10.0), (std::vector<double>{3.0, 4.0, 3.0}));  // round(3.33), round(6.67)
  o.lot_weights = {14.0, 86.0};
  EXPECT_EQ(lot_counts(o, 116666.0), (std::vector<double>{16333.0, 100333.0}));
  o.lot_counts = true;
  o.lot_weights = {5.0, 0.0, 7.0};
  EXPECT_EQ(lot_counts(o, 12.0), (std::vector<double>{5.0, 0.0, 7.0}));
}

}  // namespace
}  // namespace stargate::testing

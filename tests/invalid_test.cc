// Bad scenarios with their expected diagnostics, and good ones that must load.
//
// Each tests/invalid/*.toml holds one kind of mistake and, as comment lines,
// every issue the loader must report, in order:
//
//   # expect: LINE:COL: key.path: message (hint)
//
// The test loads the file, expects Error{kInvalidScenario}, and compares each
// Issue::to_string() (without the leading "<file>:") with those lines, word for
// word. Each tests/valid/*.toml must load without an issue; a few of them have
// their values checked below.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scenario/spec.h"
#include "stargate/error.h"
#include "stargate/scenario.h"

namespace stargate {
namespace {

namespace fs = std::filesystem;

std::string data_dir(const char* name) {
  return std::string(STARGATE_SOURCE_DIR) + "/tests/" + name;
}

// The .toml files of tests/<name>, sorted, as file names.
std::vector<std::string> files_in(const char* name) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(data_dir(name), ec)) {
    if (e.path().extension() == ".toml") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "dates_before_start.toml" → "dates_before_start": gtest names are words.
std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& c : name) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!word) c = '_';
  }
  return name;
}

std::vector<std::string> expected_issues(const std::string& path) {
  static const std::string kPrefix = "# expect: ";
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (line.compare(0, kPrefix.size(), kPrefix) == 0) out.push_back(line.substr(kPrefix.size()));
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "  " + l + "\n";
  return out;
}

class InvalidScenario : public testing::TestWithParam<std::string> {};

TEST_P(InvalidScenario, ReportsExactlyTheExpectedIssues) {
  const std::string path = data_dir("invalid") + "/" + GetParam();
  const std::vector<std::string> expected = expected_issues(path);
  ASSERT_FALSE(expected.empty()) << path << " has no '# expect:' line";
  try {
    Scenario::load(path);
    FAIL() << path << " loaded, but should report:\n" << joined(expected);
  } catch (const Error& e) {
    ASSERT_EQ(e.kind(), ErrorKind::kInvalidScenario) << e.what();
    std::vector<std::string> actual;
    const std::string prefix = path + ":";
    for (const Issue& issue : e.issues()) {
      std::string text = issue.to_string();
      EXPECT_EQ(text.compare(0, prefix.size(), prefix), 0)
          << "issue not located in the file: " << text;
      if (text.compare(0, prefix.size(), prefix) == 0) text.erase(0, prefix.size());
      actual.push_back(std::move(text));
    }
    EXPECT_EQ(actual, expected) << "expected:\n"
                                << joined(expected) << "actual:\n"
                                << joined(actual);
  }
}

INSTANTIATE_TEST_SUITE_P(Files, InvalidScenario, testing::ValuesIn(files_in("invalid")), test_name);

class ValidScenario : public testing::TestWithParam<std::string> {};

TEST_P(ValidScenario, LoadsWithoutAnIssue) {
  const std::string path = data_dir("valid") + "/" + GetParam();
  try {
    Scenario::load(path);
  } catch (const Error& e) {
    std::vector<std::string> issues;
    for (const Issue& i : e.issues()) issues.push_back(i.to_string());
    FAIL() << e.what() << "\n" << joined(issues);
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ValidScenario, testing::ValuesIn(files_in("valid")), test_name);

TEST(ScenarioFiles, BothDirectoriesHaveFiles) {
  // A moved directory would otherwise leave the suites above empty and green.
  EXPECT_GE(files_in("invalid").size(), 30u);
  EXPECT_GE(files_in("valid").size(), 2u);
}

const UncertainInput& uncertain(const ScenarioSpec& s, std::string_view key_path) {
  for (const UncertainInput& u : s.uncertain) {
    if (u.key_path == key_path) return u;
  }
  throw Error(ErrorKind::kInternal, "no uncertain input " + std::string(key_path));
}

TEST(ValidScenarioValues, DatesBeforeTheStartAreKept) {
  // MODEL.md §1: a phase or order may be dated before the start.
  const Scenario scenario = Scenario::load(data_dir("valid") + "/dates_before_start.toml");
  const ScenarioSpec& s = scenario.spec();
  ASSERT_EQ(s.sites.size(), 1u);
  ASSERT_EQ(s.sites[0].phases.size(), 1u);
  ASSERT_TRUE(s.sites[0].phases[0].start.has_value());
  EXPECT_EQ(s.sites[0].phases[0].start->base, Date::from_ymd(2024, 6, 1));
  EXPECT_LT(s.sites[0].phases[0].start->base, s.info.start);
  ASSERT_EQ(s.sites[0].power.size(), 2u);
  EXPECT_EQ(s.sites[0].power[0].online.base, Date::from_ymd(2023, 1, 1));
  // The last day of the horizon is inside it.
  EXPECT_EQ(s.sites[0].power[1].online.base, s.info.end);
  ASSERT_EQ(s.orders.size(), 2u);
  ASSERT_TRUE(s.orders[0].ordered.has_value());
  EXPECT_EQ(s.orders[0].ordered->base, Date::from_ymd(2024, 3, 1));
  ASSERT_EQ(s.orders[1].deliveries.size(), 2u);
  EXPECT_EQ(s.orders[1].deliveries[0].date.base, Date::from_ymd(2024, 12, 1));
}

TEST(ValidScenarioValues, UncertainInputsTakeTheirBaseValues) {
  const Scenario scenario = Scenario::load(data_dir("valid") + "/uncertain_inputs.toml");
  const ScenarioSpec& s = scenario.spec();
  ASSERT_EQ(s.sites.size(), 1u);
  const SiteSpec& site = s.sites[0];
  ASSERT_EQ(site.phases.size(), 2u);
  const PhaseSpec& a = site.phases[0];
  const PhaseSpec& b = site.phases[1];

  // A lognormal duration is strictly positive: valid although duration must
  // be greater than 0. Base: the median, in the unit written.
  EXPECT_EQ(a.duration.base, Duration::months(12));
  EXPECT_TRUE(a.duration.is_uncertain());
  // A pert of power; base: the mode.
  EXPECT_EQ(a.it_mw.base.value(), 40.0);
  // A normal truncated at 0 (money must not be negative); base: the mean.
  ASSERT_TRUE(a.capex.has_value());
  EXPECT_EQ(a.capex->base.value(), 1e9);
  EXPECT_EQ(uncertain(s, "sites.alpha.phases.a.capex").dist.lower, 0.0);
  // Utilisation: a uniform from 80% to 100%; base: the midpoint.
  EXPECT_EQ(site.utilisation.base.value(), 0.9);

  // A normal in months with a truncation bound in days: all held in mean days
  // (12mo = 365.2425d), so the bound is not read as 300 months.
  const UncertainInput& d = uncertain(s, "sites.alpha.phases.b.duration");
  EXPECT_EQ(d.duration_unit, Duration::Unit::kDays);
  EXPECT_EQ(d.dist.params[0], 365.2425);
  ASSERT_TRUE(d.dist.lower.has_value());
  EXPECT_EQ(*d.dist.lower, 300.0);
  EXPECT_EQ(b.duration.base, Duration::days(365.2425));
  // A choice truncated by min: the most likely value the bound keeps.
  ASSERT_TRUE(b.capex.has_value());
  EXPECT_EQ(b.capex->base.value(), 2e9);
  // A normal on a date with its spread in months: the sd is held in days.
  ASSERT_TRUE(b.start.has_value());
  EXPECT_EQ(b.start->base, Date::from_ymd(2025, 6, 1));
  EXPECT_EQ(uncertain(s, "sites.alpha.phases.b.start").dist.params[1], 30.436875);
}

}  // namespace
}  // namespace stargate

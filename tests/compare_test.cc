// `stargate compare` on whole scenarios: a scenario against itself, two
// scenarios one input apart, a scenario against its own result folder, and
// folders that are not result folders.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "scenario/spec.h"
#include "stargate/compare.h"
#include "stargate/error.h"
#include "stargate/output.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

namespace fs = std::filesystem;

std::string tiny_toml() {
  std::ifstream in(fs::path(STARGATE_SOURCE_DIR) / "tests/transcripts/tiny.toml");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// tiny.toml with its second hall's capex raised from $500M to $600M.
std::string tiny_with_dearer_hall2() {
  std::string text = tiny_toml();
  const size_t hall2 = text.find("id = \"hall-2\"");
  const size_t capex = text.find("capex = \"$500M\"", hall2);
  EXPECT_NE(capex, std::string::npos);
  text.replace(capex, 15, "capex = \"$600M\"");
  return text;
}

std::map<std::string, const MetricDifference*> changed(const Comparison& c) {
  std::map<std::string, const MetricDifference*> out;
  for (const MetricDifference& m : c.metrics) {
    if (m.changed) out[m.key] = &m;
  }
  return out;
}

TEST(Compare, ScenarioWithItselfHasNoDifferences) {
  const Scenario s = Scenario::builtin();
  const Comparison c = compare(run_side(s, "a"), run_side(s, "b"));
  EXPECT_TRUE(c.inputs_compared);
  EXPECT_TRUE(c.inputs.empty());
  EXPECT_EQ(c.inputs_total, [&] {
    std::set<std::string> keys;
    for (const InputRecord& in : s.spec().inputs) keys.insert(in.key_path);
    return keys.size();
  }());
  EXPECT_GT(c.metrics.size(), 500u);
  EXPECT_EQ(c.changed_count(), 0u);
  for (const MetricDifference& m : c.metrics) {
    ASSERT_TRUE(m.in_a && m.in_b) << m.key;
    if (m.change) {
      EXPECT_EQ(*m.change, 0.0) << m.key;
    }
  }
  const std::string text = comparison_text(c, false);
  EXPECT_NE(text.find("Inputs: none differ"), std::string::npos) << text;
  EXPECT_NE(text.find("Metrics: none differ (" + std::to_string(c.metrics.size()) + " compared)"),
            std::string::npos)
      << text;
}

TEST(Compare, OneChangedInputShowsThatInputAndTheMetricsItMoved) {
  const Comparison c =
      compare(run_side(Scenario::from_toml(tiny_toml(), "a.toml"), "a"),
              run_side(Scenario::from_toml(tiny_with_dearer_hall2(), "b.toml"), "b"));
  ASSERT_EQ(c.inputs.size(), 1u);
  EXPECT_EQ(c.inputs[0].key, "sites.tiny.phases.hall-2.capex");
  EXPECT_EQ(c.inputs[0].a, "$500M");
  EXPECT_EQ(c.inputs[0].b, "$600M");
  EXPECT_EQ(c.inputs[0].unit, "USD");

  // $100M more construction, all paid by `dev` within the horizon: the
  // phase, the capex total and dev's money move; dates, energy and
  // accelerators do not. Dev's returns and the cost of compute move with
  // its money; its terminal value with the dearer building's book value.
  const auto moved = changed(c);
  std::set<std::string> keys;
  for (const auto& [k, m] : moved) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{
                      "phases[tiny/hall-2].capex_usd",
                      "phases[tiny/hall-2].spent_usd",
                      "totals.capex.construction_usd",
                      "capital.entities[dev].paid_in_usd",
                      "capital.entities[dev].cash_end_usd",
                      "capital.entities[dev].terminal_value_usd",
                      "capital.entities[dev].irr",
                      "capital.entities[dev].npv_usd",
                      "capital.program.usd_per_accelerator_hour",
                      "capital.program.usd_per_pflop_day",
                  }));
  const MetricDifference& capex = *moved.at("phases[tiny/hall-2].capex_usd");
  EXPECT_EQ(capex.unit, "USD");
  EXPECT_DOUBLE_EQ(capex.a.number, 500e6);
  EXPECT_DOUBLE_EQ(capex.b.number, 600e6);
  EXPECT_DOUBLE_EQ(*capex.change, 100e6);
  EXPECT_DOUBLE_EQ(*capex.relative, 0.2);
  const MetricDifference& total = *moved.at("totals.capex.construction_usd");
  EXPECT_DOUBLE_EQ(*total.change, 100e6);
  EXPECT_DOUBLE_EQ(*total.relative, 0.1);  // $1B → $1.1B
  EXPECT_DOUBLE_EQ(*moved.at("capital.entities[dev].cash_end_usd")->change, -100e6);
  EXPECT_EQ(c.changed_count(), keys.size());

  // The terminal shows the input and each moved metric, biggest change first.
  const std::string text = comparison_text(c, false);
  EXPECT_NE(text.find("sites.tiny.phases.hall-2.capex   $500M   $600M"), std::string::npos) << text;
  EXPECT_NE(text.find("Metrics that differ: 10 of " + std::to_string(c.metrics.size())),
            std::string::npos)
      << text;
  EXPECT_LT(text.find("phases[tiny/hall-2].capex_usd"), text.find("totals.capex.construction_usd"))
      << text;
  EXPECT_EQ(text.find("hall-1"), std::string::npos) << text;
}

TEST(Compare, AnInputOnOneSideOnlyDiffers) {
  std::string b = tiny_toml();
  const size_t hall2 = b.find("id = \"hall-2\"");
  b.insert(b.find("payer = \"dev\"", hall2), "profile = \"linear\"\n");
  const Comparison c = compare(run_side(Scenario::from_toml(tiny_toml(), "a.toml"), "a"),
                               run_side(Scenario::from_toml(b, "b.toml"), "b"));
  ASSERT_EQ(c.inputs.size(), 1u) << comparison_text(c, false);
  EXPECT_EQ(c.inputs[0].key, "sites.tiny.phases.hall-2.profile");
  EXPECT_FALSE(c.inputs[0].a.has_value());
  EXPECT_EQ(c.inputs[0].b, "linear");
  EXPECT_NE(comparison_text(c, false).find("(absent)"), std::string::npos);
}

TEST(Compare, TheSameValueWrittenInAnotherUnitIsNoDifference) {
  std::string b = tiny_toml();
  b.replace(b.find("capex = \"$500M\""), 15, "capex = \"$0.5B\"");
  const Comparison c = compare(run_side(Scenario::from_toml(tiny_toml(), "a.toml"), "a"),
                               run_side(Scenario::from_toml(b, "b.toml"), "b"));
  EXPECT_TRUE(c.inputs.empty()) << comparison_text(c, false);
  EXPECT_EQ(c.changed_count(), 0u);
}

class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() / ("stargate-compare-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(Compare, AResultFolderComparesLikeTheScenarioItCameFrom) {
  const Scenario s = Scenario::builtin();
  const TempDir tmp;
  const std::string dir = (tmp.path() / "run").string();
  write_outputs(simulate(s), dir, {/*monthly=*/true, "2025-01-01T00:00:00Z", {}});
  const Comparison c = compare(run_side(s, "stargate-2025-01"), read_side(dir));
  EXPECT_FALSE(c.inputs_compared);
  EXPECT_TRUE(c.inputs.empty());
  EXPECT_EQ(c.changed_count(), 0u) << comparison_text(c, false);
  for (const MetricDifference& m : c.metrics) EXPECT_TRUE(m.in_a && m.in_b) << m.key;
  EXPECT_EQ(c.b.scenario_id, "stargate-2025-01");
  EXPECT_EQ(c.b.result_label, "base case");
  EXPECT_FALSE(c.b.is_scenario);

  // Both timelines are monthly, series for series and value for value: what
  // overlaid charts draw.
  ASSERT_EQ(c.shared_series(), c.a.timeline.names);
  ASSERT_EQ(c.a.timeline.dates, c.b.timeline.dates);
  EXPECT_TRUE(c.b.timeline.monthly);
  for (const std::string& name : c.shared_series()) {
    EXPECT_EQ(*c.a.timeline.column(name), *c.b.timeline.column(name)) << name;
  }
  EXPECT_NE(comparison_text(c, false).find("(result folder)"), std::string::npos);
}

TEST(Compare, JsonHasEveryMetricWithBothValues) {
  const Comparison c =
      compare(run_side(Scenario::from_toml(tiny_toml(), "a.toml"), "a"),
              run_side(Scenario::from_toml(tiny_with_dearer_hall2(), "b.toml"), "b"));
  const nlohmann::json j = nlohmann::json::parse(comparison_json(c));
  EXPECT_EQ(j["a"]["kind"], "scenario");
  EXPECT_EQ(j["inputs"]["differ"].size(), 1u);
  EXPECT_EQ(j["metrics"]["total"], c.metrics.size());
  EXPECT_EQ(j["metrics"]["changed"], 10);
  EXPECT_EQ(j["metrics"]["items"].size(), c.metrics.size());
  for (const auto& m : j["metrics"]["items"]) {
    if (m["key"] == "phases[tiny/hall-2].capex_usd") {
      EXPECT_EQ(m["a"], 500e6);
      EXPECT_EQ(m["b"], 600e6);
      EXPECT_EQ(m["change"], 100e6);
      EXPECT_EQ(m["changed"], true);
    }
    if (m["key"] == "phases[tiny/hall-2].online") {
      EXPECT_EQ(m["a"], "2026-01-01");
      EXPECT_EQ(m["change"], 0.0);
      EXPECT_EQ(m["changed"], false);
    }
  }
}

TEST(Compare, FoldersThatAreNotResultFoldersAreIoErrors) {
  const TempDir tmp;
  auto message = [](const std::string& dir) {
    try {
      read_side(dir);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kIo);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string missing = (tmp.path() / "missing").string();
  EXPECT_EQ(message(missing), "no result folder '" + missing + "': it does not exist");
  const std::string empty = tmp.path().string();
  EXPECT_EQ(message(empty), "'" + empty +
                                "' is not a result folder: it has no summary.json (`stargate run "
                                "--out` writes one)");
  std::ofstream(tmp.path() / "summary.json") << "[1, 2]";
  std::ofstream(tmp.path() / "timeline.csv") << "date,x\n2025-01-01,1\n";
  EXPECT_EQ(message(empty), "'" + (tmp.path() / "summary.json").string() +
                                "' is not a summary.json: not a JSON object");
}

}  // namespace
}  // namespace stargate

// The data of a comparison's report (report_compare.cc): a scenario against
// itself differs nowhere — no input, no metric, every overlaid chart's two
// lines one on the other — and one input overridden with --set is the one
// input listed, with the metrics it moves highlighted.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "stargate/compare.h"
#include "stargate/report.h"

namespace stargate {
namespace {

using Json = nlohmann::json;

const Json* find_block(const Json& data, const std::string& id) {
  for (const Json& s : data["sections"]) {
    for (const Json& b : s["blocks"]) {
      if (b.value("id", "") == id) return &b;
    }
  }
  return nullptr;
}

const Json& section(const Json& data, const std::string& id) {
  for (const Json& s : data["sections"]) {
    if (s["id"] == id) return s;
  }
  throw std::runtime_error("no section " + id);
}

// Each overlaid chart's rows by series: date → value.
std::map<std::string, std::map<std::string, double>> lines(const Json& chart) {
  std::map<std::string, std::map<std::string, double>> out;
  for (const Json& r : chart["spec"]["data"]["values"]) out[r["series"]][r["date"]] = r["value"];
  return out;
}

struct Case {
  Comparison c;
  Json data;
};

Case with_itself() {
  const Scenario s = Scenario::builtin();
  Comparison c = compare(run_side(s, "stargate-2025-01"), run_side(s, "stargate-2025-01"));
  Json data = Json::parse(compare_report_data_json(c, {"2025-01-01T00:00:00Z"}));
  return {std::move(c), std::move(data)};
}

const Case& itself() {
  static const Case kCase = with_itself();
  return kCase;
}

TEST(CompareReportData, ScenarioWithItselfDiffersNowhere) {
  const Json& data = itself().data;
  std::vector<std::string> ids;
  for (const Json& s : data["sections"]) ids.push_back(s["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"differ", "charts", "metrics"}));
  EXPECT_EQ(data["label"], "comparison");
  EXPECT_EQ(data["title"], "stargate-2025-01 vs stargate-2025-01");
  // No input differs: no table of them, and the reading says so.
  EXPECT_EQ(find_block(data, "inputs-differ"), nullptr);
  EXPECT_NE(section(data, "differ")["reading"].get<std::string>().find("no input differs"),
            std::string::npos);
  EXPECT_EQ(find_block(data, "largest-changes"), nullptr);
  // Every metric is listed, none highlighted, no change shown.
  const Json& table = *find_block(data, "metric-table");
  EXPECT_EQ(table["rows"].size(), itself().c.metrics.size());
  EXPECT_GT(table["rows"].size(), 500u);
  EXPECT_TRUE(table["highlight"].empty());
  for (const Json& row : table["rows"]) {
    EXPECT_EQ(row[2], row[3]) << row[0];  // A and B
    EXPECT_EQ(row[4], "") << row[0];      // change
    EXPECT_EQ(row[5], "") << row[0];      // relative
  }
  for (const Json& f : section(data, "differ")["blocks"][0]["items"]) {
    for (const Json& v : f["values"]) {
      EXPECT_FALSE(v["changed"].get<bool>()) << v["key"];
      if (!v["change"].is_null()) {
        EXPECT_EQ(v["change"].get<double>(), 0.0) << v["key"];
      }
    }
  }
}

// Both lines of every overlaid chart, month for month: the same.
TEST(CompareReportData, ScenarioWithItselfDrawsOneLineOnTheOther) {
  const Json& charts = section(itself().data, "charts")["blocks"];
  std::set<std::string> ids;
  for (const Json& b : charts) {
    ids.insert(b["id"]);
    const auto by_series = lines(b);
    ASSERT_EQ(by_series.size(), 2u) << b["id"];
    const auto& a = by_series.at("A: stargate-2025-01");
    const auto& bb = by_series.at("B: stargate-2025-01");
    EXPECT_EQ(a, bb) << b["id"];
    EXPECT_GT(a.size(), 70u) << b["id"];  // 2025-01 … 2030-12, and the closing point
  }
  // The key series of the brief: IT power, the funding gap, cash, the
  // tenant's compute and its cumulative training FLOP.
  EXPECT_EQ(ids, (std::set<std::string>{"overlay-online", "overlay-funding-gap", "overlay-cash",
                                        "overlay-served-openai", "overlay-training-openai"}));
}

TEST(CompareReportData, OneOverriddenInputIsListedAndWhatItMovesHighlighted) {
  const Scenario a = Scenario::builtin();
  const Scenario b = Scenario::builtin(
      kDefaultScenario, {Override::parse("sites.abilene.phases.phase2.duration=30mo")});
  const Comparison c = compare(run_side(a, "stargate-2025-01"), run_side(b, "abilene-slow.toml"));
  const Json data = Json::parse(compare_report_data_json(c, {}));
  const Json* inputs = find_block(data, "inputs-differ");
  ASSERT_NE(inputs, nullptr);
  ASSERT_EQ((*inputs)["rows"].size(), 1u);
  const Json& row = (*inputs)["rows"][0];
  EXPECT_EQ(row[0], "sites.abilene.phases.phase2.duration");
  EXPECT_EQ(row[3], "30mo");
  EXPECT_NE(row[2], row[3]);
  EXPECT_NE(section(data, "differ")["reading"].get<std::string>().find(
                "1 of " + std::to_string(c.inputs_total) +
                " inputs differs (sites.abilene.phases.phase2.duration)"),
            std::string::npos)
      << section(data, "differ")["reading"];
  // A phase 14.5 months longer moves Abilene's full power later.
  const Json& table = *find_block(data, "metric-table");
  EXPECT_EQ(table["highlight"].size(), c.changed_count());
  bool abilene = false;
  for (const Json& i : table["highlight"]) {
    const Json& r = table["rows"][i.get<size_t>()];
    if (r[0] == "sites[abilene].full_power_date") {
      abilene = true;
      EXPECT_EQ(r[4].get<std::string>().front(), '+') << r.dump();
    }
  }
  EXPECT_TRUE(abilene);
  std::string full_power;
  for (const Json& f : section(data, "differ")["blocks"][0]["items"]) {
    if (f["id"] == "full-power") full_power = f["text"];
  }
  EXPECT_NE(full_power.find("abilene: "), std::string::npos) << full_power;
  // The series label B by its file name, and its IT power comes online later.
  const auto online = lines(*find_block(data, "overlay-online"));
  ASSERT_EQ(online.count("B: abilene-slow"), 1u);
  EXPECT_NE(online.at("A: stargate-2025-01"), online.at("B: abilene-slow"));
}

}  // namespace
}  // namespace stargate

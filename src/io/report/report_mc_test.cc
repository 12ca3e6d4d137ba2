// The data of a Monte Carlo report (report_mc.cc): its findings and charts
// are McResults' own numbers — fan rows ordered P10 ≤ P25 ≤ P50 ≤ P75 ≤ P90
// month by month, the questions' probabilities and intervals as computed, the
// findings' quantiles those of the metrics — the base case's sections are
// labelled as such, and a tornado shows a yes/no input at its P10 as "no".
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "stargate/error.h"
#include "stargate/montecarlo.h"
#include "stargate/report.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

using Json = nlohmann::json;

struct McCase {
  Scenario scenario;
  Results base;
  McResults mc;
  Json data;
};

// `trials` monthly trials of `s`, and its base case at the same step.
McCase run_mc(const Scenario& s, std::int64_t trials, bool sensitivity) {
  RunOptions ro;
  ro.step = StepKind::kMonth;
  Results base = simulate(s, ro);
  McOptions o;
  o.trials = trials;
  o.step = StepKind::kMonth;
  o.sensitivity = sensitivity;
  McResults mc = monte_carlo(s, o);
  Json data = Json::parse(mc_report_data_json(s, base, mc, {"2025-01-01T00:00:00Z"}));
  return {s, std::move(base), std::move(mc), std::move(data)};
}

Scenario uncertain_tiny() {
  return Scenario::load(std::string(STARGATE_SOURCE_DIR) + "/tests/mpi/uncertain_tiny.toml");
}

const McCase& tiny() {
  static const McCase kCase = run_mc(uncertain_tiny(), 64, true);
  return kCase;
}

const Json& section(const Json& data, const std::string& id) {
  for (const Json& s : data["sections"]) {
    if (s["id"] == id) return s;
  }
  throw std::runtime_error("no section " + id);
}

const Json* find_block(const Json& data, const std::string& id) {
  for (const Json& s : data["sections"]) {
    for (const Json& b : s["blocks"]) {
      if (b.value("id", "") == id) return &b;
    }
  }
  return nullptr;
}

const Json& block(const Json& data, const std::string& id) {
  const Json* b = find_block(data, id);
  if (b == nullptr) throw std::runtime_error("no block " + id);
  return *b;
}

const Json& finding(const Json& data, const std::string& id) {
  for (const Json& f : section(data, "answer")["blocks"][0]["items"]) {
    if (f["id"] == id) return f;
  }
  throw std::runtime_error("no finding " + id);
}

std::string date_text(double days) {
  return Date::from_days(static_cast<std::int32_t>(std::lround(days))).to_string();
}

TEST(McReportData, SectionsTheTrialsThenTheBaseCaseLabelled) {
  const Json& data = tiny().data;
  std::vector<std::string> ids;
  for (const Json& s : data["sections"]) {
    ids.push_back(s["id"]);
    const std::string reading = s["reading"];
    EXPECT_GT(reading.size(), 20u) << s["id"];
    EXPECT_EQ(reading.back(), '.') << s["id"] << ": " << reading;
  }
  EXPECT_EQ(ids,
            (std::vector<std::string>{"answer", "uncertainty", "drivers", "capital", "buildout",
                                      "compute", "training", "energy", "assumptions"}));
  EXPECT_EQ(data["format"], "stargate-report/1");
  EXPECT_EQ(data["label"], "Monte Carlo");
  EXPECT_EQ(data["monte_carlo"]["trials"].get<std::int64_t>(), 64);
  for (const char* id : {"capital", "buildout", "compute", "training", "energy"}) {
    const Json& s = section(data, id);
    EXPECT_EQ(s.value("label", ""), "base case") << id;
    EXPECT_TRUE(s["reading"].get<std::string>().starts_with("Base case: ")) << id;
  }
  EXPECT_FALSE(section(data, "answer").contains("label"));
  EXPECT_FALSE(section(data, "uncertainty").contains("label"));
}

// Every fan chart's row is one month of one series, its quantiles in order,
// and its median the fan's own (to the four digits a chart keeps).
TEST(McReportData, FanRowsHoldOrderedQuantilesForEveryMonth) {
  const McResults& mc = tiny().mc;
  const McFan* online = nullptr;
  for (const McFan& f : mc.fans) {
    if (f.series == "tiny_online_it_mw") online = &f;
  }
  ASSERT_NE(online, nullptr);
  const Json& spec = block(tiny().data, "fan-online")["spec"];
  ASSERT_EQ(spec["layer"].size(), 3u);  // P10–P90, P25–P75, the P50 line
  EXPECT_EQ(spec["layer"][0]["encoding"]["y"]["field"], "p10");
  EXPECT_EQ(spec["layer"][0]["encoding"]["y2"]["field"], "p90");
  EXPECT_EQ(spec["layer"][2]["encoding"]["y"]["field"], "p50");
  const Json& rows = spec["data"]["values"];
  ASSERT_EQ(rows.size(), online->months.size());  // 2025-01 … 2026-12
  EXPECT_EQ(rows.size(), 24u);
  std::set<std::string> dates;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Json& r = rows[i];
    SCOPED_TRACE(r.dump());
    EXPECT_EQ(r["series"], "tiny");
    // Drawn at the month's end, where the fan's value is taken.
    EXPECT_EQ(r["date"].get<std::string>().substr(0, 7), online->months[i]);
    dates.insert(r["date"]);
    EXPECT_LE(r["p10"].get<double>(), r["p25"].get<double>());
    EXPECT_LE(r["p25"].get<double>(), r["p50"].get<double>());
    EXPECT_LE(r["p50"].get<double>(), r["p75"].get<double>());
    EXPECT_LE(r["p75"].get<double>(), r["p90"].get<double>());
    // The axis is in MW (80 MW at most): the values are the fan's.
    EXPECT_NEAR(r["p50"].get<double>(), online->q[i][3], 5e-4 * std::fabs(online->q[i][3]));
    EXPECT_NEAR(r["p10"].get<double>(), online->q[i][1], 5e-4 * std::fabs(online->q[i][1]));
    EXPECT_NEAR(r["p90"].get<double>(), online->q[i][5], 5e-4 * std::fabs(online->q[i][5]));
  }
  EXPECT_EQ(dates.size(), rows.size());
  // The bands are not all one line: the grid's date and the halls' durations
  // are uncertain, so some month has spread.
  bool spread = false;
  for (const Json& r : rows) spread = spread || r["p90"] != r["p10"];
  EXPECT_TRUE(spread);
  // The funding gap of a scenario without capital is 0 in every trial: said,
  // not drawn.
  EXPECT_EQ(find_block(tiny().data, "fan-gap"), nullptr);
  EXPECT_NE(section(tiny().data, "uncertainty")["reading"].get<std::string>().find(
                "not drawn: funding_gap_usd"),
            std::string::npos);
}

TEST(McReportData, QuestionProbabilitiesAreTheResults) {
  const McResults& mc = tiny().mc;
  ASSERT_EQ(mc.answers.size(), 2u);
  const Json& rows = block(tiny().data, "questions")["spec"]["data"]["values"];
  ASSERT_EQ(rows.size(), mc.answers.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const McAnswer& a = mc.answers[i];
    EXPECT_EQ(rows[i]["question"], a.id);
    EXPECT_EQ(rows[i]["p"].get<double>(), a.p);
    EXPECT_EQ(rows[i]["lo"].get<double>(), a.lo);
    EXPECT_EQ(rows[i]["hi"].get<double>(), a.hi);
    EXPECT_LE(a.lo, a.p);
    EXPECT_LE(a.p, a.hi);
  }
  // half-ever: the first hall comes online in every trial.
  EXPECT_EQ(mc.answers[1].id, "half-ever");
  EXPECT_EQ(rows[1]["p"].get<double>(), 1.0);
  const Json& table = block(tiny().data, "question-table")["rows"];
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[1][2], "100.0%");
}

TEST(McReportData, FindingsGiveTheMetricsQuantiles) {
  const McResults& mc = tiny().mc;
  const McMetric* full = mc.metric("sites.tiny.full_power_date");
  ASSERT_NE(full, nullptr);
  ASSERT_GT(full->count, 0);
  const Json& site = finding(tiny().data, "full-power")["values"]["sites"][0];
  EXPECT_EQ(site["metric"], "sites.tiny.full_power_date");
  EXPECT_EQ(site["p10"], date_text(full->q[1]));
  EXPECT_EQ(site["p50"], date_text(full->q[3]));
  EXPECT_EQ(site["p90"], date_text(full->q[5]));
  const std::string text = finding(tiny().data, "full-power")["text"];
  EXPECT_NE(text.find("tiny " + date_text(full->q[1]) + " / " + date_text(full->q[3]) + " / " +
                      date_text(full->q[5])),
            std::string::npos)
      << text;
  // Beside it, the base case's date.
  ASSERT_TRUE(tiny().base.sites[0].full_power.has_value());
  EXPECT_NE(text.find("base case " + tiny().base.sites[0].full_power->to_string()),
            std::string::npos)
      << text;
  const McMetric* online = mc.metric("totals.online_it_mw");
  const Json& cap = finding(tiny().data, "capacity")["values"]["totals.online_it_mw"];
  EXPECT_EQ(cap["p50"].get<double>(), online->q[3]);
  EXPECT_EQ(cap["mean"].get<double>(), online->mean);
}

TEST(McReportData, DateRangesAreOrderedAndTornadosStartAtTheBaseCase) {
  const Json& rows = block(tiny().data, "dates-phases")["spec"]["data"]["values"];
  ASSERT_EQ(rows.size(), 2u);  // hall-1, hall-2
  for (const Json& r : rows) {
    EXPECT_LE(r["p10"].get<std::string>(), r["p25"].get<std::string>());
    EXPECT_LE(r["p25"].get<std::string>(), r["p50"].get<std::string>());
    EXPECT_LE(r["p50"].get<std::string>(), r["p75"].get<std::string>());
    EXPECT_LE(r["p75"].get<std::string>(), r["p90"].get<std::string>());
  }
  // The site's tornado: each input's bars start at the base case's date,
  // and the inputs are those the sensitivity measured for it.
  const Json& t = block(tiny().data, "tornado-sites.tiny.full_power_date")["spec"];
  std::set<std::string> measured;
  for (const McSensitivity& s : tiny().mc.sensitivity) {
    if (s.metric == "sites.tiny.full_power_date") measured.insert(s.input);
  }
  ASSERT_FALSE(t["data"]["values"].empty());
  for (const Json& r : t["data"]["values"]) {
    EXPECT_EQ(r["from"], tiny().base.sites[0].full_power->to_string());
    EXPECT_TRUE(measured.count(r["input"].get<std::string>())) << r["input"];
  }
  // The grid's date moves the site most: it sets the second hall's date.
  EXPECT_EQ(t["data"]["values"][0]["input"], "sites.tiny.power.grid.online");
}

TEST(McReportData, EveryChartColoursBySeries) {
  for (const Json& s : tiny().data["sections"]) {
    for (const Json& b : s["blocks"]) {
      if (b["kind"] != "chart") continue;
      SCOPED_TRACE(b["id"].get<std::string>());
      const Json& spec = b["spec"];
      ASSERT_FALSE(spec["data"]["values"].empty());
      std::set<std::string> in_data;
      for (const Json& row : spec["data"]["values"]) in_data.insert(row["series"]);
      // The colour is on the spec, on its facet's chart, or on each layer.
      const Json& inner = spec.contains("spec") ? spec["spec"] : spec;
      std::vector<const Json*> colors;
      if (inner.contains("layer")) {
        for (const Json& l : inner["layer"]) {
          if (l["encoding"].contains("color")) colors.push_back(&l["encoding"]["color"]);
        }
      } else {
        colors.push_back(&inner["encoding"]["color"]);
      }
      ASSERT_FALSE(colors.empty());
      for (const Json* c : colors) {
        EXPECT_EQ((*c)["field"], "series");
        const Json& domain = (*c)["scale"]["domain"];
        EXPECT_EQ(std::set<std::string>(domain.begin(), domain.end()), in_data);
      }
    }
  }
}

TEST(McReportData, AssumptionsShowEachUncertainInputsRange) {
  const Json& rows = block(tiny().data, "uncertain")["rows"];
  ASSERT_EQ(rows.size(), 7u);
  bool found = false;
  for (const Json& r : rows) {
    if (r[0] != "sites.tiny.phases.hall-1.duration") continue;
    found = true;
    // pert(5mo, 6mo, 11mo): P10 below the mode, P90 above it.
    EXPECT_EQ(r[1], "pert(5mo, 6mo, 11mo)");
    EXPECT_EQ(r[4], "6mo");
    EXPECT_LT(std::stod(r[3].get<std::string>()), 6.0);
    EXPECT_GT(std::stod(r[5].get<std::string>()), 6.0);
    EXPECT_EQ(r[6], "slip (ρ 0.70)");
  }
  EXPECT_TRUE(found);
}

TEST(McReportData, WithoutSensitivityNoDriversAndSaysHow) {
  const McCase c = run_mc(uncertain_tiny(), 32, false);
  for (const Json& s : c.data["sections"]) EXPECT_NE(s["id"], "drivers");
  EXPECT_NE(section(c.data, "uncertainty")["reading"].get<std::string>().find("--sensitivity"),
            std::string::npos);
}

// A yes/no input is "no" at its P10 and "yes" at its P90 (its quantile
// function increases, as every other's): without SoftBank's equity the
// funding gap cannot be smaller.
TEST(McReportData, TornadoShowsAYesNoInputAtItsOwnP10) {
  static const McCase c = run_mc(Scenario::builtin(), 64, true);
  const Json* t = find_block(c.data, "tornado-totals.peak_funding_gap_usd");
  ASSERT_NE(t, nullptr);
  bool seen = false;
  for (const Json& r : (*t)["spec"]["data"]["values"]) {
    if (r["input"] != "equity.softbank.honoured") continue;
    seen = true;
    if (r["series"] == "input at its P10") {
      EXPECT_EQ(r["value"], "no");
      EXPECT_GE(r["to"].get<double>(), r["from"].get<double>());
    } else {
      EXPECT_EQ(r["value"], "yes");
      EXPECT_LE(r["to"].get<double>(), r["from"].get<double>());
    }
  }
  EXPECT_TRUE(seen);
}

TEST(HtmlMcReport, InlinesTheDataOrSaysHowToGetTheLibrary) {
  const McCase& c = tiny();
  if (!report_available()) {
    EXPECT_THROW(html_mc_report(c.scenario, c.base, c.mc, {}), Error);
    GTEST_SKIP() << "this build has no chart library (run make setup)";
  }
  const std::string html = html_mc_report(c.scenario, c.base, c.mc, {"2025-01-01T00:00:00Z"});
  EXPECT_EQ(html.find("STARGATE:"), std::string::npos);
  EXPECT_NE(html.find("(Monte Carlo)</title>"), std::string::npos);
  EXPECT_NE(html.find("\"label\":\"Monte Carlo\""), std::string::npos);
}

}  // namespace
}  // namespace stargate

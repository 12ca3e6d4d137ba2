// The data report.html embeds: the headline numbers are the Results' own,
// every section is there with a reading, every chart colours its marks by the
// `series` of its data, monthly charts add up to the run's totals, every input
// is in the assumptions, and the page inlines it all.
#include "stargate/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "core/format.h"
#include "scenario/spec.h"
#include "stargate/error.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

using Json = nlohmann::json;

struct Case {
  Scenario scenario;
  Results results;
  Json data;
};

Case run_case(const Scenario& s) {
  Results r = simulate(s);
  Json data = Json::parse(report_data_json(s, r, {"2025-01-01T00:00:00Z"}));
  return {s, std::move(r), std::move(data)};
}

const Case& builtin() {
  static const Case kRun = run_case(Scenario::builtin());
  return kRun;
}

const Case& tiny() {
  static const Case kRun =
      run_case(Scenario::load(std::string(STARGATE_SOURCE_DIR) + "/tests/transcripts/tiny.toml"));
  return kRun;
}

const Json& section(const Json& data, const std::string& id) {
  for (const Json& s : data["sections"]) {
    if (s["id"] == id) return s;
  }
  throw std::runtime_error("no section " + id);
}

const Json& block(const Json& data, const std::string& id) {
  for (const Json& s : data["sections"]) {
    for (const Json& b : s["blocks"]) {
      if (b.value("id", "") == id) return b;
    }
  }
  throw std::runtime_error("no block " + id);
}

const Json& finding(const Json& data, const std::string& id) {
  for (const Json& f : section(data, "answer")["blocks"][0]["items"]) {
    if (f["id"] == id) return f;
  }
  throw std::runtime_error("no finding " + id);
}

std::vector<const Json*> charts(const Json& data) {
  std::vector<const Json*> out;
  for (const Json& s : data["sections"]) {
    for (const Json& b : s["blocks"]) {
      if (b["kind"] == "chart") out.push_back(&b);
    }
  }
  return out;
}

TEST(ReportData, EverySectionInOrderWithAReading) {
  for (const Case* r : {&builtin(), &tiny()}) {
    std::vector<std::string> ids;
    for (const Json& s : r->data["sections"]) {
      ids.push_back(s["id"]);
      const std::string reading = s["reading"];
      EXPECT_GT(reading.size(), 20u) << s["id"];
      EXPECT_EQ(reading.back(), '.') << s["id"] << ": " << reading;
      EXPECT_TRUE(s["blocks"].is_array());
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"answer", "capital", "buildout", "compute", "training",
                                             "energy", "assumptions"}));
    EXPECT_EQ(r->data["format"], "stargate-report/1");
    EXPECT_EQ(r->data["label"], "base case");
    EXPECT_EQ(r->data["scenario"]["id"], r->results.scenario_id);
    EXPECT_EQ(r->data["generated_at"], "2025-01-01T00:00:00Z");
  }
}

TEST(ReportData, FundingFindingIsTheResults) {
  const Results& r = builtin().results;
  const Json& v = finding(builtin().data, "funding")["values"];
  EXPECT_EQ(v["peak_funding_gap_usd"].get<double>(), r.peak_funding_gap.value());
  ASSERT_TRUE(r.peak_funding_gap_date.has_value());
  EXPECT_EQ(v["peak_funding_gap_date"], r.peak_funding_gap_date->to_string());
  EXPECT_EQ(v["committed_usd"].get<double>(), r.program.committed.value());
  // The built-in scenario's operating unit runs out of money: not funded.
  EXPECT_FALSE(v["funded"].get<bool>());
  std::vector<std::pair<std::string, std::string>> defaults;
  for (const VehicleMoney& m : r.vehicles) {
    if (m.default_date) defaults.push_back({m.id, m.default_date->to_string()});
  }
  ASSERT_FALSE(defaults.empty());
  ASSERT_EQ(v["defaults"].size(), defaults.size());
  for (const Json& d : v["defaults"]) {
    EXPECT_NE(
        std::find(defaults.begin(), defaults.end(),
                  std::make_pair(d["vehicle"].get<std::string>(), d["date"].get<std::string>())),
        defaults.end());
  }
  const std::string text = finding(builtin().data, "funding")["text"];
  EXPECT_NE(text.find("peaks at " + format_usd(r.peak_funding_gap.value()) + " on " +
                      r.peak_funding_gap_date->to_string()),
            std::string::npos)
      << text;
}

TEST(ReportData, FullPowerFindingIsEachSitesDate) {
  for (const Case* run : {&builtin(), &tiny()}) {
    const Json& sites = finding(run->data, "full-power")["values"]["sites"];
    ASSERT_EQ(sites.size(), run->results.sites.size());
    for (size_t i = 0; i < sites.size(); ++i) {
      const SiteResult& s = run->results.sites[i];
      EXPECT_EQ(sites[i]["site"], s.id);
      if (s.full_power) {
        EXPECT_EQ(sites[i]["full_power_date"], s.full_power->to_string());
      } else {
        EXPECT_TRUE(sites[i]["full_power_date"].is_null());
      }
    }
  }
  // tiny: hall-2 waited for the grid, so power set the site's date.
  const std::string text = finding(tiny().data, "full-power")["text"];
  EXPECT_NE(text.find("tiny on 2026-01-01 (power)"), std::string::npos) << text;
}

TEST(ReportData, ComputeFindingIsTheTenantsLastYear) {
  const Results& r = builtin().results;
  ASSERT_FALSE(r.tenants.empty());
  for (const TenantResult& t : r.tenants) {
    const Json& v = finding(builtin().data, "compute-" + t.id)["values"];
    const TenantYear& y = t.years.back();
    EXPECT_EQ(v["year"].get<int>(), y.year);
    EXPECT_EQ(v["served_flop"].get<double>(), y.served);
    EXPECT_EQ(v["demand_flop"].get<double>(), y.demand);
    EXPECT_EQ(v["mean_served_flop_per_s"].get<double>(), y.mean(y.served));
  }
}

TEST(ReportData, LargestRunIsTheRunWithTheMostFlop) {
  const Results& r = builtin().results;
  const RunResult* best = nullptr;
  for (const RunResult& x : r.runs) {
    if (x.status != "skipped" && (best == nullptr || x.flop > best->flop)) best = &x;
  }
  ASSERT_NE(best, nullptr);
  const Json& v = finding(builtin().data, "largest-run")["values"];
  EXPECT_EQ(v["run"], best->id);
  EXPECT_EQ(v["flop"].get<double>(), best->flop);
  EXPECT_EQ(v["params"].get<double>(), best->params);
  EXPECT_EQ(v["tokens"].get<double>(), best->tokens);
  EXPECT_EQ(v["loss"].get<double>(), best->loss);
  // tiny has no tenants, so no run and no compute finding.
  for (const Json& f : section(tiny().data, "answer")["blocks"][0]["items"]) {
    EXPECT_NE(f["id"], "largest-run");
  }
}

TEST(ReportData, EveryChartColoursBySeriesAndNamesThemAll) {
  for (const Case* run : {&builtin(), &tiny()}) {
    for (const Json* b : charts(run->data)) {
      const Json& spec = (*b)["spec"];
      SCOPED_TRACE((*b)["id"].get<std::string>());
      ASSERT_TRUE(spec["data"]["values"].is_array());
      ASSERT_FALSE(spec["data"]["values"].empty());
      EXPECT_EQ(spec["encoding"]["color"]["field"], "series");
      // The colour domain lists exactly the series in the data, so each one
      // gets its own colour and legend entry.
      std::set<std::string> in_data;
      for (const Json& row : spec["data"]["values"]) in_data.insert(row["series"]);
      const Json& domain = spec["encoding"]["color"]["scale"]["domain"];
      EXPECT_EQ(std::set<std::string>(domain.begin(), domain.end()), in_data);
      EXPECT_EQ(domain.size(), spec["encoding"]["color"]["scale"]["range"].size());
      EXPECT_FALSE((*b)["reading"].get<std::string>().empty());
    }
  }
  EXPECT_GE(charts(builtin().data).size(), 15u);
}

// The monthly energy chart sums, month by month, to the run's total.
TEST(ReportData, MonthlyChartsAddUpToTheTotals) {
  const Results& r = builtin().results;
  const Json& spec = block(builtin().data, "energy")["spec"];
  const std::string title = spec["encoding"]["y"]["title"];
  ASSERT_NE(title.find("(TWh)"), std::string::npos) << title;
  double grid = 0.0, onsite = 0.0;
  std::set<std::string> months;
  for (const Json& row : spec["data"]["values"]) {
    months.insert(row["date"]);
    (row["series"] == "grid" ? grid : onsite) += row["value"].get<double>() * 1e6;
  }
  // One row per calendar month of the horizon; each value is rounded to 4
  // significant digits.
  const int n = (r.end.year() - r.start.year()) * 12 + r.end.month() - r.start.month() + 1;
  EXPECT_EQ(months.size(), static_cast<size_t>(n));
  EXPECT_NEAR(grid, r.energy.grid.value(), 1e-3 * r.energy.grid.value());
  EXPECT_NEAR(onsite, r.energy.onsite.value(), 1e-3 * r.energy.onsite.value());

  // Levels are the month's last: online IT power in the last month is the end's.
  const Json& online = block(builtin().data, "online-mw")["spec"];
  double last = 0.0;
  for (const Json& row : online["data"]["values"]) {
    if (row["date"] == Date::from_ymd(r.end.year(), r.end.month(), 1).to_string())
      last += row["value"].get<double>();
  }
  double end = 0.0;
  for (const SiteResult& s : r.sites) end += s.online_it_mw.value();
  EXPECT_NEAR(last * 1e3, end, 1e-3 * end);  // the chart is in GW
}

TEST(ReportData, AssumptionsListEveryInputWithItsSource) {
  const ScenarioSpec& spec = builtin().scenario.spec();
  const Json& rows = block(builtin().data, "inputs")["rows"];
  ASSERT_EQ(rows.size(), spec.inputs.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], spec.inputs[i].key_path);
    EXPECT_EQ(rows[i][4], spec.inputs[i].provenance.source);
    EXPECT_EQ(rows[i][5], spec.inputs[i].provenance.note);
  }
  // Every uncertain input shows its distribution beside its value.
  ASSERT_FALSE(spec.uncertain.empty());
  size_t shown = 0;
  for (const Json& row : rows) {
    for (const UncertainInput& u : spec.uncertain) {
      if (row[0] != u.key_path) continue;
      ++shown;
      EXPECT_EQ(row[3], u.dist.describe(u.unit, u.duration_unit)) << u.key_path;
      if (u.key_path == "sites.abilene.phases.phase2.duration") {
        EXPECT_EQ(row[3], "pert(13mo, 15.5mo, 27mo)");
      }
    }
  }
  EXPECT_GT(shown, 0u);
  EXPECT_EQ(block(builtin().data, "uncertain")["rows"].size(), spec.uncertain.size());
  EXPECT_TRUE(block(builtin().data, "inputs")["filter"].get<bool>());
}

TEST(ReportData, ScenarioWithoutCapitalOrTenantsSaysSo) {
  const Json& data = tiny().data;
  EXPECT_NE(finding(data, "funding")["text"].get<std::string>().find("No vehicles, equity or debt"),
            std::string::npos);
  EXPECT_EQ(section(data, "compute")["blocks"].size(), 0u);
  EXPECT_NE(section(data, "compute")["reading"].get<std::string>().find("no tenants"),
            std::string::npos);
  EXPECT_NE(section(data, "training")["reading"].get<std::string>().find("No training runs"),
            std::string::npos);
}

// Without a timeline (RunOptions::record_timeline off) there is nothing to
// chart by month, but the findings, tables and the charts drawn from the
// results (phases, runs) are still there.
TEST(ReportData, WithoutATimelineKeepsFindingsAndTables) {
  const Scenario s = Scenario::builtin();
  RunOptions options;
  options.record_timeline = false;
  const Results r = simulate(s, options);
  const Json data = Json::parse(report_data_json(s, r, {}));
  for (const Json* b : charts(data)) {
    EXPECT_FALSE((*b)["spec"]["data"]["values"][0].contains("date")) << (*b)["id"];
  }
  EXPECT_NO_THROW(block(data, "phases"));
  EXPECT_EQ(finding(data, "funding")["values"]["peak_funding_gap_usd"].get<double>(),
            r.peak_funding_gap.value());
  EXPECT_EQ(block(data, "inputs")["rows"].size(), s.spec().inputs.size());
  EXPECT_FALSE(data.contains("generated_at"));
}

TEST(HtmlReport, InlinesTheLibraryAndTheDataOrSaysHowToGetThem) {
  const Case& b = builtin();
  if (!report_available()) {
    try {
      html_report(b.scenario, b.results, {});
      FAIL() << "expected Error{kUnsupported}";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
      EXPECT_NE(std::string(e.what()).find("run `make setup`"), std::string::npos) << e.what();
    }
    GTEST_SKIP() << "this build has no chart library (run make setup)";
  }
  const std::string html = html_report(b.scenario, b.results, {"2025-01-01T00:00:00Z"});
  EXPECT_EQ(html.find("STARGATE:"), std::string::npos) << "a template marker is left";
  EXPECT_NE(html.find("vegaEmbed"), std::string::npos);
  // Small enough to mail: the library is ~0.8 MB, the data monthly.
  EXPECT_LT(html.size(), 3u * 1024 * 1024);
  // The data block is the document report_data_json() gives, and nothing in
  // it can close its <script> early.
  const std::string open = R"(<script type="application/json" id="stargate-data">)";
  const size_t from = html.find(open);
  ASSERT_NE(from, std::string::npos);
  const size_t start = from + open.size();
  const size_t end = html.find("</script>", start);
  ASSERT_NE(end, std::string::npos);
  const std::string text = html.substr(start, end - start);
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(Json::parse(text),
            Json::parse(report_data_json(b.scenario, b.results, {"2025-01-01T00:00:00Z"})));
  // Every other </script> closes one of the page's own five scripts: the
  // inlined library never contains one.
  size_t closes = 0;
  for (size_t at = html.find("</script"); at != std::string::npos;
       at = html.find("</script", at + 1)) {
    ++closes;
  }
  EXPECT_EQ(closes, 5u);
}

TEST(HtmlReport, WritesAtomically) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("stargate_report_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path path = dir / "sub" / "report.html";
  write_report(path.string(), "<html>one</html>");
  write_report(path.string(), "<html>two</html>");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "<html>two</html>");
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "sub")) ++files;
  EXPECT_EQ(files, 1u) << "no temporary file left behind";
  try {
    write_report((dir / "sub" / "report.html" / "x.html").string(), "x");
    FAIL() << "expected Error{kIo}";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace stargate

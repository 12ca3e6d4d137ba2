// include/stargate/compare.h
//
// `stargate compare A B`: two scenarios, or two result folders written by
// `stargate run --out`, side by side.
//
//  - inputs: every input whose value differs, by key path (from the
//    scenario's inputs, values as written; an input present on one side
//    only differs too). Only when both sides are scenarios: a result folder
//    does not keep its inputs.
//  - metrics: every value of summary.json (flatten_summary(), keys such as
//    `capital.vehicles[stargate].default_date`), with both values and the
//    difference, absolute and relative.
//  - timelines: each side's timeline table, for charts that overlay the two
//    (a report section draws the series both sides have: shared_series()).
//
// Numbers are equal when they differ by at most one part in 10⁹ of the
// larger; dates, yes/no and text when identical. A scenario side is its
// base case (every uncertain input at its base value).
//
// Example, from C++:
//   const Comparison c = compare(run_side(Scenario::load("a.toml"), "a.toml"),
//                                read_side("out/b"));
//   std::cout << comparison_text(c, /*color=*/false);
//
// Plain data and pure functions apart from run_side() (which simulates) and
// read_side() (which reads files); thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stargate/metrics.h"
#include "stargate/scenario.h"

namespace stargate {

// One side of a comparison.
struct CompareSide {
  std::string label;         // as the user named it: a path, a built-in id, a folder
  bool is_scenario = false;  // a scenario run here; false: a result folder read back
  std::string scenario_id;
  std::string scenario_name;
  std::string result_label;          // summary.json's `label`: "base case"
  std::optional<Scenario> scenario;  // its inputs; absent for a result folder
  std::vector<Metric> metrics;       // flatten_summary() of its summary.json
  TimelineTable timeline;            // monthly for a scenario; a folder's timeline.csv as written
};

// Runs the base case of `scenario` (in its own step) and keeps its summary
// metrics and its monthly timeline. Throws: as simulate().
CompareSide run_side(const Scenario& scenario, const std::string& label);

// Reads a result folder: its summary.json and timeline.csv.
// Throws: Error{kIo} when `dir` does not exist, is not a folder, or lacks
// either file or holds one that is not what `run --out` writes.
CompareSide read_side(const std::string& dir);

// An input whose value differs.
struct InputDifference {
  std::string key;               // "sites.tiny.power.grid.online"
  std::string unit;              // "MW", "date", "duration", "text", ...
  std::optional<std::string> a;  // the value as written ("1.2GW", "pert(13mo, 15.5mo, 27mo)");
  std::optional<std::string> b;  // absent: that side has no such input
  bool a_default = false;        // the key's default, not written in the scenario
  bool b_default = false;
};

// One summary metric on both sides.
struct MetricDifference {
  std::string key;  // "phases[tiny/hall-2].online"
  std::string unit;
  MetricValue a;  // kNone when null or absent on that side
  MetricValue b;
  bool in_a = true;  // present in that side's summary.json
  bool in_b = true;
  bool changed = false;
  // b − a: numbers in their unit, dates in days; absent unless both sides
  // are numbers or both dates.
  std::optional<double> change;
  // (b − a) / |a|: numbers only, absent when a is 0.
  std::optional<double> relative;
};

struct Comparison {
  CompareSide a;
  CompareSide b;
  bool inputs_compared = false;         // both sides are scenarios
  size_t inputs_total = 0;              // distinct input keys on either side
  std::vector<InputDifference> inputs;  // those that differ, in A's order, then B's own
  // Every metric of either side, in A's order, then those only B has. Left
  // out: what names the run rather than measures it (scenario.id and .name,
  // stargate_version, generated_at, and two fixed explanatory texts).
  std::vector<MetricDifference> metrics;

  size_t changed_count() const;
  // Timeline columns both sides have, in A's order: what overlaid charts draw.
  std::vector<std::string> shared_series() const;
};

Comparison compare(CompareSide a, CompareSide b);

// For the terminal: the inputs that differ; the metrics that differ — dates
// by days moved, numbers by relative change, then other values — and how
// many are unchanged. `color` adds ANSI emphasis.
std::string comparison_text(const Comparison& c, bool color);

// Everything, as JSON: both sides, the inputs that differ, and every metric
// with both values, whether it changed and the difference. Timelines are
// left out (they are in each side's timeline.csv).
std::string comparison_json(const Comparison& c);

}  // namespace stargate

// `stargate compare`: two sides, each a scenario run here or a result folder
// read back, reduced to the same flat metrics and timeline table, and then
// compared key by key.

#include "stargate/compare.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "scenario/spec.h"
#include "stargate/error.h"
#include "stargate/output.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

namespace fs = std::filesystem;

// One part in 10⁹: far above the noise of a sum taken in another order, far
// below any change a reader would care about.
constexpr double kRelativeTolerance = 1e-9;

// Keys that name the run rather than measure it.
constexpr std::string_view kNotMetrics[] = {"stargate_version", "generated_at",
                                            "scenario.id",      "scenario.name",
                                            "market.units",     "capital.program.ownership"};

bool is_metric(const std::string& key) {
  return std::find(std::begin(kNotMetrics), std::end(kNotMetrics), key) == std::end(kNotMetrics);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, "cannot read '" + p.string() + "': " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Fills the side's names from its metrics and drops those that are not
// metrics.
void take_names(CompareSide& side) {
  std::vector<Metric> kept;
  kept.reserve(side.metrics.size());
  for (Metric& m : side.metrics) {
    if (m.key == "scenario.id") side.scenario_id = m.value.to_string();
    if (m.key == "scenario.name") side.scenario_name = m.value.to_string();
    if (m.key == "label") side.result_label = m.value.to_string();
    if (is_metric(m.key)) kept.push_back(std::move(m));
  }
  side.metrics = std::move(kept);
}

bool numbers_equal(double a, double b) {
  if (a == b) return true;
  return std::fabs(b - a) <= kRelativeTolerance * std::max(std::fabs(a), std::fabs(b));
}

MetricDifference difference(const std::string& key, const std::string& unit, const MetricValue* a,
                            const MetricValue* b) {
  MetricDifference d;
  d.key = key;
  d.unit = unit;
  d.in_a = a != nullptr;
  d.in_b = b != nullptr;
  if (a) d.a = *a;
  if (b) d.b = *b;
  using K = MetricValue::Kind;
  if (d.a.kind == K::kNumber && d.b.kind == K::kNumber) {
    d.changed = !numbers_equal(d.a.number, d.b.number);
    d.change = d.b.number - d.a.number;
    if (d.a.number != 0.0) d.relative = (d.b.number - d.a.number) / std::fabs(d.a.number);
  } else if (d.a.kind == K::kDate && d.b.kind == K::kDate) {
    d.changed = d.a.date != d.b.date;
    d.change = static_cast<double>(d.b.date - d.a.date);
  } else {
    d.changed = !(d.a == d.b) || d.in_a != d.in_b;
  }
  return d;
}

const UncertainInput* uncertain_at(const ScenarioSpec& s, const std::string& key) {
  for (const UncertainInput& u : s.uncertain) {
    if (u.key_path == key) return &u;
  }
  return nullptr;
}

// The same value, written alike or not: "1.2GW" and "1200MW" are one power.
// Durations compare as written ("18mo" is not "1.5y" day for day), and so do
// distributions.
bool same_input(const InputRecord& x, const ScenarioSpec& sx, const InputRecord& y,
                const ScenarioSpec& sy) {
  if (x.text == y.text) return true;
  if (x.unit != y.unit || !is_numeric(x.unit) || x.unit == Unit::kDuration) return false;
  if (uncertain_at(sx, x.key_path) || uncertain_at(sy, y.key_path)) return false;
  return x.base == y.base;
}

std::string input_unit(Unit u) {
  if (!is_numeric(u)) return "text";
  if (u == Unit::kInteger) return "number";
  return std::string(unit_symbol(u));
}

void compare_inputs(const ScenarioSpec& a, const ScenarioSpec& b, Comparison& c) {
  // The first record of a key is the one a run uses.
  auto index = [](const ScenarioSpec& s) {
    std::map<std::string, const InputRecord*, std::less<>> by_key;
    for (const InputRecord& in : s.inputs) by_key.emplace(in.key_path, &in);
    return by_key;
  };
  const auto in_b = index(b);
  std::set<std::string> done;
  auto add = [&](const InputRecord* x, const InputRecord* y) {
    InputDifference d;
    d.key = x ? x->key_path : y->key_path;
    d.unit = input_unit(x ? x->unit : y->unit);
    if (x) {
      d.a = x->text;
      d.a_default = x->is_default;
    }
    if (y) {
      d.b = y->text;
      d.b_default = y->is_default;
    }
    c.inputs.push_back(std::move(d));
  };
  for (const InputRecord& x : a.inputs) {
    if (!done.insert(x.key_path).second) continue;
    const auto y = in_b.find(x.key_path);
    if (y == in_b.end()) {
      add(&x, nullptr);
    } else if (!same_input(x, a, *y->second, b)) {
      add(&x, y->second);
    }
  }
  for (const InputRecord& y : b.inputs) {
    if (!done.insert(y.key_path).second) continue;
    add(nullptr, &y);
  }
  c.inputs_total = done.size();
}

}  // namespace

CompareSide run_side(const Scenario& scenario, const std::string& label) {
  RunOptions options;
  options.record_timeline = true;
  const Results r = simulate(scenario, options);
  CompareSide side;
  side.label = label;
  side.is_scenario = true;
  side.scenario = scenario;
  side.metrics = flatten_summary(summary_json(r, ""), label);
  take_names(side);
  side.timeline = timeline_table(r, /*monthly=*/true);
  return side;
}

CompareSide read_side(const std::string& dir) {
  const fs::path folder(dir);
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    throw Error(ErrorKind::kIo, "no result folder '" + dir + "': it does not exist");
  }
  if (!fs::is_directory(folder, ec)) {
    throw Error(ErrorKind::kIo, "'" + dir + "' is not a result folder");
  }
  for (const char* file : {"summary.json", "timeline.csv"}) {
    if (!fs::exists(folder / file, ec)) {
      throw Error(ErrorKind::kIo, "'" + dir + "' is not a result folder: it has no " + file +
                                      " (`stargate run --out` writes one)");
    }
  }
  CompareSide side;
  side.label = dir;
  const fs::path summary = folder / "summary.json";
  side.metrics = flatten_summary(read_file(summary), summary.string());
  take_names(side);
  const fs::path timeline = folder / "timeline.csv";
  side.timeline = parse_timeline_csv(read_file(timeline), timeline.string());
  return side;
}

size_t Comparison::changed_count() const {
  return static_cast<size_t>(
      std::count_if(metrics.begin(), metrics.end(), [](const auto& m) { return m.changed; }));
}

std::vector<std::string> Comparison::shared_series() const {
  std::vector<std::string> out;
  for (const std::string& name : a.timeline.names) {
    if (b.timeline.column(name)) out.push_back(name);
  }
  return out;
}

Comparison compare(CompareSide a, CompareSide b) {
  Comparison c;
  c.a = std::move(a);
  c.b = std::move(b);
  if (c.a.scenario && c.b.scenario) {
    c.inputs_compared = true;
    compare_inputs(c.a.scenario->spec(), c.b.scenario->spec(), c);
  }
  std::map<std::string, const Metric*, std::less<>> in_b;
  for (const Metric& m : c.b.metrics) in_b.emplace(m.key, &m);
  std::set<std::string, std::less<>> seen;
  for (const Metric& m : c.a.metrics) {
    if (!seen.insert(m.key).second) continue;
    const auto it = in_b.find(m.key);
    const Metric* other = it == in_b.end() ? nullptr : it->second;
    // A null on one side has no unit of its own: take the other's.
    const std::string& unit =
        m.value.kind == MetricValue::Kind::kNone && other ? other->unit : m.unit;
    c.metrics.push_back(difference(m.key, unit, &m.value, other ? &other->value : nullptr));
  }
  for (const Metric& m : c.b.metrics) {
    if (!seen.insert(m.key).second) continue;
    c.metrics.push_back(difference(m.key, m.unit, nullptr, &m.value));
  }
  return c;
}

}  // namespace stargate

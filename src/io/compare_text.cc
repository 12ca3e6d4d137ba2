// A comparison for people (the terminal) and for programs (JSON).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/format.h"
#include "io/compare_format.h"
#include "stargate/compare.h"

namespace stargate {
namespace compare_format {
namespace {

using Kind = MetricValue::Kind;

struct Scale {
  double factor;
  const char* suffix;
};

// 4 significant digits with the largest suffix not above the value: a
// change of 0.1% still shows.
std::string scaled(double v, std::initializer_list<Scale> scales) {
  const double a = std::fabs(v);
  const Scale* pick = scales.begin();
  for (const Scale& s : scales) {
    if (a >= s.factor) pick = &s;
  }
  // 999.96 rounds to "1000" at 4 digits: show it in the next scale.
  if (pick + 1 != scales.end() &&
      std::fabs(std::stod(format_number(a / pick->factor, 4))) * pick->factor >=
          (pick + 1)->factor) {
    ++pick;
  }
  return format_number(v / pick->factor, 4) + pick->suffix;
}

}  // namespace

std::string show_number(double v, const std::string& unit) {
  if (unit == "USD") {
    return (v < 0 ? "-$" : "$") +
           scaled(std::fabs(v), {{1, ""}, {1e3, "K"}, {1e6, "M"}, {1e9, "B"}, {1e12, "T"}});
  }
  if (unit.rfind("USD/", 0) == 0) return (v < 0 ? "-$" : "$") + format_number(std::fabs(v), 4);
  if (unit == "MW") return scaled(v, {{1, " MW"}, {1e3, " GW"}});
  if (unit == "MWh") return scaled(v, {{1, " MWh"}, {1e3, " GWh"}, {1e6, " TWh"}});
  if (unit == "tCO2") return scaled(v, {{1, " t"}, {1e3, " kt"}, {1e6, " Mt"}});
  if (unit == "FLOP/s") {
    return scaled(v, {{1, " FLOP/s"},
                      {1e12, " TFLOP/s"},
                      {1e15, " PFLOP/s"},
                      {1e18, " EFLOP/s"},
                      {1e21, " ZFLOP/s"}});
  }
  if (unit == "FLOP") return format_number(v, 4) + " FLOP";
  if (unit == "accelerators" || unit == "jobs" || unit == "job-years") {
    return std::fabs(v) >= 1000 ? format_count(v) : format_number(v, 4);
  }
  if (unit == "days") return format_number(v, 4) + " d";
  if (unit == "fraction") return format_number(v * 100.0, 4) + "%";
  if (unit == "ratio") return format_number(v, 4) + "x";
  return format_number(v, 6);
}

std::string show_change(const MetricDifference& d) {
  if (!d.change) return "";
  const double c = *d.change;
  const std::string sign = c > 0 ? "+" : "";
  if (d.a.kind == Kind::kDate) return sign + fmt::format("{:.0f} d", c);
  if (d.unit == "fraction") return sign + format_number(c * 100.0, 4) + " pp";
  return sign + show_number(c, d.unit);
}

std::string show_relative(const MetricDifference& d) {
  if (d.relative) return fmt::format("{:+.3g}%", *d.relative * 100.0);
  if (d.change && d.a.kind == Kind::kNumber && d.a.number == 0.0) return "from 0";
  return "";
}

std::string show_full(const MetricValue& v, const std::string& unit) {
  switch (v.kind) {
    case Kind::kNone:
      return "none";
    case Kind::kNumber:
      return show_number(v.number, unit);
    case Kind::kBool:
      return v.number != 0.0 ? "yes" : "no";
    default:
      return v.to_string();
  }
}

ChangedMetrics changed_metrics(const Comparison& c) {
  ChangedMetrics out;
  for (const MetricDifference& d : c.metrics) {
    if (!d.changed) continue;
    if (d.a.kind == Kind::kDate || d.b.kind == Kind::kDate) {
      out.dates.push_back(&d);
    } else if (d.a.kind == Kind::kNumber || d.b.kind == Kind::kNumber) {
      out.numbers.push_back(&d);
    } else {
      out.others.push_back(&d);
    }
  }
  // How far each moved; one that appears or vanishes (no change to measure)
  // comes first.
  auto weight = [](const std::optional<double>& moved) {
    return moved ? std::fabs(*moved) : std::numeric_limits<double>::infinity();
  };
  std::stable_sort(out.dates.begin(), out.dates.end(),
                   [&](auto* x, auto* y) { return weight(x->change) > weight(y->change); });
  std::stable_sort(out.numbers.begin(), out.numbers.end(),
                   [&](auto* x, auto* y) { return weight(x->relative) > weight(y->relative); });
  return out;
}

}  // namespace compare_format

namespace {

using namespace compare_format;  // NOLINT(google-build-using-namespace)
using Json = nlohmann::ordered_json;
using Kind = MetricValue::Kind;

// Characters on the terminal (fmt pads UTF-8 text by code points too).
size_t width(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Long text (names, lists of costs not modelled) is cut to keep the table
// readable; --format json has it whole.
constexpr size_t kMaxShown = 32;

std::string show(const MetricValue& v, const std::string& unit) {
  switch (v.kind) {
    case Kind::kNone:
      return "none";
    case Kind::kNumber:
      return show_number(v.number, unit);
    default:
      break;
  }
  const std::string s = v.to_string();
  if (width(s) <= kMaxShown) return s;
  size_t bytes = 0, chars = 0;
  while (bytes < s.size() && chars < kMaxShown - 1) {
    ++bytes;
    while (bytes < s.size() && (s[bytes] & 0xC0) == 0x80) ++bytes;
    ++chars;
  }
  return s.substr(0, bytes) + "…";
}

std::string shown_a(const MetricDifference& d) { return d.in_a ? show(d.a, d.unit) : "(absent)"; }
std::string shown_b(const MetricDifference& d) { return d.in_b ? show(d.b, d.unit) : "(absent)"; }

std::string side_line(const char* name, const CompareSide& s) {
  std::string what =
      s.scenario_name.empty() ? s.scenario_id : s.scenario_name + " (" + s.scenario_id + ")";
  if (!s.result_label.empty()) what += ", " + s.result_label;
  return fmt::format("{}: {}{} — {}", name, s.label, s.is_scenario ? "" : " (result folder)", what);
}

std::string input_value(const std::optional<std::string>& v, bool is_default) {
  if (!v) return "(absent)";
  return is_default ? *v + " (default)" : *v;
}

Json value_json(const MetricValue& v) {
  switch (v.kind) {
    case Kind::kNone:
      return nullptr;
    case Kind::kNumber:
      return std::isfinite(v.number) ? Json(v.number) : Json(nullptr);
    case Kind::kBool:
      return v.number != 0.0;
    case Kind::kDate:
      return v.date.to_string();
    case Kind::kText:
      return v.text;
  }
  return nullptr;
}

Json side_json(const CompareSide& s) {
  return {{"label", s.label},
          {"kind", s.is_scenario ? "scenario" : "results"},
          {"scenario", {{"id", s.scenario_id}, {"name", s.scenario_name}}},
          {"result_label", s.result_label}};
}

template <class T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace

std::string comparison_text(const Comparison& c, bool color) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto heading = [&](const std::string& s) { line(color ? "\033[1m" + s + "\033[0m" : s); };
  line(side_line("A", c.a));
  line(side_line("B", c.b));

  line("");
  if (!c.inputs_compared) {
    heading("Inputs: not compared (a result folder does not keep its inputs)");
  } else if (c.inputs.empty()) {
    heading(fmt::format("Inputs: none differ ({} compared)", c.inputs_total));
  } else {
    heading(fmt::format("Inputs that differ: {} of {}", c.inputs.size(), c.inputs_total));
    size_t kw = 3, aw = 1;
    for (const InputDifference& d : c.inputs) {
      kw = std::max(kw, width(d.key));
      aw = std::max(aw, width(input_value(d.a, d.a_default)));
    }
    line(fmt::format("  {:<{}}   {:<{}}   {}", "key", kw, "A", aw, "B"));
    for (const InputDifference& d : c.inputs) {
      line(fmt::format("  {:<{}}   {:<{}}   {}", d.key, kw, input_value(d.a, d.a_default), aw,
                       input_value(d.b, d.b_default)));
    }
  }

  const ChangedMetrics moved = changed_metrics(c);
  const auto &dates = moved.dates, &numbers = moved.numbers, &others = moved.others;
  const size_t changed = moved.size();
  const size_t total = c.metrics.size();
  line("");
  if (changed == 0) {
    heading(fmt::format("Metrics: none differ ({} compared)", total));
    return out;
  }
  heading(
      fmt::format("Metrics that differ: {} of {} ({} unchanged)", changed, total, total - changed));
  // One layout for the three groups, so their columns line up.
  size_t kw = 0, vw = 1, cw = 6;
  for (const auto* group : {&dates, &numbers, &others}) {
    for (const MetricDifference* d : *group) {
      kw = std::max(kw, width(d->key));
      vw = std::max({vw, width(shown_a(*d)), width(shown_b(*d))});
      cw = std::max(cw, width(show_change(*d)));
    }
  }
  bool first = true;
  auto group = [&](const std::vector<const MetricDifference*>& rows, const std::string& title,
                   bool with_change, bool with_relative) {
    if (rows.empty()) return;
    if (!first) line("");
    first = false;
    std::string head = fmt::format("  {:<{}}   {:>{}}   {:>{}}", title, kw, "A", vw, "B", vw);
    if (with_change) head += fmt::format("   {:>{}}", "change", cw);
    if (with_relative) head += "   relative";
    line(head);
    for (const MetricDifference* d : rows) {
      std::string row =
          fmt::format("  {:<{}}   {:>{}}   {:>{}}", d->key, kw, shown_a(*d), vw, shown_b(*d), vw);
      if (with_change) row += fmt::format("   {:>{}}", show_change(*d), cw);
      if (with_relative) row += fmt::format("   {:>8}", show_relative(*d));
      while (!row.empty() && row.back() == ' ') row.pop_back();
      line(row);
    }
  };
  kw = std::max(kw, std::string("numbers, by relative change").size());
  group(dates, "dates, by days moved", true, false);
  group(numbers, "numbers, by relative change", true, true);
  group(others, "other values", false, false);
  return out;
}

std::string comparison_json(const Comparison& c) {
  Json inputs = Json::array();
  for (const InputDifference& d : c.inputs) {
    inputs.push_back({{"key", d.key},
                      {"unit", d.unit},
                      {"a", or_null(d.a)},
                      {"b", or_null(d.b)},
                      {"a_default", d.a_default},
                      {"b_default", d.b_default}});
  }
  Json metrics = Json::array();
  for (const MetricDifference& d : c.metrics) {
    metrics.push_back({{"key", d.key},
                       {"unit", d.unit},
                       {"a", value_json(d.a)},
                       {"b", value_json(d.b)},
                       {"in_a", d.in_a},
                       {"in_b", d.in_b},
                       {"changed", d.changed},
                       {"change", or_null(d.change)},
                       {"relative", or_null(d.relative)}});
  }
  const size_t changed = c.changed_count();
  Json j = {
      {"a", side_json(c.a)},
      {"b", side_json(c.b)},
      {"inputs", {{"compared", c.inputs_compared}, {"total", c.inputs_total}, {"differ", inputs}}},
      {"metrics",
       {{"total", c.metrics.size()},
        {"changed", changed},
        {"unchanged", c.metrics.size() - changed},
        {"items", metrics}}}};
  return j.dump(2) + "\n";
}

}  // namespace stargate

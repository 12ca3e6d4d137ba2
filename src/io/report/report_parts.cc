// src/io/report/report_parts.cc: the blocks, chart conventions and page
// every report shares (report_parts.h).

#include "io/report/report_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/format.h"
#include "stargate/error.h"

#ifndef STARGATE_REPORT_ASSETS
#define STARGATE_REPORT_ASSETS 0
#endif

namespace stargate {
namespace embedded {
extern const std::string_view report_page_html;
#if STARGATE_REPORT_ASSETS
extern const std::string_view vega_js;
extern const std::string_view vega_lite_js;
extern const std::string_view vega_embed_js;
#endif
}  // namespace embedded

namespace report_parts {
namespace {

// Tableau 20, strong colours first; semantic names get fixed colours so a
// reader learns them once.
const std::vector<std::string>& palette() {
  static const std::vector<std::string> kColors = {
      "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
      "#ff9da7", "#bab0ac", "#e15759", "#a0cbe8", "#ffbe7d", "#8cd17d", "#d4a6c8",
      "#86bcb6", "#f1ce63", "#d7b5a6", "#fabfd2", "#79706e", "#ff9d9a"};
  return kColors;
}

std::string fixed_color(const std::string& name) {
  static const std::map<std::string, std::string> kFixed = {
      {"unmet", "#e15759"},          {"money", "#e15759"},
      {"power", "#f28e2b"},          {"construction", "#4e79a7"},
      {"not started", "#bab0ac"},    {"online", "#59a14f"},
      {"awaiting power", "#f28e2b"}, {"under construction", "#4e79a7"},
      {"installed", "#59a14f"},      {"waiting for power", "#f28e2b"},
      {"grid", "#4e79a7"},           {"on-site", "#f28e2b"},
      {"all payers", "#1d2329"},
  };
  const auto it = kFixed.find(name);
  return it == kFixed.end() ? "" : it->second;
}

#if STARGATE_REPORT_ASSETS
std::string html_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// The template with each marker replaced once; markers are looked up in the
// template only, never in what replaces them.
std::string fill(std::string_view page,
                 const std::vector<std::pair<std::string_view, std::string_view>>& parts) {
  std::vector<std::pair<size_t, size_t>> at;  // (position in page, index in parts)
  for (size_t i = 0; i < parts.size(); ++i) {
    const size_t pos = page.find(parts[i].first);
    if (pos == std::string_view::npos ||
        page.find(parts[i].first, pos + 1) != std::string_view::npos)
      throw Error(ErrorKind::kInternal, "report page template: marker '" +
                                            std::string(parts[i].first) +
                                            "' must appear exactly once");
    at.push_back({pos, i});
  }
  std::sort(at.begin(), at.end());
  std::string out;
  size_t from = 0;
  for (const auto& [pos, i] : at) {
    out.append(page.substr(from, pos - from));
    out.append(parts[i].second);
    from = pos + parts[i].first.size();
  }
  out.append(page.substr(from));
  return out;
}
#endif

}  // namespace

std::string pct(double fraction) {
  if (fraction > 0.0 && fraction < 0.005) return "<1%";
  return fmt::format("{:.0f}%", fraction * 100.0);
}

std::string date_or(const std::optional<Date>& d, const char* none) {
  return d ? d->to_string() : none;
}

Json date_json(const std::optional<Date>& d) { return d ? Json(d->to_string()) : Json(nullptr); }

std::string format_big(double v) {
  static const std::pair<double, const char*> kScales[] = {
      {1e15, "Q"}, {1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}};
  for (const auto& [f, suffix] : kScales) {
    if (std::fabs(v) >= f) return format_number(v / f, 3) + suffix;
  }
  return format_number(v, 3);
}

std::string format_flop(double flop) { return flop > 0.0 ? fmt::format("{:.3g}", flop) : "0"; }

double round_sig(double v, int digits) {
  if (v == 0.0 || !std::isfinite(v)) return 0.0;
  const double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(std::fabs(v))));
  return std::round(v * scale) / scale;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep,
                 const std::string& last_sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size() ? last_sep : sep);
    out += parts[i];
  }
  return out;
}

std::string month_label(Date d) { return fmt::format("{:04d}-{:02d}", d.year(), d.month()); }

// ---------------------------------------------------------------------------
// Charts

AxisUnit axis_unit(Measure q, double max_abs) {
  auto pick = [&](std::initializer_list<AxisUnit> units) {
    AxisUnit best = *units.begin();  // the smallest
    for (const AxisUnit& u : units) {
      if (max_abs >= u.divisor) best = u;
    }
    return best;
  };
  switch (q) {
    case Measure::kUsd:
      return pick({{1.0, "$"}, {1e6, "$M"}, {1e9, "$B"}, {1e12, "$T"}});
    case Measure::kMw:
      return pick({{1.0, "MW"}, {1e3, "GW"}});
    case Measure::kFlops:
      return pick({{1e12, "TFLOP/s"}, {1e15, "PFLOP/s"}, {1e18, "EFLOP/s"}, {1e21, "ZFLOP/s"}});
    case Measure::kMwh:
      return pick({{1.0, "MWh"}, {1e3, "GWh"}, {1e6, "TWh"}});
    case Measure::kCount:
      return pick({{1.0, "count"}, {1e3, "thousands"}, {1e6, "millions"}});
    case Measure::kTonnes:
      return pick({{1.0, "t CO2"}, {1e3, "kt CO2"}, {1e6, "Mt CO2"}});
    case Measure::kFlop:
      return {1.0, "FLOP"};
  }
  return {1.0, ""};
}

Json color_scale(const std::vector<std::string>& names) {
  // The palette, less the colours this chart's semantic names take.
  std::vector<std::string> free;
  for (const std::string& color : palette()) {
    bool taken = false;
    for (const std::string& n : names) taken = taken || fixed_color(n) == color;
    if (!taken) free.push_back(color);
  }
  Json range = Json::array();
  size_t next = 0;
  for (const std::string& n : names) {
    const std::string fixed = fixed_color(n);
    range.push_back(fixed.empty() ? free[next++ % free.size()] : fixed);
  }
  return {{"domain", names}, {"range", range}};
}

Json base_spec(int height) {
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
          {"width", "container"},
          {"height", height},
          {"config",
           {{"font", "DejaVu Sans, Helvetica, Arial, sans-serif"},
            {"view", {{"stroke", nullptr}}},
            {"legend", {{"orient", "right"}, {"labelLimit", 220}}},
            {"axis", {{"labelFontSize", 11}, {"titleFontSize", 12}, {"titleFontWeight", 500}}}}}};
}

Json month_x() {
  return {{"field", "date"},
          {"type", "temporal"},
          {"timeUnit", "utcyearmonth"},
          {"title", nullptr},
          {"axis", {{"format", "%Y"}, {"tickCount", {{"interval", "year"}, {"step", 1}}}}}};
}

// ---------------------------------------------------------------------------
// Blocks

Json chart_block(const std::string& id, const std::string& title, const std::string& reading,
                 Json spec) {
  return {{"kind", "chart"},
          {"id", id},
          {"title", title},
          {"reading", reading},
          {"spec", std::move(spec)}};
}

Json table_block(const std::string& id, const std::string& title,
                 const std::vector<Column>& columns, Json rows, bool filter) {
  Json cols = Json::array();
  for (const Column& c : columns) {
    Json col = {{"label", c.label}, {"align", c.right ? "right" : "left"}};
    if (c.key) col["key"] = true;
    if (!c.width.empty()) col["width"] = c.width;
    cols.push_back(col);
  }
  return {{"kind", "table"}, {"id", id},     {"title", title},
          {"columns", cols}, {"rows", rows}, {"filter", filter}};
}

Json stats_block(const std::vector<std::pair<std::string, std::string>>& items) {
  Json out = Json::array();
  for (const auto& [label, value] : items) out.push_back({{"label", label}, {"value", value}});
  return {{"kind", "stats"}, {"items", out}};
}

Json section(const std::string& id, const std::string& title, const std::string& reading,
             Json blocks) {
  return {{"id", id}, {"title", title}, {"reading", reading}, {"blocks", std::move(blocks)}};
}

std::string page_html(const Json& doc, const std::string& title) {
#if STARGATE_REPORT_ASSETS
  // Inside <script>, "</" could end the element early: JSON may write '<' as
  // \u003c, so every '<' is.
  std::string data;
  for (char ch : doc.dump()) {
    if (ch == '<') {
      data += "\\u003c";
    } else {
      data += ch;
    }
  }
  return fill(embedded::report_page_html, {{"<!--STARGATE:TITLE-->", html_escape(title)},
                                           {"/*STARGATE:VEGA*/", embedded::vega_js},
                                           {"/*STARGATE:VEGA-LITE*/", embedded::vega_lite_js},
                                           {"/*STARGATE:VEGA-EMBED*/", embedded::vega_embed_js},
                                           {"<!--STARGATE:DATA-->", data}});
#else
  (void)doc;
  (void)title;
  require_report_library();
  return {};
#endif
}

}  // namespace report_parts

bool report_available() { return STARGATE_REPORT_ASSETS != 0; }

void require_report_library() {
  if (!report_available()) {
    throw Error(ErrorKind::kUnsupported,
                "report.html needs its chart library (Vega-Lite), which this build does not "
                "include: run `make setup` (it installs the library with npm into "
                "src/io/report/assets/node_modules) and build again");
  }
}

}  // namespace stargate

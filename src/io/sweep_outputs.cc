#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/format.h"
#include "io/atomic_dir.h"
#include "stargate/sweep_output.h"

namespace stargate {
namespace {

std::string date_text(double days) {
  return Date::from_days(static_cast<std::int32_t>(std::lround(days))).to_string();
}

// RFC 4180: a field with a comma, a quote or a line break is quoted.
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string exact(const SweepMetric& m, double v) {
  if (std::isnan(v)) return "";
  return m.is_date ? date_text(v) : fmt::format("{}", v);
}

std::string shown(const SweepMetric& m, double v) {
  if (std::isnan(v)) return m.is_date ? "never" : "-";
  if (m.is_date) return date_text(v);
  if (m.unit == "USD/accelerator-hour") return fmt::format("${:.2f}", v);
  if (m.unit == "USD") return format_usd(v);
  if (m.unit == "MW") return format_mw(v);
  if (m.unit == "FLOP/s") return format_flops(v);
  return format_number(v, 4);
}

}  // namespace

std::string sweep_csv(const SweepResults& r) {
  std::string out = "point";
  for (const SweepAxis& a : r.axes) out += "," + field(a.path);
  for (const SweepMetric& m : r.metrics) {
    if (!r.monte_carlo) {
      out += "," + m.name;
    } else {
      out += "," + m.name + ".p10," + m.name + ".p50," + m.name + ".p90";
      if (m.is_date) out += "," + m.name + ".p_never";
    }
  }
  out += "\n";
  for (size_t p = 0; p < r.points.size(); ++p) {
    const SweepPoint& point = r.points[p];
    out += std::to_string(p + 1);
    for (const std::string& v : point.values) out += "," + field(v);
    for (size_t i = 0; i < r.metrics.size(); ++i) {
      const SweepMetric& m = r.metrics[i];
      if (!r.monte_carlo) {
        out += "," + exact(m, point.base[i]);
      } else {
        for (double v : point.q[i]) out += "," + exact(m, v);
        if (m.is_date) {
          out += "," + (std::isnan(point.never[i]) ? "" : fmt::format("{}", point.never[i]));
        }
      }
    }
    out += "\n";
  }
  return out;
}

std::string sweep_terminal_table(const SweepResults& r, bool color) {
  const std::string bold = color ? "\033[1m" : "", reset = color ? "\033[0m" : "";
  std::string out = fmt::format("{}{}{} ({}): sweep of {} point{}", bold, r.scenario_name, reset,
                                r.scenario_id, r.points.size(), r.points.size() == 1 ? "" : "s");
  if (!r.complete) out += " (INCOMPLETE: stopped early)";
  out += r.monte_carlo
             ? fmt::format(", Monte Carlo: {} trials per point, seed {}\n", r.trials, r.seed)
             : ", BASE CASE at each point: every uncertain input at its base value\n";
  for (size_t p = 0; p < r.points.size(); ++p) {
    std::string values;
    for (size_t a = 0; a < r.axes.size(); ++a) {
      values += (a ? ", " : "") + r.axes[a].path + "=" + r.points[p].values[a];
    }
    out += fmt::format("  point {}: {}\n", p + 1, values);
  }
  // One row per metric, one column per point: a sweep has few points and
  // many metrics. Widths fit the contents.
  std::vector<std::vector<std::string>> rows;
  rows.push_back({r.monte_carlo ? "metric (P50)" : "metric"});
  for (size_t p = 0; p < r.points.size(); ++p) rows[0].push_back(std::to_string(p + 1));
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    std::vector<std::string> row = {r.metrics[i].name};
    for (const SweepPoint& point : r.points) {
      std::string cell = shown(r.metrics[i], r.monte_carlo ? point.q[i][1] : point.base[i]);
      if (r.monte_carlo && r.metrics[i].is_date && !std::isnan(point.q[i][1]) &&
          point.never[i] > 0.0) {
        cell += fmt::format(" ({:.0f}% never)", point.never[i] * 100.0);
      }
      row.push_back(std::move(cell));
    }
    rows.push_back(std::move(row));
  }
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  out += "\n";
  for (size_t k = 0; k < rows.size(); ++k) {
    std::string line = "  " + rows[k][0] + std::string(width[0] - rows[k][0].size(), ' ');
    for (size_t c = 1; c < rows[k].size(); ++c) {
      line += "  " + std::string(width[c] - rows[k][c].size(), ' ') + rows[k][c];
    }
    out += (k == 0 ? bold + line + reset : line) + "\n";
  }
  if (r.monte_carlo) {
    out +=
        "\nP50 over each point's trials; for a date, over the trials that reach it, with the "
        "share that never do in brackets. P10 and P90 are in sweep.csv\n";
  }
  return out;
}

void write_sweep_outputs(const SweepResults& r, const std::string& dir) {
  AtomicDir out(dir);
  out.write("sweep.csv", sweep_csv(r));
  out.commit();
}

}  // namespace stargate

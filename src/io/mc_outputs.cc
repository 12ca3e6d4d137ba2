#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/format.h"
#include "io/atomic_dir.h"
#include "stargate/mc_output.h"
#include "stargate/version.h"

namespace stargate {
namespace {

using Json = nlohmann::ordered_json;
const char* const kQNames[] = {"p5", "p10", "p25", "p50", "p75", "p90", "p95"};

std::string date_text(double days) {
  return Date::from_days(static_cast<std::int32_t>(std::lround(days))).to_string();
}

// A statistic as text: a date for date metrics, the shortest exact number
// otherwise; empty when no trial has a value.
std::string value(const McMetric& m, double v) {
  if (m.count == 0 || std::isnan(v)) return "";
  return m.is_date ? date_text(v) : fmt::format("{}", v);
}

std::string shown(const McMetric& m, double v) {
  if (m.count == 0 || std::isnan(v)) return "-";
  if (m.is_date) return date_text(v);
  if (m.unit == "USD") return format_usd(v);
  if (m.unit == "USD/accelerator-hour") return fmt::format("${:.2f}", v);
  if (m.unit == "MW") return format_mw(v);
  if (m.unit == "FLOP/s") return format_flops(v);
  if (m.unit == "fraction") return fmt::format("{:.1f}%", v * 100.0);
  return format_number(v, 4);
}

}  // namespace

std::string mc_summary_csv(const McResults& r) {
  std::string out = "metric,unit,count,never,mean,sd,min,max";
  for (const char* q : kQNames) out += std::string(",") + q;
  out += ",exact,rank_error\n";
  for (const McMetric& m : r.metrics) {
    out += m.name + "," + m.unit + "," + std::to_string(m.count) + "," + std::to_string(m.never);
    // A date's spread is a number of days, not a date.
    const bool sd = m.count > 0 && !std::isnan(m.sd);
    out += "," + value(m, m.mean) + "," + (sd ? fmt::format("{}", m.sd) : std::string()) + "," +
           value(m, m.min) + "," + value(m, m.max);
    for (double v : m.q) out += "," + value(m, v);
    out += std::string(",") + (m.exact ? "true" : "false") + "," + fmt::format("{}", m.rank_error);
    out += "\n";
  }
  return out;
}

std::string mc_summary_json(const McResults& r, const std::string& generated_at) {
  Json j;
  j["stargate_version"] = version();
  if (!generated_at.empty()) j["generated_at"] = generated_at;
  j["scenario"] = {{"id", r.scenario_id}, {"name", r.scenario_name}};
  j["seed"] = r.seed;
  j["trials"] = {
      {"requested", r.trials_requested}, {"done", r.trials_done}, {"complete", r.complete}};
  j["uncertain_inputs"] = r.uncertain_inputs;
  Json metrics = Json::array();
  for (const McMetric& m : r.metrics) {
    Json q = Json::object();
    for (size_t i = 0; i < m.q.size(); ++i) {
      q[kQNames[i]] =
          m.count ? (m.is_date ? Json(date_text(m.q[i])) : Json(m.q[i])) : Json(nullptr);
    }
    metrics.push_back({{"metric", m.name},
                       {"unit", m.unit},
                       {"count", m.count},
                       {"never", m.never},
                       {"mean", m.count && !m.is_date ? Json(m.mean) : Json(nullptr)},
                       {"sd", m.count && !m.is_date ? Json(m.sd) : Json(nullptr)},
                       {"quantiles", q},
                       {"exact", m.exact},
                       {"rank_error", m.rank_error}});
  }
  j["metrics"] = metrics;
  Json answers = Json::array();
  for (const McAnswer& a : r.answers) {
    answers.push_back({{"id", a.id},
                       {"question", a.text},
                       {"yes", a.yes},
                       {"trials", a.trials},
                       {"probability", a.p},
                       {"ci95", {a.lo, a.hi}}});
  }
  j["questions"] = answers;
  return j.dump(2) + "\n";
}

std::string fan_csv(const McResults& r) {
  std::string out = "series,unit,month,mean";
  for (const char* q : kQNames) out += std::string(",") + q;
  out += "\n";
  for (const McFan& f : r.fans) {
    for (size_t m = 0; m < f.months.size(); ++m) {
      out += f.series + "," + f.unit + "," + f.months[m] + "," + fmt::format("{}", f.mean[m]);
      for (double v : f.q[m]) out += "," + fmt::format("{}", v);
      out += "\n";
    }
  }
  return out;
}

std::string dates_csv(const McResults& r) {
  std::string out = "metric,trials,p_never";
  for (const char* q : kQNames) out += std::string(",") + q;
  out += "\n";
  for (const McMetric& m : r.metrics) {
    if (!m.is_date) continue;
    const std::int64_t n = m.count + m.never;
    const double p_never = n > 0 ? static_cast<double>(m.never) / static_cast<double>(n) : 0.0;
    out += m.name + "," + std::to_string(n) + "," + fmt::format("{}", p_never);
    // Quantiles among the trials that reach the date; p_never is the rest.
    for (double v : m.q) out += "," + value(m, v);
    out += "\n";
  }
  return out;
}

std::string questions_csv(const McResults& r) {
  std::string out = "id,question,yes,trials,probability,lo95,hi95\n";
  for (const McAnswer& a : r.answers) {
    out += a.id + ",\"" + a.text + "\"," + std::to_string(a.yes) + "," + std::to_string(a.trials) +
           "," + fmt::format("{},{},{}", a.p, a.lo, a.hi) + "\n";
  }
  return out;
}

std::string sensitivity_csv(const McResults& r) {
  std::string out = "input,metric,spearman,base,at_p10,at_p90,swing\n";
  auto num = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); };
  for (const McSensitivity& s : r.sensitivity) {
    out += s.input + "," + s.metric + "," + num(s.spearman) + "," + num(s.base) + "," + num(s.low) +
           "," + num(s.high) + "," + num(s.swing()) + "\n";
  }
  return out;
}

std::string mc_terminal_summary(const McResults& r, bool color) {
  const std::string bold = color ? "\033[1m" : "", reset = color ? "\033[0m" : "";
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  line(fmt::format("{}{}{} ({}): Monte Carlo, {} of {} trials{}, seed {}, {} thread{}, {:.1f} s",
                   bold, r.scenario_name, reset, r.scenario_id, r.trials_done, r.trials_requested,
                   r.complete ? "" : " (INCOMPLETE: stopped early)", r.seed, r.threads,
                   r.threads == 1 ? "" : "s", r.seconds));
  line(fmt::format("{} uncertain input{}; P10 / P50 / P90 over the trials",
                   r.uncertain_inputs.size(), r.uncertain_inputs.size() == 1 ? "" : "s"));
  line("");
  constexpr const char* kRow = "  {:<52} {:>14} {:>14} {:>14} {:>9}";
  line(fmt::format(kRow, "metric", "P10", "P50", "P90", "never"));
  for (const McMetric& m : r.metrics) {
    // The key ones: totals, sites' full power, vehicles' money and default,
    // program cost, tenants' compute in the last year, runs' FLOP.
    const bool key = m.name.starts_with("totals.") || m.name.ends_with("full_power_date") ||
                     m.name.ends_with("default_date") || m.name.ends_with("peak_funding_gap_usd") ||
                     m.name.starts_with("program.usd_per") ||
                     m.name.ends_with("mean_served_flop_per_s") || m.name.ends_with(".flop");
    if (!key) continue;
    const std::int64_t n = m.count + m.never;
    line(fmt::format(kRow, m.name, shown(m, m.q[1]), shown(m, m.q[3]), shown(m, m.q[5]),
                     m.never > 0 ? fmt::format("{:.0f}%", 100.0 * static_cast<double>(m.never) /
                                                              static_cast<double>(n))
                                 : "-"));
  }
  if (!r.answers.empty()) {
    line("");
    line(bold + "Questions" + reset + " (probability, 95% Wilson interval)");
    for (const McAnswer& a : r.answers) {
      line(fmt::format("  {:<28} {:>6.1f}%  [{:.1f}%, {:.1f}%]  {}", a.id, a.p * 100.0,
                       a.lo * 100.0, a.hi * 100.0, a.text));
    }
  }
  if (!r.sensitivity.empty()) {
    line("");
    line(bold + "What moves the answer" + reset +
         fmt::format(" (Spearman ρ over {} sampled trials; tornado: the output with the input at "
                     "its P10 → P90, the rest at base)",
                     r.sample_size));
    for (const McMetric& m : r.metrics) {
      const bool key = m.name.starts_with("totals.peak_funding_gap") ||
                       m.name.ends_with("full_power_date") || m.name.ends_with("default_date") ||
                       m.name.starts_with("program.usd_per");
      if (!key || m.count == 0) continue;
      std::vector<const McSensitivity*> drivers;
      for (const McSensitivity& s : r.sensitivity) {
        if (s.metric == m.name && !std::isnan(s.spearman) && std::fabs(s.spearman) >= 0.1)
          drivers.push_back(&s);
      }
      if (drivers.empty()) continue;
      std::sort(drivers.begin(), drivers.end(), [](const McSensitivity* a, const McSensitivity* b) {
        return std::fabs(a->spearman) > std::fabs(b->spearman);
      });
      line("  " + m.name);
      for (size_t i = 0; i < std::min<size_t>(3, drivers.size()); ++i) {
        const McSensitivity& s = *drivers[i];
        line(fmt::format("    ρ {:+.2f}  {:<58} {} → {}", s.spearman, s.input, shown(m, s.low),
                         shown(m, s.high)));
      }
    }
  }
  line("");
  line(
      "Date quantiles are over the trials that reach the date; 'never' is the share that do not "
      "within the horizon.");
  return out;
}

void write_mc_outputs(const McResults& r, const std::string& dir, const std::string& generated_at,
                      const std::vector<std::pair<std::string, std::string>>& extra_files) {
  AtomicDir out(dir);
  out.write("mc_summary.csv", mc_summary_csv(r));
  out.write("mc_summary.json", mc_summary_json(r, generated_at));
  out.write("fan.csv", fan_csv(r));
  out.write("dates.csv", dates_csv(r));
  out.write("questions.csv", questions_csv(r));
  if (!r.sensitivity.empty()) out.write("sensitivity.csv", sensitivity_csv(r));
  for (const auto& [name, content] : extra_files) out.write(name, content);
  out.commit();
}

}  // namespace stargate

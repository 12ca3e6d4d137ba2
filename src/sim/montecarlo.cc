// Monte Carlo (MODEL.md §7): trials in fixed blocks on a pool of threads,
// each block's statistics merged into the whole in block order.
#include "stargate/montecarlo.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "core/format.h"
#include "core/random.h"
#include "core/suggest.h"
#include "scenario/sample.h"
#include "sim/engine.h"
#include "sim/montecarlo_run.h"
#include "sim/stats.h"

namespace stargate {
namespace {

// KLL sketch sizes (sim/stats.h): rank error about 2.4 / k of N at 99%,
// whatever N; exact up to k trials; about 3k values held each.
constexpr int kMetricSketch = 4096;  // ≈ 0.06% of the ranks
constexpr int kFanSketch = 256;      // ≈ 1% of the ranks, for charts
const std::vector<double> kQuantiles(kMcQuantiles.begin(), kMcQuantiles.end());
constexpr double kNever = std::numeric_limits<double>::quiet_NaN();

struct MetricDef {
  std::string name, unit;
  bool is_date = false;
};

double date_value(const std::optional<Date>& d) {
  return d ? static_cast<double>(d->days()) : kNever;
}

// The statistics every trial contributes, in a fixed order: the names come
// from the base case, the values from each trial.
void metrics(const Results& r, std::vector<MetricDef>* defs, std::vector<double>& out) {
  out.clear();
  auto add = [&](std::string name, const char* unit, double v, bool is_date = false) {
    if (defs) defs->push_back(MetricDef{std::move(name), unit, is_date});
    out.push_back(v);
  };
  double online = 0.0;
  for (const SiteResult& s : r.sites) online += s.online_it_mw.value();
  add("totals.online_it_mw", "MW", online);
  add("totals.installed_accelerators", "accelerators", r.installed.value());
  add("totals.peak_bf16_flop_per_s", "FLOP/s", r.peak_bf16.value());
  add("totals.energy_mwh", "MWh", r.energy.total.value());
  add("totals.emissions_tco2", "tCO2", r.energy.emissions.value());
  add("totals.construction_capex_usd", "USD", r.construction_capex.value());
  add("totals.chip_capex_usd", "USD", r.chip_capex.value());
  add("totals.peak_funding_gap_usd", "USD", r.peak_funding_gap.value());
  for (const SiteResult& s : r.sites) {
    add("sites." + s.id + ".online_it_mw", "MW", s.online_it_mw.value());
    add("sites." + s.id + ".full_power_date", "date", date_value(s.full_power), true);
  }
  for (const PhaseResult& p : r.phases)
    add("sites." + p.site + ".phases." + p.id + ".online", "date", date_value(p.online), true);
  for (const VehicleMoney& v : r.vehicles) {
    const std::string k = "vehicles." + v.id + ".";
    add(k + "capex_paid_usd", "USD", v.capex_paid.value());
    add(k + "equity_called_usd", "USD", v.equity_called.value());
    add(k + "debt_drawn_usd", "USD", v.debt_drawn.value());
    add(k + "peak_funding_gap_usd", "USD", v.peak_funding_gap.value());
    add(k + "default_date", "date", date_value(v.default_date), true);
  }
  for (const EntityMoney& e : r.entities) {
    add("entities." + e.id + ".irr", "fraction", e.irr ? *e.irr : kNever);
    add("entities." + e.id + ".npv_usd", "USD", e.npv.value());
  }
  const ProgramMoney& p = r.program;
  add("program.spent_usd", "USD", p.spent.value());
  add("program.usd_per_accelerator_hour", "USD/accelerator-hour",
      p.usd_per_accelerator_hour.value_or(kNever));
  add("program.permanent_jobs_end", "jobs", p.permanent_jobs_end.value_or(kNever));
  for (const TenantResult& t : r.tenants) {
    for (const TenantYear& y : t.years) {
      const std::string k = "tenants." + t.id + "." + std::to_string(y.year) + ".";
      add(k + "mean_served_flop_per_s", "FLOP/s", y.mean(y.served));
      add(k + "mean_unmet_flop_per_s", "FLOP/s", y.mean(y.unmet + y.training_unmet));
      add(k + "mean_declined_flop_per_s", "FLOP/s", y.mean(y.declined));
    }
  }
  for (const RunResult& x : r.runs) {
    const std::string k = "runs." + x.tenant + "." + x.id + ".";
    add(k + "flop", "FLOP", x.status == "skipped" ? kNever : x.flop);
    add(k + "loss", "loss", x.status == "skipped" ? kNever : x.loss);
  }
}

// The monthly series of the fan charts, from a trial's timeline: the value
// at each month's last step.
struct FanDef {
  std::string name, unit;
  std::vector<std::int32_t> columns;  // summed timeline columns; empty: cumulative run FLOP
  std::string tenant;
};

std::vector<FanDef> fan_defs(const Results& base) {
  std::vector<FanDef> out;
  auto column = [&](const std::string& name) -> std::int32_t {
    for (size_t i = 0; i < base.timeline.series.size(); ++i) {
      if (base.timeline.series[i].name == name) return static_cast<std::int32_t>(i);
    }
    return -1;
  };
  for (const SiteResult& s : base.sites) {
    out.push_back(FanDef{s.id + "_online_it_mw", "MW", {column(s.id + "_online_it_mw")}, ""});
  }
  out.push_back(FanDef{"funding_gap_usd", "USD", {column("funding_gap_usd")}, ""});
  for (const TenantResult& t : base.tenants) {
    FanDef f{t.id + "_served_flop_per_s", "FLOP/s", {}, ""};
    for (const char* route : kRouteNames)
      f.columns.push_back(column(t.id + "_served_" + route + "_flop_per_s"));
    out.push_back(f);
    out.push_back(FanDef{t.id + "_cumulative_training_flop", "FLOP", {}, t.id});
  }
  return out;
}

struct Months {
  std::vector<std::string> labels;
  std::vector<std::int32_t> last_step;  // the last step beginning in the month
  std::vector<Date> end;                // the month's last day
};

Months months_of(const Timeline& t) {
  Months m;
  for (std::int32_t k = 0; k < t.steps(); ++k) {
    const Date d = t.boundaries[static_cast<size_t>(k)];
    const std::string label = d.to_string().substr(0, 7);
    if (m.labels.empty() || m.labels.back() != label) {
      m.labels.push_back(label);
      m.last_step.push_back(k);
      m.end.push_back(d.next_month_start() - 1);
    } else {
      m.last_step.back() = k;
    }
  }
  return m;
}

void fan_values(const Results& r, const std::vector<FanDef>& defs, const Months& months,
                std::vector<double>& out) {
  out.clear();
  for (const FanDef& f : defs) {
    for (size_t m = 0; m < months.labels.size(); ++m) {
      double v = 0.0;
      if (!f.tenant.empty()) {
        // Training FLOP done by the month's end, runs counted pro rata to time.
        const Date e = months.end[m] + 1;
        for (const RunResult& x : r.runs) {
          if (x.tenant != f.tenant || x.status == "skipped" || e <= x.start) continue;
          const double span = static_cast<double>(x.end - x.start);
          v +=
              span > 0.0 ? x.flop * std::min(1.0, static_cast<double>(e - x.start) / span) : x.flop;
        }
      } else {
        for (std::int32_t c : f.columns) {
          if (c >= 0) v += r.timeline.series[static_cast<size_t>(c)].at(months.last_step[m]);
        }
      }
      out.push_back(v);
    }
  }
}

// A question's answer in one trial.
struct QuestionDef {
  std::int32_t column = -1;
  CompareOp op = CompareOp::kGe;
  double value = 0.0;
  std::int32_t step = -1;  // `by`: the step containing the date; -1: at any time
};

bool holds(CompareOp op, double x, double v) {
  switch (op) {
    case CompareOp::kGe:
      return x >= v;
    case CompareOp::kLe:
      return x <= v;
    case CompareOp::kGt:
      return x > v;
    case CompareOp::kLt:
      return x < v;
  }
  return false;
}

bool answer(const Results& r, const QuestionDef& q) {
  const Series& s = r.timeline.series[static_cast<size_t>(q.column)];
  if (q.step >= 0) return holds(q.op, s.at(q.step), q.value);
  if (holds(q.op, 0.0, q.value) && (s.steps.empty() || s.steps.front() > 0)) return true;
  for (double v : s.values) {
    if (holds(q.op, v, q.value)) return true;
  }
  return false;
}

}  // namespace

McBlock::McBlock(size_t metrics, size_t fan_cells, size_t questions, std::int64_t limit)
    : sample_limit(limit),
      stats(metrics),
      sketch(metrics, QuantileSketch(kMetricSketch)),
      never(metrics, 0),
      fan_stats(fan_cells),
      fan_sketch(fan_cells, QuantileSketch(kFanSketch)),
      yes(questions, 0) {}

// Keeps the rows with the smallest (hash, trial): the union of two samples
// cut back to the limit is the sample of the union, whatever the order.
void McBlock::keep(McSampleRow row) {
  if (sample_limit <= 0) return;
  auto less = [](const McSampleRow& a, const McSampleRow& b) {
    return std::tie(a.hash, a.trial) < std::tie(b.hash, b.trial);
  };
  const auto at = std::lower_bound(sample.begin(), sample.end(), row, less);
  if (static_cast<std::int64_t>(sample.size()) >= sample_limit && at == sample.end()) return;
  sample.insert(at, std::move(row));
  if (static_cast<std::int64_t>(sample.size()) > sample_limit) sample.pop_back();
}

void McBlock::merge(const McBlock& o) {
  for (const McSampleRow& r : o.sample) keep(r);
  trials += o.trials;
  for (size_t i = 0; i < stats.size(); ++i) {
    stats[i].merge(o.stats[i]);
    sketch[i].merge(o.sketch[i]);
    never[i] += o.never[i];
  }
  for (size_t i = 0; i < fan_stats.size(); ++i) {
    fan_stats[i].merge(o.fan_stats[i]);
    fan_sketch[i].merge(o.fan_sketch[i]);
  }
  for (size_t i = 0; i < yes.size(); ++i) yes[i] += o.yes[i];
}

void McBlock::save(std::vector<double>& out) const {
  out.clear();
  out.push_back(static_cast<double>(index));
  out.push_back(static_cast<double>(trials));
  for (size_t i = 0; i < stats.size(); ++i) {
    stats[i].save(out);
    sketch[i].save(out);
    out.push_back(static_cast<double>(never[i]));
  }
  for (size_t i = 0; i < fan_stats.size(); ++i) {
    fan_stats[i].save(out);
    fan_sketch[i].save(out);
  }
  for (std::int64_t y : yes) out.push_back(static_cast<double>(y));
  out.push_back(static_cast<double>(sample.size()));
  for (const McSampleRow& r : sample) {
    // A 64-bit hash does not fit a double: two 32-bit halves.
    out.push_back(static_cast<double>(r.hash >> 32));
    out.push_back(static_cast<double>(r.hash & 0xFFFFFFFFu));
    out.push_back(static_cast<double>(r.trial));
    out.push_back(static_cast<double>(r.inputs.size()));
    out.insert(out.end(), r.inputs.begin(), r.inputs.end());
    out.push_back(static_cast<double>(r.metrics.size()));
    out.insert(out.end(), r.metrics.begin(), r.metrics.end());
  }
}

void McBlock::load(const std::vector<double>& in) {
  const double* p = in.data();
  index = static_cast<std::int64_t>(*p++);
  trials = static_cast<std::int64_t>(*p++);
  for (size_t i = 0; i < stats.size(); ++i) {
    stats[i].load(p);
    sketch[i].load(p);
    never[i] = static_cast<std::int64_t>(*p++);
  }
  for (size_t i = 0; i < fan_stats.size(); ++i) {
    fan_stats[i].load(p);
    fan_sketch[i].load(p);
  }
  for (std::int64_t& y : yes) y = static_cast<std::int64_t>(*p++);
  sample.resize(static_cast<size_t>(*p++));
  for (McSampleRow& r : sample) {
    r.hash = static_cast<std::uint64_t>(p[0]) << 32 | static_cast<std::uint64_t>(p[1]);
    r.trial = static_cast<std::int64_t>(p[2]);
    const auto ni = static_cast<size_t>(p[3]);
    p += 4;
    r.inputs.assign(p, p + ni);
    p += ni;
    const auto nm = static_cast<size_t>(*p++);
    r.metrics.assign(p, p + nm);
    p += nm;
  }
}

std::pair<double, double> wilson_interval(std::int64_t yes, std::int64_t n) {
  if (n <= 0) return {0.0, 1.0};
  constexpr double z = 1.959963984540054;
  const double nn = static_cast<double>(n), p = static_cast<double>(yes) / nn;
  const double denom = 1.0 + z * z / nn;
  const double centre = (p + z * z / (2.0 * nn)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / denom;
  // At p = 0 (or 1) the bound is 0 (or 1) exactly; rounding would leave it
  // a hair inside, above the estimate it bounds.
  return {yes <= 0 ? 0.0 : std::max(0.0, centre - half),
          yes >= n ? 1.0 : std::min(1.0, centre + half)};
}

const McMetric* McResults::metric(std::string_view name) const {
  for (const McMetric& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

struct McRun::Impl {
  Scenario scenario;  // keeps the spec alive for as long as the run
  const ScenarioSpec& spec;
  RunOptions run;
  std::vector<MetricDef> defs;
  std::vector<FanDef> fans;
  Months months;
  std::vector<QuestionDef> questions;
  std::uint64_t seed = 0;
  std::int64_t n = 0, bsize = 1, nblocks = 0;
  std::int64_t sample_limit = 0;
  bool sensitivity = false;
  Sampler sampler;
  McBlock total;
  std::int64_t next_merge = 0;

  Impl(const Scenario& sc, const McOptions& o, const Results& base)
      : scenario(sc), spec(scenario.spec()), sampler(spec), total(0, 0, 0) {
    run.record_timeline = true;
    run.step = o.step;
    std::vector<double> scratch;
    metrics(base, &defs, scratch);
    fans = fan_defs(base);
    months = months_of(base.timeline);
    std::vector<std::string> columns;
    for (const Series& x : base.timeline.series) columns.push_back(x.name);
    std::vector<Issue> issues;
    for (const QuestionSpec& q : spec.questions) {
      QuestionDef d;
      for (size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == q.metric.id) d.column = static_cast<std::int32_t>(i);
      }
      if (d.column < 0) {
        const std::string near = closest(q.metric.id, columns);
        issues.push_back(Issue{q.metric.where, q.metric.key_path,
                               "unknown series '" + q.metric.id + "'",
                               near.empty() ? "a question's metric is a timeline.csv column"
                                            : "did you mean '" + near + "'?"});
        continue;
      }
      d.op = q.op;
      d.value = q.value;
      if (q.by) {
        d.step = 0;
        for (std::int32_t k = 0; k < base.timeline.steps(); ++k) {
          if (base.timeline.boundaries[static_cast<size_t>(k)] <= *q.by) d.step = k;
        }
      }
      questions.push_back(d);
    }
    if (!issues.empty()) throw Error(ErrorKind::kInvalidScenario, "", std::move(issues));
    // Trials record only the series the fans and questions read.
    for (const FanDef& f : fans) {
      for (std::int32_t c : f.columns) {
        if (c >= 0) run.only_series.push_back(columns[static_cast<size_t>(c)]);
      }
    }
    for (const QuestionDef& q : questions)
      run.only_series.push_back(columns[static_cast<size_t>(q.column)]);
    if (run.only_series.empty()) run.only_series.push_back(columns.front());
    seed = o.seed.value_or(spec.info.seed);
    n = std::max<std::int64_t>(0, o.trials);
    bsize = o.block > 0 ? o.block : std::clamp<std::int64_t>(n / 64, 16, 1024);
    nblocks = (n + bsize - 1) / bsize;
    sensitivity = o.sensitivity;
    sample_limit = o.sensitivity ? std::max<std::int64_t>(0, o.sample) : 0;
    total =
        McBlock(defs.size(), fans.size() * months.labels.size(), questions.size(), sample_limit);
  }
};

namespace {
RunOptions base_options(const McOptions& o) {
  RunOptions r;
  r.record_timeline = true;
  r.step = o.step;
  return r;
}
}  // namespace

McRun::McRun(const Scenario& scenario, const McOptions& options)
    : impl_(std::make_unique<Impl>(
          scenario, options,
          run_trial(scenario.spec(), scenario.spec().base_draws(), base_options(options)))) {}

McRun::~McRun() = default;
std::int64_t McRun::blocks() const { return impl_->nblocks; }
std::int64_t McRun::trials() const { return impl_->n; }

McBlock McRun::empty_block() const {
  return McBlock(impl_->defs.size(), impl_->fans.size() * impl_->months.labels.size(),
                 impl_->questions.size(), impl_->sample_limit);
}

bool McRun::compute(std::int64_t b, McBlock& block, const std::atomic<bool>* stop,
                    const std::atomic<bool>* cancel, std::atomic<std::int64_t>* done) const {
  const Impl& m = *impl_;
  block = empty_block();
  block.index = b;
  std::vector<double> values, fan;
  const std::int64_t first = b * m.bsize, last = std::min(m.n, first + m.bsize);
  for (std::int64_t i = first; i < last; ++i) {
    if ((stop && stop->load()) || (cancel && cancel->load())) return false;
    const Draws draws = m.sampler.draw(m.seed, static_cast<std::uint64_t>(i));
    const Results r = run_trial(m.spec, draws, m.run);
    metrics(r, nullptr, values);
    if (m.sample_limit > 0) {
      // The sample's order: a hash of (seed, trial), from the same generator.
      const std::array<std::uint32_t, 4> h = philox4x32(
          {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32), 0x53414D50u, 0},
          {static_cast<std::uint32_t>(m.seed), static_cast<std::uint32_t>(m.seed >> 32)});
      block.keep(
          McSampleRow{static_cast<std::uint64_t>(h[0]) << 32 | h[1], i, draws.values, values});
    }
    if (values.size() != m.defs.size())
      throw Error(ErrorKind::kInternal, "internal: a trial's metrics differ from the base case's");
    for (size_t k = 0; k < values.size(); ++k) {
      if (std::isnan(values[k])) {
        ++block.never[k];
      } else {
        block.stats[k].add(values[k]);
        block.sketch[k].add(values[k]);
      }
    }
    fan_values(r, m.fans, m.months, fan);
    for (size_t c = 0; c < fan.size(); ++c) {
      block.fan_stats[c].add(fan[c]);
      block.fan_sketch[c].add(fan[c]);
    }
    for (size_t q = 0; q < m.questions.size(); ++q) block.yes[q] += answer(r, m.questions[q]);
    ++block.trials;
    if (done) ++*done;
  }
  return true;
}

void McRun::merge(const McBlock& block) {
  if (block.index != impl_->next_merge)
    throw Error(ErrorKind::kInternal, "internal: Monte Carlo blocks merged out of order");
  impl_->total.merge(block);
  ++impl_->next_merge;
}

namespace {

// Ranks with ties averaged; NaN values get NaN.
std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<size_t> idx;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isnan(x[i])) idx.push_back(i);
  }
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size(), std::nan(""));
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j + 1 < idx.size() && x[idx[j + 1]] == x[idx[i]]) ++j;
    const double mean_rank = 0.5 * static_cast<double>(i + j);
    for (size_t k = i; k <= j; ++k) r[idx[k]] = mean_rank;
    i = j + 1;
  }
  return r;
}

// Pearson correlation of two rank vectors over the rows where both exist.
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  RunningStats sa, sb;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    sa.add(a[i]);
    sb.add(b[i]);
  }
  if (sa.count() < 3 || sa.sd() == 0.0 || sb.sd() == 0.0) return std::nan("");
  double c = 0.0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    c += (a[i] - sa.mean()) * (b[i] - sb.mean());
  }
  return c / static_cast<double>(sa.count() - 1) / (sa.sd() * sb.sd());
}

}  // namespace

void McRun::sensitivity(McResults& out) const {
  const Impl& m = *impl_;
  const std::vector<McSampleRow>& sample = m.total.sample;
  out.sample_size = static_cast<std::int64_t>(sample.size());
  const size_t ni = m.spec.uncertain.size(), nm = m.defs.size();
  std::vector<std::vector<double>> input_ranks(ni), metric_ranks(nm);
  for (size_t j = 0; j < ni; ++j) {
    std::vector<double> x;
    for (const McSampleRow& r : sample) x.push_back(r.inputs[j]);
    input_ranks[j] = ranks(x);
  }
  for (size_t k = 0; k < nm; ++k) {
    std::vector<double> y;
    for (const McSampleRow& r : sample) y.push_back(r.metrics[k]);
    metric_ranks[k] = ranks(y);
  }
  // The tornado: each input at its P10 and P90, the rest at base.
  std::vector<double> base, low, high;
  metrics(run_trial(m.spec, m.spec.base_draws(), m.run), nullptr, base);
  for (size_t j = 0; j < ni; ++j) {
    metrics(run_trial(m.spec, m.sampler.at_quantile(j, 0.1), m.run), nullptr, low);
    metrics(run_trial(m.spec, m.sampler.at_quantile(j, 0.9), m.run), nullptr, high);
    for (size_t k = 0; k < nm; ++k) {
      McSensitivity s;
      s.input = m.spec.uncertain[j].key_path;
      s.metric = m.defs[k].name;
      s.spearman = correlation(input_ranks[j], metric_ranks[k]);
      s.base = base[k];
      s.low = low[k];
      s.high = high[k];
      out.sensitivity.push_back(std::move(s));
    }
  }
}

McResults McRun::results(int threads, double seconds) const {
  const Impl& m = *impl_;
  const McBlock& total = m.total;
  McResults out;
  out.scenario_id = m.spec.info.id;
  out.scenario_name = m.spec.info.name;
  out.seed = m.seed;
  out.trials_requested = m.n;
  out.trials_done = total.trials;  // whole blocks merged in order
  out.complete = total.trials == m.n;
  out.threads = threads;
  out.seconds = seconds;
  for (const UncertainInput& u : m.spec.uncertain) out.uncertain_inputs.push_back(u.key_path);
  for (size_t k = 0; k < m.defs.size(); ++k) {
    McMetric x;
    x.name = m.defs[k].name;
    x.unit = m.defs[k].unit;
    x.is_date = m.defs[k].is_date;
    x.count = total.stats[k].count();
    x.never = total.never[k];
    if (x.count > 0) {
      x.mean = total.stats[k].mean();
      x.sd = total.stats[k].sd();
      x.min = total.stats[k].min();
      x.max = total.stats[k].max();
      const std::vector<double> q = total.sketch[k].quantiles(kQuantiles);
      std::copy(q.begin(), q.end(), x.q.begin());
    }
    x.exact = total.sketch[k].exact();
    x.rank_error = total.sketch[k].rank_error_bound();
    out.metrics.push_back(std::move(x));
  }
  for (size_t f = 0; f < m.fans.size(); ++f) {
    McFan fan;
    fan.series = m.fans[f].name;
    fan.unit = m.fans[f].unit;
    fan.months = m.months.labels;
    for (size_t mo = 0; mo < m.months.labels.size(); ++mo) {
      const size_t c = f * m.months.labels.size() + mo;
      const std::vector<double> q = total.fan_sketch[c].quantiles(kQuantiles);
      fan.q.emplace_back();
      std::copy(q.begin(), q.end(), fan.q.back().begin());
      fan.mean.push_back(total.fan_stats[c].mean());
    }
    out.fans.push_back(std::move(fan));
  }
  for (size_t q = 0; q < m.questions.size(); ++q) {
    const QuestionSpec& qs = m.spec.questions[q];
    McAnswer a;
    a.id = qs.id;
    a.text = qs.metric.id + " " + qs.op_text + " " + format_number(qs.value, 6) +
             (qs.by ? " by " + qs.by->to_string() : " at any time");
    a.yes = total.yes[q];
    a.trials = total.trials;
    a.p = a.trials > 0 ? static_cast<double>(a.yes) / static_cast<double>(a.trials) : 0.0;
    std::tie(a.lo, a.hi) = wilson_interval(a.yes, a.trials);
    out.answers.push_back(std::move(a));
  }
  if (m.sensitivity) sensitivity(out);
  return out;
}

McResults monte_carlo(const Scenario& scenario, const McOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  McRun mc(scenario, options);
  const std::int64_t nblocks = mc.blocks(), n = mc.trials();
  const int threads = std::max(
      1, std::min<int>(options.threads > 0 ? options.threads
                                           : static_cast<int>(std::thread::hardware_concurrency()),
                       static_cast<int>(std::max<std::int64_t>(1, nblocks))));
  std::mutex mu;
  std::map<std::int64_t, McBlock> ready;  // finished, waiting for their turn to merge
  std::int64_t next_merge = 0;
  std::atomic<std::int64_t> next_block{0}, done{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  auto cancelled = [&] { return stop.load() || (options.cancel && options.cancel->load()); };

  auto worker = [&] {
    try {
      for (std::int64_t b; (b = next_block.fetch_add(1)) < nblocks;) {
        McBlock block = mc.empty_block();
        if (cancelled() || !mc.compute(b, block, &stop, options.cancel, &done)) {
          break;  // a block cut short is not merged: results hold whole blocks
        }
        if (stop.load()) break;
        std::lock_guard<std::mutex> lock(mu);
        ready.emplace(b, std::move(block));
        for (auto it = ready.find(next_merge); it != ready.end(); it = ready.find(next_merge)) {
          mc.merge(it->second);
          ready.erase(it);
          ++next_merge;
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!error) error = std::current_exception();
      stop = true;
    }
  };

  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  // A progress callback that throws (a front end's way to stop) stops the
  // workers, and its exception propagates once they are joined.
  std::exception_ptr from_progress;
  if (options.progress) {
    try {
      while (done.load() < n && !cancelled()) {
        options.progress(done.load(), n);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    } catch (...) {
      from_progress = std::current_exception();
      stop = true;
    }
  }
  for (std::thread& t : pool) t.join();
  if (from_progress) std::rethrow_exception(from_progress);
  if (error) std::rethrow_exception(error);
  if (options.progress) options.progress(done.load(), n);
  return mc.results(threads,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace stargate

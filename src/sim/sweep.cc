// Sweeps: the scenario at every point of a grid of overrides, as a base case
// (points in parallel) or as Monte Carlo (points in turn, trials in parallel).
#include "stargate/sweep.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "scenario/spec.h"
#include "stargate/error.h"
#include "stargate/montecarlo.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

Error bad_grid(std::string message) {
  return Error(ErrorKind::kInvalidScenario, "",
               {Issue{SourceSpan{"--grid", 0, 0}, "", std::move(message),
                      "for example sites.abilene.phases.phase2.duration=18mo,24mo,30mo"}});
}

// Splits at commas outside quotes, brackets and braces.
std::vector<std::string> split_top_level(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      cur += c;
      if (c == '\\' && quote == '"' && i + 1 < s.size()) {
        cur += s[++i];  // an escaped character of a basic string
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(trim(cur));
  return out;
}

struct Value {
  SweepMetric metric;
  double value = kNone;
};

// The key metrics of one base case, named as Monte Carlo names them
// (src/sim/montecarlo.cc), so the two kinds of sweep have the same columns.
std::vector<Value> key_metrics(const Results& r) {
  std::vector<Value> out;
  auto add = [&](std::string name, const char* unit, double v, bool is_date = false) {
    out.push_back(Value{SweepMetric{std::move(name), unit, is_date}, v});
  };
  auto date = [](const std::optional<Date>& d) {
    return d ? static_cast<double>(d->days()) : kNone;
  };
  double online = 0.0;
  for (const SiteResult& s : r.sites) online += s.online_it_mw.value();
  add("totals.online_it_mw", "MW", online);
  add("totals.peak_funding_gap_usd", "USD", r.peak_funding_gap.value());
  add("program.usd_per_accelerator_hour", "USD/accelerator-hour",
      r.program.usd_per_accelerator_hour.value_or(kNone));
  for (const SiteResult& s : r.sites) {
    add("sites." + s.id + ".full_power_date", "date", date(s.full_power), true);
  }
  for (const VehicleMoney& v : r.vehicles) {
    add("vehicles." + v.id + ".default_date", "date", date(v.default_date), true);
  }
  for (const TenantResult& t : r.tenants) {
    if (t.years.empty()) continue;
    const TenantYear& y = t.years.back();
    add("tenants." + t.id + "." + std::to_string(y.year) + ".mean_served_flop_per_s", "FLOP/s",
        y.mean(y.served));
  }
  return out;
}

// Whether a Monte Carlo metric is one of the key metrics above; a tenant's
// served compute only in the last year it has.
std::vector<const McMetric*> key_metrics(const McResults& r) {
  std::map<std::string, std::string> last_year;  // "tenants.<id>." → its last year's name
  for (const McMetric& m : r.metrics) {
    if (m.name.starts_with("tenants.") && m.name.ends_with(".mean_served_flop_per_s")) {
      const size_t dot = m.name.find('.', 8);
      last_year[m.name.substr(0, dot + 1)] = m.name;  // years come in order
    }
  }
  std::vector<const McMetric*> out;
  for (const char* name :
       {"totals.online_it_mw", "totals.peak_funding_gap_usd", "program.usd_per_accelerator_hour"}) {
    if (const McMetric* m = r.metric(name)) out.push_back(m);
  }
  for (const McMetric& m : r.metrics) {
    if (m.name.starts_with("sites.") && m.name.ends_with(".full_power_date")) out.push_back(&m);
  }
  for (const McMetric& m : r.metrics) {
    if (m.name.starts_with("vehicles.") && m.name.ends_with(".default_date")) out.push_back(&m);
  }
  for (const McMetric& m : r.metrics) {
    if (m.name.starts_with("tenants.") && m.name.ends_with(".mean_served_flop_per_s")) {
      if (last_year[m.name.substr(0, m.name.find('.', 8) + 1)] == m.name) out.push_back(&m);
    }
  }
  return out;
}

// The column of `metric`, added when first met.
size_t column(SweepResults& r, const SweepMetric& metric) {
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    if (r.metrics[i].name == metric.name) return i;
  }
  r.metrics.push_back(metric);
  return r.metrics.size() - 1;
}

}  // namespace

SweepAxis SweepAxis::parse(std::string_view grid) {
  const size_t eq = grid.find('=');
  if (eq == std::string_view::npos) {
    throw bad_grid("expected path=v1,v2,…, got '" + std::string(grid) + "'");
  }
  SweepAxis axis{trim(grid.substr(0, eq)), split_top_level(grid.substr(eq + 1))};
  for (const std::string& v : axis.values) {
    if (v.empty())
      throw bad_grid("expected a value between commas, got '" + std::string(grid) + "'");
  }
  return axis;
}

SweepResults sweep(const Scenario& base, std::span<const SweepAxis> axes,
                   const SweepOptions& options) {
  SweepResults r;
  r.scenario_id = base.id();
  r.scenario_name = base.name();
  r.axes.assign(axes.begin(), axes.end());
  r.monte_carlo = options.trials.has_value();
  r.trials = options.trials.value_or(0);
  r.seed = options.seed.value_or(base.spec().info.seed);

  // The grid, last axis fastest; every point's scenario read before any run.
  size_t count = 1;
  for (const SweepAxis& a : axes) count *= a.values.size();
  std::vector<Scenario> scenarios;
  std::vector<Issue> issues;
  std::set<std::string> seen;
  for (size_t p = 0; p < count; ++p) {
    SweepPoint point;
    Overrides overrides;
    size_t rest = p;
    point.values.resize(axes.size());
    for (size_t a = axes.size(); a-- > 0;) {
      const size_t n = axes[a].values.size();
      point.values[a] = axes[a].values[rest % n];
      rest /= n;
    }
    for (size_t a = 0; a < axes.size(); ++a) {
      overrides.push_back(Override{axes[a].path, point.values[a], "--grid"});
    }
    try {
      scenarios.push_back(base.with_overrides(overrides));
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidScenario) throw;
      for (const Issue& i : e.issues()) {
        if (seen.insert(i.to_string()).second) issues.push_back(i);
      }
    }
    r.points.push_back(std::move(point));
  }
  if (!issues.empty()) throw Error(ErrorKind::kInvalidScenario, "", std::move(issues));

  auto cancelled = [&] { return options.cancel && options.cancel->load(); };
  auto progress = [&](size_t done) {
    if (options.progress) {
      options.progress(static_cast<std::int64_t>(done), static_cast<std::int64_t>(count));
    }
  };

  if (r.monte_carlo) {
    McOptions mc;
    mc.trials = r.trials;
    mc.seed = options.seed;  // else each point's own [scenario] seed
    mc.threads = options.threads;
    mc.step = options.step;
    mc.cancel = options.cancel;
    for (size_t p = 0; p < count; ++p) {
      if (cancelled()) {
        r.complete = false;
        r.points.resize(p);
        break;
      }
      const McResults m = options.monte_carlo ? options.monte_carlo(scenarios[p], mc)
                                              : monte_carlo(scenarios[p], mc);
      if (!m.complete) {
        r.complete = false;
        r.points.resize(p);
        break;
      }
      SweepPoint& point = r.points[p];
      for (const McMetric* k : key_metrics(m)) {
        const size_t c = column(r, SweepMetric{k->name, k->unit, k->is_date});
        point.q.resize(r.metrics.size(), {kNone, kNone, kNone});
        point.never.resize(r.metrics.size(), kNone);
        if (k->count > 0) point.q[c] = {k->q[1], k->q[3], k->q[5]};
        const std::int64_t n = k->count + k->never;
        point.never[c] = n > 0 ? static_cast<double>(k->never) / static_cast<double>(n) : kNone;
      }
      progress(p + 1);
    }
    for (SweepPoint& point : r.points) {
      point.q.resize(r.metrics.size(), {kNone, kNone, kNone});
      point.never.resize(r.metrics.size(), kNone);
    }
    return r;
  }

  // Base cases: points in parallel, each result kept by its index, so the
  // output does not depend on the number of threads.
  std::vector<std::vector<Value>> values(count);
  RunOptions run;
  run.record_timeline = false;
  run.step = options.step;
  const size_t threads = std::max<size_t>(
      1, std::min<size_t>(count, options.threads > 0 ? static_cast<size_t>(options.threads)
                                                     : std::thread::hardware_concurrency()));
  std::mutex mutex;
  std::condition_variable changed;
  size_t next = 0, done = 0, running = threads;
  std::exception_ptr failure;
  auto work = [&] {
    for (;;) {
      size_t p;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (next >= count || failure || cancelled()) break;
        p = next++;
      }
      try {
        std::vector<Value> v = key_metrics(simulate(scenarios[p], run));
        std::lock_guard<std::mutex> lock(mutex);
        values[p] = std::move(v);
        ++done;
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
      }
      changed.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex);
    --running;
    changed.notify_all();
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(work);
  {
    std::unique_lock<std::mutex> lock(mutex);
    size_t reported = 0;
    while (running > 0) {
      changed.wait(lock);
      if (done != reported) {
        reported = done;
        lock.unlock();
        progress(reported);
        lock.lock();
      }
    }
  }
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);

  // Points in grid order; a cancelled sweep keeps those finished before the
  // first one that did not.
  size_t finished = 0;
  while (finished < count && !values[finished].empty()) ++finished;
  if (finished < count) {
    r.complete = false;
    r.points.resize(finished);
  }
  for (size_t p = 0; p < r.points.size(); ++p) {
    for (const Value& v : values[p]) {
      const size_t c = column(r, v.metric);
      r.points[p].base.resize(r.metrics.size(), kNone);
      r.points[p].base[c] = v.value;
    }
  }
  for (SweepPoint& point : r.points) point.base.resize(r.metrics.size(), kNone);
  return r;
}

}  // namespace stargate

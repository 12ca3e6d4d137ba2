// tests/properties/checks.h
//
// Checkers of the properties of a run over a generated scenario, and the loop
// that applies one to every seed. Each checker is a plain function of the
// generated scenario (what was asked for, tests/support/generate.h) and the
// run's Results (public API only), returning what it found wrong — empty
// when the property holds — with expected and actual values in the words of
// MODEL.md and docs/model.md.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "stargate/error.h"
#include "stargate/output.h"
#include "stargate/results.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"
#include "support/generate.h"

namespace stargate::testing {

inline constexpr std::uint64_t kSeeds = 1000;  // seeds 0 … kSeeds − 1

using Violations = std::vector<std::string>;
using Check = Violations (*)(const GeneratedScenario&, const Results&);

// ---------------------------------------------------------------------------
// Helpers

inline std::string num(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

// |a − b| within `rel` of the larger magnitude (and of 1, so zeros compare).
inline bool close(double a, double b, double rel) {
  return std::fabs(a - b) <= rel * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// a ≤ b, allowing `rel` of b's magnitude (and of 1) for rounding.
inline bool at_most(double a, double b, double rel) {
  return a <= b + rel * std::max(1.0, std::fabs(b));
}

inline std::string date_or_never(const std::optional<Date>& d) {
  return d ? d->to_string() : "never";
}

inline const char* step_name(std::optional<StepKind> step) {
  if (!step) return "the scenario's own";
  return *step == StepKind::kDay ? "day" : *step == StepKind::kWeek ? "week" : "month";
}

inline const Series* find_series(const Results& r, const std::string& name, Violations& v) {
  const Series* s = r.timeline.find(name);
  if (!s) v.push_back("the timeline has no series '" + name + "'");
  return s;
}

inline Date step_begin(const Results& r, std::int32_t k) {
  return r.timeline.boundaries[static_cast<size_t>(k)];
}
inline Date step_end(const Results& r, std::int32_t k) {
  return r.timeline.boundaries[static_cast<size_t>(k) + 1];
}
inline double step_hours(const Results& r, std::int32_t k) {
  return (step_end(r, k) - step_begin(r, k)) * 24.0;
}

inline std::string at_step(const Results& r, std::int32_t k) {
  return "step " + std::to_string(k) + " (" + step_begin(r, k).to_string() + ")";
}

// The all-in watts of the accelerators ordered for `site`, when they are all
// the same (then installed watts are known from the count).
inline std::optional<double> site_watts(const GeneratedScenario& g, const std::string& site) {
  std::optional<double> w;
  for (const GeneratedOrder& o : g.orders) {
    if (o.site != site) continue;
    if (w && *w != o.watts) return std::nullopt;
    w = o.watts;
  }
  return w;
}

// Expected share of accelerators up: MTBF ÷ (MTBF + repair), MODEL.md §4.
inline double availability(const GeneratedOrder& o) {
  return o.mtbf_hours / (o.mtbf_hours + o.repair_days * 24.0);
}

// The IT watts drawn per installed accelerator at `site` (all-in W × share
// up), when every type ordered there draws the same; nullopt otherwise.
inline std::optional<double> site_watts_up(const GeneratedScenario& g, const std::string& site) {
  std::optional<double> w;
  for (const GeneratedOrder& o : g.orders) {
    if (o.site != site) continue;
    const double up = o.watts * availability(o);
    if (w && *w != up) return std::nullopt;
    w = up;
  }
  return w;
}

inline const GeneratedPhase* generated_phase(const GeneratedScenario& g, const PhaseResult& p) {
  for (const GeneratedPhase& gp : g.phases) {
    if (gp.site == p.site && gp.id == p.id) return &gp;
  }
  return nullptr;
}

inline const PhaseResult* phase_result(const Results& r, const std::string& site,
                                       const std::string& id) {
  for (const PhaseResult& p : r.phases) {
    if (p.site == site && p.id == id) return &p;
  }
  return nullptr;
}

// The earliest date a phase may start: its own start date and the built
// dates of the phases it depends on, whichever is later (finish-to-start);
// nullopt while a dependency is not built.
inline std::optional<Date> ready_date(const GeneratedPhase& gp, const Results& r) {
  std::optional<Date> ready = gp.start;
  for (const std::string& dep : gp.depends_on) {
    const PhaseResult* d = phase_result(r, gp.site, dep);
    if (!d || !d->built) return std::nullopt;
    if (!ready || *d->built > *ready) ready = d->built;
  }
  return ready;
}

// The spend profile: the cumulative Beta(2, 2), 3x² − 2x³, or linear.
// The share of a phase's construction time between its start and `at`
// (docs/model.md): days for a duration in days; calendar months (each month a
// twelfth of a year, whatever its length) for one in months or years.
inline double month_position(Date d) {
  const Date first = Date::from_ymd(d.year(), d.month(), 1);
  return 12.0 * d.year() + (d.month() - 1) +
         (d.day() - 1) / static_cast<double>(first.add_months(1) - first);
}
inline double time_share(const Duration& duration, Date start, Date at) {
  const Date end = add_duration(start, duration);
  if (duration.unit == Duration::Unit::kDays) {
    return static_cast<double>(at - start) / std::max(1, end - start);
  }
  return (month_position(at) - month_position(start)) /
         (month_position(end) - month_position(start));
}

inline double spend_fraction(bool linear, double x) {
  x = std::clamp(x, 0.0, 1.0);
  return linear ? x : x * x * (3.0 - 2.0 * x);
}

// Lots of an order (docs/model.md, Lots): counts as written, or whole
// numbers that add up to the order — lot i gets round(total × cumulative
// weight to i) less what the lots before it got.
inline std::vector<double> lot_counts(const GeneratedOrder& o, double total) {
  std::vector<double> out;
  if (o.lot_counts) {
    for (double w : o.lot_weights) out.push_back(std::round(w));
    return out;
  }
  double sum = 0.0, cum = 0.0, given = 0.0;
  for (double w : o.lot_weights) sum += w;
  for (double w : o.lot_weights) {
    cum += w;
    const double upto = std::round(total * (sum > 0.0 ? cum / sum : 0.0));
    out.push_back(upto - given);
    given = upto;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Checkers: each returns what it found wrong, empty when the property holds.

// MW (MODEL.md §4): accelerators are installed only where online IT MW has
// room, and a phase comes online only when its load fits the site's power, so
// at every step and every site
//   installed × all-in W ≤ online IT MW,   online IT MW × PUE ≤ power online,
//   facility load ≤ online IT MW × PUE,    facility load ≤ power online;
// an accelerator waits only while the room left is less than one of it; the
// power online is the blocks dated on or before the step's first day, and the
// online IT MW is the phases whose online date is on or before it.
inline Violations check_power(const GeneratedScenario& g, const Results& r) {
  Violations v;
  const std::int32_t n = r.timeline.steps();
  if (r.sites.size() != g.sites.size()) {
    v.push_back("expected " + std::to_string(g.sites.size()) + " sites, got " +
                std::to_string(r.sites.size()));
    return v;
  }
  for (size_t s = 0; s < g.sites.size(); ++s) {
    const GeneratedSite& site = g.sites[s];
    const Series* load = find_series(r, site.id + "_facility_load_mw", v);
    const Series* online = find_series(r, site.id + "_online_it_mw", v);
    const Series* power = find_series(r, site.id + "_power_mw", v);
    const Series* installed = find_series(r, site.id + "_installed_accelerators", v);
    const Series* waiting = find_series(r, site.id + "_waiting_accelerators", v);
    if (!load || !online || !power || !installed || !waiting) return v;
    const std::optional<double> watts = site_watts(g, site.id);
    for (std::int32_t k = 0; k < n && v.size() < 20; ++k) {
      const Date d = step_begin(r, k);
      const std::string at = site.id + " at " + at_step(r, k) + ": ";
      const double l = load->at(k), o = online->at(k), p = power->at(k);
      if (!at_most(l, o * site.pue, 1e-9)) {
        v.push_back(at + "facility load " + num(l) + " MW > online IT " + num(o) + " MW × PUE " +
                    num(site.pue) + " = " + num(o * site.pue) + " MW");
      }
      if (!at_most(l, p, 1e-9)) {
        v.push_back(at + "facility load " + num(l) + " MW > power online " + num(p) + " MW");
      }
      if (!at_most(o * site.pue, p, 1e-9)) {
        v.push_back(at + "online IT " + num(o) + " MW × PUE " + num(site.pue) + " = " +
                    num(o * site.pue) + " MW > power online " + num(p) + " MW");
      }
      double blocks = 0.0;
      for (const GeneratedPower& b : site.power) {
        if (b.online <= d) blocks += b.mw;
      }
      if (!close(p, blocks, 1e-9)) {
        v.push_back(at + "power online " + num(p) +
                    " MW, but the blocks online by then add up to " + num(blocks) + " MW");
      }
      double phases = 0.0;
      for (const PhaseResult& ph : r.phases) {
        if (ph.site == site.id && ph.online && *ph.online <= d) phases += ph.it_mw.value();
      }
      if (!close(o, phases, 1e-9)) {
        v.push_back(at + "online IT " + num(o) + " MW, but the phases online by then add up to " +
                    num(phases) + " MW");
      }
      if (watts) {
        const double used_w = installed->at(k) * *watts, room_w = o * 1e6 - used_w;
        if (room_w < -1e-3 - 1e-9 * used_w) {
          v.push_back(at + num(installed->at(k)) + " accelerators × " + num(*watts) +
                      " W = " + num(used_w * 1e-6) + " MW installed > online IT " + num(o) + " MW");
        }
        if (waiting->at(k) > 0.0 && room_w >= *watts + 1e-3) {
          v.push_back(at + num(waiting->at(k)) +
                      " accelerators wait while online IT has room for " +
                      num(std::floor(room_w / *watts)) + " more (" + num(o) + " MW online, " +
                      num(installed->at(k)) + " installed × " + num(*watts) + " W)");
        }
      }
    }
    // The end of the timeline agrees with the site's summary.
    if (n > 0 && online->at(n - 1) != r.sites[s].online_it_mw.value()) {
      v.push_back(site.id + ": online IT at the last step " + num(online->at(n - 1)) +
                  " MW, summary says " + num(r.sites[s].online_it_mw.value()) + " MW");
    }
  }
  return v;
}

// Power waits (MODEL.md §4): a built phase waits for power only while its
// facility load does not fit beside the phases online — at every step from
// its built date until it is online (or the end), online IT × PUE + its
// facility MW exceeds the power online.
inline Violations check_power_waits(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const GeneratedSite& site : g.sites) {
    const Series* online = find_series(r, site.id + "_online_it_mw", v);
    const Series* power = find_series(r, site.id + "_power_mw", v);
    if (!online || !power) return v;
    for (const PhaseResult& p : r.phases) {
      if (p.site != site.id || !p.built) continue;
      for (std::int32_t k = 0; k < r.timeline.steps(); ++k) {
        const Date d = step_begin(r, k);
        if (d < *p.built || (p.online && d >= *p.online)) continue;
        const double need = online->at(k) * site.pue + p.facility_mw.value();
        if (need <= power->at(k) - 1e-9 * std::max(1.0, need)) {
          v.push_back("phase " + p.site + "." + p.id + " (built " + p.built->to_string() +
                      ", online " + date_or_never(p.online) + ") waits at " + at_step(r, k) +
                      " though online " + num(online->at(k)) + " MW IT × PUE + its " +
                      num(p.facility_mw.value()) + " MW = " + num(need) + " MW fits " +
                      num(power->at(k)) + " MW of power");
          break;
        }
      }
    }
  }
  return v;
}

// Facility load (docs/model.md, Energy): installed accelerators that are up
// (MTBF ÷ (MTBF + repair)) × all-in W × the site's utilisation × PUE, at
// every step of every site whose accelerators all draw alike.
inline Violations check_facility_load(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const GeneratedSite& site : g.sites) {
    const Series* load = find_series(r, site.id + "_facility_load_mw", v);
    const Series* installed = find_series(r, site.id + "_installed_accelerators", v);
    if (!load || !installed) return v;
    const bool no_orders = std::none_of(g.orders.begin(), g.orders.end(),
                                        [&](const GeneratedOrder& o) { return o.site == site.id; });
    const std::optional<double> up = site_watts_up(g, site.id);
    if (!no_orders && !up) continue;
    for (std::int32_t k = 0; k < r.timeline.steps(); ++k) {
      const double expected =
          no_orders ? 0.0 : installed->at(k) * *up * 1e-6 * site.utilisation * site.pue;
      if (!close(load->at(k), expected, 1e-9)) {
        v.push_back(site.id + " at " + at_step(r, k) + ": facility load " + num(load->at(k)) +
                    " MW, but " + num(installed->at(k)) + " installed × " + (up ? num(*up) : "0") +
                    " W up × utilisation " + num(site.utilisation) + " × PUE " + num(site.pue) +
                    " = " + num(expected) + " MW");
        break;
      }
    }
  }
  return v;
}

// Accelerators (MODEL.md §4): every one delivered is installed, waiting or
// retired — in total, and per site at the end (the results give retirements
// only in total, so per site: delivered − installed − waiting ≥ 0, adding up
// to the retired).
inline Violations check_accelerators(const GeneratedScenario&, const Results& r) {
  Violations v;
  const double accounted = r.installed.value() + r.waiting.value() + r.retired.value();
  if (!close(r.delivered.value(), accounted, 1e-12)) {
    v.push_back("delivered " + num(r.delivered.value()) + " ≠ installed " +
                num(r.installed.value()) + " + waiting " + num(r.waiting.value()) + " + retired " +
                num(r.retired.value()) + " = " + num(accounted));
  }
  std::map<std::string, double> delivered;
  double total = 0.0;
  for (const OrderResult& o : r.orders) {
    delivered[o.site] += o.delivered.value();
    total += o.delivered.value();
    if (o.delivered.value() > o.count.value() + 1e-9) {
      v.push_back("order " + o.id + ": delivered " + num(o.delivered.value()) + " > ordered " +
                  num(o.count.value()));
    }
  }
  if (!close(total, r.delivered.value(), 1e-12)) {
    v.push_back("orders delivered " + num(total) + ", the total says " + num(r.delivered.value()));
  }
  double retired = 0.0, installed = 0.0, waiting = 0.0;
  const std::int32_t n = r.timeline.steps();
  for (const SiteResult& s : r.sites) {
    const double gone = delivered[s.id] - s.installed.value() - s.waiting.value();
    if (gone < -1e-9) {
      v.push_back("site " + s.id + ": installed " + num(s.installed.value()) + " + waiting " +
                  num(s.waiting.value()) + " > delivered " + num(delivered[s.id]));
    }
    retired += gone;
    installed += s.installed.value();
    waiting += s.waiting.value();
    const Series* si = find_series(r, s.id + "_installed_accelerators", v);
    const Series* sw = find_series(r, s.id + "_waiting_accelerators", v);
    if (si && sw && n > 0 &&
        (si->at(n - 1) != s.installed.value() || sw->at(n - 1) != s.waiting.value())) {
      v.push_back("site " + s.id + ": the last step shows " + num(si->at(n - 1)) +
                  " installed and " + num(sw->at(n - 1)) + " waiting, the summary " +
                  num(s.installed.value()) + " and " + num(s.waiting.value()));
    }
  }
  if (!close(retired, r.retired.value(), 1e-12)) {
    v.push_back("per site, delivered − installed − waiting adds up to " + num(retired) + ", but " +
                num(r.retired.value()) + " retired");
  }
  if (!close(installed, r.installed.value(), 1e-12) || !close(waiting, r.waiting.value(), 1e-12)) {
    v.push_back("sites add up to " + num(installed) + " installed and " + num(waiting) +
                " waiting, totals say " + num(r.installed.value()) + " and " +
                num(r.waiting.value()));
  }
  return v;
}

// Orders (docs/model.md, Fleet): lots arrive on their dates and are paid on
// delivery, so an order delivers the lots dated by the end; lots dated before
// the start are paid before it, the others in the step of their date.
inline Violations check_orders(const GeneratedScenario& g, const Results& r) {
  Violations v;
  if (r.orders.size() != g.orders.size()) {
    v.push_back("expected " + std::to_string(g.orders.size()) + " orders, got " +
                std::to_string(r.orders.size()));
    return v;
  }
  const std::int32_t n = r.timeline.steps();
  std::vector<double> chips(static_cast<size_t>(std::max(n, 0)), 0.0);
  for (size_t i = 0; i < g.orders.size(); ++i) {
    const GeneratedOrder& go = g.orders[i];
    const OrderResult& o = r.orders[i];
    const std::string name = "order " + o.id + ": ";
    if (o.id != go.id) v.push_back("order " + std::to_string(i) + " is " + o.id + ", not " + go.id);
    const std::vector<double> counts = lot_counts(go, o.count.value());
    double delivered = 0.0, before = 0.0;
    std::optional<Date> first, last;
    for (size_t l = 0; l < counts.size(); ++l) {
      const Date d = go.lot_dates[l];
      if (counts[l] <= 0.0 || d > g.end) continue;
      delivered += counts[l];
      if (!first || d < *first) first = d;
      if (!last || d > *last) last = d;
      if (d < g.start) {
        before += counts[l] * o.unit_price.value();
        continue;
      }
      const auto it =
          std::upper_bound(r.timeline.boundaries.begin(), r.timeline.boundaries.end(), d);
      chips[static_cast<size_t>(it - r.timeline.boundaries.begin()) - 1] +=
          counts[l] * o.unit_price.value();
    }
    if (o.delivered.value() != delivered) {
      v.push_back(name + num(o.delivered.value()) +
                  " delivered, but its lots dated by the end hold " + num(delivered));
    }
    if (o.first_delivery != first || o.last_delivery != last) {
      v.push_back(name + "delivered " + date_or_never(o.first_delivery) + " to " +
                  date_or_never(o.last_delivery) + ", but its lots are dated " +
                  date_or_never(first) + " to " + date_or_never(last));
    }
    if (!close(o.paid_before_start.value(), before, 1e-9)) {
      v.push_back(name + "paid " + num(o.paid_before_start.value()) +
                  " before the start, but its lots before the start cost " + num(before));
    }
    if (!close(o.paid.value() + o.paid_before_start.value(),
               o.delivered.value() * o.unit_price.value(), 1e-9)) {
      v.push_back(name + "paid " + num(o.paid.value()) + " + " + num(o.paid_before_start.value()) +
                  " for " + num(o.delivered.value()) + " delivered at " +
                  num(o.unit_price.value()));
    }
  }
  const Series* flow = find_series(r, "chip_capex_usd", v);
  for (std::int32_t k = 0; flow && k < n; ++k) {
    if (!close(flow->at(k), chips[static_cast<size_t>(k)], 1e-9)) {
      v.push_back(at_step(r, k) + ": chip capex " + num(flow->at(k)) +
                  ", but the lots dated in the step cost " + num(chips[static_cast<size_t>(k)]));
      break;
    }
  }
  return v;
}

// Retirement (MODEL.md §4): accelerators retire at the end of their useful
// life counted from installation, which is never before the start; so a
// site's installed count never falls before start + the shortest life of the
// types ordered for it.
inline Violations check_retirement(const GeneratedScenario& g, const Results& r) {
  Violations v;
  bool any_can_retire = false;
  for (const GeneratedSite& site : g.sites) {
    std::optional<Date> first_retirement;
    for (const GeneratedOrder& o : g.orders) {
      if (o.site != site.id) continue;
      const Date d = add_duration(g.start, o.life);
      if (!first_retirement || d < *first_retirement) first_retirement = d;
    }
    if (!first_retirement) continue;
    if (*first_retirement <= g.end) any_can_retire = true;
    const Series* installed = find_series(r, site.id + "_installed_accelerators", v);
    if (!installed) return v;
    for (std::int32_t k = 1; k < r.timeline.steps(); ++k) {
      if (step_begin(r, k) >= *first_retirement) break;
      if (installed->at(k) < installed->at(k - 1)) {
        v.push_back(site.id + " at " + at_step(r, k) + ": installed falls from " +
                    num(installed->at(k - 1)) + " to " + num(installed->at(k)) +
                    ", before any accelerator there reaches its useful life (" +
                    first_retirement->to_string() + ")");
        break;
      }
    }
  }
  if (!any_can_retire && r.retired.value() != 0.0) {
    v.push_back(num(r.retired.value()) +
                " accelerators retired, but none can reach its useful life by the end");
  }
  return v;
}

// Capex per phase (MODEL.md §1, §4): never more than its budget, and all of it
// once built; what is spent follows the spend profile of the progress made
// (capex × F(progress)), and what was sunk before the start is the profile of
// the share done by then. The phases' spending within the horizon is the
// run's construction capex, the orders' payments its chip capex.
inline Violations check_capex(const GeneratedScenario& g, const Results& r) {
  Violations v;
  double construction = 0.0, before = 0.0, chips = 0.0;
  for (const PhaseResult& p : r.phases) {
    const double spent = p.spent.value() + p.spent_before_start.value(), capex = p.capex.value();
    const std::string name = "phase " + p.site + "." + p.id + ": ";
    if (p.spent.value() < 0.0 || p.spent_before_start.value() < 0.0) {
      v.push_back(name + "negative spending " + num(p.spent.value()) + ", " +
                  num(p.spent_before_start.value()));
    }
    if (!at_most(spent, capex, 1e-6)) {
      v.push_back(name + "spent " + num(p.spent.value()) + " + before the start " +
                  num(p.spent_before_start.value()) + " = " + num(spent) + " > capex " +
                  num(capex));
    }
    if ((p.built || p.online) && !close(spent, capex, 1e-6)) {
      v.push_back(name + "built, but spent " + num(spent) + " of capex " + num(capex));
    }
    const GeneratedPhase* gp = generated_phase(g, p);
    if (gp && p.money_pause_days == 0) {
      const double on_curve = capex * spend_fraction(gp->linear, p.progress);
      if (!close(spent, on_curve, 1e-9)) {
        v.push_back(name + "spent " + num(spent) + ", but capex " + num(capex) + " at progress " +
                    num(p.progress) + " on its " + (gp->linear ? "linear" : "s-curve") +
                    " profile is " + num(on_curve));
      }
      double sunk = 0.0;
      if (p.start && *p.start < g.start) {
        sunk = capex * spend_fraction(gp->linear,
                                      std::min(1.0, time_share(gp->duration, *p.start, g.start)));
      }
      if (!close(p.spent_before_start.value(), sunk, 1e-9)) {
        v.push_back(name + "sank " + num(p.spent_before_start.value()) +
                    " before the start, but the share done by then costs " + num(sunk));
      }
    }
    construction += p.spent.value();
    before += p.spent_before_start.value();
  }
  for (const OrderResult& o : r.orders) {
    chips += o.paid.value();
    before += o.paid_before_start.value();
  }
  if (!close(construction, r.construction_capex.value(), 1e-9)) {
    v.push_back("phases spent " + num(construction) + ", construction capex is " +
                num(r.construction_capex.value()));
  }
  if (!close(chips, r.chip_capex.value(), 1e-9)) {
    v.push_back("orders paid " + num(chips) + ", chip capex is " + num(r.chip_capex.value()));
  }
  if (!close(before, r.spent_before_start.value(), 1e-9)) {
    v.push_back("phases and orders sank " + num(before) + " before the start, the total says " +
                num(r.spent_before_start.value()));
  }
  return v;
}

// Dates (MODEL.md §1, §4; docs/model.md): a phase starts no earlier than its
// start date and the built dates of the phases it depends on
// (finish-to-start); it is built no earlier than start + duration (for a phase
// never paused for money) and online no earlier than built. The waits, the
// critical path and the site's full-power date say the same as the dates.
inline Violations check_dates(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const PhaseResult& p : r.phases) {
    const std::string name = "phase " + p.site + "." + p.id + ": ";
    const GeneratedPhase* gp = generated_phase(g, p);
    if (!gp) {
      v.push_back(name + "not in the scenario");
      continue;
    }
    if ((p.built || p.online) && !p.start) v.push_back(name + "built, but never started");
    if (p.online && !p.built) v.push_back(name + "online, but not built");
    if (p.start) {
      if (gp->start && *p.start < *gp->start) {
        v.push_back(name + "started " + p.start->to_string() + ", before its start date " +
                    gp->start->to_string());
      }
      for (const std::string& dep : gp->depends_on) {
        const PhaseResult* d = phase_result(r, p.site, dep);
        if (!d || !d->built || *d->built > *p.start) {
          v.push_back(name + "started " + p.start->to_string() + ", before phase " + dep +
                      " was built (" + (d ? date_or_never(d->built) : "never") + ")");
        }
      }
      const int wait = gp->start && *p.start > *gp->start ? *p.start - *gp->start : 0;
      if (p.dependency_wait_days != wait) {
        v.push_back(name + "dependency wait " + std::to_string(p.dependency_wait_days) +
                    " days, but it started " + std::to_string(wait) + " days after its start date");
      }
    }
    if (p.built && p.start && p.money_pause_days == 0) {
      const Date earliest = add_duration(*p.start, gp->duration);
      if (*p.built < earliest) {
        v.push_back(name + "built " + p.built->to_string() + ", before start " +
                    p.start->to_string() + " + " + gp->duration.to_string() + " = " +
                    earliest.to_string());
      }
    }
    if (p.online && p.built && *p.online < *p.built) {
      v.push_back(name + "online " + p.online->to_string() + ", before built " +
                  p.built->to_string());
    }
    const int power_wait = p.online ? *p.online - *p.built : p.built ? (g.end + 1) - *p.built : 0;
    if (p.built && p.power_wait_days != power_wait) {
      v.push_back(name + "power wait " + std::to_string(p.power_wait_days) + " days, expected " +
                  std::to_string(power_wait) + " (built " + p.built->to_string() + ", online " +
                  date_or_never(p.online) + ")");
    }
    const CriticalPath expected = !p.start               ? CriticalPath::kNotStarted
                                  : !p.built             ? CriticalPath::kConstruction
                                  : !p.online            ? CriticalPath::kPower
                                  : *p.online > *p.built ? CriticalPath::kPower
                                                         : CriticalPath::kConstruction;
    if (p.money_pause_days == 0 && p.critical_path != expected) {
      v.push_back(name + "critical path " + to_string(p.critical_path) + ", expected " +
                  to_string(expected) + " (start " + date_or_never(p.start) + ", built " +
                  date_or_never(p.built) + ", online " + date_or_never(p.online) + ")");
    }
  }
  for (const SiteResult& s : r.sites) {
    std::optional<Date> full;
    bool any = false, all = true;
    for (const PhaseResult& p : r.phases) {
      if (p.site != s.id) continue;
      any = true;
      if (!p.online) all = false;
      if (p.online && (!full || *p.online > *full)) full = p.online;
    }
    if (!any || !all) full.reset();
    if (s.full_power != full) {
      v.push_back("site " + s.id + ": full power " + date_or_never(s.full_power) + ", expected " +
                  date_or_never(full));
    }
  }
  return v;
}

// Exact dates (MODEL.md §4, docs/model.md, Build-out): a phase starts on the
// later of its start date and its dependencies' built dates, and is built
// exactly its duration later ("a calendar duration from the actual start");
// a phase still building at the end has done every day since its start. The
// timeline agrees: a site's construction MW at a step is its phases started
// before the step ends and not built by its first day, and its MW awaiting
// power those built but not online by then. Weekly and monthly steps round
// only what docs/model.md says they round (power blocks, retirements, coming
// online), so all of this holds for every step length.
inline Violations check_exact_dates(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const PhaseResult& p : r.phases) {
    const GeneratedPhase* gp = generated_phase(g, p);
    if (!gp || !p.start || p.money_pause_days != 0) continue;
    const std::string name = "phase " + p.site + "." + p.id + ": ";
    const std::optional<Date> ready = ready_date(*gp, r);
    if (ready != p.start) {
      v.push_back(name + "started " + p.start->to_string() + ", expected " + date_or_never(ready) +
                  " (the later of its start date and its dependencies' built dates)");
    }
    const Date done = add_duration(*p.start, gp->duration);
    if (p.built && *p.built != done) {
      v.push_back(
          name + "built " + p.built->to_string() + ", expected start " + p.start->to_string() +
          " + " + gp->duration.to_string() + " = " + done.to_string() +
          (gp->depends_on.empty() ? "" : " (it waited for " + gp->depends_on.front() + ")"));
    }
    // A phase started during the last step by a dependency built in that
    // step has its first days paid at the next step, which is past the
    // horizon: it ends with no progress (docs/model.md).
    const bool started_in_last_step = *p.start >= step_begin(r, r.timeline.steps() - 1);
    if (!p.built && !(started_in_last_step && !gp->depends_on.empty() && p.progress == 0.0)) {
      const double progress = std::min(1.0, time_share(gp->duration, *p.start, g.end + 1));
      if (!close(p.progress, progress, 1e-12)) {
        v.push_back(name + "progress " + num(p.progress) + " at the end, expected " +
                    num(progress) + " (every day from " + p.start->to_string() + " to the end)");
      }
    }
  }
  for (const GeneratedSite& site : g.sites) {
    const Series* building = find_series(r, site.id + "_construction_it_mw", v);
    const Series* awaiting = find_series(r, site.id + "_awaiting_power_it_mw", v);
    if (!building || !awaiting) return v;
    for (std::int32_t k = 0; k < r.timeline.steps(); ++k) {
      const Date d = step_begin(r, k), e = step_end(r, k);
      double b = 0.0, a = 0.0;
      std::string started;
      for (const PhaseResult& p : r.phases) {
        if (p.site != site.id) continue;
        const bool built = p.built && *p.built <= d, online = p.online && *p.online <= d;
        if (p.start && *p.start < e && !built) {
          b += p.it_mw.value();
          if (*p.start >= d) started += " " + p.id + " (" + p.start->to_string() + ")";
        }
        if (built && !online) a += p.it_mw.value();
      }
      if (!close(building->at(k), b, 1e-9)) {
        v.push_back(site.id + " at " + at_step(r, k) + ": " + num(building->at(k)) +
                    " MW under construction, but its phases started and not built add up to " +
                    num(b) + " MW" + (started.empty() ? "" : "; started in the step:" + started));
        break;
      }
      if (!close(awaiting->at(k), a, 1e-9)) {
        v.push_back(site.id + " at " + at_step(r, k) + ": " + num(awaiting->at(k)) +
                    " MW awaiting power, but its phases built and not online add up to " + num(a) +
                    " MW");
        break;
      }
    }
  }
  return v;
}

// Flows (MODEL.md §2): the per-step capex in the timeline adds up to the
// run's totals.
inline Violations check_capex_flows(const GeneratedScenario&, const Results& r) {
  Violations v;
  const Series* construction = find_series(r, "construction_capex_usd", v);
  const Series* chips = find_series(r, "chip_capex_usd", v);
  if (!construction || !chips) return v;
  double c = 0.0, h = 0.0;
  for (std::int32_t k = 0; k < r.timeline.steps(); ++k) {
    c += construction->at(k);
    h += chips->at(k);
  }
  if (!close(c, r.construction_capex.value(), 1e-9)) {
    v.push_back("timeline construction capex adds up to " + num(c) + ", the run says " +
                num(r.construction_capex.value()));
  }
  if (!close(h, r.chip_capex.value(), 1e-9)) {
    v.push_back("timeline chip capex adds up to " + num(h) + ", the run says " +
                num(r.chip_capex.value()));
  }
  return v;
}

// Energy (MODEL.md §4): each step's energy is the facility load × its hours,
// dispatched grid first (blocks in order of online date, each up to its MW),
// then on-site, with each block's price and carbon intensity; the timeline
// adds up to the run's totals, and the peaks are the timeline's.
inline Violations check_energy(const GeneratedScenario& g, const Results& r) {
  Violations v;
  const Series* energy = find_series(r, "energy_mwh", v);
  const Series* grid = find_series(r, "grid_energy_mwh", v);
  const Series* onsite = find_series(r, "onsite_energy_mwh", v);
  const Series* cost = find_series(r, "energy_cost_usd", v);
  const Series* co2 = find_series(r, "emissions_tco2", v);
  const Series* load = find_series(r, "facility_load_mw", v);
  std::vector<const Series*> site_loads;
  std::vector<std::vector<GeneratedPower>> blocks;
  for (const GeneratedSite& s : g.sites) {
    site_loads.push_back(find_series(r, s.id + "_facility_load_mw", v));
    blocks.push_back(s.power);
    std::stable_sort(
        blocks.back().begin(), blocks.back().end(),
        [](const GeneratedPower& a, const GeneratedPower& b) { return a.online < b.online; });
  }
  if (!v.empty()) return v;
  double e = 0.0, gr = 0.0, on = 0.0, usd = 0.0, t = 0.0, peak = 0.0;
  std::vector<double> site_peak(g.sites.size(), 0.0);
  for (std::int32_t k = 0; k < r.timeline.steps() && v.size() < 10; ++k) {
    const double hours = step_hours(r, k);
    e += energy->at(k);
    gr += grid->at(k);
    on += onsite->at(k);
    usd += cost->at(k);
    t += co2->at(k);
    peak = std::max(peak, load->at(k));
    // Dispatch each site's load over its blocks online at the step's start.
    double total = 0.0, want_grid = 0.0, want_onsite = 0.0, want_usd = 0.0, want_t = 0.0;
    for (size_t s = 0; s < g.sites.size(); ++s) {
      double left = site_loads[s]->at(k);
      total += left;
      site_peak[s] = std::max(site_peak[s], left);
      for (bool grid_pass : {true, false}) {
        for (const GeneratedPower& b : blocks[s]) {
          if (b.online > step_begin(r, k)) break;
          if (b.grid != grid_pass || left <= 0.0) continue;
          const double take = std::min(left, b.mw);
          left -= take;
          (grid_pass ? want_grid : want_onsite) += take * hours;
          want_usd += take * b.price * hours;
          want_t += take * b.carbon * hours;
        }
      }
    }
    const std::string at = at_step(r, k) + ": ";
    if (!close(load->at(k), total, 1e-9)) {
      v.push_back(at + "facility load " + num(load->at(k)) + " MW, the sites add up to " +
                  num(total) + " MW");
    }
    const std::pair<const Series*, double> want[] = {{energy, load->at(k) * hours},
                                                     {grid, want_grid},
                                                     {onsite, want_onsite},
                                                     {cost, want_usd},
                                                     {co2, want_t}};
    for (const auto& [series, expected] : want) {
      if (!close(series->at(k), expected, 1e-9)) {
        v.push_back(at + series->name + " " + num(series->at(k)) + ", but the facility load of " +
                    num(load->at(k)) + " MW over " + num(hours) + " h dispatched gives " +
                    num(expected));
      }
    }
  }
  const std::pair<double, double> sums[] = {{e, r.energy.total.value()},
                                            {gr, r.energy.grid.value()},
                                            {on, r.energy.onsite.value()},
                                            {usd, r.energy.cost.value()},
                                            {t, r.energy.emissions.value()}};
  const char* names[] = {"energy (MWh)", "grid energy (MWh)", "on-site energy (MWh)",
                         "energy cost (USD)", "emissions (tCO2)"};
  for (size_t i = 0; i < std::size(sums); ++i) {
    if (!close(sums[i].first, sums[i].second, 1e-9)) {
      v.push_back(std::string("timeline ") + names[i] + " adds up to " + num(sums[i].first) +
                  ", the run says " + num(sums[i].second));
    }
  }
  if (peak != r.energy.peak_facility_load.value()) {
    v.push_back("peak facility load " + num(r.energy.peak_facility_load.value()) +
                " MW, the timeline's is " + num(peak) + " MW");
  }
  for (size_t s = 0; s < g.sites.size() && s < r.sites.size(); ++s) {
    if (site_peak[s] != r.sites[s].peak_facility_load_mw.value()) {
      v.push_back("site " + r.sites[s].id + ": peak facility load " +
                  num(r.sites[s].peak_facility_load_mw.value()) + " MW, the timeline's is " +
                  num(site_peak[s]) + " MW");
    }
  }
  return v;
}

// The physical invariants: everything above but the exact dates.
inline constexpr Check kPhysical[] = {
    check_power,      check_power_waits, check_facility_load, check_accelerators, check_orders,
    check_retirement, check_capex,       check_dates,         check_capex_flows,  check_energy};

inline Violations check_physical(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (Check check : kPhysical) {
    for (std::string& s : check(g, r)) v.push_back(std::move(s));
  }
  return v;
}

// Determinism (MODEL.md §8): the same scenario gives byte-identical outputs.
inline Violations compare_outputs(const Results& a, const Results& b, const std::string& what) {
  Violations v;
  if (summary_json(a, "") != summary_json(b, "")) v.push_back(what + ": summary.json differs");
  if (timeline_csv(a, false) != timeline_csv(b, false)) {
    v.push_back(what + ": timeline.csv differs");
  }
  if (timeline_csv(a, true) != timeline_csv(b, true)) {
    v.push_back(what + ": monthly timeline.csv differs");
  }
  return v;
}

// ---------------------------------------------------------------------------
// Running the seeds

struct Case {
  std::uint64_t seed = 0;
  GeneratedScenario scenario;
  Results results;
};

// Saves a failing scenario where the message can point to it.
inline std::string save_scenario(std::uint64_t seed, const std::string& toml) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  const std::filesystem::path path = (ec ? std::filesystem::path(".") : dir) /
                                     ("stargate-property-seed-" + std::to_string(seed) + ".toml");
  std::ofstream(path) << toml;
  return path.string();
}

inline std::string reproduce(std::uint64_t seed, const std::string& toml,
                             std::optional<StepKind> step, const GenerateOptions& gen = {}) {
  std::string how = "stargate run " + save_scenario(seed, toml);
  if (step) how += std::string(" --step ") + step_name(step);
  return "seed " + std::to_string(seed) + " (" + step_name(step) + " steps; reproduce: " + how +
         ", or generate_scenario(" + std::to_string(seed) +
         (gen.with_capital ? ", {.with_capital = true}" : "") + "))";
}

// Loads and runs seed `seed` (generated with `gen`); an exception is
// returned as `error`.
inline std::optional<Case> run_case(std::uint64_t seed, const RunOptions& options,
                                    std::string& error, const GenerateOptions& gen = {}) {
  Case c;
  c.seed = seed;
  c.scenario = generate(seed, gen);
  try {
    const Scenario s =
        Scenario::from_toml(c.scenario.toml, "generated-" + std::to_string(seed) + ".toml");
    c.results = simulate(s, options);
  } catch (const Error& e) {
    error = std::string(to_string(e.kind())) + " error: " + e.what();
    for (const Issue& i : e.issues()) error += "\n    " + i.to_string();
    return std::nullopt;
  }
  return c;
}

// Runs every seed with `options` and applies `check`; fails once at the end
// with the number of failing seeds, the smallest ones, and the first three in
// detail.
inline void check_every_seed(const RunOptions& options,
                             const std::function<Violations(const Case&)>& check,
                             const GenerateOptions& gen = {}) {
  std::string report;
  std::vector<std::uint64_t> failing;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    std::string error;
    const std::optional<Case> c = run_case(seed, options, error, gen);
    const Violations v = c ? check(*c) : Violations{error};
    if (v.empty()) continue;
    failing.push_back(seed);
    if (failing.size() > 3) continue;
    report +=
        "\n" +
        reproduce(seed, c ? c->scenario.toml : generate_scenario(seed, gen), options.step, gen) +
        ":";
    for (size_t i = 0; i < v.size() && i < 5; ++i) report += "\n  " + v[i];
    if (v.size() > 5) report += "\n  … and " + std::to_string(v.size() - 5) + " more";
  }
  std::string seeds;
  for (size_t i = 0; i < failing.size() && i < 30; ++i) {
    seeds += (i ? ", " : "") + std::to_string(failing[i]);
  }
  EXPECT_TRUE(failing.empty()) << failing.size() << " of " << kSeeds << " seeds fail with "
                               << step_name(options.step) << " steps (" << seeds
                               << (failing.size() > 30 ? ", …" : "") << ")" << report;
}

inline void check_every_seed(std::optional<StepKind> step, Check check) {
  RunOptions options;
  options.step = step;
  check_every_seed(options, [&](const Case& c) { return check(c.scenario, c.results); });
}

}  // namespace stargate::testing

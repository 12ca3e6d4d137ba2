// src/model/buildout/buildout.h
//
// Build-out: sites, their power, and the phases (buildings) built on them.
//
// What is modelled (MODEL.md §4):
//  - A phase starts on its start date, or when the phases it depends on are
//    built (finish-to-start), whichever is later.
//  - It spends its capex over its duration on a spend profile: the cumulative
//    Beta(2,2) distribution F(x) = 3x² − 2x³ (slow, fast, slow) by default, or
//    linear. Construction advances only by the funded share of each step's
//    request; a phase paused for money slips day for day.
//  - Built, it comes online once its facility load (IT MW × PUE) fits within
//    the site's available power (grid + on-site blocks online on that date)
//    after the phases already online. Built phases are brought online in order
//    of completion (first fit: a large phase that does not fit does not block
//    a smaller one behind it).
//  - Phases begun before the horizon start at their elapsed share; that share
//    of capex is sunk (spent_before_start), not spent in the run.
//
// Worked example: a 100 MW phase at PUE 1.2 built on 2025-06-30 at a site with
// a 100 MW grid block waits (120 MW does not fit) until a 50 MW on-site block
// comes online on 2025-09-01; it is online on 2025-09-01 with `power` as its
// critical path and 63 days of power wait.
//
// Known limits: power blocks only add (no retirements); a phase comes online
// whole, never in part.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "model/capex.h"
#include "scenario/spec.h"

namespace stargate {

struct PowerBlock {
  Date online;
  Megawatts mw;
  PowerKind kind = PowerKind::kGrid;
  UsdPerMwh price;
  TonnesCo2PerMwh carbon;
};

struct SitePlan {
  std::string id;
  double pue = 1.0;
  Fraction utilisation{1.0};
  std::vector<PowerBlock> power;  // sorted by online date
  std::vector<std::int32_t> phases;
};

struct PhasePlan {
  std::int32_t site = 0;
  std::optional<Date> start;
  std::vector<std::int32_t> depends_on;  // phase indices
  Duration duration;
  Megawatts it_mw;
  Usd capex;
  SpendProfile profile = SpendProfile::kSCurve;
  std::int32_t payer = 0;
};

enum class PhaseStatus { kPlanned, kBuilding, kBuilt, kOnline };

struct PhaseState {
  PhaseStatus status = PhaseStatus::kPlanned;
  Date start;                  // actual construction start
  bool monthly_clock = false;  // the duration is in months or years
  double clock_total = 1.0;    // the duration on its clock (days, or calendar months)
  double clock_start = 0.0;    // the start on its clock
  Date planned_end;            // start + duration, when never paused
  // Construction is funded a calendar month at a time (a period); within a
  // period progress runs linearly on the clock from `progress` at
  // `counted_to` to `progress_until` at `funded_until`.
  double progress = 0.0;       // share of construction time done at counted_to, 0..1
  Date counted_to;             // start of the current funding period
  double clock_counted = 0.0;  // the clock at counted_to
  Date funded_until;           // end of the current period (== counted_to: none yet)
  double clock_until = 0.0;
  double progress_until = 0.0;
  Usd period_request;      // what the current period asked for
  bool requested = false;  // a period was asked for
  Usd spent;               // within the horizon
  Usd spent_before_start;
  Date built;
  Date online;
  std::int32_t dependency_wait = 0;
  double money_pause_days = 0.0;
};

// A construction clock: days, or calendar months (a duration written in
// months or years advances one twelfth a calendar month, whatever the
// month's length, so "12mo" of linear spend is twelve equal months).
double construction_clock(bool monthly, Date d);

// Cumulative share of capex spent after a share x of the construction time.
double spend_fraction(SpendProfile profile, double x);
// Its inverse: the share of time at which a share y of capex is spent.
double spend_time(SpendProfile profile, double y);

class Buildout {
 public:
  Buildout(std::vector<SitePlan> sites, std::vector<PhasePlan> phases, const Calendar& calendar);

  // Puts phases begun before the horizon at their elapsed share, built or
  // online as their dates say.
  void begin();
  // Phase starts and power changes at step k; returns true if any phase came
  // online (the fleet then has room to install).
  bool start_of_step(std::int32_t k);
  // Construction capex due in step k, appended to `out`: each phase asks, at
  // the start of a funding period (its start, each calendar month after),
  // for the construction of that period.
  void request(std::int32_t k, CapexRequests& out);
  // Applies what was funded (`out.funded_share`) to the periods requested,
  // and closes periods that end in step k (phases may be built).
  void execute(std::int32_t k, const CapexRequests& funded);

  // The phases under construction.
  const std::vector<std::int32_t>& building() const { return building_; }
  // The first step after k in which anything can change: k + 1 while a phase
  // is under construction or just built, else the step of the next phase
  // start or power change; steps() when nothing is left to happen.
  std::int32_t next_event_step(std::int32_t k) const;

  std::span<const SitePlan> sites() const { return sites_; }
  std::span<const PhasePlan> phases() const { return phases_; }
  std::span<const PhaseState> states() const { return states_; }
  Megawatts online_it_mw(std::int32_t site) const { return online_it_[static_cast<size_t>(site)]; }
  // IT MW under construction in the step that begins on `d`: still building,
  // or built during that step.
  Megawatts building_it_mw(std::int32_t site, Date d) const;
  // IT MW built by `d` and not yet online.
  Megawatts awaiting_power_it_mw(std::int32_t site, Date d) const;
  Megawatts available_mw(std::int32_t site, Date d) const;
  // Construction capex a phase is behind its schedule on `d`: what it would
  // have spent by then had it never been paused (capex × F(elapsed share)),
  // less what it has spent (before and within the horizon); 0 unless it is
  // under construction.
  Usd behind_schedule(std::int32_t phase, Date d) const;
  // The progress of a building phase at `d` (within its funded period).
  double progress_at(const PhaseState& st, Date d) const;
  // The sites whose phases or power changed since the last call, each once;
  // a site with a phase built in this step is listed again at the next.
  std::vector<std::int32_t> take_changed_sites();
  // The sites where a phase came online in the last start_of_step().
  std::span<const std::int32_t> came_online() const { return came_online_; }
  // The phases that came online since the last call (for the asset register).
  std::vector<std::int32_t> take_online_phases();

 private:
  // Starts `phase`, ready on `ready`; a start before the horizon begins it
  // part done, with that share of capex sunk.
  void start(std::int32_t phase, Date ready, Date horizon_start);
  // Marks `phase` built: its dependents may become ready, its site is checked
  // for power.
  void mark_built(std::int32_t phase);
  // Starts every ready phase whose start falls before `before`.
  void start_ready(Date before);
  bool bring_online(std::int32_t site, Date d);
  // The first date power at `site` reaches `mw`, or nullopt.
  std::optional<Date> power_reaches(std::int32_t site, Megawatts mw) const;
  void mark_changed(std::int32_t site);

  std::vector<SitePlan> sites_;
  std::vector<PhasePlan> phases_;
  std::vector<PhaseState> states_;
  const Calendar& calendar_;
  std::vector<Megawatts> online_it_;
  std::vector<Megawatts> online_facility_;
  // Changed sites: a flag per site and the list of flagged ones.
  std::vector<char> changed_;
  std::vector<std::int32_t> changed_list_;
  std::vector<std::int32_t> changed_next_;  // listed again at the next step
  std::vector<std::int32_t> came_online_;
  std::vector<std::int32_t> online_phases_;
  std::vector<std::int32_t> building_;  // phases under construction
  // Planned phases: those whose dependencies are all built wait in a min-heap
  // by ready date; the others count their unbuilt dependencies.
  std::vector<std::pair<Date, std::int32_t>> ready_;  // heap, earliest first
  std::vector<std::int32_t> unbuilt_deps_;
  std::vector<std::vector<std::int32_t>> dependents_;
  bool built_this_step_ = false;
  // Built phases not yet online, per site; sites to check for power.
  std::vector<std::int32_t> site_waiting_;
  std::vector<char> site_check_;
  std::int32_t built_waiting_ = 0;
  std::vector<std::pair<Date, std::int32_t>> power_events_;  // (online date, site), sorted
  size_t next_power_ = 0;
};

}  // namespace stargate

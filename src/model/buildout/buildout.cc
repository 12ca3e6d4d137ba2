#include "model/buildout/buildout.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stargate {
namespace {

// Power comparisons tolerate rounding in sums of MW (a 1e-9 MW slack is a
// milliwatt).
constexpr double kMwSlack = 1e-9;
constexpr double kDoneSlack = 1e-9;

Date far_future() { return Date::from_days(std::numeric_limits<std::int32_t>::max() / 2); }

}  // namespace

double spend_fraction(SpendProfile profile, double x) {
  x = std::clamp(x, 0.0, 1.0);
  if (profile == SpendProfile::kLinear) return x;
  // CDF of Beta(2, 2): the smoothstep 3x² − 2x³.
  return x * x * (3.0 - 2.0 * x);
}

double spend_time(SpendProfile profile, double y) {
  y = std::clamp(y, 0.0, 1.0);
  if (profile == SpendProfile::kLinear) return y;
  // Inverse of 3x² − 2x³ on [0, 1]: the trigonometric root of the cubic,
  // x = 1/2 − sin(asin(1 − 2y) / 3).
  return 0.5 - std::sin(std::asin(1.0 - 2.0 * y) / 3.0);
}

Buildout::Buildout(std::vector<SitePlan> sites, std::vector<PhasePlan> phases,
                   const Calendar& calendar)
    : sites_(std::move(sites)), phases_(std::move(phases)), calendar_(calendar) {
  states_.resize(phases_.size());
  online_it_.assign(sites_.size(), Megawatts(0.0));
  online_facility_.assign(sites_.size(), Megawatts(0.0));
  changed_.assign(sites_.size(), 1);
  changed_next_.assign(sites_.size(), 0);
  for (size_t i = 0; i < phases_.size(); ++i)
    waiting_start_.push_back(static_cast<std::int32_t>(i));
  for (size_t s = 0; s < sites_.size(); ++s) {
    for (const PowerBlock& b : sites_[s].power)
      power_events_.emplace_back(b.online, static_cast<std::int32_t>(s));
  }
  std::stable_sort(power_events_.begin(), power_events_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

Megawatts Buildout::available_mw(std::int32_t site, Date d) const {
  Megawatts sum(0.0);
  for (const PowerBlock& b : sites_[static_cast<size_t>(site)].power) {
    if (b.online > d) break;
    sum += b.mw;
  }
  return sum;
}

std::optional<Date> Buildout::power_reaches(std::int32_t site, Megawatts mw) const {
  Megawatts sum(0.0);
  for (const PowerBlock& b : sites_[static_cast<size_t>(site)].power) {
    sum += b.mw;
    if (sum.value() + kMwSlack >= mw.value()) return b.online;
  }
  return std::nullopt;
}

// A phase is under construction in every step its construction overlaps:
// still building, or built during the step that begins on `d`.
Megawatts Buildout::building_it_mw(std::int32_t site, Date d) const {
  Megawatts sum(0.0);
  for (std::int32_t i : sites_[static_cast<size_t>(site)].phases) {
    const PhaseState& st = states_[static_cast<size_t>(i)];
    if (st.status == PhaseStatus::kBuilding || (st.status == PhaseStatus::kBuilt && st.built > d)) {
      sum += phases_[static_cast<size_t>(i)].it_mw;
    }
  }
  return sum;
}

Megawatts Buildout::awaiting_power_it_mw(std::int32_t site, Date d) const {
  Megawatts sum(0.0);
  for (std::int32_t i : sites_[static_cast<size_t>(site)].phases) {
    const PhaseState& st = states_[static_cast<size_t>(i)];
    if (st.status == PhaseStatus::kBuilt && st.built <= d)
      sum += phases_[static_cast<size_t>(i)].it_mw;
  }
  return sum;
}

bool Buildout::take_changed(std::int32_t site) {
  const size_t s = static_cast<size_t>(site);
  const bool c = changed_[s] != 0;
  // A phase built in this step changes the site's stocks again at the next.
  changed_[s] = changed_next_[s];
  changed_next_[s] = 0;
  return c;
}

// Starts `phase` if its dependencies are built and its start falls before
// `step_end`; a start before `step_begin` (before the horizon) begins it part
// done, with that share of capex sunk.
void Buildout::try_start(std::int32_t phase, Date step_begin, Date step_end) {
  const PhasePlan& plan = phases_[static_cast<size_t>(phase)];
  PhaseState& st = states_[static_cast<size_t>(phase)];
  std::optional<Date> ready = plan.start;
  for (std::int32_t d : plan.depends_on) {
    const PhaseState& dep = states_[static_cast<size_t>(d)];
    if (dep.status != PhaseStatus::kBuilt && dep.status != PhaseStatus::kOnline) return;
    if (!ready || dep.built > *ready) ready = dep.built;
  }
  if (!ready || *ready >= step_end) return;
  st.start = *ready;
  st.duration_days = std::max<std::int32_t>(1, plan.duration.days_from(st.start));
  if (plan.start && st.start > *plan.start) st.dependency_wait = st.start - *plan.start;
  st.status = PhaseStatus::kBuilding;
  // Construction time counts from the start, even when the phase is found
  // ready only at a later step boundary (its dependency was built mid-step).
  st.counted_to = st.start;
  if (st.start < step_begin) {
    // Begun before the horizon: progress is the elapsed share (MODEL.md §1).
    st.elapsed = std::min<double>(st.duration_days, step_begin - st.start);
    st.counted_to = step_begin;
    const bool done = st.elapsed >= st.duration_days;
    st.spent_before_start =
        done ? plan.capex
             : plan.capex * spend_fraction(plan.profile, st.elapsed / st.duration_days);
    if (done) {
      st.status = PhaseStatus::kBuilt;
      st.built = st.start + st.duration_days;
      ++built_waiting_;
      return;
    }
  }
  building_.push_back(phase);
  ++building_count_;
}

void Buildout::begin() {
  const Date d0 = calendar_.begin(0);
  // Repeat: a phase finished before the horizon can let a dependent start
  // before it too.
  for (bool progress = true; progress;) {
    progress = false;
    for (auto it = waiting_start_.begin(); it != waiting_start_.end();) {
      try_start(*it, d0, d0);
      if (states_[static_cast<size_t>(*it)].status != PhaseStatus::kPlanned) {
        it = waiting_start_.erase(it);
        progress = true;
      } else {
        ++it;
      }
    }
  }
  for (size_t s = 0; s < sites_.size(); ++s) bring_online(static_cast<std::int32_t>(s), d0);
  while (next_power_ < power_events_.size() && power_events_[next_power_].first <= d0)
    ++next_power_;
  next_start_ = next_ready_start(d0);
  deps_dirty_ = false;
}

bool Buildout::bring_online(std::int32_t site, Date d) {
  bool any = false;
  std::vector<std::int32_t> built;
  for (std::int32_t i : sites_[static_cast<size_t>(site)].phases) {
    if (states_[static_cast<size_t>(i)].status == PhaseStatus::kBuilt &&
        states_[static_cast<size_t>(i)].built <= d) {
      built.push_back(i);
    }
  }
  if (built.empty()) return false;
  std::stable_sort(built.begin(), built.end(), [&](std::int32_t a, std::int32_t b) {
    return states_[static_cast<size_t>(a)].built < states_[static_cast<size_t>(b)].built;
  });
  const SitePlan& sp = sites_[static_cast<size_t>(site)];
  const Megawatts available = available_mw(site, d);
  for (std::int32_t i : built) {
    const PhasePlan& plan = phases_[static_cast<size_t>(i)];
    PhaseState& st = states_[static_cast<size_t>(i)];
    const Megawatts need = online_facility_[static_cast<size_t>(site)] + plan.it_mw * sp.pue;
    if (need.value() > available.value() + kMwSlack) continue;
    const std::optional<Date> powered = power_reaches(site, need);
    st.online = std::max(st.built, powered.value_or(d));
    st.status = PhaseStatus::kOnline;
    online_it_[static_cast<size_t>(site)] += plan.it_mw;
    online_facility_[static_cast<size_t>(site)] = need;
    changed_[static_cast<size_t>(site)] = 1;
    --built_waiting_;
    any = true;
  }
  return any;
}

bool Buildout::start_of_step(std::int32_t k) {
  const Date d = calendar_.begin(k), e = calendar_.end(k);
  // Phases start only when a dependency was just built or a start date falls
  // in this step; otherwise the list of waiting phases is not walked.
  if (deps_dirty_ || next_start_ < e) start_waiting(k);
  // Power online by the start of this step counts from this step on (a block
  // dated mid-step, with weekly or monthly steps, counts from the next one).
  bool power_changed = false;
  while (next_power_ < power_events_.size() && power_events_[next_power_].first <= d) {
    changed_[static_cast<size_t>(power_events_[next_power_].second)] = 1;
    ++next_power_;
    power_changed = true;
  }
  bool any = false;
  if (built_waiting_ > 0 && (power_changed || built_since_check_)) {
    for (size_t s = 0; s < sites_.size(); ++s)
      any = bring_online(static_cast<std::int32_t>(s), d) || any;
    built_since_check_ = false;
  }
  return any;
}

Date Buildout::next_ready_start(Date after) const {
  Date next = far_future();
  for (std::int32_t i : waiting_start_) {
    const PhasePlan& plan = phases_[static_cast<size_t>(i)];
    std::optional<Date> ready = plan.start;
    bool deps_built = true;
    for (std::int32_t dep : plan.depends_on) {
      const PhaseState& ds = states_[static_cast<size_t>(dep)];
      if (ds.status != PhaseStatus::kBuilt && ds.status != PhaseStatus::kOnline) {
        deps_built = false;
        break;
      }
      if (!ready || ds.built > *ready) ready = ds.built;
    }
    if (deps_built && ready) next = std::min(next, std::max(*ready, after));
  }
  return next;
}

void Buildout::request(std::int32_t k, CapexRequests& out) const {
  const Date e = calendar_.end(k);
  for (std::int32_t i : building_) {
    const PhasePlan& plan = phases_[static_cast<size_t>(i)];
    const PhaseState& st = states_[static_cast<size_t>(i)];
    const double days = e - st.counted_to;
    const double t0 = st.elapsed;
    const double t1 = std::min<double>(st.duration_days, t0 + days);
    const double D = st.duration_days;
    // The last step pays exactly what is left, so spent equals capex at completion.
    const Usd amount = t1 >= D ? plan.capex - st.spent - st.spent_before_start
                               : plan.capex * (spend_fraction(plan.profile, t1 / D) -
                                               spend_fraction(plan.profile, t0 / D));
    out.items.push_back(CapexRequest{CapexKind::kConstruction, i, plan.payer, amount});
  }
}

void Buildout::execute(std::int32_t k, const CapexRequests& funded) {
  const Date e = calendar_.end(k);
  for (size_t r = 0; r < funded.items.size(); ++r) {
    const CapexRequest& req = funded.items[r];
    if (req.kind != CapexKind::kConstruction) continue;
    const PhasePlan& plan = phases_[static_cast<size_t>(req.item)];
    PhaseState& st = states_[static_cast<size_t>(req.item)];
    const double share = funded.funded_share[r];
    const Date from = st.counted_to;
    const double days = e - from;
    const double D = st.duration_days;
    const double t0 = st.elapsed;
    const double t1 = std::min(D, t0 + days);
    st.counted_to = e;
    if (share >= 1.0) {
      st.elapsed = t1;
      st.spent += req.amount;
    } else {
      st.spent += req.amount * share;
      st.money_pause_days += (1.0 - share) * (t1 - t0);
      if (plan.capex.value() > 0.0) {
        const double y = (st.spent + st.spent_before_start) / plan.capex;
        st.elapsed = std::max(t0, D * spend_time(plan.profile, y));
      } else {
        st.elapsed = t0 + share * (t1 - t0);
      }
    }
    if (st.elapsed + kDoneSlack >= D) {
      st.elapsed = D;
      st.status = PhaseStatus::kBuilt;
      const std::int32_t used = static_cast<std::int32_t>(std::lround(D - t0));
      st.built = share >= 1.0 ? std::min(e, from + used) : e;
      ++built_waiting_;
      changed_[static_cast<size_t>(plan.site)] = 1;
      changed_next_[static_cast<size_t>(plan.site)] = 1;
      deps_dirty_ = true;
      built_since_check_ = true;
    }
  }
  std::erase_if(building_, [&](std::int32_t i) {
    return states_[static_cast<size_t>(i)].status != PhaseStatus::kBuilding;
  });
  building_count_ = static_cast<std::int32_t>(building_.size());
  // A phase waiting for one built during this step starts on that built date,
  // within this step (weekly and monthly steps): it joins this step's stocks
  // and its construction counts from its start.
  if (deps_dirty_) start_waiting(k);
}

void Buildout::start_waiting(std::int32_t k) {
  const Date e = calendar_.end(k);
  for (auto it = waiting_start_.begin(); it != waiting_start_.end();) {
    try_start(*it, calendar_.begin(0), e);
    if (states_[static_cast<size_t>(*it)].status != PhaseStatus::kPlanned) {
      changed_[static_cast<size_t>(phases_[static_cast<size_t>(*it)].site)] = 1;
      it = waiting_start_.erase(it);
    } else {
      ++it;
    }
  }
  next_start_ = next_ready_start(calendar_.begin(k));
  deps_dirty_ = false;
}

std::int32_t Buildout::next_event_step(std::int32_t k) const {
  // Construction under way, a phase just built (its dependents may start, it
  // may come online): the next step has work.
  if (building_count_ > 0 || deps_dirty_ || (built_since_check_ && built_waiting_ > 0))
    return k + 1;
  std::int32_t next = calendar_.steps();
  if (next_start_ < far_future()) next = std::min(next, calendar_.step_of(next_start_));
  if (next_power_ < power_events_.size()) {
    next = std::min(next, calendar_.first_step_from(power_events_[next_power_].first));
  }
  return std::max(next, k + 1);
}

}  // namespace stargate

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

}  // namespace

double construction_clock(bool monthly, Date d) {
  if (!monthly) return d.days();
  const CivilDate c = d.civil();
  return 12.0 * c.year + (c.month - 1) +
         (c.day - 1) / static_cast<double>(Date::days_in_month(c.year, c.month));
}

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
  changed_.assign(sites_.size(), 0);
  site_waiting_.assign(sites_.size(), 0);
  site_check_.assign(sites_.size(), 0);
  for (size_t s = 0; s < sites_.size(); ++s) mark_changed(static_cast<std::int32_t>(s));
  unbuilt_deps_.assign(phases_.size(), 0);
  dependents_.resize(phases_.size());
  for (size_t i = 0; i < phases_.size(); ++i) {
    const PhasePlan& plan = phases_[i];
    unbuilt_deps_[i] = static_cast<std::int32_t>(plan.depends_on.size());
    for (std::int32_t d : plan.depends_on)
      dependents_[static_cast<size_t>(d)].push_back(static_cast<std::int32_t>(i));
    if (plan.depends_on.empty()) ready_.emplace_back(*plan.start, static_cast<std::int32_t>(i));
  }
  std::make_heap(ready_.begin(), ready_.end(), std::greater<>());
  for (size_t s = 0; s < sites_.size(); ++s) {
    for (const PowerBlock& b : sites_[s].power)
      power_events_.emplace_back(b.online, static_cast<std::int32_t>(s));
  }
  std::stable_sort(power_events_.begin(), power_events_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

void Buildout::mark_changed(std::int32_t site) {
  if (changed_[static_cast<size_t>(site)]) return;
  changed_[static_cast<size_t>(site)] = 1;
  changed_list_.push_back(site);
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

std::vector<std::int32_t> Buildout::take_online_phases() {
  std::vector<std::int32_t> out;
  out.swap(online_phases_);
  return out;
}

std::vector<std::int32_t> Buildout::take_changed_sites() {
  std::vector<std::int32_t> out;
  out.swap(changed_list_);
  for (std::int32_t s : out) changed_[static_cast<size_t>(s)] = 0;
  // A phase built in this step changes the site's stocks again at the next.
  for (std::int32_t s : changed_next_) mark_changed(s);
  changed_next_.clear();
  return out;
}

void Buildout::start(std::int32_t phase, Date ready, Date horizon_start) {
  const PhasePlan& plan = phases_[static_cast<size_t>(phase)];
  PhaseState& st = states_[static_cast<size_t>(phase)];
  st.start = ready;
  st.planned_end = std::max(plan.duration.after(st.start), st.start + 1);
  st.monthly_clock = plan.duration.unit != Duration::Unit::kDays;
  st.clock_start = construction_clock(st.monthly_clock, st.start);
  st.clock_total = construction_clock(st.monthly_clock, st.planned_end) - st.clock_start;
  if (plan.start && st.start > *plan.start) st.dependency_wait = st.start - *plan.start;
  st.status = PhaseStatus::kBuilding;
  // Construction time counts from the start, even when the phase is found
  // ready only at a later step boundary (its dependency was built mid-step).
  st.counted_to = st.start;
  st.clock_counted = st.clock_start;
  st.funded_until = st.counted_to;
  st.clock_until = st.clock_counted;
  mark_changed(plan.site);
  if (st.start < horizon_start) {
    // Begun before the horizon: progress is the elapsed share (MODEL.md §1).
    const double at_start = construction_clock(st.monthly_clock, horizon_start);
    st.progress = std::min(1.0, (at_start - st.clock_counted) / st.clock_total);
    st.counted_to = st.funded_until = horizon_start;
    st.clock_counted = st.clock_until = at_start;
    st.progress_until = st.progress;
    const bool done = st.progress >= 1.0 - kDoneSlack;
    st.spent_before_start =
        done ? plan.capex : plan.capex * spend_fraction(plan.profile, st.progress);
    if (done) {
      st.progress = 1.0;
      st.built = st.planned_end;
      mark_built(phase);
      return;
    }
  }
  building_.push_back(phase);
}

void Buildout::mark_built(std::int32_t phase) {
  PhaseState& st = states_[static_cast<size_t>(phase)];
  const std::int32_t site = phases_[static_cast<size_t>(phase)].site;
  st.status = PhaseStatus::kBuilt;
  ++built_waiting_;
  ++site_waiting_[static_cast<size_t>(site)];
  site_check_[static_cast<size_t>(site)] = 1;
  built_this_step_ = true;
  for (std::int32_t d : dependents_[static_cast<size_t>(phase)]) {
    if (--unbuilt_deps_[static_cast<size_t>(d)] > 0) continue;
    // Ready on the later of its own start and its dependencies' built dates.
    const PhasePlan& plan = phases_[static_cast<size_t>(d)];
    std::optional<Date> ready = plan.start;
    for (std::int32_t dep : plan.depends_on) {
      const Date built = states_[static_cast<size_t>(dep)].built;
      if (!ready || built > *ready) ready = built;
    }
    ready_.emplace_back(*ready, d);
    std::push_heap(ready_.begin(), ready_.end(), std::greater<>());
  }
}

void Buildout::start_ready(Date before) {
  const Date horizon_start = calendar_.begin(0);
  while (!ready_.empty() && ready_.front().first < before) {
    std::pop_heap(ready_.begin(), ready_.end(), std::greater<>());
    const auto [ready, phase] = ready_.back();
    ready_.pop_back();
    start(phase, ready, horizon_start);
  }
}

void Buildout::begin() {
  const Date d0 = calendar_.begin(0);
  // Phases begun before the horizon; one finished before it can let a
  // dependent start before it too (the heap hands those out in turn).
  start_ready(d0);
  for (size_t s = 0; s < sites_.size(); ++s) bring_online(static_cast<std::int32_t>(s), d0);
  while (next_power_ < power_events_.size() && power_events_[next_power_].first <= d0)
    ++next_power_;
  built_this_step_ = false;
}

bool Buildout::bring_online(std::int32_t site, Date d) {
  const size_t si = static_cast<size_t>(site);
  site_check_[si] = 0;
  if (site_waiting_[si] == 0) return false;
  std::vector<std::int32_t> built;
  for (std::int32_t i : sites_[si].phases) {
    if (states_[static_cast<size_t>(i)].status == PhaseStatus::kBuilt &&
        states_[static_cast<size_t>(i)].built <= d) {
      built.push_back(i);
    }
  }
  if (built.empty()) return false;
  std::stable_sort(built.begin(), built.end(), [&](std::int32_t a, std::int32_t b) {
    return states_[static_cast<size_t>(a)].built < states_[static_cast<size_t>(b)].built;
  });
  const SitePlan& sp = sites_[si];
  const Megawatts available = available_mw(site, d);
  bool any = false;
  for (std::int32_t i : built) {
    const PhasePlan& plan = phases_[static_cast<size_t>(i)];
    PhaseState& st = states_[static_cast<size_t>(i)];
    const Megawatts need = online_facility_[si] + plan.it_mw * sp.pue;
    if (need.value() > available.value() + kMwSlack) continue;
    const std::optional<Date> powered = power_reaches(site, need);
    st.online = std::max(st.built, powered.value_or(d));
    st.status = PhaseStatus::kOnline;
    online_phases_.push_back(i);
    online_it_[si] += plan.it_mw;
    online_facility_[si] = need;
    mark_changed(site);
    --built_waiting_;
    --site_waiting_[si];
    any = true;
  }
  // A built phase that came online only at this step (built in the last one)
  // still counts: the caller checks sites again after power or builds change.
  return any;
}

bool Buildout::start_of_step(std::int32_t k) {
  const Date d = calendar_.begin(k), e = calendar_.end(k);
  came_online_.clear();
  start_ready(e);
  // Power online by the start of this step counts from this step on (a block
  // dated mid-step, with weekly or monthly steps, counts from the next one).
  while (next_power_ < power_events_.size() && power_events_[next_power_].first <= d) {
    const std::int32_t s = power_events_[next_power_].second;
    mark_changed(s);
    site_check_[static_cast<size_t>(s)] = 1;
    ++next_power_;
  }
  if (built_waiting_ > 0) {
    for (size_t s = 0; s < sites_.size(); ++s) {
      if (site_check_[s] && bring_online(static_cast<std::int32_t>(s), d)) {
        came_online_.push_back(static_cast<std::int32_t>(s));
      }
    }
  }
  built_this_step_ = false;
  return !came_online_.empty();
}

namespace {

// The first date x ≥ from at which the clock has run `units` past `from`.
// `clock_from` is the clock at `from`.
Date clock_reach(bool monthly, Date from, double clock_from, double units) {
  if (!monthly) return from + static_cast<std::int32_t>(std::ceil(units - 1e-9));
  // The target on the month clock is a month index and a share of that
  // month's days.
  const double target = clock_from + units - 1e-9;
  const double index = std::floor(target);
  const int year = static_cast<int>(std::floor(index / 12.0));
  const int month = static_cast<int>(index - 12.0 * year) + 1;
  const int days = Date::days_in_month(year, month);
  const int day = static_cast<int>(std::ceil((target - index) * days - 1e-9));  // days past the 1st
  const Date x = Date::from_ymd(year, month, 1) + std::max(0, day);
  return std::max(x, from);
}

}  // namespace

Usd Buildout::behind_schedule(std::int32_t phase, Date d) const {
  const PhaseState& st = states_[static_cast<size_t>(phase)];
  // Never paused for money, a phase has paid each month ahead of its spend.
  if (st.status != PhaseStatus::kBuilding || st.money_pause_days <= 0.0) return Usd(0.0);
  const PhasePlan& plan = phases_[static_cast<size_t>(phase)];
  const double planned =
      std::min(1.0, (construction_clock(st.monthly_clock, d) - st.clock_start) / st.clock_total);
  const Usd due = plan.capex * spend_fraction(plan.profile, planned);
  return Usd(std::max(0.0, (due - st.spent - st.spent_before_start).value()));
}

double Buildout::progress_at(const PhaseState& st, Date d) const {
  if (d <= st.counted_to || st.funded_until <= st.counted_to) return st.progress;
  if (d >= st.funded_until) return st.progress_until;
  const double f = (construction_clock(st.monthly_clock, d) - st.clock_counted) /
                   (st.clock_until - st.clock_counted);
  return st.progress + f * (st.progress_until - st.progress);
}

void Buildout::request(std::int32_t k, CapexRequests& out) {
  const Date d = calendar_.begin(k);
  // Periods end with the step in which the calendar month ends (with daily
  // steps, at the month's start), and never past the horizon.
  const Date horizon_end = calendar_.end(calendar_.steps() - 1);
  const Date last_day = d.next_month_start() - 1;
  const Date month_end =
      last_day >= horizon_end ? horizon_end : calendar_.end(calendar_.step_of(last_day));
  for (std::int32_t i : building_) {
    const PhasePlan& plan = phases_[static_cast<size_t>(i)];
    PhaseState& st = states_[static_cast<size_t>(i)];
    if (st.funded_until > d) continue;  // still in a funded period
    if (st.funded_until > st.counted_to) {
      // The last period ended before this step: its progress is made. One
      // that ended short of completion mid-step (partly funded) leaves the
      // days to this step unfunded: a pause, not catch-up.
      st.progress = st.progress_until;
      st.counted_to = st.funded_until;
      st.clock_counted = st.clock_until;
    }
    if (st.counted_to < d && st.requested) {
      // A period that ended short of completion mid-step (partly funded)
      // leaves the days to this step unfunded: a pause, not catch-up. (A
      // phase's first period may start before the step: its start.)
      st.money_pause_days += d - st.counted_to;
      st.counted_to = st.funded_until = d;
      st.clock_counted = st.clock_until = construction_clock(st.monthly_clock, d);
    }
    st.requested = true;
    const Date from = st.counted_to;
    const double p0 = st.progress;
    const double left = (1.0 - p0) * st.clock_total;
    const Date done = clock_reach(st.monthly_clock, from, st.clock_counted, left);
    Date until = std::max(month_end, from + 1);
    if (done <= until) until = done;
    const double clock_until = construction_clock(st.monthly_clock, until);
    const double p1 =
        done <= until ? 1.0 : std::min(1.0, p0 + (clock_until - st.clock_counted) / st.clock_total);
    st.funded_until = until;
    st.clock_until = clock_until;
    st.progress_until = p1;
    // The last period pays exactly what is left, so spent equals capex at completion.
    st.period_request =
        p1 >= 1.0 - kDoneSlack
            ? plan.capex - st.spent - st.spent_before_start
            : plan.capex * (spend_fraction(plan.profile, p1) - spend_fraction(plan.profile, p0));
    out.items.push_back(CapexRequest{CapexKind::kConstruction, i, plan.payer, st.period_request});
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
    if (share >= 1.0) {
      st.spent += req.amount;
      continue;
    }
    // Partly funded: the period spends what was paid; progress is where that
    // spend sits on the profile, and the unfunded share of the period's days
    // is a pause, so completion slips.
    st.spent += req.amount * share;
    st.money_pause_days += (1.0 - share) * (st.funded_until - st.counted_to);
    if (plan.capex.value() > 0.0) {
      const double y = (st.spent + st.spent_before_start) / plan.capex;
      st.progress_until =
          std::max(st.progress, std::min(st.progress_until, spend_time(plan.profile, y)));
    } else {
      st.progress_until = st.progress + share * (st.progress_until - st.progress);
    }
  }
  // Periods that end in this step close: the phase is built, or waits for the
  // next month's request.
  for (std::int32_t i : building_) {
    PhaseState& st = states_[static_cast<size_t>(i)];
    if (st.funded_until <= st.counted_to || st.funded_until > e) continue;
    const bool done = st.progress_until >= 1.0 - kDoneSlack;
    st.progress = done ? 1.0 : st.progress_until;
    st.counted_to = st.funded_until;
    st.clock_counted = st.clock_until;
    if (done) {
      st.built = st.funded_until;
      const std::int32_t site = phases_[static_cast<size_t>(i)].site;
      mark_built(i);
      mark_changed(site);
      changed_next_.push_back(site);
    }
  }
  std::erase_if(building_, [&](std::int32_t i) {
    return states_[static_cast<size_t>(i)].status != PhaseStatus::kBuilding;
  });
  // A phase waiting for one built during this step starts on that built date,
  // within this step (weekly and monthly steps): it joins this step's stocks
  // and its construction counts from its start.
  start_ready(e);
}

std::int32_t Buildout::next_event_step(std::int32_t k) const {
  // A phase just built: its dependents may start, it may come online.
  if (built_this_step_) return k + 1;
  std::int32_t next = calendar_.steps();
  for (std::int32_t i : building_) {
    const PhaseState& st = states_[static_cast<size_t>(i)];
    // A period that ends in completion closes in the step of its last day; one
    // that ends at a month's start asks again in the step that begins there.
    const std::int32_t at = st.progress_until >= 1.0 - kDoneSlack
                                ? calendar_.step_of(st.funded_until - 1)
                                : calendar_.first_step_from(st.funded_until);
    next = std::min(next, at);
  }
  if (!ready_.empty()) next = std::min(next, calendar_.step_of(ready_.front().first));
  if (next_power_ < power_events_.size()) {
    next = std::min(next, calendar_.first_step_from(power_events_[next_power_].first));
  }
  return std::max(next, k + 1);
}

}  // namespace stargate

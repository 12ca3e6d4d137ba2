#include "sim/outcomes.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/finance.h"

namespace stargate {
namespace {

CriticalPath critical_path_of(const PhaseState& st) {
  switch (st.status) {
    case PhaseStatus::kPlanned:
      return CriticalPath::kNotStarted;
    case PhaseStatus::kBuilding:
      return st.money_pause_days > 0.0 ? CriticalPath::kMoney : CriticalPath::kConstruction;
    case PhaseStatus::kBuilt:
      return CriticalPath::kPower;
    case PhaseStatus::kOnline:
      if (st.online > st.built) return CriticalPath::kPower;
      return st.money_pause_days > 0.0 ? CriticalPath::kMoney : CriticalPath::kConstruction;
  }
  return CriticalPath::kNotStarted;
}

}  // namespace

void physical_outcomes(const ScenarioSpec& spec, const ModelInputs& in, const Calendar& calendar,
                       const Buildout& build, const Fleet& fleet,
                       const std::vector<Megawatts>& peak_load, Results& res) {
  const size_t nsites = spec.sites.size();
  res.scenario_id = spec.info.id;
  res.scenario_name = spec.info.name;
  res.start = spec.info.start;
  res.end = spec.info.end;
  size_t phase_index = 0;
  for (size_t s = 0; s < nsites; ++s) {
    const SiteSpec& site = spec.sites[s];
    const SitePlan& plan = build.sites()[s];
    const auto si = static_cast<std::int32_t>(s);
    SiteResult sr;
    sr.id = site.id;
    sr.name = site.name;
    sr.location = site.location;
    sr.online_it_mw = build.online_it_mw(si);
    sr.power_mw = build.available_mw(si, spec.info.end);
    sr.peak_facility_load_mw = peak_load[s];
    sr.installed = fleet.site(si).installed;
    sr.waiting = fleet.site(si).waiting;
    bool all_online = !site.phases.empty();
    Date last_online;
    for (size_t p = 0; p < site.phases.size(); ++p, ++phase_index) {
      const PhaseSpec& ps = site.phases[p];
      const PhasePlan& pp = build.phases()[phase_index];
      const PhaseState& st = build.states()[phase_index];
      PhaseResult pr;
      pr.site = site.id;
      pr.id = ps.id;
      pr.name = ps.name;
      pr.it_mw = pp.it_mw;
      pr.facility_mw = pp.it_mw * plan.pue;
      pr.capex = pp.capex;
      pr.spent = st.spent;
      pr.spent_before_start = st.spent_before_start;
      pr.dependency_wait_days = st.dependency_wait;
      pr.money_pause_days = static_cast<std::int32_t>(std::lround(st.money_pause_days));
      pr.critical_path = critical_path_of(st);
      if (st.status != PhaseStatus::kPlanned) {
        pr.start = st.start;
        pr.progress = st.status == PhaseStatus::kBuilding ? build.progress_at(st, calendar.end(calendar.steps() - 1)) : st.progress;
      }
      if (st.status == PhaseStatus::kBuilt || st.status == PhaseStatus::kOnline)
        pr.built = st.built;
      if (st.status == PhaseStatus::kOnline) {
        pr.online = st.online;
        pr.power_wait_days = st.online - st.built;
        last_online = std::max(last_online, st.online);
      } else {
        all_online = false;
        if (st.status == PhaseStatus::kBuilt)
          pr.power_wait_days = calendar.end(calendar.steps() - 1) - st.built;
      }
      sr.planned_it_mw += pp.it_mw;
      res.spent_before_start += st.spent_before_start;
      res.phases.push_back(std::move(pr));
    }
    if (all_online) sr.full_power = last_online;
    res.installed += sr.installed;
    res.waiting += sr.waiting;
    res.end_bf16 += fleet.site(si).bf16;
    res.end_fp8 += fleet.site(si).fp8;
    res.sites.push_back(std::move(sr));
  }
  for (size_t o = 0; o < spec.orders.size(); ++o) {
    const OrderSpec& os = spec.orders[o];
    const OrderProgress& op = fleet.orders()[o];
    OrderResult r;
    r.id = os.id;
    r.buyer = os.buyer.id;
    r.accelerator = os.accelerator.id;
    r.site = os.site.id;
    r.count = in.order_count[o];
    r.unit_price = in.order_unit_price[o];
    r.delivered = op.delivered;
    r.paid = op.paid;
    r.paid_before_start = op.paid_before_start;
    if (op.any) {
      r.first_delivery = op.first_delivery;
      r.last_delivery = op.last_delivery;
    }
    res.delivered += op.delivered;
    res.spent_before_start += op.paid_before_start;
    res.orders.push_back(std::move(r));
  }
  res.retired = fleet.retired();
}

double discounted_days(double rate, Date origin, Date a, Date b) {
  if (b <= a) return 0.0;
  // A geometric series with ratio q = (1 + rate)^(−1/365).
  const double q = std::pow(1.0 + rate, -1.0 / 365.0);
  const double first = std::pow(q, static_cast<double>(a - origin));
  const double n = static_cast<double>(b - a);
  return rate == 0.0 ? n : first * (1.0 - std::pow(q, n)) / (1.0 - q);
}

namespace {

bool is_financing(FlowKind k) {
  switch (k) {
    case FlowKind::kEquity:
    case FlowKind::kDebtDraw:
    case FlowKind::kInterest:
    case FlowKind::kCommitmentFee:
    case FlowKind::kPrincipal:
    case FlowKind::kFunding:
    case FlowKind::kDistribution:
    case FlowKind::kOpeningCash:
      return true;
    default:
      return false;
  }
}

bool is_opex(FlowKind k) {
  return k == FlowKind::kEnergy || k == FlowKind::kOperations || k == FlowKind::kLandLease;
}

// IRR, NPV and payback of one party's dated flows and a terminal value.
void returns(std::vector<DatedFlow> flows, double terminal, Date start, Date end, double rate,
             EntityMoney& m) {
  std::stable_sort(flows.begin(), flows.end(),
                   [](const DatedFlow& a, const DatedFlow& b) { return a.date < b.date; });
  double cumulative = 0.0;
  bool negative = false;
  for (const DatedFlow& f : flows) {
    cumulative += f.amount;
    if (cumulative < -1e-6) negative = true;
    if (negative && cumulative >= 0.0 && !m.payback) m.payback = f.date;
  }
  std::vector<DatedFlow> with_terminal = flows;
  if (terminal != 0.0) with_terminal.push_back(DatedFlow{end, terminal});
  m.irr = xirr(with_terminal);
  with_terminal.insert(with_terminal.begin(), DatedFlow{start, 0.0});
  m.npv = Usd(xnpv(rate, with_terminal));
}

}  // namespace

void money_outcomes(const ScenarioSpec& spec, const Draws& draws, const ModelInputs& in,
                    const Calendar& calendar, CapitalModel& capital, const DiscountedUse& use,
                    Results& res) {
  const CapitalPlan& plan = capital.plan();
  const Ledger& ledger = capital.ledger();
  const Date start = spec.info.start, end_day = calendar.end(calendar.steps() - 1);
  const double rate = resolve(spec.program.discount_rate, draws).value();
  const size_t n = plan.entities.size();
  for (const EntitySpec& e : spec.entities) res.parties.push_back(e.id);
  res.purposes = ledger.purposes();
  res.flows = ledger.flows();

  // Vehicles' equity value at the end: assets (book value, or a multiple of
  // the last year's EBITDA) plus cash, less debt and arrears.
  std::vector<double> equity_value(n, 0.0), book(n, 0.0);
  for (size_t e = 0; e < n; ++e) {
    const auto ei = static_cast<std::int32_t>(e);
    book[e] = capital.book_value(ei, end_day);
    if (plan.entities[e].kind != PayerKind::kVehicle) continue;
    const double assets =
        spec.program.terminal_multiple
            ? resolve(*spec.program.terminal_multiple, draws) * capital.payers()[e].last_ebitda
            : book[e];
    equity_value[e] = assets + ledger.cash(ei) - capital.debt_balance(ei) - capital.arrears(ei);
  }

  // Each party's flows, from its side.
  std::vector<std::vector<DatedFlow>> all(n), project(n);
  std::vector<double> paid_in(n, 0.0), received(n, 0.0);
  for (const LedgerFlow& f : ledger.flows()) {
    if (f.kind == FlowKind::kOpeningCash) continue;
    if (f.from >= 0) {
      all[static_cast<size_t>(f.from)].push_back(DatedFlow{f.date, -f.amount});
      if (!is_financing(f.kind))
        project[static_cast<size_t>(f.from)].push_back(DatedFlow{f.date, -f.amount});
      paid_in[static_cast<size_t>(f.from)] += f.amount;
    }
    if (f.to >= 0) {
      all[static_cast<size_t>(f.to)].push_back(DatedFlow{f.date, f.amount});
      if (!is_financing(f.kind))
        project[static_cast<size_t>(f.to)].push_back(DatedFlow{f.date, f.amount});
      received[static_cast<size_t>(f.to)] += f.amount;
    }
  }
  for (size_t e = 0; e < n; ++e) {
    const auto ei = static_cast<std::int32_t>(e);
    EntityMoney m;
    m.id = spec.entities[e].id;
    m.name = spec.entities[e].name;
    m.paid_in = Usd(paid_in[e]);
    m.received = Usd(received[e]);
    m.cash_end = Usd(ledger.cash(ei));
    if (plan.entities[e].kind == PayerKind::kVehicle) {
      // A vehicle's own return is its project's: no financing flows, and its
      // assets at the end.
      m.terminal_value =
          Usd(equity_value[e] - ledger.cash(ei) + capital.debt_balance(ei) + capital.arrears(ei));
      returns(project[e], m.terminal_value.value(), start, end_day, rate, m);
    } else {
      double terminal = book[e];
      for (size_t v = 0; v < n; ++v) {
        for (const auto& [owner, share] : plan.entities[v].owners) {
          if (owner == ei) terminal += share * std::max(0.0, equity_value[v]);
        }
      }
      for (size_t f = 0; f < plan.facilities.size(); ++f) {
        if (plan.facilities[f].lender == ei) terminal += capital.facilities()[f].balance;
      }
      m.terminal_value = Usd(terminal);
      returns(all[e], terminal, start, end_day, rate, m);
    }
    res.entities.push_back(std::move(m));
  }

  for (size_t e = 0; e < n; ++e) {
    if (plan.entities[e].kind != PayerKind::kVehicle) continue;
    const auto ei = static_cast<std::int32_t>(e);
    const VehicleState& vs = capital.payers()[e];
    VehicleMoney v;
    v.id = spec.entities[e].id;
    for (size_t c = 0; c < plan.commitments.size(); ++c) {
      const CommitmentPlan& cp = plan.commitments[c];
      if (cp.vehicle != ei) continue;
      v.equity_committed += Usd(cp.amount);
      if (cp.honoured) v.equity_honoured += Usd(cp.amount);
      v.equity_called += Usd(capital.called(c));
    }
    for (size_t f = 0; f < plan.facilities.size(); ++f) {
      if (plan.facilities[f].borrower != ei) continue;
      v.debt_committed += Usd(plan.facilities[f].size);
      v.debt_drawn += Usd(capital.facilities()[f].drawn);
    }
    v.debt_balance_end = Usd(capital.debt_balance(ei));
    v.capex_paid = Usd(vs.capex_paid);
    v.funding_gap_total = Usd(vs.gap_total);
    v.peak_gap = Usd(vs.peak_gap);
    v.peak_gap_date = vs.peak_gap_date;
    v.min_dscr = vs.min_dscr;
    v.min_dscr_date = vs.min_dscr_date;
    v.first_breach = vs.first_breach;
    v.default_date = vs.default_date;
    v.arrears = Usd(capital.arrears(ei));
    v.book_value_end = Usd(book[e]);
    res.vehicles.push_back(std::move(v));
  }
  for (size_t c = 0; c < plan.commitments.size(); ++c) {
    const CommitmentPlan& cp = plan.commitments[c];
    res.equity.push_back(EquityResult{cp.id, spec.entities[static_cast<size_t>(cp.investor)].id,
                                      spec.entities[static_cast<size_t>(cp.vehicle)].id,
                                      Usd(cp.amount), cp.honoured, Usd(capital.called(c))});
  }
  for (size_t f = 0; f < plan.facilities.size(); ++f) {
    const FacilityPlan& fp = plan.facilities[f];
    const FacilityState& fs = capital.facilities()[f];
    res.debt.push_back(DebtResult{fp.id, spec.entities[static_cast<size_t>(fp.lender)].id,
                                  spec.entities[static_cast<size_t>(fp.borrower)].id, Usd(fp.size),
                                  Usd(fs.drawn), Usd(fs.interest_total), Usd(fs.fees_total),
                                  Usd(fs.repaid), Usd(fs.balance)});
  }

  // The program's envelope.
  ProgramMoney& p = res.program;
  p.name = spec.program.name;
  if (spec.program.budget) p.budget = resolve(*spec.program.budget, draws);
  if (spec.program.first_tranche) p.first_tranche = resolve(*spec.program.first_tranche, draws);
  for (size_t c = 0; c < plan.commitments.size(); ++c) {
    const CommitmentPlan& cp = plan.commitments[c];
    if (!plan.program_vehicle[static_cast<size_t>(cp.vehicle)]) continue;
    p.committed += Usd(cp.amount);
    if (cp.honoured) p.honoured += Usd(cp.amount);
    p.called += Usd(capital.called(c));
  }
  for (size_t f = 0; f < plan.facilities.size(); ++f) {
    if (!plan.program_vehicle[static_cast<size_t>(plan.facilities[f].borrower)]) continue;
    p.committed += Usd(plan.facilities[f].size);
    p.honoured += Usd(plan.facilities[f].size);
    p.called += Usd(capital.facilities()[f].drawn);
  }
  for (size_t e = 0; e < n; ++e) {
    if (plan.program_vehicle[e]) p.spent += Usd(capital.payers()[e].capex_paid);
  }
  p.discount_rate = rate;
  p.opex = Usd(capital.opex_paid_total());

  // Levelised cost of compute: present value of capex (sunk capex at the
  // start) and opex, less the book value left at the end, over the present
  // value of accelerator-hours (or PFLOP-days) available.
  double pv_costs = res.spent_before_start.value();
  for (const LedgerFlow& f : ledger.flows()) {
    if (f.kind == FlowKind::kConstruction || f.kind == FlowKind::kChips || is_opex(f.kind)) {
      if (f.kind == FlowKind::kLandLease && f.to >= 0) continue;  // a transfer within the scenario
      pv_costs += f.amount * std::pow(1.0 + rate, -static_cast<double>(f.date - start) / 365.0);
    }
  }
  double residual = 0.0;
  for (const Asset& a : capital.assets()) residual += a.book_value(end_day);
  pv_costs -= residual * std::pow(1.0 + rate, -static_cast<double>(end_day - start) / 365.0);
  if (use.accelerator_hours > 0.0) p.usd_per_accelerator_hour = pv_costs / use.accelerator_hours;
  if (use.pflop_days > 0.0) p.usd_per_pflop_day = pv_costs / use.pflop_days;

  if (spec.jobs.present) {
    p.construction_job_years =
        res.construction_capex.value() / 1e6 * resolve(spec.jobs.construction_per_musd, draws);
    double online = 0.0;
    for (const SiteResult& s : res.sites) online += s.online_it_mw.value();
    p.permanent_jobs_end = online * resolve(spec.jobs.permanent_per_mw, draws);
  } else {
    p.not_modelled.push_back("jobs (a [jobs] table)");
  }
  for (const std::string& m : in.not_modelled) p.not_modelled.push_back(m);
}

}  // namespace stargate

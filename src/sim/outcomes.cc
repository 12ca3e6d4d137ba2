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
        pr.progress = st.status == PhaseStatus::kBuilding
                          ? build.progress_at(st, calendar.end(calendar.steps() - 1))
                          : st.progress;
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

// IRR, NPV and payback of one party's dated flows and a terminal value.
void returns(std::vector<DatedFlow> flows, double terminal, Date start, Date end, double rate,
             EntityMoney& m) {
  auto earlier = [](const DatedFlow& a, const DatedFlow& b) { return a.date < b.date; };
  if (!std::is_sorted(flows.begin(), flows.end(), earlier))
    std::stable_sort(flows.begin(), flows.end(), earlier);
  double cumulative = 0.0;
  bool negative = false;
  for (const DatedFlow& f : flows) {
    cumulative += f.amount;
    if (cumulative < -1e-6) negative = true;
    if (negative && cumulative >= 0.0 && !m.payback) m.payback = f.date;
  }
  if (terminal != 0.0) flows.push_back(DatedFlow{end, terminal});
  m.irr = xirr(flows);
  // XNPV values at the first flow's date; the NPV is at the start.
  if (!flows.empty())
    m.npv = Usd(xnpv(rate, flows) *
                std::pow(1.0 + rate, -static_cast<double>(flows.front().date - start) / 365.0));
}

}  // namespace

void money_outcomes(const ScenarioSpec& spec, const Draws& draws, const ModelInputs& in,
                    const Calendar& calendar, CapitalModel& capital, const Tallies& tallies,
                    Results& res) {
  const CapitalPlan& plan = capital.plan();
  const Ledger& ledger = capital.ledger();
  const Date start = spec.info.start, end_day = calendar.end(calendar.steps() - 1);
  const double rate = resolve(spec.program.discount_rate, draws).value();
  const size_t n = plan.entities.size();
  for (const EntitySpec& e : spec.entities) res.parties.push_back(e.id);
  res.purposes = ledger.purposes();
  res.flows = ledger.flows();  // copied: the capital model still reads its ledger below

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
  // Capex sunk before the start bought assets whose book value is in the
  // terminal value, so it is an outflow on the start date: the payer's, and
  // for a vehicle also its owners' by their shares (as if paid in as equity;
  // how it was financed before the start is not modelled).
  std::vector<double> sunk(n, 0.0), owners_sunk(n, 0.0);
  for (size_t i = 0; i < in.phases.size(); ++i)
    sunk[static_cast<size_t>(in.phases[i].payer)] += res.phases[i].spent_before_start.value();
  for (size_t o = 0; o < res.orders.size(); ++o)
    sunk[static_cast<size_t>(in.order_payer[o])] += res.orders[o].paid_before_start.value();
  for (size_t v = 0; v < n; ++v) {
    if (plan.entities[v].kind != PayerKind::kVehicle) continue;
    for (const auto& [owner, share] : plan.entities[v].owners)
      owners_sunk[static_cast<size_t>(owner)] += share * sunk[v];
  }
  for (size_t e = 0; e < n; ++e) {
    if (sunk[e] > 0.0) {
      project[e].insert(project[e].begin(), DatedFlow{start, -sunk[e]});
      all[e].insert(all[e].begin(), DatedFlow{start, -sunk[e]});
    }
    if (owners_sunk[e] > 0.0) all[e].insert(all[e].begin(), DatedFlow{start, -owners_sunk[e]});
  }
  for (size_t e = 0; e < n; ++e) {
    const auto ei = static_cast<std::int32_t>(e);
    EntityMoney m;
    m.sunk = Usd(sunk[e] + owners_sunk[e]);
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
    v.funding_received = Usd(vs.funding_received);
    const double raised = v.debt_drawn.value() + v.equity_called.value() + vs.funding_received;
    if (raised > 0.0) v.debt_share = v.debt_drawn.value() / raised;
    v.peak_funding_gap = Usd(tallies.funding_gap[e].value);
    v.peak_funding_gap_date = tallies.funding_gap[e].date;
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
  for (const LedgerFlow& f : ledger.flows()) {
    if (is_opex(f.kind)) p.opex += Usd(f.amount);
  }

  // Levelised cost of compute: present value of capex (sunk capex at the
  // start) and opex, less the book value left at the end, over the present
  // value of accelerator-hours (or PFLOP-days) available.
  const auto counts = [&](std::int32_t site) {
    return site >= 0 ? in.program_site[static_cast<size_t>(site)] != 0 : spec.program.sites.empty();
  };
  for (size_t s = 0; s < spec.sites.size(); ++s) {
    if (in.program_site[s]) p.sites.push_back(spec.sites[s].id);
  }
  double pv_costs = 0.0;
  const auto phase_counts = [&](size_t i) {
    return counts(in.purpose_site[static_cast<size_t>(in.phase_purpose[i])]);
  };
  for (size_t i = 0; i < res.phases.size(); ++i) {
    if (phase_counts(i)) pv_costs += res.phases[i].spent_before_start.value();
  }
  for (size_t o = 0; o < res.orders.size(); ++o) {
    if (counts(in.purpose_site[static_cast<size_t>(in.order_purpose[o])]))
      pv_costs += res.orders[o].paid_before_start.value();
  }
  const double log_discount = -std::log1p(rate) / 365.0;
  Date factor_date = start;
  double factor = 1.0;
  for (const LedgerFlow& f : ledger.flows()) {
    if (f.kind == FlowKind::kConstruction || f.kind == FlowKind::kChips || is_opex(f.kind)) {
      if (f.kind == FlowKind::kLandLease && f.to >= 0) continue;  // a transfer within the scenario
      if (!counts(in.purpose_site[static_cast<size_t>(f.purpose)])) continue;
      if (f.date != factor_date) {
        factor = std::exp(log_discount * (f.date - start));
        factor_date = f.date;
      }
      pv_costs += f.amount * factor;
    }
  }
  double residual = 0.0;
  for (const Asset& a : capital.assets()) {
    if (counts(a.site)) residual += a.book_value(end_day);
  }
  pv_costs -= residual * std::pow(1.0 + rate, -static_cast<double>(end_day - start) / 365.0);
  if (tallies.accelerator_hours > 0.0)
    p.usd_per_accelerator_hour = pv_costs / tallies.accelerator_hours;
  if (tallies.pflop_days > 0.0) p.usd_per_pflop_day = pv_costs / tallies.pflop_days;

  if (spec.jobs.present) {
    double construction = 0.0;  // within the horizon
    for (size_t i = 0; i < res.phases.size(); ++i) {
      if (phase_counts(i)) construction += res.phases[i].spent.value();
    }
    p.construction_job_years = construction / 1e6 * resolve(spec.jobs.construction_per_musd, draws);
    double online = 0.0;
    for (size_t s = 0; s < res.sites.size(); ++s) {
      if (in.program_site[s]) online += res.sites[s].online_it_mw.value();
    }
    p.permanent_jobs_end = online * resolve(spec.jobs.permanent_per_mw, draws);
  } else {
    p.not_modelled.push_back("jobs (a [jobs] table)");
  }
  for (const std::string& m : in.not_modelled) p.not_modelled.push_back(m);
}

}  // namespace stargate

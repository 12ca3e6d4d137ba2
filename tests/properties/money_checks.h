// tests/properties/money_checks.h
//
// Checkers of the money properties of a run (MODEL.md §3, docs/model.md,
// Money) over scenarios generated with capital (GenerateOptions::
// with_capital). Like those of checks.h, each is a plain function of the
// generated scenario and the run's Results (public API only) and returns what
// it found wrong, empty when the property holds. Balances are rebuilt from
// Results::flows alone (flows.csv), never taken from the engine's own
// accounts: opening cash is a flow from party −1 on the first day.
#pragma once

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "properties/checks.h"

namespace stargate::testing {

inline std::string party_name(const Results& r, std::int32_t i) {
  if (i < 0) return "external";
  return static_cast<size_t>(i) < r.parties.size() ? r.parties[static_cast<size_t>(i)] : "?";
}

inline std::int32_t party_index(const Results& r, const std::string& id) {
  for (size_t i = 0; i < r.parties.size(); ++i) {
    if (r.parties[i] == id) return static_cast<std::int32_t>(i);
  }
  return -2;  // no such party (−1 is the outside world)
}

// The index of a purpose ("equity.q1"), −1 when no flow could have it.
inline std::int32_t purpose_index(const Results& r, const std::string& text) {
  for (size_t i = 0; i < r.purposes.size(); ++i) {
    if (r.purposes[i] == text) return static_cast<std::int32_t>(i);
  }
  return -1;
}

inline std::string describe(const Results& r, const LedgerFlow& f) {
  return f.date.to_string() + " " + party_name(r, f.from) + " → " + party_name(r, f.to) + " " +
         to_string(f.kind) + " " + num(f.amount) + " (" +
         (f.purpose >= 0 && static_cast<size_t>(f.purpose) < r.purposes.size()
              ? r.purposes[static_cast<size_t>(f.purpose)]
              : "?") +
         ")";
}

// Walks the flows step by step: `flow(f)` for each flow in the order
// recorded, then `step_end(k)` once the flows dated in step k are applied.
// Flows dated before their step's start (out of order) or outside the
// horizon are violations.
template <class OnFlow, class OnStep>
void walk_steps(const Results& r, Violations& v, OnFlow flow, OnStep step_done) {
  const std::int32_t n = r.timeline.steps();
  size_t i = 0;
  for (std::int32_t k = 0; k < n; ++k) {
    const Date d = step_begin(r, k), e = step_end(r, k);
    for (; i < r.flows.size() && r.flows[i].date < e; ++i) {
      if (r.flows[i].date < d && v.size() < 20) {
        v.push_back("flow " + describe(r, r.flows[i]) + " is recorded in " + at_step(r, k) +
                    ", after flows of a later date");
      }
      flow(r.flows[i]);
    }
    step_done(k);
  }
  for (; i < r.flows.size(); ++i) {
    v.push_back("flow " + describe(r, r.flows[i]) + " is dated after the end, " +
                r.end.to_string());
    flow(r.flows[i]);
  }
}

// Conservation by double entry (MODEL.md §3): every entity's cash, rebuilt
// from the flows alone, equals the engine's at every step (the vehicles'
// <vehicle>_cash_usd series) and at the end (EntityMoney::cash_end); no
// vehicle and no payer limited to its cash is ever short of cash (beyond
// rounding).
inline Violations check_money_conserved(const GeneratedScenario& g, const Results& r) {
  Violations v;
  const size_t n = r.parties.size();
  if (r.entities.size() != n) {
    v.push_back(std::to_string(r.entities.size()) + " entities' money for " + std::to_string(n) +
                " parties");
    return v;
  }
  std::vector<double> cash(n, 0.0), out(n, 0.0);
  std::vector<std::pair<size_t, const Series*>> series;
  std::vector<char> limited(n, 0);
  for (const VehicleMoney& vm : r.vehicles) {
    const std::int32_t e = party_index(r, vm.id);
    const Series* s = find_series(r, vm.id + "_cash_usd", v);
    if (e < 0 || !s) return v;
    series.emplace_back(static_cast<size_t>(e), s);
    limited[static_cast<size_t>(e)] = 1;
  }
  for (const std::string& id : g.with_cash) {
    const std::int32_t e = party_index(r, id);
    if (e >= 0) limited[static_cast<size_t>(e)] = 1;
  }
  walk_steps(
      r, v,
      [&](const LedgerFlow& f) {
        if (f.from >= 0 && static_cast<size_t>(f.from) < n) {
          cash[static_cast<size_t>(f.from)] -= f.amount;
          out[static_cast<size_t>(f.from)] += f.amount;
        }
        if (f.to >= 0 && static_cast<size_t>(f.to) < n) cash[static_cast<size_t>(f.to)] += f.amount;
      },
      [&](std::int32_t k) {
        for (const auto& [e, s] : series) {
          if (v.size() < 20 && !close(s->at(k), cash[e], 1e-9)) {
            v.push_back(r.parties[e] + " at " + at_step(r, k) + ": cash " + num(s->at(k)) +
                        " in the timeline, " + num(cash[e]) + " rebuilt from flows.csv");
          }
        }
        for (size_t e = 0; e < n; ++e) {
          if (limited[e] && v.size() < 20 && cash[e] < -1e-6 * std::max(1.0, out[e])) {
            v.push_back(r.parties[e] + " at " + at_step(r, k) + ": cash " + num(cash[e]) +
                        " below zero, though it pays only what it has");
          }
        }
      });
  for (size_t e = 0; e < n; ++e) {
    if (!close(r.entities[e].cash_end.value(), cash[e], 1e-9)) {
      v.push_back(r.parties[e] + ": cash at the end " + num(r.entities[e].cash_end.value()) +
                  ", rebuilt from flows.csv " + num(cash[e]));
    }
  }
  return v;
}

// Every flow (flows.csv) moves a positive, finite amount between two
// different parties of the scenario (or the outside world) for a known
// purpose, within the horizon.
inline Violations check_flows_valid(const GeneratedScenario&, const Results& r) {
  Violations v;
  const auto n = static_cast<std::int32_t>(r.parties.size());
  for (const LedgerFlow& f : r.flows) {
    if (v.size() >= 10) break;
    if (!std::isfinite(f.amount) || !(f.amount > 0.0)) {
      v.push_back("flow " + describe(r, f) + ": amount not positive and finite");
    }
    if (f.from < -1 || f.from >= n || f.to < -1 || f.to >= n || f.from == f.to) {
      v.push_back("flow " + describe(r, f) + ": parties " + std::to_string(f.from) + " → " +
                  std::to_string(f.to) + " of " + std::to_string(n));
    }
    if (f.purpose < 0 || static_cast<size_t>(f.purpose) >= r.purposes.size()) {
      v.push_back("flow " + describe(r, f) + ": purpose " + std::to_string(f.purpose) + " of " +
                  std::to_string(r.purposes.size()));
    }
    if (f.date < r.start || f.date > r.end) {
      v.push_back("flow " + describe(r, f) + ": outside the horizon " + r.start.to_string() +
                  " to " + r.end.to_string());
    }
  }
  return v;
}

// Equity (MODEL.md §3): a commitment's called amount is what its flows moved
// from its investor to its vehicle, never more than the commitment, and
// nothing when it is not honoured; a vehicle's equity called is its
// commitments'.
inline Violations check_equity(const GeneratedScenario&, const Results& r) {
  Violations v;
  std::map<std::string, double> by_vehicle;
  for (const EquityResult& q : r.equity) {
    const std::string name = "equity." + q.id + ": ";
    const std::int32_t purpose = purpose_index(r, "equity." + q.id);
    const std::int32_t investor = party_index(r, q.investor), vehicle = party_index(r, q.vehicle);
    double moved = 0.0;
    for (const LedgerFlow& f : r.flows) {
      if (f.purpose != purpose || purpose < 0) continue;
      if (f.kind != FlowKind::kEquity || f.from != investor || f.to != vehicle) {
        v.push_back(name + "flow " + describe(r, f) + " is not from " + q.investor + " to " +
                    q.vehicle);
        continue;
      }
      moved += f.amount;
    }
    if (!close(moved, q.called.value(), 1e-9)) {
      v.push_back(name + "called " + num(q.called.value()) + ", its flows move " + num(moved));
    }
    if (!at_most(moved, q.amount.value(), 1e-9)) {
      v.push_back(name + "called " + num(moved) + " > the commitment " + num(q.amount.value()));
    }
    if (!q.honoured && moved != 0.0) {
      v.push_back(name + "not honoured, but provided " + num(moved));
    }
    by_vehicle[q.vehicle] += q.called.value();
  }
  for (const VehicleMoney& vm : r.vehicles) {
    if (!close(vm.equity_called.value(), by_vehicle[vm.id], 1e-9)) {
      v.push_back(vm.id + ": equity called " + num(vm.equity_called.value()) +
                  ", its commitments add up to " + num(by_vehicle[vm.id]));
    }
  }
  return v;
}

// Debt (MODEL.md §3): after every step, a facility's debt drawn (its draw
// flows, capitalised interest included) is within its size and, when it has
// max_debt_to_capex, within cap × (capex paid by its borrower + funding the
// borrower provided); at the end, drawn, repaid and the balance agree with
// the flows.
inline Violations check_debt(const GeneratedScenario& g, const Results& r) {
  Violations v;
  struct Facility {
    const DebtResult* result;
    std::int32_t purpose, borrower;
    std::optional<double> cap;
    double drawn = 0.0, repaid = 0.0;
  };
  std::vector<Facility> facilities;
  for (const DebtResult& d : r.debt) {
    Facility f{&d, purpose_index(r, "debt." + d.id), party_index(r, d.borrower), std::nullopt};
    for (const GeneratedFacility& gf : g.facilities) {
      if (gf.id == d.id) f.cap = gf.cap;
    }
    facilities.push_back(f);
  }
  std::vector<double> base(r.parties.size(), 0.0);  // capex paid + funding provided
  auto check = [&](const std::string& when) {
    for (const Facility& f : facilities) {
      if (v.size() >= 10) return;
      const std::string name = "debt." + f.result->id + " " + when + ": ";
      if (!at_most(f.drawn, f.result->size.value(), 1e-9)) {
        v.push_back(name + "drawn " + num(f.drawn) + " > size " + num(f.result->size.value()));
      }
      if (f.cap && f.borrower >= 0) {
        const double allowed = *f.cap * base[static_cast<size_t>(f.borrower)];
        if (!at_most(f.drawn, allowed, 1e-9)) {
          v.push_back(name + "drawn " + num(f.drawn) + " > max_debt_to_capex " + num(*f.cap) +
                      " × (capex paid + funding provided) " +
                      num(base[static_cast<size_t>(f.borrower)]) + " = " + num(allowed));
        }
      }
    }
  };
  walk_steps(
      r, v,
      [&](const LedgerFlow& f) {
        if (f.from >= 0 && (f.kind == FlowKind::kConstruction || f.kind == FlowKind::kChips ||
                            f.kind == FlowKind::kFunding)) {
          base[static_cast<size_t>(f.from)] += f.amount;
        }
        for (Facility& fa : facilities) {
          if (f.purpose != fa.purpose) continue;
          if (f.kind == FlowKind::kDebtDraw) fa.drawn += f.amount;
          if (f.kind == FlowKind::kPrincipal) fa.repaid += f.amount;
        }
      },
      [&](std::int32_t k) { check("after " + at_step(r, k)); });
  check("at the end");
  for (const Facility& f : facilities) {
    const DebtResult& d = *f.result;
    // The balance is a difference of sums: rounding is relative to them.
    const double scale = std::max({1.0, f.drawn, f.repaid});
    if (!close(d.drawn.value(), f.drawn, 1e-9) || !close(d.repaid.value(), f.repaid, 1e-9) ||
        std::fabs(d.balance_end.value() - (f.drawn - f.repaid)) > 1e-9 * scale) {
      v.push_back("debt." + d.id + ": drawn " + num(d.drawn.value()) + ", repaid " +
                  num(d.repaid.value()) + ", balance " + num(d.balance_end.value()) +
                  "; its flows draw " + num(f.drawn) + " and repay " + num(f.repaid));
    }
    if (d.balance_end.value() < -1e-6 * std::max(1.0, f.drawn)) {
      v.push_back("debt." + d.id + ": balance at the end " + num(d.balance_end.value()) +
                  " below zero (repaid more than drawn)");
    }
  }
  return v;
}

// Capex (MODEL.md §1, §3): what a phase's payer pays for it (its flows) is
// what the phase spent, never more than its capex less what was sunk before
// the start; an order's flows are what it paid; an enforced program budget
// caps the program's capex; a developer with a capex budget pays no more
// capex in a calendar year than the budget.
inline Violations check_capex_paid(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (const PhaseResult& p : r.phases) {
    const std::string name = "phase " + p.site + "." + p.id + ": ";
    const std::int32_t purpose = purpose_index(r, "sites." + p.site + ".phases." + p.id);
    const GeneratedPhase* gp = generated_phase(g, p);
    const std::int32_t payer = gp ? party_index(r, gp->payer) : -2;
    double paid = 0.0;
    for (const LedgerFlow& f : r.flows) {
      if (f.purpose != purpose || f.kind != FlowKind::kConstruction) continue;
      paid += f.amount;
      if (f.from != payer || f.to != -1) {
        v.push_back(name + "flow " + describe(r, f) + " is not from its payer " +
                    (gp ? gp->payer : "?") + " to contractors");
      }
    }
    if (!close(paid, p.spent.value(), 1e-9)) {
      v.push_back(name + "spent " + num(p.spent.value()) + ", its flows pay " + num(paid));
    }
    const double budget = p.capex.value() - p.spent_before_start.value();
    if (!at_most(paid, budget, 1e-9)) {
      v.push_back(name + "paid " + num(paid) + " > capex " + num(p.capex.value()) +
                  " − sunk before the start " + num(p.spent_before_start.value()));
    }
  }
  for (const OrderResult& o : r.orders) {
    const std::int32_t purpose = purpose_index(r, "orders." + o.id);
    double paid = 0.0;
    for (const LedgerFlow& f : r.flows) {
      if (f.purpose == purpose && f.kind == FlowKind::kChips) paid += f.amount;
    }
    if (!close(paid, o.paid.value(), 1e-9)) {
      v.push_back("order " + o.id + ": paid " + num(o.paid.value()) + ", its flows pay " +
                  num(paid));
    }
  }
  if (g.enforced_budget && !at_most(r.program.spent.value(), *g.enforced_budget, 1e-9)) {
    v.push_back("program: spent " + num(r.program.spent.value()) + " > its enforced budget " +
                num(*g.enforced_budget));
  }
  if (g.dev_capex_budget) {
    const std::int32_t dev = party_index(r, "dev");
    std::map<int, double> by_year;
    for (const LedgerFlow& f : r.flows) {
      if (f.from == dev && (f.kind == FlowKind::kConstruction || f.kind == FlowKind::kChips))
        by_year[f.date.year()] += f.amount;
    }
    for (const auto& [year, paid] : by_year) {
      if (!at_most(paid, *g.dev_capex_budget, 1e-9)) {
        v.push_back("dev: capex " + num(paid) + " in " + std::to_string(year) +
                    " > its capex_budget " + num(*g.dev_capex_budget));
      }
    }
  }
  return v;
}

// The physical invariants that hold whatever money does: all of checks.h's
// but the orders' delivery dates (a lot not paid is delivered late).
inline constexpr Check kPhysicalWithMoney[] = {
    check_power, check_power_waits, check_facility_load, check_accelerators, check_retirement,
    check_capex, check_dates,       check_capex_flows,   check_energy};

inline constexpr Check kMoney[] = {check_money_conserved, check_flows_valid, check_equity,
                                   check_debt, check_capex_paid};

inline Violations check_money(const GeneratedScenario& g, const Results& r) {
  Violations v;
  for (Check check : kMoney) {
    for (std::string& s : check(g, r)) v.push_back(std::move(s));
  }
  return v;
}

}  // namespace stargate::testing

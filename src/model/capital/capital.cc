#include "model/capital/capital.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/finance.h"

namespace stargate {
namespace {

constexpr double kDaysPerYear = 365.0;  // actual/365 (MODEL.md §1)
// Amounts below a thousandth of a cent are rounding, not money.
constexpr double kCent = 1e-5;

int months_in(Period p) {
  switch (p) {
    case Period::kMonthly:
      return 1;
    case Period::kQuarterly:
      return 3;
    case Period::kAnnual:
      return 12;
    case Period::kNever:
      return 0;
  }
  return 0;
}

// The first start of a `p` period (calendar months 1, 4, 7, 10 for quarters;
// January for years) strictly after `d`.
Date period_start_after(Period p, Date d) {
  const int m = months_in(p);
  Date next = d.next_month_start();
  while ((next.month() - 1) % m != 0) next = next.add_months(1);
  return next;
}

}  // namespace

double Asset::book_value(Date d) const {
  if (d <= in_service) return cost;
  const double used = static_cast<double>(d - in_service) / life_days;
  return cost * std::max(0.0, 1.0 - used);
}

double Asset::depreciation(Date a, Date b) const {
  const Date from = std::max(a, in_service), to = std::min(b, in_service + life_days);
  return to > from ? cost * static_cast<double>(to - from) / life_days : 0.0;
}

CapitalModel::CapitalModel(CapitalPlan plan, const Calendar& calendar)
    : plan_(std::move(plan)),
      calendar_(calendar),
      ledger_(plan_.entities.size()),
      payers_(plan_.entities.size()),
      facilities_(plan_.facilities.size()),
      called_(plan_.commitments.size(), 0.0),
      opex_rate_(plan_.opex_lines.size(), 0.0),
      opex_accrued_(plan_.opex_lines.size(), 0.0),
      revenue_accrued_(plan_.revenues.size(), 0.0),
      payables_(plan_.entities.size()),
      dry_(plan_.entities.size(), 0),
      gap_step_(plan_.entities.size(), 0.0),
      equity_step_(plan_.entities.size(), 0.0),
      debt_step_(plan_.entities.size(), 0.0) {
  for (const std::string& p : plan_.purposes) ledger_.add_purpose(p);
  for (const CommitmentPlan& c : plan_.commitments) {
    call_done_.emplace_back(c.calls.size(), 0);
    purpose_commitment_.push_back(ledger_.add_purpose("equity." + c.id));
  }
  for (const FacilityPlan& f : plan_.facilities)
    purpose_facility_.push_back(ledger_.add_purpose("debt." + f.id));
  for (const RevenuePlan& r : plan_.revenues)
    purpose_revenue_.push_back(ledger_.add_purpose("revenue." + r.id));
  purpose_opening_ = ledger_.add_purpose("opening cash");
  purpose_tax_ = ledger_.add_purpose("corporate tax");
  purpose_distribution_ = ledger_.add_purpose("distribution to owners");
  purpose_funding_ = ledger_.add_purpose("funding");
}

void CapitalModel::begin() {
  const Date d0 = calendar_.begin(0);
  for (size_t e = 0; e < plan_.entities.size(); ++e) {
    ledger_.open(static_cast<std::int32_t>(e), plan_.entities[e].cash, d0, purpose_opening_);
    payers_[e].tax_year = d0.year();
    payers_[e].budget_year = d0.year();
  }
  for (size_t f = 0; f < plan_.facilities.size(); ++f) {
    facilities_[f].next_payment =
        period_start_after(plan_.facilities[f].payments, plan_.facilities[f].available);
  }
  accrued_to_ = d0;
  next_month_ = d0.next_month_start();
}

void CapitalModel::accrue(Date to) {
  const double days = to - accrued_to_;
  if (days <= 0) return;
  for (size_t i = 0; i < opex_rate_.size(); ++i) opex_accrued_[i] += opex_rate_[i] * days;
  for (size_t r = 0; r < plan_.revenues.size(); ++r) {
    const RevenuePlan& rp = plan_.revenues[r];
    const Date from = std::max(accrued_to_, rp.start), until = std::min(to, rp.end);
    if (until > from) revenue_accrued_[r] += rp.per_year * (until - from) / kDaysPerYear;
  }
  for (size_t f = 0; f < facilities_.size(); ++f) {
    const FacilityPlan& fp = plan_.facilities[f];
    FacilityState& fs = facilities_[f];
    fs.accrued_interest += fs.balance * fp.rate * days / kDaysPerYear;
    // The commitment fee runs on the undrawn amount during the draw period.
    const Date from = std::max(accrued_to_, fp.available), until = std::min(to, fp.draw_end);
    if (until > from)
      fs.accrued_fee += (fp.size - fs.drawn) * fp.fee * (until - from) / kDaysPerYear;
  }
  accrued_to_ = to;
}

std::size_t CapitalModel::add_opex_line(std::int32_t payer, std::int32_t payee, FlowKind kind,
                                        std::string purpose) {
  plan_.opex_lines.push_back(OpexLine{payer, payee, kind, ledger_.add_purpose(std::move(purpose))});
  opex_rate_.push_back(0.0);
  opex_accrued_.push_back(0.0);
  return plan_.opex_lines.size() - 1;
}

void CapitalModel::owe(std::int32_t e, const Payable& p) {
  if (p.amount <= kCent) return;
  // Arrears of one kind to one payee for one purpose are one debt: a payer
  // in default does not carry a growing list of monthly bills.
  for (Payable& q : payables_[static_cast<size_t>(e)]) {
    if (q.kind == p.kind && q.payee == p.payee && q.purpose == p.purpose && q.use == p.use &&
        q.facility == p.facility) {
      q.amount += p.amount;
      return;
    }
  }
  payables_[static_cast<size_t>(e)].push_back(p);
}

void CapitalModel::settle(Date on, bool final) {
  // Opex lines and revenue settle monthly.
  for (size_t i = 0; i < opex_accrued_.size(); ++i) {
    const OpexLine& line = plan_.opex_lines[i];
    const double amount = opex_accrued_[i];
    opex_accrued_[i] = 0.0;
    if (amount <= 0.0) continue;
    VehicleState& ps = payers_[static_cast<size_t>(line.payer)];
    ps.year_opex += amount;
    ps.cfads_since_test -= amount;
    if (line.payee != kExternal) {
      VehicleState& rs = payers_[static_cast<size_t>(line.payee)];
      rs.year_revenue += amount;
      rs.cfads_since_test += amount;
    }
    owe(line.payer, Payable{amount, line.kind, line.payee, line.purpose, 1, -1});
  }
  for (size_t r = 0; r < revenue_accrued_.size(); ++r) {
    const RevenuePlan& rp = plan_.revenues[r];
    const double amount = revenue_accrued_[r];
    revenue_accrued_[r] = 0.0;
    if (amount <= 0.0) continue;
    VehicleState& rs = payers_[static_cast<size_t>(rp.entity)];
    rs.year_revenue += amount;
    rs.cfads_since_test += amount;
    if (rp.payer == kExternal) {
      ledger_.move(on, kExternal, rp.entity, FlowKind::kRevenue, amount, purpose_revenue_[r]);
    } else {
      VehicleState& ps = payers_[static_cast<size_t>(rp.payer)];
      ps.year_opex += amount;
      ps.cfads_since_test -= amount;
      owe(rp.payer, Payable{amount, FlowKind::kRevenue, rp.entity, purpose_revenue_[r], 1, -1});
    }
  }
  // Facilities due, then each borrower's covenant test: the cash flow since
  // its last payment date over all the debt service due on this date (one
  // test per borrower, so a second facility does not see the cash flow
  // the first one's test consumed).
  std::vector<CovenantTest> tests(payers_.size());
  for (size_t f = 0; f < facilities_.size(); ++f) {
    if (final || on >= facilities_[f].next_payment)
      settle_facility(f, on, final, tests[static_cast<size_t>(plan_.facilities[f].borrower)]);
  }
  for (size_t e = 0; e < payers_.size(); ++e) {
    const CovenantTest& t = tests[e];
    VehicleState& bs = payers_[e];
    if (t.service > kCent) {
      const double dscr = bs.cfads_since_test / t.service;
      if (!bs.min_dscr || dscr < *bs.min_dscr) {
        bs.min_dscr = dscr;
        bs.min_dscr_date = on;
      }
      if (t.min_dscr) {
        bs.in_breach = dscr < *t.min_dscr;
        if (bs.in_breach && !bs.first_breach) bs.first_breach = on;
      }
    }
    if (t.settled) bs.cfads_since_test = 0.0;
  }
  settle_taxes(on, final);
}

void CapitalModel::draw(std::size_t f, double usd, Date d) {
  const FacilityPlan& fp = plan_.facilities[f];
  ledger_.move(d, fp.lender, fp.borrower, FlowKind::kDebtDraw, usd, purpose_facility_[f]);
  facilities_[f].balance += usd;
  facilities_[f].drawn += usd;
}

void CapitalModel::repay(std::size_t f, double usd, Date d) {
  const FacilityPlan& fp = plan_.facilities[f];
  ledger_.move(d, fp.borrower, fp.lender, FlowKind::kPrincipal, usd, purpose_facility_[f]);
  facilities_[f].balance -= usd;
  facilities_[f].repaid += usd;
}

void CapitalModel::settle_facility(std::size_t f, Date on, bool final, CovenantTest& test) {
  const FacilityPlan& fp = plan_.facilities[f];
  FacilityState& fs = facilities_[f];
  VehicleState& bs = payers_[static_cast<size_t>(fp.borrower)];
  const std::int32_t purpose = purpose_facility_[f];
  const double interest = fs.accrued_interest, fee = fs.accrued_fee;
  fs.accrued_interest = fs.accrued_fee = 0.0;
  fs.interest_total += interest;
  fs.fees_total += fee;
  bs.year_interest += interest + fee;
  const bool drawing = on <= fp.draw_end;
  // In the draw period, interest is capitalised while the facility has room:
  // a draw and an interest payment that cancel in cash.
  double cash_interest = interest;
  if (drawing && fp.capitalise && interest > 0.0) {
    // Within the size and the cap: capitalised interest is debt drawn, and
    // it adds nothing to the capex the cap is a share of.
    double room = fp.size - fs.drawn;
    if (fp.cap) room = std::min(room, *fp.cap * (bs.capex_paid + bs.funding_provided) - fs.drawn);
    const double capitalised = std::min(interest, std::max(0.0, room));
    if (capitalised > 0.0) {
      draw(f, capitalised, on);
      ledger_.move(on, fp.borrower, fp.lender, FlowKind::kInterest, capitalised, purpose);
      debt_step_[static_cast<size_t>(fp.borrower)] += capitalised;
      cash_interest -= capitalised;
    }
  }
  owe(fp.borrower, Payable{cash_interest, FlowKind::kInterest, fp.lender, purpose, 2, -1});
  owe(fp.borrower, Payable{fee, FlowKind::kCommitmentFee, fp.lender, purpose, 2, -1});

  // Principal, from the end of the draw period to maturity, on what is not
  // already owed (principal in arrears is still part of the balance).
  double principal = 0.0;
  const double outstanding = fs.balance - fs.principal_owed;
  if (on > fp.draw_end && outstanding > kCent) {
    const int per_year = 12 / months_in(fp.payments);
    const double period_rate = fp.rate / per_year;
    if (on >= fp.maturity || final) {
      principal = on >= fp.maturity ? outstanding : 0.0;
    } else if (fp.repayment == Repayment::kAnnuity) {
      if (!fs.repaying) {
        // Payments from here to maturity, one per period, the one on the
        // maturity date included.
        int n = 0;
        for (Date d = on; d <= fp.maturity; d = d.add_months(months_in(fp.payments))) ++n;
        fs.level_payment = -pmt(period_rate, std::max(1, n), outstanding);
      }
      principal =
          std::min(outstanding, std::max(0.0, fs.level_payment - outstanding * period_rate));
    } else if (fp.repayment == Repayment::kSculpted) {
      principal = std::min(outstanding,
                           std::max(0.0, bs.cfads_since_test / fp.target_dscr - interest - fee));
    }
    fs.repaying = true;
    // Its debt service joins the borrower's covenant test at this date.
    const double service = interest + fee + principal;
    if (service > kCent && !final) {
      test.service += service;
      if (fp.min_dscr) test.min_dscr = std::max(test.min_dscr.value_or(0.0), *fp.min_dscr);
    }
  }
  // Each test covers the cash flow since the borrower's last payment date.
  test.settled = true;
  if (principal > kCent) {
    owe(fp.borrower, Payable{principal, FlowKind::kPrincipal, fp.lender, purpose, 2,
                             static_cast<std::int32_t>(f)});
    fs.principal_owed += principal;
  }
  fs.next_payment = period_start_after(fp.payments, on);
}

void CapitalModel::settle_taxes(Date on, bool final) {
  for (size_t e = 0; e < payers_.size(); ++e) {
    VehicleState& ps = payers_[e];
    if (!(final || on.year() > ps.tax_year)) continue;
    const Date year_start = Date::from_ymd(ps.tax_year, 1, 1);
    // The final settlement is dated the last day, which it includes.
    const Date year_end = final ? on + 1 : Date::from_ymd(ps.tax_year + 1, 1, 1);
    double depreciation = 0.0;
    for (const Asset& a : assets_) {
      if (a.owner == static_cast<std::int32_t>(e))
        depreciation += a.depreciation(year_start, year_end);
    }
    const double ebitda = ps.year_revenue - ps.year_opex;
    const double taxable = ebitda - ps.year_interest - depreciation;
    const double rate = plan_.entities[e].tax_rate;
    if (rate > 0.0 && taxable > 0.0) {
      const double tax = rate * taxable;
      ps.cfads_since_test -= tax;
      owe(static_cast<std::int32_t>(e),
          Payable{tax, FlowKind::kTax, kExternal, purpose_tax_, 1, -1});
    }
    ps.last_ebitda = ebitda;
    ps.year_revenue = ps.year_opex = ps.year_interest = 0.0;
    ps.tax_year = on.year();
  }
}

void CapitalModel::clear_step() {
  std::fill(gap_step_.begin(), gap_step_.end(), 0.0);
  std::fill(equity_step_.begin(), equity_step_.end(), 0.0);
  std::fill(debt_step_.begin(), debt_step_.end(), 0.0);
}

void CapitalModel::begin_step(std::int32_t k) {
  const Date d = calendar_.begin(k);
  // A payer found dry stays dry until money can arrive: a month's
  // settlement (revenue), or a commitment or facility opening.
  bool money_may_arrive = d >= next_month_;
  for (const CommitmentPlan& cp : plan_.commitments) {
    money_may_arrive =
        money_may_arrive || (cp.available_from > accrued_to_ && cp.available_from <= d);
  }
  for (const FacilityPlan& fp : plan_.facilities) {
    money_may_arrive = money_may_arrive || (fp.available > accrued_to_ && fp.available <= d);
  }
  if (money_may_arrive) std::fill(dry_.begin(), dry_.end(), 0);
  accrue(d);
  clear_step();
  if (d >= next_month_) {
    settle(d, false);
    next_month_ = d.next_month_start();
  }
}

double CapitalModel::call_equity(std::int32_t v, double amount, Date d) {
  // Pro rata to each honoured, available commitment's undrawn remainder.
  double room = 0.0;
  for (size_t c = 0; c < plan_.commitments.size(); ++c) {
    const CommitmentPlan& cp = plan_.commitments[c];
    if (cp.vehicle == v && cp.on_call && cp.honoured && d >= cp.available_from)
      room += cp.amount - called_[c];
  }
  if (room <= kCent || amount <= 0.0) return 0.0;
  const double take = std::min(amount, room);
  double got = 0.0;
  for (size_t c = 0; c < plan_.commitments.size(); ++c) {
    const CommitmentPlan& cp = plan_.commitments[c];
    if (!(cp.vehicle == v && cp.on_call && cp.honoured && d >= cp.available_from)) continue;
    const double undrawn = cp.amount - called_[c];
    if (undrawn <= 0.0) continue;
    double part = take * undrawn / room;
    // An investor that is itself cash-limited pays what it has.
    const EntityPlan& investor = plan_.entities[static_cast<size_t>(cp.investor)];
    if (investor.kind != PayerKind::kUnlimited)
      part = std::min(part, std::max(0.0, ledger_.cash(cp.investor)));
    if (part <= 0.0) continue;
    ledger_.move(d, cp.investor, v, FlowKind::kEquity, part, purpose_commitment_[c]);
    called_[c] += part;
    got += part;
  }
  equity_step_[static_cast<size_t>(v)] += got;
  return got;
}

double CapitalModel::draw_debt(std::int32_t v, double amount, Date d, double capex_now) {
  double got = 0.0;
  const VehicleState& vs = payers_[static_cast<size_t>(v)];
  // Facilities in order of priority; pro rata to their room within one.
  std::vector<std::int32_t> priorities;
  for (const FacilityPlan& fp : plan_.facilities) {
    if (fp.borrower == v) priorities.push_back(fp.priority);
  }
  std::sort(priorities.begin(), priorities.end());
  priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
  for (std::int32_t pr : priorities) {
    if (amount - got <= kCent) break;
    std::vector<std::pair<size_t, double>> rooms;
    double total_room = 0.0;
    for (size_t f = 0; f < plan_.facilities.size(); ++f) {
      const FacilityPlan& fp = plan_.facilities[f];
      const FacilityState& fs = facilities_[f];
      if (fp.borrower != v || fp.priority != pr || d < fp.available || d >= fp.draw_end) continue;
      double room = fp.size - fs.drawn;
      if (fp.cap) {
        // drawn + x ≤ cap × (capex paid before + capex paid now + x), both
        // counted after the draw: x ≤ (cap × (P + F) − drawn) / (1 − cap).
        const double base = vs.capex_paid + vs.funding_provided + capex_now + got;
        const double c = *fp.cap;
        room = std::min(room, c >= 1.0 ? room : (c * base - fs.drawn) / (1.0 - c));
      }
      if (room > kCent) {
        rooms.emplace_back(f, room);
        total_room += room;
      }
    }
    if (rooms.empty()) continue;
    const double take = std::min(amount - got, total_room);
    for (const auto& [f, room] : rooms) {
      const double part = take * room / total_room;
      draw(f, part, d);
      got += part;
    }
  }
  debt_step_[static_cast<size_t>(v)] += got;
  return got;
}

double CapitalModel::provide(std::int32_t v, double amount, Date d, bool for_capex) {
  const EntityPlan& ep = plan_.entities[static_cast<size_t>(v)];
  if (ep.funder < 0 || amount <= kCent) return 0.0;
  // The funder's own waterfall: what it owes comes before the request.
  pay_payables(ep.funder, d);
  VehicleState& fs = payers_[static_cast<size_t>(ep.funder)];
  if (fs.default_date) return 0.0;
  const double limit = ep.funding_limit - payers_[static_cast<size_t>(v)].funding_received;
  const double want = std::min(amount, limit);
  if (want <= kCent) return 0.0;
  // The funder raises it as capex of its own (so its debt cap counts it),
  // but with debt only for capex: opex is not funded by debt, not even by a
  // funder's.
  const double got = raise(ep.funder, want, d, for_capex);
  if (got <= 0.0) return 0.0;
  ledger_.move(d, ep.funder, v, FlowKind::kFunding, got, purpose_funding_);
  fs.funding_provided += got;
  payers_[static_cast<size_t>(v)].funding_received += got;
  return got;
}

double CapitalModel::raise(std::int32_t e, double amount, Date d, bool for_capex) {
  const EntityPlan& ep = plan_.entities[static_cast<size_t>(e)];
  if (ep.kind == PayerKind::kUnlimited) return amount;
  double have = std::max(0.0, ledger_.cash(e));
  if (ep.kind == PayerKind::kLimited) return std::min(amount, have);
  if (have < amount) have += call_equity(e, amount - have, d);
  if (for_capex && have < amount) have += draw_debt(e, amount - have, d, have);
  if (have < amount) have += provide(e, amount - have, d, for_capex);
  return std::min(amount, std::max(0.0, ledger_.cash(e)));
}

void CapitalModel::pay_payables(std::int32_t e, Date d) {
  std::vector<Payable>& list = payables_[static_cast<size_t>(e)];
  if (list.empty()) return;
  VehicleState& ps = payers_[static_cast<size_t>(e)];
  // No source gave anything: the rest stays owed, and is not asked again
  // until money may arrive (see begin_step).
  bool dry = dry_[static_cast<size_t>(e)] != 0;
  for (int use : {1, 2}) {
    // The money for one use is raised at once (one call on the investors, one
    // request to the funder), then paid out in the order the items are owed.
    double owed = 0.0;
    for (const Payable& p : list) {
      if (p.use == use && p.amount > kCent) owed += p.amount;
    }
    if (owed <= 0.0) continue;
    double left = dry ? 0.0 : raise(e, owed, d, /*for_capex=*/false);
    if (left <= 0.0) dry = true;
    if (left < owed - kCent) dry_[static_cast<size_t>(e)] = 1;
    for (Payable& p : list) {
      if (p.use != use || p.amount <= kCent) continue;
      const double paid = std::min(p.amount, left);
      left -= paid;
      if (paid > 0.0) {
        ledger_.move(d, e, p.payee, p.kind, paid, p.purpose);
        if (p.facility >= 0) {
          FacilityState& fs = facilities_[static_cast<size_t>(p.facility)];
          fs.balance -= paid;
          fs.principal_owed -= paid;
          fs.repaid += paid;
        }
        p.amount -= paid;
      }
      if (p.amount > kCent && !ps.default_date) ps.default_date = d;
    }
  }
  std::erase_if(list, [](const Payable& p) { return p.amount <= kCent; });
}

double CapitalModel::allocate(CapexRequests& requests, const std::vector<std::size_t>& items,
                              const std::vector<CapexOrder>& order, double funded, double wanted) {
  // By priority, pro rata within one. Amounts within a millionth of a dollar
  // per dollar wanted are rounding: funded is funded (a share a hair under 1
  // would pause construction for nothing). In a group that cannot be paid in
  // full, lots are paid whole, in order, while they fit; construction shares
  // the rest pro rata.
  const double slack = 1e-9 * std::max(1.0, wanted);
  double left = funded, spent = 0.0;
  for (size_t g = 0; g < items.size();) {
    size_t h = g;
    double group = 0.0;
    while (h < items.size() && order[items[h]].priority == order[items[g]].priority &&
           order[items[h]].start == order[items[g]].start) {
      group += requests.items[items[h]].amount.value();
      ++h;
    }
    if (group <= 0.0 || left >= group - slack) {
      for (size_t i = g; i < h; ++i) requests.funded_share[items[i]] = 1.0;
      left = std::max(0.0, left - group);
      spent += group;
      g = h;
      continue;
    }
    double construction = 0.0;
    for (size_t i = g; i < h; ++i) {
      const CapexRequest& req = requests.items[items[i]];
      if (req.kind != CapexKind::kChips) {
        construction += req.amount.value();
        continue;
      }
      const bool fits = req.amount.value() <= left + slack;
      requests.funded_share[items[i]] = fits ? 1.0 : 0.0;
      if (fits) {
        left = std::max(0.0, left - req.amount.value());
        spent += req.amount.value();
      }
    }
    const double share = construction > 0.0 ? std::clamp(left / construction, 0.0, 1.0) : 0.0;
    for (size_t i = g; i < h; ++i) {
      if (requests.items[items[i]].kind != CapexKind::kChips)
        requests.funded_share[items[i]] = share;
    }
    left = std::max(0.0, left - share * construction);
    spent += share * construction;
    g = h;
  }
  return spent;
}

void CapitalModel::save(Snapshot& s) const {
  // Assignment into the kept buffers reuses their memory: taken at every
  // step that funds a lot, a fresh copy would allocate a dozen vectors.
  s.cash = ledger_.balances();
  s.flows = ledger_.flows().size();
  s.called = called_;
  s.facilities = facilities_;
  s.payers = payers_;
  s.payables = payables_;
  s.equity_step = equity_step_;
  s.debt_step = debt_step_;
  s.dry = dry_;
}

void CapitalModel::restore(const Snapshot& s) {
  ledger_.rollback(s.flows, s.cash);
  called_ = s.called;
  facilities_ = s.facilities;
  payers_ = s.payers;
  payables_ = s.payables;
  equity_step_ = s.equity_step;
  debt_step_ = s.debt_step;
  dry_ = s.dry;
}

void CapitalModel::fund_capex(std::int32_t e, CapexRequests& requests,
                              std::vector<std::size_t>& items, const std::vector<CapexOrder>& order,
                              Date d) {
  const EntityPlan& ep = plan_.entities[static_cast<size_t>(e)];
  VehicleState& ps = payers_[static_cast<size_t>(e)];
  double wanted = 0.0;
  for (std::size_t i : items) wanted += requests.items[i].amount.value();
  if (wanted <= 0.0) {
    for (std::size_t i : items) requests.funded_share[i] = 1.0;
    return;
  }
  // What this payer may spend on capex in this step.
  double ceiling = wanted;
  if (ps.default_date) ceiling = 0.0;  // a payer in default funds no new capex
  if (ep.capex_budget) {
    if (d.year() != ps.budget_year) {
      ps.budget_year = d.year();
      ps.capex_this_year = 0.0;
    }
    ceiling = std::min(ceiling, std::max(0.0, *ep.capex_budget - ps.capex_this_year));
  }
  if (plan_.enforce_budget && plan_.program_budget &&
      plan_.program_vehicle[static_cast<size_t>(e)]) {
    ceiling = std::min(ceiling, std::max(0.0, *plan_.program_budget - program_capex_));
  }
  // By priority, then start; stable, and without the allocation of
  // std::stable_sort (a payer has a handful of requests a step).
  for (size_t i = 1; i < items.size(); ++i) {
    const std::size_t item = items[i];
    size_t j = i;
    while (j > 0 && std::tie(order[item].priority, order[item].start) <
                        std::tie(order[items[j - 1]].priority, order[items[j - 1]].start)) {
      items[j] = items[j - 1];
      --j;
    }
    items[j] = item;
  }
  // A vehicle raises money by moving it (equity calls, draws, funding). A
  // lot of accelerators is paid whole or not at all, so what it raised for a
  // lot it then cannot pay would sit idle (and a draw for it would break
  // max_debt_to_capex, which counts it as capex paid now): when that
  // happens, the raise is undone and only what is spent is raised.
  const bool lots = std::any_of(items.begin(), items.end(), [&](std::size_t i) {
    return requests.items[i].kind == CapexKind::kChips;
  });
  const bool saved = lots && ep.kind == PayerKind::kVehicle && ceiling > 0.0;
  if (saved) save(before_);
  double funded = ceiling > 0.0 ? raise(e, ceiling, d, /*for_capex=*/true) : 0.0;
  double spent = allocate(requests, items, order, funded, wanted);
  const double slack = 1e-9 * std::max(1.0, wanted);
  if (saved && spent < funded - slack) {
    restore(before_);
    funded = spent > 0.0 ? raise(e, spent, d, /*for_capex=*/true) : 0.0;
    spent = allocate(requests, items, order, funded, wanted);
  }
  double paid_total = 0.0;
  for (std::size_t i : items) {
    const CapexRequest& req = requests.items[i];
    const double paid = req.amount.value() * requests.funded_share[i];
    if (paid <= 0.0) continue;
    ledger_.move(d, e, kExternal,
                 req.kind == CapexKind::kConstruction ? FlowKind::kConstruction : FlowKind::kChips,
                 paid, req.purpose);
    paid_total += paid;
  }
  ps.capex_paid += paid_total;
  ps.capex_this_year += paid_total;
  if (plan_.program_vehicle[static_cast<size_t>(e)]) program_capex_ += paid_total;
  const double gap = wanted - paid_total;
  gap_step_[static_cast<size_t>(e)] += gap;
  if (gap > kCent) ps.deferred_since_distribution = true;
}

void CapitalModel::fund(std::int32_t k, CapexRequests& requests,
                        const std::vector<CapexOrder>& order) {
  const Date d = calendar_.begin(k), e = calendar_.end(k);
  requests.funded_share.assign(requests.items.size(), 0.0);
  // Scheduled equity calls dated in this step.
  for (size_t c = 0; c < plan_.commitments.size(); ++c) {
    const CommitmentPlan& cp = plan_.commitments[c];
    for (size_t i = 0; i < cp.calls.size(); ++i) {
      if (call_done_[c][i] || cp.calls[i].first >= e) continue;
      call_done_[c][i] = 1;
      if (!cp.honoured) continue;
      double amount = cp.calls[i].second;
      const EntityPlan& investor = plan_.entities[static_cast<size_t>(cp.investor)];
      if (investor.kind != PayerKind::kUnlimited)
        amount = std::min(amount, std::max(0.0, ledger_.cash(cp.investor)));
      ledger_.move(std::max(cp.calls[i].first, d), cp.investor, cp.vehicle, FlowKind::kEquity,
                   amount, purpose_commitment_[c]);
      called_[c] += amount;
      equity_step_[static_cast<size_t>(cp.vehicle)] += amount;
      // Money arrived: a payer found dry may pay now (this vehicle, or one
      // it funds).
      if (amount > 0.0) std::fill(dry_.begin(), dry_.end(), 0);
    }
  }
  // Each payer: what it owes first, then its capex.
  by_payer_.resize(plan_.entities.size());
  for (std::vector<std::size_t>& items : by_payer_) items.clear();
  for (size_t i = 0; i < requests.items.size(); ++i) {
    by_payer_[static_cast<size_t>(requests.items[i].payer)].push_back(i);
  }
  for (size_t p = 0; p < plan_.entities.size(); ++p) {
    pay_payables(static_cast<std::int32_t>(p), d);
    if (!by_payer_[p].empty())
      fund_capex(static_cast<std::int32_t>(p), requests, by_payer_[p], order, d);
  }
}

bool CapitalModel::period_start(Period p, Date d, Date e) const {
  const int m = months_in(p);
  if (m == 0) return false;
  // The step in which a period begins: its first day falls in [d, e).
  const CivilDate c = d.civil();
  if (c.day == 1 && (c.month - 1) % m == 0) return true;
  if (e - d <= 1) return false;  // a one-day step that does not begin one
  return period_start_after(p, d) < e;
}

void CapitalModel::distribute(std::int32_t v, Date d) {
  const EntityPlan& ep = plan_.entities[static_cast<size_t>(v)];
  VehicleState& vs = payers_[static_cast<size_t>(v)];
  if (vs.default_date || !payables_[static_cast<size_t>(v)].empty()) return;
  // Not while it is raising money for capex, nor when it deferred capex in
  // any step since the last distribution date: cash it was short of for its
  // capex is no surplus, whatever the step length.
  const size_t vi = static_cast<size_t>(v);
  if (vs.deferred_since_distribution || equity_step_[vi] > kCent || debt_step_[vi] > kCent) return;
  double surplus = ledger_.cash(v) - ep.reserve;
  if (surplus <= kCent) return;
  if (vs.in_breach) {
    // Cash sweep: the surplus prepays debt, pro rata to the balances.
    const double owed = debt_balance(v);
    const double pay = std::min(surplus, owed);
    if (pay > kCent) {
      for (size_t f = 0; f < facilities_.size(); ++f) {
        if (plan_.facilities[f].borrower != v || facilities_[f].balance <= 0.0) continue;
        repay(f, pay * facilities_[f].balance / owed, d);
      }
      surplus -= pay;
    }
    // Once the debt is repaid, nothing is left to sweep to: the rest goes
    // to the owners.
    if (surplus <= kCent) return;
  }
  if (ep.owners.empty()) return;
  for (const auto& [owner, share] : ep.owners) {
    ledger_.move(d, v, owner, FlowKind::kDistribution, surplus * share, purpose_distribution_);
  }
}

void CapitalModel::end_step(std::int32_t k) {
  const Date e = calendar_.end(k);
  accrue(e);
  const Date d = calendar_.begin(k);
  for (size_t v = 0; v < plan_.entities.size(); ++v) {
    const EntityPlan& ep = plan_.entities[v];
    if (ep.kind == PayerKind::kVehicle && period_start(ep.distributions, d, e)) {
      distribute(static_cast<std::int32_t>(v), d);
      payers_[v].deferred_since_distribution = false;
    }
  }
}

void CapitalModel::finish() {
  const Date end = calendar_.end(calendar_.steps() - 1);
  accrue(end);
  const Date last = end - 1;
  settle(last, /*final=*/true);
  for (size_t p = 0; p < plan_.entities.size(); ++p)
    pay_payables(static_cast<std::int32_t>(p), last);
}

std::int32_t CapitalModel::next_event_step(std::int32_t k) const {
  std::int32_t next = calendar_.steps();
  const bool anything = !plan_.opex_lines.empty() || !plan_.revenues.empty() ||
                        !plan_.facilities.empty() || !plan_.commitments.empty();
  if (anything) next = std::min(next, calendar_.first_step_from(next_month_));
  for (size_t c = 0; c < plan_.commitments.size(); ++c) {
    const CommitmentPlan& cp = plan_.commitments[c];
    for (size_t i = 0; i < cp.calls.size(); ++i) {
      if (!call_done_[c][i]) next = std::min(next, calendar_.step_of(cp.calls[i].first));
    }
  }
  // Money becomes available when a commitment or a facility opens; what is
  // owed and unpaid (arrears, deferred capex) is asked again at every step
  // that is processed, and at least each month, not every day.
  const Date after = calendar_.end(k);
  for (const CommitmentPlan& cp : plan_.commitments) {
    if (cp.available_from >= after) next = std::min(next, calendar_.step_of(cp.available_from));
  }
  for (const FacilityPlan& fp : plan_.facilities) {
    if (fp.available >= after) next = std::min(next, calendar_.step_of(fp.available));
  }
  return std::max(next, k + 1);
}

double CapitalModel::debt_balance(std::int32_t e) const {
  double sum = 0.0;
  for (size_t f = 0; f < facilities_.size(); ++f) {
    if (plan_.facilities[f].borrower == e) sum += facilities_[f].balance;
  }
  return sum;
}

double CapitalModel::book_value(std::int32_t e, Date d) const {
  double sum = 0.0;
  for (const Asset& a : assets_) {
    if (a.owner == e) sum += a.book_value(d);
  }
  return sum;
}

double CapitalModel::arrears(std::int32_t e) const {
  double sum = 0.0;
  for (const Payable& p : payables_[static_cast<size_t>(e)]) sum += p.amount;
  return sum;
}

}  // namespace stargate

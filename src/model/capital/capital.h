// src/model/capital/capital.h
//
// Capital and cash: who pays, whether it is funded, and what it earns
// (MODEL.md §3).
//
// What is modelled:
//  - Payers. A vehicle pays through its waterfall. Any other entity pays from
//    its balance sheet: without limit, unless it has `cash` (then only what
//    it has) or a `capex_budget` (then at most that much capex a calendar
//    year); what it cannot pay is deferred like a vehicle's.
//  - The waterfall, per payer, per step. Uses in order: (1) opex and revenue
//    it owes, (2) interest, fees and principal due, (3) capex, by priority
//    (lowest first; default earliest start first), pro rata within one.
//    Sources in order: cash on hand (revenue received is cash), equity calls
//    pro rata to each honoured, available commitment's undrawn remainder,
//    debt draws (capex only: within size, draw period and max_debt_to_capex,
//    by facility priority), then its funder vehicle, which runs the same
//    waterfall for the request in the same step (its own (1) and (2) first;
//    its debt, too, only for capex).
//    If (1) or (2) cannot be paid, the payer is in default from that date:
//    no new capex, arrears.
//  - Deferral: unfunded capex is not lost; the build-out and fleet ask again.
//    Construction may be paid in part; a lot of accelerators is paid whole
//    or not at all (in a priority group that cannot be paid in full, lots
//    that fit are paid in order, construction shares the rest), and a
//    vehicle raises only what it then pays.
//  - Accruals: opex, revenue, interest and fees accrue daily (actual/365) at
//    rates that change only at processed steps, and are settled at the first
//    step of each month (interest and fees at each facility's payment
//    period). During its draw period a facility capitalises interest (a draw
//    and an interest payment that cancel in cash) while it has room within
//    its size and its max_debt_to_capex; the rest is paid in cash.
//  - Repayment after the draw period until maturity: level annuity (one
//    payment per period from the first payment date after the draw period
//    to maturity, the maturity date included), bullet, or sculpted to the
//    cash flow realised in each period (debt service = CFADS ÷ target DSCR,
//    the rest at maturity). A covenant test at each payment date compares a
//    borrower's CFADS since its last payment date with all its debt service
//    due on the date; below min_dscr it is in breach: surplus cash sweeps to
//    prepay until a test passes (what is left once the debt is repaid goes
//    to the owners).
//  - Distributions of cash above the reserve to owners by share, each
//    period, unless in default, owing, raising money in the step, or having
//    deferred capex since the last distribution date.
//  - Taxes: tax_rate × positive taxable income of each calendar year
//    (revenue − opex − interest − depreciation), paid in January (or at the
//    end of the horizon); no loss carry-forward.
//
// Known limits: no dilution (owners keep their declared shares whoever
// paid), no interest on cash, one funder per vehicle, opex cannot be funded
// by debt.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "model/capex.h"
#include "model/capital/ledger.h"
#include "scenario/spec.h"

namespace stargate {

enum class PayerKind { kVehicle, kLimited, kUnlimited };

struct EntityPlan {
  std::string id;
  PayerKind kind = PayerKind::kUnlimited;
  double cash = 0.0;
  std::optional<double> capex_budget;  // per calendar year
  std::vector<std::pair<std::int32_t, double>> owners;
  double reserve = 0.0;
  double tax_rate = 0.0;
  Period distributions = Period::kQuarterly;
  std::int32_t funder = -1;
  double funding_limit = std::numeric_limits<double>::infinity();
};

struct CommitmentPlan {
  std::string id;
  std::int32_t investor = 0;
  std::int32_t vehicle = 0;
  double amount = 0.0;
  bool honoured = true;
  bool on_call = true;
  Date available_from;
  std::vector<std::pair<Date, double>> calls;  // on_call = false
};

struct FacilityPlan {
  std::string id;
  std::int32_t lender = 0;
  std::int32_t borrower = 0;
  double size = 0.0;
  double rate = 0.0;  // annual
  double fee = 0.0;   // annual, on the undrawn amount in the draw period
  Date available;
  Date draw_end;
  Date maturity;
  Repayment repayment = Repayment::kAnnuity;
  double target_dscr = 1.0;
  Period payments = Period::kQuarterly;
  std::optional<double> cap;  // max debt to cumulative capex
  std::optional<double> min_dscr;
  bool capitalise = true;
  std::int32_t priority = 1;
};

struct RevenuePlan {
  std::string id;
  std::int32_t entity = 0;
  std::int32_t payer = kExternal;
  Date start;
  Date end;  // exclusive
  double per_year = 0.0;
};

// A running cost: `payer` pays `payee` usd_per_day, settled monthly.
struct OpexLine {
  std::int32_t payer = 0;
  std::int32_t payee = kExternal;
  FlowKind kind = FlowKind::kEnergy;
  std::int32_t purpose = 0;
};

struct CapitalPlan {
  // What flows pay for, registered first so these indices are the ledger's.
  std::vector<std::string> purposes;
  std::vector<EntityPlan> entities;
  std::vector<CommitmentPlan> commitments;
  std::vector<FacilityPlan> facilities;
  std::vector<RevenuePlan> revenues;
  std::vector<OpexLine> opex_lines;
  std::vector<char> program_vehicle;  // per entity
  std::optional<double> program_budget;
  bool enforce_budget = false;
};

// What a payer is owed by the capex it funds: its priority and start.
struct CapexOrder {
  std::int32_t priority = 0;
  Date start;
};

struct FacilityState {
  double balance = 0.0;
  double drawn = 0.0;  // all draws, including capitalised interest
  double accrued_interest = 0.0;
  double accrued_fee = 0.0;
  double interest_total = 0.0;
  double fees_total = 0.0;
  double repaid = 0.0;
  double principal_owed = 0.0;  // principal due and not yet paid (in arrears)
  Date next_payment;
  double level_payment = 0.0;  // annuity, fixed at the start of repayment
  bool repaying = false;
};

// The money state of one payer (every entity has one; vehicles use all of it).
struct VehicleState {
  double capex_paid = 0.0;        // cumulative, for max_debt_to_capex
  double funding_provided = 0.0;  // as a funder: counts as its capex for debt caps
  double funding_received = 0.0;  // as a funded vehicle: against the link's limit
  std::optional<Date> default_date;
  double arrears = 0.0;
  bool in_breach = false;
  std::optional<Date> first_breach;
  std::optional<double> min_dscr;
  std::optional<Date> min_dscr_date;
  double cfads_since_test = 0.0;  // revenue − opex − tax since the last covenant test
  bool deferred_since_distribution = false;  // capex deferred since the last distribution date
  double capex_this_year = 0.0;              // limited payers with a capex budget
  int budget_year = 0;
  // Taxable income of the current calendar year, and last year's EBITDA.
  double year_revenue = 0.0, year_opex = 0.0, year_interest = 0.0;
  int tax_year = 0;
  double last_ebitda = 0.0;
};

// A cost item in the asset register, for depreciation and book value.
struct Asset {
  std::int32_t owner = 0;
  double cost = 0.0;
  Date in_service;
  std::int32_t life_days = 1;
  std::int32_t site = -1;  // where it stands, or -1
  // Straight-line book value on `d` (zero from the end of its life on).
  double book_value(Date d) const;
  // Depreciation charged over [a, b).
  double depreciation(Date a, Date b) const;
};

class CapitalModel {
 public:
  CapitalModel(CapitalPlan plan, const Calendar& calendar);

  // Opening cash. Call once before the first step.
  void begin();
  // Accrues to step k's start at the rates in force, and makes due what
  // periods that ended by then owe.
  void begin_step(std::int32_t k);
  // The fund phase: pays what each payer owes (opex, revenue, debt service),
  // then decides the share of each capex request that is paid, recording
  // every flow. `order[i]` ranks requests.items[i] among its payer's capex.
  void fund(std::int32_t k, CapexRequests& requests, const std::vector<CapexOrder>& order);
  // The daily rate of an opex line, from the step's new state.
  void set_opex_rate(std::size_t line, double usd_per_day) { opex_rate_[line] = usd_per_day; }
  // Adds a running cost line (a capacity contract signed during the run) and
  // its purpose; returns the line's index for set_opex_rate.
  std::size_t add_opex_line(std::int32_t payer, std::int32_t payee, FlowKind kind,
                            std::string purpose);
  // Adds an asset in service (an online phase, installed accelerators).
  void add_asset(const Asset& a) { assets_.push_back(a); }
  // Accrues to step k's end; pays distributions (or sweeps) at period starts.
  void end_step(std::int32_t k);
  // Settles everything accrued by the end of the horizon (opex, revenue,
  // interest, the last year's taxes), so the ledger holds every cost. Its
  // flows are dated the last day; what it raises adds to the step values.
  void finish();
  // Zeroes the step values (gap_step, equity_step, debt_step); begin_step
  // does it, and so does the engine before finish() when the last step was
  // part of a quiet stretch.
  void clear_step();

  // The first step after k in which money moves by itself (a settlement, a
  // scheduled call, a facility date); steps() when nothing is left.
  std::int32_t next_event_step(std::int32_t k) const;

  const Ledger& ledger() const { return ledger_; }
  Ledger& ledger() { return ledger_; }
  const CapitalPlan& plan() const { return plan_; }
  const std::vector<FacilityState>& facilities() const { return facilities_; }
  const std::vector<VehicleState>& payers() const { return payers_; }
  const std::vector<Asset>& assets() const { return assets_; }
  double called(std::size_t commitment) const { return called_[commitment]; }
  // This step, per entity: capex wanted but not funded, equity received,
  // debt drawn (cleared at each begin_step).
  double gap_step(std::int32_t e) const { return gap_step_[static_cast<size_t>(e)]; }
  double equity_step(std::int32_t e) const { return equity_step_[static_cast<size_t>(e)]; }
  double debt_step(std::int32_t e) const { return debt_step_[static_cast<size_t>(e)]; }
  double debt_balance(std::int32_t e) const;
  double book_value(std::int32_t e, Date d) const;
  double arrears(std::int32_t e) const;

 private:
  // Something an entity owes and pays through its waterfall.
  struct Payable {
    double amount = 0.0;
    FlowKind kind = FlowKind::kEnergy;
    std::int32_t payee = kExternal;
    std::int32_t purpose = 0;
    int use = 1;                 // 1: opex and revenue owed; 2: debt service
    std::int32_t facility = -1;  // principal: the facility it repays
  };

  void accrue(Date to);
  void settle(Date on, bool final);
  // One borrower's covenant test on a payment date: the debt service due on
  // it (in repayment) and the strictest min_dscr among those facilities.
  struct CovenantTest {
    double service = 0.0;
    std::optional<double> min_dscr;
    bool settled = false;  // a facility of the borrower settled on the date
  };
  void settle_facility(std::size_t f, Date on, bool final, CovenantTest& test);
  void settle_taxes(Date on, bool final);
  void owe(std::int32_t e, const Payable& p);
  // Makes up to `amount` of cash available to `e` from its sources (equity,
  // debt when `for_capex`, its funder); returns what it can pay.
  double raise(std::int32_t e, double amount, Date d, bool for_capex);
  double call_equity(std::int32_t v, double amount, Date d);
  double draw_debt(std::int32_t v, double amount, Date d, double capex_now);
  double provide(std::int32_t v, double amount, Date d, bool for_capex);
  void pay_payables(std::int32_t e, Date d);
  void fund_capex(std::int32_t e, CapexRequests& requests, std::vector<std::size_t>& items,
                  const std::vector<CapexOrder>& order, Date d);
  // Sets the funded share of `items` (sorted by priority) from `funded`;
  // returns what they will pay in all.
  double allocate(CapexRequests& requests, const std::vector<std::size_t>& items,
                  const std::vector<CapexOrder>& order, double funded, double wanted);
  // The money state a raise can change, to undo it.
  struct Snapshot {
    std::vector<double> cash;
    std::size_t flows = 0;
    std::vector<double> called;
    std::vector<FacilityState> facilities;
    std::vector<VehicleState> payers;
    std::vector<std::vector<Payable>> payables;
    std::vector<double> equity_step, debt_step;
    std::vector<char> dry;
  };
  void save(Snapshot& s) const;
  void restore(const Snapshot& s);
  void distribute(std::int32_t v, Date d);
  bool period_start(Period p, Date d, Date e) const;
  // Lender → borrower on facility f: the ledger and the facility's balance.
  void draw(std::size_t f, double usd, Date d);
  // Borrower → lender on facility f, principal.
  void repay(std::size_t f, double usd, Date d);

  CapitalPlan plan_;
  const Calendar& calendar_;
  Ledger ledger_;
  std::vector<VehicleState> payers_;  // one per entity
  std::vector<FacilityState> facilities_;
  std::vector<double> called_;                  // per commitment
  std::vector<std::vector<char>> call_done_;    // scheduled calls paid (or skipped), per commitment
  std::vector<double> opex_rate_;               // per opex line, USD per day
  std::vector<double> opex_accrued_;            // per opex line
  std::vector<double> revenue_accrued_;         // per revenue plan
  std::vector<std::vector<Payable>> payables_;  // per entity
  std::vector<std::vector<std::size_t>> by_payer_;  // this step's requests per payer (reused)
  std::vector<char>
      dry_;  // per entity: could not pay what it owes; not asked again until money may arrive
  std::vector<Asset> assets_;
  Snapshot before_;  // fund_capex's rollback point, kept to reuse its memory
  std::vector<double> gap_step_, equity_step_, debt_step_;
  double program_capex_ = 0.0;
  Date accrued_to_;
  Date next_month_;
  std::vector<std::int32_t> purpose_commitment_, purpose_facility_, purpose_revenue_;
  std::int32_t purpose_opening_ = 0, purpose_tax_ = 0, purpose_distribution_ = 0,
               purpose_funding_ = 0;
};

}  // namespace stargate

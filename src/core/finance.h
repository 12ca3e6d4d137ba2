// src/core/finance.h
//
// Financial functions with spreadsheet names and sign conventions
// (LibreOffice Calc, Excel): money paid out is negative, money received is
// positive; rates are per period. tests/oracle/ checks them against
// LibreOffice Calc itself.
//
// Pure functions of their arguments; thread-safe; they throw nothing.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "stargate/units.h"

namespace stargate {

struct DatedFlow {
  Date date;
  double amount = 0.0;
};

// NPV(rate; values): the first value is discounted by one period.
double npv(double rate, std::span<const double> values);
// XNPV(rate; values; dates): each value discounted by (date − first date) / 365 years.
double xnpv(double rate, std::span<const DatedFlow> flows);
// IRR(values): the rate at which NPV of the values, the first undiscounted,
// is zero. std::nullopt when the values do not change sign or no root is found
// in (−99.99%, 1e4%).
std::optional<double> irr(std::span<const double> values, double guess = 0.1);
// XIRR(values; dates): the rate at which XNPV is zero.
std::optional<double> xirr(std::span<const DatedFlow> flows, double guess = 0.1);

// PMT(rate; nper; pv; fv; type): the level payment (negative for a positive
// pv) that repays pv (and reaches fv) over nper periods; type 1 pays at the
// start of each period.
double pmt(double rate, double nper, double pv, double fv = 0.0, bool at_start = false);
// IPMT / PPMT: the interest and principal parts of period `per` (1-based).
double ipmt(double rate, double per, double nper, double pv, double fv = 0.0,
            bool at_start = false);
double ppmt(double rate, double per, double nper, double pv, double fv = 0.0,
            bool at_start = false);

// One period of a repayment schedule, as positive amounts paid by the
// borrower.
struct Instalment {
  double interest = 0.0;
  double principal = 0.0;
  double balance = 0.0;  // after the payment
};

// Level annuity: equal payments (PMT) over `periods`.
std::vector<Instalment> amortise_level(double principal, double rate, int periods);
// Bullet: interest each period, all principal with the last.
std::vector<Instalment> amortise_bullet(double principal, double rate, int periods);
// Sculpted to cash flow: debt service in each period proportional to the cash
// flow available for it, DS_t = k × CFADS_t, with k = principal / NPV(rate;
// CFADS) so that the debt is repaid exactly by the last period; the DSCR is
// then 1/k in every period. REQUIRES: NPV(rate; CFADS) > 0.
std::vector<Instalment> amortise_sculpted(double principal, double rate,
                                          std::span<const double> cfads);

}  // namespace stargate

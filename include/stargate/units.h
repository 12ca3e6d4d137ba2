// include/stargate/units.h
//
// Quantities the compiler keeps apart. Each unit is its own type around a
// double in the unit's base (USD, MW, MWh, W, FLOP, FLOP/s, accelerators,
// hours, tonnes of CO2); adding MW to USD does not compile, and every
// conversion between units is an explicit function or operator below.
// Parsing human text ("1.2GW", "$3.4B") happens only in src/scenario/.
//
// Dates are civil days (proleptic Gregorian, no time zone). Durations keep the
// unit they were written in, because "18mo" means calendar months (add months,
// clamp to the month's end), not 547.5 days (MODEL.md §1).

#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stargate {

template <class Tag>
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(double value) : value_(value) {}
  constexpr double value() const { return value_; }

  constexpr Quantity operator+(Quantity o) const { return Quantity(value_ + o.value_); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(value_ - o.value_); }
  constexpr Quantity operator-() const { return Quantity(-value_); }
  constexpr Quantity operator*(double k) const { return Quantity(value_ * k); }
  constexpr Quantity operator/(double k) const { return Quantity(value_ / k); }
  constexpr double operator/(Quantity o) const { return value_ / o.value_; }
  constexpr Quantity& operator+=(Quantity o) {
    value_ += o.value_;
    return *this;
  }
  constexpr Quantity& operator-=(Quantity o) {
    value_ -= o.value_;
    return *this;
  }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  double value_ = 0.0;
};

template <class Tag>
constexpr Quantity<Tag> operator*(double k, Quantity<Tag> q) {
  return q * k;
}

using Usd = Quantity<struct UsdTag>;                      // US dollars, nominal
using Megawatts = Quantity<struct MegawattsTag>;          // electrical power
using MegawattHours = Quantity<struct MwhTag>;            // electrical energy
using Watts = Quantity<struct WattsTag>;                  // power of one accelerator
using Flop = Quantity<struct FlopTag>;                    // floating-point operations
using FlopPerSecond = Quantity<struct FlopPerSecondTag>;  // compute rate
using Accelerators = Quantity<struct AcceleratorsTag>;    // a count; fractional when expected
using Hours = Quantity<struct HoursTag>;                  // a span of time in hours
using TonnesCo2 = Quantity<struct TonnesCo2Tag>;          // emissions
using UsdPerMw = Quantity<struct UsdPerMwTag>;            // capex intensity
using UsdPerMwh = Quantity<struct UsdPerMwhTag>;          // energy price
using TonnesCo2PerMwh = Quantity<struct CarbonTag>;       // carbon intensity
using Fraction = Quantity<struct FractionTag>;            // a share; 0.08 is 8%

constexpr MegawattHours operator*(Megawatts p, Hours t) {
  return MegawattHours(p.value() * t.value());
}
constexpr Usd operator*(MegawattHours e, UsdPerMwh price) { return Usd(e.value() * price.value()); }
constexpr TonnesCo2 operator*(MegawattHours e, TonnesCo2PerMwh c) {
  return TonnesCo2(e.value() * c.value());
}
constexpr Usd operator*(UsdPerMw k, Megawatts p) { return Usd(k.value() * p.value()); }
constexpr Flop operator*(FlopPerSecond r, Hours t) { return Flop(r.value() * t.value() * 3600.0); }
// The power of n accelerators of w watts each.
constexpr Megawatts power_of(Accelerators n, Watts w) {
  return Megawatts(n.value() * w.value() * 1e-6);
}
template <class Tag>
constexpr Quantity<Tag> operator*(Quantity<Tag> q, Fraction f) {
  return q * f.value();
}

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

// A civil date, stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  constexpr static Date from_days(std::int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }
  // REQUIRES: a valid civil date (month 1..12, day 1..days_in_month).
  static Date from_ymd(int year, int month, int day);
  // Parses "YYYY-MM-DD"; std::nullopt for anything else or an impossible date.
  static std::optional<Date> parse(std::string_view text);

  constexpr std::int32_t days() const { return days_; }
  CivilDate civil() const;  // year, month and day in one conversion
  int year() const;
  int month() const;              // 1..12
  int day() const;                // 1..31
  std::string to_string() const;  // "YYYY-MM-DD"

  // Adds calendar months, clamping the day to the target month's end
  // (2025-01-31 + 1 month = 2025-02-28).
  Date add_months(int months) const;
  // The first day of the next calendar month (2025-01-31 → 2025-02-01).
  Date next_month_start() const;
  // Days in `month` (1..12) of `year`, by the standard library's calendar.
  static int days_in_month(int year, int month);
  constexpr Date operator+(std::int32_t days) const { return from_days(days_ + days); }
  constexpr Date operator-(std::int32_t days) const { return from_days(days_ - days); }
  constexpr std::int32_t operator-(Date o) const { return days_ - o.days_; }
  constexpr auto operator<=>(const Date&) const = default;

 private:
  std::int32_t days_ = 0;
};

// The length of a simulation step.
enum class StepKind { kDay, kWeek, kMonth };

// A span of time as written: days, calendar months or calendar years.
struct Duration {
  enum class Unit { kDays, kMonths, kYears };
  double amount = 0.0;
  Unit unit = Unit::kDays;

  static constexpr Duration days(double n) { return {n, Unit::kDays}; }
  static constexpr Duration months(double n) { return {n, Unit::kMonths}; }
  static constexpr Duration years(double n) { return {n, Unit::kYears}; }

  // The date this long after `start`. Whole months (and years, as 12 months)
  // are calendar months; a fractional month adds round(fraction × 30.436875)
  // days (the mean Gregorian month); fractional days round to the nearest day.
  Date after(Date start) const;
  // The length in days on average: months of 30.436875 days and years of
  // 365.2425 (the mean Gregorian month and year), for comparing durations
  // written in different units.
  double mean_days() const;
  // The length in days when started on `start`.
  std::int32_t days_from(Date start) const { return after(start) - start; }
  // "18mo", "90d", "2y".
  std::string to_string() const;
  constexpr bool operator==(const Duration&) const = default;
};

}  // namespace stargate

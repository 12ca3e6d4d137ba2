// Civil-date arithmetic through std::chrono's calendar types (C++20), so the
// leap-year and month-length rules are the standard library's, not ours.

#include <chrono>
#include <cmath>
#include <cstdio>

#include "stargate/units.h"

namespace stargate {
namespace {

namespace chr = std::chrono;

chr::year_month_day ymd_of(Date d) {
  return chr::year_month_day{chr::sys_days{chr::days{d.days()}}};
}

Date date_of(chr::year_month_day ymd) {
  return Date::from_days(static_cast<std::int32_t>(chr::sys_days{ymd}.time_since_epoch().count()));
}

// Mean Gregorian month: 365.2425 / 12 days.
constexpr double kMeanMonthDays = 30.436875;

}  // namespace

Date Date::from_ymd(int year, int month, int day) {
  return date_of(chr::year{year} / chr::month{static_cast<unsigned>(month)} /
                 chr::day{static_cast<unsigned>(day)});
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < lengths[i]; ++k) {
      const char c = text[starts[i] + k];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  const chr::year_month_day ymd{chr::year{parts[0]}, chr::month{static_cast<unsigned>(parts[1])},
                                chr::day{static_cast<unsigned>(parts[2])}};
  if (!ymd.ok()) return std::nullopt;
  return date_of(ymd);
}

CivilDate Date::civil() const {
  // Howard Hinnant's days_from_civil inverse (the algorithm std::chrono's
  // calendar uses), without its checks: the hot loops need y/m/d at once.
  const std::int32_t z = days_ + 719468;
  const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int32_t doe = z - era * 146097;
  const std::int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int32_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return CivilDate{year, month, day};
}

int Date::year() const { return static_cast<int>(ymd_of(*this).year()); }
int Date::month() const { return static_cast<int>(static_cast<unsigned>(ymd_of(*this).month())); }
int Date::day() const { return static_cast<int>(static_cast<unsigned>(ymd_of(*this).day())); }

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year(), month(), day());
  return buf;
}

Date Date::add_months(int months) const {
  const chr::year_month_day ymd = ymd_of(*this);
  const chr::year_month target = chr::year_month{ymd.year(), ymd.month()} + chr::months{months};
  const chr::day last =
      chr::year_month_day_last{target.year(), chr::month_day_last{target.month()}}.day();
  return date_of(target / (ymd.day() > last ? last : ymd.day()));
}

Date Date::next_month_start() const {
  const CivilDate c = civil();
  return from_ymd(c.year, c.month, 1).add_months(1);
}

int Date::days_in_month(int year, int month) {
  const chr::year_month_day_last last{
      chr::year{year}, chr::month_day_last{chr::month{static_cast<unsigned>(month)}}};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

Date Duration::after(Date start) const {
  if (unit == Unit::kDays) return start + static_cast<std::int32_t>(std::lround(amount));
  const double months_total = unit == Unit::kYears ? amount * 12.0 : amount;
  const double whole = std::floor(months_total);
  const double fraction = months_total - whole;
  return start.add_months(static_cast<int>(whole)) +
         static_cast<std::int32_t>(std::lround(fraction * kMeanMonthDays));
}

double Duration::mean_days() const {
  switch (unit) {
    case Unit::kDays:
      return amount;
    case Unit::kMonths:
      return amount * kMeanMonthDays;
    case Unit::kYears:
      return amount * kMeanMonthDays * 12.0;
  }
  return amount;
}

std::string Duration::to_string() const {
  char buf[32];
  const char* suffix = unit == Unit::kDays ? "d" : unit == Unit::kMonths ? "mo" : "y";
  std::snprintf(buf, sizeof buf, "%g%s", amount, suffix);
  return buf;
}

}  // namespace stargate

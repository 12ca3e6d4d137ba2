#include <gtest/gtest.h>

#include "stargate/units.h"

namespace stargate {
namespace {

TEST(Date, ParsesAndFormatsIsoDates) {
  const auto d = Date::parse("2025-01-21");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year(), 2025);
  EXPECT_EQ(d->month(), 1);
  EXPECT_EQ(d->day(), 21);
  EXPECT_EQ(d->to_string(), "2025-01-21");
  EXPECT_EQ(Date::from_ymd(1970, 1, 1).days(), 0);
}

TEST(Date, RejectsImpossibleDates) {
  EXPECT_FALSE(Date::parse("2025-02-29").has_value());
  EXPECT_FALSE(Date::parse("2025-13-01").has_value());
  EXPECT_FALSE(Date::parse("2025-1-01").has_value());
  EXPECT_FALSE(Date::parse("20250121").has_value());
  EXPECT_TRUE(Date::parse("2024-02-29").has_value());
}

TEST(Date, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(Date::from_ymd(2025, 1, 31).add_months(1), Date::from_ymd(2025, 2, 28));
  EXPECT_EQ(Date::from_ymd(2024, 1, 31).add_months(1), Date::from_ymd(2024, 2, 29));
  EXPECT_EQ(Date::from_ymd(2025, 3, 18).add_months(15), Date::from_ymd(2026, 6, 18));
  EXPECT_EQ(Date::from_ymd(2025, 3, 31).add_months(-1), Date::from_ymd(2025, 2, 28));
}

TEST(Duration, CalendarMonthsAndYears) {
  const Date start = Date::from_ymd(2024, 6, 1);
  EXPECT_EQ(Duration::months(12).after(start), Date::from_ymd(2025, 6, 1));
  EXPECT_EQ(Duration::years(2).after(Date::from_ymd(2024, 2, 29)), Date::from_ymd(2026, 2, 28));
  EXPECT_EQ(Duration::days(90).after(start), start + 90);
  // Half a month is round(0.5 × 30.436875) = 15 days after the whole months.
  EXPECT_EQ(Duration::months(15.5).after(Date::from_ymd(2025, 3, 18)),
            Date::from_ymd(2026, 6, 18) + 15);
  EXPECT_EQ(Duration::months(18).to_string(), "18mo");
}

}  // namespace
}  // namespace stargate

namespace stargate {
namespace {

TEST(Date, CivilAgreesWithTheCalendarEveryDayFor400Years) {
  for (Date d = Date::from_ymd(1900, 1, 1); d < Date::from_ymd(2300, 1, 1); d = d + 1) {
    const CivilDate c = d.civil();
    ASSERT_EQ(c.year, d.year()) << d.to_string();
    ASSERT_EQ(c.month, d.month()) << d.to_string();
    ASSERT_EQ(c.day, d.day()) << d.to_string();
  }
}

TEST(Date, NextMonthStartAndDaysInMonth) {
  EXPECT_EQ(Date::from_ymd(2025, 1, 31).next_month_start(), Date::from_ymd(2025, 2, 1));
  EXPECT_EQ(Date::from_ymd(2025, 12, 1).next_month_start(), Date::from_ymd(2026, 1, 1));
  EXPECT_EQ(Date::days_in_month(2024, 2), 29);  // divisible by 4
  EXPECT_EQ(Date::days_in_month(2100, 2), 28);  // by 100, not 400
  EXPECT_EQ(Date::days_in_month(2000, 2), 29);  // by 400
  EXPECT_EQ(Date::days_in_month(2025, 4), 30);
  EXPECT_EQ(Date::days_in_month(2025, 12), 31);
}

}  // namespace
}  // namespace stargate

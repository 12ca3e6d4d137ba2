// Quantity parsing: every unit a scenario may write, with its exact value in
// the key's base unit, and every error with its exact message.
#include "scenario/quantity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace stargate {
namespace {

// The value of `text` read as `unit`; fails the test (and returns NaN) when
// the text does not parse.
double value_of(std::string_view text, Unit unit) {
  const QuantityResult r = parse_quantity(text, unit);
  EXPECT_TRUE(r.ok) << "'" << text << "': " << r.error;
  EXPECT_EQ(r.error, "");
  return r.ok ? r.value : std::numeric_limits<double>::quiet_NaN();
}

// The error for `text` read as `unit`; fails the test when it parses.
std::string error_of(std::string_view text, Unit unit) {
  const QuantityResult r = parse_quantity(text, unit);
  EXPECT_FALSE(r.ok) << "'" << text << "' parsed as " << r.value;
  return r.error;
}

Duration duration_of(std::string_view text) {
  const QuantityResult r = parse_quantity(text, Unit::kDuration);
  EXPECT_TRUE(r.ok) << "'" << text << "': " << r.error;
  EXPECT_EQ(r.value, r.duration.amount);
  return r.duration;
}

TEST(Quantity, Money) {
  EXPECT_EQ(value_of("$3.4B", Unit::kUsd), 3.4e9);
  EXPECT_EQ(value_of("19B", Unit::kUsd), 19e9);
  EXPECT_EQ(value_of("750M", Unit::kUsd), 750e6);
  EXPECT_EQ(value_of("$7bn", Unit::kUsd), 7e9);
  EXPECT_EQ(value_of("$500", Unit::kUsd), 500.0);
  EXPECT_EQ(value_of("$1.5T", Unit::kUsd), 1.5e12);
  EXPECT_EQ(value_of("$60k", Unit::kUsd), 60e3);
  EXPECT_EQ(value_of("$60K", Unit::kUsd), 60e3);
  EXPECT_EQ(value_of("1000000", Unit::kUsd), 1e6);
  EXPECT_EQ(value_of("  $3.4B  ", Unit::kUsd), 3.4e9);
}

TEST(Quantity, NegativeNumbers) {
  EXPECT_EQ(value_of("-$120M", Unit::kUsd), -120e6);
  EXPECT_EQ(value_of("$-120M", Unit::kUsd), -120e6);
  EXPECT_EQ(value_of("-5MW", Unit::kMw), -5.0);
  EXPECT_EQ(value_of("-3mo", Unit::kDuration), -3.0);
  EXPECT_EQ(value_of("-2.5", Unit::kNumber), -2.5);
  EXPECT_EQ(value_of("+2.5", Unit::kNumber), 2.5);
  EXPECT_EQ(value_of("-8%", Unit::kFraction), -0.08);
}

TEST(Quantity, Power) {
  EXPECT_EQ(value_of("1.2GW", Unit::kMw), 1200.0);
  EXPECT_EQ(value_of("206MW", Unit::kMw), 206.0);
  EXPECT_EQ(value_of("360.5MW", Unit::kMw), 360.5);
  EXPECT_EQ(value_of("1.2 GW", Unit::kMw), 1200.0);
  EXPECT_EQ(value_of("500kW", Unit::kMw), 0.5);
  EXPECT_EQ(value_of("2TW", Unit::kMw), 2e6);
  EXPECT_EQ(value_of("1500000W", Unit::kMw), 1.5);
  EXPECT_EQ(value_of("172", Unit::kMw), 172.0);
}

TEST(Quantity, WattsPerAccelerator) {
  EXPECT_EQ(value_of("1400", Unit::kWatts), 1400.0);
  EXPECT_EQ(value_of("1.4kW", Unit::kWatts), 1400.0);
  EXPECT_EQ(value_of("1950W", Unit::kWatts), 1950.0);
  EXPECT_EQ(value_of("0.132MW", Unit::kWatts), 132000.0);
  // On a watts key a magnitude agrees with the unit: 1.4k W is 1.4 kW.
  EXPECT_EQ(value_of("1.4k", Unit::kWatts), 1400.0);
}

TEST(Quantity, Durations) {
  EXPECT_EQ(duration_of("18mo"), Duration::months(18));
  EXPECT_EQ(duration_of("15.5mo"), Duration::months(15.5));
  EXPECT_EQ(duration_of("90d"), Duration::days(90));
  EXPECT_EQ(duration_of("2y"), Duration::years(2));
  EXPECT_EQ(duration_of("6w"), Duration::days(42));
  EXPECT_EQ(duration_of("18 months"), Duration::months(18));
  EXPECT_EQ(duration_of("1 year"), Duration::years(1));
  EXPECT_EQ(duration_of("3 days"), Duration::days(3));
  EXPECT_EQ(duration_of("2 weeks"), Duration::days(14));
  // A plain number is the base unit: days.
  EXPECT_EQ(duration_of("120"), Duration::days(120));
}

TEST(Quantity, Hours) {
  EXPECT_EQ(value_of("30000h", Unit::kHours), 30000.0);
  EXPECT_EQ(value_of("30k", Unit::kHours), 30000.0);
  EXPECT_EQ(value_of("12 hours", Unit::kHours), 12.0);
  EXPECT_EQ(value_of("90d", Unit::kHours), 2160.0);
  EXPECT_EQ(value_of("1w", Unit::kHours), 168.0);
  EXPECT_EQ(value_of("500", Unit::kHours), 500.0);
}

TEST(Quantity, Fractions) {
  EXPECT_EQ(value_of("8%", Unit::kFraction), 0.08);
  EXPECT_EQ(value_of("14%", Unit::kFraction), 0.14);
  EXPECT_EQ(value_of("100%", Unit::kFraction), 1.0);
  EXPECT_EQ(value_of("0.5%", Unit::kFraction), 0.005);
  EXPECT_EQ(value_of("0.08", Unit::kFraction), 0.08);
}

TEST(Quantity, Compute) {
  EXPECT_EQ(value_of("2.5PFLOP/s", Unit::kFlopPerS), 2.5e15);
  EXPECT_EQ(value_of("989TFLOPS", Unit::kFlopPerS), 989e12);
  EXPECT_EQ(value_of("989TFLOP/s", Unit::kFlopPerS), 989e12);
  EXPECT_EQ(value_of("1.16EFLOP/s", Unit::kFlopPerS), 1.16e18);
  EXPECT_EQ(value_of("5e14FLOPS", Unit::kFlopPerS), 5e14);
  EXPECT_EQ(value_of("2e15", Unit::kFlopPerS), 2e15);
  EXPECT_EQ(value_of("3.8e25FLOP", Unit::kFlop), 3.8e25);
  EXPECT_EQ(value_of("38YFLOP", Unit::kFlop), 3.8e25);
  EXPECT_EQ(value_of("5.76e23", Unit::kFlop), 5.76e23);
  EXPECT_EQ(value_of("2EFLOP", Unit::kFlop), 2e18);
}

TEST(Quantity, CapexIntensity) {
  EXPECT_EQ(value_of("$13B/GW", Unit::kUsdPerMw), 13e6);
  EXPECT_EQ(value_of("$15.6M/MW", Unit::kUsdPerMw), 15.6e6);
  EXPECT_EQ(value_of("$16.5M/MW", Unit::kUsdPerMw), 16.5e6);
  EXPECT_EQ(value_of("15.6M/MW", Unit::kUsdPerMw), 15.6e6);
  EXPECT_EQ(value_of("$13/W", Unit::kUsdPerMw), 13e6);
  EXPECT_EQ(value_of("13000000", Unit::kUsdPerMw), 13e6);
}

TEST(Quantity, EnergyPrices) {
  EXPECT_EQ(value_of("$55/MWh", Unit::kUsdPerMwh), 55.0);
  EXPECT_EQ(value_of("$0.06/kWh", Unit::kUsdPerMwh), 60.0);
  EXPECT_EQ(value_of("$0.055/kWh", Unit::kUsdPerMwh), 55.0);
  EXPECT_EQ(value_of("$45/MWh", Unit::kUsdPerMwh), 45.0);
  EXPECT_EQ(value_of("$55k/GWh", Unit::kUsdPerMwh), 55.0);
  EXPECT_EQ(value_of("60", Unit::kUsdPerMwh), 60.0);
}

TEST(Quantity, CarbonIntensity) {
  EXPECT_EQ(value_of("0.4t/MWh", Unit::kCarbon), 0.4);
  EXPECT_EQ(value_of("0.37t/MWh", Unit::kCarbon), 0.37);
  EXPECT_EQ(value_of("400kg/MWh", Unit::kCarbon), 0.4);
  EXPECT_EQ(value_of("530kgCO2/MWh", Unit::kCarbon), 0.53);
  EXPECT_EQ(value_of("370g/kWh", Unit::kCarbon), 0.37);
  EXPECT_EQ(value_of("0.53tCO2/MWh", Unit::kCarbon), 0.53);
  EXPECT_EQ(value_of("0.4", Unit::kCarbon), 0.4);
}

TEST(Quantity, CountsAndSeparators) {
  EXPECT_EQ(value_of("64k", Unit::kAccelerators), 64000.0);
  EXPECT_EQ(value_of("400,000", Unit::kAccelerators), 400000.0);
  EXPECT_EQ(value_of("1,234,567", Unit::kAccelerators), 1234567.0);
  EXPECT_EQ(value_of("30_000", Unit::kAccelerators), 30000.0);
  EXPECT_EQ(value_of("1.5M", Unit::kAccelerators), 1.5e6);
  EXPECT_EQ(value_of("$1,500.50", Unit::kUsd), 1500.5);
  EXPECT_EQ(value_of("416500", Unit::kAccelerators), 416500.0);
}

TEST(Quantity, PlainNumbersAndIntegers) {
  EXPECT_EQ(value_of("1.2", Unit::kNumber), 1.2);
  EXPECT_EQ(value_of("3e2", Unit::kNumber), 300.0);
  EXPECT_EQ(value_of("2.5E-1", Unit::kNumber), 0.25);
  EXPECT_EQ(value_of(".5", Unit::kNumber), 0.5);
  EXPECT_EQ(value_of("20250121", Unit::kInteger), 20250121.0);
  EXPECT_EQ(value_of("2k", Unit::kInteger), 2000.0);
  EXPECT_EQ(value_of("1.5k", Unit::kInteger), 1500.0);
}

TEST(Quantity, Dates) {
  EXPECT_EQ(value_of("2025-01-21", Unit::kDate), Date::from_ymd(2025, 1, 21).days());
  EXPECT_EQ(value_of("1970-01-01", Unit::kDate), 0.0);
}

TEST(Quantity, AWrongKindNamesBoth) {
  EXPECT_EQ(error_of("1.2GW", Unit::kUsd),
            "expected money (\"$3.4B\", \"750M\"), got a power '1.2GW'");
  EXPECT_EQ(error_of("1.2GWh", Unit::kMw),
            "expected a power (W, kW, MW, GW), got an energy '1.2GWh'");
  EXPECT_EQ(error_of("$3.4B", Unit::kMw), "expected a power (W, kW, MW, GW), got money '$3.4B'");
  EXPECT_EQ(error_of("$13B/GW", Unit::kUsd),
            "expected money (\"$3.4B\", \"750M\"), got money per power '$13B/GW'");
  EXPECT_EQ(error_of("$55/MWh", Unit::kUsdPerMw),
            "expected money per power (\"$13B/GW\", \"$16.5M/MW\"), got an energy price '$55/MWh'");
  EXPECT_EQ(error_of("$13B/GW", Unit::kUsdPerMwh),
            "expected an energy price (\"$55/MWh\", \"$0.06/kWh\"), got money per power '$13B/GW'");
  EXPECT_EQ(error_of("8%", Unit::kUsd),
            "expected money (\"$3.4B\", \"750M\"), got a percentage '8%'");
  EXPECT_EQ(error_of("$5", Unit::kFraction), "expected a fraction (\"8%\", 0.08), got money '$5'");
  EXPECT_EQ(
      error_of("2.5PFLOP/s", Unit::kFlop),
      "expected an amount of compute (\"3.8e25FLOP\", 2e25), got a compute rate '2.5PFLOP/s'");
  EXPECT_EQ(error_of("3.8e25FLOP", Unit::kFlopPerS),
            "expected a compute rate (\"2.5PFLOP/s\", \"989TFLOP/s\"), got an amount of compute "
            "'3.8e25FLOP'");
  EXPECT_EQ(error_of("90d", Unit::kMw), "expected a power (W, kW, MW, GW), got a duration '90d'");
  EXPECT_EQ(error_of("30000h", Unit::kDuration),
            "expected a duration (d, w, mo, y: \"18mo\", \"90d\"), got a time in hours '30000h'");
  EXPECT_EQ(error_of("18mo", Unit::kHours),
            "expected a time in hours (\"30000h\", \"90d\"), got a duration in months '18mo'");
  EXPECT_EQ(error_of("2y", Unit::kHours),
            "expected a time in hours (\"30000h\", \"90d\"), got a duration in years '2y'");
  EXPECT_EQ(
      error_of("0.4t/MWh", Unit::kUsdPerMwh),
      "expected an energy price (\"$55/MWh\", \"$0.06/kWh\"), got a carbon intensity '0.4t/MWh'");
  EXPECT_EQ(
      error_of("$55/MWh", Unit::kCarbon),
      "expected a carbon intensity (\"0.4t/MWh\", \"400kg/MWh\"), got an energy price '$55/MWh'");
  EXPECT_EQ(error_of("5MW", Unit::kAccelerators),
            "expected a count (\"64k\", 400000), got a power '5MW'");
  EXPECT_EQ(error_of("$5", Unit::kNumber), "expected a number, got money '$5'");
}

TEST(Quantity, ABareMagnitudeOnAPowerIsAnError) {
  // "750M" on a MW key would be 750 million MW.
  const QuantityResult r = parse_quantity("750M", Unit::kMw);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "expected a power (W, kW, MW, GW), got a number '750M'");
  EXPECT_EQ(r.hint, "did you mean '750MW'?");
  EXPECT_EQ(parse_quantity("1.2k", Unit::kMw).hint, "did you mean '1.2kW'?");
  EXPECT_EQ(parse_quantity("1.2K", Unit::kMw).hint, "did you mean '1.2kW'?");
  EXPECT_EQ(parse_quantity("2T", Unit::kMw).hint, "did you mean '2TW'?");
  const QuantityResult b = parse_quantity("3B", Unit::kMw);
  EXPECT_EQ(b.error, "expected a power (W, kW, MW, GW), got a number '3B'");
  EXPECT_EQ(b.hint, "");
}

TEST(Quantity, TextThatIsNotAQuantity) {
  EXPECT_EQ(error_of("lots", Unit::kUsd), "expected money (\"$3.4B\", \"750M\"), got 'lots'");
  EXPECT_EQ(error_of("", Unit::kMw), "expected a power (W, kW, MW, GW), got ''");
  EXPECT_EQ(error_of("1.2gw", Unit::kMw), "expected a power (W, kW, MW, GW), got '1.2gw'");
  EXPECT_EQ(error_of("1.2GWx", Unit::kMw), "expected a power (W, kW, MW, GW), got '1.2GWx'");
  EXPECT_EQ(error_of("GW", Unit::kMw), "expected a power (W, kW, MW, GW), got 'GW'");
  EXPECT_EQ(error_of("18 mnths", Unit::kDuration),
            "expected a duration (d, w, mo, y: \"18mo\", \"90d\"), got '18 mnths'");
  EXPECT_EQ(error_of("1.2.3", Unit::kNumber), "expected a number, got '1.2.3'");
  EXPECT_EQ(error_of("--3", Unit::kNumber), "expected a number, got '--3'");
  EXPECT_EQ(error_of("$$3", Unit::kUsd), "expected money (\"$3.4B\", \"750M\"), got '$$3'");
  EXPECT_EQ(error_of("$5%", Unit::kFraction), "expected a fraction (\"8%\", 0.08), got '$5%'");
  EXPECT_EQ(error_of("0.4t", Unit::kCarbon),
            "expected a carbon intensity (\"0.4t/MWh\", \"400kg/MWh\"), got '0.4t'");
  EXPECT_EQ(error_of("0.4t/MW", Unit::kCarbon),
            "expected a carbon intensity (\"0.4t/MWh\", \"400kg/MWh\"), got '0.4t/MW'");
  EXPECT_EQ(error_of("nan", Unit::kNumber), "expected a number, got 'nan'");
  EXPECT_EQ(error_of("inf", Unit::kNumber), "expected a number, got 'inf'");
}

TEST(Quantity, ACommaSeparatesThousandsOnly) {
  // A decimal comma would otherwise read "1,5" as fifteen.
  EXPECT_EQ(error_of("1,5", Unit::kNumber), "expected a number, got '1,5'");
  EXPECT_EQ(error_of("1,5GW", Unit::kMw), "expected a power (W, kW, MW, GW), got '1,5GW'");
  EXPECT_EQ(error_of("40,0000", Unit::kAccelerators),
            "expected a count (\"64k\", 400000), got '40,0000'");
  EXPECT_EQ(error_of("4000,000", Unit::kAccelerators),
            "expected a count (\"64k\", 400000), got '4000,000'");
  EXPECT_EQ(error_of("1.500,5", Unit::kNumber), "expected a number, got '1.500,5'");
}

TEST(Quantity, NumbersTooLargeForADouble) {
  EXPECT_EQ(error_of("1e400", Unit::kNumber), "expected a finite number, got '1e400'");
  EXPECT_EQ(error_of("1e306GW", Unit::kMw), "expected a finite number, got '1e306GW'");
  // Finite as written, infinite in the base unit (days, hours).
  EXPECT_EQ(error_of("1e308w", Unit::kDuration), "expected a finite number, got '1e308w'");
  EXPECT_EQ(error_of("1e307d", Unit::kHours), "expected a finite number, got '1e307d'");
  EXPECT_EQ(value_of("1e-400", Unit::kNumber), 0.0);
}

TEST(Quantity, IntegersAndBooleans) {
  EXPECT_EQ(error_of("2.5", Unit::kInteger), "expected an integer, got '2.5'");
  EXPECT_EQ(error_of("1.2345k", Unit::kInteger), "expected an integer, got '1.2345k'");
  EXPECT_EQ(error_of("5MW", Unit::kInteger), "expected an integer, got a power '5MW'");
  EXPECT_EQ(error_of("yes", Unit::kBool), "expected true or false, got 'yes'");
}

TEST(Quantity, BadDates) {
  EXPECT_EQ(error_of("2025-02-30", Unit::kDate), "expected a date (YYYY-MM-DD), got '2025-02-30'");
  EXPECT_EQ(error_of("21/01/2025", Unit::kDate), "expected a date (YYYY-MM-DD), got '21/01/2025'");
  EXPECT_EQ(error_of("18mo", Unit::kDate), "expected a date (YYYY-MM-DD), got '18mo'");
}

TEST(Quantity, FromATomlNumber) {
  const QuantityResult d = quantity_from_number(90, Unit::kDuration);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.duration, Duration::days(90));
  EXPECT_EQ(quantity_from_number(1.2, Unit::kMw).value, 1.2);
  EXPECT_EQ(quantity_from_number(-3, Unit::kUsd).value, -3.0);
  EXPECT_TRUE(quantity_from_number(7, Unit::kInteger).ok);
  EXPECT_EQ(quantity_from_number(2.5, Unit::kInteger).error, "expected an integer, got 2.5");
  EXPECT_EQ(quantity_from_number(0.1, Unit::kInteger).error, "expected an integer, got 0.1");
  EXPECT_EQ(quantity_from_number(std::nan(""), Unit::kMw).error,
            "expected a finite number, got nan");
  EXPECT_EQ(quantity_from_number(-std::numeric_limits<double>::infinity(), Unit::kUsd).error,
            "expected a finite number, got -inf");
}

TEST(Quantity, ExpectedText) {
  EXPECT_EQ(expected_text(Unit::kDate), "a date (YYYY-MM-DD)");
  EXPECT_EQ(expected_text(Unit::kInteger), "an integer");
  EXPECT_EQ(expected_text(Unit::kText), "a string");
  EXPECT_EQ(expected_text(Unit::kRefList), "a list of ids");
}

TEST(Quantity, FormatsForPeople) {
  EXPECT_EQ(format_quantity(3.4e9, Unit::kUsd), "$3.4B");
  EXPECT_EQ(format_quantity(1200, Unit::kMw), "1.2 GW");
  EXPECT_EQ(format_quantity(0.08, Unit::kFraction), "8%");
  EXPECT_EQ(format_quantity(Date::from_ymd(2025, 1, 21).days(), Unit::kDate), "2025-01-21");
  EXPECT_EQ(format_quantity(2.5e15, Unit::kFlopPerS), "2.5 PFLOP/s");
  EXPECT_EQ(format_quantity(55, Unit::kUsdPerMwh), "$55/MWh");
  EXPECT_EQ(format_quantity(0.4, Unit::kCarbon), "0.4 t/MWh");
}

}  // namespace
}  // namespace stargate

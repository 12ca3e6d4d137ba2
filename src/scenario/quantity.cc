#include "scenario/quantity.h"

#include "core/format.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace stargate {
namespace {

// What a piece of text turned out to be, before it is checked against the unit
// the key expects.
enum class Kind {
  kPlain,   // a bare number, possibly with a magnitude (k, M, B, T)
  kMoney,   // "$3.4B"
  kPower,   // MW
  kEnergy,  // MWh
  kDays,
  kMonths,
  kYears,
  kHours,
  kPercent,
  kFlop,
  kFlopRate,
  kCarbon,          // t/MWh
  kMoneyPerPower,   // $/MW
  kMoneyPerEnergy,  // $/MWh
};

const char* kind_noun(Kind k) {
  switch (k) {
    case Kind::kPlain:
      return "a number";
    case Kind::kMoney:
      return "money";
    case Kind::kPower:
      return "a power";
    case Kind::kEnergy:
      return "an energy";
    case Kind::kDays:
    case Kind::kMonths:
    case Kind::kYears:
      return "a duration";
    case Kind::kHours:
      return "a time in hours";
    case Kind::kPercent:
      return "a percentage";
    case Kind::kFlop:
      return "an amount of compute";
    case Kind::kFlopRate:
      return "a compute rate";
    case Kind::kCarbon:
      return "a carbon intensity";
    case Kind::kMoneyPerPower:
      return "money per power";
    case Kind::kMoneyPerEnergy:
      return "an energy price";
  }
  return "a number";
}

struct Token {
  std::string_view text;
  double factor;
};

// Multipliers into base units: MW for power, MWh for energy.
constexpr std::array kPowerUnits = {Token{"W", 1e-6}, Token{"kW", 1e-3}, Token{"MW", 1.0},
                                    Token{"GW", 1e3}, Token{"TW", 1e6}};
constexpr std::array kEnergyUnits = {Token{"Wh", 1e-6}, Token{"kWh", 1e-3}, Token{"MWh", 1.0},
                                     Token{"GWh", 1e3}, Token{"TWh", 1e6}};
constexpr std::array kMagnitudes = {Token{"k", 1e3},  Token{"K", 1e3},  Token{"M", 1e6},
                                    Token{"B", 1e9},  Token{"bn", 1e9}, Token{"T", 1e12}};
constexpr std::array kSiPrefixes = {Token{"", 1.0},   Token{"k", 1e3},  Token{"M", 1e6},
                                    Token{"G", 1e9},  Token{"T", 1e12}, Token{"P", 1e15},
                                    Token{"E", 1e18}, Token{"Z", 1e21}, Token{"Y", 1e24}};
// Mass of CO2 per MWh, in tonnes.
constexpr std::array kCarbonMass = {Token{"t", 1.0},     Token{"tCO2", 1.0}, Token{"kg", 1e-3},
                                    Token{"kgCO2", 1e-3}, Token{"g", 1e-6},  Token{"gCO2", 1e-6}};

template <size_t N>
const Token* find(const std::array<Token, N>& table, std::string_view s) {
  for (const Token& t : table) {
    if (t.text == s) return &t;
  }
  return nullptr;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (s == o) return true;
  }
  return false;
}

struct Parsed {
  Kind kind;
  double value;  // in the kind's base unit (MW, MWh, USD, USD/MW, USD/MWh, t/MWh, FLOP, hours...)
};

// "FLOP" with an SI prefix: "PFLOP" → 1e15.
std::optional<double> flop_factor(std::string_view s) {
  for (const Token& p : kSiPrefixes) {
    if (s.size() == p.text.size() + 4 && s.substr(0, p.text.size()) == p.text &&
        s.substr(p.text.size()) == "FLOP") {
      return p.factor;
    }
  }
  return std::nullopt;
}

// Classifies a unit suffix; false when it is not one we know.
bool classify(std::string_view suffix, bool money, double number, Parsed& out) {
  if (suffix.empty()) {
    out = {money ? Kind::kMoney : Kind::kPlain, number};
    return true;
  }
  if (const Token* m = find(kMagnitudes, suffix)) {
    out = {money ? Kind::kMoney : Kind::kPlain, number * m->factor};
    return true;
  }
  if (suffix == "%") {
    if (money) return false;
    out = {Kind::kPercent, number / 100.0};
    return true;
  }
  if (const size_t slash = suffix.find('/'); slash != std::string_view::npos) {
    const std::string_view num = suffix.substr(0, slash);
    const std::string_view den = suffix.substr(slash + 1);
    if (!money && den == "s") {
      if (auto f = flop_factor(num)) {
        out = {Kind::kFlopRate, number * *f};
        return true;
      }
      return false;
    }
    double scale = 1.0;
    bool numerator_is_money = money;
    if (!num.empty()) {
      if (const Token* m = find(kMagnitudes, num)) {
        scale = m->factor;
        numerator_is_money = true;
      } else if (const Token* c = find(kCarbonMass, num); c && !money) {
        if (const Token* e = find(kEnergyUnits, den)) {
          out = {Kind::kCarbon, number * c->factor / e->factor};
          return true;
        }
        return false;
      } else {
        return false;
      }
    }
    if (!numerator_is_money) return false;
    if (const Token* p = find(kPowerUnits, den)) {
      out = {Kind::kMoneyPerPower, number * scale / p->factor};
      return true;
    }
    if (const Token* e = find(kEnergyUnits, den)) {
      out = {Kind::kMoneyPerEnergy, number * scale / e->factor};
      return true;
    }
    return false;
  }
  if (money) return false;
  if (const Token* p = find(kPowerUnits, suffix)) {
    out = {Kind::kPower, number * p->factor};
    return true;
  }
  if (const Token* e = find(kEnergyUnits, suffix)) {
    out = {Kind::kEnergy, number * e->factor};
    return true;
  }
  if (is_one_of(suffix, {"d", "day", "days"})) {
    out = {Kind::kDays, number};
    return true;
  }
  if (is_one_of(suffix, {"w", "wk", "week", "weeks"})) {
    out = {Kind::kDays, number * 7.0};
    return true;
  }
  if (is_one_of(suffix, {"mo", "month", "months"})) {
    out = {Kind::kMonths, number};
    return true;
  }
  if (is_one_of(suffix, {"y", "yr", "year", "years"})) {
    out = {Kind::kYears, number};
    return true;
  }
  if (is_one_of(suffix, {"h", "hr", "hrs", "hour", "hours"})) {
    out = {Kind::kHours, number};
    return true;
  }
  if (auto f = flop_factor(suffix)) {
    out = {Kind::kFlop, number * *f};
    return true;
  }
  if (suffix.size() > 5 && suffix.substr(suffix.size() - 5) == "FLOPS") {
    if (auto f = flop_factor(suffix.substr(0, suffix.size() - 1))) {
      out = {Kind::kFlopRate, number * *f};
      return true;
    }
  }
  return false;
}

// Reads the leading number: digits with optional ',' or '_' between groups, a
// decimal point and an exponent. Returns the count of characters consumed.
size_t read_number(std::string_view s, double& out) {
  std::string digits;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) digits += s[i++];
  bool any = false;
  while (i < s.size()) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      any = true;
      ++i;
    } else if ((c == ',' || c == '_') && any && i + 1 < s.size() && s[i + 1] >= '0' &&
               s[i + 1] <= '9') {
      ++i;
    } else if (c == '.') {
      digits += c;
      ++i;
    } else {
      break;
    }
  }
  if (!any) return 0;
  // An exponent only if a digit follows: "3e25" yes, "3EFLOP/s" no.
  if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && s[j] >= '0' && s[j] <= '9') {
      digits += 'e';
      digits.append(s.substr(i + 1, j - i - 1));
      i = j;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') digits += s[i++];
    }
  }
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return 0;
  return i;
}

bool parse_text(std::string_view text, Parsed& out) {
  std::string_view s = trim(text);
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  bool money = false;
  if (!s.empty() && s.front() == '$') {
    money = true;
    s.remove_prefix(1);
  }
  double number = 0.0;
  const size_t n = read_number(s, number);
  if (n == 0) return false;
  if (!std::isfinite(number)) return false;
  if (negative) number = -number;
  return classify(trim(s.substr(n)), money, number, out);
}

QuantityResult fail(Unit unit, std::string_view text, const Parsed* got) {
  QuantityResult r;
  r.error = "expected " + expected_text(unit) + ", got ";
  if (got) r.error += std::string(kind_noun(got->kind)) + " ";
  r.error += "'" + std::string(text) + "'";
  return r;
}

QuantityResult ok(double v) {
  QuantityResult r;
  r.ok = true;
  r.value = v;
  return r;
}

QuantityResult ok_duration(Duration d) {
  QuantityResult r;
  r.ok = true;
  r.value = d.amount;
  r.duration = d;
  return r;
}

std::string trim_number(double v, int significant) { return format_number(v, significant); }

}  // namespace

bool is_numeric(Unit unit) {
  switch (unit) {
    case Unit::kUsd:
    case Unit::kUsdPerMw:
    case Unit::kUsdPerMwh:
    case Unit::kMw:
    case Unit::kWatts:
    case Unit::kFlopPerS:
    case Unit::kFlop:
    case Unit::kAccelerators:
    case Unit::kHours:
    case Unit::kDuration:
    case Unit::kDate:
    case Unit::kFraction:
    case Unit::kCarbon:
    case Unit::kNumber:
    case Unit::kInteger:
    case Unit::kBool:
      return true;
    default:
      return false;
  }
}

std::string_view unit_noun(Unit unit) {
  switch (unit) {
    case Unit::kUsd:
      return "money";
    case Unit::kUsdPerMw:
      return "money per power";
    case Unit::kUsdPerMwh:
      return "an energy price";
    case Unit::kMw:
    case Unit::kWatts:
      return "a power";
    case Unit::kFlopPerS:
      return "a compute rate";
    case Unit::kFlop:
      return "an amount of compute";
    case Unit::kAccelerators:
      return "a count";
    case Unit::kHours:
      return "a time in hours";
    case Unit::kDuration:
      return "a duration";
    case Unit::kDate:
      return "a date";
    case Unit::kFraction:
      return "a fraction";
    case Unit::kCarbon:
      return "a carbon intensity";
    case Unit::kNumber:
      return "a number";
    case Unit::kInteger:
      return "an integer";
    case Unit::kBool:
      return "true or false";
    case Unit::kText:
      return "a string";
    case Unit::kEnum:
      return "one of a set of words";
    case Unit::kEnumList:
      return "a list of words";
    case Unit::kId:
    case Unit::kRef:
      return "an id";
    case Unit::kRefList:
      return "a list of ids";
    case Unit::kTable:
      return "a table";
    case Unit::kTableArray:
      return "an array of tables";
  }
  return "a value";
}

std::string expected_text(Unit unit) {
  switch (unit) {
    case Unit::kUsd:
      return "money (\"$3.4B\", \"750M\")";
    case Unit::kUsdPerMw:
      return "money per power (\"$13B/GW\", \"$16.5M/MW\")";
    case Unit::kUsdPerMwh:
      return "an energy price (\"$55/MWh\", \"$0.06/kWh\")";
    case Unit::kMw:
    case Unit::kWatts:
      return "a power (W, kW, MW, GW)";
    case Unit::kFlopPerS:
      return "a compute rate (\"2.5PFLOP/s\", \"989TFLOP/s\")";
    case Unit::kFlop:
      return "an amount of compute (\"3.8e25FLOP\", 2e25)";
    case Unit::kAccelerators:
      return "a count (\"64k\", 400000)";
    case Unit::kHours:
      return "a time in hours (\"30000h\", \"90d\")";
    case Unit::kDuration:
      return "a duration (d, w, mo, y: \"18mo\", \"90d\")";
    case Unit::kDate:
      return "a date (YYYY-MM-DD)";
    case Unit::kFraction:
      return "a fraction (\"8%\", 0.08)";
    case Unit::kCarbon:
      return "a carbon intensity (\"0.4t/MWh\", \"400kg/MWh\")";
    case Unit::kNumber:
      return "a number";
    case Unit::kInteger:
      return "an integer";
    case Unit::kBool:
      return "true or false";
    default:
      return std::string(unit_noun(unit));
  }
}

QuantityResult parse_quantity(std::string_view text, Unit unit) {
  Parsed p{};
  if (unit == Unit::kDate) {
    if (auto d = Date::parse(trim(text))) return ok(d->days());
    return fail(unit, text, nullptr);
  }
  if (unit == Unit::kBool) return fail(unit, text, nullptr);
  if (!parse_text(text, p)) return fail(unit, text, nullptr);
  switch (unit) {
    case Unit::kUsd:
      if (p.kind == Kind::kMoney || p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kUsdPerMw:
      if (p.kind == Kind::kMoneyPerPower || p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kUsdPerMwh:
      if (p.kind == Kind::kMoneyPerEnergy || p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kMw:
      if (p.kind == Kind::kPower || p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kWatts:
      if (p.kind == Kind::kPower) return ok(p.value * 1e6);
      if (p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kFlopPerS:
      if (p.kind == Kind::kFlopRate || p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kFlop:
      if (p.kind == Kind::kFlop || p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kAccelerators:
    case Unit::kNumber:
      if (p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kInteger:
      if (p.kind == Kind::kPlain && p.value == std::floor(p.value)) return ok(p.value);
      break;
    case Unit::kHours:
      if (p.kind == Kind::kHours || p.kind == Kind::kPlain) return ok(p.value);
      if (p.kind == Kind::kDays) return ok(p.value * 24.0);
      break;
    case Unit::kDuration:
      if (p.kind == Kind::kDays || p.kind == Kind::kPlain) return ok_duration(Duration::days(p.value));
      if (p.kind == Kind::kMonths) return ok_duration(Duration::months(p.value));
      if (p.kind == Kind::kYears) return ok_duration(Duration::years(p.value));
      break;
    case Unit::kFraction:
      if (p.kind == Kind::kPercent || p.kind == Kind::kPlain) return ok(p.value);
      break;
    case Unit::kCarbon:
      if (p.kind == Kind::kCarbon || p.kind == Kind::kPlain) return ok(p.value);
      break;
    default:
      break;
  }
  return fail(unit, text, &p);
}

QuantityResult quantity_from_number(double x, Unit unit) {
  if (unit == Unit::kDuration) return ok_duration(Duration::days(x));
  if (unit == Unit::kInteger && x != std::floor(x)) {
    QuantityResult r;
    r.error = "expected an integer, got " + trim_number(x, 17);
    return r;
  }
  return ok(x);
}

std::string format_quantity(double v, Unit unit) {
  switch (unit) {
    case Unit::kUsd:
      return format_usd(v);
    case Unit::kUsdPerMw:
      return format_usd(v) + "/MW";
    case Unit::kUsdPerMwh:
      return "$" + trim_number(v, 4) + "/MWh";
    case Unit::kMw:
      return format_mw(v);
    case Unit::kWatts:
      return format_mw(v * 1e-6);
    case Unit::kFlopPerS:
      return format_flops(v);
    case Unit::kFlop:
      return trim_number(v, 3) + " FLOP";
    case Unit::kAccelerators:
      return format_count(v);
    case Unit::kHours:
      return trim_number(v, 6) + " h";
    case Unit::kDuration:
      return trim_number(v, 6) + "d";
    case Unit::kDate:
      return Date::from_days(static_cast<std::int32_t>(std::lround(v))).to_string();
    case Unit::kFraction:
      return trim_number(v * 100.0, 4) + "%";
    case Unit::kCarbon:
      return trim_number(v, 4) + " t/MWh";
    case Unit::kBool:
      return v >= 0.5 ? "true" : "false";
    default:
      return trim_number(v, 6);
  }
}

}  // namespace stargate

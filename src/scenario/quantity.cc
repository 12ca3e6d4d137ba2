#include "scenario/quantity.h"

#include "core/format.h"
#include "core/suggest.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace stargate {
namespace {

// What a piece of text turned out to be, before it is checked against the unit
// the key expects.
enum class Kind {
  kPlain,      // a bare number
  kMagnitude,  // a bare number with a magnitude: "64k", "750M", "19B"
  kMoney,      // "$3.4B"
  kPower,      // MW
  kEnergy,     // MWh
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
    case Kind::kMagnitude:
      return "a number";
    case Kind::kMoney:
      return "money";
    case Kind::kPower:
      return "a power";
    case Kind::kEnergy:
      return "an energy";
    case Kind::kDays:
      return "a duration";
    case Kind::kMonths:
      return "a duration in months";
    case Kind::kYears:
      return "a duration in years";
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

// A unit word and its size as a power of ten of the kind's base unit. Scaling
// by a decimal exponent (not by multiplying with 1e-3, which is not exact in
// binary) lets "$0.06/kWh" read as exactly 60 and "400kg/MWh" as exactly 0.4:
// the exponent is applied to the decimal text before it becomes a double.
struct Token {
  std::string_view text;
  int exp;
};

// Into MW for power, MWh for energy.
constexpr std::array kPowerUnits = {Token{"W", -6}, Token{"kW", -3}, Token{"MW", 0}, Token{"GW", 3},
                                    Token{"TW", 6}};
constexpr std::array kEnergyUnits = {Token{"Wh", -6}, Token{"kWh", -3}, Token{"MWh", 0},
                                     Token{"GWh", 3}, Token{"TWh", 6}};
constexpr std::array kMagnitudes = {Token{"k", 3}, Token{"K", 3},  Token{"M", 6},
                                    Token{"B", 9}, Token{"bn", 9}, Token{"T", 12}};
constexpr std::array kSiPrefixes = {Token{"", 0},   Token{"k", 3},  Token{"M", 6},
                                    Token{"G", 9},  Token{"T", 12}, Token{"P", 15},
                                    Token{"E", 18}, Token{"Z", 21}, Token{"Y", 24}};
// Mass of CO2 per MWh, in tonnes.
constexpr std::array kCarbonMass = {Token{"t", 0},      Token{"tCO2", 0}, Token{"kg", -3},
                                    Token{"kgCO2", -3}, Token{"g", -6},   Token{"gCO2", -6}};

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

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number as written, kept in decimal until its unit is known.
struct Number {
  std::string mantissa;  // "-1.2": sign, digits and at most one point
  int exp = 0;           // the written exponent: "3.8e25" → 25
};

// What the text is: its kind, and how to scale the written number into the
// kind's base unit (MW, MWh, USD, USD/MW, USD/MWh, t/MWh, FLOP, FLOP/s, days,
// months, years, hours, a fraction): × 10^exp × multiplier.
struct Parsed {
  Kind kind = Kind::kPlain;
  int exp = 0;
  double multiplier = 1.0;  // 7 for weeks; otherwise 1
  std::string_view suffix;  // the magnitude of a kMagnitude
};

Parsed parsed(Kind kind, int exp, double multiplier = 1.0) {
  Parsed p;
  p.kind = kind;
  p.exp = exp;
  p.multiplier = multiplier;
  return p;
}

// "FLOP" with an SI prefix: "PFLOP" → 15.
std::optional<int> flop_exp(std::string_view s) {
  for (const Token& p : kSiPrefixes) {
    if (s.size() == p.text.size() + 4 && s.substr(0, p.text.size()) == p.text &&
        s.substr(p.text.size()) == "FLOP") {
      return p.exp;
    }
  }
  return std::nullopt;
}

// Classifies a unit suffix; false when it is not one we know.
bool classify(std::string_view suffix, bool money, Parsed& out) {
  if (suffix.empty()) {
    out = parsed(money ? Kind::kMoney : Kind::kPlain, 0);
    return true;
  }
  if (const Token* m = find(kMagnitudes, suffix)) {
    out = parsed(money ? Kind::kMoney : Kind::kMagnitude, m->exp);
    out.suffix = m->text;
    return true;
  }
  if (suffix == "%") {
    if (money) return false;
    out = parsed(Kind::kPercent, -2);
    return true;
  }
  if (const size_t slash = suffix.find('/'); slash != std::string_view::npos) {
    const std::string_view num = suffix.substr(0, slash);
    const std::string_view den = suffix.substr(slash + 1);
    if (!money && den == "s") {
      if (auto e = flop_exp(num)) {
        out = parsed(Kind::kFlopRate, *e);
        return true;
      }
      return false;
    }
    int scale = 0;
    bool numerator_is_money = money;
    if (!num.empty()) {
      if (const Token* m = find(kMagnitudes, num)) {
        scale = m->exp;
        numerator_is_money = true;
      } else if (const Token* c = find(kCarbonMass, num); c && !money) {
        if (const Token* e = find(kEnergyUnits, den)) {
          out = parsed(Kind::kCarbon, c->exp - e->exp);
          return true;
        }
        return false;
      } else {
        return false;
      }
    }
    if (!numerator_is_money) return false;
    if (const Token* p = find(kPowerUnits, den)) {
      out = parsed(Kind::kMoneyPerPower, scale - p->exp);
      return true;
    }
    if (const Token* e = find(kEnergyUnits, den)) {
      out = parsed(Kind::kMoneyPerEnergy, scale - e->exp);
      return true;
    }
    return false;
  }
  if (money) return false;
  if (const Token* p = find(kPowerUnits, suffix)) {
    out = parsed(Kind::kPower, p->exp);
    return true;
  }
  if (const Token* e = find(kEnergyUnits, suffix)) {
    out = parsed(Kind::kEnergy, e->exp);
    return true;
  }
  if (is_one_of(suffix, {"d", "day", "days"})) {
    out = parsed(Kind::kDays, 0);
    return true;
  }
  if (is_one_of(suffix, {"w", "wk", "week", "weeks"})) {
    out = parsed(Kind::kDays, 0, 7.0);
    return true;
  }
  if (is_one_of(suffix, {"mo", "month", "months"})) {
    out = parsed(Kind::kMonths, 0);
    return true;
  }
  if (is_one_of(suffix, {"y", "yr", "year", "years"})) {
    out = parsed(Kind::kYears, 0);
    return true;
  }
  if (is_one_of(suffix, {"h", "hr", "hrs", "hour", "hours"})) {
    out = parsed(Kind::kHours, 0);
    return true;
  }
  if (auto e = flop_exp(suffix)) {
    out = parsed(Kind::kFlop, *e);
    return true;
  }
  // "989TFLOPS": FLOP per second, with or without a prefix.
  if (suffix.size() >= 5 && suffix.substr(suffix.size() - 5) == "FLOPS") {
    if (auto e = flop_exp(suffix.substr(0, suffix.size() - 1))) {
      out = parsed(Kind::kFlopRate, *e);
      return true;
    }
  }
  return false;
}

// Reads the leading unsigned number: digits, with ',' between groups of three
// ("400,000") or '_' between any digits ("30_000"), a decimal point and an
// exponent. Returns the count of characters consumed, 0 when there is no
// number. "1,5" is not a number: a comma only separates thousands, so a
// decimal comma is an error rather than a number ten times too large.
size_t read_number(std::string_view s, Number& out) {
  size_t i = 0;
  bool any = false, point = false, comma = false;
  int group = 0;  // digits since the start or the last ','
  while (i < s.size()) {
    const char c = s[i];
    if (is_digit(c)) {
      out.mantissa += c;
      any = true;
      if (!point) ++group;
      ++i;
    } else if (c == '_' && any && i + 1 < s.size() && is_digit(s[i + 1]) && is_digit(s[i - 1])) {
      ++i;
    } else if (c == ',' && any && !point) {
      // Groups of exactly three digits after every comma, and at most three
      // before the first.
      if (comma ? group != 3 : group > 3) return 0;
      for (size_t k = 1; k <= 3; ++k) {
        if (i + k >= s.size() || !is_digit(s[i + k])) return 0;
      }
      comma = true;
      group = 0;
      ++i;
    } else if (c == '.' && !point) {
      out.mantissa += c;
      point = true;
      ++i;
    } else {
      break;
    }
  }
  if (!any) return 0;
  if (comma && group != 3) return 0;
  // An exponent only if a digit follows: "3e25" yes, "3EFLOP/s" no.
  if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    const bool minus = s[j] == '-';
    if (s[j] == '+' || s[j] == '-') ++j;
    if (j < s.size() && is_digit(s[j])) {
      int e = 0;
      while (j < s.size() && is_digit(s[j])) {
        if (e < 100000) e = e * 10 + (s[j] - '0');
        ++j;
      }
      out.exp = minus ? -e : e;
      i = j;
    }
  }
  return i;
}

// The number × 10^shift, rounded once. nullopt when it overflows a double.
std::optional<double> to_double(const Number& n, int shift) {
  const std::string text = n.mantissa + "e" + std::to_string(static_cast<long long>(n.exp) + shift);
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // Too small rounds to zero; too large is an error.
    const bool tiny = static_cast<long long>(n.exp) + shift < 0;
    if (!tiny) return std::nullopt;
    return n.mantissa.front() == '-' ? -0.0 : 0.0;
  }
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// Splits the text into a signed number and a unit suffix, and classifies the
// suffix. One sign, before or after the '$': "-$3B", "$-3B". `suffix_at` is
// where the suffix starts in trim(text), or npos when there is no number.
bool parse_text(std::string_view text, Number& number, Parsed& out, size_t* suffix_at = nullptr) {
  const std::string_view all = trim(text);
  std::string_view s = all;
  if (suffix_at) *suffix_at = std::string_view::npos;
  bool negative = false, money = false, sign = false;
  for (int k = 0; k < 2 && !s.empty(); ++k) {
    if ((s.front() == '-' || s.front() == '+') && !sign) {
      sign = true;
      negative = s.front() == '-';
      s.remove_prefix(1);
    } else if (s.front() == '$' && !money) {
      money = true;
      s.remove_prefix(1);
    } else {
      break;
    }
  }
  if (negative) number.mantissa = "-";
  const size_t n = read_number(s, number);
  if (n == 0) return false;
  const std::string_view suffix = trim(s.substr(n));
  if (suffix_at)
    *suffix_at = suffix.empty() ? all.size() : static_cast<size_t>(suffix.data() - all.data());
  return classify(suffix, money, out);
}

// The unit words a key of `unit` takes after its number, for suggestions.
std::vector<std::string> unit_words(Unit unit) {
  switch (unit) {
    case Unit::kMw:
    case Unit::kWatts:
      return {"W", "kW", "MW", "GW", "TW"};
    case Unit::kDuration:
      return {"d",    "w",     "mo",    "y",      "day",  "days",
              "week", "weeks", "month", "months", "year", "years"};
    case Unit::kHours:
      return {"h", "hours", "hour", "d", "days", "w", "weeks"};
    case Unit::kFlopPerS:
      return {"FLOP/s", "TFLOP/s", "PFLOP/s", "EFLOP/s", "TFLOPS", "PFLOPS", "EFLOPS"};
    case Unit::kFlop:
      return {"FLOP", "TFLOP", "PFLOP", "EFLOP", "ZFLOP", "YFLOP"};
    case Unit::kCarbon:
      return {"t/MWh", "kg/MWh", "g/kWh", "tCO2/MWh", "kgCO2/MWh"};
    case Unit::kFraction:
      return {"%"};
    case Unit::kUsd:
    case Unit::kAccelerators:
    case Unit::kNumber:
    case Unit::kInteger:
      return {"k", "M", "B", "bn", "T"};
    case Unit::kUsdPerMwh:
      return {"/MWh", "/kWh"};
    case Unit::kUsdPerMw:
      return {"/MW", "/GW", "/kW", "/W", "k/MW", "M/MW", "B/GW"};
    default:
      return {};
  }
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool reads_as(std::string_view text, Unit unit);

// A suggestion for text that did not parse as `unit`: a decimal comma
// ("1,5GW" → "1.5GW"), a missing '$' ("55/MWh" → "$55/MWh"), or a misspelt or
// miscased unit word ("12 mnths" → "12 months", "1.2gw" → "1.2GW").
std::string suggest_text(std::string_view text, Unit unit) {
  const std::string t(trim(text));
  auto mean = [](const std::string& s) { return "did you mean '" + s + "'?"; };
  if (const size_t comma = t.find(',');
      comma != std::string::npos && t.find(',', comma + 1) == std::string::npos) {
    std::string dot = t;
    dot[comma] = '.';
    if (reads_as(dot, unit)) return "a comma separates thousands; " + mean(dot);
  }
  const bool money = unit == Unit::kUsd || unit == Unit::kUsdPerMw || unit == Unit::kUsdPerMwh;
  if (money && t.find('$') == std::string::npos && reads_as("$" + t, unit)) return mean("$" + t);
  Number number;
  Parsed p;
  size_t at = std::string::npos;
  parse_text(t, number, p, &at);
  if (at == std::string::npos || at >= t.size()) return {};
  const std::string suffix = t.substr(at);
  const std::vector<std::string> words = unit_words(unit);
  for (const std::string& w : words) {
    if (same_ignoring_case(suffix, w)) return mean(t.substr(0, at) + w);
  }
  if (const std::string w = closest(suffix, words); !w.empty()) return mean(t.substr(0, at) + w);
  return {};
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

// The shortest text that reads back as `v`: "2.5", "0.1", "nan", "-inf".
std::string shortest(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, ptr) : trim_number(v, 17);
}

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

std::string_view unit_symbol(Unit u) {
  switch (u) {
    case Unit::kUsd:
      return "USD";
    case Unit::kUsdPerMw:
      return "USD/MW";
    case Unit::kUsdPerMwh:
      return "USD/MWh";
    case Unit::kMw:
      return "MW";
    case Unit::kWatts:
      return "W";
    case Unit::kFlopPerS:
      return "FLOP/s";
    case Unit::kFlop:
      return "FLOP";
    case Unit::kAccelerators:
      return "accelerators";
    case Unit::kHours:
      return "hours";
    case Unit::kDuration:
      return "duration";
    case Unit::kDate:
      return "date";
    case Unit::kFraction:
      return "fraction";
    case Unit::kCarbon:
      return "tCO2/MWh";
    case Unit::kNumber:
      return "number";
    case Unit::kInteger:
      return "integer";
    case Unit::kBool:
      return "yes/no";
    case Unit::kText:
      return "text";
    case Unit::kEnum:
    case Unit::kEnumList:
      return "choice";
    case Unit::kId:
    case Unit::kRef:
    case Unit::kRefList:
      return "id";
    case Unit::kTable:
    case Unit::kTableArray:
      return "table";
  }
  return "";
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
  if (unit == Unit::kDate) {
    if (auto d = Date::parse(trim(text))) return ok(d->days());
    return fail(unit, text, nullptr);
  }
  if (unit == Unit::kBool) {
    // Only defaults come here as text; a scenario writes TOML's true/false.
    if (trim(text) == "true") return ok(1.0);
    if (trim(text) == "false") return ok(0.0);
    return fail(unit, text, nullptr);
  }
  Number number;
  Parsed p{};
  if (!parse_text(text, number, p)) {
    QuantityResult r = fail(unit, text, nullptr);
    r.hint = suggest_text(text, unit);
    return r;
  }
  // The written number in the kind's base unit, × 10^extra.
  bool overflow = false;
  auto value = [&](int extra = 0) {
    const std::optional<double> v = to_double(number, p.exp + extra);
    if (!v) overflow = true;
    return v.value_or(0.0) * p.multiplier;
  };
  const bool plain = p.kind == Kind::kPlain || p.kind == Kind::kMagnitude;
  QuantityResult r = fail(unit, text, &p);
  switch (unit) {
    case Unit::kUsd:
      if (p.kind == Kind::kMoney || plain) r = ok(value());
      break;
    case Unit::kUsdPerMw:
      if (p.kind == Kind::kMoneyPerPower || plain) r = ok(value());
      break;
    case Unit::kUsdPerMwh:
      if (p.kind == Kind::kMoneyPerEnergy || plain) r = ok(value());
      break;
    case Unit::kMw:
      // "750M" would be 750 million MW: a bare magnitude on a power is almost
      // always a missing 'W', so it is an error rather than a silent 10^6.
      if (p.kind == Kind::kPower || p.kind == Kind::kPlain) r = ok(value());
      if (p.kind == Kind::kMagnitude) {
        const std::string watts = std::string(p.suffix == "K" ? "k" : p.suffix) + "W";
        if (find(kPowerUnits, watts)) {
          const std::string_view t = trim(text);
          r.hint = "did you mean '" + std::string(t.substr(0, t.size() - p.suffix.size())) + watts +
                   "'?";
        }
      }
      break;
    case Unit::kWatts:
      if (p.kind == Kind::kPower) r = ok(value(6));
      if (plain) r = ok(value());
      break;
    case Unit::kFlopPerS:
      if (p.kind == Kind::kFlopRate || plain) r = ok(value());
      break;
    case Unit::kFlop:
      if (p.kind == Kind::kFlop || plain) r = ok(value());
      break;
    case Unit::kAccelerators:
    case Unit::kNumber:
      if (plain) r = ok(value());
      break;
    case Unit::kInteger:
      if (plain) {
        const double v = value();
        if (v == std::floor(v)) {
          r = ok(v);
        } else if (!overflow) {
          r.error = "expected an integer, got '" + std::string(text) + "'";
        }
      }
      break;
    case Unit::kHours:
      if (p.kind == Kind::kHours || plain) r = ok(value());
      if (p.kind == Kind::kDays) r = ok(value() * 24.0);
      break;
    case Unit::kDuration:
      if (p.kind == Kind::kDays || plain) r = ok_duration(Duration::days(value()));
      if (p.kind == Kind::kMonths) r = ok_duration(Duration::months(value()));
      if (p.kind == Kind::kYears) r = ok_duration(Duration::years(value()));
      break;
    case Unit::kFraction:
      if (p.kind == Kind::kPercent || plain) r = ok(value());
      break;
    case Unit::kCarbon:
      if (p.kind == Kind::kCarbon || plain) r = ok(value());
      break;
    default:
      break;
  }
  // The written number may fit a double and its value in the base unit not
  // ("1e308w" in days).
  if (overflow || (r.ok && !std::isfinite(r.value))) {
    r = QuantityResult{};
    r.error = "expected a finite number, got '" + std::string(text) + "'";
  }
  return r;
}

namespace {
bool reads_as(std::string_view text, Unit unit) { return parse_quantity(text, unit).ok; }
}  // namespace

QuantityResult quantity_from_number(double x, Unit unit) {
  QuantityResult r;
  if (!std::isfinite(x)) {
    r.error = "expected a finite number, got " + shortest(x);
    return r;
  }
  if (unit == Unit::kDuration) return ok_duration(Duration::days(x));
  if (unit == Unit::kInteger && x != std::floor(x)) {
    r.error = "expected an integer, got " + shortest(x);
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

#include "core/format.h"

#include <cmath>
#include <cstdio>

namespace stargate {
namespace {

struct Scale {
  double factor;
  const char* suffix;
};

// The value divided by the largest factor not above it, with its suffix.
template <size_t N>
std::string scaled(double v, const Scale (&scales)[N], int significant = 3) {
  const double a = std::fabs(v);
  size_t pick = 0;
  for (size_t i = 0; i < N; ++i) {
    // Zero takes the base unit ("0 MW", not "0 W").
    if (a >= scales[i].factor || (a == 0.0 && scales[i].factor == 1.0)) pick = i;
  }
  // 999.96M rounds to "1e+03M" at 3 digits: show it as 1B instead.
  const double shown = std::stod(format_number(a / scales[pick].factor, significant));
  if (pick + 1 < N && shown * scales[pick].factor >= scales[pick + 1].factor) ++pick;
  return format_number(v / scales[pick].factor, significant) + scales[pick].suffix;
}

}  // namespace

std::string format_number(double v, int significant) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return buf;
}

std::string format_usd(double usd) {
  static const Scale kScales[] = {{1.0, ""}, {1e3, "K"}, {1e6, "M"}, {1e9, "B"}, {1e12, "T"}};
  return (usd < 0 ? "-$" : "$") + scaled(std::fabs(usd), kScales);
}

std::string format_mw(double mw) {
  static const Scale kScales[] = {{1e-6, " W"}, {1e-3, " kW"}, {1.0, " MW"}, {1e3, " GW"}};
  return scaled(mw, kScales, 4);
}

std::string format_mwh(double mwh) {
  static const Scale kScales[] = {{1e-3, " kWh"}, {1.0, " MWh"}, {1e3, " GWh"}, {1e6, " TWh"}};
  return scaled(mwh, kScales);
}

std::string format_flops(double flops) {
  static const Scale kScales[] = {{1.0, " FLOP/s"},
                                  {1e12, " TFLOP/s"},
                                  {1e15, " PFLOP/s"},
                                  {1e18, " EFLOP/s"},
                                  {1e21, " ZFLOP/s"}};
  return scaled(flops, kScales);
}

std::string format_tonnes(double t) {
  static const Scale kScales[] = {{1.0, " t"}, {1e3, " kt"}, {1e6, " Mt"}};
  return scaled(t, kScales);
}

std::string format_count(double n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(n));
  const std::string digits = buf;
  std::string out = n < 0 && std::lround(n) != 0 ? "-" : "";
  const size_t lead = digits.size() % 3;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (i + 3 - lead) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace stargate

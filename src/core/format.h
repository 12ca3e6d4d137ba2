// src/core/format.h: numbers for people. "$3.4B", "1.2 GW", "38.2 TWh",
// "1.16 EFLOP/s", "64,000", "12.3 Mt". Used by `explain`, messages and the
// terminal summary; files keep full precision and never go through these.
#pragma once

#include <string>

namespace stargate {

std::string format_usd(double usd);                        // "$3.4B", "-$120M", "$950"
std::string format_mw(double mw);                          // "206 MW", "1.2 GW", "900 W"
std::string format_mwh(double mwh);                        // "850 MWh", "38.2 TWh"
std::string format_flops(double flops);                    // "989 TFLOP/s", "1.16 EFLOP/s"
std::string format_count(double n);                        // "64,000"
std::string format_tonnes(double t);                       // "850 t", "12.3 kt", "1.2 Mt"
std::string format_number(double v, int significant = 4);  // "%.4g"

}  // namespace stargate

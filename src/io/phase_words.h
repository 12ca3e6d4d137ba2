// src/io/phase_words.h
//
// What held a phase back, in words ("power: waited 42 d", "money: paused
// 30 d, 60% done"), as the terminal summary and report.html both say it.
// Internal to stargate_io.
#pragma once

#include <string>

#include "stargate/results.h"

namespace stargate {

std::string critical_path_words(const PhaseResult& p);

}  // namespace stargate

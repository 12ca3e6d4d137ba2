// src/model/ops/energy.h
//
// Energy: the power a site draws and where it comes from (MODEL.md §4).
// Facility load = IT load × PUE, where the IT load is the installed
// accelerators' power (less those out for repair) × the site's utilisation.
// The load is dispatched grid first, block by block in order of their online
// dates, then on-site generation; each block has its own price and carbon
// intensity, so cost and emissions follow the dispatch. Load beyond the power
// online is reported as unserved (the build-out never lets that happen: a
// phase comes online only when its full load fits).
#pragma once

#include <span>

#include "model/buildout/buildout.h"

namespace stargate {

// Rates while the load and the blocks stay the same.
struct DispatchRate {
  Megawatts load;  // facility load
  Megawatts grid;
  Megawatts onsite;
  Megawatts unserved;
  double usd_per_hour = 0.0;
  double tco2_per_hour = 0.0;
};

// REQUIRES: blocks sorted by online date.
DispatchRate dispatch(Megawatts facility_load, std::span<const PowerBlock> blocks, Date d);

}  // namespace stargate

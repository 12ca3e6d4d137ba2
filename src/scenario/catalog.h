// src/scenario/catalog.h
//
// The built-in accelerator catalog: data/accelerators.csv, compiled into the
// binary at build time. Each row keeps its source URL and the list of fields
// that are estimates, which reports show as notes. A scenario overrides or
// extends it under [accelerators.<id>].
#pragma once

#include <vector>

#include "scenario/spec.h"

namespace stargate {

// Thread-safety: built once on first use; safe to call concurrently.
const std::vector<AcceleratorSpec>& builtin_catalog();

}  // namespace stargate

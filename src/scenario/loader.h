// src/scenario/loader.h
//
// TOML text → ScenarioSpec. Checks every key against its ParamSpec table
// (unknown keys, presence, types, units, bounds, distributions), then the rules
// that relate items (references, duplicate ids, dependency cycles, one-of
// choices), and collects every problem before failing once.
//
// Throws Error{kInvalidScenario} with one Issue per problem, in file order,
// each with file:line:column, the key path, what was expected and, for a
// misspelt key or id, a did-you-mean. Never returns a half-read spec.

#pragma once

#include <span>
#include <string_view>

#include "scenario/spec.h"
#include "stargate/scenario.h"

namespace stargate {

// `source_name` is what messages call the file ("scenarios/x.toml");
// `default_id` is used when [scenario] has no id (the file name's stem).
// `overrides` replace values by key path before anything is read (override.h).
ScenarioSpec load_scenario_spec(std::string_view toml_text, std::string_view source_name,
                                std::string_view default_id,
                                std::span<const Override> overrides = {});

}  // namespace stargate

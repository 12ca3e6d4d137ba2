// src/scenario/override.h
//
// Overrides (`--set path=value`) applied to a scenario's parsed TOML tree
// before the loader reads it, so an overridden value passes through exactly
// the checks, defaults and messages of a value written in the file.
//
// A path is resolved against the ParamSpec tables, segment by segment, in the
// grammar of MODEL.md §1: `section.id.field[.id.field…]`. A table of ids
// (`sites`, `entities`, `tenants`, `accelerators`) takes an existing id; an
// array of tables (`phases`, `orders`, `equity`, …) takes the `id` of one of
// its items; every other segment is a key its table declares. The last
// segment may be a key the file omits (it is added), but never an item's
// `id`. A nested table the path goes through and the file omits (a tenant's
// `frontier`) is created. Built-in catalog accelerators count as existing
// under `accelerators`, since the file may override any of them.
//
// The value is parsed as a TOML value; text that is not one ("30mo", "90%")
// is taken as a string, as if quoted. Every node an override adds carries the
// override's source ("--set") as its source name, so the loader locates its
// problems there (without line and column), and a value the loader reads as
// a number or a word gets the note "set by --set" unless it brings its own
// source or note, so reports do not credit it to its table's source.
//
// Internal to src/scenario/.
#pragma once

#include <toml++/toml.h>

#include <span>
#include <string_view>
#include <vector>

#include "stargate/error.h"
#include "stargate/scenario.h"

namespace stargate::load {

// Applies `overrides` to `root` in order (a later one on the same path wins)
// and returns one Issue per override whose path does not resolve; those are
// not applied. Values are not checked here: the loader does that.
std::vector<Issue> apply_overrides(toml::table& root, std::span<const Override> overrides);

}  // namespace stargate::load

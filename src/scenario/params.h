// src/scenario/params.h
//
// The ParamSpec table of every scenario table: the single declaration of each
// key's unit, presence, default, bounds and doc. The loader, `stargate explain
// --params` and docs/reference.md all read these.

#pragma once

#include <span>
#include <string_view>

#include "scenario/param.h"

namespace stargate {

struct SpecTable {
  std::string_view path;   // "sites.<id>.phases.<id>"
  std::string_view title;  // "a phase of a site: one building or a group of buildings"
  std::span<const ParamSpec> params;
};

std::span<const ParamSpec> top_level_params();
std::span<const ParamSpec> scenario_params();
std::span<const ParamSpec> entity_params();
std::span<const ParamSpec> site_params();
std::span<const ParamSpec> power_params();
std::span<const ParamSpec> phase_params();
std::span<const ParamSpec> accelerator_params();
std::span<const ParamSpec> order_params();
std::span<const ParamSpec> delivery_params();
std::span<const ParamSpec> program_params();
std::span<const ParamSpec> equity_params();
std::span<const ParamSpec> equity_call_params();
std::span<const ParamSpec> debt_params();
std::span<const ParamSpec> funding_params();
std::span<const ParamSpec> revenue_params();
std::span<const ParamSpec> jobs_params();
std::span<const ParamSpec> contract_params();
std::span<const ParamSpec> tenant_params();
std::span<const ParamSpec> inference_params();
std::span<const ParamSpec> demand_point_params();
std::span<const ParamSpec> budget_point_params();
std::span<const ParamSpec> training_params();
std::span<const ParamSpec> frontier_params();
std::span<const ParamSpec> rofr_params();
std::span<const ParamSpec> correlation_params();
std::span<const ParamSpec> question_params();

// Every table, in the order a scenario file is usually written.
std::span<const SpecTable> all_spec_tables();

// The row for `key`, or nullptr.
const ParamSpec* find_param(std::span<const ParamSpec> table, std::string_view key);

}  // namespace stargate

#include "scenario/params.h"

namespace stargate {
namespace {

using U = Unit;
using P = Presence;
constexpr std::optional<double> kNone = std::nullopt;

// Keys any table may carry.
#define STARGATE_PROVENANCE_KEYS                                                                  \
  {"source", U::kText, P::kOptional, "", kNone, kNone, false,                                    \
   "Where the numbers of this table come from (a URL, a document row such as facts:S6)."},        \
      {"note", U::kText, P::kOptional, "", kNone, kNone, false,                                   \
       "A remark; an assumption is written \"assumption: …\" with its basis."}

constexpr std::string_view kSteps[] = {"day", "week", "month"};
constexpr std::string_view kCurrencies[] = {"USD"};
constexpr std::string_view kRoles[] = {"investor", "lender",  "developer", "operator", "cloud_provider",
                                       "tenant",   "vendor",  "vehicle",   "owner"};
constexpr std::string_view kPowerKinds[] = {"grid", "onsite"};
constexpr std::string_view kProfiles[] = {"s-curve", "linear"};

constexpr ParamSpec kTopLevel[] = {
    {"scenario", U::kTable, P::kRequired, "", kNone, kNone, false, "The run: name, horizon, step, seed."},
    {"entities", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Companies and vehicles, by id: [entities.<id>]."},
    {"sites", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Campuses, by id: [sites.<id>], with their power and phases."},
    {"accelerators", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Additions to and overrides of the built-in accelerator catalog, by id."},
    {"orders", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Accelerator purchases: [[orders]], each with an id."},
};

constexpr ParamSpec kScenario[] = {
    {"id", U::kText, P::kOptional, "", kNone, kNone, false,
     "Short id used in output names; defaults to the file name without extension."},
    {"name", U::kText, P::kRequired, "", kNone, kNone, false, "What the scenario is, in a line."},
    {"description", U::kText, P::kOptional, "", kNone, kNone, false, "A longer description."},
    {"start", U::kDate, P::kRequired, "", kNone, kNone, false, "First day simulated.", {}, false},
    {"end", U::kDate, P::kRequired, "", kNone, kNone, false, "Last day simulated (inclusive).", {}, false},
    {"step", U::kEnum, P::kDefault, "day", kNone, kNone, false,
     "Length of a step: day, week or month.", kSteps},
    {"seed", U::kInteger, P::kDefault, "1", 0.0, kNone, false,
     "Seed of the random streams used by Monte Carlo; a deterministic run ignores it.", {}, false},
    {"currency", U::kEnum, P::kDefault, "USD", kNone, kNone, false,
     "Currency of every amount; only nominal USD is supported.", kCurrencies},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kEntity[] = {
    {"name", U::kText, P::kRequired, "", kNone, kNone, false, "Display name."},
    {"roles", U::kEnumList, P::kRequired, "", kNone, kNone, false,
     "What the entity does: investor, lender, developer, operator, cloud_provider, tenant, "
     "vendor, vehicle, owner.",
     kRoles},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kSite[] = {
    {"name", U::kText, P::kOptional, "", kNone, kNone, false, "Display name; defaults to the id."},
    {"location", U::kText, P::kOptional, "", kNone, kNone, false, "Where it is, in words."},
    {"owner", U::kRef, P::kOptional, "", kNone, kNone, false, "Entity that owns the land and buildings."},
    {"developer", U::kRef, P::kOptional, "", kNone, kNone, false, "Entity that builds it."},
    {"operator", U::kRef, P::kOptional, "", kNone, kNone, false, "Entity that runs it."},
    {"pue", U::kNumber, P::kRequired, "", 1.0, 3.0, false,
     "Power usage effectiveness: facility power ÷ IT power."},
    {"utilisation", U::kFraction, P::kDefault, "100%", 0.0, 1.0, false,
     "Share of installed accelerator power drawn on average (MODEL.md §4: default 1.0 until a "
     "market allocates capacity)."},
    {"power", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Dated steps of available power: [[sites.<id>.power]]."},
    {"phases", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Buildings or groups of buildings: [[sites.<id>.phases]]."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kPower[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of this power step, unique in its site."},
    {"kind", U::kEnum, P::kRequired, "", kNone, kNone, false,
     "grid (dispatched first) or onsite generation.", kPowerKinds},
    {"mw", U::kMw, P::kRequired, "", 0.0, kNone, true, "Power this step adds to the site."},
    {"online", U::kDate, P::kRequired, "", kNone, kNone, false, "Date the power is available."},
    {"price", U::kUsdPerMwh, P::kRequired, "", 0.0, kNone, false, "Price of energy from this source."},
    {"carbon_intensity", U::kCarbon, P::kRequired, "", 0.0, kNone, false,
     "Emissions per MWh from this source."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kPhase[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the phase, unique in its site."},
    {"name", U::kText, P::kOptional, "", kNone, kNone, false, "Display name."},
    {"it_mw", U::kMw, P::kRequired, "", 0.0, kNone, true,
     "IT power of the phase; it draws it_mw × PUE from the site's power."},
    {"start", U::kDate, P::kOptional, "", kNone, kNone, false,
     "Construction start; absent, the phase starts when the phases it depends on are built."},
    {"duration", U::kDuration, P::kRequired, "", 0.0, kNone, true, "Construction time when fully funded."},
    {"capex_per_mw", U::kUsdPerMw, P::kOptional, "", 0.0, kNone, false,
     "Construction capex per IT MW (give this or capex)."},
    {"capex", U::kUsd, P::kOptional, "", 0.0, kNone, false, "Total construction capex (or capex_per_mw)."},
    {"payer", U::kRef, P::kRequired, "", kNone, kNone, false, "Entity that pays the construction capex."},
    {"depends_on", U::kRefList, P::kOptional, "", kNone, kNone, false,
     "Phases of the same site that must be built before this one starts (finish-to-start)."},
    {"profile", U::kEnum, P::kDefault, "s-curve", kNone, kNone, false,
     "Spend profile over the duration: s-curve (cumulative Beta(2,2)) or linear.", kProfiles},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kAccelerator[] = {
    {"name", U::kText, P::kOptional, "", kNone, kNone, false, "Display name."},
    {"vendor", U::kText, P::kOptional, "", kNone, kNone, false, "Maker."},
    {"kind", U::kText, P::kOptional, "", kNone, kNone, false, "gpu, tpu, asic or rack."},
    {"year", U::kInteger, P::kOptional, "", 2000.0, 2100.0, false, "Year first available.", {}, false},
    {"bf16", U::kFlopPerS, P::kOptional, "", 0.0, kNone, true,
     "Peak dense BF16 FLOP/s per accelerator (required for a new accelerator)."},
    {"fp8", U::kFlopPerS, P::kOptional, "", 0.0, kNone, true,
     "Peak dense FP8 FLOP/s; absent means no faster FP8 path (FP8 runs at the BF16 rate)."},
    {"all_in_w", U::kWatts, P::kOptional, "", 0.0, kNone, true,
     "IT watts per accelerator including its share of host, network and storage."},
    {"unit_price", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "All-in capital cost per installed accelerator (server, rack, network share)."},
    {"mtbf", U::kHours, P::kOptional, "", 0.0, kNone, true,
     "Mean time between failures that interrupt work, per accelerator."},
    {"useful_life", U::kDuration, P::kDefault, "5y", 0.0, kNone, true,
     "Service life; the accelerator retires this long after installation."},
    {"repair_time", U::kDuration, P::kDefault, "3d", 0.0, kNone, false,
     "Time a failed accelerator is out (assumption: 3 days to swap a node or board)."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kOrder[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the order."},
    {"buyer", U::kRef, P::kRequired, "", kNone, kNone, false, "Entity that buys and owns the accelerators."},
    {"accelerator", U::kRef, P::kRequired, "", kNone, kNone, false, "Accelerator id from the catalog."},
    {"site", U::kRef, P::kRequired, "", kNone, kNone, false, "Site where they are installed."},
    {"payer", U::kRef, P::kOptional, "", kNone, kNone, false,
     "Entity that pays on delivery; absent, the buyer pays."},
    {"count", U::kAccelerators, P::kOptional, "", 0.0, kNone, true,
     "Number of accelerators (give this or budget)."},
    {"budget", U::kUsd, P::kOptional, "", 0.0, kNone, true,
     "Money to spend; buys floor(budget ÷ unit price) accelerators."},
    {"unit_price", U::kUsd, P::kOptional, "", 0.0, kNone, true,
     "All-in price per accelerator; absent, the catalog's unit_price."},
    {"ordered", U::kDate, P::kOptional, "", kNone, kNone, false, "Date of the order (with lead_time)."},
    {"lead_time", U::kDuration, P::kOptional, "", 0.0, kNone, false,
     "Time from the order to the first delivery."},
    {"ramp", U::kDuration, P::kOptional, "", 0.0, kNone, false,
     "Deliveries spread in equal monthly lots over this time after the first; absent, one lot."},
    {"delay", U::kDuration, P::kDefault, "0d", 0.0, kNone, false, "Slip added to every delivery."},
    {"deliveries", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Explicit schedule: [[orders.deliveries]] with date and count or share (instead of lead_time)."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kDelivery[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the delivery, unique in its order."},
    {"date", U::kDate, P::kRequired, "", kNone, kNone, false, "Date the accelerators arrive at the site."},
    {"count", U::kAccelerators, P::kOptional, "", 0.0, kNone, false, "Accelerators in this lot."},
    {"share", U::kFraction, P::kOptional, "", 0.0, 1.0, false, "Share of the order in this lot."},
    STARGATE_PROVENANCE_KEYS,
};

#undef STARGATE_PROVENANCE_KEYS

constexpr SpecTable kTables[] = {
    {"(top level)", "the sections of a scenario file", kTopLevel},
    {"scenario", "the run", kScenario},
    {"entities.<id>", "a company, fund or vehicle", kEntity},
    {"sites.<id>", "a campus", kSite},
    {"sites.<id>.power.<id>", "a dated step of power at a site", kPower},
    {"sites.<id>.phases.<id>", "a phase of a site: one building or a group of buildings", kPhase},
    {"accelerators.<id>", "an accelerator type (overrides or extends the built-in catalog)", kAccelerator},
    {"orders.<id>", "a purchase of accelerators", kOrder},
    {"orders.<id>.deliveries.<id>", "one lot of an order's delivery schedule", kDelivery},
};

}  // namespace

std::span<const ParamSpec> top_level_params() { return kTopLevel; }
std::span<const ParamSpec> scenario_params() { return kScenario; }
std::span<const ParamSpec> entity_params() { return kEntity; }
std::span<const ParamSpec> site_params() { return kSite; }
std::span<const ParamSpec> power_params() { return kPower; }
std::span<const ParamSpec> phase_params() { return kPhase; }
std::span<const ParamSpec> accelerator_params() { return kAccelerator; }
std::span<const ParamSpec> order_params() { return kOrder; }
std::span<const ParamSpec> delivery_params() { return kDelivery; }
std::span<const SpecTable> all_spec_tables() { return kTables; }

const ParamSpec* find_param(std::span<const ParamSpec> table, std::string_view key) {
  for (const ParamSpec& p : table) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

}  // namespace stargate

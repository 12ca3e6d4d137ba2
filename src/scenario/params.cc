#include "scenario/params.h"

namespace stargate {
namespace {

using U = Unit;
using P = Presence;
constexpr std::optional<double> kNone = std::nullopt;

// Keys any table may carry.
#define STARGATE_PROVENANCE_KEYS                                                           \
  {"source",                                                                               \
   U::kText,                                                                               \
   P::kOptional,                                                                           \
   "",                                                                                     \
   kNone,                                                                                  \
   kNone,                                                                                  \
   false,                                                                                  \
   "Where the numbers of this table come from (a URL, a document row such as facts:S6)."}, \
  {                                                                                        \
    "note", U::kText, P::kOptional, "", kNone, kNone, false,                               \
        "A remark; an assumption is written \"assumption: …\" with its basis."           \
  }

constexpr std::string_view kSteps[] = {"day", "week", "month"};
constexpr std::string_view kCurrencies[] = {"USD"};
constexpr std::string_view kRoles[] = {"investor", "lender",         "developer",
                                       "operator", "cloud_provider", "tenant",
                                       "vendor",   "vehicle",        "owner"};
constexpr std::string_view kPowerKinds[] = {"grid", "onsite"};
constexpr std::string_view kProfiles[] = {"s-curve", "linear"};
constexpr std::string_view kRepayments[] = {"annuity", "bullet", "sculpted"};
constexpr std::string_view kPeriods[] = {"monthly", "quarterly", "annual"};
constexpr std::string_view kDistributionPeriods[] = {"monthly", "quarterly", "annual", "never"};
constexpr std::string_view kContractKinds[] = {"lease", "compute"};
constexpr std::string_view kPrecisions[] = {"bf16", "fp8"};
constexpr std::string_view kOps[] = {">=", "<=", ">", "<"};

constexpr ParamSpec kTopLevel[] = {
    {"scenario", U::kTable, P::kRequired, "", kNone, kNone, false,
     "The run: name, horizon, step, seed."},
    {"entities", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Companies and vehicles, by id: [entities.<id>]."},
    {"sites", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Campuses, by id: [sites.<id>], with their power and phases."},
    {"accelerators", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Additions to and overrides of the built-in accelerator catalog, by id."},
    {"orders", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Accelerator purchases: [[orders]], each with an id."},
    {"program", U::kTable, P::kOptional, "", kNone, kNone, false,
     "The capital program: its ceiling, first tranche and discount rate."},
    {"equity", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Equity commitments of investors to vehicles: [[equity]]."},
    {"debt", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Debt facilities of lenders to borrowers: [[debt]]."},
    {"funding", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Vehicles that fund other vehicles' shortfalls: [[funding]]."},
    {"revenue", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Simple dated revenue schedules of entities: [[revenue]]."},
    {"jobs", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Coefficients that turn capex and online MW into jobs."},
    {"contracts", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Capacity contracts, provider → customer: [[contracts]], leases and compute."},
    {"tenants", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Who uses compute, by entity id: [tenants.<id>], with demand and training runs."},
    {"right_of_first_refusal", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "A holder offered a tenant's new demand before anyone else: [[right_of_first_refusal]]."},
    {"correlations", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Uncertain inputs whose draws move together in Monte Carlo: [[correlations]]."},
    {"questions", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Questions Monte Carlo answers as probabilities: [[questions]]."},
};

constexpr ParamSpec kScenario[] = {
    {"id", U::kText, P::kOptional, "", kNone, kNone, false,
     "Short id used in output names; defaults to the file name without extension."},
    {"name", U::kText, P::kRequired, "", kNone, kNone, false, "What the scenario is, in a line."},
    {"description", U::kText, P::kOptional, "", kNone, kNone, false, "A longer description."},
    {"start", U::kDate, P::kRequired, "", kNone, kNone, false, "First day simulated.", {}, false},
    {"end",
     U::kDate,
     P::kRequired,
     "",
     kNone,
     kNone,
     false,
     "Last day simulated (inclusive).",
     {},
     false},
    {"step", U::kEnum, P::kDefault, "day", kNone, kNone, false,
     "Length of a step: day, week or month.", kSteps},
    {"seed",
     U::kInteger,
     P::kDefault,
     "1",
     0.0,
     kNone,
     false,
     "Seed of the random streams used by Monte Carlo; a deterministic run ignores it.",
     {},
     false},
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
    {"owners", U::kTable, P::kOptional, "", kNone, kNone, false,
     "A vehicle's owners and their shares, { <entity id> = \"40%\", … }; they add up to 100%."},
    {"cash", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "Cash at the start. A non-vehicle entity with cash (or a capex budget) pays only what it "
     "has and defers the rest; without either it pays from its balance sheet, unlimited."},
    {"capex_budget", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "Most capex a non-vehicle entity pays in a calendar year; beyond it, capex is deferred."},
    {"reserve", U::kUsd, P::kDefault, "0", 0.0, kNone, false,
     "Cash a vehicle keeps before it distributes to its owners."},
    {"tax_rate", U::kFraction, P::kDefault, "0%", 0.0, 1.0, false,
     "Corporate tax on a vehicle's positive taxable income of each calendar year (revenue − opex − "
     "interest − depreciation; no loss carry-forward)."},
    {"distributions", U::kEnum, P::kDefault, "quarterly", kNone, kNone, false,
     "How often a vehicle pays surplus cash above its reserve to its owners.",
     kDistributionPeriods},
    {"reserved_share", U::kFraction, P::kDefault, "0%", 0.0, 1.0, false,
     "Share of the accelerators it owns that a provider keeps for its own use; it offers the "
     "rest under contracts and to new demand."},
    {"market_price_per_pflop_hour", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "Makes it a market provider: the price of its spare capacity per PFLOP-hour of dense "
     "BF16. New demand goes to market providers cheapest first."},
    {"market_price_per_accelerator_hour", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "As market_price_per_pflop_hour, per accelerator-hour; converted at the BF16 peak of the "
     "accelerators it offers."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kSite[] = {
    {"name", U::kText, P::kOptional, "", kNone, kNone, false, "Display name; defaults to the id."},
    {"location", U::kText, P::kOptional, "", kNone, kNone, false, "Where it is, in words."},
    {"owner", U::kRef, P::kOptional, "", kNone, kNone, false,
     "Entity that owns the land and buildings."},
    {"developer", U::kRef, P::kOptional, "", kNone, kNone, false, "Entity that builds it."},
    {"operator", U::kRef, P::kOptional, "", kNone, kNone, false, "Entity that runs it."},
    {"pue", U::kNumber, P::kRequired, "", 1.0, 3.0, false,
     "Power usage effectiveness: facility power ÷ IT power."},
    {"utilisation", U::kFraction, P::kDefault, "100%", 0.0, 1.0, false,
     "Share of installed accelerator power drawn on average (MODEL.md §4: default 1.0 until a "
     "market allocates capacity)."},
    {"om_rate", U::kFraction, P::kOptional, "", 0.0, 1.0, false,
     "Operations and maintenance per year, as a share of the construction capex of online phases; "
     "paid by the operator. Absent: not modelled (the summary says so)."},
    {"staff_cost", U::kUsdPerMw, P::kOptional, "", 0.0, kNone, false,
     "Staff cost per online IT MW per year, paid by the operator. Absent: not modelled."},
    {"land_lease", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "Land lease per year, paid by the operator to the owner. Absent: not modelled."},
    {"building_life", U::kDuration, P::kDefault, "20y", 0.0, kNone, true,
     "Straight-line depreciation life of the buildings (assumption: 20 years, within the 15–39 "
     "years used for data-center shells and fit-out)."},
    {"power", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Dated steps of available power: [[sites.<id>.power]]."},
    {"phases", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Buildings or groups of buildings: [[sites.<id>.phases]]."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kPower[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false,
     "Id of this power step, unique in its site."},
    {"kind", U::kEnum, P::kRequired, "", kNone, kNone, false,
     "grid (dispatched first) or onsite generation.", kPowerKinds},
    {"mw", U::kMw, P::kRequired, "", 0.0, kNone, true, "Power this step adds to the site."},
    {"online", U::kDate, P::kRequired, "", kNone, kNone, false, "Date the power is available."},
    {"price", U::kUsdPerMwh, P::kRequired, "", 0.0, kNone, false,
     "Price of energy from this source."},
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
    {"duration", U::kDuration, P::kRequired, "", 0.0, kNone, true,
     "Construction time when fully funded."},
    {"capex_per_mw", U::kUsdPerMw, P::kOptional, "", 0.0, kNone, false,
     "Construction capex per IT MW (give this or capex)."},
    {"capex", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "Total construction capex (or capex_per_mw)."},
    {"payer", U::kRef, P::kRequired, "", kNone, kNone, false,
     "Entity that pays the construction capex."},
    {"depends_on", U::kRefList, P::kOptional, "", kNone, kNone, false,
     "Phases of the same site that must be built before this one starts (finish-to-start)."},
    {"profile", U::kEnum, P::kDefault, "s-curve", kNone, kNone, false,
     "Spend profile over the duration: s-curve (cumulative Beta(2,2)) or linear.", kProfiles},
    {"priority",
     U::kInteger,
     P::kOptional,
     "",
     kNone,
     kNone,
     false,
     "Order in which a short payer funds capex, lowest first; absent, earliest start first.",
     {},
     false},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kAccelerator[] = {
    {"name", U::kText, P::kOptional, "", kNone, kNone, false, "Display name."},
    {"vendor", U::kText, P::kOptional, "", kNone, kNone, false, "Maker."},
    {"kind", U::kText, P::kOptional, "", kNone, kNone, false, "gpu, tpu, asic or rack."},
    {"year",
     U::kInteger,
     P::kOptional,
     "",
     2000.0,
     2100.0,
     false,
     "Year first available.",
     {},
     false},
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
    {"buyer", U::kRef, P::kRequired, "", kNone, kNone, false,
     "Entity that buys and owns the accelerators."},
    {"accelerator", U::kRef, P::kRequired, "", kNone, kNone, false,
     "Accelerator id from the catalog."},
    {"site", U::kRef, P::kRequired, "", kNone, kNone, false, "Site where they are installed."},
    {"payer", U::kRef, P::kOptional, "", kNone, kNone, false,
     "Entity that pays on delivery; absent, the buyer pays."},
    {"count", U::kAccelerators, P::kOptional, "", 0.0, kNone, true,
     "Number of accelerators (give this or budget)."},
    {"budget", U::kUsd, P::kOptional, "", 0.0, kNone, true,
     "Money to spend; buys floor(budget ÷ unit price) accelerators."},
    {"unit_price", U::kUsd, P::kOptional, "", 0.0, kNone, true,
     "All-in price per accelerator; absent, the catalog's unit_price."},
    {"ordered", U::kDate, P::kOptional, "", kNone, kNone, false,
     "Date of the order (with lead_time)."},
    {"lead_time", U::kDuration, P::kOptional, "", 0.0, kNone, false,
     "Time from the order to the first delivery."},
    {"ramp", U::kDuration, P::kOptional, "", 0.0, kNone, false,
     "Deliveries spread in equal monthly lots over this time after the first; absent, one lot."},
    {"delay", U::kDuration, P::kDefault, "0d", 0.0, kNone, false, "Slip added to every delivery."},
    {"deliveries", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Explicit schedule: [[orders.deliveries]] with date and count or share (instead of "
     "lead_time)."},
    {"priority",
     U::kInteger,
     P::kOptional,
     "",
     kNone,
     kNone,
     false,
     "Order in which a short payer funds capex, lowest first; absent, earliest delivery first.",
     {},
     false},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kDelivery[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false,
     "Id of the delivery, unique in its order."},
    {"date", U::kDate, P::kRequired, "", kNone, kNone, false,
     "Date the accelerators arrive at the site."},
    {"count", U::kAccelerators, P::kOptional, "", 0.0, kNone, false, "Accelerators in this lot."},
    {"share", U::kFraction, P::kOptional, "", 0.0, 1.0, false, "Share of the order in this lot."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kProgram[] = {
    {"name", U::kText, P::kOptional, "", kNone, kNone, false, "Display name of the program."},
    {"budget", U::kUsd, P::kOptional, "", 0.0, kNone, true,
     "The program's ceiling (Stargate: $500B)."},
    {"first_tranche", U::kUsd, P::kOptional, "", 0.0, kNone, true,
     "Capital to be deployed at once (Stargate: $100B)."},
    {"vehicles", U::kRefList, P::kOptional, "", kNone, kNone, false,
     "Vehicles whose capital counts as the program's; absent, every vehicle."},
    {"sites", U::kRefList, P::kOptional, "", kNone, kNone, false,
     "Sites whose costs, compute and jobs count as the program's (levelised cost, jobs); absent, "
     "every site."},
    {"enforce",
     U::kBool,
     P::kDefault,
     "false",
     kNone,
     kNone,
     false,
     "true: the program's vehicles together pay no more capex than the budget.",
     {},
     false},
    {"discount_rate", U::kFraction, P::kDefault, "8%", 0.0, 1.0, false,
     "Rate for NPVs and the levelised cost of compute (assumption: 8%, between the 6–9% cost of "
     "debt and equity returns; facts §10)."},
    {"terminal_multiple", U::kNumber, P::kOptional, "", 0.0, kNone, false,
     "IRR terminal value as this multiple of the last year's EBITDA; absent, book value."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kEquity[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the commitment."},
    {"investor", U::kRef, P::kRequired, "", kNone, kNone, false, "Entity that commits the money."},
    {"vehicle", U::kRef, P::kRequired, "", kNone, kNone, false, "Vehicle that receives it."},
    {"amount", U::kUsd, P::kRequired, "", 0.0, kNone, true, "Amount committed."},
    {"on_call",
     U::kBool,
     P::kDefault,
     "true",
     kNone,
     kNone,
     false,
     "true: drawn when the vehicle needs it, pro rata with the other commitments; false: paid on "
     "the dates of [[equity.calls]].",
     {},
     false},
    {"available_from", U::kDate, P::kOptional, "", kNone, kNone, false,
     "First date the commitment can be called; absent, from the start."},
    {"honoured", U::kFraction, P::kDefault, "100%", 0.0, 1.0, false,
     "Probability the investor pays. A deterministic run honours it when ≥ 50%; one not honoured "
     "provides nothing."},
    {"calls", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Dated calls, [[equity.calls]] with date and amount or share, for on_call = false."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kEquityCall[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false,
     "Id of the call, unique in its commitment."},
    {"date", U::kDate, P::kRequired, "", kNone, kNone, false, "Date the investor pays."},
    {"amount", U::kUsd, P::kOptional, "", 0.0, kNone, false, "Amount paid (or share)."},
    {"share", U::kFraction, P::kOptional, "", 0.0, 1.0, false, "Share of the commitment paid."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kDebt[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the facility."},
    {"lender", U::kRef, P::kRequired, "", kNone, kNone, false, "Entity that lends."},
    {"borrower", U::kRef, P::kRequired, "", kNone, kNone, false, "Vehicle that draws and repays."},
    {"size", U::kUsd, P::kRequired, "", 0.0, kNone, true, "Facility size: most it can have drawn."},
    {"rate", U::kFraction, P::kOptional, "", 0.0, 1.0, false,
     "Fixed annual interest rate (or base_rate + margin)."},
    {"base_rate", U::kFraction, P::kOptional, "", 0.0, 1.0, false, "Base rate (with margin)."},
    {"margin", U::kFraction, P::kOptional, "", 0.0, 1.0, false, "Margin over the base rate."},
    {"commitment_fee", U::kFraction, P::kDefault, "0%", 0.0, 1.0, false,
     "Annual fee on the undrawn amount during the draw period."},
    {"available_from", U::kDate, P::kOptional, "", kNone, kNone, false,
     "Financial close: draws may start; absent, the scenario's start."},
    {"draw_period", U::kDuration, P::kRequired, "", 0.0, kNone, true,
     "Time after available_from in which draws are allowed; repayment starts at its end."},
    {"tenor", U::kDuration, P::kRequired, "", 0.0, kNone, true,
     "Time from available_from to the final repayment."},
    {"repayment", U::kEnum, P::kDefault, "annuity", kNone, kNone, false,
     "annuity (level payments), bullet (all at maturity) or sculpted (debt service = cash flow ÷ "
     "target_dscr).",
     kRepayments},
    {"target_dscr", U::kNumber, P::kOptional, "", 1.0, kNone, false,
     "For sculpted repayment: cash flow available ÷ debt service."},
    {"payments", U::kEnum, P::kDefault, "quarterly", kNone, kNone, false,
     "How often interest, fees and principal are paid.", kPeriods},
    {"max_debt_to_capex", U::kFraction, P::kOptional, "", 0.0, 1.0, false,
     "Cap: debt drawn ≤ this × cumulative capex paid by the borrower, both after the draw."},
    {"min_dscr", U::kNumber, P::kOptional, "", 0.0, kNone, false,
     "Covenant: below it, surplus cash sweeps to repay the facility instead of going to owners."},
    {"capitalise_interest",
     U::kBool,
     P::kDefault,
     "true",
     kNone,
     kNone,
     false,
     "During the draw period, interest is added to the balance (within the size) instead of paid "
     "in cash.",
     {},
     false},
    {"priority",
     U::kInteger,
     P::kDefault,
     "1",
     kNone,
     kNone,
     false,
     "Facilities of one borrower draw in this order, lowest first; pro rata within one.",
     {},
     false},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kFunding[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the link."},
    {"funder", U::kRef, P::kRequired, "", kNone, kNone, false, "Vehicle that provides the money."},
    {"funded", U::kRef, P::kRequired, "", kNone, kNone, false,
     "Vehicle whose shortfall it covers."},
    {"limit", U::kUsd, P::kOptional, "", 0.0, kNone, true, "Most the funder provides in all."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kRevenue[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the schedule."},
    {"entity", U::kRef, P::kRequired, "", kNone, kNone, false, "Entity that receives it."},
    {"payer", U::kRef, P::kOptional, "", kNone, kNone, false,
     "Entity that pays it; absent, customers outside the scenario."},
    {"start", U::kDate, P::kRequired, "", kNone, kNone, false, "First day of revenue."},
    {"end",
     U::kDate,
     P::kOptional,
     "",
     kNone,
     kNone,
     false,
     "Last day; absent, to the horizon; may fall after it.",
     {},
     true,
     true},
    {"per_year", U::kUsd, P::kRequired, "", 0.0, kNone, true,
     "Revenue per year, received at each month's end for the days in it."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kJobs[] = {
    {"construction_per_musd", U::kNumber, P::kRequired, "", 0.0, kNone, true,
     "Construction job-years per $1M of construction capex."},
    {"permanent_per_mw", U::kNumber, P::kRequired, "", 0.0, kNone, true,
     "Permanent jobs per online IT MW."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kContract[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the contract."},
    {"kind", U::kEnum, P::kRequired, "", kNone, kNone, false,
     "lease (MW of a site's IT capacity; the lessee installs its own accelerators) or compute "
     "(accelerators, with their site and type).",
     kContractKinds},
    {"provider", U::kRef, P::kRequired, "", kNone, kNone, false,
     "Entity that supplies the capacity (a lease's landlord)."},
    {"customer", U::kRef, P::kRequired, "", kNone, kNone, false,
     "Entity that receives it, and pays."},
    {"start", U::kDate, P::kRequired, "", kNone, kNone, false, "First day of delivery."},
    {"term", U::kDuration, P::kOptional, "", 0.0, kNone, true,
     "How long it runs from start; absent, to the horizon. May run past the horizon."},
    {"signed", U::kDate, P::kOptional, "", kNone, kNone, false,
     "When it was signed: ranks a provider's contracts of one priority (earliest first); "
     "default its start."},
    {"priority", U::kInteger, P::kOptional, "", kNone, kNone, false,
     "When a provider has less than its contracts promise, lower priorities are served first, "
     "pro rata within one; default: all equal, ranked by signed date."},
    {"site", U::kRef, P::kOptional, "", kNone, kNone, false,
     "A lease: the site leased (required). Compute: only accelerators at this site."},
    {"accelerator", U::kRef, P::kOptional, "", kNone, kNone, false,
     "Compute: only accelerators of this type."},
    {"mw", U::kMw, P::kOptional, "", 0.0, kNone, true, "A lease: IT MW leased."},
    {"count", U::kAccelerators, P::kOptional, "", 0.0, kNone, true,
     "Compute: accelerators promised."},
    {"share", U::kFraction, P::kOptional, "", 0.0, 1.0, true,
     "Compute: share of the provider's capacity (after its reserved own use); a lease: share of "
     "the site's online IT MW."},
    {"all_of", U::kRef, P::kOptional, "", kNone, kNone, false,
     "Compute: everything the provider receives under this other contract."},
    {"price_per_accelerator_hour", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "Price per accelerator-hour delivered (or used, without take-or-pay)."},
    {"price_per_mw_month", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "Price per MW-month of IT capacity delivered (a compute contract counts its accelerators' "
     "all-in watts)."},
    {"fixed_per_year", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "A fixed amount per year while the contract runs, whatever is delivered."},
    {"take_or_pay", U::kBool, P::kDefault, "true", kNone, kNone, false,
     "The customer pays for the capacity delivered whether it uses it or not; false: only for "
     "the share it uses."},
    {"exclusive_to", U::kRef, P::kOptional, "", kNone, kNone, false,
     "A tenant: the capacity serves only it, through every later contract; what it does not use "
     "stays idle."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kTenant[] = {
    {"priority", U::kInteger, P::kDefault, "1", kNone, kNone, false,
     "Competing tenants' new demand is served lowest priority first, pro rata within one."},
    {"procurement_term", U::kDuration, P::kDefault, "1y", 0.0, kNone, true,
     "Term of the new contracts its new demand becomes."},
    {"retry", U::kDuration, P::kDefault, "1mo", 0.0, kNone, true,
     "How long unmet new demand waits before it is offered again."},
    {"inference", U::kTable, P::kOptional, "", kNone, kNone, false,
     "Inference demand over time: [tenants.<id>.inference]."},
    {"budget", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Ability to pay: dated points of $ per year for compute contracts, interpolated; new "
     "contracts beyond it are not signed."},
    {"training", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Explicit training runs: [[tenants.<id>.training]]."},
    {"frontier", U::kTable, P::kOptional, "", kNone, kNone, false,
     "A frontier policy: a run on the largest block every cadence."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kInference[] = {
    {"accelerator", U::kRef, P::kOptional, "", kNone, kNone, false,
     "The type `accelerators` counts in (accelerator-equivalents at its BF16 peak)."},
    {"start", U::kDate, P::kOptional, "", kNone, kNone, false,
     "With flops or accelerators: the date of that value, from which it grows."},
    {"flops", U::kFlopPerS, P::kOptional, "", 0.0, kNone, false, "Demand at start, dense BF16."},
    {"accelerators", U::kAccelerators, P::kOptional, "", 0.0, kNone, false,
     "Demand at start in accelerator-equivalents of `accelerator`."},
    {"growth", U::kFraction, P::kDefault, "0%", -1.0, kNone, true,
     "Yearly growth from start, compounding."},
    {"points", U::kTableArray, P::kOptional, "", kNone, kNone, false,
     "Instead of start and growth: dated points, interpolated linearly, flat outside."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kDemandPoint[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the point."},
    {"date", U::kDate, P::kRequired, "", kNone, kNone, false, "Its date."},
    {"flops", U::kFlopPerS, P::kOptional, "", 0.0, kNone, false, "Demand, dense BF16."},
    {"accelerators", U::kAccelerators, P::kOptional, "", 0.0, kNone, false,
     "Demand in accelerator-equivalents of the inference's `accelerator`."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kBudgetPoint[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the point."},
    {"date", U::kDate, P::kRequired, "", kNone, kNone, false, "Its date."},
    {"per_year", U::kUsd, P::kRequired, "", 0.0, kNone, false,
     "Most it can pay for compute contracts per year from this date."},
    STARGATE_PROVENANCE_KEYS,
};

#define STARGATE_RUN_KEYS                                                                       \
  {"precision", U::kEnum, P::kDefault, "bf16",                                                  \
   kNone,       kNone,    false,       "The precision whose dense peak the run uses.",          \
   kPrecisions},                                                                                \
      {"mfu",                                                                                   \
       U::kFraction,                                                                            \
       P::kDefault,                                                                             \
       "40%",                                                                                   \
       0.0,                                                                                     \
       1.0,                                                                                     \
       true,                                                                                    \
       "Model FLOP utilisation: the share of peak the run achieves while it computes. Default " \
       "an assumption: 35-45% is typical of large dense runs (PaLM reported 46.2%)."},          \
      {"min_accelerators",                                                                      \
       U::kAccelerators,                                                                        \
       P::kDefault,                                                                             \
       "1",                                                                                     \
       0.0,                                                                                     \
       kNone,                                                                                   \
       true,                                                                                    \
       "The smallest block it runs on; with less, it is skipped."},                             \
      {"checkpoint_time",                                                                       \
       U::kHours,                                                                               \
       P::kDefault,                                                                             \
       "0.1h",                                                                                  \
       0.0,                                                                                     \
       kNone,                                                                                   \
       false,                                                                                   \
       "Time to write a checkpoint (assumption: ~6 minutes)."},                                 \
  {                                                                                             \
    "restart_time", U::kHours, P::kDefault, "0.25h", 0.0, kNone, false,                         \
        "Time to restart after a failure (assumption: ~15 minutes)."                            \
  }

constexpr ParamSpec kTraining[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the run."},
    {"earliest_start", U::kDate, P::kRequired, "", kNone, kNone, false,
     "It starts on this date, on the largest block it then controls."},
    {"flop", U::kFlop, P::kOptional, "", 0.0, kNone, true,
     "Target compute (exactly one of flop, duration)."},
    {"duration", U::kDuration, P::kOptional, "", 0.0, kNone, true, "How long it runs."},
    {"max_accelerators", U::kAccelerators, P::kOptional, "", 0.0, kNone, true,
     "The largest block it uses."},
    {"sites", U::kInteger, P::kDefault, "1", 1.0, kNone, false,
     "Most sites it spans (multi-site training), taking the largest blocks of one type."},
    {"site_penalty", U::kFraction, P::kDefault, "10%", 0.0, 1.0, false,
     "Efficiency lost per extra site (assumption)."},
    STARGATE_RUN_KEYS,
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kFrontier[] = {
    {"start", U::kDate, P::kRequired, "", kNone, kNone, false, "The first run's start."},
    {"cadence", U::kDuration, P::kRequired, "", 0.0, kNone, true, "Time between run starts."},
    {"duration", U::kDuration, P::kRequired, "", 0.0, kNone, true, "How long each run lasts."},
    {"max_accelerators", U::kAccelerators, P::kOptional, "", 0.0, kNone, true,
     "The largest block a run uses; absent, the whole largest block."},
    STARGATE_RUN_KEYS,
    STARGATE_PROVENANCE_KEYS,
};
#undef STARGATE_RUN_KEYS

constexpr ParamSpec kRofr[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the right."},
    {"tenant", U::kRef, P::kRequired, "", kNone, kNone, false,
     "Tenant whose new demand it covers."},
    {"holder", U::kRef, P::kRequired, "", kNone, kNone, false,
     "Provider offered that demand first."},
    {"start", U::kDate, P::kRequired, "", kNone, kNone, false, "From this date."},
    {"end",
     U::kDate,
     P::kOptional,
     "",
     kNone,
     kNone,
     false,
     "Until this date; absent, to the horizon; may fall after it.",
     {},
     true,
     true},
    {"take_fraction", U::kFraction, P::kRequired, "", 0.0, 1.0, false,
     "Share of each request the holder accepts (its appetite), up to its spare capacity."},
    {"price_per_pflop_hour", U::kUsd, P::kOptional, "", 0.0, kNone, false,
     "Price of what it accepts, per PFLOP-hour of dense BF16; absent, its market price."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kCorrelation[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the group."},
    {"inputs", U::kRefList, P::kRequired, "", kNone, kNone, false,
     "Key paths of two or more uncertain inputs (`stargate explain` lists them)."},
    {"rho", U::kNumber, P::kRequired, "", -1.0, 1.0, false,
     "Correlation of every pair of them, of their normal scores (a Gaussian copula)."},
    STARGATE_PROVENANCE_KEYS,
};

constexpr ParamSpec kQuestion[] = {
    {"id", U::kId, P::kRequired, "", kNone, kNone, false, "Id of the question."},
    {"metric", U::kText, P::kRequired, "", kNone, kNone, false,
     "A timeline.csv column, e.g. \"abilene_online_it_mw\" or \"stargate_funding_gap_usd\"."},
    {"op", U::kEnum, P::kRequired, "", kNone, kNone, false, "The comparison.", kOps},
    {"value", U::kNumber, P::kRequired, "", kNone, kNone, false,
     "The threshold, in the column's unit (MW, USD, FLOP/s, ...)."},
    {"by", U::kDate, P::kOptional, "", kNone, kNone, false,
     "The date on which it must hold (exactly one of by, at_any_time)."},
    {"at_any_time", U::kBool, P::kOptional, "", kNone, kNone, false,
     "true: it holds if it holds on any day of the horizon."},
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
    {"accelerators.<id>", "an accelerator type (overrides or extends the built-in catalog)",
     kAccelerator},
    {"orders.<id>", "a purchase of accelerators", kOrder},
    {"orders.<id>.deliveries.<id>", "one lot of an order's delivery schedule", kDelivery},
    {"program", "the capital program", kProgram},
    {"equity.<id>", "an equity commitment of an investor to a vehicle", kEquity},
    {"equity.<id>.calls.<id>", "a dated call of a commitment", kEquityCall},
    {"debt.<id>", "a debt facility", kDebt},
    {"funding.<id>", "a vehicle funding another vehicle's shortfall", kFunding},
    {"revenue.<id>", "a dated revenue schedule (for contracts, use [[contracts]])", kRevenue},
    {"jobs", "job coefficients", kJobs},
    {"contracts.<id>", "a capacity contract: a lease or compute", kContract},
    {"tenants.<id>", "a tenant's demand and training", kTenant},
    {"tenants.<id>.inference", "a tenant's inference demand", kInference},
    {"tenants.<id>.inference.points.<id>", "a dated point of inference demand", kDemandPoint},
    {"tenants.<id>.budget.<id>", "a dated point of a tenant's compute budget", kBudgetPoint},
    {"tenants.<id>.training.<id>", "an explicit training run", kTraining},
    {"tenants.<id>.frontier", "a frontier training policy", kFrontier},
    {"right_of_first_refusal.<id>", "a right of first refusal on a tenant's new demand", kRofr},
    {"correlations.<id>", "uncertain inputs that move together in Monte Carlo", kCorrelation},
    {"questions.<id>", "a question Monte Carlo answers as a probability", kQuestion},
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
std::span<const ParamSpec> program_params() { return kProgram; }
std::span<const ParamSpec> equity_params() { return kEquity; }
std::span<const ParamSpec> equity_call_params() { return kEquityCall; }
std::span<const ParamSpec> debt_params() { return kDebt; }
std::span<const ParamSpec> funding_params() { return kFunding; }
std::span<const ParamSpec> revenue_params() { return kRevenue; }
std::span<const ParamSpec> jobs_params() { return kJobs; }
std::span<const ParamSpec> contract_params() { return kContract; }
std::span<const ParamSpec> tenant_params() { return kTenant; }
std::span<const ParamSpec> inference_params() { return kInference; }
std::span<const ParamSpec> demand_point_params() { return kDemandPoint; }
std::span<const ParamSpec> budget_point_params() { return kBudgetPoint; }
std::span<const ParamSpec> training_params() { return kTraining; }
std::span<const ParamSpec> frontier_params() { return kFrontier; }
std::span<const ParamSpec> rofr_params() { return kRofr; }
std::span<const ParamSpec> correlation_params() { return kCorrelation; }
std::span<const ParamSpec> question_params() { return kQuestion; }
std::span<const SpecTable> all_spec_tables() { return kTables; }

const ParamSpec* find_param(std::span<const ParamSpec> table, std::string_view key) {
  for (const ParamSpec& p : table) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

}  // namespace stargate

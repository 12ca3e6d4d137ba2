// The built-in scenario: every value sourced, its key numbers derived by hand
// (tests/golden/stargate-2025-01/README.md gives the reasoning), and its whole
// summary against the reviewed golden file.
#include <gtest/gtest.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stargate/output.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"

namespace stargate {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kBuiltinPath =
    std::string(STARGATE_SOURCE_DIR) + "/scenarios/stargate-2025-01.toml";

struct Prov {
  std::string source, note;
};

// A value is sourced when it, or the nearest table around it that says
// anything, has a `source`, or a `note` that starts with "assumption:".
bool sourced(const Prov& p) { return !p.source.empty() || p.note.rfind("assumption:", 0) == 0; }

Prov own_provenance(const toml::table& t, const Prov& inherited) {
  Prov own;
  if (auto s = t.get_as<std::string>("source")) own.source = s->get();
  if (auto n = t.get_as<std::string>("note")) own.note = n->get();
  return own.source.empty() && own.note.empty() ? inherited : own;
}

// Keys that name or label rather than state a fact.
bool is_label(const std::string& key) {
  return key == "id" || key == "name" || key == "source" || key == "note" || key == "description" ||
         key == "location";
}

void check_leaves(const toml::table& t, const std::string& path, const Prov& inherited,
                  std::vector<std::string>& unsourced) {
  const Prov here = own_provenance(t, inherited);
  for (auto&& [k, v] : t) {
    const std::string key(k.str());
    const std::string at = path.empty() ? key : path + "." + key;
    if (is_label(key)) continue;
    if (const toml::table* sub = v.as_table()) {
      // An inline value table { value = …, source = … } is a leaf with its
      // own provenance; a [table] is a level of the tree.
      const bool is_value = sub->is_inline();
      if (is_value) {
        if (!sourced(own_provenance(*sub, here))) unsourced.push_back(at);
      } else {
        check_leaves(*sub, at, here, unsourced);
      }
    } else if (const toml::array* arr = v.as_array();
               arr && arr->is_array_of_tables() && !arr->empty()) {
      for (auto&& item : *arr) {
        const toml::table& it = *item.as_table();
        const auto id = it.get_as<std::string>("id");
        check_leaves(it, at + "." + (id ? id->get() : "?"), here, unsourced);
      }
    } else if (!sourced(here)) {
      unsourced.push_back(at);
    }
  }
}

TEST(Builtin, EveryLeafValueHasASourceOrAnAssumption) {
  const toml::table root = toml::parse(std::string_view(read_file(kBuiltinPath)), kBuiltinPath);
  std::vector<std::string> unsourced;
  // The [scenario] table's own keys (name, step) are labels and settings; the
  // dates and seed carry their provenance inline.
  check_leaves(root, "", Prov{}, unsourced);
  std::string list;
  for (const std::string& u : unsourced) list += "\n  " + u;
  EXPECT_TRUE(unsourced.empty()) << "values without a source or an 'assumption:' note:" << list;
}

// The check above must be able to fail.
TEST(Builtin, ProvenanceCheckCatchesAnUnsourcedValue) {
  const toml::table root = toml::parse(std::string_view(R"(
[sites.x]
pue = 1.2
[[sites.x.phases]]
id = "p"
it_mw = { value = "10MW", note = "a guess" }
duration = { value = "1y", note = "assumption: a year" }
)"));
  std::vector<std::string> unsourced;
  check_leaves(root, "", Prov{}, unsourced);
  std::sort(unsourced.begin(), unsourced.end());
  EXPECT_EQ(unsourced, (std::vector<std::string>{"sites.x.phases.p.it_mw", "sites.x.pue"}));
}

TEST(Builtin, CompiledInCopyIsTheFileInTheRepository) {
  const Scenario file = Scenario::load(kBuiltinPath);
  const Scenario builtin = Scenario::builtin("stargate-2025-01");
  EXPECT_EQ(summary_json(simulate(file), ""), summary_json(simulate(builtin), ""));
}

const PhaseResult& phase(const Results& r, const std::string& site, const std::string& id) {
  for (const PhaseResult& p : r.phases) {
    if (p.site == site && p.id == id) return p;
  }
  throw std::runtime_error("no phase " + site + "/" + id);
}

template <class T>
const T& by_id(const std::vector<T>& items, const std::string& id) {
  for (const T& x : items) {
    if (x.id == id) return x;
  }
  throw std::runtime_error("no item " + id);
}

std::int32_t party(const Results& r, const std::string& id) {
  const auto it = std::find(r.parties.begin(), r.parties.end(), id);
  if (it == r.parties.end()) throw std::runtime_error("no party " + id);
  return static_cast<std::int32_t>(it - r.parties.begin());
}

// The sum of the ledger's flows of these kinds from `from` (any payee).

TEST(Builtin, KeyNumbersDerivedByHand) {
  const Results r = simulate(Scenario::builtin());
  EXPECT_EQ(r.label, "base case");

  // Oracle's $7B at the catalog's $60,000 all-in per GB200: floor(7e9 / 6e4).
  ASSERT_EQ(r.orders.front().id, "oracle-abilene");
  EXPECT_EQ(r.orders.front().count.value(), 116666.0);
  EXPECT_EQ(r.orders.front().unit_price.value(), 60000.0);

  // Phase 1: 172 MW IT × PUE 1.2 = 206.4 MW does not fit the 200 MW
  // substation; the 360.5 MW turbines on 2025-09-30 let it on.
  const PhaseResult& p1 = phase(r, "abilene", "phase1");
  EXPECT_EQ(*p1.built, Date::from_ymd(2025, 6, 1));
  EXPECT_EQ(*p1.online, Date::from_ymd(2025, 9, 30));
  EXPECT_EQ(p1.critical_path, CriticalPath::kPower);
  EXPECT_EQ(p1.power_wait_days, 121);
  // Sunk at the start: 7 months and 20 of January's 31 days of its 12
  // months done (a duration in months runs on calendar months), F(x) = 3x² −
  // 2x³ of $3.4B.
  const double x = (7.0 + 20.0 / 31.0) / 12.0;
  EXPECT_NEAR(p1.spent_before_start.value(), 3.4e9 * x * x * (3 - 2 * x), 1.0);
  EXPECT_NEAR(p1.spent_before_start.value() + p1.spent.value(), 3.4e9, 1e-3);

  // Phase 2: 2025-03-18 + 15.5 months (15 days for the half month), on time:
  // the JV's money (phase 2 assumed raised on phase 1's terms) never binds.
  const PhaseResult& p2 = phase(r, "abilene", "phase2");
  EXPECT_EQ(*p2.online, Date::from_ymd(2026, 7, 3));
  EXPECT_EQ(p2.critical_path, CriticalPath::kConstruction);
  EXPECT_EQ(p2.money_pause_days, 0);

  // Microsoft's FY2025 GB200s: its $29.2B and $23.9B at $60,000, installed
  // when its halls come online on 2025-07-01, retire five years later within
  // the horizon, as do Oracle's first three Abilene lots (42% of 116,666).
  EXPECT_EQ(by_id(r.orders, "microsoft-us-fy2025").count.value(), 486666.0);
  EXPECT_EQ(by_id(r.orders, "microsoft-intl-fy2025").count.value(), 398333.0);
  EXPECT_EQ(*phase(r, "azure-us", "fy2025").online, Date::from_ymd(2025, 7, 1));
  // CoreWeave's 250k H100s, installed at the start of 2024, retire in 2029.
  EXPECT_EQ(r.retired.value(), 49000.0 + 486666.0 + 398333.0 + 250000.0);
  // Microsoft's whole FY2025 program, in the horizon and before it: halls of
  // (949 + 777) MW at $15.6M/MW and the GB200s.
  double microsoft = 0.0;
  for (const char* site : {"azure-us", "azure-intl"}) {
    const PhaseResult& h = phase(r, site, "fy2025");
    microsoft += h.spent.value() + h.spent_before_start.value();
  }
  for (const char* id : {"microsoft-us-fy2025", "microsoft-intl-fy2025"}) {
    const OrderResult& o = by_id(r.orders, id);
    microsoft += o.paid.value() + o.paid_before_start.value();
  }
  EXPECT_NEAR(microsoft, (949 + 777) * 15.6e6 + (486666 + 398333) * 6e4, 1.0);

  // Stargate's envelope: the founders' $52B, the limited partners' $23B and
  // the $48B first-tranche facility are committed; the limited partners'
  // pledge (35%) is not honoured, so what is honoured is the $100B first
  // tranche.
  const ProgramMoney& program = r.program;
  EXPECT_DOUBLE_EQ(program.committed.value(), 123e9);
  EXPECT_DOUBLE_EQ(program.honoured.value(), 100e9);
  EXPECT_DOUBLE_EQ(program.honoured.value(), program.first_tranche->value());
  for (const char* id : {"softbank", "openai", "oracle", "mgx"}) {
    const EquityResult& q = by_id(r.equity, id);
    EXPECT_TRUE(q.honoured) << id;
    EXPECT_NEAR(q.called.value(), q.amount.value(), 1e-3) << id << " is called in full";
  }
  EXPECT_FALSE(by_id(r.equity, "limited-partners").honoured);
  EXPECT_EQ(by_id(r.equity, "limited-partners").called.value(), 0.0);

  // The debt lends up to 48% of the operating unit's capex; with OpenAI's
  // payments beside the founders' equity the unit spends more than
  // $48B ÷ 0.48, so the facility is drawn to its size.
  const VehicleMoney& ops = by_id(r.vehicles, "stargate");
  const DebtResult& tranche = by_id(r.debt, "first-tranche");
  EXPECT_GT(0.48 * ops.capex_paid.value(), tranche.size.value());
  EXPECT_NEAR(tranche.drawn.value(), tranche.size.value(), 1e-3);
  EXPECT_NEAR(program.called.value(), 52e9 + tranche.drawn.value(), 1e-3);
  EXPECT_NEAR(program.spent.value(), ops.capex_paid.value(), 1e-3);
  // The operating unit's money is the founders' $52B, passed on by the
  // financing unit, and the debt: debt's share is 48 ÷ (48 + 52).
  EXPECT_NEAR(ops.funding_received.value(), 52e9, 1e-3);
  EXPECT_NEAR(*ops.debt_share, 0.48, 1e-12);

  // The capacity market (facts §6). Every contract's payments go from its
  // customer to its provider, and only there.
  for (const ContractResult& c : r.contracts) {
    double paid = 0.0;
    for (const LedgerFlow& f : r.flows) {
      if (f.kind != FlowKind::kCapacity ||
          r.purposes[static_cast<size_t>(f.purpose)] != "contracts." + c.id)
        continue;
      EXPECT_EQ(f.from, party(r, c.customer)) << c.id;
      EXPECT_EQ(f.to, party(r, c.provider)) << c.id;
      paid += f.amount;
    }
    EXPECT_NEAR(paid, c.paid.value(), 1e-3) << c.id;
  }
  // Oracle's rent accrues daily (actual/365): $397M a year from 2025-07-01
  // and $1.509B a year from 2026-07-01, to the end of the horizon.
  const double days1 = Date::from_ymd(2031, 1, 1) - Date::from_ymd(2025, 7, 1);
  const double days2 = Date::from_ymd(2031, 1, 1) - Date::from_ymd(2026, 7, 1);
  EXPECT_NEAR(by_id(r.contracts, "abilene-lease-phase1").paid.value(), 397e6 * days1 / 365, 1.0);
  EXPECT_NEAR(by_id(r.contracts, "abilene-lease-phase2").paid.value(), 1.509e9 * days2 / 365, 1.0);
  // CoreWeave's $11.9B over five years from 2025-04-01 ends inside the horizon.
  EXPECT_NEAR(by_id(r.contracts, "coreweave-openai").paid.value(),
              2.38e9 * (Date::from_ymd(2030, 4, 1) - Date::from_ymd(2025, 4, 1)) / 365, 1.0);
  // Microsoft passes Abilene's GB200s to OpenAI at Oracle's price: what it
  // receives equals what it pays.
  EXPECT_NEAR(by_id(r.contracts, "microsoft-openai-abilene").paid.value(),
              by_id(r.contracts, "oracle-microsoft-abilene").paid.value(), 1.0);
  EXPECT_GT(by_id(r.contracts, "oracle-microsoft-abilene").paid.value(), 1e9);
  // OpenAI's served + unmet inference is its inference demand, every year.
  const TenantResult& openai = by_id(r.tenants, "openai");
  ASSERT_EQ(openai.years.size(), 6u);
  for (const TenantYear& y : openai.years) {
    EXPECT_NEAR(y.served - y.training + y.unmet, y.inference_demand, 1e-9 * y.inference_demand)
        << y.year;
  }
  // The timeline splits what OpenAI is served both by route and by
  // provider; at every step the two add up to the same total.
  std::vector<const Series*> routes, providers;
  for (const Series& col : r.timeline.series) {
    if (col.name.rfind("openai_served_by_", 0) == 0) {
      providers.push_back(&col);
    } else if (col.name.rfind("openai_served_", 0) == 0) {
      routes.push_back(&col);
    }
  }
  ASSERT_EQ(routes.size(), 4u);
  EXPECT_GE(providers.size(), 4u);  // itself, microsoft, stargate, coreweave
  for (std::int32_t k = 0; k < r.timeline.steps(); k += 30) {
    double by_route = 0.0, by_provider = 0.0;
    for (const Series* col : routes) by_route += col->at(k);
    for (const Series* col : providers) by_provider += col->at(k);
    EXPECT_NEAR(by_provider, by_route, 1e-9 * std::max(1.0, by_route)) << "step " << k;
  }

  // Frontier runs: one a year from 2025-07-01, four months each, on the
  // largest single-site block; effective FLOP = accelerators × 2.5 PFLOP/s
  // (GB200 and GB300 alike, catalog) × 40% MFU × goodput × seconds.
  ASSERT_EQ(r.runs.size(), 6u);
  for (size_t i = 0; i < r.runs.size(); ++i) {
    const RunResult& run = r.runs[i];
    EXPECT_EQ(run.start, Date::from_ymd(2025 + static_cast<int>(i), 7, 1));
    EXPECT_EQ(run.end, Date::from_ymd(2025 + static_cast<int>(i), 11, 1));
    const double seconds = (run.end - run.start) * 86400.0;
    EXPECT_NEAR(run.flop, run.accelerators * 2.5e15 * 0.4 * run.goodput * seconds, 1e-9 * run.flop);
    EXPECT_NEAR(6.0 * run.params * run.tokens, run.flop, 1e-9 * run.flop);
  }

  // The Abilene JV pays phase 1's unsunk rest and all of phase 2, calls all
  // its equity ($3.4B + the assumed $7.74B for phase 2) and never defaults.
  const VehicleMoney& jv = by_id(r.vehicles, "abilene-jv");
  EXPECT_NEAR(jv.capex_paid.value(), 3.4e9 - p1.spent_before_start.value() + 828 * 15.6e6, 1.0);
  EXPECT_NEAR(jv.equity_called.value(), 3.4e9 + 7.74e9, 1e-3);
  EXPECT_FALSE(jv.default_date.has_value());
  EXPECT_FALSE(jv.first_breach.has_value());
  // Jobs at the program's sites (Abilene and campuses 2–7, not Microsoft's
  // halls): 0.46 job-years per $M of their construction capex in the
  // horizon, 0.3 permanent jobs per online IT MW (1,000 at Abilene, 833 at
  // each of campuses 2–5 and 416.5 at campus 6, whose second half OpenAI's
  // payments do not reach in time).
  double stargate_construction = 0.0;
  for (const PhaseResult& ph : r.phases) {
    if (ph.site.rfind("azure", 0) != 0) stargate_construction += ph.spent.value();
  }
  EXPECT_LT(stargate_construction, r.construction_capex.value() - 1e9);
  EXPECT_NEAR(*program.construction_job_years, 0.46 * stargate_construction / 1e6, 1e-6);
  EXPECT_NEAR(*program.permanent_jobs_end, 0.3 * (1000 + 4 * 833 + 416.5), 1e-9);
}

// Compares two JSON documents: equal structure and strings, numbers within a
// relative 1e-9. Returns the first path that differs, or "".
std::string first_difference(const nlohmann::json& a, const nlohmann::json& b,
                             const std::string& path) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    if (std::fabs(x - y) > 1e-9 * std::max({1.0, std::fabs(x), std::fabs(y)})) {
      return path + ": " + a.dump() + " vs " + b.dump();
    }
    return "";
  }
  if (a.type() != b.type()) return path + ": " + a.dump() + " vs " + b.dump();
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key())) return path + "." + it.key() + ": missing from the golden file";
      if (auto d = first_difference(it.value(), b[it.key()], path + "." + it.key()); !d.empty())
        return d;
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key())) return path + "." + it.key() + ": missing from the run";
    }
    return "";
  }
  if (a.is_array()) {
    if (a.size() != b.size())
      return path + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " items";
    for (size_t i = 0; i < a.size(); ++i) {
      if (auto d = first_difference(a[i], b[i], path + "[" + std::to_string(i) + "]"); !d.empty())
        return d;
    }
    return "";
  }
  return a == b ? "" : path + ": " + a.dump() + " vs " + b.dump();
}

TEST(Builtin, SummaryMatchesTheReviewedGoldenFile) {
  const std::string golden_path =
      std::string(STARGATE_SOURCE_DIR) + "/tests/golden/stargate-2025-01/summary.json";
  nlohmann::json golden = nlohmann::json::parse(read_file(golden_path));
  nlohmann::json run = nlohmann::json::parse(summary_json(simulate(Scenario::builtin()), ""));
  golden.erase("stargate_version");
  run.erase("stargate_version");
  EXPECT_EQ(first_difference(run, golden, "summary"), "")
      << "if the change is intended, regenerate with scripts/update-golden.sh and review the diff";
}

TEST(Builtin, GoldenComparisonReportsThePathThatDiffers) {
  const nlohmann::json a = {{"sites", {{{"online_it_mw", 1000.0}}}}};
  const nlohmann::json b = {{"sites", {{{"online_it_mw", 1000.5}}}}};
  EXPECT_EQ(first_difference(a, b, "summary"), "summary.sites[0].online_it_mw: 1000.0 vs 1000.5");
  EXPECT_EQ(first_difference(a, a, "summary"), "");
}

}  // namespace
}  // namespace stargate

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
double paid_by(const Results& r, const std::string& from, std::initializer_list<FlowKind> kinds) {
  const std::int32_t e = party(r, from);
  double sum = 0.0;
  for (const LedgerFlow& f : r.flows) {
    if (f.from == e && std::find(kinds.begin(), kinds.end(), f.kind) != kinds.end())
      sum += f.amount;
  }
  return sum;
}

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
  EXPECT_EQ(r.retired.value(), 49000.0 + 486666.0 + 398333.0);
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

  // The debt lends 48% of the operating unit's capex and stops at that cap,
  // short of its $48B size: drawn (capitalised interest included) = 0.48 ×
  // capex paid.
  const VehicleMoney& ops = by_id(r.vehicles, "stargate");
  const DebtResult& tranche = by_id(r.debt, "first-tranche");
  EXPECT_NEAR(tranche.drawn.value(), 0.48 * ops.capex_paid.value(), 1e-3);
  EXPECT_LT(tranche.drawn.value(), tranche.size.value() - 1e9);
  EXPECT_NEAR(program.called.value(), 52e9 + tranche.drawn.value(), 1e-3);
  EXPECT_NEAR(program.spent.value(), ops.capex_paid.value(), 1e-3);
  // The operating unit's money is the founders' $52B, passed on by the
  // financing unit, and the debt: debt's share is drawn ÷ (drawn + $52B).
  EXPECT_NEAR(ops.funding_received.value(), 52e9, 1e-3);
  EXPECT_NEAR(*ops.debt_share, tranche.drawn.value() / (tranche.drawn.value() + 52e9), 1e-12);
  // So the capex paid P is what the founders' $52B and the debt beside it
  // leave after the interest capitalised (the unit pays no interest in cash)
  // and the running costs the unit paid: 52e9 + 0.48 P = P + interest + opex.
  const double interest = paid_by(r, "stargate", {FlowKind::kInterest});
  const double running =
      paid_by(r, "stargate", {FlowKind::kEnergy, FlowKind::kOperations, FlowKind::kLandLease});
  EXPECT_NEAR(ops.capex_paid.value(), (52e9 - interest - running) / 0.52, 1e3);
  EXPECT_NEAR(ops.capex_paid.value(), 94.54e9, 0.01e9);

  // The gap opens the day the founders' equity runs out: their last call is
  // on 2028-03-01, the operating unit's first unfunded capex the same day.
  Date last_call;
  for (const LedgerFlow& f : r.flows) {
    if (f.kind == FlowKind::kEquity && f.to == party(r, "stargate-finance")) last_call = f.date;
  }
  EXPECT_EQ(last_call, Date::from_ymd(2028, 4, 1));
  const Series* gap = r.timeline.find("stargate_capex_deferred_usd");
  ASSERT_NE(gap, nullptr);
  std::int32_t first_gap = -1;
  for (size_t i = 0; i < gap->steps.size() && first_gap < 0; ++i) {
    if (gap->values[i] > 0.0) first_gap = gap->steps[i];
  }
  ASSERT_GE(first_gap, 0);
  EXPECT_EQ(r.timeline.boundaries[static_cast<size_t>(first_gap)], Date::from_ymd(2028, 3, 1));
  // Construction is funded a month at a time: on 2028-04-01 the last of the
  // equity and the debt beside it still pay April's share and March's running
  // costs; with no revenue, April's running costs are unpaid at the next
  // monthly settlement: the operating unit is in default from 2028-05-01.
  EXPECT_EQ(*ops.default_date, Date::from_ymd(2028, 5, 1));

  // Which campuses money stops: 4/a (2026-09-01 + 18 months) is built the
  // day the money runs out; 4/b and everything after it pause for money and
  // are never built; 7/b, started on 2028-09-01, is paused every day of the
  // horizon from its start.
  const PhaseResult& c4a = phase(r, "campus-4", "a");
  EXPECT_EQ(*c4a.built, Date::from_ymd(2028, 3, 1));
  EXPECT_EQ(c4a.critical_path, CriticalPath::kConstruction);
  for (const char* site : {"campus-4", "campus-5", "campus-6", "campus-7"}) {
    for (const char* id : {"a", "b"}) {
      if (std::string(site) == "campus-4" && std::string(id) == "a") continue;
      const PhaseResult& ph = phase(r, site, id);
      EXPECT_FALSE(ph.built.has_value()) << site << "/" << id;
      EXPECT_EQ(ph.critical_path, CriticalPath::kMoney) << site << "/" << id;
    }
  }
  EXPECT_EQ(phase(r, "campus-7", "b").money_pause_days,
            Date::from_ymd(2031, 1, 1) - Date::from_ymd(2028, 9, 1));
  // Campus 3 gets the first six of its twelve monthly GB300 lots (2027-09 to
  // 2028-02); the Rubin campuses get none.
  EXPECT_EQ(by_id(r.orders, "campus-3-gb300").delivered.value(), 416500.0 / 2);
  EXPECT_EQ(by_id(r.orders, "campus-4-rubin").delivered.value(), 26699.0);

  // The Abilene JV pays phase 1's unsunk rest and all of phase 2, calls all
  // its equity ($3.4B + the assumed $7.74B for phase 2) and never defaults.
  const VehicleMoney& jv = by_id(r.vehicles, "abilene-jv");
  EXPECT_NEAR(jv.capex_paid.value(), 3.4e9 - p1.spent_before_start.value() + 828 * 15.6e6, 1.0);
  EXPECT_NEAR(jv.equity_called.value(), 3.4e9 + 7.74e9, 1e-3);
  EXPECT_FALSE(jv.default_date.has_value());
  EXPECT_FALSE(jv.first_breach.has_value());
  // Oracle's rent accrues daily (actual/365): $397M a year from 2025-07-01
  // and $1.509B a year from 2026-07-01, to the end of the horizon.
  const double days1 = Date::from_ymd(2031, 1, 1) - Date::from_ymd(2025, 7, 1);
  const double days2 = Date::from_ymd(2031, 1, 1) - Date::from_ymd(2026, 7, 1);
  EXPECT_NEAR(paid_by(r, "oracle", {FlowKind::kRevenue}),
              397e6 * days1 / 365 + 1.509e9 * days2 / 365, 1.0);

  // Jobs at the program's sites (Abilene and campuses 2–7, not Microsoft's
  // halls): 0.46 job-years per $M of their construction capex in the
  // horizon, 0.3 permanent jobs per online IT MW (1,000 at Abilene, 833 +
  // 833 + 416.5 at campuses 2–4).
  double stargate_construction = 0.0;
  for (const PhaseResult& ph : r.phases) {
    if (ph.site.rfind("azure", 0) != 0) stargate_construction += ph.spent.value();
  }
  EXPECT_LT(stargate_construction, r.construction_capex.value() - 1e9);
  EXPECT_NEAR(*program.construction_job_years, 0.46 * stargate_construction / 1e6, 1e-6);
  EXPECT_NEAR(*program.permanent_jobs_end, 0.3 * (1000 + 833 + 833 + 416.5), 1e-9);
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

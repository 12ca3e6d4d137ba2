// The built-in scenario: every value sourced, its key numbers derived by hand
// (tests/golden/stargate-2025-01/README.md gives the reasoning), and its whole
// summary against the reviewed golden file.
#include <gtest/gtest.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <fstream>
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

  // The rest of the key numbers depend on the capital stack (issue 3): see
  // tests/golden/stargate-2025-01/README.md.
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

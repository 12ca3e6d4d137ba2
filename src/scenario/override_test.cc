// Overrides (`--set path=value`): key paths resolve through tables, items by
// id and nested items; a bad path gets a did-you-mean; a bad value gets the
// file's own message, located at "--set".
#include <gtest/gtest.h>

#include <string>

#include "scenario/spec.h"
#include "stargate/error.h"
#include "stargate/scenario.h"

namespace stargate {
namespace {

// tests/transcripts/tiny.toml, with an order delivered in explicit lots.
constexpr std::string_view kTiny = R"([scenario]
name = "Tiny campus"
start = 2025-01-01
end = 2026-12-31

[entities.dev]
name = "Developer"
roles = ["developer"]

[sites.tiny]
pue = 1.25
source = "the tiny campus's plan"
[[sites.tiny.power]]
id = "gas"
kind = "onsite"
mw = "60MW"
online = 2025-03-01
price = "$45/MWh"
carbon_intensity = "0.5t/MWh"
[[sites.tiny.phases]]
id = "hall-1"
it_mw = "40MW"
start = 2025-01-01
duration = "6mo"
capex = "$500M"
payer = "dev"
[[sites.tiny.phases]]
id = "hall-2"
it_mw = "40MW"
duration = "3mo"
capex = "$500M"
payer = "dev"
depends_on = ["hall-1"]

[[orders]]
id = "gpus"
buyer = "dev"
accelerator = "h100"
site = "tiny"
count = 40000
[[orders.deliveries]]
id = "first"
date = 2025-07-01
share = "50%"
[[orders.deliveries]]
id = "second"
date = 2025-09-01
share = "50%"
)";

Scenario tiny(const Overrides& overrides) {
  return Scenario::from_toml(kTiny, "tiny.toml", overrides);
}

const InputRecord& input(const Scenario& s, std::string_view path) {
  for (const InputRecord& r : s.spec().inputs) {
    if (r.key_path == path) return r;
  }
  throw std::runtime_error("no input " + std::string(path));
}

// The issues of a scenario that fails to load, one per line.
std::string problems(const Overrides& overrides, std::string_view text = kTiny) {
  try {
    Scenario::from_toml(text, "tiny.toml", overrides);
  } catch (const Error& e) {
    std::string out;
    for (const Issue& i : e.issues()) out += i.to_string() + "\n";
    return out;
  }
  return "loaded";
}

TEST(Override, ParsesPathAndValueAtTheFirstEquals) {
  const Override o = Override::parse(" scenario.name = a = b ");
  EXPECT_EQ(o.path, "scenario.name");
  EXPECT_EQ(o.value, "a = b");
  EXPECT_EQ(o.source, "--set");
  try {
    Override::parse("sites.tiny.pue");
    FAIL() << "no '=' accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidScenario);
    EXPECT_EQ(e.issues().at(0).to_string(),
              "--set: expected path=value, got 'sites.tiny.pue' (for example "
              "sites.abilene.phases.phase2.duration=30mo)");
  }
}

TEST(Override, SetsAKeyOfATable) {
  const Scenario s = tiny({{"scenario.end", "2026-06-30"}, {"sites.tiny.pue", "1.5"}});
  EXPECT_EQ(s.spec().info.end.to_string(), "2026-06-30");
  EXPECT_DOUBLE_EQ(s.spec().sites.at(0).pue.base, 1.5);
  // Located at --set; noted as set there rather than credited to the site's source.
  const InputRecord& pue = input(s, "sites.tiny.pue");
  EXPECT_EQ(pue.where.file, "--set");
  EXPECT_EQ(pue.where.line, 0);
  EXPECT_EQ(pue.provenance.source, "");
  EXPECT_EQ(pue.provenance.note, "set by --set");
  // The other keys keep the file's places and sources.
  EXPECT_EQ(input(s, "sites.tiny.power.gas.mw").where.file, "tiny.toml");
  EXPECT_EQ(input(s, "sites.tiny.power.gas.mw").provenance.source, "the tiny campus's plan");
}

TEST(Override, SetsAnItemOfAnArrayOfTablesByItsId) {
  // "9mo" is not TOML, so it is the string "9mo", as if quoted in the file.
  const Scenario s = tiny({{"sites.tiny.phases.hall-2.duration", "9mo"}});
  const Duration d = s.spec().sites.at(0).phases.at(1).duration.base;
  EXPECT_EQ(d.amount, 9.0);
  EXPECT_EQ(d.unit, Duration::Unit::kMonths);
  EXPECT_EQ(s.spec().sites.at(0).phases.at(0).duration.base.amount, 6.0);  // hall-1 untouched
}

TEST(Override, SetsANestedItem) {
  const Scenario s = tiny({{"orders.gpus.deliveries.second.date", "2025-10-01"}});
  EXPECT_EQ(s.spec().orders.at(0).deliveries.at(1).date.base.to_string(), "2025-10-01");
}

TEST(Override, ReadsTomlValuesAndQuotedStrings) {
  // An inline table: a distribution; a quoted string is the same as a bare one.
  const Scenario s =
      tiny({{"sites.tiny.phases.hall-1.duration", R"({ pert = ["5mo", "6mo", "9mo"] })"},
            {"sites.tiny.phases.hall-2.duration", R"("4mo")"}});
  EXPECT_TRUE(s.spec().sites.at(0).phases.at(0).duration.is_uncertain());
  EXPECT_EQ(s.spec().sites.at(0).phases.at(1).duration.base.amount, 4.0);
  EXPECT_EQ(input(s, "sites.tiny.phases.hall-1.duration").provenance.note, "set by --set");
}

TEST(Override, AddsAKeyTheTableAllowsAndTheFileOmits) {
  const Scenario s = tiny({{"sites.tiny.utilisation", "80%"}});
  EXPECT_DOUBLE_EQ(s.spec().sites.at(0).utilisation.base.value(), 0.8);
  EXPECT_FALSE(input(s, "sites.tiny.utilisation").is_default);
  // A catalog accelerator the file does not override, and a section it omits.
  const Scenario t = tiny({{"accelerators.h100.unit_price", "$20k"}, {"program.budget", "$2B"}});
  EXPECT_DOUBLE_EQ(t.spec().accelerator("h100")->unit_price->base.value(), 20e3);
}

TEST(Override, LaterOverridesWinAndComposeWithWithOverrides) {
  const Scenario s = tiny({{"sites.tiny.pue", "1.5"}, {"sites.tiny.pue", "1.4"}});
  EXPECT_DOUBLE_EQ(s.spec().sites.at(0).pue.base, 1.4);
  const Scenario t = s.with_overrides({{"sites.tiny.pue", "1.3"}});
  EXPECT_DOUBLE_EQ(t.spec().sites.at(0).pue.base, 1.3);
  EXPECT_EQ(t.overrides().size(), 3u);
  EXPECT_DOUBLE_EQ(s.spec().sites.at(0).pue.base, 1.4);  // the original is unchanged
}

TEST(Override, UnknownPathsSuggestTheClosestKeyPath) {
  EXPECT_EQ(problems({{"sites.tiny.phases.hall-1.duraton", "9mo"}}),
            "--set: sites.tiny.phases.hall-1.duraton: unknown key 'duraton' in "
            "sites.tiny.phases.hall-1 (did you mean 'sites.tiny.phases.hall-1.duration'?)\n");
  EXPECT_EQ(problems({{"sites.tiny.phases.hall-3.duration", "9mo"}}),
            "--set: sites.tiny.phases.hall-3.duration: unknown id 'hall-3' in sites.tiny.phases "
            "(did you mean 'sites.tiny.phases.hall-1.duration'?)\n");
  EXPECT_EQ(problems({{"sites.tiyn.pue", "1.3"}}),
            "--set: sites.tiyn.pue: unknown id 'tiyn' in sites (did you mean 'sites.tiny.pue'?)\n");
  EXPECT_EQ(problems({{"site.tiny.pue", "1.3"}}),
            "--set: site.tiny.pue: unknown section 'site' (did you mean 'sites.tiny.pue'?)\n");
  EXPECT_EQ(problems({{"accelerators.h10.mtbf", "1000h"}}),
            "--set: accelerators.h10.mtbf: unknown id 'h10' in accelerators (did you mean "
            "'accelerators.h100.mtbf'?)\n");
}

TEST(Override, UnknownPathsWithoutACloseMatchListWhatExists) {
  EXPECT_EQ(problems({{"sites.tiny.phases.hall-1.colour", "red"}}),
            "--set: sites.tiny.phases.hall-1.colour: unknown key 'colour' in "
            "sites.tiny.phases.hall-1 (sites.tiny.phases.hall-1 takes id, name, it_mw, start, "
            "duration, capex_per_mw, capex, payer, depends_on, profile, priority, source and "
            "note)\n");
  EXPECT_EQ(problems({{"sites.tiny.phases.annex.duration", "9mo"}}),
            "--set: sites.tiny.phases.annex.duration: unknown id 'annex' in sites.tiny.phases "
            "(the ids are hall-1 and hall-2)\n");
  EXPECT_EQ(problems({{"equity.softbank.honoured", "90%"}}),
            "--set: equity.softbank.honoured: unknown id 'softbank' in equity (the scenario has "
            "no [[equity]])\n");
}

TEST(Override, PathsThatNameNoValue) {
  EXPECT_EQ(problems({{"sites.tiny.phases.hall-1.id", "hall-9"}}),
            "--set: sites.tiny.phases.hall-1.id: an item's id names it in key paths and cannot "
            "be set (set its other keys, or edit the file)\n");
  EXPECT_EQ(problems({{"sites.tiny.pue.value", "1.3"}}),
            "--set: sites.tiny.pue.value: 'pue' is a value, not a table\n");
  EXPECT_EQ(problems({{"sites.tiny.phases.hall-1", "9mo"}}),
            "--set: sites.tiny.phases.hall-1: expected a key path to a value, got the table "
            "sites.tiny.phases.hall-1 (sites.tiny.phases.hall-1 takes name, it_mw, start, "
            "duration, capex_per_mw, capex, payer, depends_on, profile, priority, source and "
            "note)\n");
  EXPECT_EQ(problems({{"sites..pue", "1"}}),
            "--set: sites..pue: expected a key path such as "
            "sites.abilene.phases.phase2.duration, got 'sites..pue'\n");
}

// "What if SoftBank does not pay": an override that fixes a correlated input
// takes it out of its correlation group (the rest stay correlated); the same
// fixed input named in a group by the file itself is an error.
TEST(Override, FixingACorrelatedInputTakesItOutOfItsGroup) {
  const Scenario s = Scenario::builtin("stargate-2025-01", {{"equity.softbank.honoured", "0%"}});
  bool group_left = false;
  for (const CorrelationSpec& c : s.spec().correlations) {
    for (const Ref& r : c.inputs) EXPECT_NE(r.id, "equity.softbank.honoured") << c.id;
    if (c.id == "founders") {
      group_left = true;
      EXPECT_GE(c.inputs.size(), 2u);
    }
  }
  EXPECT_TRUE(group_left);
  for (const UncertainInput& u : s.spec().uncertain)
    EXPECT_NE(u.key_path, "equity.softbank.honoured");

  std::string file(kTiny);
  file += R"(
[[correlations]]
id = "slip"
inputs = ["sites.tiny.phases.hall-1.duration", "sites.tiny.phases.hall-1.capex"]
rho = 0.5
)";
  EXPECT_NE(
      problems({}, file).find("'sites.tiny.phases.hall-1.duration' is not an uncertain input"),
      std::string::npos);
}

// A path that does not resolve changes nothing: [jobs] is not made for a
// misspelt key, so the missing keys of an empty [jobs] are not reported.
TEST(Override, AFailedPathLeavesTheScenarioAsItWas) {
  EXPECT_EQ(problems({{"jobs.permanent_pr_mw", "0.25"}}),
            "--set: jobs.permanent_pr_mw: unknown key 'permanent_pr_mw' in jobs (did you mean "
            "'jobs.permanent_per_mw'?)\n");
  // A table made by an override is located at --set too.
  EXPECT_EQ(problems({{"jobs.permanent_per_mw", "0.25"}}),
            "--set: jobs: missing required key 'construction_per_musd' (expected a number)\n");
}

// A bad value gets the message a file gets for it, at --set instead of a line.
TEST(Override, ABadValueGetsTheFilesMessage) {
  std::string file(kTiny);
  file.replace(file.find("it_mw = \"40MW\""), 14, "it_mw = \"100MWh\"");
  const std::string from_file = problems({}, file);
  const std::string from_set = problems({{"sites.tiny.phases.hall-1.it_mw", "100MWh"}});
  ASSERT_EQ(from_set,
            "--set: sites.tiny.phases.hall-1.it_mw: expected a power (W, kW, MW, GW), got an "
            "energy '100MWh'\n");
  EXPECT_EQ(from_file.substr(from_file.find(": ") + 2), from_set.substr(7));
  EXPECT_EQ(problems({{"scenario.step", "daily"}}),
            "--set: scenario.step: expected day, week or month, got 'daily' (did you mean "
            "'day'?)\n");
  EXPECT_EQ(problems({{"sites.tiny.phases.hall-1.payer", "deve"}}),
            "--set: sites.tiny.phases.hall-1.payer: unknown entity 'deve' (did you mean "
            "'dev'?)\n");
  // A value that breaks a rule elsewhere: the file's date is now after the end.
  EXPECT_EQ(problems({{"scenario.end", "2025-08-31"}}),
            "tiny.toml:47:8: orders.gpus.deliveries.second.date: must be on or before the "
            "scenario's end (2025-08-31), got 2025-09-01 (dates before the start are allowed; "
            "dates after the end are not)\n");
}

TEST(Override, ProblemsOfOverridesAndOfTheFileAreReportedTogether) {
  EXPECT_EQ(problems({{"sites.tiny.pu", "1.3"}, {"sites.tiny.pue", "9"}}),
            "--set: sites.tiny.pu: unknown key 'pu' in sites.tiny (did you mean "
            "'sites.tiny.pue'?)\n"
            "--set: sites.tiny.pue: must be between 1 and 3, got 9\n");
}

// The examples of the brief, on the built-in scenario.
TEST(Override, BuiltinScenarioPaths) {
  const Scenario s = Scenario::builtin(
      kDefaultScenario,
      {Override::parse("sites.abilene.phases.phase2.duration=30mo"),
       Override::parse("equity.softbank.honoured=90%"), Override::parse("scenario.end=2031-12-31"),
       Override::parse(R"(tenants.openai.inference.growth={ pert = ["30%","54%","80%"] })")});
  EXPECT_EQ(input(s, "sites.abilene.phases.phase2.duration").text, "30mo");
  EXPECT_DOUBLE_EQ(input(s, "equity.softbank.honoured").base, 0.9);
  EXPECT_EQ(s.spec().info.end.to_string(), "2031-12-31");
  EXPECT_EQ(input(s, "tenants.openai.inference.growth").text, "pert = [30%, 54%, 80%]");
}

// Every single value the built-in scenario writes, set again to its own text
// by its key path, all at once: each path resolves and each value reads back
// the same, whatever section, table, item or nested item it is in.
TEST(Override, EveryInputOfTheBuiltinScenarioResolves) {
  const Scenario base = Scenario::builtin();
  Overrides overrides;
  for (const InputRecord& r : base.spec().inputs) {
    if (r.is_default || r.where.line == 0 || r.text.empty() || r.text.front() == '[') continue;
    if (r.provenance.note.starts_with("built-in catalog")) continue;  // rounded for reports
    if (r.text.find(" = ") != std::string::npos) continue;            // a distribution
    overrides.push_back(Override{r.key_path, r.text});
  }
  ASSERT_GT(overrides.size(), 100u);
  const Scenario again = base.with_overrides(overrides);
  for (const Override& o : overrides) {
    EXPECT_EQ(input(again, o.path).base, input(base, o.path).base) << o.path << " = " << o.value;
    EXPECT_EQ(input(again, o.path).where.file, "--set") << o.path;
  }
}

}  // namespace
}  // namespace stargate

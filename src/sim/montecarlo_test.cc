#include "stargate/montecarlo.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/random.h"
#include "scenario/sample.h"
#include "scenario/spec.h"
#include "sim/montecarlo_run.h"
#include "stargate/error.h"

namespace stargate {
namespace {

// Two phases whose durations and capex are uncertain, correlated, and two
// questions about them.
constexpr const char* kScenario = R"(
[scenario]
name = "mc"
start = 2025-01-01
end = 2027-12-31
seed = 11

[entities.acme]
name = "Acme"
roles = ["developer"]

[sites.alpha]
pue = 1.2

[[sites.alpha.power]]
id = "grid"
kind = "grid"
mw = "200MW"
online = 2024-01-01
price = "$50/MWh"
carbon_intensity = "0.4t/MWh"

[[sites.alpha.phases]]
id = "a"
it_mw = "60MW"
start = 2025-02-01
duration = { pert = ["10mo", "12mo", "24mo"] }
capex = { normal = ["$1B", "$0.2B"], min = 0 }
payer = "acme"

[[sites.alpha.phases]]
id = "b"
it_mw = "60MW"
start = 2025-03-01
duration = { pert = ["10mo", "12mo", "24mo"] }
capex = "$1B"
payer = "acme"

[[correlations]]
id = "delays"
inputs = ["sites.alpha.phases.a.duration", "sites.alpha.phases.b.duration"]
rho = 0.8

[[questions]]
id = "all-online"
metric = "alpha_online_it_mw"
op = ">="
value = 120
by = 2026-06-30

[[questions]]
id = "ever-online"
metric = "alpha_online_it_mw"
op = ">"
value = 0
at_any_time = true
)";

Scenario scenario() { return Scenario::from_toml(kScenario, "mc.toml"); }

void expect_identical(const McResults& a, const McResults& b) {
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  EXPECT_EQ(a.trials_done, b.trials_done);
  for (size_t i = 0; i < a.metrics.size(); ++i) {
    const McMetric &x = a.metrics[i], &y = b.metrics[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.count, y.count) << x.name;
    EXPECT_EQ(x.never, y.never) << x.name;
    // Bit for bit, not approximately.
    EXPECT_EQ(std::memcmp(&x.mean, &y.mean, sizeof x.mean), 0) << x.name;
    EXPECT_EQ(std::memcmp(&x.sd, &y.sd, sizeof x.sd), 0) << x.name;
    EXPECT_EQ(x.q, y.q) << x.name;
  }
  ASSERT_EQ(a.fans.size(), b.fans.size());
  for (size_t f = 0; f < a.fans.size(); ++f) EXPECT_EQ(a.fans[f].q, b.fans[f].q);
  ASSERT_EQ(a.answers.size(), b.answers.size());
  for (size_t q = 0; q < a.answers.size(); ++q) EXPECT_EQ(a.answers[q].yes, b.answers[q].yes);
}

TEST(MonteCarlo, IdenticalForAnyNumberOfThreads) {
  McOptions o;
  o.trials = 300;
  o.block = 16;  // 19 blocks, so threads really interleave
  o.threads = 1;
  const McResults one = monte_carlo(scenario(), o);
  o.threads = 2;
  const McResults two = monte_carlo(scenario(), o);
  o.threads = 3;
  const McResults three = monte_carlo(scenario(), o);
  EXPECT_TRUE(one.complete);
  EXPECT_EQ(one.trials_done, 300);
  expect_identical(one, two);
  expect_identical(one, three);
  // Another seed gives another sample.
  o.seed = 12;
  const McResults other = monte_carlo(scenario(), o);
  EXPECT_NE(other.metric("sites.alpha.phases.a.online")->mean,
            one.metric("sites.alpha.phases.a.online")->mean);
}

TEST(MonteCarlo, SpreadsWhatIsUncertainAndKeepsWhatIsNot) {
  McOptions o;
  o.trials = 400;
  const McResults r = monte_carlo(scenario(), o);
  const McMetric* online = r.metric("sites.alpha.phases.a.online");
  ASSERT_NE(online, nullptr);
  EXPECT_TRUE(online->is_date);
  // pert(10, 12, 24) months from 2025-02-01: P10 before P50 before P90, all
  // within [2025-12-01, 2027-02-01].
  EXPECT_LT(online->q[1], online->q[3]);
  EXPECT_LT(online->q[3], online->q[5]);
  EXPECT_GE(online->min, Date::from_ymd(2025, 12, 1).days());
  EXPECT_LE(online->max, Date::from_ymd(2027, 2, 1).days() + 1);
  // Phase b's capex is fixed: no spread.
  const McMetric* planned = r.metric("totals.online_it_mw");
  EXPECT_EQ(planned->q[0], 120.0);
  EXPECT_EQ(planned->q[6], 120.0);
  // Few trials: every value kept, quantiles exact.
  EXPECT_TRUE(online->exact);
  EXPECT_EQ(online->rank_error, 0.0);
}

TEST(MonteCarlo, AnswersQuestionsWithWilsonIntervals) {
  McOptions o;
  o.trials = 500;
  const McResults r = monte_carlo(scenario(), o);
  ASSERT_EQ(r.answers.size(), 2u);
  const McAnswer& ever = r.answers[1];
  EXPECT_EQ(ever.yes, 500);  // every trial brings phase a online within the horizon
  EXPECT_DOUBLE_EQ(ever.p, 1.0);
  // All online (120 MW) by 2026-06-30 needs both ≤ ~16 months: some trials, not all.
  const McAnswer& all = r.answers[0];
  EXPECT_GT(all.p, 0.05);
  EXPECT_LT(all.p, 0.95);
  EXPECT_LE(all.lo, all.p);
  EXPECT_GE(all.hi, all.p);
  // By hand: 0 of 10 → [0, 0.2775]; 5 of 10 → [0.2366, 0.7634].
  auto [lo0, hi0] = wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(lo0, 0.0);
  EXPECT_NEAR(hi0, 0.27753, 1e-5);
  auto [lo5, hi5] = wilson_interval(5, 10);
  EXPECT_NEAR(lo5, 0.23659, 1e-5);
  EXPECT_NEAR(hi5, 0.76341, 1e-5);
  // At 0 or all, the bound at that end is exact, never inside the estimate.
  for (std::int64_t n : {1, 7, 500, 123457}) {
    EXPECT_EQ(wilson_interval(0, n).first, 0.0) << n;
    EXPECT_EQ(wilson_interval(n, n).second, 1.0) << n;
  }
  EXPECT_EQ(ever.hi, 1.0);
}

TEST(MonteCarlo, ProgressThatThrowsStopsTheWorkersAndPropagates) {
  McOptions o;
  o.trials = 1000000;
  o.block = 10;
  o.threads = 2;
  int calls = 0;
  o.progress = [&](std::int64_t, std::int64_t) {
    if (++calls == 2) throw std::runtime_error("stop here");
  };
  EXPECT_THROW(monte_carlo(scenario(), o), std::runtime_error);
  EXPECT_EQ(calls, 2);
}

TEST(MonteCarlo, CancelledRunsReturnWholeBlocksMarkedIncomplete) {
  std::atomic<bool> cancel{true};
  McOptions o;
  o.trials = 100;
  o.cancel = &cancel;
  const McResults none = monte_carlo(scenario(), o);
  EXPECT_FALSE(none.complete);
  EXPECT_EQ(none.trials_done, 0);
  // Cancelled from the progress callback once some trials are done: what
  // is reported is a whole number of blocks, and says it is incomplete.
  cancel = false;
  o.trials = 1000000;
  o.block = 10;
  o.threads = 2;
  o.progress = [&](std::int64_t, std::int64_t) { cancel = true; };
  const McResults some = monte_carlo(scenario(), o);
  EXPECT_FALSE(some.complete);
  EXPECT_LT(some.trials_done, 1000000);
  EXPECT_EQ(some.trials_done % 10, 0);
}

TEST(MonteCarlo, UnknownQuestionSeriesIsAScenarioError) {
  std::string text = kScenario;
  text.replace(text.find("metric = \"alpha_online_it_mw\""), 29, "metric = \"alpha_onlin_it_mw\"");
  try {
    monte_carlo(Scenario::from_toml(text, "mc.toml"), McOptions{});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidScenario);
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].message, "unknown series 'alpha_onlin_it_mw'");
    EXPECT_EQ(e.issues()[0].hint, "did you mean 'alpha_online_it_mw'?");
  }
}

// Blocks travel between processes as flat buffers (MPI): a block saved and
// loaded merges to exactly what the block itself does.
TEST(MonteCarlo, BlocksSurviveSerialisationBitForBit) {
  McOptions o;
  o.trials = 40;
  o.block = 16;
  McRun direct(scenario(), o), via(scenario(), o);
  for (std::int64_t b = 0; b < direct.blocks(); ++b) {
    McBlock block = direct.empty_block(), copy = via.empty_block();
    ASSERT_TRUE(direct.compute(b, block, nullptr, nullptr, nullptr));
    std::vector<double> buffer;
    block.save(buffer);
    copy.load(buffer);
    EXPECT_EQ(copy.index, b);
    direct.merge(block);
    via.merge(copy);
  }
  expect_identical(direct.results(1, 0.0), via.results(1, 0.0));
  // Out of order is refused.
  McRun again(scenario(), o);
  McBlock second = again.empty_block();
  ASSERT_TRUE(again.compute(1, second, nullptr, nullptr, nullptr));
  EXPECT_THROW(again.merge(second), Error);
}

const McSensitivity& find(const McResults& r, const std::string& input, const std::string& metric) {
  for (const McSensitivity& s : r.sensitivity) {
    if (s.input == input && s.metric == metric) return s;
  }
  throw std::runtime_error("no sensitivity of " + metric + " to " + input);
}

TEST(Sensitivity, RanksTheDriversAndTheSampleIgnoresThePartition) {
  McOptions o;
  o.trials = 600;
  o.block = 32;
  o.sensitivity = true;
  o.sample = 200;
  o.threads = 1;
  const McResults one = monte_carlo(scenario(), o);
  o.threads = 3;
  const McResults three = monte_carlo(scenario(), o);
  EXPECT_EQ(one.sample_size, 200);
  ASSERT_EQ(one.sensitivity.size(), three.sensitivity.size());
  for (size_t i = 0; i < one.sensitivity.size(); ++i) {
    const double a = one.sensitivity[i].spearman, b = three.sensitivity[i].spearman;
    EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || a == b) << one.sensitivity[i].metric;
  }
  // Phase a's online date follows its duration almost one for one; its
  // capex has nothing to do with it (independent draws: |ρ| small).
  const std::string online = "sites.alpha.phases.a.online";
  EXPECT_GT(find(one, "sites.alpha.phases.a.duration", online).spearman, 0.95);
  EXPECT_LT(std::fabs(find(one, "sites.alpha.phases.a.capex", online).spearman), 0.2);
  // Phase b's duration is correlated with a's at 0.8 (copula): so is a's date.
  EXPECT_GT(find(one, "sites.alpha.phases.b.duration", online).spearman, 0.6);
  // The tornado: a longer duration (its P90) brings it online later than its P10.
  const McSensitivity& t = find(one, "sites.alpha.phases.a.duration", online);
  EXPECT_LT(t.low, t.base);
  EXPECT_GT(t.high, t.base);
  EXPECT_EQ(find(one, "sites.alpha.phases.a.capex", online).swing(), 0.0);
}

// The copula: normal scores correlated at ρ give a Spearman rank correlation
// of (6/π) asin(ρ/2) (Pearson 1907); 0.8 → 0.7859.
TEST(Copula, ReproducesTheTargetRankCorrelation) {
  const Scenario s = scenario();
  const Sampler sampler(s.spec());
  const ScenarioSpec& spec = s.spec();
  size_t ia = 0, ib = 0;
  for (size_t j = 0; j < spec.uncertain.size(); ++j) {
    if (spec.uncertain[j].key_path == "sites.alpha.phases.a.duration") ia = j;
    if (spec.uncertain[j].key_path == "sites.alpha.phases.b.duration") ib = j;
  }
  constexpr int kN = 20000;
  std::vector<double> a(kN), b(kN);
  for (int i = 0; i < kN; ++i) {
    const Draws d = sampler.draw(11, static_cast<std::uint64_t>(i));
    a[static_cast<size_t>(i)] = d.values[ia];
    b[static_cast<size_t>(i)] = d.values[ib];
  }
  auto ranks = [](const std::vector<double>& x) {
    std::vector<size_t> idx(x.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](size_t p, size_t q) { return x[p] < x[q]; });
    std::vector<double> r(x.size());
    for (size_t i = 0; i < idx.size(); ++i) r[idx[i]] = static_cast<double>(i);
    return r;
  };
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  double sum = 0.0;
  const double mean = (kN - 1) / 2.0;
  double va = 0.0;
  for (int i = 0; i < kN; ++i) {
    sum += (ra[static_cast<size_t>(i)] - mean) * (rb[static_cast<size_t>(i)] - mean);
    va += (ra[static_cast<size_t>(i)] - mean) * (ra[static_cast<size_t>(i)] - mean);
  }
  EXPECT_NEAR(sum / va, 6.0 / M_PI * std::asin(0.4), 0.015);
  // Uncorrelated inputs stay uncorrelated: phase a's capex against its duration.
}

TEST(Copula, ContradictoryCorrelationsAreAValidationError) {
  std::string text = kScenario;
  text += R"(
[[correlations]]
id = "more"
inputs = ["sites.alpha.phases.a.duration", "sites.alpha.phases.a.capex"]
rho = 0.9

[[correlations]]
id = "against"
inputs = ["sites.alpha.phases.b.duration", "sites.alpha.phases.a.capex"]
rho = -0.9
)";
  try {
    Scenario::from_toml(text, "mc.toml");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].message,
              "the correlations contradict each other: their matrix is not positive definite");
  }
}

}  // namespace
}  // namespace stargate

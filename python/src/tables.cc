#include "tables.h"

#include <cmath>
#include <limits>
#include <string_view>

#include "stargate/metrics.h"

namespace stargate::python {
namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
const char* const kQNames[] = {"p5", "p10", "p25", "p50", "p75", "p90", "p95"};

Column& add(Table& t, std::string name, Column::Kind kind, std::string unit) {
  Column& c = t.columns.emplace_back();
  c.name = std::move(name);
  c.kind = kind;
  c.unit = std::move(unit);
  return c;
}

std::int64_t day_of(const std::optional<Date>& d) { return d ? d->days() : Column::kNoDate; }

// A date statistic (days since 1970-01-01) as the files write it: rounded to
// the nearest day; none when no trial has a value.
std::int64_t rounded_day(const McMetric& m, double days) {
  if (m.count == 0 || std::isnan(days)) return Column::kNoDate;
  return std::llround(days);
}

// A statistic as the files write it: none when no trial has a value.
double stat(const McMetric& m, double v) { return m.count == 0 ? kNone : v; }

// "2025-01" → 2025-01-01.
std::int64_t month_start(std::string_view ym) {
  if (ym.size() < 7) return Column::kNoDate;
  const int y = std::stoi(std::string(ym.substr(0, 4)));
  const int m = std::stoi(std::string(ym.substr(5, 2)));
  return Date::from_ymd(y, m, 1).days();
}

std::optional<std::string> text_or_none(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

Column& Table::number(std::string name, std::string unit) {
  return add(*this, std::move(name), Column::Kind::kNumber, std::move(unit));
}
Column& Table::integer(std::string name, std::string unit) {
  return add(*this, std::move(name), Column::Kind::kInteger, std::move(unit));
}
Column& Table::boolean(std::string name) {
  return add(*this, std::move(name), Column::Kind::kBool, "");
}
Column& Table::text(std::string name) {
  return add(*this, std::move(name), Column::Kind::kText, "");
}
Column& Table::date(std::string name) {
  return add(*this, std::move(name), Column::Kind::kDate, "");
}

Table timeline_table_of(const Results& r, bool monthly) {
  const TimelineTable tt = timeline_table(r, monthly);
  Table t;
  Column& dates = t.date(monthly ? "month" : "date");
  dates.integers.reserve(tt.dates.size());
  for (const Date d : tt.dates) dates.integers.push_back(d.days());
  for (size_t i = 0; i < tt.names.size(); ++i) {
    t.number(tt.names[i], tt.units[i]).numbers = tt.columns[i];
  }
  return t;
}

Table flows_table(const Results& r) {
  Table t;
  Column& date = t.date("date");
  Column& from = t.text("from");
  Column& to = t.text("to");
  Column& kind = t.text("kind");
  Column& amount = t.number("amount_usd", "USD");
  Column& purpose = t.text("purpose");
  const size_t n = r.flows.size();
  date.integers.reserve(n);
  from.texts.reserve(n);
  to.texts.reserve(n);
  kind.texts.reserve(n);
  amount.numbers.reserve(n);
  purpose.texts.reserve(n);
  auto party = [&r](std::int32_t i) {
    return i < 0 ? std::string("external") : r.parties[static_cast<size_t>(i)];
  };
  for (const LedgerFlow& f : r.flows) {
    date.integers.push_back(f.date.days());
    from.texts.emplace_back(party(f.from));
    to.texts.emplace_back(party(f.to));
    kind.texts.emplace_back(to_string(f.kind));
    amount.numbers.push_back(f.amount);
    purpose.texts.emplace_back(r.purposes[static_cast<size_t>(f.purpose)]);
  }
  return t;
}

Table runs_table(const Results& r) {
  Table t;
  Column& run = t.text("run");
  Column& tenant = t.text("tenant");
  Column& status = t.text("status");
  Column& site = t.text("site");
  Column& accelerator = t.text("accelerator");
  Column& accelerators = t.number("accelerators", "accelerators");
  Column& start = t.date("start");
  Column& end = t.date("end");
  Column& flop = t.number("flop", "FLOP");
  Column& goodput = t.number("goodput", "fraction");
  Column& params = t.number("params", "parameters");
  Column& tokens = t.number("tokens", "tokens");
  Column& loss = t.number("loss");
  Column& cost = t.number("cost_usd", "USD");
  Column& frontier = t.boolean("frontier");
  Column& efficiency = t.number("efficiency", "fraction");
  Column& reason = t.text("reason");
  for (const RunResult& x : r.runs) {
    run.texts.emplace_back(x.id);
    tenant.texts.emplace_back(x.tenant);
    status.texts.emplace_back(x.status);
    site.texts.emplace_back(x.sites);
    accelerator.texts.emplace_back(x.accelerator);
    accelerators.numbers.push_back(x.accelerators);
    start.integers.push_back(x.start.days());
    end.integers.push_back(x.end.days());
    flop.numbers.push_back(x.flop);
    goodput.numbers.push_back(x.goodput);
    params.numbers.push_back(x.params);
    tokens.numbers.push_back(x.tokens);
    loss.numbers.push_back(x.loss);
    cost.numbers.push_back(x.cost ? *x.cost : kNone);
    frontier.integers.push_back(x.frontier ? 1 : 0);
    efficiency.numbers.push_back(x.efficiency);
    reason.texts.push_back(text_or_none(x.reason));
  }
  return t;
}

Table contracts_table(const Results& r) {
  Table t;
  Column& id = t.text("id");
  Column& kind = t.text("kind");
  Column& route = t.text("route");
  Column& provider = t.text("provider");
  Column& customer = t.text("customer");
  Column& exclusive_to = t.text("exclusive_to");
  Column& start = t.date("start");
  Column& end = t.date("end");
  Column& unit = t.text("unit");
  Column& delivered = t.number("delivered_end");
  Column& shortfall = t.number("peak_shortfall");
  Column& shortfall_date = t.date("peak_shortfall_date");
  Column& paid = t.number("paid_usd", "USD");
  for (const ContractResult& c : r.contracts) {
    id.texts.emplace_back(c.id);
    kind.texts.emplace_back(c.kind);
    route.texts.emplace_back(c.route);
    provider.texts.emplace_back(c.provider);
    customer.texts.emplace_back(c.customer);
    exclusive_to.texts.push_back(text_or_none(c.exclusive_to));
    start.integers.push_back(c.start.days());
    end.integers.push_back(c.end.days());
    unit.texts.emplace_back(c.unit);
    delivered.numbers.push_back(c.delivered_end);
    shortfall.numbers.push_back(c.peak_shortfall);
    shortfall_date.integers.push_back(day_of(c.peak_shortfall_date));
    paid.numbers.push_back(c.paid.value());
  }
  return t;
}

Table mc_quantiles_table(const McResults& r) {
  Table t;
  Column& metric = t.text("metric");
  Column& unit = t.text("unit");
  Column& count = t.integer("count", "trials");
  Column& never = t.integer("never", "trials");
  Column& mean = t.number("mean");
  Column& sd = t.number("sd");
  Column& min = t.number("min");
  Column& max = t.number("max");
  std::vector<Column*> q;
  for (const char* name : kQNames) q.push_back(&t.number(name));
  Column& exact = t.boolean("exact");
  Column& rank_error = t.number("rank_error", "fraction");
  for (const McMetric& m : r.metrics) {
    metric.texts.emplace_back(m.name);
    unit.texts.emplace_back(m.unit);
    count.integers.push_back(m.count);
    never.integers.push_back(m.never);
    // A date's statistics are days since 1970-01-01 here; they are shown as
    // dates in mc_dates_table() and left out of this numeric table.
    auto value = [&m](double v) { return m.is_date ? kNone : stat(m, v); };
    mean.numbers.push_back(value(m.mean));
    sd.numbers.push_back(value(m.sd));
    min.numbers.push_back(value(m.min));
    max.numbers.push_back(value(m.max));
    for (size_t i = 0; i < q.size(); ++i) q[i]->numbers.push_back(value(m.q[i]));
    exact.integers.push_back(m.exact ? 1 : 0);
    rank_error.numbers.push_back(m.rank_error);
  }
  return t;
}

Table mc_fans_table(const McResults& r) {
  Table t;
  Column& series = t.text("series");
  Column& unit = t.text("unit");
  Column& month = t.date("month");
  Column& mean = t.number("mean");
  std::vector<Column*> q;
  for (const char* name : kQNames) q.push_back(&t.number(name));
  for (const McFan& f : r.fans) {
    for (size_t m = 0; m < f.months.size(); ++m) {
      series.texts.emplace_back(f.series);
      unit.texts.emplace_back(f.unit);
      month.integers.push_back(month_start(f.months[m]));
      mean.numbers.push_back(f.mean[m]);
      for (size_t i = 0; i < q.size(); ++i) q[i]->numbers.push_back(f.q[m][i]);
    }
  }
  return t;
}

Table mc_dates_table(const McResults& r) {
  Table t;
  Column& metric = t.text("metric");
  Column& trials = t.integer("trials", "trials");
  Column& p_never = t.number("p_never", "fraction");
  std::vector<Column*> q;
  for (const char* name : kQNames) q.push_back(&t.date(name));
  Column& mean = t.date("mean");
  Column& min = t.date("min");
  Column& max = t.date("max");
  Column& sd = t.number("sd_days", "days");
  for (const McMetric& m : r.metrics) {
    if (!m.is_date) continue;
    const std::int64_t n = m.count + m.never;
    metric.texts.emplace_back(m.name);
    trials.integers.push_back(n);
    p_never.numbers.push_back(n > 0 ? static_cast<double>(m.never) / static_cast<double>(n) : 0.0);
    for (size_t i = 0; i < q.size(); ++i) q[i]->integers.push_back(rounded_day(m, m.q[i]));
    mean.integers.push_back(rounded_day(m, m.mean));
    min.integers.push_back(rounded_day(m, m.min));
    max.integers.push_back(rounded_day(m, m.max));
    sd.numbers.push_back(stat(m, m.sd));
  }
  return t;
}

Table mc_questions_table(const McResults& r) {
  Table t;
  Column& id = t.text("id");
  Column& question = t.text("question");
  Column& yes = t.integer("yes", "trials");
  Column& trials = t.integer("trials", "trials");
  Column& p = t.number("probability", "fraction");
  Column& lo = t.number("lo95", "fraction");
  Column& hi = t.number("hi95", "fraction");
  for (const McAnswer& a : r.answers) {
    id.texts.emplace_back(a.id);
    question.texts.emplace_back(a.text);
    yes.integers.push_back(a.yes);
    trials.integers.push_back(a.trials);
    p.numbers.push_back(a.p);
    lo.numbers.push_back(a.lo);
    hi.numbers.push_back(a.hi);
  }
  return t;
}

Table mc_sensitivity_table(const McResults& r) {
  Table t;
  Column& input = t.text("input");
  Column& metric = t.text("metric");
  Column& spearman = t.number("spearman");
  Column& base = t.number("base");
  Column& low = t.number("at_p10");
  Column& high = t.number("at_p90");
  Column& swing = t.number("swing");
  for (const McSensitivity& s : r.sensitivity) {
    input.texts.emplace_back(s.input);
    metric.texts.emplace_back(s.metric);
    spearman.numbers.push_back(s.spearman);
    base.numbers.push_back(s.base);
    low.numbers.push_back(s.low);
    high.numbers.push_back(s.high);
    swing.numbers.push_back(s.swing());
  }
  return t;
}

}  // namespace stargate::python

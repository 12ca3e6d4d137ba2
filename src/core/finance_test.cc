// Our financial functions against LibreOffice Calc, case by case.
// tests/oracle/finance.csv is what Calc computed from tests/oracle/finance.fods
// (tests/oracle/run_oracle.sh); the CTest `finance_oracle_is_current` has Calc
// compute it again and checks it has not changed.
#include "core/finance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/csv.h"

namespace stargate {
namespace {

CsvTable oracle() {
  std::ifstream in(std::string(STARGATE_SOURCE_DIR) + "/tests/oracle/finance.csv");
  std::ostringstream s;
  s << in.rdbuf();
  return parse_csv(s.str(), "tests/oracle/finance.csv");
}

// Calc writes IRR results in its percent format ("15.32%").
double number(const std::string& text) {
  if (text.empty()) return 0.0;
  if (text.back() == '%') return std::stod(text.substr(0, text.size() - 1)) / 100.0;
  return std::stod(text);
}

Date from_serial(double serial) {
  return Date::from_ymd(1899, 12, 30) + static_cast<std::int32_t>(serial);
}

// Relative 1e-9, or 1e-6 absolute near zero: Calc exports 15 significant digits.
void expect_close(double ours, double calc, const std::string& what) {
  EXPECT_NEAR(ours, calc, std::max(1e-6, 1e-9 * std::fabs(calc))) << what;
}

TEST(Finance, AgreesWithLibreOfficeCalc) {
  const CsvTable t = oracle();
  ASSERT_GE(t.rows.size(), 40u) << "tests/oracle/finance.csv is missing or short";
  auto col = [&](const char* name) { return static_cast<size_t>(t.column(name)); };
  int checked = 0;
  for (const auto& row : t.rows) {
    const std::string kind = row[col("kind")];
    const std::string what = "case " + row[col("id")] + " (" + kind + ")";
    const double rate = number(row[col("rate")]), nper = number(row[col("nper")]),
                 pv = number(row[col("pv")]);
    const double per = number(row[col("per")]), fv = number(row[col("fv")]);
    const bool at_start = number(row[col("type")]) == 1.0;
    const double calc = number(row[col("result")]);
    std::vector<double> values;
    std::vector<DatedFlow> flows;
    for (int i = 1; i <= 12; ++i) {
      const std::string& v = row[col(("v" + std::to_string(i)).c_str())];
      if (v.empty()) break;
      values.push_back(number(v));
      const std::string& d = row[col(("d" + std::to_string(i)).c_str())];
      if (!d.empty()) flows.push_back(DatedFlow{from_serial(number(d)), number(v)});
    }
    if (kind == "npv") {
      expect_close(npv(rate, values), calc, what);
    } else if (kind == "irr") {
      const auto r = irr(values);
      ASSERT_TRUE(r.has_value()) << what;
      expect_close(*r, calc, what);
    } else if (kind == "xirr") {
      const auto r = xirr(flows);
      ASSERT_TRUE(r.has_value()) << what;
      expect_close(*r, calc, what);
    } else if (kind == "xnpv") {
      expect_close(xnpv(rate, flows), calc, what);
    } else if (kind == "pmt") {
      expect_close(pmt(rate, nper, pv, fv, at_start), calc, what);
    } else if (kind == "ipmt") {
      expect_close(ipmt(rate, per, nper, pv, 0.0, at_start), calc, what);
    } else if (kind == "ppmt") {
      expect_close(ppmt(rate, per, nper, pv, 0.0, at_start), calc, what);
    } else if (kind == "annuity_balance") {
      const std::vector<Instalment> s = amortise_level(pv, rate, static_cast<int>(nper));
      expect_close(s[static_cast<size_t>(per) - 1].balance, calc, what);
    } else if (kind == "sculpt_k") {
      // Debt service is k × CFADS in every period and repays the principal.
      const std::vector<Instalment> s = amortise_sculpted(pv, rate, values);
      for (size_t p = 0; p < s.size(); ++p) {
        expect_close((s[p].interest + s[p].principal) / values[p], calc,
                     what + " period " + std::to_string(p + 1));
      }
      EXPECT_EQ(s.back().balance, 0.0) << what;
    } else {
      ADD_FAILURE() << "unknown kind " << kind;
      continue;
    }
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(t.rows.size()));
}

TEST(Finance, HandDerivableCases) {
  // $120M at 0% over 12 payments: $10M of principal each.
  for (const Instalment& i : amortise_level(120e6, 0.0, 12)) {
    EXPECT_DOUBLE_EQ(i.principal, 10e6);
    EXPECT_DOUBLE_EQ(i.interest, 0.0);
  }
  const std::vector<Instalment> bullet = amortise_bullet(100.0, 0.05, 3);
  EXPECT_DOUBLE_EQ(bullet[0].interest, 5.0);
  EXPECT_DOUBLE_EQ(bullet[0].principal, 0.0);
  EXPECT_DOUBLE_EQ(bullet[2].principal, 100.0);
  EXPECT_DOUBLE_EQ(bullet[2].balance, 0.0);
  // −100 now, +110 in a year: 10%.
  const std::vector<double> flows = {-100.0, 110.0};
  EXPECT_NEAR(*irr(flows), 0.10, 1e-12);
  const std::vector<DatedFlow> dated = {{Date::from_ymd(2025, 1, 1), -100.0},
                                        {Date::from_ymd(2026, 1, 1), 110.0}};
  EXPECT_NEAR(*xirr(dated), 0.10, 1e-12);
}

TEST(Finance, NoRateWithoutASignChange) {
  const std::vector<double> only_out = {-100.0, -10.0};
  EXPECT_FALSE(irr(only_out).has_value());
  const std::vector<DatedFlow> none;
  EXPECT_FALSE(xirr(none).has_value());
}

}  // namespace
}  // namespace stargate

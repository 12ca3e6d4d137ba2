// The .xlsx writer's file handling: written whole or not at all. What the
// cells hold is checked by reading a real run's workbook back with openpyxl
// (tests/xlsx/check_workbook.py).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/sheet.h"
#include "stargate/error.h"
#include "stargate/simulate.h"
#include "stargate/workbook.h"

namespace stargate {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("stargate-xlsx-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  // The names of the files in the directory.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  fs::path path_;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Sheet small_sheet(const std::string& name) {
  return {name,
          {{"date", CellFormat::kDate}, {"amount_usd", CellFormat::kUsd}, {"what"}},
          {{Cell::day(Date::from_ymd(2025, 1, 1)), Cell::num(1.5e9), Cell::str("capex")}},
          0};
}

TEST(WriteXlsx, WritesAZipInPlaceAndNothingElse) {
  const TempDir tmp;
  const std::string path = (tmp.path() / "sub" / "book.xlsx").string();
  write_xlsx({small_sheet("one")}, path, {"title", 1735689600});
  EXPECT_EQ(read(path).substr(0, 2), "PK");
  EXPECT_EQ(tmp.files(), (std::vector<std::string>{"sub"}));
  EXPECT_EQ(fs::directory_iterator(tmp.path() / "sub")->path().filename(), "book.xlsx");
}

TEST(WriteXlsx, AFailedWriteLeavesThePreviousFileAndNoTemporary) {
  const TempDir tmp;
  const std::string path = (tmp.path() / "book.xlsx").string();
  write_xlsx({small_sheet("one")}, path, {"title", 1735689600});
  const std::string before = read(path);
  // The second sheet cannot be made (Excel forbids '/' in sheet names): the
  // write fails after the workbook was opened and the first sheet written.
  EXPECT_THROW(write_xlsx({small_sheet("one"), small_sheet("two"), small_sheet("bad/name")}, path,
                          {"title", 1735689600}),
               Error);
  EXPECT_EQ(read(path), before);
  EXPECT_EQ(tmp.files(), (std::vector<std::string>{"book.xlsx"}));
}

TEST(WriteXlsx, RefusesADirectoryAndTooManyRows) {
  const TempDir tmp;
  try {
    write_xlsx({small_sheet("one")}, tmp.path().string(), {"title", 0});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
  }
  Sheet big{"flows", {{"x"}}, std::vector<std::vector<Cell>>(1048576), 0};
  try {
    write_xlsx({big}, (tmp.path() / "big.xlsx").string(), {"title", 0});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
    EXPECT_STREQ(e.what(),
                 "sheet 'flows' has 1048576 rows; a worksheet holds 1048575 below its header "
                 "(write the CSV files instead)");
  }
  EXPECT_TRUE(tmp.files().empty());
}

TEST(WriteWorkbook, IsByteIdenticalForTheSameRunAndTime) {
  const TempDir tmp;
  const Scenario s = Scenario::builtin();
  const Results r = simulate(s);
  write_workbook(s, r, (tmp.path() / "a.xlsx").string(), {1735689600});
  write_workbook(s, r, (tmp.path() / "b.xlsx").string(), {1735689600});
  EXPECT_EQ(read(tmp.path() / "a.xlsx"), read(tmp.path() / "b.xlsx"));
}

TEST(FormatForUnit, CurrencyPowerDatesAndShares) {
  EXPECT_EQ(format_for_unit("USD"), CellFormat::kUsd);
  EXPECT_EQ(format_for_unit("MW"), CellFormat::kMw);
  EXPECT_EQ(format_for_unit("date"), CellFormat::kDate);
  EXPECT_EQ(format_for_unit("fraction"), CellFormat::kPercent);
  EXPECT_EQ(format_for_unit("FLOP/s"), CellFormat::kScientific);
  EXPECT_EQ(format_for_unit("furlongs"), CellFormat::kGeneral);
}

}  // namespace
}  // namespace stargate

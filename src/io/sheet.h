// src/io/sheet.h
//
// A worksheet as plain data, and the one function that writes sheets into an
// .xlsx file (libxlsxwriter). Builders turn results into Sheets
// (src/io/workbook.cc: summary, timeline, flows, runs, contracts,
// assumptions); the writer knows nothing of stargate's results, only of
// cells and how to show them, so a new sheet — Monte Carlo quantiles, say —
// is one more builder whose Sheet joins the list.
//
// Every sheet is a table: one bold header row, frozen, with an autofilter;
// numbers are stored in full as numbers and shown through a number format
// (currency, MW, dates as Excel dates); column widths fit their longest
// header or shown value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stargate/units.h"

namespace stargate {

// How a number (or date) is shown; the value is stored in full either way.
enum class CellFormat {
  kGeneral,     // Excel's General: text, plain numbers
  kInteger,     // 1,234
  kDecimal,     // 1,234.56
  kUsd,         // $1,234
  kUsdCents,    // $4.18
  kMw,          // 1,234.5 MW
  kMwh,         // 1,234 MWh
  kTonnes,      // 1,234 t
  kScientific,  // 4.92E+21 (FLOP, FLOP/s, parameters, tokens)
  kPercent,     // 12.34%
  kDate,        // 2025-06-30, an Excel date
  kMonth,       // 2025-06, an Excel date (the month's first day)
};

struct Cell {
  enum class Kind { kEmpty, kNumber, kBool, kText, kDate };
  Kind kind = Kind::kEmpty;
  double number = 0.0;  // kNumber; kBool: 1 or 0
  Date date;            // kDate
  std::string text;     // kText
  // The format of a number; kGeneral takes the column's. A row's unit may
  // differ from its neighbours' (the summary sheet), so cells can say.
  CellFormat format = CellFormat::kGeneral;

  static Cell empty() { return {}; }
  static Cell num(double v, CellFormat f = CellFormat::kGeneral) {
    return {Kind::kNumber, v, {}, {}, f};
  }
  static Cell boolean(bool b) { return {Kind::kBool, b ? 1.0 : 0.0, {}, {}, CellFormat::kGeneral}; }
  static Cell str(std::string s) {
    return {Kind::kText, 0.0, {}, std::move(s), CellFormat::kGeneral};
  }
  static Cell day(Date d, CellFormat f = CellFormat::kDate) { return {Kind::kDate, 0.0, d, {}, f}; }
};

struct Column {
  std::string header;
  CellFormat format = CellFormat::kGeneral;  // for the column's numbers and dates
};

struct Sheet {
  std::string name;  // ≤ 31 characters, none of []:*?/\ (Excel's rules)
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each row has columns.size() cells (or fewer)
  int frozen_columns = 0;               // leading columns kept in view when scrolling right
};

// The format a unit's numbers get ("USD" → kUsd, "MW" → kMw, "date" → kDate,
// "fraction" → kPercent, ...; kGeneral for an unknown unit). Units as in
// include/stargate/metrics.h.
CellFormat format_for_unit(const std::string& unit);

// The workbook's document properties (File > Properties in Excel).
struct XlsxProperties {
  std::string title;     // "Stargate as announced (stargate-2025-01): base case"
  std::int64_t created;  // seconds since 1970-01-01 UTC; 0 for now. A fixed value
                         // makes two writes of the same sheets byte-identical.
};

// Writes `sheets`, in order, into an .xlsx file at `path`, atomically: into
// a temporary file beside it, renamed over `path` only when complete, so a
// failed or interrupted write leaves the previous file (or none) in place.
// Throws: Error{kIo} when the file cannot be written; Error{kUnsupported}
// when a sheet has more rows than a worksheet holds (1,048,575 below the
// header).
void write_xlsx(const std::vector<Sheet>& sheets, const std::string& path,
                const XlsxProperties& properties);

}  // namespace stargate

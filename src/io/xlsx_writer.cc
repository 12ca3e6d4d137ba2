// The .xlsx writer: Sheets (src/io/sheet.h) through libxlsxwriter, written
// beside the target and renamed into place.

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "io/sheet.h"
#include "stargate/error.h"

namespace stargate {
namespace {

namespace fs = std::filesystem;

// Excel's serial date: days since 1899-12-30 (so 1 is 1900-01-01, counting
// Lotus's phantom 1900-02-29); exact for every date from 1900-03-01 on.
constexpr double kExcelEpochOffset = 25569.0;               // 1970-01-01
const Date kFirstExactExcelDate = Date::from_days(-25508);  // 1900-03-01

// A worksheet holds 1,048,576 rows; one is the header.
constexpr size_t kMaxRows = LXW_ROW_MAX - 1;

const char* number_format(CellFormat f) {
  switch (f) {
    case CellFormat::kGeneral:
      return nullptr;
    case CellFormat::kInteger:
      return "#,##0";
    case CellFormat::kDecimal:
      return "#,##0.00";
    case CellFormat::kUsd:
      return "$#,##0";
    case CellFormat::kUsdCents:
      return "$#,##0.00";
    case CellFormat::kMw:
      return "#,##0.0\" MW\"";
    case CellFormat::kMwh:
      return "#,##0\" MWh\"";
    case CellFormat::kTonnes:
      return "#,##0\" t\"";
    case CellFormat::kScientific:
      return "0.00E+00";
    case CellFormat::kPercent:
      return "0.00%";
    case CellFormat::kDate:
      return "yyyy-mm-dd";
    case CellFormat::kMonth:
      return "yyyy-mm";
  }
  return nullptr;
}

size_t utf8_length(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Characters a number takes in a format: enough to size a column, not to
// render it.
size_t shown_width(double v, CellFormat f) {
  const double a = std::fabs(v);
  const size_t sign = v < 0 ? 1 : 0;
  auto grouped = [&](double x) {  // integer digits with thousands separators
    const size_t digits = x < 1.0 ? 1 : static_cast<size_t>(std::floor(std::log10(x))) + 1;
    return digits + (digits - 1) / 3;
  };
  switch (f) {
    case CellFormat::kGeneral:
      return std::min<size_t>(11, std::snprintf(nullptr, 0, "%.10g", v));
    case CellFormat::kInteger:
      return sign + grouped(std::round(a));
    case CellFormat::kDecimal:
      return sign + grouped(a) + 3;
    case CellFormat::kUsd:
      return sign + 1 + grouped(std::round(a));
    case CellFormat::kUsdCents:
      return sign + 1 + grouped(a) + 3;
    case CellFormat::kMw:
      return sign + grouped(a) + 2 + 3;
    case CellFormat::kMwh:
      return sign + grouped(std::round(a)) + 4;
    case CellFormat::kTonnes:
      return sign + grouped(std::round(a)) + 2;
    case CellFormat::kScientific:
      return sign + 8;
    case CellFormat::kPercent:
      return sign + grouped(a * 100.0) + 4;
    case CellFormat::kDate:
      return 10;
    case CellFormat::kMonth:
      return 7;
  }
  return 11;
}

std::string lxw_message(lxw_error e) { return lxw_strerror(e); }

// Formats are workbook objects; one per CellFormat, made on first use.
class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {}
  lxw_format* get(CellFormat f) {
    if (f == CellFormat::kGeneral) return nullptr;
    auto it = made_.find(f);
    if (it != made_.end()) return it->second;
    lxw_format* fmt = workbook_add_format(wb_);
    format_set_num_format(fmt, number_format(f));
    made_[f] = fmt;
    return fmt;
  }
  lxw_format* header() {
    if (!header_) {
      header_ = workbook_add_format(wb_);
      format_set_bold(header_);
      format_set_bottom(header_, LXW_BORDER_THIN);
      format_set_bg_color(header_, 0xF2F2F2);
    }
    return header_;
  }

 private:
  lxw_workbook* wb_;
  std::map<CellFormat, lxw_format*> made_;
  lxw_format* header_ = nullptr;
};

// Owns the open workbook: closes it (which frees it) on every path, and
// removes the temporary file unless the write completed.
class OpenWorkbook {
 public:
  OpenWorkbook(const fs::path& tmp, const XlsxProperties& p) : tmp_(tmp), title_(p.title) {
    lxw_workbook_options options = {};
    wb_ = workbook_new_opt(tmp_.c_str(), &options);
    if (!wb_) throw Error(ErrorKind::kIo, "cannot create the workbook '" + tmp_.string() + "'");
    lxw_doc_properties props = {};
    props.title = title_.data();
    props.author = author_.data();
    props.created = static_cast<time_t>(p.created);
    workbook_set_properties(wb_, &props);
  }
  ~OpenWorkbook() {
    if (wb_) workbook_close(wb_);
    if (!kept_) {
      std::error_code ec;
      fs::remove(tmp_, ec);
    }
  }
  OpenWorkbook(const OpenWorkbook&) = delete;
  OpenWorkbook& operator=(const OpenWorkbook&) = delete;

  lxw_workbook* get() const { return wb_; }
  // Writes the file. Throws Error{kIo}.
  void close() {
    const lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    if (e != LXW_NO_ERROR) {
      throw Error(ErrorKind::kIo, "cannot write '" + tmp_.string() + "': " + lxw_message(e));
    }
  }
  void keep() { kept_ = true; }

 private:
  fs::path tmp_;
  std::string title_;
  std::string author_ = "stargate";
  lxw_workbook* wb_ = nullptr;
  bool kept_ = false;
};

void check(lxw_error e, const Sheet& sheet, size_t row, size_t col) {
  if (e == LXW_NO_ERROR) return;
  throw Error(ErrorKind::kIo, "cannot write sheet '" + sheet.name + "' row " +
                                  std::to_string(row + 1) + " column " + std::to_string(col + 1) +
                                  ": " + lxw_message(e));
}

void write_sheet(lxw_workbook* wb, Formats& formats, const Sheet& sheet) {
  if (sheet.rows.size() > kMaxRows) {
    throw Error(ErrorKind::kUnsupported,
                "sheet '" + sheet.name + "' has " + std::to_string(sheet.rows.size()) +
                    " rows; a worksheet holds " + std::to_string(kMaxRows) +
                    " below its header (write the CSV files instead)");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
  if (!ws) throw Error(ErrorKind::kInternal, "bad worksheet name '" + sheet.name + "'");
  std::vector<size_t> width(sheet.columns.size());
  for (size_t c = 0; c < sheet.columns.size(); ++c) {
    const Column& col = sheet.columns[c];
    width[c] = utf8_length(col.header);
    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), col.header.c_str(),
                                 formats.header()),
          sheet, 0, c);
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const std::vector<Cell>& row = sheet.rows[r];
    const auto xr = static_cast<lxw_row_t>(r + 1);
    for (size_t c = 0; c < row.size() && c < sheet.columns.size(); ++c) {
      const Cell& cell = row[c];
      const auto xc = static_cast<lxw_col_t>(c);
      const CellFormat f =
          cell.format != CellFormat::kGeneral ? cell.format : sheet.columns[c].format;
      size_t w = 0;
      lxw_error e = LXW_NO_ERROR;
      switch (cell.kind) {
        case Cell::Kind::kEmpty:
          break;
        case Cell::Kind::kNumber:
          // Excel has no NaN or infinity: such a value is left blank.
          if (std::isfinite(cell.number)) {
            e = worksheet_write_number(ws, xr, xc, cell.number, formats.get(f));
            w = shown_width(cell.number, f);
          }
          break;
        case Cell::Kind::kBool:
          e = worksheet_write_boolean(ws, xr, xc, cell.number != 0.0 ? 1 : 0, nullptr);
          w = 5;
          break;
        case Cell::Kind::kText:
          if (!cell.text.empty()) {
            e = worksheet_write_string(ws, xr, xc, cell.text.c_str(), nullptr);
            w = utf8_length(cell.text);
          }
          break;
        case Cell::Kind::kDate: {
          const CellFormat df = f == CellFormat::kMonth ? f : CellFormat::kDate;
          if (cell.date >= kFirstExactExcelDate) {
            e = worksheet_write_number(ws, xr, xc, cell.date.days() + kExcelEpochOffset,
                                       formats.get(df));
            w = shown_width(0, df);
          } else {  // before Excel's calendar is exact: as text
            const std::string s = cell.date.to_string();
            e = worksheet_write_string(ws, xr, xc, s.c_str(), nullptr);
            w = s.size();
          }
          break;
        }
      }
      check(e, sheet, r + 1, c);
      width[c] = std::max(width[c], w);
    }
  }
  for (size_t c = 0; c < width.size(); ++c) {
    // A character of padding for the filter button; long text is cut at 60.
    const double w = static_cast<double>(std::clamp<size_t>(width[c] + 2, 8, 60));
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w, nullptr);
  }
  worksheet_freeze_panes(ws, 1, static_cast<lxw_col_t>(sheet.frozen_columns));
  if (!sheet.columns.empty()) {
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                         static_cast<lxw_col_t>(sheet.columns.size() - 1));
  }
}

}  // namespace

CellFormat format_for_unit(const std::string& unit) {
  static const std::map<std::string, CellFormat, std::less<>> kByUnit = {
      {"USD", CellFormat::kUsd},
      {"USD/accelerator-hour", CellFormat::kUsdCents},
      {"USD/PFLOP-day", CellFormat::kUsdCents},
      {"USD/MW", CellFormat::kUsd},
      {"USD/MWh", CellFormat::kUsdCents},
      {"MW", CellFormat::kMw},
      {"MWh", CellFormat::kMwh},
      {"tCO2", CellFormat::kTonnes},
      {"FLOP/s", CellFormat::kScientific},
      {"FLOP", CellFormat::kScientific},
      {"parameters", CellFormat::kScientific},
      {"tokens", CellFormat::kScientific},
      {"accelerators", CellFormat::kInteger},
      {"days", CellFormat::kInteger},
      {"jobs", CellFormat::kInteger},
      {"job-years", CellFormat::kInteger},
      {"fraction", CellFormat::kPercent},
      {"ratio", CellFormat::kDecimal},
      {"date", CellFormat::kDate},
  };
  const auto it = kByUnit.find(unit);
  return it == kByUnit.end() ? CellFormat::kGeneral : it->second;
}

void write_xlsx(const std::vector<Sheet>& sheets, const std::string& path,
                const XlsxProperties& properties) {
  const fs::path target(path);
  if (target.filename().empty()) {
    throw Error(ErrorKind::kIo, "cannot write the workbook '" + path + "': it names a directory");
  }
  std::error_code ec;
  if (fs::is_directory(target, ec)) {
    throw Error(ErrorKind::kIo, "cannot write the workbook '" + path + "': it is a directory");
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) throw Error(ErrorKind::kIo, "cannot create '" + parent.string() + "': " + ec.message());
  const fs::path tmp = parent / (target.filename().string() + ".tmp-" + std::to_string(::getpid()));

  OpenWorkbook wb(tmp, properties);
  Formats formats(wb.get());
  for (const Sheet& sheet : sheets) write_sheet(wb.get(), formats, sheet);
  wb.close();
  fs::rename(tmp, target, ec);
  if (ec) throw Error(ErrorKind::kIo, "cannot create '" + path + "': " + ec.message());
  wb.keep();
}

}  // namespace stargate

// src/core/csv.h: a reader for RFC 4180 CSV text (quoted fields, doubled
// quotes, CRLF or LF). Written here because the only CSV we read is our own
// embedded reference data; Debian has no C++ CSV library worth a dependency.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stargate {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() fields

  // Index of a header column, or -1.
  int column(std::string_view name) const;
};

// Parses `text`; the first record is the header. Throws Error{kInternal} for a
// row whose field count differs from the header's (the data is ours, so a
// malformed file is a bug), naming `source` and the line.
CsvTable parse_csv(std::string_view text, std::string_view source);

}  // namespace stargate

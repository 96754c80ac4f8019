// CSV rows as RFC 4180 writes them, for the files a person opens in a spreadsheet (the
// tally and the records: tally_csv.hpp, records_csv.hpp). Pure.
#pragma once

#include <string>
#include <vector>

namespace tally::engine {

// Appends one row: fields separated by commas, the row ended by CRLF. A field holding a
// comma, a double quote, a CR or an LF is put in double quotes, its quotes doubled; any
// other field (UTF-8 included) is written as it is.
void append_csv_row(std::string& csv, const std::vector<std::string>& fields);

}  // namespace tally::engine

#include "tally/engine/csv.hpp"

namespace tally::engine {

void append_csv_row(std::string& csv, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) csv += ',';
    const std::string& field = fields[i];
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      csv += field;
      continue;
    }
    csv += '"';
    for (const char c : field) {
      if (c == '"') csv += '"';
      csv += c;
    }
    csv += '"';
  }
  csv += "\r\n";
}

}  // namespace tally::engine

// Reads back the CSV the tally and records writers make (RFC 4180: quoted fields with
// doubled quotes, CRLF rows), so tests can compare its cells with the JSON documents.
// A reader for tests only: it expects well-formed input and fails the test otherwise.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tally::testkit {

// A CSV file: its header row and its other rows, each as column name → cell.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
};

inline CsvTable read_csv(std::string_view csv) {
  std::vector<std::vector<std::string>> lines(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      EXPECT_TRUE(cell.empty()) << "a quote inside an unquoted field at byte " << i;
      quoted = true;
    } else if (c == ',') {
      lines.back().push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r') {
      EXPECT_TRUE(i + 1 < csv.size() && csv[i + 1] == '\n') << "a CR without LF at byte " << i;
      lines.back().push_back(std::move(cell));
      cell.clear();
      lines.emplace_back();
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "an LF without CR at byte " << i;
      cell += c;
    }
  }
  EXPECT_FALSE(quoted) << "an unclosed quote";
  EXPECT_TRUE(cell.empty() && lines.back().empty()) << "the last row does not end with CRLF";
  lines.pop_back();
  CsvTable table;
  if (lines.empty()) return table;
  table.header = lines.front();
  for (std::size_t r = 1; r < lines.size(); ++r) {
    EXPECT_EQ(lines[r].size(), table.header.size()) << "row " << r << " has another width";
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < lines[r].size() && c < table.header.size(); ++c) {
      row[table.header[c]] = lines[r][c];
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace tally::testkit

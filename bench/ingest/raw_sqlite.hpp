// The raw SQLite limit of bench/ingest: the rows the server's op log gets, written
// straight into one WAL table with the op log's definition (same columns, key, unique
// constraint and index), in transactions of the size of the server's group commits, with
// synchronous=FULL, on the disk the server uses. Used by bench/ingest_bench.cpp only.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tally/error.hpp"

namespace tally::bench {

// One op-log row's payload, as the server stores it.
struct RawRow {
  std::string device;
  std::string station;
  std::string unit;
  std::string op;  // canonical op bytes
};

struct RawInsertResult {
  std::size_t rows = 0;
  std::size_t transactions = 0;
  double seconds = 0;
  [[nodiscard]] double rows_per_second() const {
    return seconds > 0 ? static_cast<double>(rows) / seconds : 0;
  }
};

// Creates `path` and inserts `rows` times the `templates` (cycled; counters and indexes
// made unique) in transactions of `batch` rows, timing the inserts and commits only.
Result<RawInsertResult> raw_sqlite_insert(const std::string& path,
                                          const std::vector<RawRow>& templates, std::size_t rows,
                                          std::size_t batch);

}  // namespace tally::bench

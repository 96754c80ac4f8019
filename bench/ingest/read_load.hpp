// The read load of bench/ingest's BM_ReadLoad (issue 16, "Read load"): Debian's `wrk`
// with many keep-alive connections against one tallyd endpoint on loopback, in a child
// process, and its figures. Used by ingest_bench.cpp only.
#pragma once

#include <cstdio>
#include <string>

#include "tally/error.hpp"

namespace tally::bench {

// What one wrk run measured.
struct ReadFigures {
  double requests_per_second = 0;
  double p99_ms = 0;
  double non_2xx = 0;  // non-2xx/3xx responses, socket errors and timeouts: should be 0
};

// One wrk run in the background: `connections` keep-alive clients on `threads` threads
// for `seconds` against `url`, with an Authorization header when `token` is not empty.
class ReadLoad {
 public:
  ReadLoad(const std::string& url, const std::string& token, unsigned threads, unsigned connections,
           unsigned seconds);
  ReadLoad(const ReadLoad&) = delete;
  ReadLoad& operator=(const ReadLoad&) = delete;
  ~ReadLoad();

  // Waits for wrk to finish and reads its report.
  Result<ReadFigures> finish();

 private:
  FILE* wrk_ = nullptr;
};

}  // namespace tally::bench

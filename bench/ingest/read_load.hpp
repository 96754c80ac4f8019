// The read load of bench/ingest's BM_ReadLoad (issue 16, "Read load"): many keep-alive
// HTTP/1.1 clients on loopback asking one tallyd endpoint again as soon as each answer
// arrives (with If-None-Match, as a browser revalidates the copy it holds), on a thread of their
// own, for exactly as long as the ingest they run beside (a fixed-length run such as wrk's would
// also count the time after the ingest ends, or outlive the server). Used by ingest_bench.cpp only.
#pragma once

#include <memory>
#include <string>

#include "tally/error.hpp"

namespace tally::bench {

// What one read load measured between its start and finish().
struct ReadFigures {
  double requests_per_second = 0;
  double p99_ms = 0;
  double errors = 0;        // non-2xx/304 answers and broken connections: should be 0
  double body_bytes = 0;    // the mean body of a full (200) answer
  double full_answers = 0;  // the share of 200s; the others are 304s to If-None-Match
};

// `connections` clients against `url` (http://host:port/path), with an Authorization
// header when `token` is not empty; they start at once.
class ReadLoad {
 public:
  ReadLoad(const std::string& url, const std::string& token, unsigned connections);
  ReadLoad(const ReadLoad&) = delete;
  ReadLoad& operator=(const ReadLoad&) = delete;
  ~ReadLoad();

  // Stops the clients (each ends its request in flight) and returns their figures.
  Result<ReadFigures> finish();

 private:
  struct Run;
  std::unique_ptr<Run> run_;
};

}  // namespace tally::bench

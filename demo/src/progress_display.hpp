// tally-night's live progress on stderr: one line redrawn in place on a terminal, plain
// lines every few seconds otherwise (logs, CI). Shows stations reported / expected per
// level, ops acked and ops/s, devices online, conflicts open / resolved, kills.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tally::demo {

// What the orchestrator knows at one moment.
struct NightSnapshot {
  std::string phase;  // "enrolling", "night", "adjudicating", ...
  std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> levels;  // id → reported/expected
  std::uint64_t ops_acked = 0;
  std::size_t devices_online = 0;
  std::size_t devices = 0;
  std::uint64_t conflicts_open = 0;
  std::uint64_t conflicts_resolved = 0;
  std::size_t kills = 0;
};

class ProgressDisplay {
 public:
  ProgressDisplay();
  // Shows the snapshot (redrawn at most every 200 ms on a terminal, every 5 s otherwise).
  void show(const NightSnapshot& snapshot, bool force = false);
  // Ends the redrawn line, so that the next output starts on a fresh line.
  void finish();
  // A message line (above the redrawn line on a terminal).
  void message(const std::string& text);

 private:
  bool tty_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_shown_{};
  std::chrono::steady_clock::time_point last_rate_time_{};
  std::uint64_t last_rate_ops_ = 0;
  double ops_per_second_ = 0;
};

}  // namespace tally::demo

// tally-night's command line: what night to replay (data set, scale, seed), how (worker
// processes, pacing, kills, double entries) and where (data directory, tallyd binary).
// Parsed with Boost.Program_options; `tally-night --help` prints them (docs/demo.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tally::demo {

struct NightOptions {
  std::size_t stations = 0;  // 0: the data set's own size
  std::uint64_t seed = 2021;
  bool keep = false;        // leave tallyd running at the end
  std::string data_dir;     // empty: a fresh directory under $TMPDIR (or /tmp)
  std::string device_dir;   // empty: a fresh directory under /dev/shm (else DATA/devices)
  std::size_t workers = 4;  // officer worker processes (the supervisors get one more)
  std::size_t supervisors = 2;
  std::int64_t night_seconds = 40;     // the officers' entry is spread over this
  double double_entry_percent = 10;    // stations with a second officer's device
  double dissent_percent = 50;         // of those, the share whose second officer misreads a count
  double missing_percent = 0;          // stations that never report (no device, no record)
  std::size_t kills = 0;               // SIGKILLs of officer workers (0: one per worker)
  std::int64_t timeout_seconds = 600;  // give up (and fail) after this
  // 2: after polling day the committee holds the supplementary elections and re-votes the
  // tally calls for (the night's work is not done until every seat it can fill is); 1 stops
  // at polling day's published figures.
  int rounds = 2;
  std::string definition;
  std::string records;
  std::string schema;
  std::string tallyd;
};

// The parsed options, or the exit code to return (0 after --help or --version, 2 for a
// usage error).
struct ParsedOptions {
  std::optional<NightOptions> options;
  int exit_code = 0;
};

ParsedOptions parse_night_options(int argc, char** argv);

}  // namespace tally::demo

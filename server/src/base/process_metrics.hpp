// The figures of Prometheus' standard process metrics (process_cpu_seconds_total,
// process_resident_memory_bytes, ...), read from /proc/self when /metrics is served
// (Metrics::render writes them). No
// clock is read: the start time is the kernel's (boot time plus the process's start tick),
// as Prometheus' own clients compute it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::server {

// The fields of /proc/self/stat that the metrics need (proc(5)).
struct ProcStat {
  std::uint64_t user_ticks = 0;      // utime, field 14
  std::uint64_t system_ticks = 0;    // stime, field 15
  std::uint64_t start_ticks = 0;     // starttime, field 22: clock ticks after boot
  std::uint64_t virtual_bytes = 0;   // vsize, field 23
  std::uint64_t resident_pages = 0;  // rss, field 24
};

// Parses the text of /proc/PID/stat. The command name (field 2) is in parentheses and may
// hold spaces and parentheses itself, so the fields are counted after its last ')'.
Result<ProcStat> parse_proc_stat(std::string_view text);

// The boot time (Unix seconds) from the text of /proc/stat's `btime` line.
Result<std::uint64_t> parse_boot_time(std::string_view text);

// The figures of one scrape.
struct ProcessFigures {
  double cpu_seconds = 0;  // user + system
  std::uint64_t resident_bytes = 0;
  std::uint64_t virtual_bytes = 0;
  std::uint64_t open_fds = 0;
  std::uint64_t max_fds = 0;      // the soft RLIMIT_NOFILE
  double start_time_seconds = 0;  // Unix time
};

// Reads this process's figures from /proc/self, /proc/stat and getrlimit.
Result<ProcessFigures> read_process_figures();

}  // namespace tally::server

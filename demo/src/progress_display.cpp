#include "progress_display.hpp"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace tally::demo {

ProgressDisplay::ProgressDisplay()
    : tty_(::isatty(STDERR_FILENO) != 0), started_(std::chrono::steady_clock::now()) {
  last_rate_time_ = started_;
}

void ProgressDisplay::show(const NightSnapshot& snapshot, bool force) {
  const auto now = std::chrono::steady_clock::now();
  const auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  if (!force && now - last_shown_ < interval) return;
  last_shown_ = now;
  const double elapsed = std::chrono::duration<double>(now - last_rate_time_).count();
  if (elapsed >= 0.5) {
    ops_per_second_ =
        static_cast<double>(snapshot.ops_acked - std::min(snapshot.ops_acked, last_rate_ops_)) /
        elapsed;
    last_rate_ops_ = snapshot.ops_acked;
    last_rate_time_ = now;
  }
  std::ostringstream line;
  const double wall = std::chrono::duration<double>(now - started_).count();
  line << "[" << static_cast<int>(wall) << "s " << snapshot.phase << "]";
  for (const auto& [level, counts] : snapshot.levels) {
    line << " " << level << " " << counts.first << "/" << counts.second;
  }
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.0f", ops_per_second_);
  line << " | ops acked " << snapshot.ops_acked << " (" << rate << "/s)"
       << " | online " << snapshot.devices_online << "/" << snapshot.devices
       << " | conflicts open " << snapshot.conflicts_open << " resolved "
       << snapshot.conflicts_resolved << " | kills " << snapshot.kills;
  if (tty_) {
    std::cerr << "\r\033[K" << line.str() << std::flush;
    drawn_ = true;
  } else {
    std::cerr << line.str() << std::endl;
  }
}

void ProgressDisplay::finish() {
  if (drawn_) std::cerr << std::endl;
  drawn_ = false;
}

void ProgressDisplay::message(const std::string& text) {
  if (drawn_) std::cerr << "\r\033[K";
  std::cerr << text << std::endl;
  drawn_ = false;
}

}  // namespace tally::demo

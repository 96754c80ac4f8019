#include "core/commit_rate.hpp"

namespace tally::server {

void CommitRate::record(std::uint64_t at_ms, std::uint64_t ops) {
  commits_.push_back(Commit{at_ms, ops});
  ops_ += ops;
  forget_before(at_ms > window_ms_ ? at_ms - window_ms_ : 0);
}

void CommitRate::forget_before(std::uint64_t cutoff_ms) {
  while (!commits_.empty() && commits_.front().at_ms < cutoff_ms) {
    ops_ -= commits_.front().ops;
    commits_.pop_front();
  }
}

double CommitRate::per_second(std::uint64_t now_ms) const {
  const std::uint64_t cutoff_ms = now_ms > window_ms_ ? now_ms - window_ms_ : 0;
  std::uint64_t ops = ops_;
  // The stored commits are pruned only when one is recorded: skip the stale ones here.
  for (const Commit& commit : commits_) {
    if (commit.at_ms >= cutoff_ms) break;
    ops -= commit.ops;
  }
  return static_cast<double>(ops) * 1000.0 / static_cast<double>(window_ms_);
}

}  // namespace tally::server

// Ops committed per second over a sliding window of commit times, for the console's
// overview (GET /api/v1/overview). Fed by the core after each commit with the core's
// clock; not thread-safe (the core keeps it under its state lock).
#pragma once

#include <cstdint>
#include <deque>

namespace tally::server {

class CommitRate {
 public:
  // `window_ms`: how far back commits count.
  explicit CommitRate(std::uint64_t window_ms) : window_ms_(window_ms) {}

  // A group of `ops` ops was committed at `at_ms`.
  void record(std::uint64_t at_ms, std::uint64_t ops);
  // Ops per second committed in the window that ends at `now_ms`.
  [[nodiscard]] double per_second(std::uint64_t now_ms) const;

 private:
  // A commit: when, and how many ops.
  struct Commit {
    std::uint64_t at_ms;
    std::uint64_t ops;
  };
  void forget_before(std::uint64_t cutoff_ms);

  std::uint64_t window_ms_;
  std::deque<Commit> commits_;  // oldest first, none older than the window
  std::uint64_t ops_ = 0;       // the sum of commits_' ops
};

}  // namespace tally::server

// Per-device rate limit of uploaded ops: one token bucket per device, refilled at a steady
// rate up to a burst. Used by the core (under its sequencing mutex) before it checks a
// batch; docs/security.md lists the flags and what a device sees when it is limited.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace tally::server {

// Not thread-safe: the caller serialises calls. Time is passed in (steady clock).
class RateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `ops_per_second` == 0 turns the limit off. A device starts with a full bucket.
  RateLimiter(double ops_per_second, std::uint64_t burst_ops);

  // Takes `ops` tokens from `device`'s bucket if it holds that many; otherwise takes
  // nothing and returns the wait until it would (always > 0). Zero means admitted.
  std::chrono::milliseconds take(const std::string& device, std::uint64_t ops, TimePoint now);

  [[nodiscard]] bool enabled() const { return ops_per_second_ > 0; }

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint refilled;
  };

  double ops_per_second_;
  double burst_ops_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace tally::server

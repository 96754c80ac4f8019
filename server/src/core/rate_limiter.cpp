#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace tally::server {

RateLimiter::RateLimiter(double ops_per_second, std::uint64_t burst_ops)
    : ops_per_second_(ops_per_second), burst_ops_(static_cast<double>(burst_ops)) {}

std::chrono::milliseconds RateLimiter::take(const std::string& device, std::uint64_t ops,
                                            TimePoint now) {
  if (!enabled()) return std::chrono::milliseconds{0};
  auto [found, added] = buckets_.try_emplace(device, Bucket{burst_ops_, now});
  Bucket& bucket = found->second;
  if (!added && now > bucket.refilled) {
    const std::chrono::duration<double> elapsed = now - bucket.refilled;
    bucket.tokens = std::min(burst_ops_, bucket.tokens + elapsed.count() * ops_per_second_);
    bucket.refilled = now;
  }
  const double wanted = static_cast<double>(ops);
  if (wanted <= bucket.tokens) {
    bucket.tokens -= wanted;
    return std::chrono::milliseconds{0};
  }
  const double missing_ms = (wanted - bucket.tokens) * 1000.0 / ops_per_second_;
  return std::chrono::milliseconds{std::max<std::int64_t>(1, std::llround(std::ceil(missing_ms)))};
}

}  // namespace tally::server

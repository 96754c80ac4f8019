// The per-device token bucket behind --max-ops-per-second-per-device.
#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace tally::server {
namespace {

using std::chrono::milliseconds;

const RateLimiter::TimePoint kStart{std::chrono::seconds(1000)};

TEST(RateLimiterTest, NewDeviceMayUseItsWholeBurstAtOnce) {
  RateLimiter limiter(100, 300);
  EXPECT_EQ(limiter.take("dev-a", 300, kStart), milliseconds(0));
  EXPECT_GT(limiter.take("dev-a", 1, kStart), milliseconds(0));
}

TEST(RateLimiterTest, RefusalTakesNothingAndSaysHowLongToWait) {
  RateLimiter limiter(100, 300);
  ASSERT_EQ(limiter.take("dev-a", 250, kStart), milliseconds(0));
  // 50 left; 100 wanted: 50 missing at 100 ops/s is 500 ms.
  EXPECT_EQ(limiter.take("dev-a", 100, kStart), milliseconds(500));
  // The refusal took nothing: the 50 are still there.
  EXPECT_EQ(limiter.take("dev-a", 50, kStart), milliseconds(0));
}

TEST(RateLimiterTest, BucketRefillsAtTheRateUpToTheBurst) {
  RateLimiter limiter(100, 300);
  ASSERT_EQ(limiter.take("dev-a", 300, kStart), milliseconds(0));
  EXPECT_EQ(limiter.take("dev-a", 50, kStart + milliseconds(500)), milliseconds(0));
  EXPECT_GT(limiter.take("dev-a", 1, kStart + milliseconds(500)), milliseconds(0));
  // A long pause fills the bucket to its burst, no further.
  EXPECT_EQ(limiter.take("dev-a", 300, kStart + std::chrono::hours(1)), milliseconds(0));
  EXPECT_GT(limiter.take("dev-a", 1, kStart + std::chrono::hours(1)), milliseconds(0));
}

TEST(RateLimiterTest, DevicesHaveTheirOwnBuckets) {
  RateLimiter limiter(100, 300);
  ASSERT_EQ(limiter.take("dev-a", 300, kStart), milliseconds(0));
  EXPECT_EQ(limiter.take("dev-b", 300, kStart), milliseconds(0));
}

TEST(RateLimiterTest, ZeroRateMeansNoLimit) {
  RateLimiter limiter(0, 0);
  EXPECT_FALSE(limiter.enabled());
  EXPECT_EQ(limiter.take("dev-a", 1'000'000, kStart), milliseconds(0));
}

}  // namespace
}  // namespace tally::server

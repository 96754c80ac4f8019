#include "backoff.hpp"

#include <gtest/gtest.h>

namespace tally::client {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, CeilingDoublesUntilTheCap) {
  EXPECT_EQ(backoff_ceiling(0, milliseconds(200), milliseconds(30'000)), milliseconds(200));
  EXPECT_EQ(backoff_ceiling(3, milliseconds(200), milliseconds(30'000)), milliseconds(1600));
  EXPECT_EQ(backoff_ceiling(8, milliseconds(200), milliseconds(30'000)), milliseconds(30'000));
  EXPECT_EQ(backoff_ceiling(500, milliseconds(200), milliseconds(30'000)), milliseconds(30'000));
}

TEST(BackoffTest, DelaysAreSpreadOverTheWholeRangeAndNeverExceedTheCeiling) {
  std::mt19937_64 random(7);
  milliseconds lowest(1'000'000);
  milliseconds highest(0);
  for (int i = 0; i < 2000; ++i) {
    auto delay = backoff_delay(4, milliseconds(200), milliseconds(30'000), random);
    lowest = std::min(lowest, delay);
    highest = std::max(highest, delay);
  }
  EXPECT_GE(lowest, milliseconds(0));
  EXPECT_LT(lowest, milliseconds(100));  // full jitter reaches down near zero
  EXPECT_LE(highest, milliseconds(3200));
  EXPECT_GT(highest, milliseconds(3000));  // and up near the ceiling
}

}  // namespace
}  // namespace tally::client

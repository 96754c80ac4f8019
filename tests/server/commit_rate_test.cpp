// CommitRate, the overview's ops per second: commits inside the window count, older ones
// drop out whether or not a commit came since.
#include "core/commit_rate.hpp"

#include <gtest/gtest.h>

namespace tally::server {
namespace {

TEST(CommitRateTest, CountsTheOpsOfTheWindowPerSecond) {
  CommitRate rate(10'000);
  EXPECT_EQ(rate.per_second(5'000), 0.0) << "no commit yet";
  rate.record(1'000, 300);
  rate.record(6'000, 200);
  EXPECT_DOUBLE_EQ(rate.per_second(6'000), 50.0);  // 500 ops over 10 s
}

TEST(CommitRateTest, CommitsOlderThanTheWindowDropOutWithoutANewCommit) {
  CommitRate rate(10'000);
  rate.record(1'000, 300);
  rate.record(6'000, 200);
  EXPECT_DOUBLE_EQ(rate.per_second(12'000), 20.0) << "the first commit left the window";
  EXPECT_DOUBLE_EQ(rate.per_second(17'000), 0.0) << "a lull shows as zero";
  rate.record(20'000, 100);
  EXPECT_DOUBLE_EQ(rate.per_second(20'000), 10.0) << "pruned when the next commit came";
}

}  // namespace
}  // namespace tally::server

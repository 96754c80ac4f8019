// SingleJob (api/single_job.hpp): one job at a time off the caller's thread; a second one
// while the first runs is refused, and one after it has ended runs.
#include "api/single_job.hpp"

#include <gtest/gtest.h>

#include <future>

namespace tally::server {
namespace {

TEST(SingleJobTest, ASecondJobWhileOneRunsIsRefused) {
  SingleJob jobs;
  std::promise<void> release;
  std::promise<void> first_done;
  auto released = release.get_future().share();
  ASSERT_TRUE(jobs.try_start([released, &first_done] {
    released.wait();
    first_done.set_value();
  }));
  bool second_ran = false;
  EXPECT_FALSE(jobs.try_start([&second_ran] { second_ran = true; }));
  release.set_value();
  first_done.get_future().wait();
  // The first has ended: the next one may run once the first's thread has marked it so.
  std::promise<void> third_done;
  while (!jobs.try_start([&third_done] { third_done.set_value(); })) std::this_thread::yield();
  third_done.get_future().wait();
  EXPECT_FALSE(second_ran);
}

TEST(SingleJobTest, TheDestructorWaitsForTheRunningJob) {
  bool ended = false;
  {
    SingleJob jobs;
    std::promise<void> started;
    std::promise<void> release;
    auto released = release.get_future().share();
    ASSERT_TRUE(jobs.try_start([&, released] {
      started.set_value();
      released.wait();
      ended = true;
    }));
    started.get_future().wait();
    release.set_value();  // the job may still be running as `jobs` goes
  }
  EXPECT_TRUE(ended);
}

}  // namespace
}  // namespace tally::server

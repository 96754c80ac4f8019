// JobQueue (base/job_queue.hpp): jobs run off the caller's thread in arrival order; a job
// beyond the running one and `max_waiting` waiting ones is refused; one submitted after the
// queue emptied runs; the destructor waits for the running job.
#include "base/job_queue.hpp"

#include <gtest/gtest.h>

#include <future>
#include <vector>

namespace tally::server {
namespace {

TEST(JobQueueTest, WithNoneWaitingASecondJobWhileOneRunsIsRefused) {
  JobQueue jobs(0);
  std::promise<void> release;
  std::promise<void> first_done;
  auto released = release.get_future().share();
  ASSERT_TRUE(jobs.try_submit([released, &first_done] {
    released.wait();
    first_done.set_value();
  }));
  bool second_ran = false;
  EXPECT_FALSE(jobs.try_submit([&second_ran] { second_ran = true; }));
  release.set_value();
  first_done.get_future().wait();
  // The first has ended: the next runs once the queue's thread has marked it so.
  std::promise<void> third_done;
  while (!jobs.try_submit([&third_done] { third_done.set_value(); })) std::this_thread::yield();
  third_done.get_future().wait();
  EXPECT_FALSE(second_ran);
}

TEST(JobQueueTest, WaitingJobsRunInArrivalOrderUpToTheBound) {
  JobQueue jobs(2);
  std::promise<void> release;
  auto released = release.get_future().share();
  std::vector<int> order;  // written by the queue's one thread only
  std::promise<void> last_done;
  ASSERT_TRUE(jobs.try_submit([released, &order] {
    released.wait();
    order.push_back(1);
  }));
  ASSERT_TRUE(jobs.try_submit([&order] { order.push_back(2); }));
  ASSERT_TRUE(jobs.try_submit([&order, &last_done] {
    order.push_back(3);
    last_done.set_value();
  }));
  EXPECT_FALSE(jobs.try_submit([&order] { order.push_back(4); })) << "one running, two waiting";
  release.set_value();
  last_done.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(JobQueueTest, TheDestructorWaitsForTheRunningJob) {
  bool ended = false;
  {
    JobQueue jobs(0);
    std::promise<void> started;
    std::promise<void> release;
    auto released = release.get_future().share();
    ASSERT_TRUE(jobs.try_submit([&, released] {
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

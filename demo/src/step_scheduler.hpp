// A timed run queue for tally-night's workers: many devices, each with its next action
// due at some moment, stepped by a few driver threads (a device is never stepped by two
// threads at once). The device workers drive their officers' scripts with it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <vector>

namespace tally::demo {

class StepScheduler {
 public:
  using Clock = std::chrono::steady_clock;
  // Runs the due action of a device; returns when its next action is due (nullopt: none).
  using StepFunction = std::function<std::optional<Clock::time_point>(std::size_t device)>;

  StepScheduler(std::size_t threads, StepFunction step);
  ~StepScheduler();  // stops and joins the threads
  StepScheduler(const StepScheduler&) = delete;
  StepScheduler& operator=(const StepScheduler&) = delete;

  // Queues a device's next action at `due`.
  void schedule(std::size_t device, Clock::time_point due);
  // Stops the driver threads (actions in progress finish first).
  void stop();

 private:
  void drive();

  struct Entry {
    Clock::time_point due;
    std::size_t device;
    bool operator>(const Entry& other) const { return due > other.due; }
  };

  StepFunction step_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tally::demo

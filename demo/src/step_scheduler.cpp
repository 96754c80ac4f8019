#include "step_scheduler.hpp"

namespace tally::demo {

StepScheduler::StepScheduler(std::size_t threads, StepFunction step) : step_(std::move(step)) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { drive(); });
}

StepScheduler::~StepScheduler() { stop(); }

void StepScheduler::schedule(std::size_t device, Clock::time_point due) {
  {
    std::lock_guard lock(mutex_);
    queue_.push(Entry{due, device});
  }
  changed_.notify_one();
}

void StepScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void StepScheduler::drive() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const Entry next = queue_.top();
    if (next.due > Clock::now()) {
      changed_.wait_until(lock, next.due);
      continue;
    }
    queue_.pop();
    lock.unlock();
    const auto due = step_(next.device);
    lock.lock();
    if (due) {
      queue_.push(Entry{*due, next.device});
      changed_.notify_one();
    }
  }
}

}  // namespace tally::demo

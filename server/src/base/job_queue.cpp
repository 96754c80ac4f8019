#include "base/job_queue.hpp"

namespace tally::server {

JobQueue::JobQueue(std::size_t max_waiting)
    : max_waiting_(max_waiting), thread_([this] { run(); }) {}

JobQueue::~JobQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool JobQueue::try_submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    const std::size_t busy = waiting_.size() + (running_ ? 1 : 0);
    if (stopping_ || busy > max_waiting_) return false;
    waiting_.push_back(std::move(job));
  }
  changed_.notify_one();
  return true;
}

void JobQueue::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (stopping_) return;
    auto job = std::move(waiting_.front());
    waiting_.pop_front();
    running_ = true;
    lock.unlock();
    job();
    job = nullptr;  // what it holds goes before the next job runs
    lock.lock();
    running_ = false;
  }
}

}  // namespace tally::server

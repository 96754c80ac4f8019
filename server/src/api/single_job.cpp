#include "api/single_job.hpp"

namespace tally::server {

SingleJob::~SingleJob() {
  std::thread last;
  {
    std::lock_guard lock(mutex_);  // not held while joining: the job takes it as it ends
    last = std::move(thread_);
  }
  if (last.joinable()) last.join();
}

bool SingleJob::try_start(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  if (running_) return false;
  // The last job has ended (running_ is false): its thread is finishing, joined at once.
  if (thread_.joinable()) thread_.join();
  running_ = true;
  thread_ = std::thread([this, job = std::move(job)] {
    job();
    std::lock_guard done(mutex_);
    running_ = false;
  });
  return true;
}

}  // namespace tally::server

// At most one slow job at a time on a thread of its own, off the I/O threads: the audit
// export (GET /api/v1/audit/export) reads and replays the whole log. HttpApi holds one.
#pragma once

#include <functional>
#include <mutex>
#include <thread>

namespace tally::server {

class SingleJob {
 public:
  SingleJob() = default;
  SingleJob(const SingleJob&) = delete;
  SingleJob& operator=(const SingleJob&) = delete;
  // Waits for a running job to end.
  ~SingleJob();

  // Runs `job` on a new thread, unless a job is running: then returns false and drops it.
  bool try_start(std::function<void()> job);

 private:
  std::mutex mutex_;
  bool running_ = false;
  std::thread thread_;  // the last job's; joined before the next starts
};

}  // namespace tally::server

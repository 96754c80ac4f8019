// Slow work off the I/O threads, on one thread of its own, in arrival order, with a bound
// on what may wait: the audit export (GET /api/v1/audit/export, which reads and replays
// the whole log: none may wait behind a running one) and the password checks of console
// logins (scrypt, about 100 ms and 32 MiB each: a burst waits here, not in front of every
// other request). A job refused when the queue is full gets an answer at once from its
// caller (503 with Retry-After).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace tally::server {

class JobQueue {
 public:
  // At most one job runs and `max_waiting` wait behind it.
  explicit JobQueue(std::size_t max_waiting);
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;
  // Waits for the running job to end; jobs still waiting are dropped unrun.
  ~JobQueue();

  // Queues `job`, unless the queue is full (or stopping): then false, and `job` is dropped.
  bool try_submit(std::function<void()> job);

 private:
  void run();

  const std::size_t max_waiting_;
  std::mutex mutex_;  // guards the fields below
  std::condition_variable changed_;
  std::deque<std::function<void()>> waiting_;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is built
};

}  // namespace tally::server

// The writer thread: commits the writes of many sessions in one transaction (group
// commit) and only then runs their completions, so an ack never precedes durability.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "tally/server/store.hpp"

namespace tally::server {

class Metrics;

class GroupWriter {
 public:
  // Runs on the writer thread with each group's merged writes just before they are
  // committed (tallyd adds the signed head of the group's last entry).
  using BeforeCommit = std::function<void(WriteSet& group)>;
  // Runs after each group's commit (successful or not), on the writer thread, before the
  // group's completions.
  using AfterCommit = std::function<void(const WriteSet& group, const Status& status)>;
  using Completion = std::function<void(const Status& status)>;

  GroupWriter(Store& store, Metrics& metrics, BeforeCommit before_commit, AfterCommit after_commit);
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;
  // Stops the thread after committing everything queued.
  ~GroupWriter();

  // Queues `writes`; `done` runs on the writer thread after the group holding them was
  // committed (or failed). Writes are committed in the order they were queued; an empty
  // WriteSet completes after every write queued before it.
  void submit(WriteSet writes, Completion done);

  // Commits what is queued, then stops the thread. Later submits fail at once.
  void drain_and_stop();

  // Removes every write queued and not yet taken by the writer thread and returns their
  // completions, for the caller to fail (after a failed commit, the writes sequenced
  // behind it must not be committed).
  std::vector<Completion> take_queued();

 private:
  struct Pending {
    WriteSet writes;
    Completion done;
  };
  void run();

  Store& store_;
  Metrics& metrics_;
  BeforeCommit before_commit_;
  AfterCommit after_commit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tally::server

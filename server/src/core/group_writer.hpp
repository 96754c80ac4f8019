// The writer thread: commits the writes of many sessions in one transaction (group
// commit) and only then runs their completions, so an ack never precedes durability.
//
// Two threads form a pipeline: the writer merges everything queued and commits it; the
// publisher then runs the after-commit hook and the completions of each committed group,
// in commit order, while the writer already commits the next group. After a failed
// commit every later group fails with the same error without being written, so the log
// on disk never has a gap, until the owner has rolled its sequence back and called
// take_queued() (tallyd's Core::roll_back_sequence): then writing resumes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "tally/server/store.hpp"

namespace tally::server {

class Metrics;

class GroupWriter {
 public:
  // Runs on the writer thread with each group's merged writes just before they are
  // committed (tallyd adds the signed head of the group's last entry, the Merkle tree's
  // nodes and its signed tree head). A failure fails the group as a failed commit would.
  using BeforeCommit = std::function<Status(WriteSet& group)>;
  // Runs after each group's commit (successful or not), on the publisher thread, in
  // commit order, before the group's completions; not for groups skipped behind a
  // failed commit.
  using AfterCommit = std::function<void(const WriteSet& group, const Status& status)>;
  using Completion = std::function<void(const Status& status)>;

  GroupWriter(Store& store, Metrics& metrics, BeforeCommit before_commit, AfterCommit after_commit);
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;
  // Stops the threads after committing and publishing everything queued.
  ~GroupWriter();

  // Queues `writes`; `done` runs on the publisher thread after the group holding them was
  // committed (or failed). Writes are committed in the order they were queued; an empty
  // WriteSet completes after every write queued before it. Once the writer is stopping,
  // `done` runs at once, on the caller's thread, with kBusy.
  void submit(WriteSet writes, Completion done);
  // A completion the writer did not queue (it is stopping), not yet run, with its status.
  struct Refused {
    Completion done;
    Status status;
  };
  // As submit, but never runs `done` on the caller's thread: when the writer is stopping it
  // hands `done` back, for a caller that holds a lock to run once it has released it.
  [[nodiscard]] std::optional<Refused> try_submit(WriteSet writes, Completion done);

  // Commits and publishes what is queued, then stops the threads. Later submits fail at
  // once.
  void drain_and_stop();

  // Removes every write queued and not yet taken by the writer thread and returns their
  // completions, for the caller to fail (after a failed commit, the writes sequenced
  // behind it must not be committed), and lets the writer commit again what is submitted
  // after this call.
  std::vector<Completion> take_queued();

 private:
  struct Group {
    WriteSet merged;
    std::vector<Completion> completions;
    Status status;
    bool skipped = false;  // not written: an earlier group's commit failed
  };
  void write_loop();
  void publish_loop();

  Store& store_;
  Metrics& metrics_;
  BeforeCommit before_commit_;
  AfterCommit after_commit_;

  std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable wake_publisher_;
  std::deque<std::pair<WriteSet, Completion>> queue_;  // submitted, not yet committed
  std::deque<Group> committed_;                        // committed, not yet published
  bool stopping_ = false;
  bool writer_done_ = false;
  Status failure_;  // the first failed commit; later groups fail with it until take_queued()

  std::thread writer_;
  std::thread publisher_;
};

}  // namespace tally::server

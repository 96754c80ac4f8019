#include "group_writer.hpp"

#include <utility>
#include <vector>

#include "metrics.hpp"

namespace tally::server {

GroupWriter::GroupWriter(Store& store, Metrics& metrics, BeforeCommit before_commit,
                         AfterCommit after_commit)
    : store_(store),
      metrics_(metrics),
      before_commit_(std::move(before_commit)),
      after_commit_(std::move(after_commit)) {
  thread_ = std::thread([this] { run(); });
}

GroupWriter::~GroupWriter() { drain_and_stop(); }

void GroupWriter::submit(WriteSet writes, Completion done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(Pending{std::move(writes), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(make_error(ErrorDomain::kStore, ErrorCode::kBusy, "the server is shutting down",
                  /*transient=*/true));
}

void GroupWriter::drain_and_stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::vector<GroupWriter::Completion> GroupWriter::take_queued() {
  std::deque<Pending> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(queue_);
  }
  std::vector<Completion> completions;
  for (auto& pending : taken) completions.push_back(std::move(pending.done));
  return completions;
}

void GroupWriter::run() {
  while (true) {
    std::deque<Pending> group;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      group.swap(queue_);
    }
    WriteSet merged;
    for (auto& pending : group) merged.merge(std::move(pending.writes));
    Status status;
    if (!merged.empty()) {
      before_commit_(merged);
      const auto started = std::chrono::steady_clock::now();
      status = store_.commit(merged);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      metrics_.record_commit(took.count(), merged.ops.size(), status.ok());
    }
    after_commit_(merged, status);
    for (auto& pending : group) pending.done(status);
  }
}

}  // namespace tally::server

#include "core/group_writer.hpp"

#include <utility>

#include "base/metrics.hpp"

namespace tally::server {

GroupWriter::GroupWriter(Store& store, Metrics& metrics, BeforeCommit before_commit,
                         AfterCommit after_commit)
    : store_(store),
      metrics_(metrics),
      before_commit_(std::move(before_commit)),
      after_commit_(std::move(after_commit)) {
  writer_ = std::thread([this] { write_loop(); });
  publisher_ = std::thread([this] { publish_loop(); });
}

GroupWriter::~GroupWriter() { drain_and_stop(); }

void GroupWriter::submit(WriteSet writes, Completion done) {
  if (auto refused = try_submit(std::move(writes), std::move(done))) {
    refused->done(refused->status);
  }
}

std::optional<GroupWriter::Refused> GroupWriter::try_submit(WriteSet writes, Completion done) {
  std::lock_guard lock(mutex_);
  if (stopping_) {
    return Refused{std::move(done),
                   make_error(ErrorCode::kBusy, "the server is shutting down", /*transient=*/true)};
  }
  queue_.emplace_back(std::move(writes), std::move(done));
  wake_writer_.notify_one();
  return std::nullopt;
}

void GroupWriter::drain_and_stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  if (writer_.joinable()) writer_.join();
  if (publisher_.joinable()) publisher_.join();
}

std::vector<GroupWriter::Completion> GroupWriter::take_queued() {
  std::deque<std::pair<WriteSet, Completion>> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(queue_);
    // Every group sequenced on the failed one is now either failed by the writer (it saw
    // failure_) or taken here: groups submitted from now on are written again.
    failure_ = Status{};
  }
  std::vector<Completion> completions;
  completions.reserve(taken.size());
  for (auto& [writes, done] : taken) completions.push_back(std::move(done));
  return completions;
}

void GroupWriter::write_loop() {
  while (true) {
    Group group;
    Status failed_before;
    {
      std::unique_lock lock(mutex_);
      wake_writer_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;  // stopping, and everything queued is committed
      group.completions.reserve(queue_.size());
      for (auto& [writes, done] : queue_) {
        group.merged.merge(std::move(writes));
        group.completions.push_back(std::move(done));
      }
      queue_.clear();
      failed_before = failure_;
    }
    if (!failed_before) {
      group.status = failed_before;
      group.skipped = true;
    } else if (!group.merged.empty()) {
      group.status = before_commit_(group.merged);
      if (group.status) {
        const auto started = std::chrono::steady_clock::now();
        group.status = store_.commit(group.merged);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        metrics_.record_commit(took.count(), group.merged.ops.size(), group.status.ok());
      }
    }
    std::lock_guard lock(mutex_);
    if (!group.status && failure_) failure_ = group.status;
    committed_.push_back(std::move(group));
    wake_publisher_.notify_one();
  }
  std::lock_guard lock(mutex_);
  writer_done_ = true;
  wake_publisher_.notify_one();
}

void GroupWriter::publish_loop() {
  while (true) {
    Group group;
    {
      std::unique_lock lock(mutex_);
      wake_publisher_.wait(lock, [this] { return writer_done_ || !committed_.empty(); });
      if (committed_.empty()) return;  // the writer stopped and everything is published
      group = std::move(committed_.front());
      committed_.pop_front();
    }
    // A group skipped behind a failed one only fails its completions: the owner rolls
    // back once, for the commit that failed.
    if (!group.skipped) after_commit_(group.merged, group.status);
    for (auto& done : group.completions) done(group.status);
  }
}

}  // namespace tally::server

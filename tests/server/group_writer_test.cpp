#include "group_writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "metrics.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/server/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace tally::server {
namespace {

using testkit::TempDir;

// Sequences one op per call like the core does: index and chain under one mutex, and
// submitted in that order.
class Sequencer {
 public:
  explicit Sequencer(GroupWriter& writer) : writer_(writer) {}
  void submit_op(const std::string& device, GroupWriter::Completion done) {
    std::lock_guard lock(mutex_);
    engine::Op op;
    op.dot = {device, ++counters_[device]};
    op.form = {"TN-0001", "NA-01"};
    op.field = "voted";
    op.value = engine::Count{1};
    WriteSet writes;
    LogRow row;
    row.entry = chain_.append(engine::encode_op(op), 1);
    row.dot = op.dot;
    row.form = op.form;
    writes.ops.push_back(std::move(row));
    writer_.submit(std::move(writes), std::move(done));
  }

 private:
  GroupWriter& writer_;
  std::mutex mutex_;
  engine::AuditChain chain_;
  std::map<std::string, std::uint64_t> counters_;
};

std::unique_ptr<Store> open_store(const TempDir& dir) {
  SqliteStoreOptions options;
  options.path = dir.file("t.db");
  return std::move(open_sqlite_store(options)).value();
}

TEST(GroupWriterTest, CompletionRunsOnlyOnceTheWritesAreReadable) {
  TempDir dir;
  auto store = open_store(dir);
  Metrics metrics;
  GroupWriter writer(
      *store, metrics, [](WriteSet&) {}, [](const WriteSet&, const Status&) {});
  Sequencer sequencer(writer);
  std::promise<std::size_t> visible;
  sequencer.submit_op("dev-a", [&](const Status& status) {
    EXPECT_TRUE(status.ok());
    visible.set_value(store->read_log(0, LogScope{}, 10).value().rows.size());
  });
  EXPECT_EQ(visible.get_future().get(), 1u);
}

TEST(GroupWriterTest, ConcurrentSessionsShareGroupCommits) {
  TempDir dir;
  auto store = open_store(dir);
  Metrics metrics;
  std::atomic<int> commits{0};
  GroupWriter writer(
      *store, metrics, [](WriteSet&) {},
      [&](const WriteSet& group, const Status&) {
        if (!group.empty()) ++commits;
      });
  Sequencer sequencer(writer);
  constexpr int kThreads = 8;
  constexpr int kOpsEach = 40;
  std::atomic<int> acked{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kOpsEach; ++i) {
        std::promise<void> done;
        sequencer.submit_op("dev-" + std::to_string(t), [&](const Status& status) {
          if (status) ++acked;
          done.set_value();
        });
        done.get_future().wait();  // one batch in flight per session, like a device
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(acked.load(), kThreads * kOpsEach);
  EXPECT_LT(commits.load(), kThreads * kOpsEach);
  EXPECT_EQ(store->read_log(0, LogScope{}, 1000).value().rows.size(),
            static_cast<std::size_t>(kThreads * kOpsEach));
}

TEST(GroupWriterTest, DrainCommitsWhatIsQueuedAndRefusesLaterWrites) {
  TempDir dir;
  auto store = open_store(dir);
  Metrics metrics;
  GroupWriter writer(
      *store, metrics, [](WriteSet&) {}, [](const WriteSet&, const Status&) {});
  Sequencer sequencer(writer);
  std::atomic<int> ok{0};
  for (int i = 0; i < 20; ++i) {
    sequencer.submit_op("dev-a", [&](const Status& status) { ok += status.ok() ? 1 : 0; });
  }
  writer.drain_and_stop();
  EXPECT_EQ(ok.load(), 20);
  Status late;
  writer.submit(WriteSet{}, [&](const Status& status) { late = status; });
  EXPECT_FALSE(late.ok());
  EXPECT_TRUE(late.error().transient);
}

}  // namespace
}  // namespace tally::server

#include "core/group_writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "base/metrics.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/server/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace tally::server {
namespace {

using testkit::TempDir;

// The writes of one op with `dot`, appended to `chain`.
WriteSet one_op_writes(engine::AuditChain& chain, const engine::Dot& dot) {
  engine::Op op;
  op.dot = dot;
  op.form = {"TN-0001", "NA-01"};
  op.field = "voted";
  op.value = engine::Count{1};
  WriteSet writes;
  LogRow row;
  row.entry = chain.append(engine::encode_op(op), 1);
  row.dot = op.dot;
  row.form = op.form;
  writes.ops.push_back(std::move(row));
  return writes;
}

// Sequences one op per call like the core does: index and chain under one mutex, and
// submitted in that order.
class Sequencer {
 public:
  explicit Sequencer(GroupWriter& writer) : writer_(writer) {}
  void submit_op(const std::string& device, GroupWriter::Completion done) {
    std::lock_guard lock(mutex_);
    writer_.submit(one_op_writes(chain_, {device, ++counters_[device]}), std::move(done));
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
      *store, metrics, [](WriteSet&) { return Status{}; }, [](const WriteSet&, const Status&) {});
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
      *store, metrics, [](WriteSet&) { return Status{}; },
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

// The SQLite store, except that a commit holding an op of device "dev-bad" fails.
class FailingStore final : public Store {
 public:
  explicit FailingStore(Store& store) : store_(store) {}
  Status commit(const WriteSet& writes) override {
    for (const auto& row : writes.ops) {
      if (row.dot.device == "dev-bad") {
        return make_error(ErrorCode::kIoError, "disk gone");
      }
    }
    return store_.commit(writes);
  }
  Result<LogPage> read_log(std::uint64_t after, const LogScope& scope, std::size_t limit) override {
    return store_.read_log(after, scope, limit);
  }
  Status scan_log(std::uint64_t after, const std::function<bool(const LogRow&)>& visit) override {
    return store_.scan_log(after, visit);
  }
  Result<std::optional<LogRow>> find_op(const engine::Dot& dot) override {
    return store_.find_op(dot);
  }
  Result<std::vector<DeviceRow>> load_devices() override { return store_.load_devices(); }
  Result<std::vector<EnrolmentCodeRow>> load_enrolment_codes() override {
    return store_.load_enrolment_codes();
  }
  Result<std::vector<engine::SignedHead>> load_heads(std::uint64_t after) override {
    return store_.load_heads(after);
  }
  Result<std::vector<EquivocationRow>> load_equivocations() override {
    return store_.load_equivocations();
  }
  Result<std::vector<engine::Sha256Digest>> read_merkle_nodes(unsigned level, std::uint64_t first,
                                                              std::size_t count) override {
    return store_.read_merkle_nodes(level, first, count);
  }
  Result<std::vector<engine::TreeHead>> load_tree_heads(std::uint64_t after,
                                                        std::size_t limit) override {
    return store_.load_tree_heads(after, limit);
  }
  Result<std::optional<std::string>> get_setting(const std::string& key) override {
    return store_.get_setting(key);
  }
  Status put_setting(const std::string& key, const std::string& value) override {
    return store_.put_setting(key, value);
  }
  Status add_account(const AccountRow& account) override { return store_.add_account(account); }
  Result<std::optional<AccountRow>> find_account(const std::string& name) override {
    return store_.find_account(name);
  }
  Result<std::vector<AccountRow>> load_accounts() override { return store_.load_accounts(); }
  Status disable_account(const std::string& name) override { return store_.disable_account(name); }

 private:
  Store& store_;
};

TEST(GroupWriterTest, AfterAFailedCommitLaterGroupsFailUnwrittenSoTheLogHasNoGap) {
  TempDir dir;
  auto sqlite = open_store(dir);
  FailingStore store(*sqlite);
  Metrics metrics;
  std::vector<bool> published;  // after-commit statuses, in order
  GroupWriter writer(
      store, metrics, [](WriteSet&) { return Status{}; },
      [&](const WriteSet&, const Status& status) { published.push_back(status.ok()); });
  Sequencer sequencer(writer);
  // One op at a time, so that each is its own group.
  std::vector<bool> acked;
  for (const char* device : {"dev-a", "dev-bad", "dev-a"}) {
    std::promise<Status> done;
    sequencer.submit_op(device, [&](const Status& status) { done.set_value(status); });
    acked.push_back(done.get_future().get().ok());
  }
  EXPECT_EQ(acked, (std::vector<bool>{true, false, false}));
  writer.drain_and_stop();
  // The hook runs for the groups written, not for the one skipped behind the failure: the
  // owner rolls back once, for the commit that failed.
  EXPECT_EQ(published, (std::vector<bool>{true, false}));
  // The op after the failed one was never written: index 3 would follow a missing 2.
  EXPECT_EQ(sqlite->read_log(0, LogScope{}, 10).value().rows.size(), 1u);
}

TEST(GroupWriterTest, TakeQueuedAfterAFailedCommitLetsTheWriterCommitAgain) {
  TempDir dir;
  auto sqlite = open_store(dir);
  FailingStore store(*sqlite);
  Metrics metrics;
  GroupWriter writer(
      store, metrics, [](WriteSet&) { return Status{}; }, [](const WriteSet&, const Status&) {});
  auto commit_one = [&](const std::string& device) {
    // The owner sequences afresh after a rollback: the chain starts from the committed head.
    engine::AuditChain chain;
    std::promise<Status> done;
    writer.submit(one_op_writes(chain, {device, 1}),
                  [&](const Status& status) { done.set_value(status); });
    return done.get_future().get();
  };
  EXPECT_FALSE(commit_one("dev-bad").ok());
  EXPECT_FALSE(commit_one("dev-a").ok());  // still behind the failure: not written
  EXPECT_TRUE(writer.take_queued().empty());
  EXPECT_TRUE(commit_one("dev-a").ok());  // resumed (the disk has room again)
  writer.drain_and_stop();
  EXPECT_EQ(sqlite->read_log(0, LogScope{}, 10).value().rows.size(), 1u);
}

TEST(GroupWriterTest, GroupsArePublishedAndCompletedInCommitOrder) {
  TempDir dir;
  auto store = open_store(dir);
  Metrics metrics;
  std::mutex mutex;
  std::vector<std::uint64_t> published;  // last index of each group, as published
  std::vector<std::uint64_t> completed;  // highest index published when each op completed
  GroupWriter writer(
      *store, metrics, [](WriteSet&) { return Status{}; },
      [&](const WriteSet& group, const Status&) {
        std::lock_guard lock(mutex);
        if (!group.ops.empty()) published.push_back(group.ops.back().entry.index);
      });
  Sequencer sequencer(writer);
  constexpr int kThreads = 4;
  constexpr int kOpsEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kOpsEach; ++i) {
        sequencer.submit_op("dev-" + std::to_string(t), [&](const Status& status) {
          EXPECT_TRUE(status.ok());
          std::lock_guard lock(mutex);
          completed.push_back(published.empty() ? 0 : published.back());
        });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  writer.drain_and_stop();
  EXPECT_TRUE(std::is_sorted(published.begin(), published.end()));
  EXPECT_TRUE(std::is_sorted(completed.begin(), completed.end()));
  ASSERT_EQ(completed.size(), static_cast<std::size_t>(kThreads * kOpsEach));
  EXPECT_EQ(published.back(), static_cast<std::uint64_t>(kThreads * kOpsEach));
  EXPECT_NE(completed.front(), 0u);  // a completion runs after its group was published
}

TEST(GroupWriterTest, DrainCommitsWhatIsQueuedAndRefusesLaterWrites) {
  TempDir dir;
  auto store = open_store(dir);
  Metrics metrics;
  GroupWriter writer(
      *store, metrics, [](WriteSet&) { return Status{}; }, [](const WriteSet&, const Status&) {});
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

#include "store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace tally::client {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tally-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "device.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> open() {
    auto store = Store::open(path_);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().to_string());
    return std::move(store).value();
  }

  std::filesystem::path dir_;
  std::string path_;
};

LocalOp local_op(std::uint64_t counter) {
  return LocalOp{counter, "TN-0001/NA-01", "op-" + std::to_string(counter),
                 engine::Hlc{1000 + counter, 0}};
}

TEST_F(StoreTest, NewStoreFileIsReadableByOwnerOnly) {
  open();
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(StoreTest, IdentitySurvivesReopen) {
  DeviceIdentity identity{"dev-1",
                          "officer",
                          "TN-0001",
                          std::string("\x01\x00\x02", 3),
                          "wss://127.0.0.1:7443/sync",
                          "-----BEGIN CERTIFICATE-----"};
  {
    auto store = open();
    ASSERT_FALSE(store->identity().value().has_value());
    ASSERT_TRUE(store->save_identity(identity).ok());
  }
  auto store = open();
  auto loaded = store->identity();
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, identity);
}

TEST_F(StoreTest, LocalOpsGoToLogAndOutboxAndAdvanceCounterAndClock) {
  {
    auto store = open();
    ASSERT_TRUE(store->append_local(local_op(1)).ok());
    ASSERT_TRUE(store->append_local(local_op(2)).ok());
  }
  auto store = open();
  EXPECT_EQ(store->last_counter().value(), 2u);
  EXPECT_EQ(store->last_hlc().value(), (engine::Hlc{1002, 0}));
  EXPECT_EQ(store->pending_count().value(), 2u);
  EXPECT_EQ(store->log().value(), (std::vector<std::string>{"op-1", "op-2"}));
  auto outbox = store->outbox(0, 10).value();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].counter, 1u);
  EXPECT_EQ(outbox[1].bytes, "op-2");
}

TEST_F(StoreTest, CounterGapIsRefusedAndNothingIsStored) {
  auto store = open();
  auto status = store->append_local(local_op(2));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kCounterGap);
  EXPECT_EQ(store->pending_count().value(), 0u);
  EXPECT_TRUE(store->log().value().empty());
}

TEST_F(StoreTest, AckDeletesOnlyAcknowledgedOpsAndKeepsTheReceipt) {
  auto store = open();
  for (std::uint64_t counter = 1; counter <= 5; ++counter) {
    ASSERT_TRUE(store->append_local(local_op(counter)).ok());
  }
  AckReceipt receipt{3, 42, std::string(32, '\x07'), 123};
  ASSERT_TRUE(store->record_ack(receipt).ok());
  auto outbox = store->outbox(0, 10).value();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].counter, 4u);
  EXPECT_EQ(store->last_ack().value(), receipt);
  EXPECT_EQ(store->log().value().size(), 5u);
}

TEST_F(StoreTest, OutboxPagesInCounterOrder) {
  auto store = open();
  for (std::uint64_t counter = 1; counter <= 5; ++counter) {
    ASSERT_TRUE(store->append_local(local_op(counter)).ok());
  }
  auto page = store->outbox(2, 2).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].counter, 3u);
  EXPECT_EQ(page[1].counter, 4u);
}

TEST_F(StoreTest, RemoteDuplicatesAreIgnoredAndTheCursorOnlyMovesForward) {
  auto store = open();
  std::vector<RemoteOp> ops{{"dev-2", 1, "TN-0001/NA-01", "a"}, {"dev-2", 2, "TN-0001/NA-01", "b"}};
  EXPECT_EQ(store->append_remote(ops, 10).value(), 2u);
  EXPECT_EQ(store->append_remote(ops, 8).value(), 0u);
  EXPECT_EQ(store->cursor().value(), 10u);
  EXPECT_EQ(store->log().value(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(store->pending_count().value(), 0u);
}

TEST_F(StoreTest, HlcNeverGoesBackwards) {
  auto store = open();
  ASSERT_TRUE(store->save_hlc({5000, 3}).ok());
  ASSERT_TRUE(store->save_hlc({4000, 9}).ok());
  EXPECT_EQ(store->last_hlc().value(), (engine::Hlc{5000, 3}));
}

TEST_F(StoreTest, ReferenceDataSurvivesReopen) {
  ReferenceJson reference{R"({"format":"tally-election/1"})", R"({"id":"station-count/1"})"};
  {
    auto store = open();
    ASSERT_FALSE(store->reference_data().value().has_value());
    ASSERT_TRUE(store->save_reference_data(reference).ok());
  }
  EXPECT_EQ(open()->reference_data().value(), reference);
}

TEST_F(StoreTest, SubmissionReceiptsAreKept) {
  auto store = open();
  ASSERT_TRUE(store->record_submission_receipt({"TN-0001/NA-01", 7, 99, "receipt"}).ok());
  auto rows = store->submission_receipts().value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].log_index, 99u);
  EXPECT_EQ(rows[0].message, "receipt");
}

}  // namespace
}  // namespace tally::client

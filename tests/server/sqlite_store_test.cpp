#include "tally/server/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tally/engine/audit_chain.hpp"
#include "tally/engine/op_codec.hpp"
#include "temp_dir.hpp"

namespace tally::server {
namespace {

using testkit::TempDir;

std::unique_ptr<Store> open_store(const std::string& path, int version = kSqliteSchemaVersion) {
  SqliteStoreOptions options;
  options.path = path;
  options.migrate_to = version;
  auto store = open_sqlite_store(options);
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().to_string());
  return store.ok() ? std::move(store).value() : nullptr;
}

// `count` consecutive log rows of `device` at `station`, chained from `chain`.
std::vector<LogRow> make_rows(engine::AuditChain& chain, const std::string& device,
                              const std::string& station, std::uint64_t first_counter,
                              std::size_t count) {
  std::vector<LogRow> rows;
  for (std::size_t i = 0; i < count; ++i) {
    engine::Op op;
    op.dot = {device, first_counter + i};
    op.form = {station, "NA-01"};
    op.field = "voted";
    op.value = engine::Count{static_cast<engine::Count>(100 + i)};
    LogRow row;
    row.entry = chain.append(engine::encode_op(op), 1000 + i);
    row.dot = op.dot;
    row.form = op.form;
    row.kind = op.kind;
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(SqliteStoreTest, NewDatabaseIsAtTheCurrentSchemaVersion) {
  TempDir dir;
  ASSERT_NE(open_store(dir.file("t.db")), nullptr);
  auto version = sqlite_schema_version(dir.file("t.db"));
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, kSqliteSchemaVersion);
}

TEST(SqliteStoreTest, OlderDatabaseIsMigratedKeepingItsRows) {
  TempDir dir;
  const std::string path = dir.file("t.db");
  ASSERT_NE(open_store(path, 1), nullptr);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "INSERT INTO settings VALUES ('server_id', 'srv-1')", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  ASSERT_EQ(*sqlite_schema_version(path), 1);

  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*sqlite_schema_version(path), kSqliteSchemaVersion);
  EXPECT_EQ(store->get_setting("server_id").value(), std::optional<std::string>("srv-1"));
  EXPECT_TRUE(store->load_equivocations().ok());
  EXPECT_TRUE(store->load_accounts().value().empty());
  EXPECT_TRUE(store->load_tree_heads(0, 10).value().empty());
}

TEST(SqliteStoreTest, DatabaseFromANewerBuildIsRefused) {
  TempDir dir;
  const std::string path = dir.file("t.db");
  ASSERT_NE(open_store(path), nullptr);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_version (version) VALUES (99)", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  SqliteStoreOptions options;
  options.path = path;
  auto store = open_sqlite_store(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kCorruption);
}

TEST(SqliteStoreTest, CommittedGroupIsReadBackAfterReopening) {
  TempDir dir;
  const std::string path = dir.file("t.db");
  engine::AuditChain chain;
  WriteSet writes;
  writes.ops = make_rows(chain, "dev-a", "TN-0001", 1, 3);
  WriteSet other;
  other.ops = make_rows(chain, "dev-b", "TN-0002", 1, 2);
  writes.merge(std::move(other));
  DeviceRow device{"dev-a", {}, engine::Role::kOfficer, "TN-0001", "phone", 5, false};
  device.public_key[0] = 7;
  writes.new_devices.push_back(device);
  EnrolmentCodeRow code{{}, "TN-0001", engine::Role::kOfficer, 1, 99, ""};
  code.code_hash[0] = 1;
  writes.new_codes.push_back(code);
  writes.head = engine::SignedHead{chain.index(), chain.head(), {}};
  {
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->commit(writes).ok());
    WriteSet use;
    code.used_by = "dev-a";
    use.used_codes.push_back(code);
    ASSERT_TRUE(store->commit(use).ok());
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  std::vector<LogRow> scanned;
  ASSERT_TRUE(store
                  ->scan_log(0,
                             [&](const LogRow& row) {
                               scanned.push_back(row);
                               return true;
                             })
                  .ok());
  EXPECT_EQ(scanned, writes.ops);
  EXPECT_EQ(store->load_devices().value(), std::vector<DeviceRow>{device});
  EXPECT_EQ(store->load_enrolment_codes().value(), std::vector<EnrolmentCodeRow>{code});
  EXPECT_EQ(store->load_heads(0).value(), std::vector<engine::SignedHead>{*writes.head});
  // Heads after an index (the audit self-check reads only those of its new entries).
  EXPECT_EQ(store->load_heads(writes.head->log_index - 1).value(),
            std::vector<engine::SignedHead>{*writes.head});
  EXPECT_TRUE(store->load_heads(writes.head->log_index).value().empty());
}

TEST(SqliteStoreTest, ReadLogPagesByScopeAndReportsTheLastIndex) {
  TempDir dir;
  auto store = open_store(dir.file("t.db"));
  ASSERT_NE(store, nullptr);
  engine::AuditChain chain;
  WriteSet writes;
  writes.ops = make_rows(chain, "dev-a", "TN-0001", 1, 3);
  auto others = make_rows(chain, "dev-b", "TN-0002", 1, 2);
  writes.ops.insert(writes.ops.end(), others.begin(), others.end());
  ASSERT_TRUE(store->commit(writes).ok());

  auto page = store->read_log(1, LogScope{std::string("TN-0001")}, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->rows.size(), 2u);
  EXPECT_EQ(page->rows[0].entry.index, 2u);
  EXPECT_EQ(page->rows[1].entry.index, 3u);
  EXPECT_EQ(page->last_index, 5u);

  auto all = store->read_log(0, LogScope{}, 4);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->rows.size(), 4u);
}

TEST(SqliteStoreTest, FailedCommitWritesNothing) {
  TempDir dir;
  auto store = open_store(dir.file("t.db"));
  ASSERT_NE(store, nullptr);
  engine::AuditChain chain;
  WriteSet writes;
  writes.ops = make_rows(chain, "dev-a", "TN-0001", 1, 2);
  ASSERT_TRUE(store->commit(writes).ok());
  // Same dots again (and the same indexes): the unique constraints refuse the whole group.
  WriteSet again;
  engine::AuditChain fresh(2, chain.head());
  again.ops = make_rows(fresh, "dev-a", "TN-0001", 3, 1);
  again.ops.push_back(writes.ops[0]);
  EXPECT_FALSE(store->commit(again).ok());
  auto page = store->read_log(0, LogScope{}, 10);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->rows.size(), 2u);
}

TEST(SqliteStoreTest, FindOpReturnsTheStoredBytesOfADot) {
  TempDir dir;
  auto store = open_store(dir.file("t.db"));
  ASSERT_NE(store, nullptr);
  engine::AuditChain chain;
  WriteSet writes;
  writes.ops = make_rows(chain, "dev-a", "TN-0001", 1, 2);
  ASSERT_TRUE(store->commit(writes).ok());
  auto found = store->find_op(engine::Dot{"dev-a", 2});
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->entry.op_bytes, writes.ops[1].entry.op_bytes);
  EXPECT_FALSE(store->find_op(engine::Dot{"dev-a", 3})->has_value());
}

}  // namespace
}  // namespace tally::server

#include "tally/sqlite/sqlite_db.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <utility>

#include "temp_dir.hpp"

namespace tally::sqlite {
namespace {

OpenOptions owner_only() {
  OpenOptions options;
  options.owner_only = true;
  return options;
}

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()); }

  Db open(const OpenOptions& options = {}) {
    auto db = Db::open(path_, options);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().to_string());
    return std::move(db).value();
  }

  static std::int64_t count_rows(Db& db) {
    auto count = Statement::prepare(db, "SELECT count(*) FROM t");
    EXPECT_TRUE(count.ok());
    EXPECT_TRUE(count->step().value());
    return count->column_int(0);
  }

  testkit::TempDir dir_;
  std::string path_ = dir_.file("test.db");
};

TEST(SqliteErrorTest, BusyAndLockedAreTransientBusy) {
  for (int code : {SQLITE_BUSY, SQLITE_LOCKED, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE}) {
    const Error error = sqlite_error(code, "step", "database is locked");
    EXPECT_EQ(error.code, ErrorCode::kBusy) << code;
    EXPECT_TRUE(error.transient) << code;
  }
}

TEST(SqliteErrorTest, AFullDiskIsTransientStorageFull) {
  const Error error = sqlite_error(SQLITE_FULL, "step", "database or disk is full");
  EXPECT_EQ(error.code, ErrorCode::kStorageFull);
  EXPECT_TRUE(error.transient);
}

TEST(SqliteErrorTest, CorruptAndNotADatabaseAreCorruptionForGood) {
  for (int code : {SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_CORRUPT_INDEX}) {
    const Error error = sqlite_error(code, "step", "malformed");
    EXPECT_EQ(error.code, ErrorCode::kCorruption) << code;
    EXPECT_FALSE(error.transient) << code;
  }
}

TEST(SqliteErrorTest, AnythingElseIsAnIoErrorForGood) {
  for (int code : {SQLITE_IOERR, SQLITE_IOERR_FSYNC, SQLITE_CANTOPEN, SQLITE_RANGE}) {
    const Error error = sqlite_error(code, "step", "disk I/O error");
    EXPECT_EQ(error.code, ErrorCode::kIoError) << code;
    EXPECT_FALSE(error.transient) << code;
  }
}

TEST(SqliteErrorTest, TheMessageNamesTheCallSqlitesWordsAndItsCode) {
  EXPECT_EQ(sqlite_error(SQLITE_IOERR_FSYNC, "exec 'COMMIT'", "disk I/O error").message,
            "exec 'COMMIT': disk I/O error (sqlite 1034)");
}

TEST_F(SqliteDbTest, AnOwnerOnlyFileIsCreatedWithMode0600) {
  open(owner_only());
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(SqliteDbTest, AnExistingFileOpenedOwnerOnlyIsSetTo0600) {
  std::ofstream(path_).close();
  ASSERT_EQ(::chmod(path_.c_str(), 0644), 0);
  open(owner_only());
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(SqliteDbTest, AFileThatIsNotADatabaseIsCorruption) {
  std::ofstream(path_) << std::string(4096, 'x');
  Db db = open();
  auto status = db.exec("PRAGMA journal_mode=WAL");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kCorruption);
}

TEST_F(SqliteDbTest, ASecondWriterIsToldBusyAndMayRetry) {
  Db first = open();
  ASSERT_TRUE(first.exec("PRAGMA journal_mode=WAL").ok());
  OpenOptions no_wait;
  no_wait.busy_timeout = std::chrono::milliseconds{0};
  Db second = open(no_wait);
  Transaction holding(first, Begin::kImmediate);
  ASSERT_TRUE(holding.begun().ok());
  {
    Transaction refused(second, Begin::kImmediate);
    ASSERT_FALSE(refused.begun().ok());
    EXPECT_EQ(refused.begun().error().code, ErrorCode::kBusy);
    EXPECT_TRUE(refused.begun().error().transient);
    EXPECT_FALSE(refused.commit().ok());
  }
  ASSERT_TRUE(holding.commit().ok());
  Transaction retried(second, Begin::kImmediate);
  EXPECT_TRUE(retried.begun().ok());
}

TEST_F(SqliteDbTest, ATransactionDroppedBeforeCommitRollsBack) {
  Db db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t (v INTEGER)").ok());
  {
    Transaction dropped(db);
    ASSERT_TRUE(dropped.begun().ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)").ok());
  }
  EXPECT_EQ(count_rows(db), 0);
  Transaction committed(db);
  ASSERT_TRUE(committed.begun().ok());
  ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE(committed.commit().ok());
  EXPECT_EQ(count_rows(db), 1);
}

TEST_F(SqliteDbTest, APreparedStatementIsReusedAfterEachRun) {
  Db db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t (v INTEGER UNIQUE)").ok());
  auto insert = Statement::prepare(db, "INSERT OR IGNORE INTO t VALUES (?1)");
  ASSERT_TRUE(insert.ok());
  const std::pair<std::int64_t, std::int64_t> inserts[] = {{1, 1}, {2, 1}, {2, 0}, {3, 1}};
  for (const auto& [value, changed] : inserts) {
    ASSERT_TRUE(insert->bind(1, value).run().ok());
    EXPECT_EQ(db.changes(), changed) << value;
  }
  EXPECT_EQ(count_rows(db), 3);
}

TEST_F(SqliteDbTest, AFailedBindIsReturnedByTheNextRunAndClearedByReset) {
  Db db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t (v INTEGER)").ok());
  auto insert = Statement::prepare(db, "INSERT INTO t VALUES (?1)");
  ASSERT_TRUE(insert.ok());
  auto status = insert->bind(1, std::int64_t{1}).bind(2, std::int64_t{2}).run();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("bind 'INSERT INTO t"), std::string::npos)
      << status.error().message;
  EXPECT_EQ(count_rows(db), 0);
  EXPECT_TRUE(insert->bind(1, std::int64_t{1}).run().ok());
  EXPECT_EQ(count_rows(db), 1);
}

TEST_F(SqliteDbTest, AnEmptyBlobIsStoredAsAnEmptyBlobNotNull) {
  Db db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t (b BLOB NOT NULL)").ok());
  auto insert = Statement::prepare(db, "INSERT INTO t VALUES (?1)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->bind_blob(1, std::string_view()).run().ok());
  auto select = Statement::prepare(db, "SELECT b FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(select->step().value());
  EXPECT_FALSE(select->column_is_null(0));
  EXPECT_EQ(select->column_blob(0), "");
}

TEST_F(SqliteDbTest, TextAndBlobColumnsKeepEveryByte) {
  Db db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t (s TEXT, b BLOB, n INTEGER)").ok());
  const std::string bytes("\x00\x01\xff", 3);
  auto insert = Statement::prepare(db, "INSERT INTO t VALUES (?1, ?2, ?3)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->bind(1, "Thái Nguyên").bind_blob(2, bytes).bind_null(3).run().ok());
  auto select = Statement::prepare(db, "SELECT s, b, n FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(select->step().value());
  EXPECT_EQ(select->column_text(0), "Thái Nguyên");
  EXPECT_EQ(select->column_blob(1), bytes);
  EXPECT_TRUE(select->column_is_null(2));
  EXPECT_FALSE(select->step().value());
}

TEST_F(SqliteDbTest, BadSqlIsRefusedNamingTheStatement) {
  Db db = open();
  auto statement = Statement::prepare(db, "SELEKT 1");
  ASSERT_FALSE(statement.ok());
  EXPECT_NE(statement.error().message.find("prepare 'SELEKT 1'"), std::string::npos)
      << statement.error().message;
  Statement first;
  Statement second;
  auto status = prepare_all(db, {{&first, "SELECT 1"}, {&second, "SELEKT 2"}});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("SELEKT 2"), std::string::npos);
  EXPECT_TRUE(first.step().value());
}

}  // namespace
}  // namespace tally::sqlite

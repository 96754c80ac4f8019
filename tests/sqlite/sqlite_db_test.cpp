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

  // A new database holding the one table `create` makes.
  Db open_with(std::string_view create) {
    Db db = open();
    EXPECT_TRUE(db.exec(create).ok());
    return db;
  }

  static Statement prepared(Db& db, std::string_view sql) {
    auto statement = Statement::prepare(db, sql);
    EXPECT_TRUE(statement.ok()) << (statement.ok() ? "" : statement.error().to_string());
    return std::move(statement).value();
  }

  static std::int64_t count_rows(Db& db) {
    Statement count = prepared(db, "SELECT count(*) FROM t");
    EXPECT_TRUE(count.step().value());
    return count.column_int(0);
  }

  testkit::TempDir dir_;
  std::string path_ = dir_.file("test.db");
};

// Busy or locked passes once the other connection lets go, and a full disk once space is
// freed: both transient. Corruption is for good, and so is anything else (an I/O error).
TEST(SqliteErrorTest, ResultCodesMapToTheStoresErrorsAndTheirTransience) {
  struct Case {
    int code;
    ErrorCode expected;
    bool transient;
  };
  const Case cases[] = {
      {SQLITE_BUSY, ErrorCode::kBusy, true},
      {SQLITE_LOCKED, ErrorCode::kBusy, true},
      {SQLITE_BUSY_SNAPSHOT, ErrorCode::kBusy, true},
      {SQLITE_LOCKED_SHAREDCACHE, ErrorCode::kBusy, true},
      {SQLITE_FULL, ErrorCode::kStorageFull, true},
      {SQLITE_CORRUPT, ErrorCode::kCorruption, false},
      {SQLITE_CORRUPT_INDEX, ErrorCode::kCorruption, false},
      {SQLITE_NOTADB, ErrorCode::kCorruption, false},
      {SQLITE_IOERR, ErrorCode::kIoError, false},
      {SQLITE_IOERR_FSYNC, ErrorCode::kIoError, false},
      {SQLITE_CANTOPEN, ErrorCode::kIoError, false},
      {SQLITE_RANGE, ErrorCode::kIoError, false},
  };
  for (const auto& item : cases) {
    const Error error = sqlite_error(item.code, "step", "detail");
    EXPECT_EQ(error.code, item.expected) << item.code;
    EXPECT_EQ(error.transient, item.transient) << item.code;
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
  Db db = open_with("CREATE TABLE t (v INTEGER)");
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
  Db db = open_with("CREATE TABLE t (v INTEGER UNIQUE)");
  Statement insert = prepared(db, "INSERT OR IGNORE INTO t VALUES (?1)");
  const std::pair<std::int64_t, std::int64_t> inserts[] = {{1, 1}, {2, 1}, {2, 0}, {3, 1}};
  for (const auto& [value, changed] : inserts) {
    ASSERT_TRUE(insert.bind(1, value).run().ok());
    EXPECT_EQ(db.changes(), changed) << value;
  }
  EXPECT_EQ(count_rows(db), 3);
}

TEST_F(SqliteDbTest, AFailedBindIsReturnedByTheNextRunAndClearedByReset) {
  Db db = open_with("CREATE TABLE t (v INTEGER)");
  Statement insert = prepared(db, "INSERT INTO t VALUES (?1)");
  auto status = insert.bind(1, std::int64_t{1}).bind(2, std::int64_t{2}).run();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("bind 'INSERT INTO t"), std::string::npos)
      << status.error().message;
  EXPECT_EQ(count_rows(db), 0);
  EXPECT_TRUE(insert.bind(1, std::int64_t{1}).run().ok());
  EXPECT_EQ(count_rows(db), 1);
}

TEST_F(SqliteDbTest, AnEmptyBlobIsStoredAsAnEmptyBlobNotNull) {
  Db db = open_with("CREATE TABLE t (b BLOB NOT NULL)");
  Statement insert = prepared(db, "INSERT INTO t VALUES (?1)");
  ASSERT_TRUE(insert.bind_blob(1, std::string_view()).run().ok());
  Statement select = prepared(db, "SELECT b FROM t");
  ASSERT_TRUE(select.step().value());
  EXPECT_FALSE(select.column_is_null(0));
  EXPECT_EQ(select.column_blob(0), "");
}

TEST_F(SqliteDbTest, TextAndBlobColumnsKeepEveryByte) {
  Db db = open_with("CREATE TABLE t (s TEXT, b BLOB, n INTEGER)");
  const std::string bytes("\x00\x01\xff", 3);
  Statement insert = prepared(db, "INSERT INTO t VALUES (?1, ?2, ?3)");
  ASSERT_TRUE(insert.bind(1, "Thái Nguyên").bind_blob(2, bytes).bind_null(3).run().ok());
  Statement select = prepared(db, "SELECT s, b, n FROM t");
  ASSERT_TRUE(select.step().value());
  EXPECT_EQ(select.column_text(0), "Thái Nguyên");
  EXPECT_EQ(select.column_blob(1), bytes);
  EXPECT_TRUE(select.column_is_null(2));
  EXPECT_FALSE(select.step().value());
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

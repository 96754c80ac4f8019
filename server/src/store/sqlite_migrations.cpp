#include "store/sqlite_migrations.hpp"

#include <array>
#include <string_view>

#include "tally/server/sqlite_store.hpp"

namespace tally::server {
namespace {

// Migration n (1-based) is kMigrations[n - 1]. Released migrations never change; a new
// schema change is a new entry at the end and kSqliteSchemaVersion goes up by one.
constexpr std::array<std::string_view, kSqliteSchemaVersion> kMigrations = {
    // 1: the op log, devices, enrolment codes, signed heads, settings.
    R"sql(
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE ops (
  idx        INTEGER PRIMARY KEY,
  device     TEXT    NOT NULL,
  counter    INTEGER NOT NULL,
  station    TEXT    NOT NULL,
  unit       TEXT    NOT NULL,
  kind       INTEGER NOT NULL,
  receive_ms INTEGER NOT NULL,
  op         BLOB    NOT NULL,
  hash       BLOB    NOT NULL,
  UNIQUE (device, counter)
);
CREATE INDEX ops_by_station ON ops (station, idx);
CREATE TRIGGER ops_no_update BEFORE UPDATE ON ops
  BEGIN SELECT RAISE(ABORT, 'the op log is append-only'); END;
CREATE TRIGGER ops_no_delete BEFORE DELETE ON ops
  BEGIN SELECT RAISE(ABORT, 'the op log is append-only'); END;
CREATE TABLE devices (
  id          TEXT PRIMARY KEY,
  public_key  BLOB    NOT NULL,
  role        INTEGER NOT NULL,
  station     TEXT    NOT NULL,
  label       TEXT    NOT NULL,
  enrolled_ms INTEGER NOT NULL,
  revoked     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE enrolment_codes (
  code_hash  BLOB PRIMARY KEY,
  station    TEXT    NOT NULL,
  role       INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_by    TEXT    NOT NULL DEFAULT ''
);
CREATE TABLE signed_heads (
  idx       INTEGER PRIMARY KEY,
  head      BLOB NOT NULL,
  signature BLOB NOT NULL
);
)sql",
    // 2: equivocations (same dot, different bytes) are kept as evidence.
    R"sql(
CREATE TABLE equivocations (
  id          INTEGER PRIMARY KEY,
  device      TEXT    NOT NULL,
  counter     INTEGER NOT NULL,
  received_op BLOB    NOT NULL,
  receive_ms  INTEGER NOT NULL
);
)sql",
    // 3: the console's accounts (scrypt hashes; docs/security.md).
    R"sql(
CREATE TABLE accounts (
  name          TEXT PRIMARY KEY,
  role          INTEGER NOT NULL,
  password_key  BLOB    NOT NULL,
  salt          BLOB    NOT NULL,
  scrypt_n      INTEGER NOT NULL,
  scrypt_r      INTEGER NOT NULL,
  scrypt_p      INTEGER NOT NULL,
  created_ms    INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0
);
)sql",
    // 4: the log's Merkle tree (docs/audit.md): the nodes of every fourth level (the others
    // are recomputed from at most 8 of the level below; leaves from the ops) and the signed
    // tree heads. A log made before this version gets its nodes at the next start-up.
    R"sql(
CREATE TABLE merkle_nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE tree_heads (
  size         INTEGER PRIMARY KEY,
  timestamp_ms INTEGER NOT NULL,
  root         BLOB    NOT NULL,
  signature    BLOB    NOT NULL
);
)sql",
};

}  // namespace

Result<int> read_schema_version(sqlite::Db& db) {
  auto exists = sqlite::Statement::prepare(
      db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'");
  if (!exists) return std::move(exists).error();
  auto row = exists->step();
  if (!row) return std::move(row).error();
  if (exists->column_int(0) == 0) return 0;
  auto version = sqlite::Statement::prepare(db, "SELECT max(version) FROM schema_version");
  if (!version) return std::move(version).error();
  auto version_row = version->step();
  if (!version_row) return std::move(version_row).error();
  return static_cast<int>(version->column_int(0));
}

Status migrate(sqlite::Db& db, int target) {
  if (auto status =
          db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                  "applied_ms INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * "
                  "86400000 AS INTEGER)))");
      !status) {
    return status;
  }
  auto current = read_schema_version(db);
  if (!current) return std::move(current).error();
  if (*current > kSqliteSchemaVersion) {
    return make_error(ErrorCode::kCorruption, "database schema version " +
                                                  std::to_string(*current) +
                                                  " is newer than this tallyd (" +
                                                  std::to_string(kSqliteSchemaVersion) + ")");
  }
  for (int version = *current + 1; version <= target && version <= kSqliteSchemaVersion;
       ++version) {
    sqlite::Transaction transaction(db, sqlite::Begin::kImmediate);
    if (!transaction.begun()) return transaction.begun();
    if (auto status = db.exec(kMigrations[static_cast<std::size_t>(version - 1)]); !status) {
      return status;
    }
    if (auto status = db.exec("INSERT INTO schema_version (version) VALUES (" +
                              std::to_string(version) + ")");
        !status) {
      return status;
    }
    if (auto status = transaction.commit(); !status) return status;
  }
  return {};
}

}  // namespace tally::server

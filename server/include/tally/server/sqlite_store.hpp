// The SQLite backend of the server store (store.hpp): one database file in WAL mode,
// a versioned schema with migrations, one write connection used by the writer thread and
// a pool of read connections so that downloads and HTTP reads never wait for a commit.
// Tables and durability choices are described in docs/storage.md.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "tally/server/store.hpp"

namespace tally::server {

// The schema version this build creates and migrates to.
inline constexpr int kSqliteSchemaVersion = 4;

// PRAGMA synchronous of the write connection. kFull (the default) syncs the WAL on every
// commit, so an acknowledged op survives a power cut; kNormal survives a crash of tallyd
// but may lose the last commits on power loss.
enum class SyncMode : unsigned char { kFull, kNormal };

struct SqliteStoreOptions {
  std::string path;  // the database file; created if missing
  SyncMode sync = SyncMode::kFull;
  std::size_t read_connections = 4;       // concurrent readers before a reader waits
  int migrate_to = kSqliteSchemaVersion;  // tests stop earlier to exercise migrations
};

// Opens (creating and migrating as needed) the store. Errors: kIoError if the file cannot
// be opened, kCorruption if its schema is newer than this build or not ours.
Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteStoreOptions& options);

// The schema version recorded in the database at `path` (0 for an empty database).
Result<int> sqlite_schema_version(const std::string& path);

}  // namespace tally::server

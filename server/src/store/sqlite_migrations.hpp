// The server store's schema, as an ordered list of migrations (docs/storage.md).
#pragma once

#include "tally/sqlite/sqlite_db.hpp"

namespace tally::server {

// The version recorded in schema_version (0 if the table does not exist yet).
Result<int> read_schema_version(sqlite::Db& db);

// Applies every migration above the recorded version up to `target`, each in its own
// transaction together with its schema_version row. Refuses (kCorruption) a database
// whose version is above what this build knows.
Status migrate(sqlite::Db& db, int target);

}  // namespace tally::server

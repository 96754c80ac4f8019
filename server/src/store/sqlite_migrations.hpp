// The server store's schema, as an ordered list of migrations (docs/storage.md).
#pragma once

#include "store/sqlite_db.hpp"

namespace tally::server {

// The version recorded in schema_version (0 if the table does not exist yet).
Result<int> read_schema_version(Connection& db);

// Applies every migration above the recorded version up to `target`, each in its own
// transaction together with its schema_version row. Refuses (kCorruption) a database
// whose version is above what this build knows.
Status migrate(Connection& db, int target);

}  // namespace tally::server

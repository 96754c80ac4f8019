// `tallyd backup` and `tallyd restore` (docs/operations.md, "Backup and restore").
//
// A backup is a directory (mode 0700) holding what a data directory needs to serve again:
// tallyd.db, a consistent snapshot of the store taken with SQLite's `VACUUM INTO` in one
// read transaction (in WAL mode it runs while tallyd serves and commits, and holds every
// op committed before it began), and copies of the data directory's other files
// (kDataFiles: the TLS certificate and key, the signing key, the tokens, the definition
// and the schema), the secret ones 0600.
#pragma once

#include <string>

#include "store/data_dir.hpp"
#include "tally/error.hpp"

namespace tally::server {

// Backs `from` up into the directory `to`, which must not exist or be empty.
Status backup_data_dir(const DataDir& from, const std::string& to);

// Restores the backup directory `from` into the new data directory `to`, which must not
// hold a database; the restored store is opened once to check it is tallyd's.
Status restore_data_dir(const std::string& from, const DataDir& to);

}  // namespace tally::server

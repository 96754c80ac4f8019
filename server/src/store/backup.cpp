#include "store/backup.hpp"

#include <sys/stat.h>

#include <filesystem>

#include "tally/files/write_file.hpp"
#include "tally/server/sqlite_store.hpp"
#include "tally/sqlite/sqlite_db.hpp"

namespace tally::server {
namespace {

namespace fs = std::filesystem;

// Creates `root` (mode 0700) for a backup or a restore; refuses one that holds anything.
Status create_empty_directory(const std::string& root) {
  std::error_code error;
  if (fs::exists(root, error) && !fs::is_empty(root, error)) {
    return make_error(ErrorCode::kInvalidArgument, root + " is not empty");
  }
  fs::create_directories(root, error);
  if (error || ::chmod(root.c_str(), 0700) != 0) {
    return make_error(ErrorCode::kIoError, "cannot create " + root);
  }
  return {};
}

// Copies the database `source` into `target` with `VACUUM INTO`: one read transaction, so
// the copy is the store as of its start, whatever commits meanwhile. The target is created
// empty with mode 0600 first (VACUUM INTO accepts an empty file) so it is never readable by
// others.
Status snapshot_database(const std::string& source, const std::string& target) {
  std::error_code error;
  if (!fs::is_regular_file(source, error)) {
    return make_error(ErrorCode::kNotFound, "no database " + source);
  }
  auto db = sqlite::Db::open(source);
  if (!db) return std::move(db).error();
  if (auto status = write_private_file(target, ""); !status) return status;
  auto vacuum = sqlite::Statement::prepare(*db, "VACUUM INTO ?1");
  if (!vacuum) return std::move(vacuum).error();
  return vacuum->bind(1, target).run();
}

// Copies kDataFiles from the directory `from` into `to`.
Status copy_data_files(const std::string& from, const std::string& to) {
  for (const auto& file : kDataFiles) {
    const std::string source = from + "/" + file.name;
    const std::string target = to + "/" + file.name;
    std::error_code error;
    if (file.optional && !fs::exists(source, error)) continue;
    auto content = read_file(source);
    if (!content) return std::move(content).error();
    auto written = file.secret ? write_private_file(target, *content)
                               : write_file_atomically(target, *content);
    if (!written) return written;
  }
  return {};
}

}  // namespace

Status backup_data_dir(const DataDir& from, const std::string& to) {
  if (auto status = create_empty_directory(to); !status) return status;
  if (auto status = snapshot_database(from.database(), DataDir{to}.database()); !status) {
    return status;
  }
  return copy_data_files(from.root, to);
}

Status restore_data_dir(const std::string& from, const DataDir& to) {
  if (auto status = create_empty_directory(to.root); !status) return status;
  if (auto status = snapshot_database(DataDir{from}.database(), to.database()); !status) {
    return status;
  }
  if (auto status = copy_data_files(from, to.root); !status) return status;
  SqliteStoreOptions options;
  options.path = to.database();
  options.read_connections = 1;
  auto store = open_sqlite_store(options);
  if (!store) return std::move(store).error();
  auto server_id = (*store)->get_setting(kServerIdSetting);
  if (!server_id) return std::move(server_id).error();
  if (!*server_id) {
    return make_error(ErrorCode::kCorruption, from + " holds no tallyd store (no server id)");
  }
  return {};
}

}  // namespace tally::server

// The SQLite store's class (sqlite_store.hpp), shared by the files that implement it, one
// job each: sqlite_store.cpp (opening, the commit transaction, the pool of read
// connections), sqlite_store_log.cpp (the op log), sqlite_store_devices.cpp (devices,
// enrolment codes and logged equivocations), sqlite_store_heads.cpp (signed heads and
// settings), sqlite_store_tree.cpp (the Merkle tree's nodes and tree heads),
// sqlite_store_accounts.cpp (the console's accounts). Internal to the server.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tally/server/sqlite_store.hpp"
#include "tally/sqlite/sqlite_db.hpp"

namespace tally::server {

inline std::int64_t as_int(std::uint64_t value) { return static_cast<std::int64_t>(value); }
inline std::uint64_t as_uint(std::int64_t value) { return static_cast<std::uint64_t>(value); }

template <std::size_t N>
std::string_view as_bytes(const std::array<std::uint8_t, N>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Copies a stored fixed-size blob; kCorruption naming `what` if its size is wrong.
Status copy_fixed(const std::string& bytes, std::uint8_t* out, std::size_t size, const char* what);
template <std::size_t N>
Status copy_fixed(const std::string& bytes, std::array<std::uint8_t, N>& out, const char* what) {
  return copy_fixed(bytes, out.data(), N, what);
}

// How the store opens each of its connections: tallyd's busy timeout, and multi-thread mode
// (a connection is used by one thread at a time: the writer under write_mutex_, a reader
// under its lease).
sqlite::OpenOptions sqlite_options();

// A read connection with the statements readers use, prepared once.
struct StoreReader {
  sqlite::Db db;
  sqlite::Statement log_all;
  sqlite::Statement log_station;
  sqlite::Statement max_index;
  sqlite::Statement find_op;
  // The Merkle tree's reads, prepared only in a store at the current schema version (a
  // store opened at an older one, for a migration test, has no such tables).
  sqlite::Statement merkle_nodes;
  sqlite::Statement tree_heads;
  bool has_tree = false;

  static Result<StoreReader> open(const std::string& path, bool current_schema);
};

class SqliteStore final : public Store {
 public:
  Status open(const SqliteStoreOptions& options);

  Status commit(const WriteSet& writes) override;

  // sqlite_store_log.cpp
  Result<LogPage> read_log(std::uint64_t after, const LogScope& scope, std::size_t limit) override;
  Status scan_log(std::uint64_t after, const std::function<bool(const LogRow&)>& visit) override;
  Result<std::optional<LogRow>> find_op(const engine::Dot& dot) override;

  // sqlite_store_devices.cpp
  Result<std::vector<DeviceRow>> load_devices() override;
  Result<std::vector<EnrolmentCodeRow>> load_enrolment_codes() override;
  Result<std::vector<EquivocationRow>> load_equivocations() override;

  // sqlite_store_accounts.cpp
  Status add_account(const AccountRow& account) override;
  Result<std::optional<AccountRow>> find_account(const std::string& name) override;
  Result<std::vector<AccountRow>> load_accounts() override;
  Status disable_account(const std::string& name) override;

  // sqlite_store_heads.cpp
  Result<std::vector<engine::SignedHead>> load_heads(std::uint64_t after) override;

  // sqlite_store_tree.cpp
  Result<std::vector<engine::Sha256Digest>> read_merkle_nodes(unsigned level, std::uint64_t first,
                                                              std::size_t count) override;
  Result<std::vector<engine::TreeHead>> load_tree_heads(std::uint64_t after,
                                                        std::size_t limit) override;
  Result<std::optional<std::string>> get_setting(const std::string& key) override;
  Status put_setting(const std::string& key, const std::string& value) override;

 private:
  // Hands out a read connection for the duration of one read; waits if all are busy.
  class ReaderLease {
   public:
    ReaderLease(SqliteStore& store, std::unique_ptr<StoreReader> reader)
        : store_(store), reader_(std::move(reader)) {}
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    ~ReaderLease() { store_.return_reader(std::move(reader_)); }
    StoreReader* operator->() const { return reader_.get(); }

   private:
    SqliteStore& store_;
    std::unique_ptr<StoreReader> reader_;
  };

  ReaderLease take_reader();
  void return_reader(std::unique_ptr<StoreReader> reader);
  // Runs `sql` on a read connection and calls `visit` for every row.
  Status for_each_row(std::string_view sql,
                      const std::function<Status(const sqlite::Statement&)>& visit);
  Status prepare_writes();

  // The parts of one commit, each in its job's file; called inside the transaction.
  Status write_ops(const std::vector<LogRow>& ops);
  Status write_devices(const WriteSet& writes);
  Status write_head(const engine::SignedHead& head);
  Status write_tree(const WriteSet& writes);

  std::string path_;
  std::mutex write_mutex_;
  sqlite::Db writer_;
  bool writable_ = false;
  sqlite::Statement insert_op_;
  sqlite::Statement insert_device_;
  sqlite::Statement insert_code_;
  sqlite::Statement use_code_;
  sqlite::Statement revoke_device_;
  sqlite::Statement insert_equivocation_;
  sqlite::Statement insert_head_;
  sqlite::Statement insert_merkle_node_;
  sqlite::Statement insert_tree_head_;

  std::mutex readers_mutex_;
  std::condition_variable readers_available_;
  std::vector<std::unique_ptr<StoreReader>> idle_readers_;
};

}  // namespace tally::server

// The server's authoritative store, behind a small interface.
//
// tallyd keeps its durable state here: the append-only op log (the audit log), enrolled
// devices, enrolment codes, signed heads, logged equivocations and a few settings. The
// SQLite backend (sqlite_store.hpp) is the default; a PostgreSQL backend can implement the
// same interface for several tallyd nodes without touching the merge.
//
// Threads: commit() is called by one writer thread only; every read may be called from
// any thread at any time, concurrently with commit(), and sees only committed data.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tally/engine/audit_chain.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/merkle_tree.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/op.hpp"
#include "tally/engine/password_hash.hpp"
#include "tally/engine/sha256.hpp"
#include "tally/engine/transparency_log.hpp"
#include "tally/error.hpp"

namespace tally::server {

// An enrolled device.
struct DeviceRow {
  std::string id;
  engine::Ed25519PublicKey public_key{};
  engine::Role role = engine::Role::kOfficer;
  std::string station;  // the officer's station; empty for other roles
  std::string label;
  std::uint64_t enrolled_ms = 0;
  bool revoked = false;
  bool operator==(const DeviceRow&) const = default;
};

// A one-time enrolment code. Only the SHA-256 of the code is stored.
struct EnrolmentCodeRow {
  engine::Sha256Digest code_hash{};
  std::string station;  // empty for non-officer roles
  engine::Role role = engine::Role::kOfficer;
  std::uint64_t created_ms = 0;
  std::uint64_t expires_ms = 0;
  std::string used_by;  // the device enrolled with it; empty while unused
  bool operator==(const EnrolmentCodeRow&) const = default;
};

// One entry of the op log, with the columns the store indexes it by.
struct LogRow {
  engine::AuditEntry entry;  // index, receive time, canonical op bytes, chain hash
  engine::Dot dot;
  engine::FormId form;
  engine::OpKind kind = engine::OpKind::kSet;
  bool operator==(const LogRow&) const = default;
};

// A refused op whose dot was already stored with other bytes.
struct EquivocationRow {
  engine::Dot dot;
  std::string received_op;  // the refused op's bytes as received
  std::uint64_t receive_ms = 0;
  bool operator==(const EquivocationRow&) const = default;
};

// A person's console account (docs/console.md, "Logins"): made by the operator, never
// deleted (its name stays in the adjudications it made), only disabled.
struct AccountRow {
  std::string name;
  engine::Role role = engine::Role::kAuditor;  // operator, supervisor or auditor
  engine::PasswordHash password;
  std::uint64_t created_ms = 0;
  bool disabled = false;
  bool operator==(const AccountRow&) const = default;
};

// Everything one group commit writes, in one transaction.
struct WriteSet {
  std::vector<LogRow> ops;  // consecutive indexes following the stored log
  std::vector<DeviceRow> new_devices;
  std::vector<EnrolmentCodeRow> new_codes;
  std::vector<EnrolmentCodeRow> used_codes;  // code_hash and used_by are written
  std::vector<std::string> revoked_devices;  // ids of enrolled devices to mark revoked
  std::vector<EquivocationRow> equivocations;
  std::optional<engine::SignedHead> head;
  // The Merkle tree's nodes that `ops` complete, of the levels a store keeps
  // (kStoredMerkleLevelStep), and the tree head signed over the log with them.
  std::vector<engine::MerkleNode> merkle_nodes;
  std::optional<engine::TreeHead> tree_head;
  // The same ops decoded, in the same order (tallyd's core sets them at upload and
  // publishes them to its in-memory state after the commit without decoding the bytes
  // again). Not stored: a store writes `ops` only.
  std::vector<engine::Op> decoded_ops;

  [[nodiscard]] bool empty() const {
    return ops.empty() && new_devices.empty() && new_codes.empty() && used_codes.empty() &&
           revoked_devices.empty() && equivocations.empty() && !head && merkle_nodes.empty() &&
           !tree_head;
  }
  // Appends every part of `other`; `other`'s head replaces this one's if both have one.
  void merge(WriteSet&& other);
};

// A store keeps the Merkle tree's nodes of the levels that are multiples of this (level 0,
// the leaves, is recomputed from the ops): a sixteenth of a node per op, and any other
// node is at most 2^3 stored nodes (or ops) away.
inline constexpr unsigned kStoredMerkleLevelStep = 4;

// Which log entries a device may read.
struct LogScope {
  std::optional<std::string> station;  // only this station's forms; nullopt = every form
};

// A page of the log read in one snapshot.
struct LogPage {
  std::vector<LogRow> rows;      // in index order
  std::uint64_t last_index = 0;  // highest index stored when the page was read
};

// The durable store. See the file comment for the threading contract.
class Store {
 public:
  virtual ~Store() = default;

  // Writes `writes` atomically and durably (per the backend's durability setting).
  virtual Status commit(const WriteSet& writes) = 0;

  // Log entries with index > `after` in `scope`, at most `limit` of them.
  virtual Result<LogPage> read_log(std::uint64_t after, const LogScope& scope,
                                   std::size_t limit) = 0;
  // Calls `visit` for every entry with index > `after`, in order, until it returns false.
  virtual Status scan_log(std::uint64_t after, const std::function<bool(const LogRow&)>& visit) = 0;
  // The stored op with this dot, if any.
  virtual Result<std::optional<LogRow>> find_op(const engine::Dot& dot) = 0;

  virtual Result<std::vector<DeviceRow>> load_devices() = 0;
  virtual Result<std::vector<EnrolmentCodeRow>> load_enrolment_codes() = 0;
  // The signed heads of log indices after `after` (0: all), in log order.
  virtual Result<std::vector<engine::SignedHead>> load_heads(std::uint64_t after) = 0;
  virtual Result<std::vector<EquivocationRow>> load_equivocations() = 0;
  // Stored Merkle nodes of `level` (a positive multiple of kStoredMerkleLevelStep) with
  // index first, first + 1, ..., at most `count` of them, in order: fewer when the tree
  // has not reached them.
  virtual Result<std::vector<engine::Sha256Digest>> read_merkle_nodes(unsigned level,
                                                                      std::uint64_t first,
                                                                      std::size_t count) = 0;
  // The signed tree heads of sizes above `after`, smallest first, at most `limit`.
  virtual Result<std::vector<engine::TreeHead>> load_tree_heads(std::uint64_t after,
                                                                std::size_t limit) = 0;

  // Console accounts, written outside the group commit (by `tallyd user` and the API) and
  // read at every login, so that a running tallyd sees what another process added.
  // add_account: kAccountExists if the name is taken. disable_account: kNotFound if not.
  virtual Status add_account(const AccountRow& account) = 0;
  virtual Result<std::optional<AccountRow>> find_account(const std::string& name) = 0;
  virtual Result<std::vector<AccountRow>> load_accounts() = 0;
  virtual Status disable_account(const std::string& name) = 0;

  // Settings that live with the data (the server id).
  virtual Result<std::optional<std::string>> get_setting(const std::string& key) = 0;
  virtual Status put_setting(const std::string& key, const std::string& value) = 0;
};

}  // namespace tally::server

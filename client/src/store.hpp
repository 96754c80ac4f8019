// The client's local store: one SQLite file per device (WAL, synchronous=FULL, mode 0600).
//
// Holds the device identity and private key, the reference data from Welcome, the op log
// of the device's scope (from which the form state is rebuilt on open), the outbox of
// unacknowledged own ops, receipts, the download cursor, and the device's counter and
// HLC. Every mutating call commits one transaction before it returns, so whatever a call
// returned survives a crash. Ops are kept as their canonical encoding (op_codec); the
// store does not look inside them. Used by Client only (internal).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/op.hpp"
#include "tally/error.hpp"

namespace tally::client {

// Who this device is, as enrolled.
struct DeviceIdentity {
  std::string device_id;
  std::string role;         // "officer", "supervisor", "auditor", "operator"
  std::string station_id;   // the station the device was enrolled for (empty: none)
  std::string private_key;  // Ed25519 private key, raw bytes
  std::string server_url;   // ws://host:port/path or wss://host:port/path
  std::string ca_pem;       // trusted CA / pinned certificate (PEM) for wss; empty for ws
  bool operator==(const DeviceIdentity&) const = default;
};

// The reference data JSON texts of Welcome.
struct ReferenceJson {
  std::string election;     // election definition (tally-election/1) of the device's scope
  std::string form_schema;  // form schema
  bool operator==(const ReferenceJson&) const = default;
};

// An op made on this device, with its encoding.
struct LocalOp {
  std::uint64_t counter = 0;
  std::string form;
  std::string bytes;
  engine::Hlc hlc;
};

// An op received from the server (any device of the scope, possibly this one).
struct RemoteOp {
  std::string device;
  std::uint64_t counter = 0;
  std::string form;
  std::string bytes;
};

// One unacknowledged own op.
struct OutboxEntry {
  std::uint64_t counter = 0;
  std::string bytes;
};

// The server's acknowledgement: every own op up to `counter` is durable at `log_index`.
struct AckReceipt {
  std::uint64_t counter = 0;
  std::uint64_t log_index = 0;
  std::string head;  // audit head (hash bytes) at log_index
  std::int64_t received_ms = 0;
  bool operator==(const AckReceipt&) const = default;
};

// The server's receipt for a submission, kept as the message's encoding.
struct SubmissionReceiptRow {
  std::string form;
  std::uint64_t counter = 0;
  std::uint64_t log_index = 0;
  std::string message;
};

class Store {
 public:
  // Opens or creates the store; creates the tables on first use.
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Result<std::optional<DeviceIdentity>> identity();
  Status save_identity(const DeviceIdentity& identity);

  // Reference data as received in Welcome: the definition subset and the form schema.
  Result<std::optional<ReferenceJson>> reference_data();
  Status save_reference_data(const ReferenceJson& reference);

  // Highest counter used by this device (0 before its first op), and its last HLC.
  Result<std::uint64_t> last_counter();
  Result<engine::Hlc> last_hlc();
  // Stores an HLC seen from elsewhere (received ops) so it never goes backwards.
  Status save_hlc(engine::Hlc hlc);

  // Appends an own op to the log and the outbox, and advances counter and HLC, atomically.
  // Refuses a counter that is not last_counter() + 1.
  Status append_local(const LocalOp& op);
  // Appends received ops (duplicates ignored) and moves the cursor, atomically.
  // Returns how many were new.
  Result<std::size_t> append_remote(const std::vector<RemoteOp>& ops, std::uint64_t cursor);
  // Every op of the log, in the order this device learnt of them.
  Result<std::vector<std::string>> log();

  // Outbox entries with counter > after, in counter order, at most `limit`.
  Result<std::vector<OutboxEntry>> outbox(std::uint64_t after, std::size_t limit);
  Result<std::uint64_t> pending_count();
  // Stores the receipt and deletes every outbox entry with counter <= receipt.counter.
  Status record_ack(const AckReceipt& receipt);
  // The receipt with the highest counter, if any.
  Result<std::optional<AckReceipt>> last_ack();
  // Every receipt kept, in counter order.
  Result<std::vector<AckReceipt>> ack_receipts();
  // The bytes of this device's own ops in the log (`device` is its id), by counter.
  Result<std::map<std::uint64_t, std::string>> own_ops(const std::string& device);
  // What the last receipt check saw (receipt_check.hpp), as it saved it; nullopt before one.
  Result<std::optional<std::string>> receipt_check_state();
  Status save_receipt_check_state(std::string_view state);

  Status record_submission_receipt(const SubmissionReceiptRow& receipt);
  Result<std::vector<SubmissionReceiptRow>> submission_receipts();

  // Download cursor: the server's log position up to which the scope has been received.
  Result<std::uint64_t> cursor();

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::client

// The device's side of the sync model: its store, identity and key, reference data, and
// the merged state of the forms in its scope, rebuilt from the store's op log on open.
//
// Makes own ops (checked against the schema, stamped with the device's next counter, HLC
// and the form's version vector, written to disk, then applied), applies received ops,
// and serves the outbox and receipts to the sync thread. Thread-safe: one mutex guards
// the store and the state. Internal to the client library; Client is its public face.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reference_data.hpp"
#include "store.hpp"
#include "tally/client/client.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/form_history.hpp"
#include "tally/engine/form_state.hpp"
#include "tally/engine/op.hpp"
#include "tally/engine/replica.hpp"

namespace tally::client {

class LocalReplica {
 public:
  // Opens the store and replays its op log.
  static Result<std::unique_ptr<LocalReplica>> open(const std::string& store_path);

  // Identity and reference data.
  [[nodiscard]] std::optional<DeviceIdentity> identity() const;
  Status save_identity(const DeviceIdentity& identity);
  Status save_reference_data(const ReferenceJson& reference);
  [[nodiscard]] std::vector<engine::FormId> forms() const;
  // The stored ops that did not decode when the store was opened (one kCorruption error
  // each, naming its position in the log); they are left out of every form's state.
  [[nodiscard]] std::vector<Error> undecodable_ops() const;
  // Signs `bytes` with the device key (Hello).
  Result<engine::Ed25519Signature> sign(std::string_view bytes) const;

  // Own edits. `kind` is kSet or kAdjudicate for field edits.
  Status edit(engine::OpKind kind, const engine::FormId& form, std::string_view path,
              engine::OpValue value);
  Status submit(const engine::FormId& form);
  Status withdraw(const engine::FormId& form);

  [[nodiscard]] Result<FormView> view(const engine::FormId& form) const;
  [[nodiscard]] Result<std::vector<HistoryEntry>> history(const engine::FormId& form,
                                                          std::string_view path) const;

  // Received ops (any device's, possibly our own echoed back): stored with the new
  // cursor in one transaction, then applied. A malformed op fails the whole call.
  Status apply_remote(const std::vector<engine::Op>& ops, std::uint64_t cursor);

  // Sync-thread access to the outbox and receipts.
  Result<std::vector<OutboxEntry>> outbox(std::uint64_t after, std::size_t limit);
  Result<std::uint64_t> pending_count();
  Status record_ack(const AckReceipt& receipt);
  Result<std::optional<AckReceipt>> last_ack();
  // For the receipt check (receipt_check.hpp).
  Result<std::vector<AckReceipt>> ack_receipts();
  Result<std::map<std::uint64_t, std::string>> own_ops();
  Result<std::optional<std::string>> receipt_check_state();
  Status save_receipt_check_state(std::string_view state);
  Status record_submission_receipt(const SubmissionReceiptRow& receipt);
  Result<std::uint64_t> cursor();
  Result<std::uint64_t> last_counter();

  // Called (outside the lock) after every own op is stored: wakes the sync thread.
  void set_on_local_op(std::function<void()> callback);

 private:
  explicit LocalReplica(std::unique_ptr<Store> store);
  Status load();
  void notify_local_op();
  // The station an officer device is limited to; empty for other roles. Lock held.
  [[nodiscard]] std::string_view scope_station() const;
  Status make_op(engine::Op op);
  Status apply_locked(const engine::Op& op, std::uint64_t wall_ms);

  mutable std::mutex mutex_;
  std::unique_ptr<Store> store_;
  std::optional<DeviceIdentity> identity_;
  std::optional<engine::Ed25519KeyPair> key_;
  std::optional<ReferenceData> reference_;
  std::optional<ReferenceJson> reference_json_;  // as stored, to skip unchanged rewrites
  engine::Replica replica_;                      // merge state of every form in scope
  std::map<engine::FormId, engine::FormHistory> histories_;  // kept apart from the merge
  engine::Hlc hlc_;
  std::uint64_t counter_ = 0;
  std::vector<Error> undecodable_;  // found by load()
  std::function<void()> on_local_op_;
};

}  // namespace tally::client

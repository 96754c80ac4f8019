// The client library's C++ API: one Client per device and local store.
//
// An app (or the officer CLI, or the C API in tally_c.h) opens a Client on its store,
// enrols it once with a one-time code, then edits forms offline; every edit is checked
// against the form schema and is on disk before the call returns. Sync runs on its own
// thread once started: it reconnects by itself, uploads the outbox, downloads and applies
// other devices' ops, and reports its state to observers. docs/client.md has examples.
//
// Thread safety: every method may be called from any thread. Observers run on the sync
// thread and must not call stop_sync() or destroy the Client.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/client/sync_state.hpp"
#include "tally/client/transport.hpp"
#include "tally/client/tuning.hpp"
#include "tally/engine/check_result.hpp"
#include "tally/engine/definition.hpp"
#include "tally/engine/form_history.hpp"
#include "tally/engine/form_state.hpp"
#include "tally/engine/form_status.hpp"
#include "tally/engine/op.hpp"
#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::client {

// Options fixed when a Client is opened (defaults from tuning.hpp).
struct ClientOptions {
  std::size_t upload_batch_ops = tuning::kUploadBatchOps;
  std::size_t upload_window_batches = tuning::kUploadWindowBatches;
  // How to reach the server (transport.hpp); empty: a WebSocket to the enrolled URL.
  TransportFactory transport;
};

// Who this device is once enrolled.
struct DeviceInfo {
  std::string device_id;
  std::string role;        // "officer", "supervisor", ...
  std::string station_id;  // the station it was enrolled for (may be empty for supervisors)
  std::string server_url;
};

// What enrol() needs: the server, the operator's one-time code, and for wss:// the
// server's CA certificate (PEM text), which the device trusts from then on.
struct EnrolRequest {
  std::string server_url;
  std::string code;
  std::string ca_pem;
  std::string label = "tally-officer";  // how operators see the device in `tallyd devices`
  std::chrono::milliseconds timeout{tuning::kConnectTimeout};
};

// The server's latest acknowledgement of this device's ops: proof of what it stored.
struct Receipt {
  std::uint64_t counter = 0;    // every own op up to this counter is durable on the server
  std::uint64_t log_index = 0;  // at this index of the server's audit log
  std::string audit_head;       // the log's hash chain head there (hex)
};

// What Client::verify_receipts() found (docs/client.md, "Checking receipts").
struct ReceiptCheck {
  std::uint64_t tree_size = 0;           // the server's signed tree head it checked against
  std::uint64_t tree_signed_ms = 0;      // when the server signed it (Unix ms)
  std::string root_hash;                 // its root (hex)
  std::uint64_t previous_tree_size = 0;  // the head the previous check kept (0: none)
  std::uint64_t ops_checked = 0;         // own acknowledged ops found in the tree
  // Every check that failed, each saying where: E603 an own op that is not in the log as
  // acknowledged (missing, other bytes, or past its receipt's index), E604 a log that does
  // not extend the one the previous check saw, E601 a tree head the pinned key did not sign.
  std::vector<Error> problems;
  [[nodiscard]] bool ok() const { return problems.empty(); }
};

// One form as the officer sees it.
struct FormView {
  engine::FormId form;
  engine::StationRecord record;                  // the values every sibling agrees on
  engine::FormStatus status;                     // draft / accepted / flagged + reasons
  engine::CheckFailures failed_checks;           // the schema's failed checks (validate_record)
  std::vector<engine::FieldConflict> conflicts;  // fields with differing siblings and authors
  bool submitted_by_this_device = false;
  // 1 for polling day's form; 2 for a supplementary election or re-vote, whose unit
  // `round_of` names (docs/election-definition.md, "Second rounds").
  int round = 1;
  std::optional<engine::SecondRoundOf> round_of;
};

// One op that wrote a field, for the field's history (ordered by HLC, then dot).
struct HistoryEntry {
  engine::HistoryEntry entry;  // who (dot), when (hlc, skew), kind, value, dots it covered
  bool live = false;           // still a sibling of the field (not covered by a later op)
};

class Client {
 public:
  // Opens (or creates) the store at `store_path` and rebuilds the form state from it.
  static Result<std::unique_ptr<Client>> open(const std::string& store_path,
                                              ClientOptions options = {});
  ~Client();  // stops sync
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Enrols the device (first time only): makes its Ed25519 key, presents the one-time
  // code, stores the identity and the reference data. Needs the network; blocks.
  Status enrol(const EnrolRequest& request);
  // The identity, or nullopt before enrolment.
  [[nodiscard]] std::optional<DeviceInfo> device() const;
  // The latest acknowledgement received, or nullopt before the first.
  [[nodiscard]] Result<std::optional<Receipt>> last_receipt() const;
  // Checks the receipts against the server's public log (needs the network; blocks): the
  // latest signed tree head (its key pinned at the first check), its consistency with the
  // head the previous check kept, and the inclusion proof of every own op the server
  // acknowledged. A clean check keeps the new head for the next one. An error means the
  // check could not be made (no network, not enrolled); failed checks are in `problems`.
  Result<ReceiptCheck> verify_receipts();
  // The forms in the device's reference data (its station's contests).
  [[nodiscard]] std::vector<engine::FormId> forms() const;
  // Ops in the store that do not decode (E802, naming each): left out of the forms' state,
  // so the rest of the store keeps working. Empty for a healthy store.
  [[nodiscard]] std::vector<Error> undecodable_ops() const;

  // Edits: `path` is a field ("valid") or a vote entry ("votes.NA-01-C01"). A value the
  // schema refuses is refused with its code and nothing is stored.
  Status set_count(const engine::FormId& form, std::string_view path, engine::Count value);
  Status set_text(const engine::FormId& form, std::string_view path, std::string text);
  Status clear(const engine::FormId& form, std::string_view path);
  // Signs the hash of the form's current values with the device key.
  Status submit(const engine::FormId& form);
  Status withdraw(const engine::FormId& form);
  // Supervisor devices only: a value covering every sibling of the field this device knows.
  Status adjudicate(const engine::FormId& form, std::string_view path, engine::OpValue value);

  [[nodiscard]] Result<FormView> form(const engine::FormId& form) const;
  [[nodiscard]] Result<std::vector<HistoryEntry>> history(const engine::FormId& form,
                                                          std::string_view path) const;

  // Starts the sync thread (needs an enrolled device); idempotent.
  Status start_sync();
  // Stops the sync thread; edits keep working offline.
  void stop_sync();
  // Connects or syncs now, skipping any reconnect wait.
  void sync_now();
  [[nodiscard]] SyncState sync_state() const;
  // Called on every change of the sync state (on the sync thread). Replaces any previous.
  void set_state_observer(std::function<void(const SyncState&)> observer);
  // Blocks until the state is kUpToDate or `timeout` passes; true if up to date.
  bool wait_until_up_to_date(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::client

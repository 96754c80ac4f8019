// A simulated device: what the client library does, over the real engine.
//
// It holds its own Replica, counter, HLC (from the simulated clock plus the device's
// skew, which may be hours), an outbox of unacked ops and a download cursor. It makes
// the edits its plan schedules (offline or not), connects with backoff (exponential,
// full jitter, capped), answers the Challenge with an Ed25519-signed Hello, uploads its
// outbox in counter order in batches with a bounded window, goes back to the first
// unacked op after an ack timeout or a refused gap, downloads from its cursor, and checks
// what the server tells it (acks, receipts, signed heads). A supervisor also adjudicates
// every conflict it sees and submits
// every flagged form. Used by sim_world.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "device_identity.hpp"
#include "sim_network.hpp"
#include "sim_random.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/replica.hpp"

namespace tally::sim {

// One edit a device's officer makes at a simulated time: set a field, or submit the form.
struct PlannedEdit {
  SimTime at = 0;
  engine::FormId form;
  engine::OpKind kind = engine::OpKind::kSet;  // kSet or kSubmit
  std::string field;                           // kSet only
  engine::OpValue value;                       // kSet only
};

// Who a device is and what its officer will do.
struct DeviceSetup {
  std::string device_id;
  engine::Role role = engine::Role::kOfficer;
  std::string station_id;  // empty unless officer
  engine::Ed25519Seed key_seed{};
  std::int64_t clock_skew_ms = 0;  // device clock minus true time
  std::vector<PlannedEdit> plan;   // ascending by time
};

// Tuning of the simulated client (the real client keeps its own in one header).
inline constexpr std::size_t kBatchOps = 4;        // ops per UploadBatch
inline constexpr std::size_t kWindowOps = 12;      // unacked ops in flight
inline constexpr SimTime kAckTimeoutMs = 800;      // then resend from the first unacked op
inline constexpr SimTime kRequestTimeoutMs = 800;  // a download request may be resent
inline constexpr SimTime kPollMs = 250;            // download poll while up to date
inline constexpr SimTime kHandshakeTimeoutMs = 1'000;
inline constexpr SimTime kBackoffBaseMs = 100;
inline constexpr SimTime kBackoffCapMs = 5'000;

// A head the server told the device (in a Welcome, Ack, receipt or SignedHead): the log
// must hold exactly this head at this index.
struct HeadSeen {
  std::uint64_t log_index = 0;
  engine::Sha256Digest head{};
};

// A SubmissionReceipt the device holds: the log must hold its submission at this index.
struct ReceiptHeld {
  engine::Dot dot;
  std::uint64_t log_index = 0;
};

// What the device did, for the figures.
struct DeviceStats {
  std::uint64_t batches_sent = 0;
  std::uint64_t resends = 0;   // go-backs after a timeout or a refused gap
  std::uint64_t connects = 0;  // connection attempts
  std::uint64_t welcomes = 0;
  std::uint64_t adjudications = 0;
  bool operator==(const DeviceStats&) const = default;
};

class SimDevice {
 public:
  SimDevice(std::size_t endpoint, DeviceSetup setup, engine::Ed25519KeyPair key,
            std::string server_id, engine::Ed25519PublicKey server_key,
            std::uint64_t clock_origin_ms, Rng rng);

  // Advances the device to `now`: planned edits, connection, uploads, downloads, timers,
  // and (supervisor) adjudication.
  void tick(SimNetwork& network, SimTime now);
  // A frame from the server on connection `epoch` (frames of an older connection that
  // the server closed after sending them are ignored).
  void on_frame(std::uint64_t epoch, std::string_view frame, SimNetwork& network, SimTime now);

  [[nodiscard]] const std::string& id() const { return setup_.device_id; }
  [[nodiscard]] const DeviceSetup& setup() const { return setup_; }
  [[nodiscard]] const engine::Replica& replica() const { return replica_; }
  // Every op this device made, in counter order.
  [[nodiscard]] const std::vector<engine::Op>& made() const { return made_; }
  // The highest counter the server acked.
  [[nodiscard]] std::uint64_t acked() const { return acked_; }
  [[nodiscard]] std::uint64_t cursor() const { return cursor_; }
  // Nothing left to do: the plan is done, everything made is acked and no adjudication is
  // pending. (With cursor() at the log's end, the device holds every op in its scope;
  // polls may still be in flight, but they change nothing.)
  [[nodiscard]] bool settled() const;
  [[nodiscard]] const std::vector<HeadSeen>& heads_seen() const { return heads_seen_; }
  [[nodiscard]] const std::vector<ReceiptHeld>& receipts() const { return receipts_; }
  // Things the server did that the protocol forbids, seen from this device.
  [[nodiscard]] const std::vector<std::string>& violations() const { return violations_; }
  [[nodiscard]] const DeviceStats& stats() const { return stats_; }

 private:
  enum class Link : std::uint8_t { kOffline, kAwaitChallenge, kAwaitWelcome, kReady };

  void send(const engine::Message& message, SimNetwork& network, SimTime now);
  engine::Op next_op(const engine::FormId& form);
  void make_op(engine::Op op);
  void make_submit(const engine::FormId& form);
  void apply_plan(SimTime now);
  void manage_link(SimNetwork& network, SimTime now);
  void go_offline(SimTime now);
  void pump_uploads(SimNetwork& network, SimTime now);
  void pump_downloads(SimNetwork& network, SimTime now);
  // Supervisor: adjudicates each conflicting field of each form and submits the flagged
  // ones (a submit covers conflicting submissions).
  void adjudicate();
  // Supervisor: whether a form is flagged or in conflict (recomputed after a change).
  void refresh_adjudication_due();
  [[nodiscard]] std::uint64_t wall_ms(SimTime now) const;

  void on_challenge(const engine::ChallengeMessage& challenge, SimNetwork& network, SimTime now);
  void on_welcome(const engine::WelcomeMessage& welcome, SimNetwork& network, SimTime now);
  void on_ack(const engine::AckMessage& ack, SimTime now);
  void on_pushed(const engine::PushedOpsMessage& pushed, SimTime now);
  void on_receipt(const engine::SubmissionReceiptMessage& receipt);
  void on_signed_head(const engine::SignedHeadMessage& signed_head);
  void on_error(const engine::ErrorMessage& error);

  std::size_t endpoint_;
  DeviceSetup setup_;
  testkit::DeviceIdentity identity_;
  std::string server_id_;
  engine::Ed25519PublicKey server_key_;
  std::uint64_t clock_origin_ms_;
  Rng rng_;

  engine::Replica replica_;
  bool replica_changed_ = false;
  bool adjudication_due_ = false;
  engine::Hlc hlc_;
  std::uint64_t counter_ = 0;
  std::vector<engine::Op> made_;
  std::size_t next_planned_ = 0;
  SimTime now_ = 0;  // the time of the last tick, for ops made while handling frames

  std::deque<engine::Op> outbox_;  // counters acked_ + 1 .. counter_
  std::uint64_t acked_ = 0;
  std::uint64_t sent_through_ = 0;
  SimTime last_upload_progress_ = 0;

  std::uint64_t cursor_ = 0;
  bool up_to_date_ = false;
  bool download_in_flight_ = false;
  SimTime download_sent_ = 0;
  SimTime last_download_ = 0;

  Link link_ = Link::kOffline;
  std::uint64_t epoch_ = 0;
  SimTime link_since_ = 0;
  SimTime reconnect_at_ = 0;
  unsigned failed_attempts_ = 0;

  std::vector<HeadSeen> heads_seen_;
  std::vector<ReceiptHeld> receipts_;
  std::uint64_t signed_through_ = 0;  // highest index of a signed head the device holds
  std::vector<std::string> violations_;
  DeviceStats stats_;
};

}  // namespace tally::sim

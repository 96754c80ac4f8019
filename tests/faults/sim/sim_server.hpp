// The simulated server: the protocol rules of docs/protocol.md over the real engine.
//
// It holds what tallyd holds in memory: a Replica, the AuditChain and its entries (the
// op log), the highest contiguous counter stored per device, the enrolled devices' keys,
// and one session per device connection. Every frame it receives is decode()d and every
// frame it sends is encode()d. Uploads follow the protocol exactly: ops in counter order;
// a counter at or below the stored one is a duplicate (its bytes must equal the stored
// op's) and is acked again; the next counter is checked (author, scope, role, submission
// signature), applied, appended to the chain and acked; a gap refuses the rest of the
// batch (transient kCounterGap). Used by sim_world.cpp and tests/faults/simulation_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim_network.hpp"
#include "sim_random.hpp"
#include "tally/engine/audit_chain.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/replica.hpp"

namespace tally::sim {

// A device the operator enrolled: its id, role, station (officers) and public key.
struct Enrolment {
  std::string device_id;
  engine::Role role = engine::Role::kOfficer;
  std::string station_id;  // empty unless officer
  engine::Ed25519PublicKey key{};
};

// What the server did, for the figures.
struct ServerStats {
  std::uint64_t batches = 0;
  std::uint64_t ops_stored = 0;
  std::uint64_t duplicates_reacked = 0;  // ops received again and acked again
  std::uint64_t gaps_refused = 0;
  std::uint64_t downloads = 0;
  std::uint64_t welcomes = 0;
  std::map<std::uint16_t, std::uint64_t> errors_sent;  // by ErrorCode
  bool operator==(const ServerStats&) const = default;
};

// Ops per PushedOps page: small, so that downloads page even in short schedules.
inline constexpr std::size_t kDownloadPageOps = 16;

class SimServer {
 public:
  // `devices[i]` is the enrolment of the device on network endpoint i. `clock_origin_ms`
  // is the server's wall clock at simulated time 0 (receive times in the log).
  SimServer(std::string server_id, engine::Ed25519KeyPair key, std::vector<Enrolment> devices,
            Rng rng, std::uint64_t clock_origin_ms);

  // A connection was opened: a new session; sends the Challenge.
  void on_connect(std::size_t endpoint, std::uint64_t epoch, SimNetwork& network, SimTime now);
  // A frame arrived on a connection.
  void on_frame(std::size_t endpoint, std::uint64_t epoch, std::string_view frame,
                SimNetwork& network, SimTime now);

  [[nodiscard]] const std::string& server_id() const { return server_id_; }
  [[nodiscard]] const engine::Ed25519PublicKey& public_key() const { return key_.public_key(); }
  [[nodiscard]] const engine::Replica& replica() const { return replica_; }
  // The op log: entry i has index i + 1.
  [[nodiscard]] const std::vector<engine::AuditEntry>& log() const { return log_; }
  [[nodiscard]] std::uint64_t log_index() const { return chain_.index(); }
  [[nodiscard]] const engine::Sha256Digest& head() const { return chain_.head(); }
  // Highest contiguous counter stored for the device (0 if none or unknown).
  [[nodiscard]] std::uint64_t acked_counter(const std::string& device_id) const;
  [[nodiscard]] std::optional<engine::Ed25519PublicKey> device_key(const std::string& id) const;
  // Signs the current head (what the server does at intervals and at export).
  [[nodiscard]] Result<engine::SignedHead> sign_current_head() const;
  [[nodiscard]] const ServerStats& stats() const { return stats_; }

 private:
  struct Session {
    std::uint64_t epoch = 0;
    engine::Nonce nonce{};
    std::optional<std::size_t> device;  // the enrolment, once Hello verified
  };
  struct Reply {  // where to send: the connection a frame came on
    std::size_t endpoint;
    std::uint64_t epoch;
  };

  void send(const Reply& to, const engine::Message& message, SimNetwork& network, SimTime now);
  void refuse(const Reply& to, ErrorCode code, std::string message, bool transient,
              SimNetwork& network, SimTime now);
  void on_hello(Session& session, const Reply& to, const engine::HelloMessage& hello,
                SimNetwork& network, SimTime now);
  void on_upload(std::size_t device, const Reply& to, const engine::UploadBatchMessage& batch,
                 SimNetwork& network, SimTime now);
  void on_download(std::size_t device, const Reply& to,
                   const engine::DownloadRequestMessage& request, SimNetwork& network, SimTime now);
  // Whether the author `device` may write `op`: station scope, role, submission signature.
  Status authorise(std::size_t device, const engine::Op& op) const;
  [[nodiscard]] bool in_scope(std::size_t device, const engine::Op& op) const;

  std::string server_id_;
  engine::Ed25519KeyPair key_;
  std::vector<Enrolment> devices_;
  std::unordered_map<std::string, std::size_t> device_by_id_;
  Rng rng_;
  std::uint64_t clock_origin_ms_;
  std::vector<std::optional<Session>> sessions_;  // per endpoint
  engine::Replica replica_;
  engine::AuditChain chain_;
  std::vector<engine::AuditEntry> log_;
  std::vector<engine::Op> log_ops_;                 // decoded, for downloads
  std::vector<std::vector<std::uint64_t>> stored_;  // per device: log index of counter c at c - 1
  ServerStats stats_;
};

}  // namespace tally::sim

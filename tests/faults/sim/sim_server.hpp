// The simulated server: tallyd's real Core and sync sessions (server/src/core, server/src/sync)
// on a real SQLite store in a temporary directory, with the simulated network as their
// transport. Nothing here re-implements a protocol rule: every frame goes to a real
// SyncSession, whose answers go back onto the network.
//
// Deterministic: the core's clock is the simulated one, and after every frame the server
// waits until the core has committed and published what that frame caused
// (Core::after_pending_commits), then runs the sessions' posted work in endpoint order,
// until none is left. So a frame's answers are all sent at the simulated instant it
// arrived, in an order that depends only on the schedule. Used by sim_world.cpp and
// tests/faults/simulation_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
  std::uint64_t downloads = 0;
  std::uint64_t welcomes = 0;
  std::map<std::uint16_t, std::uint64_t> errors_sent;  // by ErrorCode
  bool operator==(const ServerStats&) const = default;
};

// Ops per PushedOps page: small, so that downloads page even in short schedules.
inline constexpr std::size_t kDownloadPageOps = 16;

class SimServer {
 public:
  // `devices[i]` is the enrolment of the device on network endpoint i (stored before the
  // core starts, as tallyd's enrolment would have). `clock_origin_ms` is the server's wall
  // clock at simulated time 0 (receive times in the log).
  SimServer(std::string server_id, engine::Ed25519KeyPair key, std::vector<Enrolment> devices,
            std::uint64_t clock_origin_ms);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // A connection was opened: a new session (the endpoint's previous one ends); it sends
  // the Challenge.
  void on_connect(std::size_t endpoint, std::uint64_t epoch, SimNetwork& network, SimTime now);
  // A frame arrived on a connection.
  void on_frame(std::size_t endpoint, std::uint64_t epoch, std::string_view frame,
                SimNetwork& network, SimTime now);

  [[nodiscard]] const std::string& server_id() const;
  [[nodiscard]] const engine::Ed25519PublicKey& public_key() const;
  // The core's published replica (a copy).
  [[nodiscard]] engine::Replica replica() const;
  // The op log: entry i has index i + 1.
  [[nodiscard]] const std::vector<engine::AuditEntry>& log() const;
  [[nodiscard]] std::uint64_t log_index() const;
  [[nodiscard]] engine::Sha256Digest head() const;
  // Highest contiguous counter stored for the device (0 if none or unknown).
  [[nodiscard]] std::uint64_t acked_counter(const std::string& device_id) const;
  [[nodiscard]] std::optional<engine::Ed25519PublicKey> device_key(const std::string& id) const;
  // The core's latest signed head (of its last commit).
  [[nodiscard]] Result<engine::SignedHead> sign_current_head() const;
  [[nodiscard]] ServerStats stats() const;

  // The core, its store and the open sessions (sim_server.cpp).
  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace tally::sim

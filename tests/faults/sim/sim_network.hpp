// The simulated network between the simulated devices and the simulated server, with the
// guarantees of a WebSocket over TCP and its failures.
//
// Each device has at most one connection to the server at a time, identified by an
// epoch that grows with every connect. On a connection, frames arrive in the order they
// were sent, each way, after a random latency, none twice (TCP's stream). A connection
// closed by either side still delivers the frames sent on it before the close (TCP's
// orderly shutdown); one reset loses the frames in flight. Before the heal time each
// frame may be lost, and its loss resets the connection (what TCP does when it cannot get
// a segment through: the stream dies, nothing after the gap arrives). Frames of
// different connections overtake each other (an old connection drains while a new one
// starts). Partitions cut a set of devices off the server for a while: their connections
// are reset, connects fail; all partitions end by the heal time, after which the network
// loses nothing. Used by sim_world.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "sim_random.hpp"

namespace tally::sim {

// Simulated milliseconds since the schedule started.
using SimTime = std::uint64_t;

// Which way a frame travels.
enum class Direction : std::uint8_t { kToServer, kToDevice };

// A frame in flight, or one due for delivery.
struct Delivery {
  SimTime at = 0;
  std::uint64_t sequence = 0;  // ties on `at` break by send order: deterministic
  std::size_t device = 0;
  std::uint64_t epoch = 0;
  Direction direction = Direction::kToServer;
  std::string frame;
};

// A set of devices cut off the server during [start, end).
struct Partition {
  SimTime start = 0;
  SimTime end = 0;
  std::vector<bool> cut;  // per device
};

// The network's fault settings for one schedule.
struct NetworkFaults {
  std::uint64_t drop_percent = 0;  // per frame, before heal_at; a drop resets the connection
  SimTime min_latency_ms = 1;
  SimTime max_latency_ms = 50;
  std::vector<Partition> partitions;  // each ends by heal_at
  SimTime heal_at = 0;                // no drops or partitions from here on
};

// What the network did, for the figures.
struct NetworkStats {
  std::uint64_t frames_sent = 0;
  std::uint64_t frames_delivered = 0;
  std::uint64_t frames_dropped = 0;  // at random, by a partition, or on a closed connection
  std::uint64_t partitions = 0;
  std::uint64_t connections = 0;
  std::uint64_t resets = 0;  // connections cut by a partition or a lost frame
  bool operator==(const NetworkStats&) const = default;
};

class SimNetwork {
 public:
  SimNetwork(std::size_t devices, NetworkFaults faults, Rng rng);

  // Resets the connections of devices that a partition starting at or before `now` cuts.
  void update(SimTime now);
  // Opens a new connection for `device`, closing its previous one; nothing if the device
  // is cut off. The server learns of it through take_opened().
  std::optional<std::uint64_t> connect(std::size_t device, SimTime now);
  // Connections opened since the last call, as (device, epoch).
  std::vector<std::pair<std::size_t, std::uint64_t>> take_opened();
  // Closes the connection (either side may): frames already sent on it still arrive,
  // later ones are lost.
  void close(std::size_t device, std::uint64_t epoch);
  [[nodiscard]] bool is_open(std::size_t device, std::uint64_t epoch) const;
  // Sends a frame on a connection.
  void send(std::size_t device, std::uint64_t epoch, Direction direction, std::string frame,
            SimTime now);
  // The next frame due at or before `now` on a connection still open (or closed after the
  // frame was sent); lost frames are counted and skipped.
  std::optional<Delivery> next_due(SimTime now);
  // No frame in flight.
  [[nodiscard]] bool idle() const { return in_flight_.empty(); }
  [[nodiscard]] bool cut_off(std::size_t device, SimTime now) const;
  [[nodiscard]] const NetworkFaults& faults() const { return faults_; }
  [[nodiscard]] const NetworkStats& stats() const { return stats_; }

 private:
  struct Later {
    bool operator()(const Delivery& a, const Delivery& b) const {
      return a.at != b.at ? a.at > b.at : a.sequence > b.sequence;
    }
  };
  void schedule(Delivery delivery, SimTime now);
  // Ends the device's connection at once, losing its frames in flight.
  void reset(std::size_t device);

  NetworkFaults faults_;
  Rng rng_;
  // A closed connection whose frames sent before the close are still delivered.
  struct Draining {
    std::uint64_t epoch = 0;
    std::uint64_t sent_before = 0;  // frames with a lower sequence number
  };

  std::vector<std::uint64_t> open_epoch_;  // per device; 0 = no connection
  std::vector<Draining> draining_;         // per device: its last closed connection
  // Per device and direction: the latest delivery time scheduled on its open connection,
  // so that no frame overtakes an earlier one of the same connection.
  std::vector<std::array<SimTime, 2>> last_due_;
  std::uint64_t next_epoch_ = 1;
  std::vector<std::pair<std::size_t, std::uint64_t>> opened_;
  std::size_t next_partition_ = 0;  // partitions are sorted by start
  std::priority_queue<Delivery, std::vector<Delivery>, Later> in_flight_;
  std::uint64_t sequence_ = 0;
  NetworkStats stats_;
};

}  // namespace tally::sim

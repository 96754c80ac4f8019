// TestServer: a loopback WebSocket peer that speaks the sync protocol with the engine's
// messages, for the client tests that need a server to misbehave on cue in ways the real
// tallyd never does (forget what it acknowledged, hold acks, drop the connection after N
// batches). It keeps each device's ops in memory, refuses gaps, acks duplicates again,
// and serves downloads and live pushes of every other device's ops.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tally/engine/messages.hpp"

namespace tally::client::testing {

class TestServer {
 public:
  // Listens on 127.0.0.1:`port` (0: any free port) until destroyed.
  explicit TestServer(std::uint16_t port = 0);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string url() const;

  // Makes a one-time code for a device of `station` with `role`.
  std::string add_enrolment_code(const std::string& station, engine::Role role);

  // Every op stored, in log order, and how many times each (device, counter) arrived.
  [[nodiscard]] std::vector<engine::Op> log() const;
  [[nodiscard]] std::size_t uploads_received() const;

  // Fault injection.
  void drop_connections_after_batches(std::size_t batches);  // 0: never
  void forget_everything();                                  // as if restored from an empty backup
  void hold_acks(bool hold);
  // Sends every connected device an Ack for what it has stored (after hold_acks(false)).
  void release_acks();
  // Closes every connection and stops listening; resume() listens on the same port again.
  void pause();
  void resume();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
};

}  // namespace tally::client::testing

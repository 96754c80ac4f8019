// LoopbackServer: tallyd's real Core and sync sessions (server/src/core, server/src/sync) on
// a real SQLite store in a temporary directory, reached by the real client library through
// an in-process transport (tally/client/transport.hpp) instead of a socket, as LiteCore's
// ReplicatorLoopbackTest does. The protocol's rules are tallyd's own: nothing here
// re-implements them. What a socket would do badly on cue is done on the transport: hold
// the server's Acks, cut a connection after an upload before its Ack, refuse connections
// while paused; and the store can be backed up and restored (a server that forgot ops it
// acknowledged). Used by the client tests and bench/client_bench.cpp.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "tally/client/transport.hpp"
#include "tally/engine/messages.hpp"

namespace tally::testkit {

class LoopbackServer {
 public:
  // Opens a store in a temporary directory with the test election (test_election_path())
  // and starts the core.
  LoopbackServer();
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // The transport a client's options take (ClientOptions::transport), and the URL it
  // enrols with (stored by the client, ignored by the transport).
  [[nodiscard]] client::TransportFactory transport();
  [[nodiscard]] static std::string url() { return "loopback://tallyd/sync"; }

  // A one-time enrolment code for a device of `station` (officers) with `role`.
  std::string add_enrolment_code(const std::string& station, engine::Role role);
  // Every op in the server's log, in log order.
  [[nodiscard]] std::vector<engine::Op> log() const;
  // Upload batches the clients sent, over every connection so far.
  [[nodiscard]] std::size_t uploads_received() const;

  // Every `batches`-th upload reaches the core, then its connection is cut before the Ack
  // (0: never).
  void drop_connections_after_batches(std::size_t batches);
  // While held, the server's Acks wait in the transport; release_acks() delivers them.
  void hold_acks(bool hold);
  void release_acks();
  // Cuts every connection and refuses new ones until resume().
  void pause();
  void resume();
  // Stops the core, copies the store to `name` (restore: copies it back), starts again;
  // connections are cut meanwhile.
  void backup(const std::string& name);
  void restore(const std::string& name);

  // The core, the store and the open links (loopback_server.cpp), shared with the
  // connections' ends.
  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace tally::testkit

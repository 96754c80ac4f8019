// The seam between the client's sync protocol and the bytes on the wire (docs/client.md,
// "Transports"). By default the client speaks to tallyd over a WebSocket (ws://, or wss://
// with the CA given at enrolment as its only trust anchor). An app may bring its own
// connection (a platform socket on a phone), and the tests run the real client against
// tallyd's real core in one process (tests/support/loopback_server.hpp), as LiteCore's
// ReplicatorLoopbackTest runs two replicators over a loopback socket.
//
// Threading: the client calls a Transport only on its sync thread, and a Transport must
// call its handlers only there too: from inside start/send/close, or from a task it ran
// through TransportTarget::post.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "tally/error.hpp"

namespace tally::client {

// What a connection reports to the sync protocol above it.
struct TransportHandlers {
  std::function<void()> on_open;                    // the connection carries frames now
  std::function<void(std::string frame)> on_frame;  // one whole binary frame, in order
  std::function<void(Error error)> on_closed;       // the connection is gone (called once)
};

// One connection to the server carrying whole binary frames, in order, both ways.
class Transport {
 public:
  virtual ~Transport() = default;
  // Connects, then reports through `handlers` until the connection ends.
  virtual void start(TransportHandlers handlers) = 0;
  // Queues one frame; frames leave in the order they were sent.
  virtual void send(std::string frame) = 0;
  // Ends the connection; on_closed is still called once.
  virtual void close() = 0;
};

// What a new connection is for: the server URL and CA stored at enrolment, and how to run
// a task on the sync thread (where the handlers must run).
struct TransportTarget {
  std::string server_url;
  std::string ca_pem;
  std::function<void(std::function<void()> task)> post;
};

// Makes one connection per attempt. A refusal (a URL it cannot serve) ends that attempt
// with the error, as a failed connection does.
using TransportFactory =
    std::function<Result<std::shared_ptr<Transport>>(const TransportTarget& target)>;

}  // namespace tally::client

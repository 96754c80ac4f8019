// One WebSocket connection to tallyd (ws:// on loopback, or wss:// with the server's
// certificate trusted from the CA PEM given at enrol time), run on the sync thread's
// io_context. Delivers every binary frame it reads and reports the first failure once.
// Internal to the client library; the protocol on top of it is in sync_session.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::client {

// A parsed server address: "ws://host:port/target" or "wss://host:port/target".
struct ServerUrl {
  bool tls = true;
  std::string host;
  std::string port;
  std::string target = "/";
};

// Parses a server URL; the port is required, the target defaults to "/".
Result<ServerUrl> parse_server_url(std::string_view url);

// Handlers of one connection; all run on the io_context's thread.
struct ConnectionHandlers {
  std::function<void()> on_open;                    // WebSocket handshake done
  std::function<void(std::string frame)> on_frame;  // one binary frame received
  std::function<void(Error error)> on_closed;       // the connection is gone (called once)
};

// Abstract connection; create() picks the plain or the TLS variant from the URL.
class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Resolves, connects, does TLS and the WebSocket handshake, then reads until closed.
  virtual void start(ConnectionHandlers handlers) = 0;
  // Queues one binary frame; frames go out in order, one write in flight at a time.
  virtual void send(std::string frame) = 0;
  // Closes the connection; on_closed is still called once.
  virtual void close() = 0;

  // `ca_pem` is required for wss:// (the only trust anchor) and ignored for ws://.
  static Result<std::shared_ptr<WsConnection>> create(boost::asio::io_context& io,
                                                      const ServerUrl& url,
                                                      const std::string& ca_pem);
};

}  // namespace tally::client

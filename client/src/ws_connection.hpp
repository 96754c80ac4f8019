// One WebSocket connection to tallyd (ws:// on loopback, or wss:// with the server's
// certificate trusted from the CA PEM given at enrol time), run on the sync thread's
// io_context. Delivers every binary frame it reads and reports the first failure once.
// Internal to the client library; the protocol on top of it is in sync_session.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "tally/client/transport.hpp"
#include "tally/error.hpp"

namespace tally::client {

class TlsResumption;

// The default transport: start() resolves, connects, does TLS and the WebSocket
// handshake, then reads until closed; frames go out one write at a time.
// `ca_pem` is required for wss:// (the only trust anchor) and ignored for ws://.
// `resumption`, kept across a device's connections, gives them one TLS context and lets
// a reconnect resume the last TLS session; without it the connection stands alone.
Result<std::shared_ptr<Transport>> open_websocket(boost::asio::io_context& io,
                                                  std::string_view server_url,
                                                  const std::string& ca_pem,
                                                  std::shared_ptr<TlsResumption> resumption = {});

}  // namespace tally::client

// The HTTP side of a connection, after advanced_server_flex: reads requests, upgrades
// "GET /sync" with an Upgrade: websocket header to a WebSocketSession, and answers every
// other request through HttpApi (keep-alive, one request at a time, bounded sizes).
// Stream is beast::tcp_stream (plain) or TlsSocket (TLS).
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>

#include "net/net_limits.hpp"
#include "net/tls_socket.hpp"

namespace tally::server {

class ConnectionGate;
class Core;
class HttpApi;

// What every session of one listener shares.
struct SessionContext {
  Core& core;
  HttpApi& api;
  const NetLimits& limits;
  ConnectionGate& event_streams;  // open GET /api/v1/events, at most limits.max_event_streams
};

template <class Stream>
class HttpSession final : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, SessionContext context, std::shared_ptr<void> slot);

  // For TLS: runs the TLS handshake first.
  void run();

 private:
  void on_handshake(boost::beast::error_code error);
  void on_first_bytes(boost::beast::error_code error, std::size_t bytes);
  void do_read();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void send(boost::beast::http::response<boost::beast::http::string_body> response);
  void on_write(bool keep_alive, boost::beast::error_code error, std::size_t bytes);
  // Hands the connection to an EventStream, or answers 503 (E1002) at the cap.
  void open_event_stream();
  void do_shutdown();
  // Reads and drops what the peer still sends until it closes or kLingerTimeout passes.
  void linger();
  void on_linger(boost::beast::error_code error, std::size_t bytes);

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  SessionContext context_;
  std::shared_ptr<void> slot_;
  std::string client_address_;  // the peer's IP, for the login rate limit
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response_;
};

}  // namespace tally::server

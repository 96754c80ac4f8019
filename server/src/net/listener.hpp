// Accepts TCP connections on tallyd's one port and hands each to a detector that looks at
// the first bytes: a TLS ClientHello goes to the TLS HTTP session, anything else to the
// plain one; a listener serves one of the two modes and drops the other (advanced_server_flex).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "net/connection_gate.hpp"
#include "net/http_session.hpp"
#include "tally/error.hpp"

namespace tally::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // `tls` is null for a plain (loopback-only) listener.
  Listener(boost::asio::io_context& io, boost::asio::ssl::context* tls, SessionContext context);

  Status listen(const boost::asio::ip::tcp::endpoint& endpoint);
  [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;
  void run();
  void stop();
  // Connections open now (HTTP and WebSocket).
  [[nodiscard]] std::size_t open_connections() const { return gate_->open_connections(); }

 private:
  void do_accept();
  void on_accept(boost::beast::error_code error, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ssl::context* tls_;
  SessionContext context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<ConnectionGate> gate_;
};

}  // namespace tally::server

// Accepts TCP connections on tallyd's one port and hands each to a detector that looks at
// the first bytes: a TLS ClientHello goes to the TLS HTTP session, anything else to the
// plain one; a listener serves one of the two modes and drops the other (advanced_server_flex).
// When the process has no descriptor left (EMFILE/ENFILE) it stops accepting for a short
// while instead of retrying at once, so open connections keep being served meanwhile.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
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
  // Waits kAcceptPause before accepting again; one log line per pause (not per retry).
  void pause_accepting(const boost::beast::error_code& error);

  boost::asio::io_context& io_;
  boost::asio::ssl::context* tls_;
  SessionContext context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<ConnectionGate> gate_;
  boost::asio::steady_timer pause_timer_;  // on the acceptor's strand, as the fields below
  bool paused_ = false;                    // the last accept ran out of descriptors
  std::uint64_t pauses_ = 0;               // pauses since start, for the log line
};

}  // namespace tally::server

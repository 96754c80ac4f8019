// The WebSocket transport of a SyncSession, following Beast's websocket/server/async
// example: owned by shared_from_this, every handler on the stream's strand, do_x/on_x
// pairs, one async_write in flight and a bounded queue behind it.
// Stream is beast::tcp_stream (plain) or TlsSocket (TLS).
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>
#include <string>

#include "net/net_limits.hpp"
#include "net/tls_socket.hpp"
#include "sync/sync_session.hpp"

namespace tally::server {

template <class Stream>
class WebSocketSession final : public SyncSession {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  WebSocketSession(Stream&& stream, Core& core, const NetLimits& limits,
                   std::shared_ptr<void> slot);
  ~WebSocketSession() override;

  // Accepts the upgrade `request` read by the HTTP session, then starts reading.
  void run(Request request);

  bool send_frame(std::string frame) override;
  void close_session(ErrorCode code, std::string reason) override;
  void post_task(std::function<void()> task) override;
  [[nodiscard]] std::size_t queued_frames() const override { return queue_.size(); }
  [[nodiscard]] std::string peer() const override { return peer_; }

 private:
  void on_accept(boost::beast::error_code error);
  void do_read();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void do_write();
  void on_write(boost::beast::error_code error, std::size_t bytes);
  void do_close();
  void on_close(boost::beast::error_code error);
  void on_hello_timer(boost::beast::error_code error);
  void finish();

  boost::beast::websocket::stream<Stream> ws_;
  const NetLimits& limits_;
  std::shared_ptr<void> slot_;  // this connection's place in the ConnectionGate
  boost::asio::steady_timer hello_timer_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  std::string peer_;
  bool opened_ = false;
  bool closing_ = false;
  bool finished_ = false;
  boost::beast::websocket::close_reason close_reason_;
};

}  // namespace tally::server

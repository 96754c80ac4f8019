#include "net/websocket_session.hpp"

#include <boost/asio/post.hpp>

#include "base/log.hpp"
#include "base/tuning.hpp"

namespace tally::server {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

// The WebSocket close code that goes with the error ending a session: 1000 normal end,
// 1001 server shutting down, 1013 a limit that lifts by itself (retry later), 1008 any
// refusal (docs/security.md). Frames over the limit are closed by Beast with 1009.
websocket::close_code close_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return websocket::close_code::normal;
    case ErrorCode::kBusy:
      return websocket::close_code::going_away;
    case ErrorCode::kSlowConsumer:
    case ErrorCode::kRateLimited:
    case ErrorCode::kTooManyConnections:
      return websocket::close_code::try_again_later;
    default:
      return websocket::close_code::policy_error;
  }
}
}  // namespace

template <class Stream>
WebSocketSession<Stream>::WebSocketSession(Stream&& stream, Core& core, const NetLimits& limits,
                                           std::shared_ptr<void> slot)
    : SyncSession(core),
      ws_(std::move(stream)),
      limits_(limits),
      slot_(std::move(slot)),
      hello_timer_(ws_.get_executor()) {
  beast::error_code ignored;
  const auto endpoint = beast::get_lowest_layer(ws_).socket().remote_endpoint(ignored);
  peer_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

template <class Stream>
WebSocketSession<Stream>::~WebSocketSession() = default;

template <class Stream>
void WebSocketSession<Stream>::run(Request request) {
  // The WebSocket stream has its own timeouts: turn the TCP stream's off.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeout =
      websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeout.handshake_timeout = limits_.handshake_timeout;
  timeout.idle_timeout = limits_.idle_timeout;
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast::http::field::server, "tallyd");
  }));
  ws_.read_message_max(limits_.max_frame_bytes);
  ws_.binary(true);
  ws_.async_accept(request, beast::bind_front_handler(
                                &WebSocketSession::on_accept,
                                std::static_pointer_cast<WebSocketSession>(shared_from_this())));
}

template <class Stream>
void WebSocketSession<Stream>::on_accept(beast::error_code error) {
  if (error) return finish();
  opened_ = true;
  hello_timer_.expires_after(limits_.handshake_timeout);
  hello_timer_.async_wait(
      beast::bind_front_handler(&WebSocketSession::on_hello_timer,
                                std::static_pointer_cast<WebSocketSession>(shared_from_this())));
  on_open();
  do_read();
}

template <class Stream>
void WebSocketSession<Stream>::on_hello_timer(beast::error_code error) {
  if (error || closing_) return;  // cancelled: the session ended first
  on_hello_timeout();
}

template <class Stream>
void WebSocketSession<Stream>::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(
                              &WebSocketSession::on_read,
                              std::static_pointer_cast<WebSocketSession>(shared_from_this())));
}

template <class Stream>
void WebSocketSession<Stream>::on_read(beast::error_code error, std::size_t bytes) {
  if (error) {
    if (error == websocket::error::message_too_big) {
      // Beast has already closed the connection with close code 1009 (too big).
      report_oversized_frame(limits_.max_frame_bytes);
    }
    return finish();
  }
  if (!ws_.got_binary()) {
    buffer_.consume(bytes);
    fail(make_error(ErrorCode::kMalformed, "frames must be binary"));
  } else {
    const auto data = buffer_.cdata();
    on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer_.consume(bytes);
  }
  // A message's buffer (up to max_frame_bytes) is not kept while the device is idle.
  if (buffer_.capacity() > tuning::kKeptReadBufferBytes) buffer_.shrink_to_fit();
  if (!closing_) do_read();
}

template <class Stream>
bool WebSocketSession<Stream>::send_frame(std::string frame) {
  if (closing_) return true;  // dropped: the session is already ending
  if (queue_.size() >= limits_.max_queued_frames) return false;
  outbound_queued(static_cast<std::int64_t>(frame.size()));
  queue_.push_back(std::move(frame));
  if (queue_.size() == 1) do_write();
  return true;
}

template <class Stream>
void WebSocketSession<Stream>::do_write() {
  ws_.async_write(
      boost::asio::buffer(queue_.front()),
      beast::bind_front_handler(&WebSocketSession::on_write,
                                std::static_pointer_cast<WebSocketSession>(shared_from_this())));
}

template <class Stream>
void WebSocketSession<Stream>::on_write(beast::error_code error, std::size_t) {
  if (error) return finish();
  // A connection that ended has taken its queue out of the gauge already (finish).
  if (!finished_) outbound_queued(-static_cast<std::int64_t>(queue_.front().size()));
  queue_.pop_front();
  if (!queue_.empty()) return do_write();
  if (closing_) return do_close();
  on_frame_written();
}

template <class Stream>
void WebSocketSession<Stream>::close_session(ErrorCode code, std::string reason) {
  if (closing_) return;
  closing_ = true;
  hello_timer_.cancel();
  close_reason_.code = close_code_for(code);
  close_reason_.reason = reason.substr(0, 120);
  if (code == ErrorCode::kSlowConsumer) {
    // The peer is not reading: do not wait for the queue to drain.
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return;
  }
  if (queue_.empty()) do_close();
}

template <class Stream>
void WebSocketSession<Stream>::do_close() {
  // Beast bounds the close handshake by the handshake timeout; it gets its own, shorter one.
  websocket::stream_base::timeout timeout;
  ws_.get_option(timeout);
  timeout.handshake_timeout =
      std::min<beast::websocket::stream_base::duration>(kCloseTimeout, limits_.handshake_timeout);
  ws_.set_option(timeout);
  ws_.async_close(
      close_reason_,
      beast::bind_front_handler(&WebSocketSession::on_close,
                                std::static_pointer_cast<WebSocketSession>(shared_from_this())));
}

template <class Stream>
void WebSocketSession<Stream>::on_close(beast::error_code) {
  finish();
}

template <class Stream>
void WebSocketSession<Stream>::post_task(std::function<void()> task) {
  boost::asio::post(ws_.get_executor(),
                    [self = shared_from_this(), task = std::move(task)] { task(); });
}

template <class Stream>
void WebSocketSession<Stream>::finish() {
  if (finished_) return;
  finished_ = true;
  closing_ = true;
  hello_timer_.cancel();
  for (const auto& frame : queue_) outbound_queued(-static_cast<std::int64_t>(frame.size()));
  if (opened_) on_closed();
}

template class WebSocketSession<beast::tcp_stream>;
template class WebSocketSession<TlsSocket>;

}  // namespace tally::server

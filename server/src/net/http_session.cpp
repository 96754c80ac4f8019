#include "net/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/websocket.hpp>

#include "api/http_response.hpp"
#include "core/core.hpp"
#include "net/connection_gate.hpp"
#include "net/event_stream.hpp"
#include "net/http_exchange.hpp"
#include "net/websocket_session.hpp"

namespace tally::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

constexpr bool is_tls(const beast::tcp_stream*) { return false; }
constexpr bool is_tls(const TlsSocket*) { return true; }

// What linger() reads from: the TCP stream itself (its expiry ends the read), or a TLS
// stream's socket underneath the session (its expiry closes that socket).
beast::tcp_stream& lingering(beast::tcp_stream& stream) { return stream; }
boost::asio::ip::tcp::socket& lingering(TlsSocket& stream) { return stream.socket(); }

// The peer's IP address ("" once the socket is gone), for the login rate limit.
std::string peer_address(boost::asio::ip::tcp::socket& socket) {
  boost::system::error_code error;
  const auto endpoint = socket.remote_endpoint(error);
  return error ? std::string{} : endpoint.address().to_string();
}

// Bytes read per step of the first read after a TLS handshake and of linger().
constexpr std::size_t kReadStepBytes = 4096;

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, SessionContext context,
                                 std::shared_ptr<void> slot)
    : stream_(std::move(stream)), context_(context), slot_(std::move(slot)) {}

template <class Stream>
void HttpSession<Stream>::run() {
  client_address_ = peer_address(beast::get_lowest_layer(stream_).socket());
  if constexpr (is_tls(static_cast<Stream*>(nullptr))) {
    beast::get_lowest_layer(stream_).expires_after(context_.limits.handshake_timeout);
    stream_.async_handshake(
        beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
  } else {
    boost::asio::dispatch(
        stream_.get_executor(),
        beast::bind_front_handler(&HttpSession::do_read, this->shared_from_this()));
  }
}

template <class Stream>
void HttpSession<Stream>::on_handshake(beast::error_code error) {
  if (error) return;  // a failed handshake: drop the connection
  if constexpr (is_tls(static_cast<Stream*>(nullptr))) {
    context_.core.metrics().tls_handshake(stream_.resumed());
  }
  // Silence after the TLS handshake is held to the handshake timeout, as the detector
  // holds silence before it (it was held to the HTTP timeout, 30 s, issue 14): the
  // request's time starts with its first byte.
  beast::get_lowest_layer(stream_).expires_after(context_.limits.handshake_timeout);
  stream_.async_read_some(
      buffer_.prepare(kReadStepBytes),
      beast::bind_front_handler(&HttpSession::on_first_bytes, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_first_bytes(beast::error_code error, std::size_t bytes) {
  if (error) return;  // silent until the timeout, or gone
  buffer_.commit(bytes);
  do_read();
}

template <class Stream>
void HttpSession<Stream>::do_read() {
  arm_request_parser(parser_, context_.limits);
  beast::get_lowest_layer(stream_).expires_after(context_.limits.http_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_read(beast::error_code error, std::size_t) {
  // The callback keeps the session alive while a write waits for its commit. An answer
  // made here, on the session's strand, is written at once (dispatch); one made on another
  // thread (after a commit) is posted to the strand.
  const HttpNext next = handle_read(
      error, *parser_, context_.api, client_address_,
      [self = this->shared_from_this()](http::response<http::string_body> response) {
        boost::asio::dispatch(
            self->stream_.get_executor(),
            [self, response = std::move(response)]() mutable { self->send(std::move(response)); });
      });
  switch (next) {
    case HttpNext::kShutdown:
      return do_shutdown();
    case HttpNext::kUpgrade: {
      auto session = std::make_shared<WebSocketSession<Stream>>(std::move(stream_), context_.core,
                                                                context_.limits, std::move(slot_));
      return session->run(parser_->release());
    }
    case HttpNext::kEvents:
      return open_event_stream();
    case HttpNext::kDrop:
    case HttpNext::kRespond:
      return;
  }
}

template <class Stream>
void HttpSession<Stream>::open_event_stream() {
  auto place = context_.event_streams.admit("events");
  if (!place) {
    context_.core.metrics().record_error(ErrorCode::kTooManyConnections);
    auto response = error_response(parser_->get(), http::status::service_unavailable,
                                   ErrorCode::kTooManyConnections,
                                   "too many open event streams; the page retries by itself");
    response.set(http::field::retry_after, "5");
    response.keep_alive(false);
    return send(std::move(response));
  }
  auto events = std::make_shared<EventStream<Stream>>(std::move(stream_), context_.core,
                                                      std::move(slot_), std::move(place));
  events->run(parser_->get());
}

template <class Stream>
void HttpSession<Stream>::send(http::response<http::string_body> response) {
  response_ = std::make_shared<http::response<http::string_body>>(std::move(response));
  const bool keep_alive = response_->keep_alive();
  // The answer's write gets its own window: one made on another thread (the audit export,
  // a write waiting for its commit) may have taken longer than the request's read left.
  beast::get_lowest_layer(stream_).expires_after(context_.limits.http_timeout);
  http::async_write(
      stream_, *response_,
      beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this(), keep_alive));
}

template <class Stream>
void HttpSession<Stream>::on_write(bool keep_alive, beast::error_code error, std::size_t) {
  response_.reset();
  if (error) return;
  if (!keep_alive) return do_shutdown();
  do_read();
}

template <class Stream>
void HttpSession<Stream>::do_shutdown() {
  if constexpr (is_tls(static_cast<Stream*>(nullptr))) {
    beast::get_lowest_layer(stream_).expires_after(kLingerTimeout);
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code error) {
      if (!error) self->linger();
    });
  } else {
    linger();
  }
}

template <class Stream>
void HttpSession<Stream>::linger() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  beast::get_lowest_layer(stream_).expires_after(kLingerTimeout);
  buffer_.clear();
  lingering(stream_).async_read_some(
      buffer_.prepare(kReadStepBytes),
      beast::bind_front_handler(&HttpSession::on_linger, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_linger(beast::error_code error, std::size_t) {
  if (error) return;  // the peer closed, or the time is up: the socket closes with us
  lingering(stream_).async_read_some(
      buffer_.prepare(kReadStepBytes),
      beast::bind_front_handler(&HttpSession::on_linger, this->shared_from_this()));
}

template class HttpSession<beast::tcp_stream>;
template class HttpSession<TlsSocket>;

}  // namespace tally::server

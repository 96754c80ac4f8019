#include "net/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>

#include "net/http_exchange.hpp"
#include "net/websocket_session.hpp"

namespace tally::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

constexpr bool is_tls(const beast::tcp_stream*) { return false; }
constexpr bool is_tls(const TlsSocket*) { return true; }

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, SessionContext context,
                                 std::shared_ptr<void> slot)
    : stream_(std::move(stream)), context_(context), slot_(std::move(slot)) {}

template <class Stream>
void HttpSession<Stream>::run() {
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
  // The callback keeps the session alive while a write waits for its commit.
  const HttpNext next = handle_read(
      error, *parser_, context_.api,
      [self = this->shared_from_this()](http::response<http::string_body> response) {
        boost::asio::post(
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
    case HttpNext::kDrop:
    case HttpNext::kRespond:
      return;
  }
}

template <class Stream>
void HttpSession<Stream>::send(http::response<http::string_body> response) {
  response_ = std::make_shared<http::response<http::string_body>>(std::move(response));
  const bool keep_alive = response_->keep_alive();
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
    beast::get_lowest_layer(stream_).expires_after(context_.limits.handshake_timeout);
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
  } else {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  }
}

template class HttpSession<beast::tcp_stream>;
template class HttpSession<TlsSocket>;

}  // namespace tally::server

#include "ws_connection.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <type_traits>

#include "tally/client/tuning.hpp"
#include "tally/http/url.hpp"
#include "tls_resumption.hpp"

namespace tally::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

using PlainStream = websocket::stream<beast::tcp_stream>;
using TlsStream = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

Error network_error(ErrorCode code, std::string_view what, const beast::error_code& ec) {
  return make_error(code, std::string(what) + ": " + ec.message(), true);
}

// The connection over either stream type; the TLS one adds SNI and the TLS handshake.
template <typename Stream>
class BasicConnection : public Transport,
                        public std::enable_shared_from_this<BasicConnection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  BasicConnection(asio::io_context& io, http::Url url, std::shared_ptr<ssl::context> tls,
                  std::shared_ptr<TlsResumption> resumption)
      : resolver_(io),
        stream_(make_stream(io, tls.get())),
        url_(std::move(url)),
        tls_(std::move(tls)),
        resumption_(std::move(resumption)) {}

  void start(TransportHandlers handlers) override {
    handlers_ = std::move(handlers);
    beast::get_lowest_layer(stream_).expires_after(tuning::kConnectTimeout);
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            beast::bind_front_handler(&BasicConnection::on_resolve, self()));
  }

  void send(std::string frame) override {
    if (closed_) return;
    queue_.push_back(std::move(frame));
    if (queue_.size() == 1 && open_) do_write();
  }

  void close() override {
    if (closed_) return;
    if (!open_) {
      finish(make_error(ErrorCode::kConnectionLost, "connection closed by the client", true));
      beast::get_lowest_layer(stream_).close();
      return;
    }
    stream_.async_close(websocket::close_code::normal,
                        [self = self()](beast::error_code) { self->shutdown_socket(); });
    finish(make_error(ErrorCode::kConnectionLost, "connection closed by the client", true));
  }

 private:
  static Stream make_stream(asio::io_context& io, ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(io, *tls);
    } else {
      (void)tls;
      return Stream(io);
    }
  }

  std::shared_ptr<BasicConnection> self() { return this->shared_from_this(); }

  void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return fail(network_error(ErrorCode::kConnectionFailed, "resolve " + url_.host, ec));
    beast::get_lowest_layer(stream_).async_connect(
        results, beast::bind_front_handler(&BasicConnection::on_connect, self()));
  }

  void on_connect(beast::error_code ec, tcp::resolver::results_type::endpoint_type) {
    if (ec) {
      return fail(network_error(ErrorCode::kConnectionFailed, "connect " + url_.authority(), ec));
    }
    // Small frames (Hello, batches, acks) must not wait for Nagle / delayed ACK.
    beast::get_lowest_layer(stream_).socket().set_option(tcp::no_delay(true), ec);
    if constexpr (kTls) {
      // SSL_set_tlsext_host_name() without its C cast.
      if (SSL_ctrl(stream_.next_layer().native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                   TLSEXT_NAMETYPE_host_name, const_cast<char*>(url_.host.c_str())) != 1) {
        return fail(
            make_error(ErrorCode::kTlsError, "cannot set TLS server name " + url_.host, false));
      }
      resumption_->offer(stream_.next_layer().native_handle());
      stream_.next_layer().async_handshake(
          ssl::stream_base::client,
          beast::bind_front_handler(&BasicConnection::on_tls_handshake, self()));
    } else {
      on_tls_handshake({});
    }
  }

  void on_tls_handshake(beast::error_code ec) {
    if (ec) {
      // A certificate that does not chain to the pinned CA will not fix itself.
      return fail(make_error(ErrorCode::kTlsError,
                             "TLS handshake with " + url_.host + ": " + ec.message(), false));
    }
    beast::get_lowest_layer(stream_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = tuning::kConnectTimeout;
    timeouts.idle_timeout = tuning::kIdleTimeout;
    timeouts.keep_alive_pings = true;
    stream_.set_option(timeouts);
    stream_.read_message_max(tuning::kMaxFrameBytes);
    stream_.binary(true);
    stream_.async_handshake(url_.authority(), url_.target,
                            beast::bind_front_handler(&BasicConnection::on_handshake, self()));
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return fail(network_error(ErrorCode::kConnectionFailed, "WebSocket handshake", ec));
    if constexpr (kTls) resumption_->keep(stream_.next_layer().native_handle());
    open_ = true;
    if (handlers_.on_open) handlers_.on_open();
    if (!queue_.empty() && !closed_) do_write();
    do_read();
  }

  void do_read() {
    if (closed_) return;
    stream_.async_read(buffer_, beast::bind_front_handler(&BasicConnection::on_read, self()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return fail(network_error(ErrorCode::kConnectionLost, "read", ec));
    std::string frame = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (!closed_ && handlers_.on_frame) handlers_.on_frame(std::move(frame));
    do_read();
  }

  void do_write() {
    stream_.async_write(asio::buffer(queue_.front()),
                        beast::bind_front_handler(&BasicConnection::on_write, self()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return fail(network_error(ErrorCode::kConnectionLost, "write", ec));
    if (closed_) return;  // finish() dropped the queue: nothing more to write
    queue_.pop_front();
    if (!queue_.empty() && !closed_) do_write();
  }

  void fail(Error error) {
    shutdown_socket();
    finish(std::move(error));
  }

  void shutdown_socket() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  void finish(Error error) {
    if (closed_) return;
    closed_ = true;
    // While open, the front frame is the buffer of the async_write in flight: it must
    // outlive that write (clearing it freed the buffer under Beast, and on_write then
    // popped an empty deque: a double free when stop_sync() met an upload).
    if (open_ && !queue_.empty()) {
      queue_.erase(queue_.begin() + 1, queue_.end());
    } else {
      queue_.clear();
    }
    if (handlers_.on_closed) handlers_.on_closed(std::move(error));
  }

  tcp::resolver resolver_;
  Stream stream_;
  http::Url url_;
  std::shared_ptr<ssl::context> tls_;
  std::shared_ptr<TlsResumption> resumption_;  // null over ws://
  TransportHandlers handlers_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool open_ = false;
  bool closed_ = false;
};

}  // namespace

Result<std::shared_ptr<Transport>> open_websocket(asio::io_context& io, std::string_view server_url,
                                                  const std::string& ca_pem,
                                                  std::shared_ptr<TlsResumption> resumption) {
  auto url = http::parse_url(server_url);
  if (!url.ok()) return std::move(url).error();
  if (url->scheme != "ws" && url->scheme != "wss") {
    return make_error(ErrorCode::kInvalidArgument,
                      "server URL must start with ws:// or wss://: " + std::string(server_url));
  }
  try {
    if (!url->secure()) {
      return std::shared_ptr<Transport>(
          std::make_shared<BasicConnection<PlainStream>>(io, *url, nullptr, nullptr));
    }
    if (!resumption) resumption = std::make_shared<TlsResumption>();
    auto context = resumption->context(ca_pem);
    if (!context.ok()) return std::move(context).error();
    return std::shared_ptr<Transport>(std::make_shared<BasicConnection<TlsStream>>(
        io, *url, std::move(context).value(), std::move(resumption)));
  } catch (const std::exception& error) {
    return make_error(ErrorCode::kConnectionFailed,
                      std::string("cannot create connection: ") + error.what(), true);
  }
}

}  // namespace tally::client

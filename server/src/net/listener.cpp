#include "net/listener.hpp"

#include <sys/socket.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cerrno>

#include "base/log.hpp"
#include "core/core.hpp"
#include "net/net_limits.hpp"
#include "net/tls_socket.hpp"

namespace tally::server {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Tells TLS from plain HTTP by peeking at a connection's first byte (0x16 opens a TLS
// handshake), leaving it in the socket: the TLS session's OpenSSL reads the socket itself.
class DetectSession : public std::enable_shared_from_this<DetectSession> {
 public:
  DetectSession(tcp::socket&& socket, net::ssl::context* tls, SessionContext context,
                std::shared_ptr<void> slot)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        tls_(tls),
        context_(context),
        slot_(std::move(slot)) {}

  void run() {
    timer_.expires_after(context_.limits.handshake_timeout);
    timer_.async_wait([self = shared_from_this()](beast::error_code error) {
      if (error) return;  // the first byte came
      beast::error_code ignored;
      self->socket_.close(ignored);
    });
    wait();
  }

 private:
  void wait() {
    socket_.async_wait(tcp::socket::wait_read,
                       beast::bind_front_handler(&DetectSession::on_readable, shared_from_this()));
  }

  void on_readable(beast::error_code error) {
    if (error) return;  // timed out or closed
    unsigned char first = 0;
    const auto peeked = ::recv(socket_.native_handle(), &first, 1, MSG_PEEK | MSG_DONTWAIT);
    if (peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return wait();
    timer_.cancel();
    if (peeked <= 0) return;  // closed or failed before saying anything
    const bool tls = first == kTlsHandshakeRecord;
    if (tls && tls_ != nullptr) {
      std::make_shared<HttpSession<TlsSocket>>(TlsSocket(std::move(socket_), *tls_), context_,
                                               std::move(slot_))
          ->run();
      return;
    }
    if (!tls && tls_ == nullptr) {
      std::make_shared<HttpSession<beast::tcp_stream>>(beast::tcp_stream(std::move(socket_)),
                                                       context_, std::move(slot_))
          ->run();
      return;
    }
    // The other mode than this listener serves: drop it.
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
  }

  static constexpr unsigned char kTlsHandshakeRecord = 0x16;
  tcp::socket socket_;
  net::steady_timer timer_;
  net::ssl::context* tls_;
  SessionContext context_;
  std::shared_ptr<void> slot_;
};

}  // namespace

Listener::Listener(net::io_context& io, net::ssl::context* tls, SessionContext context)
    : io_(io),
      tls_(tls),
      context_(context),
      acceptor_(net::make_strand(io)),
      gate_(std::make_shared<ConnectionGate>(context.limits.max_connections,
                                             context.limits.max_connections_per_address)),
      pause_timer_(acceptor_.get_executor()) {}

Status Listener::listen(const tcp::endpoint& endpoint) {
  beast::error_code error;
  const auto fail = [&](const char* what) {
    return make_error(ErrorCode::kConnectionFailed,
                      std::string(what) + " " + endpoint.address().to_string() + ":" +
                          std::to_string(endpoint.port()) + ": " + error.message());
  };
  acceptor_.open(endpoint.protocol(), error);
  if (error) return fail("cannot open");
  acceptor_.set_option(net::socket_base::reuse_address(true), error);
  if (error) return fail("cannot set reuse_address on");
  acceptor_.bind(endpoint, error);
  if (error) return fail("cannot bind");
  acceptor_.listen(net::socket_base::max_listen_connections, error);
  if (error) return fail("cannot listen on");
  return {};
}

tcp::endpoint Listener::local_endpoint() const {
  beast::error_code ignored;
  return acceptor_.local_endpoint(ignored);
}

void Listener::run() { do_accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->pause_timer_.cancel();
  });
}

void Listener::do_accept() {
  acceptor_.async_accept(net::make_strand(io_),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code error, tcp::socket socket) {
  if (error == net::error::operation_aborted) return;  // stopped
  if (error == net::error::no_descriptors ||
      error == boost::system::errc::too_many_files_open_in_system) {
    return pause_accepting(error);
  }
  if (paused_) {
    paused_ = false;
    log_info("accept_resumed", {{"pauses", std::to_string(pauses_)}});
  }
  if (!error) {
    beast::error_code ignored;
    const std::string address = socket.remote_endpoint(ignored).address().to_string();
    if (auto slot = gate_->admit(address)) {
      std::make_shared<DetectSession>(std::move(socket), tls_, context_, std::move(slot))->run();
    } else {
      context_.core.metrics().record_error(ErrorCode::kTooManyConnections);
      socket.close(ignored);
    }
  } else {
    log_warn("accept_failed", {{"message", error.message()}});
  }
  if (acceptor_.is_open()) do_accept();
}

void Listener::pause_accepting(const beast::error_code& error) {
  // Retrying at once fails again until a connection closes: it spun a core and wrote a
  // log line per attempt (issue 14). The connections already open are served meanwhile,
  // and their timeouts give descriptors back.
  context_.core.metrics().accept_paused();
  if (!paused_) {
    paused_ = true;
    ++pauses_;
    log_warn("accept_paused", {{"message", error.message()},
                               {"pauses", std::to_string(pauses_)},
                               {"retry_ms", std::to_string(kAcceptPause.count())}});
  }
  pause_timer_.expires_after(kAcceptPause);
  pause_timer_.async_wait([self = shared_from_this()](beast::error_code waited) {
    if (!waited && self->acceptor_.is_open()) self->do_accept();
  });
}

}  // namespace tally::server

#include "net/tls_socket.hpp"

#include <openssl/err.h>

#include <boost/asio/ssl/error.hpp>
#include <cerrno>

namespace tally::server {

namespace net = boost::asio;
using boost::beast::error_code;

TlsSocket::State::State(net::ip::tcp::socket&& moved, SSL* session)
    : socket(std::move(moved)), ssl(session), timer(socket.get_executor()) {}

TlsSocket::State::~State() {
  // SSL_set_fd's socket BIO does not own the descriptor: the socket closes it.
  if (ssl != nullptr) SSL_free(ssl);
}

TlsSocket::TlsSocket(net::ip::tcp::socket&& socket, net::ssl::context& context) {
  SSL* ssl = SSL_new(context.native_handle());
  state_ = std::make_shared<State>(std::move(socket), ssl);
  error_code ignored;
  state_->socket.non_blocking(true, ignored);
  if (ssl != nullptr) {
    SSL_set_fd(ssl, static_cast<int>(state_->socket.native_handle()));
    SSL_set_accept_state(ssl);
    // A write retried after a wait may come from a moved operation (the same bytes at
    // another address), and may be taken in part.
    SSL_set_mode(ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  }
}

void TlsSocket::expires_after(std::chrono::steady_clock::duration timeout) {
  state_->expired = false;
  state_->timer.expires_after(timeout);
  state_->timer.async_wait([weak = std::weak_ptr<State>(state_)](error_code error) {
    if (error) return;  // re-armed or cancelled
    auto state = weak.lock();
    if (!state) return;
    state->expired = true;
    error_code ignored;
    state->socket.close(ignored);
  });
}

void TlsSocket::expires_never() {
  state_->expired = false;
  state_->timer.cancel();
}

void TlsSocket::close() {
  error_code ignored;
  state_->socket.close(ignored);
  state_->timer.cancel();
}

TlsSocket::Step TlsSocket::step_of(SSL* ssl, int result, std::size_t bytes) {
  if (result > 0) return Step{Step::Kind::kDone, bytes, {}};
  switch (SSL_get_error(ssl, result)) {
    case SSL_ERROR_WANT_READ:
      return Step{Step::Kind::kWantRead};
    case SSL_ERROR_WANT_WRITE:
      return Step{Step::Kind::kWantWrite};
    case SSL_ERROR_ZERO_RETURN:  // the peer's close_notify
      return Step{Step::Kind::kFailed, 0, net::error::eof};
    case SSL_ERROR_SYSCALL: {
      const int system_error = errno;
      if (ERR_peek_error() == 0 && system_error == 0) {
        // The peer closed the TCP connection without close_notify.
        return Step{Step::Kind::kFailed, 0, net::ssl::error::stream_truncated};
      }
      if (ERR_peek_error() == 0) {
        return Step{Step::Kind::kFailed, 0,
                    error_code(system_error, boost::system::system_category())};
      }
      [[fallthrough]];
    }
    default: {
      const auto code = ERR_get_error();
      ERR_clear_error();
      return Step{Step::Kind::kFailed, 0,
                  error_code(static_cast<int>(code), net::error::get_ssl_category())};
    }
  }
}

template <class Call>
TlsSocket::Step TlsSocket::attempt(SSL* ssl, Call call) {
  if (ssl == nullptr) return Step{Step::Kind::kFailed, 0, net::error::no_memory};
  ERR_clear_error();
  errno = 0;
  std::size_t bytes = 0;
  const int result = call(bytes);
  return step_of(ssl, result, bytes);
}

TlsSocket::Step TlsSocket::Handshake::operator()(SSL* ssl) const {
  return attempt(ssl, [ssl](std::size_t&) { return SSL_do_handshake(ssl); });
}

TlsSocket::Step TlsSocket::Shutdown::operator()(SSL* ssl) const {
  return attempt(ssl, [ssl](std::size_t&) {
    const int result = SSL_shutdown(ssl);
    // 0: our close_notify is sent and the peer's not yet read, which we do not wait for.
    return result == 0 ? 1 : result;
  });
}

TlsSocket::Step TlsSocket::Read::operator()(SSL* ssl) const {
  if (buffer.size() == 0) return Step{Step::Kind::kDone};
  return attempt(ssl, [ssl, this](std::size_t& bytes) {
    return SSL_read_ex(ssl, buffer.data(), buffer.size(), &bytes);
  });
}

TlsSocket::Step TlsSocket::Write::operator()(SSL* ssl) const {
  // `joined` moves with the operation: its bytes are found anew at every try.
  const net::const_buffer out = joined.empty() ? buffer : net::buffer(joined);
  if (out.size() == 0) return Step{Step::Kind::kDone};
  return attempt(ssl, [ssl, out](std::size_t& bytes) {
    return SSL_write_ex(ssl, out.data(), out.size(), &bytes);
  });
}

void teardown(boost::beast::role_type, TlsSocket& socket, error_code& error) {
  error = {};
  socket.close();
}

}  // namespace tally::server

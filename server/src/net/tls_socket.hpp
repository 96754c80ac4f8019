// tallyd's server-side TLS stream: OpenSSL reads and writes the non-blocking socket itself
// (SSL_set_fd), and the stream waits for readiness with Asio when OpenSSL says it must.
//
// Why not Asio's ssl::stream (Beast's ssl_stream): it stages every record through two
// 17 KB buffers of its own and a 2 x 17 KB BIO pair, for the life of the connection, so an
// idle device cost tallyd about 80 KB. Here nothing sits between OpenSSL and the socket,
// and with SSL_MODE_RELEASE_BUFFERS (set on the context) an idle connection keeps only
// OpenSSL's session state, about 14 KB.
//
// An AsyncStream for Beast's HTTP and WebSocket layers. It is its own lowest layer, with
// tcp_stream's expiry (expires_after / expires_never): when the time passes the socket is
// closed and the waiting operation ends with beast::error::timeout. Beast's WebSocket
// teardown and close_socket customisation points are provided below. One operation of a
// kind (read, write) at a time, all on the socket's strand, as Beast's layers do.
#pragma once

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace tally::server {

class TlsSocket {
 public:
  using executor_type = boost::asio::any_io_executor;

  // Takes `socket` (made non-blocking) for a server-side TLS session of `context`.
  TlsSocket(boost::asio::ip::tcp::socket&& socket, boost::asio::ssl::context& context);
  TlsSocket(TlsSocket&&) noexcept = default;
  TlsSocket& operator=(TlsSocket&&) noexcept = default;
  ~TlsSocket() = default;

  executor_type get_executor() { return state_->socket.get_executor(); }
  boost::asio::ip::tcp::socket& socket() { return state_->socket; }

  // Closes the socket once `timeout` has passed, unless called again or expires_never.
  void expires_after(std::chrono::steady_clock::duration timeout);
  void expires_never();
  // Closes the socket; waiting operations end with operation_aborted.
  void close();
  // After the handshake: whether it resumed an earlier session (a TLS 1.3 ticket).
  [[nodiscard]] bool resumed() const { return SSL_session_reused(state_->ssl) == 1; }

  // The server side of the TLS handshake. Handler: void(error_code).
  template <class Handler>
  auto async_handshake(Handler&& handler) {
    return run<void(boost::beast::error_code)>(Handshake{}, std::forward<Handler>(handler));
  }
  // Sends close_notify (without waiting for the peer's). Handler: void(error_code).
  template <class Handler>
  auto async_shutdown(Handler&& handler) {
    return run<void(boost::beast::error_code)>(Shutdown{}, std::forward<Handler>(handler));
  }
  // Reads some decrypted bytes into the first non-empty buffer of `buffers`.
  // Handler: void(error_code, std::size_t).
  template <class MutableBuffers, class Handler>
  auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    return run<void(boost::beast::error_code, std::size_t)>(
        Read{first_buffer<boost::asio::mutable_buffer>(buffers)}, std::forward<Handler>(handler));
  }
  // Writes some of `buffers` as TLS records: small leading buffers (a WebSocket frame
  // header) are joined with what follows, up to 16 KB, so a frame is not split into
  // a record per buffer. Handler: void(error_code, std::size_t).
  template <class ConstBuffers, class Handler>
  auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    return run<void(boost::beast::error_code, std::size_t)>(Write::of(buffers),
                                                            std::forward<Handler>(handler));
  }

  // Beast's close_socket customisation: the WebSocket layer's timeouts close through it.
  friend void beast_close_socket(TlsSocket& socket) { socket.close(); }

 private:
  // One SSL call's outcome: done (with bytes), wait for the socket, or failed.
  struct Step {
    enum class Kind { kDone, kWantRead, kWantWrite, kFailed } kind;
    std::size_t bytes = 0;
    boost::beast::error_code error{};
  };
  // Interprets SSL_get_error after a call returned `result`, having moved `bytes`.
  static Step step_of(SSL* ssl, int result, std::size_t bytes);
  // Runs one SSL call (`call(bytes)` returns its result and sets the bytes moved) on a
  // clean error queue and errno, so that SSL_get_error reads this call's outcome.
  template <class Call>
  static Step attempt(SSL* ssl, Call call);

  // What every copy of the stream and every operation in flight share: the socket, the
  // SSL session and the expiry timer (whose handler holds it weakly).
  struct State {
    State(boost::asio::ip::tcp::socket&& socket, SSL* ssl);
    ~State();
    boost::asio::ip::tcp::socket socket;
    SSL* ssl;
    boost::asio::steady_timer timer;
    bool expired = false;
  };

  // The SSL calls the operations repeat until done.
  struct Handshake {
    Step operator()(SSL* ssl) const;
  };
  struct Shutdown {
    Step operator()(SSL* ssl) const;
  };
  struct Read {
    boost::asio::mutable_buffer buffer;
    Step operator()(SSL* ssl) const;
  };
  struct Write {
    template <class ConstBuffers>
    static Write of(const ConstBuffers& buffers) {
      Write write;
      write.buffer = first_buffer<boost::asio::const_buffer>(buffers);
      const std::size_t total = boost::asio::buffer_size(buffers);
      if (write.buffer.size() < kJoinBytes && total > write.buffer.size()) {
        write.joined.resize(std::min(total, kJoinBytes));
        boost::asio::buffer_copy(boost::asio::buffer(write.joined), buffers);
      }
      return write;
    }
    static constexpr std::size_t kJoinBytes = 16 * 1024;
    boost::asio::const_buffer buffer;  // the first buffer, written when nothing is joined
    std::string joined;                // the joined prefix, when the first buffer was small
    Step operator()(SSL* ssl) const;
  };

  template <class Buffer, class Buffers>
  static Buffer first_buffer(const Buffers& buffers) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      Buffer buffer(*it);
      if (buffer.size() > 0) return buffer;
    }
    return Buffer{};
  }

  // The composed operation: repeats `call` until it is done, waiting for the socket
  // whenever OpenSSL wants it. Never completes inside the initiating call.
  template <class Call>
  struct Operation {
    std::shared_ptr<State> state;
    Call call;
    bool waited = false;  // completion may be direct once the operation has waited
    bool finished = false;
    Step outcome{};

    template <class Self>
    void operator()(Self& self, boost::beast::error_code error = {}) {
      if (finished) return deliver(self);
      if (error || state->expired) {
        // An expiry closed the socket: whatever the wait reported, the cause is the time.
        outcome = Step{Step::Kind::kFailed, 0,
                       state->expired ? make_error_code(boost::beast::error::timeout) : error};
        return finish(self);
      }
      outcome = call(state->ssl);
      switch (outcome.kind) {
        case Step::Kind::kWantRead:
          waited = true;
          return state->socket.async_wait(boost::asio::ip::tcp::socket::wait_read, std::move(self));
        case Step::Kind::kWantWrite:
          waited = true;
          return state->socket.async_wait(boost::asio::ip::tcp::socket::wait_write,
                                          std::move(self));
        case Step::Kind::kDone:
        case Step::Kind::kFailed:
          return finish(self);
      }
    }

    template <class Self>
    void finish(Self& self) {
      if (waited) return deliver(self);
      finished = true;
      boost::asio::post(std::move(self));
    }

    template <class Self>
    void deliver(Self& self) {
      if constexpr (requires { self.complete(outcome.error, outcome.bytes); }) {
        self.complete(outcome.error, outcome.bytes);
      } else {
        self.complete(outcome.error);
      }
    }
  };

  template <class Signature, class Call, class Handler>
  auto run(Call call, Handler&& handler) {
    return boost::asio::async_compose<Handler, Signature>(Operation<Call>{state_, std::move(call)},
                                                          handler, state_->socket);
  }

  std::shared_ptr<State> state_;
};

// Beast's WebSocket teardown for a TlsSocket: close_notify (the socket closes with the
// session). The synchronous form (never used by tallyd) just closes the socket.
void teardown(boost::beast::role_type role, TlsSocket& socket, boost::beast::error_code& error);

template <class Handler>
void async_teardown(boost::beast::role_type, TlsSocket& socket, Handler&& handler) {
  socket.async_shutdown(std::forward<Handler>(handler));
}

}  // namespace tally::server

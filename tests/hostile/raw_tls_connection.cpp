#include "raw_tls_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

namespace tally::testkit {

RawTlsConnection::RawTlsConnection(unsigned short port, std::chrono::milliseconds io_timeout,
                                   const std::string& source) {
  // OpenSSL writes with write(2): a server that resets the connection must fail the
  // write (the case's assertion), not end the test process with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  timeval limit{};
  limit.tv_sec = static_cast<time_t>(io_timeout.count() / 1000);
  limit.tv_usec = static_cast<suseconds_t>(io_timeout.count() % 1000 * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof(local)) != 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    return;
  }
  context_ = SSL_CTX_new(TLS_client_method());
  SSL* ssl = context_ == nullptr ? nullptr : SSL_new(context_);
  if (ssl == nullptr) return;
  SSL_set_fd(ssl, fd_);
  if (SSL_connect(ssl) != 1) {
    SSL_free(ssl);
    return;
  }
  ssl_ = ssl;
}

RawTlsConnection::~RawTlsConnection() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (context_ != nullptr) SSL_CTX_free(context_);
  if (fd_ >= 0) ::close(fd_);
}

bool RawTlsConnection::send(const std::string& bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    std::size_t step = 0;
    if (SSL_write_ex(ssl_, bytes.data() + written, bytes.size() - written, &step) != 1) {
      return false;
    }
    written += step;
  }
  return true;
}

std::string RawTlsConnection::receive_until_closed(std::chrono::milliseconds timeout,
                                                   bool* closed) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string received;
  *closed = false;
  while (true) {
    if (SSL_pending(ssl_) == 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd readable{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) {
        return received;  // still open at the deadline
      }
    }
    char buffer[4096];
    std::size_t bytes = 0;
    if (SSL_read_ex(ssl_, buffer, sizeof(buffer), &bytes) != 1) {
      // close_notify, EOF or a reset: the server has closed.
      *closed = true;
      return received;
    }
    received.append(buffer, bytes);
  }
}

}  // namespace tally::testkit

// A TLS client that writes whatever bytes a hostile test asks for over TLS (HttpTest's
// raw requests, over tallyd's TLS port): blocking OpenSSL on a loopback socket, the
// server's certificate not checked (the attack is on what follows the handshake). Every
// read has a deadline, so a test never hangs on a silent server.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <string>

namespace tally::testkit {

class RawTlsConnection {
 public:
  // Connects to 127.0.0.1:`port` from `source` and completes the TLS handshake; check
  // ok(). Each blocking step (connect, handshake, a write) gives up after `io_timeout`.
  explicit RawTlsConnection(unsigned short port,
                            std::chrono::milliseconds io_timeout = std::chrono::seconds(60),
                            const std::string& source = "127.0.0.1");
  RawTlsConnection(const RawTlsConnection&) = delete;
  RawTlsConnection& operator=(const RawTlsConnection&) = delete;
  ~RawTlsConnection();

  [[nodiscard]] bool ok() const { return ssl_ != nullptr; }
  // Writes all of `bytes`; false when the connection failed (a reset, say).
  bool send(const std::string& bytes);
  // Everything the server sends until it closes, or until `timeout`; `closed` says which.
  std::string receive_until_closed(std::chrono::milliseconds timeout, bool* closed);

 private:
  int fd_ = -1;
  SSL_CTX* context_ = nullptr;
  SSL* ssl_ = nullptr;
};

}  // namespace tally::testkit

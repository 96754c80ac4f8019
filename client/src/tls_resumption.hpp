// The TLS state a device keeps between its connections to tallyd: the client context with
// the CA pinned at enrol time (built once, not per connection) and the newest resumable
// session. A reconnect offers that session, so tallyd resumes it with its TLS 1.3 ticket:
// no certificate signature to make or chain to check on either side. At poll close every
// device of a province reconnects within minutes (docs/client.md, "Reconnecting").
// Internal to the client library; used by ws_connection on the sync thread only.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "tally/error.hpp"

namespace tally::client {

class TlsResumption {
 public:
  // The context trusting only `ca_pem`; built on first use and again if the CA changes
  // (which also forgets the session: it was made with another server's certificate).
  Result<std::shared_ptr<boost::asio::ssl::context>> context(const std::string& ca_pem);
  // Before the handshake: offers the kept session, if any.
  void offer(SSL* connection) const;
  // Once the handshake is done and the server's ticket has been read (after the
  // WebSocket upgrade's response, which follows it): keeps a copy of the connection's
  // session if it can be resumed. A copy, because OpenSSL marks the connection's own
  // session not resumable when the connection ends without a TLS close_notify, as a cut
  // one does.
  void keep(SSL* connection);

 private:
  struct SessionFree {
    void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
  };

  std::string ca_pem_;
  std::shared_ptr<boost::asio::ssl::context> context_;
  std::unique_ptr<SSL_SESSION, SessionFree> session_;
};

}  // namespace tally::client

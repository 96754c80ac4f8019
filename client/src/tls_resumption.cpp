#include "tls_resumption.hpp"

#include <boost/asio/buffer.hpp>

namespace tally::client {

namespace ssl = boost::asio::ssl;

Result<std::shared_ptr<ssl::context>> TlsResumption::context(const std::string& ca_pem) {
  if (ca_pem.empty()) {
    return make_error(ErrorCode::kTlsError,
                      "wss:// needs the server's CA certificate (given at enrol time)");
  }
  if (context_ && ca_pem == ca_pem_) return context_;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                       ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  // The CA given at enrol time is the only trust anchor: no system roots.
  context->add_certificate_authority(boost::asio::buffer(ca_pem), ec);
  if (ec) {
    return make_error(ErrorCode::kTlsError,
                      "cannot load the server CA certificate: " + ec.message());
  }
  context->set_verify_mode(ssl::verify_peer);
  ca_pem_ = ca_pem;
  context_ = std::move(context);
  session_.reset();
  return context_;
}

void TlsResumption::offer(SSL* connection) const {
  if (session_) SSL_set_session(connection, session_.get());
}

void TlsResumption::keep(SSL* connection) {
  SSL_SESSION* current = SSL_get_session(connection);
  if (current == nullptr || SSL_SESSION_is_resumable(current) != 1) return;
  if (SSL_SESSION* copy = SSL_SESSION_dup(current)) session_.reset(copy);
}

}  // namespace tally::client

// The self-signed TLS certificate `tallyd init` makes (EC P-256, CN localhost, SAN
// localhost and 127.0.0.1), and the server's TLS context built from it.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <string>

#include "base/tuning.hpp"
#include "tally/error.hpp"

namespace tally::server {

// Writes a new key (mode 0600) and a self-signed certificate valid for `days` days.
Status write_self_signed_certificate(const std::string& cert_path, const std::string& key_path,
                                     int days = tuning::kTlsCertificateDays);

// Loads the certificate and key into a TLS 1.2+ server context.
Status load_server_tls(boost::asio::ssl::context& context, const std::string& cert_path,
                       const std::string& key_path);

}  // namespace tally::server

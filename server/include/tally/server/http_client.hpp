// A small synchronous HTTP(S) client of tallyd's API: the operator subcommands (`tallyd
// enrol`, `devices`, `tally`, ...) and the tests call the running server with a token.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <string>

#include "tally/error.hpp"

namespace tally::server {

struct ApiTarget {
  std::string url;      // "https://127.0.0.1:8443" or "http://127.0.0.1:8080"
  std::string token;    // Bearer token
  std::string ca_file;  // certificate to trust for https (the data dir's tls-cert.pem)
};

struct ApiResponse {
  unsigned status = 0;
  std::string body;
};

// Sends one request (with a 10 s timeout). kConnectionFailed / kTimeout / kTlsError when
// the server cannot be reached; any HTTP status is returned as a response.
Result<ApiResponse> api_call(const ApiTarget& target, boost::beast::http::verb method,
                             const std::string& path, const std::string& body = {});

}  // namespace tally::server

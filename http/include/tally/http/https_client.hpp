// The one synchronous HTTP(S) client of tallyd's API: tallyd's operator subcommands
// (`tallyd enrol`, `devices`, `tally`, ...), the demo's operator and supervisors, the tests
// and the benchmarks call the running server with a token through it.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tally/error.hpp"

namespace tally::http {

// Where the API is and how to call it.
struct ApiTarget {
  std::string url;      // origin only: "https://127.0.0.1:8443" or "http://127.0.0.1:8080"
  std::string token;    // Bearer token; empty sends no Authorization header
  std::string ca_file;  // certificate to trust for https (the data dir's tls-cert.pem)
  std::string ca_pem{};  // or the certificate itself, PEM (a device's pinned one); wins if set
  std::string user_agent = "tallyd-cli";
  // How long one call may wait for the connection, the request and the response.
  std::chrono::seconds timeout{10};
  // The largest response body read: a whole province's tally or records with room.
  std::size_t max_response_bytes = 64 * 1024 * 1024;
  // More request headers, name and value (a console session's Cookie and X-CSRF-Token).
  std::vector<std::pair<std::string, std::string>> headers{};
};

struct ApiResponse {
  unsigned status = 0;
  std::string body;
  // Every response header, name and value, in the order received.
  std::vector<std::pair<std::string, std::string>> headers{};

  // The first value of header `name` (case-insensitive); empty when absent.
  [[nodiscard]] std::string header(std::string_view name) const;
};

// A client of one server over one keep-alive connection, made at the first call and made
// again when the server has closed it. One instance per thread.
class HttpsClient {
 public:
  explicit HttpsClient(ApiTarget target);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends one request (a JSON body when `body` is not empty). kInvalidArgument for a bad
  // URL; kConnectionFailed / kTlsError / kConnectionLost (transient) when the server cannot
  // be reached; any HTTP status is returned as a response. A kept connection that fails is
  // made again once: the server may have closed it while idle.
  Result<ApiResponse> call(boost::beast::http::verb method, const std::string& path,
                           const std::string& body = {});
  // Ends the connection politely (TLS close_notify); the next call makes a new one.
  void close();

 private:
  struct Connection;
  Result<std::unique_ptr<Connection>> connect() const;

  ApiTarget target_;
  std::unique_ptr<Connection> connection_;
};

// The error a tallyd answer above 2xx carries ({"error":{"code":N,"message":"..."}}), or
// kProtocolError "HTTP <status>" when its body says none; transient for a 503.
Error error_of(const ApiResponse& response);

// One call on a connection of its own, closed after the response.
Result<ApiResponse> api_call(const ApiTarget& target, boost::beast::http::verb method,
                             const std::string& path, const std::string& body = {});

}  // namespace tally::http

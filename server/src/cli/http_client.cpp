#include "tally/server/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>

#include "base/tuning.hpp"

namespace tally::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

Error network_error(ErrorCode code, const std::string& what, const beast::error_code& error) {
  return make_error(code, what + ": " + error.message(),
                    /*transient=*/true);
}

template <class Stream>
Result<ApiResponse> round_trip(Stream& stream, const http::request<http::string_body>& request) {
  beast::error_code error;
  beast::get_lowest_layer(stream).expires_after(tuning::kApiCallTimeout);
  http::write(stream, request, error);
  if (error) return network_error(ErrorCode::kConnectionLost, "sending the request", error);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(tuning::kMaxApiResponseBytes);
  http::read(stream, buffer, parser, error);
  if (error) return network_error(ErrorCode::kConnectionLost, "reading the response", error);
  return ApiResponse{parser.get().result_int(), parser.get().body()};
}

}  // namespace

Result<ApiResponse> api_call(const ApiTarget& target, http::verb method, const std::string& path,
                             const std::string& body) {
  const bool tls = target.url.rfind("https://", 0) == 0;
  if (!tls && target.url.rfind("http://", 0) != 0) {
    return make_error(ErrorCode::kInvalidArgument,
                      "server URL must start with http:// or https://: " + target.url);
  }
  std::string authority = target.url.substr(tls ? 8 : 7);
  while (!authority.empty() && (authority.back() == '/' || authority.back() == '\n')) {
    authority.pop_back();
  }
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos) {
    return make_error(ErrorCode::kInvalidArgument, "server URL needs a port: " + target.url);
  }
  std::string host = authority.substr(0, colon);
  const std::string port = authority.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);

  net::io_context io;
  beast::error_code error;
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(host, port, error);
  if (error) return network_error(ErrorCode::kConnectionFailed, "resolving " + host, error);

  http::request<http::string_body> request{method, path, 11};
  request.set(http::field::host, host);
  request.set(http::field::user_agent, "tallyd-cli");
  request.set(http::field::authorization, "Bearer " + target.token);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();

  if (!tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(tuning::kApiCallTimeout);
    stream.connect(endpoints, error);
    if (error)
      return network_error(ErrorCode::kConnectionFailed, "connecting to " + authority, error);
    return round_trip(stream, request);
  }
  net::ssl::context context(net::ssl::context::tls_client);
  context.set_verify_mode(net::ssl::verify_peer);
  context.load_verify_file(target.ca_file, error);
  if (error) return network_error(ErrorCode::kTlsError, "loading " + target.ca_file, error);
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  stream.set_verify_callback(net::ssl::host_name_verification(host));
  beast::get_lowest_layer(stream).expires_after(tuning::kApiCallTimeout);
  beast::get_lowest_layer(stream).connect(endpoints, error);
  if (error)
    return network_error(ErrorCode::kConnectionFailed, "connecting to " + authority, error);
  stream.handshake(net::ssl::stream_base::client, error);
  if (error) return network_error(ErrorCode::kTlsError, "TLS handshake with " + authority, error);
  auto response = round_trip(stream, request);
  stream.shutdown(error);  // the server may just close: nothing to do about it
  return response;
}

}  // namespace tally::server

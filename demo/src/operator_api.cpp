#include "operator_api.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <sstream>

namespace tally::demo {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;

namespace {

constexpr auto kTimeout = std::chrono::seconds(30);

Error api_error(ErrorCode code, const std::string& message) {
  return make_error(code, message, /*transient=*/true);
}

}  // namespace

struct OperatorApi::Connection {
  net::io_context io;
  net::ssl::context tls{net::ssl::context::tls_client};
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;
  std::string host;
  std::string port;
};

OperatorApi::OperatorApi(ApiEndpoint endpoint) : endpoint_(std::move(endpoint)) {}
OperatorApi::~OperatorApi() = default;

Result<std::string> OperatorApi::call(bool post, const std::string& path,
                                      const std::string& body) {
  for (int attempt = 0;; ++attempt) {
    beast::error_code error;
    if (!connection_) {
      auto connection = std::make_unique<Connection>();
      std::string authority = endpoint_.url.substr(endpoint_.url.find("://") + 3);
      while (!authority.empty() && (authority.back() == '/' || authority.back() == '\n')) {
        authority.pop_back();
      }
      const auto colon = authority.rfind(':');
      if (endpoint_.url.rfind("https://", 0) != 0 || colon == std::string::npos) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the API URL must be https://HOST:PORT: " + endpoint_.url);
      }
      connection->host = authority.substr(0, colon);
      connection->port = authority.substr(colon + 1);
      connection->tls.set_verify_mode(net::ssl::verify_peer);
      connection->tls.add_certificate_authority(net::buffer(endpoint_.ca_pem), error);
      if (error) return api_error(ErrorCode::kTlsError, "the server certificate: " + error.message());
      connection->stream =
          std::make_unique<beast::ssl_stream<beast::tcp_stream>>(connection->io, connection->tls);
      connection->stream->set_verify_callback(net::ssl::host_name_verification(connection->host));
      tcp::resolver resolver(connection->io);
      const auto endpoints = resolver.resolve(connection->host, connection->port, error);
      auto& socket = beast::get_lowest_layer(*connection->stream);
      socket.expires_after(kTimeout);
      if (!error) socket.connect(endpoints, error);
      if (!error) connection->stream->handshake(net::ssl::stream_base::client, error);
      if (error) {
        return api_error(ErrorCode::kConnectionFailed,
                         "connecting to " + endpoint_.url + ": " + error.message());
      }
      connection_ = std::move(connection);
    }
    http::request<http::string_body> request{post ? http::verb::post : http::verb::get, path, 11};
    request.set(http::field::host, connection_->host);
    request.set(http::field::user_agent, "tally-night");
    request.set(http::field::authorization, "Bearer " + endpoint_.token);
    request.keep_alive(true);
    if (post) {
      request.set(http::field::content_type, "application/json");
      request.body() = body;
    }
    request.prepare_payload();
    beast::get_lowest_layer(*connection_->stream).expires_after(kTimeout);
    http::write(*connection_->stream, request, error);
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    if (!error) http::read(*connection_->stream, connection_->buffer, parser, error);
    if (error) {
      connection_.reset();  // a keep-alive connection the server closed: make a new one
      if (attempt == 0) continue;
      return api_error(ErrorCode::kConnectionLost, "calling " + path + ": " + error.message());
    }
    const auto& response = parser.get();
    if (!response.keep_alive()) connection_.reset();
    if (response.result_int() >= 300) {
      return make_error(ErrorCode::kProtocolError, path + " answered HTTP " +
                                                       std::to_string(response.result_int()) +
                                                       ": " + response.body().substr(0, 300));
    }
    return response.body();
  }
}

Result<std::string> OperatorApi::create_enrolment_code(const std::string& role,
                                                       const std::string& station) {
  json::object request{{"role", role}};
  if (!station.empty()) request["station"] = station;
  auto body = call(true, "/api/v1/enrolment-codes", json::serialize(request));
  if (!body) return std::move(body).error();
  json::error_code error;
  const json::value document = json::parse(*body, error);
  const json::string* code = nullptr;
  if (!error && document.is_object()) {
    if (const auto* value = document.as_object().if_contains("code")) code = value->if_string();
  }
  if (code == nullptr) {
    return make_error(ErrorCode::kProtocolError,
                      "the enrolment-codes answer has no \"code\": " + body->substr(0, 200));
  }
  return std::string(*code);
}

Result<json::value> OperatorApi::get_json(const std::string& path) {
  auto body = call(false, path, {});
  if (!body) return std::move(body).error();
  json::error_code error;
  json::value document = json::parse(*body, error);
  if (error) {
    return make_error(ErrorCode::kProtocolError, path + " did not answer JSON: " + error.message());
  }
  return document;
}

Result<std::string> OperatorApi::get_text(const std::string& path) { return call(false, path, {}); }

double metric_value(const std::string& metrics_text, const std::string& name) {
  std::istringstream lines(metrics_text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
        line[name.size()] == ' ') {
      return std::stod(line.substr(name.size() + 1));
    }
  }
  return 0;
}

}  // namespace tally::demo

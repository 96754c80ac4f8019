#include "tally/http/https_client.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <optional>

#include "tally/http/url.hpp"

namespace tally::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

namespace {

Error network_error(ErrorCode code, const std::string& what, const beast::error_code& error) {
  return make_error(code, what + ": " + error.message(), /*transient=*/true);
}

}  // namespace

// One open connection, plain TCP or TLS over TCP, with the read buffer kept across calls.
struct HttpsClient::Connection {
  Url url;
  net::io_context io;
  net::ssl::context tls{net::ssl::context::tls_client};
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  bool used = false;  // it has answered a call, so a failure may be the server's idle close

  beast::tcp_stream& socket() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  // Runs `step` on whichever stream this connection is.
  template <class Step>
  void on_stream(Step&& step) {
    if (secure) return step(*secure);
    step(*plain);
  }

  Result<Response> exchange(const Request& request, const ApiTarget& target) {
    beast::error_code error;
    socket().expires_after(target.timeout);
    on_stream([&](auto& stream) { bhttp::write(stream, request, error); });
    if (error) return network_error(ErrorCode::kConnectionLost, "sending the request", error);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(target.max_response_bytes);
    on_stream([&](auto& stream) { bhttp::read(stream, buffer, parser, error); });
    if (error) return network_error(ErrorCode::kConnectionLost, "reading the response", error);
    used = true;
    return parser.release();
  }
};

std::string ApiResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (boost::algorithm::iequals(key, name)) return value;
  }
  return {};
}

HttpsClient::HttpsClient(ApiTarget target) : target_(std::move(target)) {}
HttpsClient::~HttpsClient() = default;

Result<std::unique_ptr<HttpsClient::Connection>> HttpsClient::connect() const {
  auto url = parse_url(target_.url);
  if (!url) return std::move(url).error();
  if (url->scheme != "http" && url->scheme != "https") {
    return make_error(ErrorCode::kInvalidArgument,
                      "server URL must start with http:// or https://: " + target_.url);
  }
  if (url->target != "/") {
    return make_error(ErrorCode::kInvalidArgument,
                      "server URL names a server, not a path: " + target_.url);
  }
  auto connection = std::make_unique<Connection>();
  connection->url = std::move(url).value();
  const Url& where = connection->url;
  beast::error_code error;
  tcp::resolver resolver(connection->io);
  const auto endpoints = resolver.resolve(where.host, std::to_string(where.port), error);
  if (error) return network_error(ErrorCode::kConnectionFailed, "resolving " + where.host, error);
  if (where.secure()) {
    connection->tls.set_verify_mode(net::ssl::verify_peer);
    if (!target_.ca_pem.empty()) {
      connection->tls.add_certificate_authority(net::buffer(target_.ca_pem), error);
      if (error)
        return network_error(ErrorCode::kTlsError, "loading the pinned certificate", error);
    } else {
      connection->tls.load_verify_file(target_.ca_file, error);
      if (error) return network_error(ErrorCode::kTlsError, "loading " + target_.ca_file, error);
    }
    connection->secure.emplace(connection->io, connection->tls);
    connection->secure->set_verify_callback(net::ssl::host_name_verification(where.host));
  } else {
    connection->plain.emplace(connection->io);
  }
  connection->socket().expires_after(target_.timeout);
  connection->socket().connect(endpoints, error);
  if (error) {
    return network_error(ErrorCode::kConnectionFailed, "connecting to " + where.authority(), error);
  }
  if (connection->secure) {
    connection->secure->handshake(net::ssl::stream_base::client, error);
    if (error) {
      return network_error(ErrorCode::kTlsError, "TLS handshake with " + where.authority(), error);
    }
  }
  return connection;
}

Result<ApiResponse> HttpsClient::call(bhttp::verb method, const std::string& path,
                                      const std::string& body) {
  Request request{method, path, 11};
  request.set(bhttp::field::user_agent, target_.user_agent);
  if (!target_.token.empty()) request.set(bhttp::field::authorization, "Bearer " + target_.token);
  for (const auto& [name, value] : target_.headers) request.insert(name, value);
  if (!body.empty()) {
    request.set(bhttp::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  for (;;) {
    if (!connection_) {
      auto connection = connect();
      if (!connection) return std::move(connection).error();
      connection_ = std::move(connection).value();
    }
    // host:port, as RFC 9110 asks for a port that is not the scheme's default (tallyd names
    // its devices' URL after it when no --public-url is given).
    request.set(bhttp::field::host, connection_->url.authority());
    auto response = connection_->exchange(request, target_);
    if (!response) {
      const bool kept = connection_->used;
      connection_.reset();
      if (kept) continue;  // once: the new connection has answered nothing yet
      return std::move(response).error();
    }
    if (!response->keep_alive()) connection_.reset();
    ApiResponse answer{response->result_int(), std::move(response->body()), {}};
    for (const auto& field : *response) {
      answer.headers.emplace_back(field.name_string(), field.value());
    }
    return answer;
  }
}

void HttpsClient::close() {
  if (!connection_) return;
  if (connection_->secure) {
    beast::error_code error;  // the server may just close: nothing to do about it
    connection_->socket().expires_after(target_.timeout);
    connection_->secure->shutdown(error);
  }
  connection_.reset();
}

Result<ApiResponse> api_call(const ApiTarget& target, bhttp::verb method, const std::string& path,
                             const std::string& body) {
  HttpsClient client(target);
  auto response = client.call(method, path, body);
  client.close();
  return response;
}

Error error_of(const ApiResponse& response) {
  std::string message = "HTTP " + std::to_string(response.status);
  ErrorCode code = ErrorCode::kProtocolError;
  boost::json::error_code parse_error;
  const boost::json::value document = boost::json::parse(response.body, parse_error);
  const boost::json::object* object = parse_error ? nullptr : document.if_object();
  const boost::json::value* error = object != nullptr ? object->if_contains("error") : nullptr;
  if (error != nullptr && error->is_object()) {
    const auto* text = error->as_object().if_contains("message");
    const auto* number = error->as_object().if_contains("code");
    if (text != nullptr && text->is_string()) message = std::string(text->as_string());
    if (number != nullptr && number->is_int64()) code = static_cast<ErrorCode>(number->as_int64());
  }
  // A server too busy to answer (503) may answer later; a refusal (401, 403, 4xx) will not.
  return make_error(code, message, response.status == 503);
}

}  // namespace tally::http

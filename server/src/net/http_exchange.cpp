#include "net/http_exchange.hpp"

#include <boost/beast/websocket/rfc6455.hpp>

namespace tally::server {

namespace http = boost::beast::http;

namespace {
constexpr std::string_view kEventsPath = "/api/v1/events";
}  // namespace

void arm_request_parser(std::optional<HttpRequestParser>& parser, const NetLimits& limits) {
  parser.emplace();
  parser->body_limit(limits.max_http_body_bytes);
  parser->header_limit(static_cast<std::uint32_t>(limits.max_http_header_bytes));
}

HttpNext handle_read(boost::beast::error_code error, HttpRequestParser& parser, HttpApi& api,
                     const std::string& client_address,
                     std::function<void(HttpApi::Response)> done) {
  if (error == http::error::end_of_stream) return HttpNext::kShutdown;
  if (error) {
    // Any HTTP parse error (malformed, oversized, cut short) gets a 400 and a close.
    if (error.category() != http::make_error_code(http::error::bad_target).category()) {
      return HttpNext::kDrop;
    }
    HttpApi::Response response{http::status::bad_request, 11};
    response.set(http::field::server, "tallyd");
    response.set(http::field::content_type, "text/plain");
    response.keep_alive(false);
    response.body() = "bad request: " + error.message() + "\n";
    response.prepare_payload();
    done(std::move(response));
    return HttpNext::kRespond;
  }
  const HttpApi::Request& request = parser.get();
  if (boost::beast::websocket::is_upgrade(request)) {
    if (request.target() == "/sync") return HttpNext::kUpgrade;
    HttpApi::Response response{http::status::not_found, request.version()};
    response.set(http::field::server, "tallyd");
    response.keep_alive(false);
    response.body() = "WebSocket endpoint is /sync\n";
    response.prepare_payload();
    done(std::move(response));
    return HttpNext::kRespond;
  }
  if (request.method() == http::verb::get &&
      request.target().substr(0, request.target().find('?')) == kEventsPath) {
    return HttpNext::kEvents;
  }
  api.handle(request, client_address, std::move(done));
  return HttpNext::kRespond;
}

}  // namespace tally::server

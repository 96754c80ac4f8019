// One HTTP request of a tallyd connection, without the socket: the parser with tallyd's
// limits, and what tallyd does once a read of a request has completed (answer a request it
// could not read, route one it could). HttpSession drives it over its stream; the HTTP fuzz
// target (tests/fuzz/http_request_fuzzer.cpp) drives it over a buffer.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <optional>
#include <string>

#include "api/http_api.hpp"
#include "net/net_limits.hpp"

namespace tally::server {

// Reads one request; its body is kept as a string.
using HttpRequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Replaces `parser` by a fresh one for the next request, with the header and body limits
// of `limits`.
void arm_request_parser(std::optional<HttpRequestParser>& parser, const NetLimits& limits);

// What a connection does after one read of a request.
enum class HttpNext : unsigned char {
  kShutdown,  // the peer closed cleanly between requests: shut the connection down
  kDrop,      // a transport error (timeout, reset): close without answering
  kUpgrade,   // a WebSocket upgrade to /sync: release the request, hand over the stream
  kRespond,   // `done` got, or will get, the one response to write
  kEvents,    // GET /api/v1/events: hand the stream to an EventStream (event_stream.hpp)
};

// Decides what follows a read that completed with `error` on `parser`. A request that
// could not be parsed or is over a limit gets a 400 (connection closed afterwards); a
// WebSocket upgrade to another path than /sync gets a 404; GET /api/v1/events is left to
// the caller (kEvents, `done` is not called); every other request goes to `api`, with
// `client_address` (the peer's IP). `done` runs exactly once for kRespond (perhaps later,
// on another thread) and never otherwise.
HttpNext handle_read(boost::beast::error_code error, HttpRequestParser& parser, HttpApi& api,
                     const std::string& client_address,
                     std::function<void(HttpApi::Response)> done);

}  // namespace tally::server

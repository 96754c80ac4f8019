// The answers of tallyd's HTTP API (http_routes.cpp dispatches, http_api.cpp handles): the
// headers every answer has, JSON bodies and `{"error":{"code","message"}}` errors, and the
// HTTP status of an Error.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// An answer to `request` (its version and keep-alive) with `body` of `content_type`.
HttpResponse make_response(const HttpRequest& request, boost::beast::http::status status,
                           std::string body, const char* content_type);
HttpResponse json_response(const HttpRequest& request, boost::beast::http::status status,
                           const boost::json::value& body);
HttpResponse error_response(const HttpRequest& request, boost::beast::http::status status,
                            ErrorCode code, const std::string& message);

// The request target as an error message quotes it: every byte that is not printable
// ASCII is percent-encoded, so the JSON answer stays valid UTF-8 whatever the client sent.
std::string quoted_target(std::string_view target);

// The HTTP status that answers `error` (400 for a bad request, 404 for an unknown device,
// 403, 503 for a transient store failure, 500 otherwise).
boost::beast::http::status status_of(const Error& error);

}  // namespace tally::server

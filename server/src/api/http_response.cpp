#include "api/http_response.hpp"

#include <boost/json.hpp>

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

HttpResponse make_response(const HttpRequest& request, http::status status, std::string body,
                           const char* content_type) {
  HttpResponse response{status, request.version()};
  response.set(http::field::server, "tallyd");
  response.set(http::field::content_type, content_type);
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpResponse json_response(const HttpRequest& request, http::status status,
                           const json::value& body) {
  return make_response(request, status, json::serialize(body) + "\n", "application/json");
}

HttpResponse error_response(const HttpRequest& request, http::status status, ErrorCode code,
                            const std::string& message) {
  return json_response(request, status,
                       json::object{{"error", json::object{{"code", static_cast<unsigned>(code)},
                                                           {"message", message}}}});
}

std::string quoted_target(std::string_view target) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string quoted;
  quoted.reserve(target.size());
  for (const char c : target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte > 0x20 && byte < 0x7F) {
      quoted += c;
    } else {
      quoted += '%';
      quoted += kHex[byte >> 4];
      quoted += kHex[byte & 15];
    }
  }
  return quoted;
}

http::status status_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::kUnknownId:
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kUnknownForm:
    case ErrorCode::kUnknownField:
    case ErrorCode::kWrongValueType:
    case ErrorCode::kNegativeCount:
    case ErrorCode::kValueTooLarge:
      return http::status::bad_request;
    case ErrorCode::kUnknownDevice:
    case ErrorCode::kNotFound:
      return http::status::not_found;
    case ErrorCode::kStaleAdjudication:
      return http::status::conflict;
    case ErrorCode::kForbidden:
    case ErrorCode::kCsrfTokenInvalid:
      return http::status::forbidden;
    case ErrorCode::kBadCredentials:
    case ErrorCode::kSessionExpired:
    case ErrorCode::kNotAuthenticated:
      return http::status::unauthorized;
    case ErrorCode::kAccountExists:
    case ErrorCode::kRoundInvalid:
    case ErrorCode::kRoundNotReady:
      return http::status::conflict;
    case ErrorCode::kRateLimited:
      return http::status::too_many_requests;
    case ErrorCode::kIoError:
    case ErrorCode::kBusy:
      return http::status::service_unavailable;
    default:
      return http::status::internal_server_error;
  }
}

}  // namespace tally::server

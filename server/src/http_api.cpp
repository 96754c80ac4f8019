#include "http_api.hpp"

#include <openssl/crypto.h>

#include <boost/json.hpp>

#include "core.hpp"
#include "names.hpp"

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

HttpApi::Response make_response(const HttpApi::Request& request, http::status status,
                                std::string body, const char* content_type) {
  HttpApi::Response response{status, request.version()};
  response.set(http::field::server, "tallyd");
  response.set(http::field::content_type, content_type);
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpApi::Response json_response(const HttpApi::Request& request, http::status status,
                                const json::value& body) {
  return make_response(request, status, json::serialize(body) + "\n", "application/json");
}

HttpApi::Response error_response(const HttpApi::Request& request, http::status status,
                                 ErrorCode code, const std::string& message) {
  return json_response(request, status,
                       json::object{{"error", json::object{{"code", static_cast<unsigned>(code)},
                                                           {"message", message}}}});
}

// The request target as an error message quotes it: every byte that is not printable
// ASCII is percent-encoded, so the JSON answer stays valid UTF-8 whatever the client sent.
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
      return http::status::bad_request;
    case ErrorCode::kIoError:
    case ErrorCode::kBusy:
      return http::status::service_unavailable;
    default:
      return http::status::internal_server_error;
  }
}

}  // namespace

HttpApi::HttpApi(Core& core, ApiTokens tokens) : core_(core), tokens_(tokens) {}

HttpApi::Access HttpApi::access_of(const Request& request) const {
  const auto header = request[http::field::authorization];
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) {
    return Access::kNone;
  }
  const auto digest = engine::sha256(std::string_view(header.substr(kBearer.size())));
  if (CRYPTO_memcmp(digest.data(), tokens_.operator_token.data(), digest.size()) == 0) {
    return Access::kOperator;
  }
  if (CRYPTO_memcmp(digest.data(), tokens_.auditor_token.data(), digest.size()) == 0) {
    return Access::kAuditor;
  }
  return Access::kNone;
}

void HttpApi::handle(const Request& request, std::function<void(Response)> done) {
  const std::string target(request.target().substr(0, request.target().find('?')));
  const bool get = request.method() == http::verb::get;
  if (target == "/healthz" && get) {
    return done(make_response(request, http::status::ok, "ok\n", "text/plain"));
  }
  if (target == "/readyz" && get) {
    const bool ready = core_.healthy();
    return done(make_response(request, ready ? http::status::ok : http::status::service_unavailable,
                              ready ? "ready\n" : "store unavailable\n", "text/plain"));
  }
  if (target == "/metrics" && get) {
    return done(make_response(request, http::status::ok, core_.metrics().render(core_.figures()),
                              "text/plain; version=0.0.4"));
  }
  if (target.rfind("/api/v1/", 0) != 0) {
    return done(error_response(request, http::status::not_found, ErrorCode::kNotFound,
                               "no such endpoint: " + quoted_target(target)));
  }
  const Access access = access_of(request);
  if (access == Access::kNone) {
    core_.metrics().record_error(ErrorCode::kNotAuthenticated);
    auto response =
        error_response(request, http::status::unauthorized, ErrorCode::kNotAuthenticated,
                       "the API needs 'Authorization: Bearer <operator or auditor token>'");
    response.set(http::field::www_authenticate, "Bearer");
    return done(std::move(response));
  }
  if (target == "/api/v1/enrolment-codes") {
    if (request.method() != http::verb::post) {
      return done(error_response(request, http::status::method_not_allowed,
                                 ErrorCode::kInvalidArgument, "use POST"));
    }
    if (access != Access::kOperator) {
      core_.metrics().record_error(ErrorCode::kForbidden);
      return done(error_response(request, http::status::forbidden, ErrorCode::kForbidden,
                                 "only the operator may create enrolment codes"));
    }
    return create_enrolment_code(request, std::move(done));
  }
  if (!get) {
    return done(error_response(request, http::status::method_not_allowed,
                               ErrorCode::kInvalidArgument, "use GET"));
  }
  json::value body;
  if (target == "/api/v1/devices") {
    json::array devices;
    for (const auto& device : core_.devices()) {
      devices.push_back(json::object{{"id", device.id},
                                     {"role", role_name(device.role)},
                                     {"station", device.station},
                                     {"label", device.label},
                                     {"enrolled_ms", device.enrolled_ms},
                                     {"revoked", device.revoked}});
    }
    body = json::object{{"devices", std::move(devices)}};
  } else if (target == "/api/v1/progress") {
    core_.read_state([&](const ElectionState& state) { body = state.progress_json(); });
  } else if (target == "/api/v1/conflicts") {
    core_.read_state([&](const ElectionState& state) { body = state.conflicts_json(); });
  } else if (target == "/api/v1/tally") {
    const bool text = request.target().find("format=text") != std::string_view::npos;
    std::string document;
    core_.read_state([&](const ElectionState& state) {
      document = text ? state.tally_table() : state.tally_file();
    });
    return done(make_response(request, http::status::ok, std::move(document),
                              text ? "text/plain; charset=utf-8" : "application/json"));
  } else if (target == "/api/v1/records") {
    core_.read_state([&](const ElectionState& state) { body = state.records_json(); });
  } else {
    return done(error_response(request, http::status::not_found, ErrorCode::kNotFound,
                               "no such endpoint: " + quoted_target(target)));
  }
  done(json_response(request, http::status::ok, body));
}

void HttpApi::create_enrolment_code(const Request& request, std::function<void(Response)> done) {
  json::error_code parse_error;
  const json::value body = json::parse(request.body(), parse_error);
  const json::object* object = parse_error ? nullptr : body.if_object();
  const auto bad = [&](const std::string& message) {
    done(error_response(request, http::status::bad_request, ErrorCode::kInvalidArgument, message));
  };
  if (object == nullptr) return bad("the body must be a JSON object");
  const auto* role_text = object->if_contains("role");
  const auto role = role_text != nullptr && role_text->is_string()
                        ? parse_role(role_text->get_string())
                        : std::optional<engine::Role>{};
  if (!role) return bad("\"role\" must be one of officer, supervisor, auditor, operator");
  std::string station;
  if (const auto* value = object->if_contains("station"); value != nullptr) {
    if (!value->is_string()) return bad("\"station\" must be a string");
    station = value->get_string();
  }
  if (*role == engine::Role::kOfficer && station.empty()) {
    return bad("an officer's code needs \"station\"");
  }
  std::uint64_t ttl_ms = 0;
  if (const auto* value = object->if_contains("ttl_seconds"); value != nullptr) {
    if (!value->is_int64() || value->get_int64() <= 0 || value->get_int64() > 366LL * 86400) {
      return bad("\"ttl_seconds\" must be a whole number of seconds, at most a year");
    }
    ttl_ms = static_cast<std::uint64_t>(value->get_int64()) * 1000;
  }
  core_.create_enrolment_code(
      station, *role, ttl_ms,
      [request_version = request.version(), keep_alive = request.keep_alive(), station,
       role = *role, done = std::move(done)](Result<std::string> code) {
        Request shape;
        shape.version(request_version);
        shape.keep_alive(keep_alive);
        if (!code) {
          return done(error_response(shape, status_of(code.error()), code.error().code,
                                     code.error().message));
        }
        done(json_response(
            shape, http::status::created,
            json::object{{"code", *code}, {"station", station}, {"role", role_name(role)}}));
      });
}

}  // namespace tally::server

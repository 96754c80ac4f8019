#include "api/http_api.hpp"

#include <openssl/crypto.h>

#include <boost/json.hpp>
#include <limits>

#include "api/json_values.hpp"
#include "core/core.hpp"
#include "tally/engine/names.hpp"

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
    case ErrorCode::kUnknownForm:
    case ErrorCode::kUnknownField:
    case ErrorCode::kWrongValueType:
    case ErrorCode::kNegativeCount:
    case ErrorCode::kValueTooLarge:
      return http::status::bad_request;
    case ErrorCode::kUnknownDevice:
      return http::status::not_found;
    case ErrorCode::kForbidden:
      return http::status::forbidden;
    case ErrorCode::kIoError:
    case ErrorCode::kBusy:
      return http::status::service_unavailable;
    default:
      return http::status::internal_server_error;
  }
}

json::object device_json(const DeviceRow& device) {
  return json::object{{"id", device.id},
                      {"role", engine::to_string(device.role)},
                      {"station", device.station},
                      {"label", device.label},
                      {"enrolled_ms", device.enrolled_ms},
                      {"revoked", device.revoked}};
}

// The answer to a request that comes after a commit, on the writer's thread.
class LaterReply {
 public:
  LaterReply(const HttpApi::Request& request, std::function<void(HttpApi::Response)> done)
      : done_(std::move(done)) {
    shape_.version(request.version());
    shape_.keep_alive(request.keep_alive());
  }
  void json(http::status status, const json::value& body) const {
    done_(json_response(shape_, status, body));
  }
  void error(const Error& error) const {
    done_(error_response(shape_, status_of(error), error.code, error.message));
  }

 private:
  HttpApi::Request shape_;
  std::function<void(HttpApi::Response)> done_;
};

// The JSON body of a write request, or why not.
Result<json::object> request_object(const HttpApi::Request& request) {
  json::error_code parse_error;
  json::value body = json::parse(request.body(), parse_error);
  if (parse_error || !body.is_object()) {
    return make_error(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return std::move(body.get_object());
}

// An adjudicated value: a whole number is a count, a string a text, null clears.
Result<engine::OpValue> op_value_of(const json::value& value) {
  if (value.is_null()) return engine::OpValue{engine::Cleared{}};
  if (value.is_string()) return engine::OpValue{std::string(value.get_string())};
  if (value.is_int64()) return engine::OpValue{engine::Count{value.get_int64()}};
  constexpr auto kLargest = static_cast<std::uint64_t>(std::numeric_limits<engine::Count>::max());
  if (value.is_uint64() && value.get_uint64() <= kLargest) {
    return engine::OpValue{static_cast<engine::Count>(value.get_uint64())};
  }
  return make_error(ErrorCode::kWrongValueType,
                    "\"value\" must be a whole number, a string or null");
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
  if (tokens_.supervisor_token &&
      CRYPTO_memcmp(digest.data(), tokens_.supervisor_token->data(), digest.size()) == 0) {
    return Access::kSupervisor;
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
  const auto forbidden = [&](const char* message) {
    core_.metrics().record_error(ErrorCode::kForbidden);
    done(error_response(request, http::status::forbidden, ErrorCode::kForbidden, message));
  };
  const bool post = request.method() == http::verb::post;
  constexpr std::string_view kDevices = "/api/v1/devices/";
  constexpr std::string_view kRevoke = "/revoke";
  if (target == "/api/v1/enrolment-codes" ||
      (target.rfind(kDevices, 0) == 0 && target.ends_with(kRevoke))) {
    if (!post) {
      return done(error_response(request, http::status::method_not_allowed,
                                 ErrorCode::kInvalidArgument, "use POST"));
    }
    if (access != Access::kOperator) {
      return forbidden("only the operator may enrol and revoke devices");
    }
    if (target == "/api/v1/enrolment-codes") return create_enrolment_code(request, std::move(done));
    const std::string device_id(
        target.substr(kDevices.size(), target.size() - kDevices.size() - kRevoke.size()));
    if (const std::string quoted = quoted_target(device_id); quoted != device_id) {
      // Device ids are printable ASCII, so this names no device; it is quoted so that the
      // JSON answer stays valid whatever bytes the client sent.
      return done(error_response(request, http::status::not_found, ErrorCode::kUnknownDevice,
                                 "no device '" + quoted + "'"));
    }
    return revoke_device(request, device_id, std::move(done));
  }
  if (target == "/api/v1/adjudications") {
    if (!post) {
      return done(error_response(request, http::status::method_not_allowed,
                                 ErrorCode::kInvalidArgument, "use POST"));
    }
    if (access != Access::kOperator && access != Access::kSupervisor) {
      return forbidden("only the operator or a supervisor may adjudicate");
    }
    return adjudicate(request, access, std::move(done));
  }
  if (!get) {
    return done(error_response(request, http::status::method_not_allowed,
                               ErrorCode::kInvalidArgument, "use GET"));
  }
  json::value body;
  if (target == "/api/v1/devices") {
    json::array devices;
    for (const auto& device : core_.devices()) {
      devices.push_back(device_json(device));
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
  const LaterReply reply(request, std::move(done));
  const auto bad = [&](const std::string& message) {
    reply.error(make_error(ErrorCode::kInvalidArgument, message));
  };
  auto object = request_object(request);
  if (!object) return reply.error(object.error());
  const auto* role_text = object->if_contains("role");
  const auto role = role_text != nullptr && role_text->is_string()
                        ? engine::parse_role(role_text->get_string())
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
    if (!value->is_int64() || value->get_int64() <= 0 ||
        value->get_int64() > tuning::kMaxEnrolmentCodeTtlSeconds) {
      return bad("\"ttl_seconds\" must be a whole number of seconds, at most a year");
    }
    ttl_ms = static_cast<std::uint64_t>(value->get_int64()) * 1000;
  }
  core_.create_enrolment_code(
      station, *role, ttl_ms, [reply, station, role = *role](Result<std::string> code) {
        if (!code) return reply.error(code.error());
        reply.json(
            http::status::created,
            json::object{{"code", *code}, {"station", station}, {"role", engine::to_string(role)}});
      });
}

void HttpApi::revoke_device(const Request& request, const std::string& device_id,
                            std::function<void(Response)> done) {
  const LaterReply reply(request, std::move(done));
  core_.revoke_device(device_id, [reply](Result<DeviceRow> device) {
    if (!device) return reply.error(device.error());
    reply.json(http::status::ok, device_json(*device));
  });
}

void HttpApi::adjudicate(const Request& request, Access access,
                         std::function<void(Response)> done) {
  const LaterReply reply(request, std::move(done));
  const auto bad = [&](const std::string& message) {
    reply.error(make_error(ErrorCode::kInvalidArgument, message));
  };
  auto object = request_object(request);
  if (!object) return reply.error(object.error());
  const auto* form = object->if_contains("form");
  auto form_id = form != nullptr && form->is_string() ? engine::parse_form_id(form->get_string())
                                                      : engine::parse_form_id("");
  if (!form_id) return bad("\"form\": " + form_id.error().message);
  ConsoleEdit edit;
  edit.form = std::move(form_id).value();
  edit.actor = access == Access::kOperator ? "operator" : "supervisor";
  const auto* accept = object->if_contains("accept");
  const bool accepting = accept != nullptr && accept->is_bool() && accept->get_bool();
  const auto* field = object->if_contains("field");
  const auto* value = object->if_contains("value");
  if (accepting == (field != nullptr || value != nullptr)) {
    return bad("give either \"field\" and \"value\", or \"accept\": true");
  }
  if (!accepting) {
    if (field == nullptr || !field->is_string() || field->get_string().empty() ||
        value == nullptr) {
      return bad("an adjudication needs a string \"field\" and a \"value\"");
    }
    edit.field = field->get_string();
    auto op_value = op_value_of(*value);
    if (!op_value) return reply.error(op_value.error());
    edit.value = std::move(op_value).value();
  }
  core_.adjudicate(edit, [this, reply](Result<engine::Op> op) {
    if (!op) return reply.error(op.error());
    json::object body{{"form", op->form.to_string()},
                      {"kind", engine::to_string(op->kind)},
                      {"device", op->dot.device},
                      {"counter", op->dot.counter}};
    if (!op->field.empty()) body["field"] = op->field;
    core_.read_state([&](const ElectionState& state) {
      if (const auto* view = state.form(op->form)) {
        body["status"] = engine::to_string(view->status.stage);
        body["reasons"] = reasons_json(view->status);
      }
    });
    reply.json(http::status::created, body);
  });
}

}  // namespace tally::server

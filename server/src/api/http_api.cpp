#include "api/http_api.hpp"

#include <openssl/crypto.h>

#include <boost/json.hpp>
#include <limits>

#include "api/enrol_uri.hpp"
#include "api/http_response.hpp"
#include "api/json_values.hpp"
#include "api/later_reply.hpp"
#include "api/qr_svg.hpp"
#include "api/response_format.hpp"
#include "base/rfc3339.hpp"
#include "core/core.hpp"
#include "tally/engine/names.hpp"

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

json::object device_json(const DeviceRow& device) {
  return json::object{{"id", device.id},
                      {"role", engine::to_string(device.role)},
                      {"station", device.station},
                      {"label", device.label},
                      {"enrolled_ms", device.enrolled_ms},
                      {"revoked", device.revoked}};
}

// A device of the list, with its presence (the console's Devices page).
json::object listed_device_json(const DeviceRow& device, const DevicePresence& presence) {
  json::object listed = device_json(device);
  listed["online"] = presence.online;
  listed["last_seen_at"] = presence.last_seen_ms == 0
                               ? json::value(nullptr)
                               : json::value(rfc3339_utc(presence.last_seen_ms));
  listed["ops_acked"] = presence.ops_acked;
  return listed;
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

Result<json::object> request_object(const HttpApi::Request& request) {
  json::error_code parse_error;
  json::value body = json::parse(request.body(), parse_error);
  if (parse_error || !body.is_object()) {
    return make_error(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return std::move(body.get_object());
}

HttpApi::HttpApi(Core& core, ApiTokens tokens, Logins& logins, HttpApiOptions options)
    : core_(core), logins_(logins), options_(std::move(options)), tokens_(tokens) {}

void HttpApi::replace_tokens(const ApiTokens& tokens) {
  std::lock_guard lock(tokens_mutex_);
  tokens_ = tokens;
}

HttpApi::Access HttpApi::access_of(const Request& request) const {
  const auto header = request[http::field::authorization];
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) {
    return Access::kNone;
  }
  const auto digest = engine::sha256(std::string_view(header.substr(kBearer.size())));
  std::lock_guard lock(tokens_mutex_);
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

void HttpApi::health(Call& call) {
  call.done(make_response(call.request, http::status::ok, "ok\n", "text/plain"));
}

void HttpApi::readiness(Call& call) {
  const bool ready = core_.healthy();
  call.done(make_response(call.request,
                          ready ? http::status::ok : http::status::service_unavailable,
                          ready ? "ready\n" : "store unavailable\n", "text/plain"));
}

void HttpApi::metrics(Call& call) {
  call.done(make_response(call.request, http::status::ok, core_.metrics().render(core_.figures()),
                          "text/plain; version=0.0.4"));
}

void HttpApi::devices(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  json::array devices;
  for (const auto& device : core_.devices()) {
    devices.push_back(listed_device_json(device, core_.presence(device.id)));
  }
  call.done(
      json_response(call.request, http::status::ok, json::object{{"devices", std::move(devices)}}));
}

std::optional<ResponseFormat> HttpApi::offers(Call& call,
                                              std::initializer_list<ResponseFormat> formats) {
  auto format = requested_format(call.request.target(), formats);
  if (format) return *format;
  call.done(error_response(call.request, http::status::bad_request, format.error().code,
                           format.error().message));
  return std::nullopt;
}

void HttpApi::state_json(Call& call, json::value (ElectionState::*document)() const) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  json::value body;
  core_.read_state([&](const ElectionState& state) { body = (state.*document)(); });
  call.done(json_response(call.request, http::status::ok, body));
}

void HttpApi::progress(Call& call) { state_json(call, &ElectionState::progress_json); }
void HttpApi::records(Call& call) {
  const auto format = offers(call, {ResponseFormat::kJson, ResponseFormat::kCsv});
  if (format == ResponseFormat::kJson) return state_json(call, &ElectionState::records_json);
  if (format) state_document(call, *format, &ElectionState::records_csv);
}

void HttpApi::tally(Call& call) { tally_document(call, DocumentCache::Freshness::kExact); }

void HttpApi::state_document(Call& call, ResponseFormat format,
                             std::string (ElectionState::*document)() const) {
  std::string body;
  core_.read_state([&](const ElectionState& state) { body = (state.*document)(); });
  call.done(make_response(call.request, http::status::ok, std::move(body), content_type(format)));
}

void HttpApi::create_enrolment_code(Call& call) {
  const LaterReply reply(call.request, std::move(call.done));
  const auto bad = [&](const std::string& message) {
    reply.error(make_error(ErrorCode::kInvalidArgument, message));
  };
  auto object = request_object(call.request);
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
  // The devices' URL the QR image names, checked before a code is made.
  auto devices_url = options_.devices_url.empty()
                         ? devices_url_of_host(call.request[http::field::host], options_.tls)
                         : Result<std::string>(options_.devices_url);
  if (!devices_url) return reply.error(devices_url.error());
  core_.create_enrolment_code(
      station, *role, ttl_ms,
      [reply, station, role = *role, server = *devices_url](Result<std::string> code) {
        if (!code) return reply.error(code.error());
        const std::string uri = enrol_uri(server, *code);
        auto image = qr_svg(uri);
        if (!image) return reply.error(image.error());
        reply.json(http::status::created, json::object{{"code", *code},
                                                       {"station", station},
                                                       {"role", engine::to_string(role)},
                                                       {"enrol_uri", uri},
                                                       {"qr_svg", *image}});
      });
}

void HttpApi::revoke_device(Call& call) {
  const std::string device_id(call.params["device"]);
  if (const std::string quoted = quoted_target(device_id); quoted != device_id) {
    // Device ids are printable ASCII, so this names no device; it is quoted so that the
    // JSON answer stays valid whatever bytes the client sent.
    return call.done(error_response(call.request, http::status::not_found,
                                    ErrorCode::kUnknownDevice, "no device '" + quoted + "'"));
  }
  const LaterReply reply(call.request, std::move(call.done));
  core_.revoke_device(device_id, [reply](Result<DeviceRow> device) {
    if (!device) return reply.error(device.error());
    reply.json(http::status::ok, device_json(*device));
  });
}

void HttpApi::adjudicate(Call& call) {
  const LaterReply reply(call.request, std::move(call.done));
  const auto bad = [&](const std::string& message) {
    reply.error(make_error(ErrorCode::kInvalidArgument, message));
  };
  auto object = request_object(call.request);
  if (!object) return reply.error(object.error());
  const auto* form = object->if_contains("form");
  auto form_id = form != nullptr && form->is_string() ? engine::parse_form_id(form->get_string())
                                                      : engine::parse_form_id("");
  if (!form_id) return bad("\"form\": " + form_id.error().message);
  ConsoleEdit edit;
  edit.form = std::move(form_id).value();
  // The logged-in person, or the token's role (the structured log's "actor").
  edit.actor = call.person.value_or(call.access == Access::kOperator ? "operator" : "supervisor");
  // A person's decision is an op of their own console author (console_author.hpp).
  edit.person = call.person.value_or("");
  edit.person_role =
      call.access == Access::kOperator ? engine::Role::kOperator : engine::Role::kSupervisor;
  const auto* accept = object->if_contains("accept");
  const bool accepting = accept != nullptr && accept->is_bool() && accept->get_bool();
  const auto* field = object->if_contains("field");
  const auto* value = object->if_contains("value");
  if (const auto* seen = object->if_contains("seen"); seen != nullptr) {
    if (!seen->is_string()) return bad("\"seen\" must be the form's version (a string)");
    edit.seen = std::string(seen->get_string());
  }
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

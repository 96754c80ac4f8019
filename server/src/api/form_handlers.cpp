// The routes of HttpApi that show forms to supervisors and auditors (http_routes.cpp): the
// conflicts queue, a form's history from the log and a station's records per level.
#include <boost/json.hpp>
#include <map>

#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "api/json_values.hpp"
#include "base/rfc3339.hpp"
#include "core/core.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/names.hpp"
#include "tally/engine/op_codec.hpp"

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// The station of each device the answer names (null for one without a station), looked
// up once per device.
class DeviceStations {
 public:
  explicit DeviceStations(const Core& core) : core_(core) {}
  json::value operator()(const std::string& device) {
    auto [found, inserted] = stations_.try_emplace(device);
    if (inserted) {
      const auto row = core_.device(device);
      if (row && !row->station.empty()) found->second = json::string(row->station);
    }
    return found->second;
  }

 private:
  const Core& core_;
  std::map<std::string, json::value> stations_;
};

json::value history_value(const engine::Op& op) {
  switch (op.kind) {
    case engine::OpKind::kSet:
    case engine::OpKind::kAdjudicate:
      return op_value_json(op.value);
    case engine::OpKind::kSubmit:
      return json::string(engine::to_hex(op.submission.values_hash));
    case engine::OpKind::kWithdraw:
    case engine::OpKind::kOpenRound:  // names no form: never in a form's history
      break;
  }
  return nullptr;
}

// One committed log entry as the history shows it; `person` names who decided at the
// console (null for a device's op and a token's decision).
Result<json::object> history_entry(const LogRow& row, DeviceStations& stations) {
  auto op = engine::decode_op(row.entry.op_bytes);
  if (!op) {
    return make_error(ErrorCode::kCorruption, "stored op " + std::to_string(row.entry.index) +
                                                  " does not decode: " + op.error().message);
  }
  const auto person = console_person(op->dot.device);
  return json::object{{"index", row.entry.index},
                      {"kind", entry_kind(*op)},
                      {"op_kind", engine::to_string(op->kind)},
                      {"field", op->field.empty() ? json::value(nullptr) : json::value(op->field)},
                      {"value", history_value(*op)},
                      {"device", op->dot.device},
                      {"counter", op->dot.counter},
                      {"station", stations(op->dot.device)},
                      {"person", person ? json::value(*person) : json::value(nullptr)},
                      {"at", rfc3339_utc(op->hlc.physical_ms)},
                      {"received_at", rfc3339_utc(row.entry.receive_ms)},
                      {"hash", engine::to_hex(row.entry.hash)}};
}

json::value record_values_json(const engine::StationRecord& record) {
  json::object values;
  for (const auto& [field, value] : record.values) {
    if (const auto* count = std::get_if<engine::Count>(&value)) {
      values[field] = *count;
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      values[field] = *text;
    } else {
      json::object votes;
      for (const auto& [candidate, votes_of] : std::get<engine::VoteMap>(value)) {
        votes[candidate] = votes_of;
      }
      values[field] = std::move(votes);
    }
  }
  return values;
}

// Adds to each sibling of `fields` (fields_json) the station of its device.
void name_stations(json::array& fields, DeviceStations& stations) {
  for (auto& field : fields) {
    for (auto& sibling : field.at("siblings").as_array()) {
      auto& object = sibling.as_object();
      object["station"] = stations(std::string(object.at("device").as_string()));
    }
  }
}

}  // namespace

void HttpApi::conflicts(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  json::value body;
  core_.read_state([&](const ElectionState& state) { body = state.conflicts_json(); });
  // Who entered each value: the station of each sibling's device (the core's devices, not
  // the published state, so looked up outside the state lock).
  DeviceStations stations(core_);
  for (auto& form : body.at("conflicts").as_array()) {
    name_stations(form.at("fields").as_array(), stations);
  }
  call.done(json_response(call.request, http::status::ok, body));
}

std::optional<engine::FormId> HttpApi::form_param(Call& call) {
  // A form id holds a slash: it comes percent-encoded (%2F), decoded by the route match.
  const std::string text(call.params["form"]);
  auto form = engine::parse_form_id(text);
  if (form && core_.reference().unit_of(*form) != nullptr) return std::move(form).value();
  call.done(error_response(call.request, http::status::not_found, ErrorCode::kNotFound,
                           "no form '" + quoted_target(text) + "' in the election definition"));
  return std::nullopt;
}

void HttpApi::form_history(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  const auto form = form_param(call);
  if (!form) return;
  auto rows = core_.form_log(*form);
  if (!rows) {
    return call.done(error_response(call.request, status_of(rows.error()), rows.error().code,
                                    rows.error().message));
  }
  DeviceStations stations(core_);
  json::array entries;
  for (const auto& row : *rows) {
    auto entry = history_entry(row, stations);
    if (!entry) {
      return call.done(error_response(call.request, http::status::internal_server_error,
                                      entry.error().code, entry.error().message));
    }
    entries.push_back(std::move(entry).value());
  }
  std::string version;
  core_.read_state([&](const ElectionState& state) { version = state.form_version(*form); });
  call.done(json_response(
      call.request, http::status::ok,
      json::object{
          {"form", form->to_string()}, {"version", version}, {"entries", std::move(entries)}}));
}

void HttpApi::station(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  const std::string_view id = call.params["station"];
  const Reference reference = core_.reference();  // kept: the station points into it
  const engine::PollingStation* polling = reference.election().station(id);
  if (polling == nullptr) {
    return call.done(
        error_response(call.request, http::status::not_found, ErrorCode::kNotFound,
                       "no station '" + quoted_target(id) + "' in the election definition"));
  }
  json::array levels;
  // The state is read first and the stations of devices after, outside the state lock.
  core_.read_state([&](const ElectionState& state) {
    for (const auto& contest : polling->contests) {
      const engine::FormId form{polling->id, contest.unit_id};
      json::object level{{"level", contest.level_id},
                         {"unit", contest.unit_id},
                         {"form", form.to_string()},
                         {"version", state.form_version(form)}};
      const auto* view = state.form(form);
      level["status"] = view == nullptr ? "empty" : engine::to_string(view->status.stage);
      level["values"] = view == nullptr ? json::object{} : record_values_json(view->record);
      level["reasons"] = view == nullptr ? json::array{} : reasons_json(view->status);
      level["failures"] = view == nullptr ? json::array{} : failures_json(view->failures);
      const auto* merged = state.replica().state(form);
      level["fields"] = merged == nullptr ? json::array{} : fields_json(merged->conflicts());
      levels.push_back(std::move(level));
    }
  });
  DeviceStations stations(core_);
  for (auto& level : levels) name_stations(level.at("fields").as_array(), stations);
  call.done(json_response(
      call.request, http::status::ok,
      json::object{
          {"station", polling->id}, {"name", polling->name}, {"levels", std::move(levels)}}));
}

}  // namespace tally::server

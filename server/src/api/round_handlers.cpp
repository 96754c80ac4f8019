// The second round through the API (docs/operations.md, "Rounds"): where it stands, and the
// operator's opening of it.
#include <boost/json.hpp>

#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "api/later_reply.hpp"
#include "api/response_format.hpp"
#include "core/core.hpp"
#include "tally/engine/hex.hpp"

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

json::array id_array(const std::vector<std::string>& ids) {
  json::array array;
  for (const auto& id : ids) array.push_back(json::string(id));
  return array;
}

json::array units_json(const std::vector<engine::SecondRoundUnit>& units) {
  json::array array;
  for (const auto& unit : units) {
    array.push_back(json::object{{"unit", unit.unit_id},
                                 {"of", unit.of_unit},
                                 {"kind", engine::round_kind_name(unit.kind)},
                                 {"seats", unit.seats},
                                 {"candidates", id_array(unit.candidates)}});
  }
  return array;
}

// Where the second round stands: opened (by which op), or what the tally calls for now.
json::object round_json(const ElectionState& state) {
  if (const auto& opened = state.second_round()) {
    return json::object{
        {"round", engine::kSecondRound},
        {"open", true},
        {"log_index", opened->log_index},
        {"device", opened->op.dot.device},
        {"forced", opened->op.field == engine::kForcedOpening},
        {"definition_sha256", engine::to_hex(opened->op.submission.values_hash)},
        {"units", units_json(engine::second_round_units(state.reference().election()))}};
  }
  json::object body{{"round", engine::kSecondRound}, {"open", false}};
  auto call = state.second_round_call();
  if (!call) {
    body["ready"] = false;
    body["blocking"] = call.error().message;
    body["units"] = json::array();
    return body;
  }
  body["ready"] = call->ready();
  body["blocking"] = call->blocking();
  body["units"] = units_json(call->plan.units);
  body["unreported"] = id_array(call->plan.unreported);
  body["in_conflict"] = id_array(call->in_conflict);
  body["without_candidates"] = id_array(call->plan.without_candidates);
  return body;
}

}  // namespace

void HttpApi::rounds(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  json::object body;
  core_.read_state([&](const ElectionState& state) { body = round_json(state); });
  call.done(json_response(call.request, http::status::ok, body));
}

void HttpApi::open_round(Call& call) {
  const LaterReply reply(call.request, std::move(call.done));
  auto object = request_object(call.request);
  if (!object) return reply.error(object.error());
  RoundRequest request;
  if (const auto* force = object->if_contains("force"); force != nullptr) {
    if (!force->is_bool()) {
      return reply.error(
          make_error(ErrorCode::kInvalidArgument, "\"force\" must be true or false"));
    }
    request.forced = force->get_bool();
  }
  request.actor = call.person.value_or("operator");
  request.person = call.person.value_or("");
  request.person_role = engine::Role::kOperator;
  core_.open_round(request, [this, reply](Result<RoundOpened> opened) {
    if (!opened) return reply.error(opened.error());
    json::object body;
    core_.read_state([&](const ElectionState& state) { body = round_json(state); });
    body["log_index"] = opened->log_index;
    reply.json(http::status::created, body);
  });
}

}  // namespace tally::server

#include "reference_data.hpp"

#include <boost/json.hpp>

namespace tally::client {
namespace {

namespace json = boost::json;

Error bad_reference(const std::string& what) {
  return make_error(ErrorDomain::kDefinition, ErrorCode::kDefinitionInvalid,
                    "reference data from the server: " + what);
}

// The string member `key` of `object`, or an error naming `where`.
Result<std::string> string_member(const json::object& object, std::string_view key,
                                  const std::string& where) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return bad_reference(where + "." + std::string(key) + " must be a string");
  }
  return std::string(value->get_string());
}

Result<const json::array*> array_member(const json::object& object, std::string_view key,
                                        const std::string& where) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_array()) {
    return bad_reference(where + "." + std::string(key) + " must be an array");
  }
  return &value->get_array();
}

}  // namespace

std::vector<engine::FormId> ReferenceData::forms(std::string_view station_id) const {
  std::vector<engine::FormId> forms;
  for (const auto& station : stations) {
    if (!station_id.empty() && station.id != station_id) continue;
    for (const auto& contest : station.contests) forms.push_back({station.id, contest.unit_id});
  }
  return forms;
}

Result<const engine::ElectoralUnit*> ReferenceData::unit_for(const engine::FormId& form,
                                                             std::string_view station_id) const {
  auto unknown = [&] {
    return make_error(ErrorDomain::kRecord, ErrorCode::kUnknownForm,
                      "form " + form.to_string() + " is not in this device's scope");
  };
  if (!station_id.empty() && form.station_id != station_id) return unknown();
  for (const auto& station : stations) {
    if (station.id != form.station_id) continue;
    for (const auto& contest : station.contests) {
      if (contest.unit_id != form.unit_id) continue;
      auto unit = units.find(contest.unit_id);
      if (unit == units.end()) return unknown();
      return &unit->second;
    }
  }
  return unknown();
}

// The server loaded and checked the whole definition (load_election_definition) before
// sending this subset; the device reads the parts it needs to check edits: stations with
// their contests, units with their seats and candidates.
Result<ReferenceData> parse_reference_data(const ReferenceJson& reference) {
  ReferenceData data;
  auto schema = engine::load_form_schema(reference.form_schema);
  if (!schema.ok()) return std::move(schema).error();
  data.schema = std::move(schema).value();

  boost::system::error_code ec;
  json::value root = json::parse(reference.election, ec);
  if (ec || !root.is_object()) {
    return make_error(ErrorDomain::kDefinition, ErrorCode::kDefinitionParse,
                      "reference data from the server: election definition is not a JSON object" +
                          (ec ? ": " + ec.message() : std::string()));
  }
  const auto& definition = root.get_object();
  auto units = array_member(definition, "units", "definition");
  if (!units.ok()) return std::move(units).error();
  for (std::size_t i = 0; i < units.value()->size(); ++i) {
    std::string where = "units[" + std::to_string(i) + "]";
    const auto* object = (*units.value())[i].if_object();
    if (object == nullptr) return bad_reference(where + " must be an object");
    engine::ElectoralUnit unit;
    auto id = string_member(*object, "id", where);
    if (!id.ok()) return std::move(id).error();
    unit.id = std::move(id).value();
    auto level = string_member(*object, "level", where);
    if (!level.ok()) return std::move(level).error();
    unit.level_id = std::move(level).value();
    if (const auto* name = object->if_contains("name"); name && name->is_string()) {
      unit.name = std::string(name->get_string());
    }
    const auto* seats = object->if_contains("seats");
    if (seats == nullptr || !seats->is_int64()) return bad_reference(where + ".seats must be an integer");
    unit.seats = static_cast<int>(seats->get_int64());
    auto candidates = array_member(*object, "candidates", where);
    if (!candidates.ok()) return std::move(candidates).error();
    for (std::size_t c = 0; c < candidates.value()->size(); ++c) {
      std::string candidate_where = where + ".candidates[" + std::to_string(c) + "]";
      const auto* candidate = (*candidates.value())[c].if_object();
      if (candidate == nullptr) return bad_reference(candidate_where + " must be an object");
      auto candidate_id = string_member(*candidate, "id", candidate_where);
      if (!candidate_id.ok()) return std::move(candidate_id).error();
      auto candidate_name = string_member(*candidate, "name", candidate_where);
      if (!candidate_name.ok()) return std::move(candidate_name).error();
      unit.candidates.push_back(
          engine::Candidate{std::move(candidate_id).value(), std::move(candidate_name).value(), {}});
    }
    std::string key = unit.id;
    data.units.emplace(std::move(key), std::move(unit));
  }

  auto stations = array_member(definition, "stations", "definition");
  if (!stations.ok()) return std::move(stations).error();
  for (std::size_t i = 0; i < stations.value()->size(); ++i) {
    std::string where = "stations[" + std::to_string(i) + "]";
    const auto* object = (*stations.value())[i].if_object();
    if (object == nullptr) return bad_reference(where + " must be an object");
    engine::PollingStation station;
    auto id = string_member(*object, "id", where);
    if (!id.ok()) return std::move(id).error();
    station.id = std::move(id).value();
    auto contests = array_member(*object, "contests", where);
    if (!contests.ok()) return std::move(contests).error();
    for (std::size_t c = 0; c < contests.value()->size(); ++c) {
      std::string contest_where = where + ".contests[" + std::to_string(c) + "]";
      const auto* contest = (*contests.value())[c].if_object();
      if (contest == nullptr) return bad_reference(contest_where + " must be an object");
      auto level = string_member(*contest, "level", contest_where);
      if (!level.ok()) return std::move(level).error();
      auto unit = string_member(*contest, "unit", contest_where);
      if (!unit.ok()) return std::move(unit).error();
      if (!data.units.contains(unit.value())) {
        return bad_reference(contest_where + ".unit " + unit.value() + " is not a unit");
      }
      station.contests.push_back(
          engine::StationContest{std::move(level).value(), std::move(unit).value(), 0});
    }
    data.stations.push_back(std::move(station));
  }
  return data;
}

}  // namespace tally::client

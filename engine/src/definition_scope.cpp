#include "tally/engine/definition_scope.hpp"

#include <boost/json.hpp>
#include <set>

namespace tally::engine {

namespace json = boost::json;

Result<std::string> definition_json_for_station(std::string_view definition_json,
                                                std::string_view station_id) {
  json::error_code error;
  json::value document = json::parse(definition_json, error);
  const auto refuse = [](const std::string& message) {
    return make_error(ErrorDomain::kDefinition, ErrorCode::kDefinitionParse, message);
  };
  if (error || !document.is_object()) return refuse("the definition is not a JSON object");
  json::object& definition = document.as_object();
  const auto* stations = definition.if_contains("stations");
  const auto* units = definition.if_contains("units");
  if (stations == nullptr || !stations->is_array() || units == nullptr || !units->is_array()) {
    return refuse("the definition has no \"stations\" and \"units\" arrays");
  }
  json::array kept_stations;
  std::set<std::string, std::less<>> unit_ids;
  for (const auto& station : stations->get_array()) {
    const auto* id = station.is_object() ? station.get_object().if_contains("id") : nullptr;
    if (id == nullptr || !id->is_string() || id->get_string() != station_id) continue;
    kept_stations.push_back(station);
    const auto* contests = station.get_object().if_contains("contests");
    if (contests == nullptr || !contests->is_array()) continue;
    for (const auto& contest : contests->get_array()) {
      const auto* unit = contest.is_object() ? contest.get_object().if_contains("unit") : nullptr;
      if (unit != nullptr && unit->is_string()) unit_ids.emplace(unit->get_string());
    }
  }
  if (kept_stations.empty()) {
    return make_error(ErrorDomain::kDefinition, ErrorCode::kUnknownId,
                      "station '" + std::string(station_id) + "' is not in the definition");
  }
  json::array kept_units;
  for (const auto& unit : units->get_array()) {
    const auto* id = unit.is_object() ? unit.get_object().if_contains("id") : nullptr;
    if (id != nullptr && id->is_string() && unit_ids.count(std::string_view(id->get_string())) != 0) {
      kept_units.push_back(unit);
    }
  }
  definition["stations"] = std::move(kept_stations);
  definition["units"] = std::move(kept_units);
  return json::serialize(document);
}

}  // namespace tally::engine

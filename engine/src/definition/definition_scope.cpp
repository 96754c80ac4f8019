#include "tally/engine/definition_scope.hpp"

#include <boost/json.hpp>
#include <map>
#include <set>

namespace tally::engine {

namespace json = boost::json;

// The definition without its stations and units, and those by id. A station keeps the
// positions (in the original "units" array) of the units it votes in.
struct DefinitionScope::Index {
  json::object base;  // "stations" and "units" are empty arrays here
  struct Station {
    json::value value;
    std::set<std::size_t> units;  // positions in `units`
  };
  std::map<std::string, Station, std::less<>> stations;
  std::vector<json::value> units;
};

namespace {

const json::string* id_of(const json::value& item, const char* member = "id") {
  const auto* id = item.is_object() ? item.get_object().if_contains(member) : nullptr;
  return id != nullptr && id->is_string() ? &id->get_string() : nullptr;
}

}  // namespace

Result<DefinitionScope> DefinitionScope::parse(std::string_view definition_json) {
  json::error_code error;
  json::value document = json::parse(definition_json, error);
  const auto refuse = [](const std::string& message) {
    return make_error(ErrorCode::kDefinitionParse, message);
  };
  if (error || !document.is_object()) return refuse("the definition is not a JSON object");
  json::object& definition = document.as_object();
  auto* stations = definition.if_contains("stations");
  auto* units = definition.if_contains("units");
  if (stations == nullptr || !stations->is_array() || units == nullptr || !units->is_array()) {
    return refuse("the definition has no \"stations\" and \"units\" arrays");
  }
  auto index = std::make_shared<Index>();
  std::map<std::string, std::size_t, std::less<>> unit_position;
  for (auto& unit : units->get_array()) {
    if (const auto* id = id_of(unit)) unit_position.emplace(std::string(*id), index->units.size());
    index->units.push_back(std::move(unit));
  }
  for (auto& station : stations->get_array()) {
    const auto* id = id_of(station);
    if (id == nullptr) continue;
    Index::Station& kept = index->stations[std::string(*id)];
    const auto* contests = station.get_object().if_contains("contests");
    if (contests != nullptr && contests->is_array()) {
      for (const auto& contest : contests->get_array()) {
        const auto* unit = id_of(contest, "unit");
        if (unit == nullptr) continue;
        auto found = unit_position.find(std::string_view(*unit));
        if (found != unit_position.end()) kept.units.insert(found->second);
      }
    }
    // A repeated station id (the loader refuses it) keeps its first entry.
    if (kept.value.is_null()) kept.value = std::move(station);
  }
  definition["stations"] = json::array();
  definition["units"] = json::array();
  index->base = std::move(definition);
  DefinitionScope scope;
  scope.index_ = std::move(index);
  return scope;
}

Result<std::string> DefinitionScope::for_station(std::string_view station_id) const {
  auto station = index_ ? index_->stations.find(station_id) : decltype(index_->stations.end()){};
  if (!index_ || station == index_->stations.end()) {
    return make_error(ErrorCode::kUnknownId,
                      "station '" + std::string(station_id) + "' is not in the definition");
  }
  json::object scoped = index_->base;
  json::array units;
  for (const auto position : station->second.units) units.push_back(index_->units[position]);
  scoped["stations"] = json::array{station->second.value};
  scoped["units"] = std::move(units);
  return json::serialize(scoped);
}

Result<std::string> definition_json_for_station(std::string_view definition_json,
                                                std::string_view station_id) {
  auto scope = DefinitionScope::parse(definition_json);
  if (!scope) return std::move(scope).error();
  return scope->for_station(station_id);
}

}  // namespace tally::engine

// ElectionState: the documents of the console's overview and of the public pages.
#include <boost/json.hpp>

#include "core/election_state.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/names.hpp"
#include "tally/engine/record_hash.hpp"
#include "tally/engine/records_json.hpp"

namespace tally::server {

namespace json = boost::json;

namespace {

// The district a station is listed under: its unit at the election's second level (the
// first, for an election of one level).
const engine::ElectoralUnit* district_of(const engine::ElectionDefinition& election,
                                         const engine::PollingStation& station) {
  if (election.levels().empty()) return nullptr;
  const std::size_t level = std::min<std::size_t>(1, election.levels().size() - 1);
  const engine::StationContest* contest = election.contest(station, level);
  return contest == nullptr ? nullptr : election.unit(contest->unit_id);
}

// The record's values as the records file writes them (tally-records/1).
json::value values_json(const std::string& election_id, const engine::StationRecord& record) {
  json::value file = json::parse(engine::records_to_json(election_id, {record}));
  return file.at("records").as_array().at(0).at("values");
}

}  // namespace

json::value ElectionState::reporting_levels_json() const {
  const engine::ElectionDefinition& election = reference_.election();
  json::array levels;
  for (std::size_t level = 0; level < election.levels().size(); ++level) {
    std::size_t expected = 0;
    std::size_t reported = 0;
    json::array districts;
    for (const std::size_t unit_index : election.units_of_level(level)) {
      const engine::ElectoralUnit& unit = election.units()[unit_index];
      const auto& stations = election.stations_of_unit(unit_index);
      std::size_t unit_reported = 0;
      for (const std::size_t station : stations) {
        const FormView* view = form(engine::FormId{election.stations()[station].id, unit.id});
        if (view != nullptr && view->status.stage == engine::FormStage::kAccepted) {
          ++unit_reported;
        }
      }
      expected += stations.size();
      reported += unit_reported;
      districts.push_back(json::object{{"unit", unit.id},
                                       {"name", unit.name},
                                       {"stations_expected", stations.size()},
                                       {"stations_reported", unit_reported}});
    }
    levels.push_back(json::object{{"level", election.levels()[level].id},
                                  {"name", election.levels()[level].name},
                                  {"stations_expected", expected},
                                  {"stations_reported", reported},
                                  {"districts", std::move(districts)}});
  }
  return levels;
}

json::value ElectionState::public_stations_json() const {
  const engine::ElectionDefinition& election = reference_.election();
  json::array stations;
  for (const auto& station : election.stations()) {
    const engine::ElectoralUnit* district = district_of(election, station);
    stations.push_back(
        json::object{{"id", station.id},
                     {"name", station.name},
                     {"district", district ? json::value(district->id) : nullptr},
                     {"district_name", district ? json::value(district->name) : nullptr}});
  }
  return json::object{{"stations", std::move(stations)}};
}

json::value ElectionState::public_station_json(std::string_view station_id) const {
  const engine::ElectionDefinition& election = reference_.election();
  const engine::PollingStation* station = election.station(station_id);
  if (station == nullptr) return nullptr;
  json::array levels;
  for (const auto& contest : station->contests) {
    const engine::FormId id{station->id, contest.unit_id};
    const engine::ElectoralUnit* unit = election.unit(contest.unit_id);
    const engine::Level* level = election.level(contest.level_id);
    const FormView* view = form(id);
    json::object entry{{"level", contest.level_id},
                       {"level_name", level ? json::value(level->name) : nullptr},
                       {"unit", contest.unit_id},
                       {"unit_name", unit ? json::value(unit->name) : nullptr},
                       {"form", id.to_string()},
                       {"status", view ? engine::to_string(view->status.stage) : "missing"},
                       {"values", nullptr},
                       {"hash", nullptr},
                       {"log_index", nullptr}};
    // Only an accepted record is published: a draft or flagged one may still change, and
    // its conflicting values are for the supervisors.
    if (view != nullptr && view->status.stage == engine::FormStage::kAccepted) {
      entry["values"] = values_json(election.id(), view->record);
      entry["hash"] = engine::to_hex(engine::record_values_hash(view->record));
      if (const std::uint64_t index = accepted_submission_index(id); index != 0) {
        entry["log_index"] = index;
      }
    }
    levels.push_back(std::move(entry));
  }
  const engine::ElectoralUnit* district = district_of(election, *station);
  return json::object{{"station", station->id},
                      {"name", station->name},
                      {"district", district ? json::value(district->id) : nullptr},
                      {"levels", std::move(levels)}};
}

}  // namespace tally::server

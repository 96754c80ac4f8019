#include "tally/engine/tally_json.hpp"

#include <boost/json.hpp>

#include "tally/engine/json_layout.hpp"

namespace tally::engine {

namespace json = boost::json;

namespace {

json::array string_array(const std::vector<std::string>& items) {
  json::array array;
  for (const std::string& item : items) array.push_back(json::string(item));
  return array;
}

json::object province_json(const ProvinceSummary& province) {
  return json::object{{"units", province.units},
                      {"units_complete", province.units_complete},
                      {"seats", province.seats},
                      {"seats_filled", province.seats_filled},
                      {"seats_undecided", province.seats_undecided},
                      {"units_revote", province.units_revote},
                      {"units_supplementary", province.units_supplementary},
                      {"units_tied", province.units_tied},
                      {"forms_reported", province.forms_reported},
                      {"forms_expected", province.forms_expected},
                      {"stations_reported", province.stations_reported},
                      {"stations_complete", province.stations_complete},
                      {"stations_expected", province.stations_expected}};
}

json::object level_json(const Level& level, const LevelSummary& summary) {
  return json::object{{"level", summary.level_id},
                      {"name", level.name},
                      {"units", summary.units},
                      {"units_complete", summary.units_complete},
                      {"seats", summary.seats},
                      {"seats_filled", summary.seats_filled},
                      {"seats_undecided", summary.seats_undecided},
                      {"units_revote", summary.units_revote},
                      {"units_supplementary", summary.units_supplementary},
                      {"units_tied", summary.units_tied},
                      {"stations_reported", summary.stations_reported},
                      {"stations_expected", summary.stations_expected},
                      {"registered", summary.registered},
                      {"voted", summary.voted},
                      {"turnout_percent", format_basis_points(summary.turnout_basis_points())},
                      {"valid", summary.valid},
                      {"invalid", summary.invalid},
                      {"valid_percent", format_basis_points(summary.valid_basis_points())}};
}

json::object unit_json(const ElectoralUnit& unit, const UnitTally& tally) {
  const UnitTotals& totals = tally.totals;
  const UnitResult& result = tally.result;
  json::object votes;
  for (const auto& [candidate, count] : totals.votes) votes[candidate] = count;
  return json::object{{"unit", unit.id},
                      {"level", unit.level_id},
                      {"name", unit.name},
                      {"state", unit_state_name(result.state)},
                      {"stations_reported", totals.stations_reported},
                      {"stations_expected", totals.stations_expected},
                      {"registered", totals.registered},
                      {"voted", totals.voted},
                      {"turnout_percent", format_basis_points(totals.turnout_basis_points())},
                      {"valid", totals.valid},
                      {"invalid", totals.invalid},
                      {"valid_percent", format_basis_points(totals.valid_basis_points())},
                      {"votes", std::move(votes)},
                      {"seats", result.seats},
                      {"seats_filled", result.seats_filled()},
                      {"winners", string_array(result.winners)},
                      {"tied", string_array(result.tied)},
                      {"seats_undecided", result.seats_undecided},
                      {"supplementary_needed", result.supplementary_needed},
                      {"revote_needed", result.revote_needed()}};
}

}  // namespace

std::string_view unit_state_name(UnitState state) {
  switch (state) {
    case UnitState::kNoResults:
      return "no_results";
    case UnitState::kRevoteNeeded:
      return "revote_needed";
    case UnitState::kDecided:
      return "decided";
  }
  return "no_results";
}

std::string tally_to_json(const ElectionDefinition& definition, const TallyReport& report) {
  json::array levels;
  for (std::size_t l = 0; l < report.levels.size(); ++l) {
    levels.push_back(level_json(definition.levels()[l], report.levels[l]));
  }
  json::array units;
  for (std::size_t u = 0; u < report.units.size(); ++u) {
    units.push_back(unit_json(definition.units()[u], report.units[u]));
  }
  json::object document;
  document["format"] = kTallyFormat;
  document["election"] = definition.id();
  document["province"] = province_json(report.province);
  document["levels"] = std::move(levels);
  document["units"] = std::move(units);
  return layout_document(document);
}

}  // namespace tally::engine

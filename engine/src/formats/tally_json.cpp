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
                      {"second_round_units", province.second_round_units},
                      {"second_round_seats", province.second_round_seats},
                      {"second_round_seats_filled", province.second_round_seats_filled},
                      {"units_final", province.units_final},
                      {"forms_reported", province.forms_reported},
                      {"forms_expected", province.forms_expected},
                      {"stations_reported", province.stations_reported},
                      {"stations_complete", province.stations_complete},
                      {"stations_expected", province.stations_expected}};
}

// The members one round's figures have, on polling day (the level's own) and in the
// second round.
void put_round_figures(json::object& object, const RoundFigures& round) {
  object["units"] = round.units;
  object["units_complete"] = round.units_complete;
  object["seats"] = round.seats;
  object["seats_filled"] = round.seats_filled;
  object["seats_undecided"] = round.seats_undecided;
  object["units_tied"] = round.units_tied;
  object["stations_reported"] = round.stations_reported;
  object["stations_expected"] = round.stations_expected;
  object["registered"] = round.registered;
  object["voted"] = round.voted;
  object["turnout_percent"] = format_basis_points(round.turnout_basis_points());
  object["valid"] = round.valid;
  object["invalid"] = round.invalid;
  object["valid_percent"] = format_basis_points(round.valid_basis_points());
}

json::object level_json(const Level& level, const LevelSummary& summary) {
  json::object object{{"level", summary.level_id}, {"name", level.name}};
  put_round_figures(object, summary);
  object["units_revote"] = summary.units_revote;
  object["units_supplementary"] = summary.units_supplementary;
  json::object second_round;
  put_round_figures(second_round, summary.second_round);
  object["second_round"] = std::move(second_round);
  object["seats_filled_all_rounds"] = summary.seats_filled_all_rounds();
  object["units_final"] = summary.units_final;
  object["final"] = summary.final();
  return object;
}

// Which round the unit is: 1 with its second round's unit id (or null), or 2 with the
// first-round unit it completes and why.
void put_round(json::object& object, const ElectionDefinition& definition,
               const std::vector<UnitTally>& units, std::size_t unit_index) {
  const ElectoralUnit& unit = definition.units()[unit_index];
  object["round"] = unit.round();
  if (unit.round_of) {
    object["round_of"] = unit.round_of->unit_id;
    object["round_kind"] = round_kind_name(unit.round_of->kind);
    return;
  }
  auto second = definition.second_round_unit(unit_index);
  object["second_round"] =
      second ? json::value(json::string(definition.units()[*second].id)) : json::value(nullptr);
  object["elected_all_rounds"] = string_array(elected_all_rounds(definition, units, unit_index));
  object["final"] = unit_result_final(definition, units, unit_index);
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
    json::object unit = unit_json(definition.units()[u], report.units[u]);
    put_round(unit, definition, report.units, u);
    units.push_back(std::move(unit));
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

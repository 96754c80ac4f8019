#include "tally/engine/tally_csv.hpp"

#include <algorithm>

#include "tally/engine/csv.hpp"
#include "tally/engine/tally_json.hpp"

namespace tally::engine {

namespace {

std::string yes_no(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end() ? "yes" : "no";
}

}  // namespace

std::string tally_to_csv(const ElectionDefinition& definition, const TallyReport& report) {
  std::string csv;
  append_csv_row(csv, {"level",
                       "level_name",
                       "unit",
                       "unit_name",
                       "round",
                       "state",
                       "stations_reported",
                       "stations_expected",
                       "registered",
                       "voted",
                       "turnout_percent",
                       "valid",
                       "invalid",
                       "valid_percent",
                       "seats",
                       "seats_filled",
                       "candidate",
                       "candidate_name",
                       "votes",
                       "elected",
                       "tied"});
  for (std::size_t u = 0; u < report.units.size() && u < definition.units().size(); ++u) {
    const ElectoralUnit& unit = definition.units()[u];
    const UnitTotals& totals = report.units[u].totals;
    const UnitResult& result = report.units[u].result;
    const Level* level = definition.level(unit.level_id);
    for (const Candidate& candidate : unit.candidates) {
      const auto votes = totals.votes.find(candidate.id);
      append_csv_row(csv, {unit.level_id,
                           level != nullptr ? level->name : std::string{},
                           unit.id,
                           unit.name,
                           std::to_string(unit.round()),
                           std::string(unit_state_name(result.state)),
                           std::to_string(totals.stations_reported),
                           std::to_string(totals.stations_expected),
                           std::to_string(totals.registered),
                           std::to_string(totals.voted),
                           format_basis_points(totals.turnout_basis_points()),
                           std::to_string(totals.valid),
                           std::to_string(totals.invalid),
                           format_basis_points(totals.valid_basis_points()),
                           std::to_string(result.seats),
                           std::to_string(result.seats_filled()),
                           candidate.id,
                           candidate.name,
                           std::to_string(votes != totals.votes.end() ? votes->second : 0),
                           yes_no(result.winners, candidate.id),
                           yes_no(result.tied, candidate.id)});
    }
  }
  return csv;
}

}  // namespace tally::engine

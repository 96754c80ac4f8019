#include "check.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "tally/engine/percent.hpp"
#include "tally/engine/tally.hpp"

namespace tally::engine::dataset {

namespace {

// Winners hold at least this share of the unit's valid ballots, everyone else at most the
// other (basis points): clear of the 50% line either way.
constexpr std::int64_t kWinnerFloor = 5'300;
constexpr std::int64_t kLoserCeiling = 4'800;

// Thrown inside the check only; check_dataset() turns it into an Error.
struct CheckFailed {
  std::string what;
};

void require(bool holds, const std::string& what) {
  if (!holds) throw CheckFailed{what};
}

Count value(const StationRecord& record, const char* field) {
  const Count* count = record.count(field);
  require(count != nullptr, record.form.to_string() + ": no " + field);
  return count == nullptr ? 0 : *count;
}

const VoteMap& votes_of(const StationRecord& record) {
  static const VoteMap kNoVotes;
  const VoteMap* votes = record.votes(fields::kVotes);
  require(votes != nullptr, record.form.to_string() + ": no votes");
  return votes == nullptr ? kNoVotes : *votes;
}

void check_record(const StationRecord& record, int seats) {
  const std::string form = record.form.to_string();
  Count registered = value(record, fields::kRegistered);
  Count voted = value(record, fields::kVoted);
  Count received = value(record, fields::kReceived);
  Count valid = value(record, fields::kValid);
  require(registered >= kMinimumStationSize && registered <= kMaximumStationSize,
          form + ": " + std::to_string(registered) + " voters, not 300–4,000");
  require(voted >= 0 && voted <= registered, form + ": voted > registered");
  require(received <= value(record, fields::kIssued), form + ": received > issued");
  require(received == voted, form + ": received ≠ voted");
  require(valid >= 0 && value(record, fields::kInvalid) >= 0 &&
              valid + value(record, fields::kInvalid) == received,
          form + ": valid + invalid ≠ received");
  Count sum = 0;
  for (const auto& [candidate, votes] : votes_of(record)) {
    require(votes >= 0 && votes <= valid, form + ": votes of " + candidate + " out of range");
    sum += votes;
  }
  require(sum <= valid * seats, form + ": votes exceed valid × seats");
  require(value(record, fields::kComplaintsResolved) >= 0 &&
              value(record, fields::kComplaintsForwarded) >= 0 &&
              value(record, fields::kComplaintsResolved) +
                      value(record, fields::kComplaintsForwarded) <=
                  value(record, fields::kComplaintsReceived),
          form + ": complaints inconsistent");
}

// Checks one unit's outcome; returns the seats it fills.
int check_unit(const Unit& unit, const UnitPlan& plan, Count registered, Count voted, Count valid,
               const std::vector<Count>& votes) {
  require(2 * voted > registered, unit.id + ": turnout not above half");
  std::vector<std::size_t> above;
  for (std::size_t c = 0; c < votes.size(); ++c) {
    bool planned_above = plan.share[c] > 5'000;
    require(planned_above ? votes[c] * 10'000 >= kWinnerFloor * valid
                          : votes[c] * 10'000 <= kLoserCeiling * valid,
            unit.id + ": " + unit.candidates[c].id + " is not clear of half the valid ballots");
    if (planned_above) above.push_back(c);
  }
  std::sort(above.begin(), above.end(), [&](std::size_t a, std::size_t b) {
    if (votes[a] != votes[b]) return votes[a] > votes[b];
    return unit.candidates[a].birth_date < unit.candidates[b].birth_date;
  });
  for (std::size_t i = 1; i < above.size(); ++i) {
    if (votes[above[i]] != votes[above[i - 1]]) continue;
    const PlannedTie* tie = plan.tie ? &*plan.tie : nullptr;
    require(tie != nullptr && above[i - 1] == tie->older && above[i] == tie->younger &&
                static_cast<int>(i) == unit.seats,
            unit.id + ": equal votes that no planned tie for the last seat explains");
    require(unit.candidates[tie->older].birth_date < unit.candidates[tie->younger].birth_date,
            unit.id + ": the tied candidates are not of different ages");
  }
  int filled = std::min(unit.seats, static_cast<int>(above.size()));
  require(filled == plan.seats_filled, unit.id + ": fills " + std::to_string(filled) +
                                           " seats, planned " + std::to_string(plan.seats_filled));
  return filled;
}

// Every station of a unit lies in one district (provincial, district units) or one
// commune (commune units).
void check_nesting(const Geography& geography, std::size_t level, const Unit& unit) {
  const Station& first = geography.stations[unit.stations.front()];
  for (std::size_t s : unit.stations) {
    const Station& station = geography.stations[s];
    require(level == kNa || station.district == first.district,
            unit.id + ": stations in more than one district");
    require(level != kCommune || station.commune == first.commune,
            unit.id + ": stations in more than one commune");
  }
}

std::vector<DatasetLevelFigures> check(const Geography& geography, const Plans& plans,
                                       const std::vector<StationRecord>& records) {
  require(static_cast<std::int64_t>(geography.stations.size()) == kStations,
          std::to_string(geography.stations.size()) + " stations");
  std::vector<DatasetLevelFigures> figures;
  for (std::size_t level = 0; level < kLevels; ++level) {
    DatasetLevelFigures& level_figures = figures.emplace_back();
    level_figures.level_id = std::string(kLevelIds[level]);
    const std::vector<Unit>& units = geography.units[level];
    for (std::size_t u = 0; u < units.size(); ++u) {
      const Unit& unit = units[u];
      check_nesting(geography, level, unit);
      Count registered = 0;
      Count voted = 0;
      Count valid = 0;
      std::vector<Count> votes(unit.candidates.size(), 0);
      for (std::size_t s : unit.stations) {
        const StationRecord& record = records[s * kLevels + level];
        require(record.form.unit_id == unit.id, record.form.to_string() + ": wrong unit");
        check_record(record, unit.seats);
        registered += value(record, fields::kRegistered);
        voted += value(record, fields::kVoted);
        valid += value(record, fields::kValid);
        for (std::size_t c = 0; c < votes.size(); ++c) {
          votes[c] += votes_of(record).at(unit.candidates[c].id);
        }
      }
      int filled = check_unit(unit, plans[level][u], registered, voted, valid, votes);
      level_figures.units += 1;
      level_figures.seats += unit.seats;
      level_figures.seats_filled += filled;
      if (needs_supplementary_election(kLevelKinds[level], unit.seats, filled))
        ++level_figures.units_supplementary;
      level_figures.registered += registered;
      level_figures.voted += voted;
    }
    const LevelTarget& target = kLevelTargets[level];
    require(level_figures.units == target.units &&
                level_figures.seats_filled == target.seats_filled &&
                level_figures.units_supplementary == target.units_supplementary,
            level_figures.level_id + ": units, seats filled or supplementary elections off target");
  }
  require(basis_points(figures[kNa].voted, figures[kNa].registered) == kNaTurnoutBasisPoints,
          "NA turnout off target");
  require(basis_points(figures[kProvincial].voted, figures[kProvincial].registered) ==
              kProvincialTurnoutBasisPoints,
          "provincial turnout off target");
  return figures;
}

}  // namespace

Result<std::vector<DatasetLevelFigures>> check_dataset(const Geography& geography,
                                                       const Plans& plans,
                                                       const std::vector<StationRecord>& records) {
  try {
    return check(geography, plans, records);
  } catch (const CheckFailed& failure) {
    return make_error(ErrorCode::kInternal, "data set self-check failed: " + failure.what);
  }
}

}  // namespace tally::engine::dataset

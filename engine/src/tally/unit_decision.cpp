// The law applied to one unit's totals: validity, winners, ties, supplementary election.
#include <algorithm>
#include <cstddef>

#include "tally/engine/tally.hpp"

namespace tally::engine {
namespace {

struct Standing {
  const Candidate* candidate;
  Count votes;
};

// Most votes first; equal votes: older (smaller birth date) first; then by id, so that
// the order never depends on the candidate list's order in the file.
bool ranks_before(const Standing& a, const Standing& b) {
  if (a.votes != b.votes) return a.votes > b.votes;
  if (a.candidate->birth_date != b.candidate->birth_date) {
    return a.candidate->birth_date < b.candidate->birth_date;
  }
  return a.candidate->id < b.candidate->id;
}

// Equal on everything the law looks at: votes and birth date.
bool tied_by_law(const Standing& a, const Standing& b) {
  return a.votes == b.votes && a.candidate->birth_date == b.candidate->birth_date;
}

}  // namespace

bool needs_supplementary_election(LevelKind kind, int seats, int seats_filled) {
  if (kind == LevelKind::kNationalAssembly) return seats_filled < seats;
  return 3 * seats_filled < 2 * seats;
}

UnitResult decide_unit(const ElectoralUnit& unit, LevelKind kind, const UnitTotals& totals) {
  UnitResult result;
  result.unit_id = unit.id;
  result.seats = unit.seats;
  if (totals.stations_reported == 0) return result;
  const bool second_round = unit.round_of.has_value();
  if (!second_round && 2 * totals.voted <= totals.registered) {
    result.state = UnitState::kRevoteNeeded;
    return result;
  }
  result.state = UnitState::kDecided;

  std::vector<Standing> above_half;
  for (const Candidate& candidate : unit.candidates) {
    auto it = totals.votes.find(candidate.id);
    Count votes = it == totals.votes.end() ? 0 : it->second;
    if (2 * votes > totals.valid) above_half.push_back(Standing{&candidate, votes});
  }
  std::sort(above_half.begin(), above_half.end(), ranks_before);

  auto seats = static_cast<std::size_t>(std::max(unit.seats, 0));
  std::size_t elected = std::min(seats, above_half.size());
  if (above_half.size() > seats && seats > 0 &&
      tied_by_law(above_half[seats - 1], above_half[seats])) {
    // The last seat is contested by candidates the law cannot separate: every seat from
    // the first of them on is left to the election committee.
    std::size_t first = seats - 1;
    while (first > 0 && tied_by_law(above_half[first - 1], above_half[seats])) --first;
    std::size_t end = seats + 1;
    while (end < above_half.size() && tied_by_law(above_half[end], above_half[seats])) ++end;
    for (std::size_t i = first; i < end; ++i) result.tied.push_back(above_half[i].candidate->id);
    result.seats_undecided = static_cast<int>(seats - first);
    elected = first;
  }
  for (std::size_t i = 0; i < elected; ++i) result.winners.push_back(above_half[i].candidate->id);
  result.supplementary_needed =
      !second_round && needs_supplementary_election(kind, unit.seats,
                                                    result.seats_filled() + result.seats_undecided);
  return result;
}

}  // namespace tally::engine

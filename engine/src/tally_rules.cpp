// The law's decisions for one electoral unit (Art. 78–80), in integer arithmetic.
#include <algorithm>

#include "tally/engine/tally.hpp"

namespace tally::engine {

bool needs_supplementary_election(LevelKind kind, int seats, int seats_filled) {
  if (kind == LevelKind::kNationalAssembly) return seats_filled < seats;
  return 3 * seats_filled < 2 * seats;  // fewer than two thirds of the seats filled
}

UnitResult decide_unit(const ElectoralUnit& unit, LevelKind kind, const UnitTotals& totals) {
  UnitResult result;
  result.complete = totals.stations_reported == totals.stations_expected;
  if (totals.stations_reported == 0) return result;
  // Art. 78(1): valid only if more than half of the unit's voters voted.
  if (2 * totals.voted <= totals.registered) {
    result.status = UnitStatus::kRevoteNeeded;
    return result;
  }
  result.status = UnitStatus::kElected;

  // Art. 78(2): a winner needs more than half of the valid ballots.
  std::vector<std::size_t> above_half;
  for (std::size_t i = 0; i < unit.candidates.size() && i < totals.votes.size(); ++i) {
    if (2 * totals.votes[i] > totals.valid) above_half.push_back(i);
  }
  // Most votes first; among equal votes the older (earlier birth date) first. Candidates
  // equal on both stay adjacent and are resolved below, never by file order.
  auto ranks_before = [&](std::size_t a, std::size_t b) {
    if (totals.votes[a] != totals.votes[b]) return totals.votes[a] > totals.votes[b];
    return unit.candidates[a].birth_date < unit.candidates[b].birth_date;
  };
  std::sort(above_half.begin(), above_half.end(), [&](std::size_t a, std::size_t b) {
    return ranks_before(a, b) || (!ranks_before(b, a) && a < b);  // deterministic order only
  });

  const auto seats = static_cast<std::size_t>(unit.seats);
  if (above_half.size() <= seats) {
    result.winners = above_half;
  } else {
    // The first seats-1 ranks are settled; the last seat goes to rank seats-1 unless the
    // next candidate is level with it on votes and birth date (Art. 78(3)).
    std::size_t last = seats - 1;
    auto level_with = [&](std::size_t a, std::size_t b) {
      return !ranks_before(a, b) && !ranks_before(b, a);
    };
    if (!level_with(above_half[last], above_half[seats])) {
      result.winners.assign(above_half.begin(), above_half.begin() + static_cast<long>(seats));
    } else {
      std::size_t first_tied = last;
      while (first_tied > 0 && level_with(above_half[first_tied - 1], above_half[last])) {
        --first_tied;
      }
      result.winners.assign(above_half.begin(), above_half.begin() + static_cast<long>(first_tied));
      for (std::size_t i = first_tied; i < above_half.size(); ++i) {
        if (level_with(above_half[i], above_half[last])) {
          result.tied_for_committee.push_back(above_half[i]);
        }
      }
    }
  }
  result.seats_filled = static_cast<int>(result.winners.size());
  // Art. 79. Seats left to the committee by a tie count as not filled here; the unit is
  // flagged (tied_for_committee) so the committee's decision comes before any announcement.
  result.supplementary_needed = needs_supplementary_election(kind, unit.seats, result.seats_filled);
  return result;
}

std::int64_t basis_points(Count part, Count whole) {
  if (whole <= 0) return 0;
  // part * 10000 fits easily: counts are bounded far below 2^49.
  return (part * 20000 + whole) / (2 * whole);
}

std::string format_percent(std::int64_t basis_points) {
  std::int64_t hundredths = basis_points % 100;
  return std::to_string(basis_points / 100) + (hundredths < 10 ? ".0" : ".") +
         std::to_string(hundredths);
}

}  // namespace tally::engine

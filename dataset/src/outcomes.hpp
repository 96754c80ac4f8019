// Candidates for every unit and the outcome the data set plans for each: how many seats its
// first round fills, which candidates win and roughly with what share of the valid ballots.
// The station records (dataset_records.hpp) are then counted to realise these plans.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "geography.hpp"
#include "random.hpp"

namespace tally::engine::dataset {

// Two candidates of one unit, both above half of the valid ballots, given exactly equal
// votes for the unit's last seat: the law gives it to the older one.
struct PlannedTie {
  std::size_t younger = 0;
  std::size_t older = 0;
};

// The planned outcome of one unit.
struct UnitPlan {
  int seats_filled = 0;
  // Target share of the unit's valid ballots per candidate, in basis points: winners
  // (and a planned tie's pair) above 5,000, everyone else below.
  std::vector<std::int64_t> share;
  std::optional<PlannedTie> tie;
};

using Plans = std::array<std::vector<UnitPlan>, kLevels>;

// Adds candidates to every unit: the minimum the law asks (Art. 57(6), 58(3)), sometimes
// one more; names distinct within a unit; birth dates 1955–1998.
void nominate_candidates(Random& random, Geography& geography);

// Plans every unit's outcome: commune units short of seats per kCommuneShortUnits, one
// commune unit with a tie for its last seat decided by age, all other units fully filled.
Plans plan_outcomes(Random& random, Geography& geography);

}  // namespace tally::engine::dataset

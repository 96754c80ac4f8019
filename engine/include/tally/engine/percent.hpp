// Exact percentages for published figures (turnout, valid ballots).
//
// Published figures are compared to two decimals, so they are computed from integers:
// no floating point between a count and the printed "99.68". Used by the tally's
// summaries, the offline tally command, the dashboard and the verifier.
#pragma once

#include <string>

#include "tally/engine/record.hpp"

namespace tally::engine {

// part / whole in basis points (hundredths of a percent), rounded half up:
// 9968 for 99.68 %. 0 when whole is 0 or either is negative. Exact for every pair of
// counts (computed in 128 bits); a ratio above the largest Count saturates.
Count basis_points(Count part, Count whole);

// basis_points as text with two decimals: "99.68", "100.00", "0.05".
std::string format_basis_points(Count basis_points);

// format_basis_points(basis_points(part, whole)).
std::string format_percent(Count part, Count whole);

}  // namespace tally::engine

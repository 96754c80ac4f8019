// The tally as text for people: one row per level (units, seats, seats filled, voters on the
// lists, voted, turnout, valid, invalid, valid share), then the units that need a
// supplementary election (Art. 79), a re-vote (Art. 80) or the election committee (a tie of
// equal birth dates).
//
// Printed by the offline tally tool (tally-offline) and the election-night demo. Pure.
#pragma once

#include <string>

#include "tally/engine/definition.hpp"
#include "tally/engine/tally.hpp"

namespace tally::engine {

// `report` (a tally of `definition`) as an aligned plain-text table, ending with a newline.
// Counts carry thousands separators ("934,918"), percentages two decimals ("99.67%").
std::string tally_to_table(const ElectionDefinition& definition, const TallyReport& report);

// 934918 → "934,918"; -1200 → "-1,200".
std::string with_thousands(Count count);

}  // namespace tally::engine

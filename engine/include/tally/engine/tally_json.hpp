// The tally file, format "tally-result/1" (docs/formats.md): a TallyReport as JSON, with
// the election's id and the names it needs to be read on its own.
//
// Written by the offline tally tool (tally-offline --json); the exports and the auditor's
// verifier publish and compare tallies in this form. Pure: the caller writes the file.
#pragma once

#include <string>
#include <string_view>

#include "tally/engine/definition.hpp"
#include "tally/engine/tally.hpp"

namespace tally::engine {

// The "format" member every tally file carries.
inline constexpr std::string_view kTallyFormat = "tally-result/1";

// Writes `report` (a tally of `definition`, units and levels in definition order).
// Deterministic: members in a fixed order, votes by candidate id, percentages as exact
// two-decimal strings ("99.68"); province on one line, then one line per level and per unit.
std::string tally_to_json(const ElectionDefinition& definition, const TallyReport& report);

// A unit's state as tally files name it: "no_results", "revote_needed" or "decided".
std::string_view unit_state_name(UnitState state);

}  // namespace tally::engine

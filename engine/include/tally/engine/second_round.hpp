// The second round polling day's tally calls for (Art. 79 and 80), derived from the first
// round's tally and the definition alone, and the definition that includes it.
//
// tallyd derives it when an operator opens the round (`tallyd round open`), records it
// in the audit log, and serves the extended definition; `tallyd verify` derives it again
// from the tally the log gives at that point and compares. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/tally.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// One unit that votes again.
struct SecondRoundUnit {
  std::string unit_id;  // the new unit: second_round_unit_id(of_unit)
  std::string of_unit;  // the first-round unit
  RoundKind kind = RoundKind::kSupplementary;
  int seats = 0;  // a re-vote: all the unit's seats; a supplementary election: those unfilled
  std::vector<std::string> candidates;  // ids, in the first-round unit's order
  bool operator==(const SecondRoundUnit&) const = default;
};

// What the tally calls for, and what keeps it from being final yet.
struct SecondRoundPlan {
  std::vector<SecondRoundUnit> units;  // in definition order
  // Units of the plan whose stations have not all reported: their first-round result may
  // still change, so tallyd refuses to open the round unless forced.
  std::vector<std::string> unreported;
  // Units that need a supplementary election but have no unelected candidate left to
  // stand: the committee must act (they are not in `units`).
  std::vector<std::string> without_candidates;
  bool operator==(const SecondRoundPlan&) const = default;
};

// The second round `definition` holds (empty if none), in definition order.
std::vector<SecondRoundUnit> second_round_units(const ElectionDefinition& definition);

// "<unit>-R2": the id of a first-round unit's second-round unit.
std::string second_round_unit_id(std::string_view first_round_unit_id);

// For every first-round unit of `first_round` (a tally over `definition`):
//   - re-vote needed (Art. 80): the same candidates, all the unit's seats;
//   - supplementary election needed (Art. 79): only the candidates neither elected nor
//     tied for a seat left to the committee stand, for the seats neither filled nor left
//     to the committee.
// Refuses (kRoundInvalid) a definition that already has a second round: there is no third.
Result<SecondRoundPlan> plan_second_round(const ElectionDefinition& definition,
                                          const TallyReport& first_round);

// The definition document `definition_json` (the text `definition` was loaded from) with
// the plan's units appended to "units" (each with "round": {"of", "kind"} and its
// candidates as the first round lists them) and, for every station of a first-round unit
// in the plan, a contest in its second-round unit with the same voter list. Laid out like
// the committed definitions (json_layout.hpp) and loaded again before it is returned, so
// a plan the law refuses comes back as the loader's error.
Result<std::string> definition_with_second_round(std::string_view definition_json,
                                                 const ElectionDefinition& definition,
                                                 const std::vector<SecondRoundUnit>& units);

// The definition document without its second round: the units with a "round" member and
// the station contests in them removed, laid out as definition_with_second_round lays it
// out, so that adding the same second round back gives the same text. A log is replayed
// from polling day's definition even when the data directory or an export holds the
// definition with the second round. Refuses text that is not a definition (kDefinitionParse,
// kDefinitionInvalid).
Result<std::string> first_round_definition_json(std::string_view definition_json);

}  // namespace tally::engine

// Loading and checking an election definition (docs/election-definition.md).
//
// Used by tallyd at init, by the client with the reference data it receives, by the
// offline tools and by the verifier. Pure: the caller reads the file.
#pragma once

#include <string_view>

#include "tally/engine/definition.hpp"
#include "tally/error.hpp"

namespace tally::engine {

inline constexpr std::string_view kElectionFormat = "tally-election/1";

// Parses and checks a definition. Every refusal names the offending member by its JSON
// path and says which rule it breaks, e.g. "units[12].candidates: unit PROV-03 has 3 seats
// and 4 candidates; a People's Council unit with 3 seats needs at least 5 (Art. 58(3))".
Result<ElectionDefinition> load_election_definition(std::string_view json);

// Smallest number of candidates the law allows for a unit of `seats` seats at a level of
// `kind` (Art. 57(6) for the National Assembly, Art. 58(3) for People's Councils).
int minimum_candidates(LevelKind kind, int seats);

// Largest number of seats a unit of a level of `kind` may have (3 NA, 5 councils).
int maximum_seats(LevelKind kind);

}  // namespace tally::engine

// Loading an election definition from its JSON file (docs/election-definition.md).
//
// Used by the server and the offline tools at start-up, by the verifier and by tests.
// Everything is checked against the election law before a definition is returned; an
// error names the offending item by its JSON path, e.g.
//   units[12].candidates: unit PROV-03 has 3 seats and 4 candidates; a People's Council
//   unit with 3 seats needs at least 5 (Art. 58(3))
#pragma once

#include <string_view>

#include "tally/engine/definition.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// The one format this loader reads.
inline constexpr std::string_view kElectionDefinitionFormat = "tally-election/1";

// Parses and checks a "tally-election/1" document. Errors are in ErrorDomain::kDefinition:
// kDefinitionParse (malformed JSON, with line and column), kDefinitionInvalid (wrong type,
// missing or unknown member, unknown format, bad date or id, level count, negative voter
// list, level without units), kDuplicateId, kUnknownId, kSeatsOutOfRange,
// kTooFewCandidates, kStationUnitMismatch (a station without exactly one contest per
// level in level order, a contest whose unit belongs to another level, or a unit no
// station votes in), kRoundInvalid (a second-round unit that breaks Art. 79 / 80 against
// its first-round unit: seats, candidates, a third round).
Result<ElectionDefinition> load_election_definition(std::string_view json);

}  // namespace tally::engine

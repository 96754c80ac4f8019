// An election definition cut down to one polling station: the same document (format,
// id, levels, schema) with only that station and the electoral units it votes in.
//
// tallyd sends it to an officer's device in Welcome instead of the whole province (a
// device only ever edits its own station's forms), so that a device neither downloads nor
// parses nor stores megabytes of other stations' reference data on every connection. The
// result loads with load_election_definition like any definition. Pure.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::engine {

// A definition parsed once and indexed by station and unit, so that cutting it down to
// one station costs only that station's part (tallyd cuts one per officer's Welcome:
// parsing the whole definition for each of 10,000 stations would cost minutes).
// Immutable; copies share the index.
class DefinitionScope {
 public:
  // Refuses JSON that is not a definition object with "stations" and "units" arrays
  // (kDefinitionParse).
  static Result<DefinitionScope> parse(std::string_view definition_json);

  // The definition restricted to `station_id` and its units, members in the original
  // order; kUnknownId for a station the definition lacks.
  [[nodiscard]] Result<std::string> for_station(std::string_view station_id) const;

 private:
  struct Index;
  std::shared_ptr<const Index> index_;
};

// The definition JSON restricted to `station_id` and its units (one parse, one cut).
// Refuses JSON that is not a definition object (kDefinitionParse) and an unknown station
// (kUnknownId).
Result<std::string> definition_json_for_station(std::string_view definition_json,
                                                std::string_view station_id);

}  // namespace tally::engine

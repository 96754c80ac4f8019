// An election definition cut down to one polling station: the same document (format,
// id, levels, schema) with only that station and the electoral units it votes in.
//
// tallyd sends it to an officer's device in Welcome instead of the whole province (a
// device only ever edits its own station's forms), so that a device neither downloads nor
// parses nor stores megabytes of other stations' reference data on every connection. The
// result loads with load_election_definition like any definition. Pure.
#pragma once

#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::engine {

// The definition JSON restricted to `station_id` and its units. Refuses JSON that is not
// a definition object (kDefinitionParse) and an unknown station (kUnknownId).
Result<std::string> definition_json_for_station(std::string_view definition_json,
                                                std::string_view station_id);

}  // namespace tally::engine

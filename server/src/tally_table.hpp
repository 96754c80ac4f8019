// The tally as a table for `tallyd tally` (the JSON document of /api/v1/tally, format
// tally-results/1 in docs/operations.md).
#pragma once

#include <boost/json/value.hpp>
#include <ostream>

namespace tally::server {

// One line per level, then one line per unit that is decided or needs attention.
void print_tally_table(const boost::json::value& tally, std::ostream& out);

}  // namespace tally::server

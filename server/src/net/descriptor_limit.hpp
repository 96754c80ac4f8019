// The process's file-descriptor limit, raised and checked by `tallyd serve` before it
// listens: every connection is a descriptor, so --max-connections must fit under it.
#pragma once

#include <cstddef>

#include "tally/error.hpp"

namespace tally::server {

// Raises the soft RLIMIT_NOFILE to the hard one (the common soft default of 1,024 would
// run out long before --max-connections) and returns the limit now in force.
Result<std::size_t> raise_descriptor_limit();

// The connection cap to serve with: `max_connections` when it fits under `limit` with
// kDescriptorReserve left for the store and the logs. One that does not fit is refused
// (kInvalidArgument, naming the flag and both figures) when the operator `given` it, and
// lowered to what fits when it is the default.
Result<std::size_t> fit_connection_limit(std::size_t max_connections, bool given,
                                         std::size_t limit);

}  // namespace tally::server

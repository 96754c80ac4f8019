// A small fixed pool for the night's set-up work (fetching enrolment codes, opening and
// enrolling devices): every item of [0, count) once, on a few threads, with the number
// finished reported while it runs and the first failure returned. Used by the roster and
// the device fleet.
#pragma once

#include <cstddef>
#include <functional>

#include "tally/error.hpp"

namespace tally::demo {

// Does the work of one item; false stops the pool (the error is returned).
using ItemWork = std::function<Status(std::size_t item)>;

// Runs `threads` threads; each calls `make_worker` once (for state of its own, an HTTP
// connection say) and then the work it returns for items taken in turn until none is left
// or one failed. `progress` gets the count of finished items on the calling thread, about
// five times a second and once at the end. Returns the first failure, if any.
Status for_each_item(std::size_t count, std::size_t threads,
                     const std::function<ItemWork()>& make_worker,
                     const std::function<void(std::size_t finished)>& progress);

}  // namespace tally::demo

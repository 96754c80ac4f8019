// Hybrid logical clocks (Kulkarni et al., "Logical Physical Clocks", 2014).
//
// Devices stamp every op they make with hlc_now(); the server and devices advance their
// clock with hlc_observe() when ops arrive. The stamp orders history for display and
// the skew against the receiver's wall clock is recorded there; an HLC never decides
// which value a field holds (docs/sync-model.md). Pure: the wall clock is passed in.
#pragma once

#include <cstdint>

#include "tally/engine/op.hpp"

namespace tally::engine {

// The stamp for a local event (an edit) after `last`, given the wall clock `wall_ms`.
// The result is strictly greater than `last`, and its physical part is at least
// `wall_ms`, so a clock that jumps backwards never makes history run backwards.
Hlc hlc_now(Hlc last, std::uint64_t wall_ms);

// The local clock after receiving a message stamped `remote`: strictly greater than both
// `local` and `remote`. A remote clock hours ahead pulls the physical part forward (the
// logical counter then absorbs local events until the wall clock catches up); this is
// why the stamp is only used for display order.
Hlc hlc_observe(Hlc local, Hlc remote, std::uint64_t wall_ms);

// The remote stamp's physical time minus the receiver's wall clock, in signed
// milliseconds: positive when the sender's clock runs ahead. Recorded in history.
std::int64_t hlc_skew_ms(Hlc remote, std::uint64_t local_wall_ms);

}  // namespace tally::engine

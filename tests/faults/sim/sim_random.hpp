// The simulation's only source of randomness: the tests' seeded SplitMix64 generator.
//
// Every random choice of a simulated schedule (faults, latencies, edits, backoff, key
// seeds, nonces) is drawn from generators seeded from the schedule's seed, so a schedule
// replays exactly from its seed. Used by every file of tests/faults/sim.
#pragma once

#include "seeded_rng.hpp"

namespace tally::sim {

using Rng = testkit::SeededRng;

}  // namespace tally::sim

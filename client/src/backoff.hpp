// Reconnect backoff with full jitter (AWS architecture blog, "Exponential Backoff And
// Jitter"): the n-th retry waits a uniformly random time in [0, min(cap, base * 2^n)].
// Internal to the sync thread; constants in tally/client/tuning.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace tally::client {

// The ceiling of the wait before retry `attempt` (0-based): min(cap, base * 2^attempt).
std::chrono::milliseconds backoff_ceiling(unsigned attempt, std::chrono::milliseconds base,
                                          std::chrono::milliseconds cap);

// A random wait in [0, backoff_ceiling(attempt)].
std::chrono::milliseconds backoff_delay(unsigned attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, std::mt19937_64& random);

}  // namespace tally::client

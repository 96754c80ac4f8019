// The simulation's only source of randomness: a seeded SplitMix64 generator.
//
// Every random choice of a simulated schedule (faults, latencies, edits, backoff, key
// seeds, nonces) is drawn from generators seeded from the schedule's seed, so a schedule
// replays exactly from its seed. Used by every file of tests/faults/sim.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tally::sim {

// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and good enough to pick schedules.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }
  // Uniform in [low, high].
  std::uint64_t between(std::uint64_t low, std::uint64_t high) {
    return low + below(high - low + 1);
  }
  bool chance(std::uint64_t percent) { return below(100) < percent; }
  // A generator for a sub-component, independent of later draws from this one.
  Rng fork() { return Rng(next()); }

 private:
  std::uint64_t state_;
};

}  // namespace tally::sim
